"""The public page: the record as it happens, the register of resolutions, the results.

`GET /` is drawn from the state the journal folds to, plus the last few entries of the
journal in words; its two fragments (`/public/record`, `/public/bodies`) refresh
themselves in place whenever the journal grows. Older entries are paged
(`/record?before=SEQ`), so a long journal costs no more than a short one.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse

from smolny.domain.state import Assembly
from smolny.record.register import Resolution
from smolny.web import i18n, publication, screens, views
from smolny.web.api import MAX_SEQ, App
from smolny.web.projector import WORDS, poll_result

router = APIRouter(include_in_schema=False)

RECENT = 15  # entries on the page itself
PAGE = 50  # entries per page of the older record
RESULTS = 10  # latest results per body


def _delegate(state: Assembly, ident: Any) -> str:
    found = state.delegates.get(str(ident))
    return found.name if found is not None else str(ident)


def _motion(state: Assembly, ident: Any) -> str:
    found = state.motions.get(str(ident))
    return found.title if found is not None and found.title else str(ident)


def _poll(state: Assembly, ident: Any) -> str:
    poll = state.polls.get(str(ident))
    if poll is None:
        return str(ident)
    if poll.title:
        return poll.title
    return _motion(state, poll.motion) if poll.motion else poll.id


def _body(state: Assembly, ident: Any) -> str:
    found = state.bodies.get(str(ident))
    return found.name if found is not None else str(ident)


def _session(state: Assembly, ident: Any) -> str:
    found = state.sessions.get(str(ident))
    return found.title if found is not None else str(ident)


def describe(state: Assembly, entry: dict[str, Any]) -> str:
    """One entry of the journal in words, in the current language (its kind when no
    words are written for it)."""
    _ = i18n._
    kind: str = entry.get("kind", "")
    data: dict[str, Any] = entry.get("data") or {}
    match kind:
        case "body.created":
            return _("%(body)s was created", body=data.get("name", data.get("body")))
        case "faction.formed":
            return _(
                "The faction %(faction)s was formed in %(body)s",
                faction=data.get("name"),
                body=_body(state, data.get("body")),
            )
        case "delegates.registered":
            return i18n.ngettext(
                "%(num)s delegate was registered in %(body)s",
                "%(num)s delegates were registered in %(body)s",
                len(data.get("delegates", [])),
                body=_body(state, data.get("body")),
            )
        case "session.opened":
            return _(
                "%(body)s opened its session “%(title)s”",
                body=_body(state, data.get("body")),
                title=data.get("title"),
            )
        case "session.adjourned":
            return _(
                "The session “%(title)s” adjourned", title=_session(state, data.get("session"))
            )
        case "session.closed":
            return _("The session “%(title)s” closed", title=_session(state, data.get("session")))
        case "presence.changed":
            count = len(data.get("delegates", []))
            if data.get("present", True):
                return i18n.ngettext(
                    "%(num)s delegate came into the hall",
                    "%(num)s delegates came into the hall",
                    count,
                )
            return i18n.ngettext(
                "%(num)s delegate left the hall", "%(num)s delegates left the hall", count
            )
        case "quorum.regained":
            return _(
                "The session is quorate: %(present)s present", present=data.get("present_count")
            )
        case "quorum.lost":
            return _("The quorum was lost: %(present)s present", present=data.get("present_count"))
        case "motion.moved":
            return _(
                "%(mover)s moved “%(title)s”",
                mover=_delegate(state, data.get("mover")),
                title=_motion(state, data.get("question")),
            )
        case "motion.seconded":
            return _(
                "%(seconder)s seconded “%(title)s”",
                seconder=_delegate(state, data.get("seconder")),
                title=_motion(state, data.get("question")),
            )
        case "question.stated":
            return _(
                "The chair stated the question “%(title)s”",
                title=_motion(state, data.get("question")),
            )
        case "question.put":
            return _(
                "The question “%(title)s” was put to the vote",
                title=_motion(state, data.get("question")),
            )
        case "motion.adopted":
            return _(
                "“%(title)s” was adopted: %(yes)s for, %(no)s against, %(abstain)s abstaining",
                title=_motion(state, data.get("question")),
                yes=i18n.number(data.get("yes")),
                no=i18n.number(data.get("no")),
                abstain=i18n.number(data.get("abstain")),
            )
        case "motion.rejected":
            return _(
                "“%(title)s” was rejected: %(yes)s for, %(no)s against, %(abstain)s abstaining",
                title=_motion(state, data.get("question")),
                yes=i18n.number(data.get("yes")),
                no=i18n.number(data.get("no")),
                abstain=i18n.number(data.get("abstain")),
            )
        case "motion.withdrawn":
            titles = ", ".join(f"“{_motion(state, q)}”" for q in data.get("questions", []))
            return _("%(titles)s withdrawn", titles=titles)
        case "motion.tabled":
            titles = ", ".join(f"“{_motion(state, q)}”" for q in data.get("questions", []))
            return _("%(titles)s laid on the table", titles=titles)
        case "text.amended":
            return _(
                "The text of “%(title)s” was amended", title=_motion(state, data.get("question"))
            )
        case "floor.requested":
            return _("%(name)s asked for the floor", name=_delegate(state, data.get("delegate")))
        case "floor.request-withdrawn":
            name = _delegate(state, data.get("delegate"))
            if data.get("by") == "chair":
                return _("The chair struck %(name)s off the speakers' list", name=name)
            return _("%(name)s withdrew their request for the floor", name=name)
        case "floor.given":
            return _("%(name)s has the floor", name=_delegate(state, data.get("delegate")))
        case "floor.yielded":
            return _("%(name)s yielded the floor", name=_delegate(state, data.get("delegate")))
        case "poll.opened":
            return _("A vote opened on “%(title)s”", title=_poll(state, data.get("poll")))
        case "poll.closed":
            return _("The vote on “%(title)s” closed", title=_poll(state, data.get("poll")))
        case "poll.cancelled":
            return _(
                "The vote on “%(title)s” was cancelled: %(reason)s",
                title=_poll(state, data.get("poll")),
                reason=data.get("reason", ""),
            )
        case "poll.count-entered":
            return _(
                "The tellers' count was entered for “%(title)s”",
                title=_poll(state, data.get("poll")),
            )
        case "access-codes.issued":
            return i18n.ngettext(
                "An access code was issued to %(num)s delegate",
                "Access codes were issued to %(num)s delegates",
                len(data.get("delegates", [])),
            )
        case "presidium.allotted":
            return _("The presidium of %(body)s was allotted", body=_body(state, data.get("body")))
    return kind


def _entries(app: App, after: int, limit: int) -> list[dict[str, Any]]:
    return [json.loads(line) for _, line in views.journal_lines(app, after, limit)]


def _record(state: Assembly, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "seq": e["seq"],
            "at": e.get("at"),
            "kind": e.get("kind"),
            "words": describe(state, e),
            "hash": e.get("hash", ""),
        }
        for e in reversed(entries)
    ]


def register(state: Assembly, numbered: list[Resolution]) -> list[dict[str, Any]]:
    """A body's register of resolutions as the record numbers it (`smolny.record.register`,
    as `smolny verify --report` and the feeds do), each with the text as adopted and the
    decision's figures."""
    shown = []
    for resolution in numbered:
        motion = state.motions.get(resolution.motion)
        session = state.sessions.get(motion.session) if motion is not None else None
        shown.append(
            {
                "id": resolution.motion,
                "number": resolution.number,
                "title": resolution.title,
                "text": resolution.text,
                "session": session.title if session is not None else "",
                "decision": (motion.decision if motion is not None else None) or {},
            }
        )
    return shown


def _bodies(state: Assembly, registers: dict[str, list[Resolution]]) -> list[dict[str, Any]]:
    shown = []
    for body in state.bodies.values():
        polls = [
            p
            for p in state.polls.values()
            if p.body == body.slug and p.state in ("closed", "cancelled")
        ]
        polls.sort(key=lambda p: int(p.id[1:]) if p.id[1:].isdecimal() else 0, reverse=True)
        sessions = [state.sessions[s] for s in body.sessions]
        shown.append(
            {
                "slug": body.slug,
                "name": body.name,
                "delegates": len(body.delegates),
                "delegates_text": i18n.ngettext(
                    "%(num)s delegate", "%(num)s delegates", len(body.delegates)
                ),
                "sessions": [
                    {"id": s.id, "title": s.title, "state": s.state, "present": len(s.present)}
                    for s in sessions
                ],
                "register": register(state, registers.get(body.slug, [])),
                "results": [poll_result(state, p) for p in polls[:RESULTS]],
                "more_results": max(0, len(polls) - RESULTS),
            }
        )
    return shown


def _context(app: App, *, bodies: bool = True, record: bool = True) -> dict[str, Any]:
    seq = app.state.seq
    # read from the database outside the lock, so that writers are not held up
    entries = _entries(app, max(0, seq - RECENT), RECENT) if record else []
    registers = publication.register(app) if bodies else {}
    with app.lock:
        state = app.state
        context: dict[str, Any] = {"seq": state.seq, "head": state.head, **WORDS}
        if bodies:
            context["bodies"] = _bodies(state, registers)
        if record:
            context["record"] = _record(state, entries)
    return context


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, app: App) -> HTMLResponse:
    """The public page."""
    return screens.render(request, "public.html", _context(app))


@router.get("/public/record", response_class=HTMLResponse)
def record_fragment(request: Request, app: App) -> HTMLResponse:
    return screens.render(request, "public_record.html", _context(app, bodies=False))


@router.get("/public/bodies", response_class=HTMLResponse)
def bodies_fragment(request: Request, app: App) -> HTMLResponse:
    return screens.render(request, "public_bodies.html", _context(app, record=False))


@router.get("/record", response_class=HTMLResponse)
def older_record(
    request: Request,
    app: App,
    before: Annotated[int | None, Query(ge=1, le=MAX_SEQ)] = None,
) -> HTMLResponse:
    """The record in pages of PAGE entries, newest first, before entry `before`."""
    seq, head = app.state.seq, app.state.head
    end = min(before, seq + 1) if before is not None else seq + 1
    start = max(0, end - 1 - PAGE)
    entries = _entries(app, start, end - 1 - start) if end > 1 else []
    with app.lock:
        record = _record(app.state, entries)
    return screens.render(
        request,
        "public_journal.html",
        {
            "seq": seq,
            "head": head,
            "record": record,
            "older": start + 1 if start > 0 else None,
            "newer": end + PAGE if end <= seq else None,
        },
    )


@router.get("/problems/{rule}", response_class=PlainTextResponse)
def problem_type(rule: str) -> str:
    return (
        f"smolny problem type '{rule}': the request was refused by the check named '{rule}'. "
        "The problem document's 'detail' says what was wrong and 'field' where."
    )
