"""A body's page in the secretariat (`/secretary/bodies/{slug}`): its roll of delegates
searched and paged, each delegate corrected in place, several at once by the bulk acts;
its factions, sessions, imports, slips and credentials.

Every answer is drawn beside the form that asked, success or refusal (never in the page's
top slot, far from the view): the roll's row for an edit, the bulk bar for a bulk act.
`static/secretary.js` moves the focus to it and its live region announces it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from smolny.domain import commands as c
from smolny.domain.errors import Forbidden, Invalid, NotFound, Refusal
from smolny.service.app import Principal, Smolny
from smolny.service.permissions import PERMISSIONS
from smolny.service.views import bodies, roll
from smolny.web.i18n import _, ngettext
from smolny.web.screens import common as screens
from smolny.web.screens import secretary as sec

router = APIRouter(include_in_schema=False)

FILTERS = ("q", "faction", "sent_by", "status")


def _filters(values: dict[str, str]) -> dict[str, str]:
    return {key: str(values.get(key, "")).strip()[:200] for key in FILTERS}


def _page_number(value: object) -> int:
    text = str(value or "").strip()
    return int(text) if text.isdecimal() and len(text) < 7 else 1


def roll_context(app: Smolny, slug: str, filters: dict[str, str], page: int) -> dict[str, Any]:
    """The roll's page as the templates draw it (`roll`), with its query for the pager."""
    found = roll.delegates_page(
        app,
        slug,
        app.accounts.coded(),
        query=filters["q"],
        faction=filters["faction"],
        sent_by=filters["sent_by"],
        status=filters["status"],
        page=page,
    )
    return {"roll": found, "roll_query": urlencode({k: v for k, v in filters.items() if v})}


def _may(who: Principal) -> dict[str, bool]:
    return {act: who.role in PERMISSIONS[act] for act in PERMISSIONS}


def _refusal(exc: Refusal) -> dict[str, str]:
    return {"rule": exc.rule, "reason": exc.message, "values": exc.values}


# -- the page and its parts ------------------------------------------------------------------


@router.get("/secretary/bodies/{slug}", response_class=HTMLResponse)
async def body_page(request: Request, slug: str, page: str = "") -> HTMLResponse:
    """A body's page: the roll (filtered by `?q=&faction=&sent_by=&status=`, paged by
    `?page=`), its factions, sessions, imports, slips and credentials."""
    try:
        who = await sec.viewer(request)
        app = sec.service(request)
        filters = _filters(dict(request.query_params))
        context = await run_in_threadpool(roll_context, app, slug, filters, _page_number(page))
        summary = bodies.secretariat_body(app, slug, set())
    except Refusal as exc:
        return sec.denied(request, exc)
    summary["delegates_count"] = context["roll"]["total"]
    context.update(bodies.credentials(app, slug))
    context.update(bodies.time_zone(app, slug))  # the times shown, in the body's zone
    context.update({"who": who, "may": _may(who), "body": summary})
    response = screens.render(request, "secretary_body_page.html", context)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/secretary/bodies/{slug}/roll", response_class=HTMLResponse)
async def roll_part(request: Request, slug: str, page: str = "") -> HTMLResponse:
    """The roll alone, for the search and the pager."""
    try:
        who = await sec.viewer(request)
        filters = _filters(dict(request.query_params))
        context = await run_in_threadpool(
            roll_context, sec.service(request), slug, filters, _page_number(page)
        )
    except Refusal as exc:
        return sec.denied(request, exc)
    context["may"] = _may(who)
    # the header's counts, drawn again with the roll (out of band): an import from another
    # screen shows there as in the roll
    context.update(body=sec.body_summary(sec.service(request), slug), summary_oob=True)
    response = screens.render(request, "secretary_roll.html", context)
    # the address bar says what is shown (the body's page, so filtered and paged), without
    # a new entry in the history for each search or live refresh
    query = context["roll_query"]
    page_shown = context["roll"]["page"]
    address = f"/secretary/bodies/{slug}?{query}{'&' if query else ''}page={page_shown}"
    response.headers["HX-Replace-Url"] = address
    return response


@router.get("/secretary/bodies/{slug}/factions", response_class=HTMLResponse)
async def factions_part(request: Request, slug: str) -> HTMLResponse:
    try:
        await sec.viewer(request)
        body = bodies.secretariat_body(sec.service(request), slug, set())
    except Refusal as exc:
        return sec.denied(request, exc)
    return screens.render(request, "secretary_factions.html", {"body": body})


@router.get("/secretary/bodies/{slug}/sessions", response_class=HTMLResponse)
async def sessions_part(request: Request, slug: str) -> HTMLResponse:
    try:
        await sec.viewer(request)
        body = bodies.secretariat_body(sec.service(request), slug, set())
    except Refusal as exc:
        return sec.denied(request, exc)
    return screens.render(request, "secretary_sessions.html", {"body": body})


def _delegate(app: Smolny, slug: str, ident: str) -> dict[str, Any]:
    found = roll.delegate(app, slug, ident, app.accounts.coded())
    if found is None:
        raise NotFound("unknown-delegate", f"{ident!r} is not a delegate of {slug}")
    return found


async def _row(
    request: Request, slug: str, ident: str, template: str, **extra: Any
) -> HTMLResponse:
    try:
        who = await sec.viewer(request)
        app = sec.service(request)
        found = _delegate(app, slug, ident)
        factions = roll.delegates_page(app, slug, set(), per_page=1)["factions"]
    except Refusal as exc:
        return sec.denied(request, exc)
    status = extra.pop("status", 200)
    context = {"body": {"slug": slug}, "d": found, "factions": factions, "may": _may(who)}
    return screens.render(request, template, {**context, **extra}, status=status)


@router.get("/secretary/bodies/{slug}/delegates/{delegate}/row", response_class=HTMLResponse)
async def delegate_row(request: Request, slug: str, delegate: str) -> HTMLResponse:
    """One delegate's row of the roll (an edit cancelled)."""
    return await _row(request, slug, delegate, "secretary_delegate_row.html")


@router.get("/secretary/bodies/{slug}/delegates/{delegate}/edit", response_class=HTMLResponse)
async def delegate_editor(request: Request, slug: str, delegate: str) -> HTMLResponse:
    """One delegate's row, opened for editing."""
    return await _row(request, slug, delegate, "secretary_delegate_edit.html")


# -- acts: one delegate, several ---------------------------------------------------------------


def _change(ident: str, form: FormData) -> c.DelegateChange:
    faction = sec.field(form, "faction")
    voting = sec.field(form, "voting")
    if voting not in ("yes", "no"):
        raise Invalid("voting", _("Choose voting or consultative."), field="voting")
    weight = sec.whole(form, "weight")
    if weight is None:
        raise Invalid("weight", _("The weight is a whole number from 1."), field="weight")
    return c.DelegateChange(
        ident,
        name=sec.field(form, "name"),
        faction=faction if faction not in ("", "-") else None,
        no_faction=faction == "-",
        voting=voting == "yes",
        weight=weight,
    )


# (the bulk act's route first: "bulk" is not a delegate's id)
BULK_ACTS = ("faction", "voting", "consultative")


def _bulk_command(slug: str, form: FormData) -> tuple[c.Command, int]:
    chosen = [str(v) for v in form.getlist("delegates")]
    if not chosen:
        raise Invalid("no-delegates", _("Select the delegates first."), field="delegates")
    action = sec.field(form, "action")
    if action not in BULK_ACTS:
        raise Invalid("action", _("Choose what to do with the selected delegates."))
    if action == "faction":
        faction = sec.field(form, "to_faction")
        if not faction:
            raise Invalid("faction", _("Choose the faction first."), field="to_faction")
        changes = tuple(
            c.DelegateChange(
                d, faction=None if faction == "-" else faction, no_faction=faction == "-"
            )
            for d in chosen
        )
    else:
        changes = tuple(c.DelegateChange(d, voting=action == "voting") for d in chosen)
    return c.AmendDelegates(slug, changes), len(chosen)


@router.post("/secretary/bodies/{slug}/delegates/bulk", response_class=HTMLResponse)
async def bulk(request: Request, slug: str) -> HTMLResponse:
    """A bulk act on the delegates selected in the roll: a faction (or none), a vote, a
    voice; the roll comes back with the answer in its bulk bar."""
    who = await screens.login_required(request)
    app = sec.service(request)
    answer: str | None = None
    refusal: dict[str, str] | None = None
    status = 200
    filters = {k: "" for k in FILTERS}
    page = 1
    try:
        screens.check_page_act(request)
        sec.allowed(who, "delegates.amend")
        form = await sec.read_form(request)
        filters = _filters({k: sec.field(form, f"filter_{k}") for k in FILTERS})
        page = _page_number(sec.field(form, "page"))
        command, chosen = _bulk_command(slug, form)
        entries = await run_in_threadpool(app.execute, command, who)
        changed = len(entries[0].data["delegates"])
        answer = ngettext("%(num)d delegate changed.", "%(num)d delegates changed.", changed)
        if changed < chosen:
            answer += " " + ngettext(
                "%(num)d was so already.", "%(num)d were so already.", chosen - changed
            )
    except Refusal as exc:
        if isinstance(exc, Forbidden):
            return screens.refusal(request, exc)
        refusal, status = _refusal(exc), exc.status
    try:
        context = await run_in_threadpool(roll_context, app, slug, filters, page)
    except Refusal as exc:
        return sec.denied(request, exc)
    context.update({"may": _may(who), "answer": answer, "refusal": refusal})
    return screens.render(request, "secretary_roll.html", context, status=status)


@router.post("/secretary/bodies/{slug}/delegates/{delegate}", response_class=HTMLResponse)
async def amend_delegate(request: Request, slug: str, delegate: str) -> HTMLResponse:
    """Correct one delegate: the row comes back, saying so; a refusal keeps the editor open
    with what was typed and the reason, by the form."""
    who = await screens.login_required(request)
    app = sec.service(request)
    values: dict[str, str] = {}
    try:
        screens.check_page_act(request)
        sec.allowed(who, "delegates.amend")
        form = await sec.read_form(request)
        values = {k: sec.field(form, k) for k in ("name", "faction", "voting", "weight")}
        values["faction"] = "" if values["faction"] == "-" else values["faction"]
        command = c.AmendDelegates(slug, (_change(delegate, form),))
        await run_in_threadpool(app.execute, command, who)
    except Refusal as exc:
        if exc.rule == "nothing-changed":
            return await _row(
                request, slug, delegate, "secretary_delegate_row.html", answer=_("Nothing changed.")
            )
        if isinstance(exc, Forbidden) and not values:
            return screens.refusal(request, exc)
        return await _row(
            request,
            slug,
            delegate,
            "secretary_delegate_edit.html",
            refusal=_refusal(exc),
            values=values,
            status=exc.status,
        )
    return await _row(request, slug, delegate, "secretary_delegate_row.html", answer=_("Saved."))
