"""A sitting's agenda in the secretariat (`/secretary/sessions/{ident}/agenda`): the editor
of the draft (items in order, each with its reporter, time and length), and its adoption
as the body's rulebook says (a motion moved in a delegate's name and put to the body from
the chair's console, or the chair's declaration). The items are then taken up from the
console (`_chair_agenda.html`).

Every answer, success or refusal, is drawn in the agenda's own answer slot, below the form
that asked; a refused draft keeps what was typed.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from smolny.domain import commands as c
from smolny.domain.errors import Forbidden, Invalid, Refusal
from smolny.record import kinds as k
from smolny.service.app import Principal, Smolny
from smolny.service.permissions import PERMISSIONS
from smolny.service.views import bodies, sessions, sitting_papers
from smolny.web.i18n import _, ngettext
from smolny.web.screens import common as screens
from smolny.web.screens import secretary as sec

router = APIRouter(include_in_schema=False)

MAX_ITEMS = 200


def agenda_context(app: Smolny, ident: str) -> dict[str, Any]:
    """The agenda of session `ident` as the page draws it."""
    detail = sessions.session(app, ident)
    body = bodies.secretariat_body(app, detail["body"], set())
    motion = detail["agenda_motion"]
    pending = (
        motion["id"] if motion and motion["status"] in ("moved", "pending", "voting") else None
    )
    draft = detail["agenda_draft"]
    return {
        "session": {"id": detail["id"], "title": detail["title"]},
        "body": {"slug": body["slug"], "name": body["name"]},
        "open": detail["state"] == "open",
        "adopted": detail["agenda_adopted"],
        "adoption": detail["agenda_adoption"] or "vote",
        "rulebook": bodies.rulebook_names(app).get(detail["rulebook"], detail["rulebook"]),
        "adopted_items": detail["agenda"],
        "current": detail["current_item"],
        "draft": draft,
        "editing": draft or [{}],
        "motion_pending": pending,
        "movers": [{"id": d["id"], "name": d["name"]} for d in body["delegates"] if d["voting"]][
            :2000
        ],
        # a congress's admitted motions and composites not on the draft (None: no papers)
        "papers": sitting_papers.agenda_papers(app, ident),
    }


def _may(who: Principal) -> dict[str, bool]:
    return {act: who.role in PERMISSIONS[act] for act in PERMISSIONS}


@router.get("/secretary/sessions/{ident}/agenda", response_class=HTMLResponse)
async def agenda_page(request: Request, ident: str) -> HTMLResponse:
    """The agenda's page: the draft and its adoption, or the adopted agenda."""
    try:
        who = await sec.viewer(request)
        context = await run_in_threadpool(agenda_context, sec.service(request), ident)
    except Refusal as exc:
        return sec.denied(request, exc)
    zone = bodies.time_zone(sec.service(request), session=ident)
    response = screens.render(
        request,
        "secretary_agenda.html",
        {"agenda": context, "who": who, "may": _may(who), **zone},
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _typed(form: FormData) -> list[dict[str, str]]:
    """The items as typed, in order (empty rows left out), to show again if refused."""
    columns = {
        k: [str(v) for v in form.getlist(k)]
        for k in ("item", "title", "reporter", "starts", "minutes")
    }
    count = len(columns["title"])
    if count > MAX_ITEMS:
        raise Invalid("agenda-long", f"an agenda has at most {MAX_ITEMS} items", field="items")
    typed = []
    for n in range(count):
        row = {k: (v[n].strip() if n < len(v) else "") for k, v in columns.items()}
        if any(row[k] for k in ("title", "reporter", "starts", "minutes")):
            typed.append(row)
    return typed


def _items(typed: list[dict[str, str]]) -> tuple[c.AgendaDraftItem, ...]:
    """The items as the command takes them; a length that is not a whole number refused."""
    items: list[c.AgendaDraftItem] = []
    for n, row in enumerate(typed):
        minutes = row["minutes"]
        if minutes and not (minutes.isdecimal() and len(minutes) <= 4):
            raise Invalid(
                "agenda-minutes",
                _("Item %(num)s: the minutes are a whole number.", num=n + 1),
                field=f"items[{n}].minutes",
            )
        items.append(
            c.AgendaDraftItem(
                title=row["title"],
                reporter=row["reporter"] or None,
                starts=row["starts"] or None,
                minutes=int(minutes) if minutes else None,
                item=row["item"] or None,
            )
        )
    return tuple(items)


async def _answer(
    request: Request,
    ident: str,
    who: Principal,
    answer: str | None = None,
    refusal: Refusal | None = None,
    typed: list[dict[str, str]] | None = None,
    asked: str = "draft",
) -> HTMLResponse:
    context = await run_in_threadpool(agenda_context, sec.service(request), ident)
    if typed:
        context["editing"] = typed
    return screens.render(
        request,
        "secretary_agenda_part.html",
        {
            "agenda": context,
            "may": _may(who),
            "asked": asked,
            "answer": answer,
            "refusal": (
                {"rule": refusal.rule, "reason": refusal.message, "values": refusal.values}
                if refusal
                else None
            ),
        },
        status=refusal.status if refusal is not None else 200,
    )


@router.post("/secretary/sessions/{ident}/agenda", response_class=HTMLResponse)
async def draft(request: Request, ident: str) -> HTMLResponse:
    """Save the draft agenda; the editor comes back with the answer below it."""
    who = await screens.login_required(request)
    typed: list[dict[str, str]] = []
    try:
        screens.check_page_act(request)
        sec.allowed(who, "agenda.draft")
        form = await screens.form(request, max_bytes=sec.FORM_MAX_BYTES, max_fields=6 * MAX_ITEMS)
        typed = _typed(form)
        items = _items(typed)
        entries = await run_in_threadpool(
            sec.service(request).execute, c.DraftAgenda(ident, items), who
        )
    except Refusal as exc:
        if isinstance(exc, Forbidden) and not typed:
            return screens.refusal(request, exc)
        return await _answer(request, ident, who, refusal=exc, typed=typed)
    count = len(entries[0].data["items"])
    message = ngettext(
        "The draft is saved: %(num)d item.", "The draft is saved: %(num)d items.", count
    )
    return await _answer(request, ident, who, answer=message)


@router.post("/secretary/sessions/{ident}/agenda/papers", response_class=HTMLResponse)
async def from_papers(request: Request, ident: str) -> HTMLResponse:
    """Add the congress's admitted motions and composites to the draft: those ticked, or
    (asked for all) every one not on it, in number order; each item linked to its paper."""
    who = await screens.login_required(request)
    try:
        screens.check_page_act(request)
        sec.allowed(who, "agenda.draft")
        form = await screens.form(request, max_bytes=sec.FORM_MAX_BYTES, max_fields=MAX_ITEMS + 2)
        chosen = () if form.get("all") else tuple(str(v) for v in form.getlist("paper"))
        if not chosen and not form.get("all"):
            raise Invalid("papers", _("Tick the motions to add, or add them all."), field="paper")
        entries = await run_in_threadpool(
            sec.service(request).execute, c.AgendaFromPapers(ident, chosen), who
        )
    except Refusal as exc:
        if isinstance(exc, Forbidden):
            return screens.refusal(request, exc)
        return await _answer(request, ident, who, refusal=exc)
    added = [i["paper"] for i in entries[0].data["items"] if i.get("paper")]
    message = _(
        "On the draft: %(papers)s. Save the draft to change its order.", papers=", ".join(added)
    )
    return await _answer(request, ident, who, answer=message)


@router.post("/secretary/sessions/{ident}/agenda/adopt", response_class=HTMLResponse)
async def adopt(request: Request, ident: str) -> HTMLResponse:
    """Adopt the draft: by the chair's declaration, or a motion moved in a delegate's name."""
    who = await screens.login_required(request)
    console = False  # asked from the chair's console: a short answer for its agenda part
    try:
        screens.check_page_act(request)
        sec.allowed(who, "agenda.adopt")
        form = await sec.read_form(request)
        console = sec.field(form, "from") == "console"
        mover = sec.field(form, "mover") or None
        if mover is not None:  # by id, number or full name, as the console's fields take it
            mover = sessions.SessionRefs(sec.service(request), ident).delegate(mover, "mover")
        entries = await run_in_threadpool(
            sec.service(request).execute, c.AdoptAgenda(ident, mover=mover), who
        )
    except Refusal as exc:
        if isinstance(exc, Forbidden) and not console:
            return screens.refusal(request, exc)
        if console:
            return _short(request, refusal=exc)
        return await _answer(request, ident, who, refusal=exc, asked="adopt")
    if any(e.kind == k.AGENDA_ADOPTED for e in entries):
        message = _("The agenda is adopted. The chair takes up its items from the console.")
    else:
        message = _(
            "The adoption of the agenda is moved: the chair puts it to the body from the console."
        )
    if console:
        return _short(request, answer=message)
    return await _answer(request, ident, who, answer=message, asked="adopt")


def _short(
    request: Request, answer: str | None = None, refusal: Refusal | None = None
) -> HTMLResponse:
    said = None
    if refusal is not None:
        said = {"rule": refusal.rule, "reason": refusal.message, "values": refusal.values}
    return screens.render(
        request,
        "secretary_answer.html",
        {"answer": answer, "refusal": said},
        status=refusal.status if refusal is not None else 200,
    )
