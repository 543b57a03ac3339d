"""A congress's papers on the screens (issue 19, docs/papers.md): a council's page for its
secretary (`/papers/{congress}/councils/{council}`: the deadlines, submitting motions and
amendments with a preview of the text as amended, the council's papers, consents to
composites, instructions to its delegates) and the congress's papers for the secretariat and
the standing orders committee (`/papers/{congress}`: every paper with the moves the workflow
offers the viewer, recommendations, composites; `papers_committee`'s acts). `/papers` leads a
council's account to its council's page, anyone else to the congresses that take papers.

Every act is an htmx POST run through the service as the JSON API runs it, with the same
permission; its answer (done, or refused with the rule's reason) is drawn in the form's own
answer slot, which takes the focus and is announced (`static/secretary.js`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any
from urllib.parse import quote

from babel.dates import format_timedelta
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from smolny.domain import commands as c
from smolny.domain.errors import Forbidden, Invalid, Refusal
from smolny.service.app import Principal, Smolny
from smolny.service.permissions import PERMISSIONS, ROLE_ACTS
from smolny.service.views import paper_desk
from smolny.web import i18n
from smolny.web.i18n import _
from smolny.web.screens import common as screens
from smolny.web.screens import secretary

router = APIRouter(include_in_schema=False)

MAX_PREVIEW_BYTES = 100_000


def service(request: Request) -> Smolny:
    app: Smolny = request.app.state.smolny
    return app


def state_words() -> dict[str, str]:
    """The bundled workflow's states in the page's language (a workflow of one's own keeps
    its own names)."""
    return {
        "Submitted": _("Submitted"),
        "Admitted": _("Admitted"),
        "Ruled out of order": _("Ruled out of order"),
        "Ruling appealed to the congress": _("Ruling appealed to the congress"),
        "Out of order (the congress upheld the ruling)": _(
            "Out of order (the congress upheld the ruling)"
        ),
        "Composited": _("Composited"),
        "Referred to the executive": _("Referred to the executive"),
        "Withdrawn": _("Withdrawn"),
        "Adopted": _("Adopted"),
        "Rejected": _("Rejected"),
        "Proposed": _("Proposed, awaiting the movers' consent"),
    }


def words_for() -> dict[str, Any]:
    return {
        "STATES": state_words(),
        "STANCES": {"support": _("support"), "oppose": _("oppose"), "refer": _("refer")},
        "ROLES": {
            "secretariat": _("as the secretariat"),
            "committee": _("as the standing orders committee"),
            "congress": _("as the congress"),
            "mover": _("as the mover"),
        },
        "INSTRUCTIONS": {"for": _("vote for"), "against": _("vote against"), "free": _("free")},
        "CHANGES": {
            "replace": _("replace the paragraph"),
            "delete": _("delete the paragraph"),
            "insert-after": _("insert a new paragraph after it"),
        },
    }


def deadline(value: str | None) -> dict[str, Any] | None:
    """A deadline as the page says it: the moment, and the time left (or since)."""
    if not value:
        return None
    moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    left = moment - dt.datetime.now(dt.UTC)
    words = format_timedelta(
        left, granularity="minute", threshold=1.5, add_direction=True, locale=i18n.current()
    )
    return {"at": value, "left": words, "passed": left.total_seconds() <= 0}


async def viewer(request: Request) -> Principal:
    """The staff viewer of these pages (a delegate or anyone else is refused)."""
    who = await screens.login_required(request)
    if who.role not in secretary.VIEWERS:
        raise Forbidden(
            "staff-only", "the congress's papers are for its secretariat and its councils"
        )
    return who


def roles_of(who: Principal, council: str | None) -> frozenset[str]:
    """The roles of a workflow `who` may move papers in (an account attached to a council:
    only as the mover of its own)."""
    if council is not None:
        return frozenset({"mover"})
    return frozenset(r for r, act in ROLE_ACTS.items() if who.role in PERMISSIONS[act])


def congress_context(request: Request, who: Principal, congress: str) -> dict[str, Any]:
    """What the congress's page shows `who` (the moves: those of the roles they act in)."""
    app = service(request)
    roles = roles_of(who, paper_desk.account_council(app, who.id))
    desk = paper_desk.congress_desk(app, congress, roles)
    return {
        **desk,
        **words_for(),
        "motions_by": deadline(desk["deadlines"]["motions"]),
        "amendments_by": deadline(desk["deadlines"]["amendments"]),
        "may_secretariat": "secretariat" in roles,
        "may_committee": "committee" in roles,
        "base": f"/papers/{quote(congress)}",
    }


def redraw(request: Request, congress: str, council: str, slot: str, message: str) -> HTMLResponse:
    """Done: the page's papers redrawn (the council's on its page, else the congress's),
    what was done said in the answer slot `slot` among them."""
    who: Principal = request.state.papers_viewer
    if council:
        context = _council_context(service(request), who, congress, council)
        template, target = "_papers_council_papers.html", "#council-papers"
    else:
        context = congress_context(request, who, congress)
        template, target = "_papers_congress_list.html", "#papers-list"
    context.update(answer_slot=slot, message=message)
    return screens.render(
        request, template, context, headers={"HX-Retarget": target, "HX-Reswap": "innerHTML"}
    )


def in_language(request: Request) -> AbstractContextManager[None]:
    """Words written here (answers, states, the time left) in the page's language."""
    return i18n.active(i18n.choose(request))


def page_refused(request: Request, exc: Refusal) -> HTMLResponse:
    return secretary.denied(request, exc)


def answer(request: Request, slot: str, message: str, **extra: Any) -> HTMLResponse:
    """Done: said in the form's answer slot `slot` (by its id, wherever it is now)."""
    return screens.render(
        request,
        "_papers_answer.html",
        {"message": message, **extra},
        headers={"HX-Retarget": f"#{slot}", "HX-Reswap": "innerHTML"},
    )


def said(request: Request, exc: Refusal, form: FormData | None) -> str | None:
    """A refusal of a paper's act in the page's language, naming what the page names (the
    deadline written out, councils and delegates by name) rather than identifiers; None:
    the rule's own reason is said."""
    congress = request.path_params.get("congress", "")
    rule = exc.rule
    try:
        desk = paper_desk.congress_desk(service(request), congress, frozenset())
    except Refusal:
        return None
    deadlines = desk["deadlines"]
    if rule == "submission-deadline" and deadlines["motions"]:
        written = i18n.when(deadlines["motions"], "long")
        return _(
            "The deadline for motions was %(deadline)s: a late motion is taken only as an "
            "emergency motion.",
            deadline=written,
        )
    if rule == "amendment-deadline":
        written = i18n.when(deadlines["amendments"] or deadlines["motions"], "long")
        return _("The deadline for amendments was %(deadline)s.", deadline=written)
    if rule == "composite-consent":
        number = request.path_params.get("number", "")
        found = [p for p in desk["papers"] if p["number"] == number]
        if found:
            missing = [
                f"{m} ({found[0]['consent_councils'].get(m, '')})"
                for m in found[0]["motions"]
                if m not in found[0]["consents"]
            ]
            return _(
                "%(number)s needs the consent of every motion's movers: %(missing)s have not "
                "consented.",
                number=number,
                missing=", ".join(missing),
            )
    if rule == "instruction-sender" and form is not None:
        council = request.path_params.get("council", "")
        names = paper_desk.delegates_not_sent(
            service(request), congress, council, [str(d) for d in form.getlist("delegates")]
        )
        if names:
            return _(
                "Only the council that sent a delegate instructs them; this council did not "
                "send: %(names)s.",
                names=", ".join(names),
            )
    if rule == "no-such-paragraph" and form is not None:
        motion = field(form, "motion")
        found = [p for p in desk["papers"] if p["number"] == motion]
        if found:
            return _(
                "%(motion)s has paragraphs 1 to %(num)s: there is no paragraph %(asked)s.",
                motion=motion,
                num=len(found[0]["paragraphs"]),
                asked=field(form, "paragraph"),
            )
    if rule == "workflow-move":
        number = request.path_params.get("number", "")
        every = paper_desk.congress_desk(service(request), congress, frozenset(ROLE_ACTS))
        found = [p for p in every["papers"] if p["number"] == number]
        if found:
            states = state_words()
            ends = [states.get(m["to_name"], m["to_name"]) for m in found[0]["moves"]]
            here = states.get(found[0]["state_name"], found[0]["state_name"])
            return _(
                "From “%(state)s” the workflow moves a paper only to: %(states)s; each move "
                "by the role it names.",
                state=here,
                states=", ".join(ends) or "—",
            )
    words = {
        "reason-needed": _("Give the reason: the workflow asks for one for this move."),
        "council-account": _("This account works for its own council only."),
    }
    return words.get(rule or "")


def refused(
    request: Request, slot: str, exc: Refusal, form: FormData | None = None
) -> HTMLResponse:
    """Refused: the rule's reason in the form's answer slot, nothing recorded."""
    return screens.render(
        request,
        "_papers_answer.html",
        {"rule": exc.rule, "reason": exc.message, "said": said(request, exc, form)},
        status=exc.status if exc.status in (403, 404, 409, 413, 422) else 409,
        headers={"HX-Retarget": f"#{slot}", "HX-Reswap": "innerHTML"},
    )


async def act(
    request: Request,
    slot: str,
    acts: str | Callable[[FormData], str | tuple[str, ...]],
    build: Callable[[FormData], c.Command],
    then: Callable[[list[Any]], HTMLResponse],
) -> HTMLResponse:
    """One act from a page: logged in, sent by the page, allowed, read from the form, run
    through the service; a refusal is said in the form's answer slot."""
    who = await screens.login_required(request)
    request.state.papers_viewer = who
    screens.check_page_act(request)
    form: FormData | None = None
    try:
        form = await secretary.read_form(request)
        wanted = acts if isinstance(acts, str) else acts(form)
        options = (wanted,) if isinstance(wanted, str) else wanted
        mine = [a for a in options if who.role in PERMISSIONS[a]]
        secretary.allowed(who, mine[0] if mine else options[0])
        command = build(form)
        entries = await run_in_threadpool(service(request).execute, command, who)
    except Refusal as exc:
        with in_language(request):
            return refused(request, slot, exc, form)
    with in_language(request):  # what is said, in the page's language
        return then(entries)


def field(form: FormData, name: str) -> str:
    return str(form.get(name, "")).strip()


def lines(form: FormData, name: str) -> tuple[str, ...]:
    """A text area's lines, one a person (blank lines left out)."""
    return tuple(line.strip() for line in field(form, name).splitlines() if line.strip())


def paragraphs(form: FormData, name: str) -> tuple[str, ...]:
    """A text area's paragraphs: blocks separated by a blank line, their lines joined."""
    blocks: list[list[str]] = [[]]
    for line in field(form, name).splitlines():
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    return tuple(" ".join(b) for b in blocks if b)


def number_field(form: FormData, name: str, words: str) -> int:
    value = field(form, name)
    if not value.isdecimal() or len(value) > 6:
        raise Invalid(name, words, field=name)
    return int(value)


# -- /papers: where a council's account starts ------------------------------------------------


@router.get("/papers", response_class=HTMLResponse, response_model=None)
async def start(request: Request) -> Response:
    """A council's account: its council's page (or its congresses); anyone else of the
    staff: the congresses that take papers, each with its councils' pages."""
    try:
        who = await viewer(request)
    except Forbidden as exc:
        return page_refused(request, exc)
    app = service(request)
    council = paper_desk.account_council(app, who.id)
    found = paper_desk.congresses(app, council)
    if council is not None and len(found) == 1:
        address = f"/papers/{quote(found[0]['slug'])}/councils/{quote(council)}"
        return RedirectResponse(address, status_code=303)
    context = {"congresses": found, "council": council}
    return screens.render(request, "papers_start.html", context)


# -- a council's page --------------------------------------------------------------------------


def _council_context(app: Smolny, who: Principal, congress: str, council: str) -> dict[str, Any]:
    attached = paper_desk.account_council(app, who.id)
    if attached is not None and attached != council:
        raise Forbidden(
            "council-account",
            f"the account {who.name} works for {attached}: it acts for {attached} only",
        )
    desk = paper_desk.council_desk(app, congress, council)
    return {
        **desk,
        **words_for(),
        "motions_by": deadline(desk["deadlines"]["motions"]),
        "amendments_by": deadline(desk["deadlines"]["amendments"] or desk["deadlines"]["motions"]),
        "attached": attached,
        "base": f"/papers/{quote(congress)}/councils/{quote(council)}",
    }


@router.get("/papers/{congress}/councils/{council}", response_class=HTMLResponse)
async def council_page(request: Request, congress: str, council: str) -> HTMLResponse:
    try:
        who = await viewer(request)
        with in_language(request):
            context = _council_context(service(request), who, congress, council)
    except Refusal as exc:
        return page_refused(request, exc)
    response = screens.render(request, "papers_council.html", context)
    response.headers["Cache-Control"] = "no-store"
    return response


_PARTS = {
    "papers": "_papers_council_papers.html",
    "motion-options": "_papers_motion_options.html",
    "paper-options": "_papers_paper_options.html",
}


@router.get("/papers/{congress}/councils/{council}/parts/{part}", response_class=HTMLResponse)
async def council_part(
    request: Request, congress: str, council: str, part: str, motion: str = "", paper: str = ""
) -> HTMLResponse:
    """A live part of the council's page: its papers, or the motions to choose from (the
    one `chosen` kept chosen)."""
    try:
        who = await viewer(request)
        if part not in _PARTS:
            raise Invalid("part", "no such part of the page", field="part")
        with in_language(request):
            context = _council_context(service(request), who, congress, council)
    except Refusal as exc:
        return page_refused(request, exc)
    return screens.render(request, _PARTS[part], {**context, "chosen": motion or paper})


@router.post("/papers/{congress}/councils/{council}/motions", response_class=HTMLResponse)
async def submit_motion(request: Request, congress: str, council: str) -> HTMLResponse:
    def build(form: FormData) -> c.Command:
        return c.SubmitMotion(
            congress,
            council,
            field(form, "title"),
            paragraphs(form, "paragraphs"),
            lines(form, "movers"),
            tuple(str(s) for s in form.getlist("supporters")),
            form.get("emergency") == "yes",
        )

    def then(entries: list[Any]) -> HTMLResponse:
        data = entries[0].data
        message = _("Motion %(number)s “%(title)s” is submitted.", **_n(data))
        if data.get("emergency"):
            message += " " + _("It is an emergency motion: the congress rules on taking it.")
        return answer(request, "motion-answer", message, reset=True)

    return await act(request, "motion-answer", "papers.submit", build, then)


def _n(data: dict[str, Any]) -> dict[str, Any]:
    return {"number": data["paper"], "title": data.get("title", "")}


def _amendment(form: FormData) -> tuple[str, int, str, str]:
    motion = field(form, "motion")
    if not motion:
        raise Invalid("motion", _("Choose the motion to amend."), field="motion")
    at = number_field(form, "paragraph", _("The paragraph is a number: 1, 2, 3…"))
    return motion, at, field(form, "change") or "replace", field(form, "text")


@router.post("/papers/{congress}/councils/{council}/amendments", response_class=HTMLResponse)
async def submit_amendment(request: Request, congress: str, council: str) -> HTMLResponse:
    def build(form: FormData) -> c.Command:
        motion, at, change, text = _amendment(form)
        movers = lines(form, "movers")
        supporters = tuple(str(s) for s in form.getlist("supporters"))
        return c.SubmitAmendment(congress, council, motion, at, change, text, movers, supporters)

    def then(entries: list[Any]) -> HTMLResponse:
        data = entries[0].data
        message = _(
            "Amendment %(number)s to %(motion)s is submitted.",
            number=data["paper"],
            motion=data["motion"],
        )
        return answer(request, "amendment-answer", message, reset=True)

    return await act(request, "amendment-answer", "papers.submit", build, then)


@router.post("/papers/{congress}/councils/{council}/amendment-preview", response_class=HTMLResponse)
async def amendment_preview(request: Request, congress: str, council: str) -> HTMLResponse:
    """The motion's text as the amendment in the form would leave it, struck and inserted
    words marked; or why it cannot be (nothing recorded)."""
    await viewer(request)
    screens.check_page_act(request)
    try:
        form = await screens.form(request, max_bytes=MAX_PREVIEW_BYTES)
        motion = field(form, "motion")
        if not motion:
            return HTMLResponse("")
        if not field(form, "paragraph"):
            shown = await run_in_threadpool(
                paper_desk.preview, service(request), congress, motion, 0, "insert-after", ""
            )
            shown["paragraphs"] = shown["paragraphs"][1:]
            return screens.render(request, "_papers_preview.html", {"shown": shown})
        motion, at, change, text = _amendment(form)
        shown = await run_in_threadpool(
            paper_desk.preview, service(request), congress, motion, at, change, text
        )
    except Refusal as exc:
        return screens.render(
            request, "_papers_preview.html", {"rule": exc.rule, "reason": exc.message}
        )
    return screens.render(request, "_papers_preview.html", {"shown": shown, "changed": True})


@router.post("/papers/{congress}/councils/{council}/consents", response_class=HTMLResponse)
async def consent(request: Request, congress: str, council: str) -> HTMLResponse:
    slot = "consent-answer"

    def build(form: FormData) -> c.Command:
        return c.ConsentToComposite(congress, field(form, "composite"), field(form, "motion"))

    def then(entries: list[Any]) -> HTMLResponse:
        data = entries[0].data
        message = _(
            "Consent given: %(motion)s may be composited into %(number)s.",
            motion=data["motion"],
            number=data["paper"],
        )
        return redraw(request, congress, council, slot, message)

    return await act(request, slot, "papers.submit", build, then)


@router.post("/papers/{congress}/councils/{council}/instructions", response_class=HTMLResponse)
async def instruct(request: Request, congress: str, council: str) -> HTMLResponse:
    slot = "instruction-answer"

    def build(form: FormData) -> c.Command:
        paper = field(form, "paper")
        if not paper:
            raise Invalid("paper", _("Choose the motion the instruction is on."), field="paper")
        delegates = tuple(str(d) for d in form.getlist("delegates"))
        if field(form, "whom") != "chosen":
            delegates = ()
        elif not delegates:
            raise Invalid("delegates", _("Choose the delegates to instruct."), field="delegates")
        return c.InstructDelegates(congress, council, paper, field(form, "instruction"), delegates)

    def then(entries: list[Any]) -> HTMLResponse:
        data = entries[0].data
        how = words_for()["INSTRUCTIONS"].get(data["instruction"], data["instruction"])
        message = i18n.ngettext(
            "%(num)d delegate is instructed on %(number)s: %(how)s.",
            "%(num)d delegates are instructed on %(number)s: %(how)s.",
            len(data["delegates"]),
            number=data["paper"],
            how=how,
        )
        return answer(request, slot, message)

    return await act(request, slot, "papers.submit", build, then)
