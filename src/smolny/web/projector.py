"""The projector: what the hall reads from the back, for the session sitting now.

`GET /projector` follows whichever session is sitting (or offers the sessions to
choose from); `GET /projector/sessions/{id}` shows one. The screen is one fragment
(`.../screen`) that refreshes itself whenever the journal grows; a poll's progress
is updated in place from the stream's progress events. A secret poll shows how many
have voted, never who voted how (nothing here reads a box).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from smolny import procedure
from smolny.domain.state import Assembly, Poll, Session
from smolny.procedure.speakers import next_request
from smolny.web import i18n, screens
from smolny.web.api import App
from smolny.web.count_sheets import is_order, order_sheet

router = APIRouter(include_in_schema=False)

ANSWERS = ("yes", "no", "abstain")


def sitting_now(state: Assembly) -> Session | None:
    """The session sitting now: the latest one opened and not closed, or None."""
    sitting = [s for s in state.sessions.values() if s.state == "open"]
    return max(sitting, key=lambda s: (s.opened_at or "", s.id)) if sitting else None


def _name(state: Assembly, delegate: str | None) -> str:
    if delegate is None:
        return ""
    found = state.delegates.get(delegate)
    return found.name if found is not None else delegate


def _faction(state: Assembly, session: Session, slug: str | None) -> str | None:
    if not slug:
        return None
    body = state.bodies.get(session.body)
    faction = body.factions.get(slug) if body is not None else None
    return faction.name if faction is not None else slug


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _bars(counts: dict[str, int], keys: list[str]) -> list[dict[str, Any]]:
    total = sum(counts.get(k, 0) for k in keys)
    return [
        {"key": k, "value": counts.get(k, 0), "share": _share(counts.get(k, 0), total)}
        for k in keys
    ]


def poll_result(state: Assembly, poll: Poll) -> dict[str, Any]:
    """A closed poll's result as the screens draw it: bars of heads (and of weights when
    they differ), the threshold and whether it was met, or an election's outcome."""
    result = poll.result or {}
    heads: dict[str, int] = result.get("heads", {})
    weights: dict[str, int] = result.get("weights", {})
    view: dict[str, Any] = {
        "id": poll.id,
        "title": poll.title,
        "question": poll.question,
        "method": poll.method,
        "secret": poll.secret,
        "state": poll.state,
        "eligible": result.get("eligible", len(poll.eligible)),
        "present": result.get("present", poll.present_at_open),
        "voted": result.get("box", {}).get("ballots", sum(heads.values())),
        "unit": result.get("unit", "heads"),
        "weighted": heads != weights,
        "reason": result.get("reason"),
    }
    if poll.state == "cancelled":
        return view
    if poll.question == "yes-no-abstain":
        view["heads"] = _bars(heads, list(ANSWERS))
        view["weights"] = _bars(weights, list(ANSWERS)) if view["weighted"] else None
        motion = state.motions.get(poll.motion or "")
        decision = poll.decision or (motion.decision if motion is not None else None) or {}
        adopted = None
        if motion is not None:
            question = state.sessions[motion.session].procedure.question(motion.id)
            if question is not None and question.status in ("adopted", "rejected"):
                adopted = question.status == "adopted"
        view["decision"] = {
            "adopted": adopted,
            "threshold": decision.get("threshold"),
            "required": decision.get("required"),
            "base": decision.get("base"),
            "yes": decision.get("yes"),
            "met": adopted,
            "present": decision.get("present_count"),
            "quorum": decision.get("quorum"),
            "casting_vote": decision.get("casting_vote"),
        }
        return view
    outcome: dict[str, Any] = result.get("outcome") or {}
    options = list(poll.options)
    keys = [*options, "abstain"] if "abstain" in heads else options
    counted = weights if view["unit"] == "weight" else heads
    view["options"] = _bars(counted, keys)
    view["outcome"] = outcome
    if poll.question == "choice":
        view["elected"] = [outcome["chosen"]] if outcome.get("chosen") else []
    elif poll.question == "multiple":
        view["elected"] = list(outcome.get("elected", []))
    elif poll.question == "list":
        apportionment = outcome.get("apportionment") or {}
        view["seats_by_list"] = [
            {"name": f["name"], "votes": f["votes"], "seats": f["seats"]}
            for f in apportionment.get("factions", [])
        ]
        view["elected"] = []
    elif poll.question == "ranked":
        count = outcome.get("count")
        view["elected"] = [c["name"] for c in count["elected"]] if count else []
        if count and is_order(count):  # Schulze, Borda: a matrix or points, no stages
            view["count"] = order_sheet(count)
        else:
            view["count"] = count_stages(count) if count else None
    view["tie_breaks"] = list(outcome.get("tie_breaks", []))
    return view


def count_stages(count: dict[str, Any]) -> dict[str, Any]:
    """An STV or IRV count as a sheet: candidates down, stages across, with what each
    stage did (elected, excluded, transfers, surplus, tie-breaks)."""
    names: dict[str, str] = {}
    for stage in count["stages"]:
        for number in stage["votes"]:
            names.setdefault(number, number)
        for who in (*stage["elected"], *stage["excluded"]):
            names[str(who["number"])] = who["name"]
        if stage["candidate"]:
            names[str(stage["candidate"]["number"])] = stage["candidate"]["name"]
        for tie in stage["tie_breaks"]:
            for who in (*tie["tied"], tie["chosen"]):
                names[str(who["number"])] = who["name"]
    for who in count["elected"]:
        names[str(who["number"])] = who["name"]
    order = sorted(names, key=lambda n: int(n) if n.isdecimal() else 0)
    elected_at: dict[str, int] = {}
    excluded_at: dict[str, int] = {}
    for stage in count["stages"]:
        for who in stage["elected"]:
            elected_at[str(who["number"])] = stage["number"]
        for who in stage["excluded"]:
            excluded_at[str(who["number"])] = stage["number"]
    rows = [
        {
            "name": names[n],
            "elected": n in elected_at,
            "excluded": n in excluded_at,
            "cells": [
                {
                    "votes": stage["votes"].get(n),
                    "change": stage["changes"].get(n),
                    "elected": elected_at.get(n) == stage["number"],
                    "excluded": excluded_at.get(n) == stage["number"],
                }
                for stage in count["stages"]
            ],
        }
        for n in order
    ]
    return {
        "method": count["method"],
        "seats": count["seats"],
        "quota": count["quota"],
        "valid_votes": count["valid_votes"],
        "stages": count["stages"],
        "rows": rows,
        "lot": count.get("lot"),
        "notes": count.get("notes", []),
    }


def screen_of(state: Assembly, session: Session, now: str) -> dict[str, Any]:
    """Everything the projector shows of `session` at `now`."""
    sitting = session.procedure
    rulebook = state.rulebooks.get(session.rulebook)
    body = state.bodies.get(session.body)
    quorum = procedure.quorum_status(rulebook, sitting) if rulebook is not None else None
    item = sitting.current_item()
    floor = None
    if sitting.floor is not None:
        timing = procedure.speaking_time(sitting, now)
        floor = {
            "name": _name(state, sitting.floor.delegate),
            "kind": sitting.floor.kind,
            "side": sitting.floor.side,
            "in_name_of": _faction(state, session, sitting.floor.in_name_of),
            "seconds": sitting.floor.seconds,
            "left": timing.left if timing is not None else sitting.floor.seconds,
            "over": bool(timing and timing.up),
        }
    upcoming = next_request(rulebook, sitting) if rulebook is not None else None
    following = None
    if upcoming is not None:
        following = {
            "name": _name(state, upcoming.delegate),
            "side": upcoming.side,
            "in_name_of": _faction(state, session, upcoming.in_name_of),
        }
    question = None
    top = sitting.top()
    if top is not None:
        motion = state.motions.get(top.id)
        applies = sitting.question(top.applies_to) if top.applies_to else None
        applies_motion = state.motions.get(applies.id) if applies is not None else None
        question = {
            "id": top.id,
            "title": motion.title if motion is not None else top.id,
            "motion": top.motion,
            "status": top.status,
            "text": top.amended_text,
            "mover": _name(state, top.mover),
            "applies_to": None
            if applies is None
            else {
                "title": applies_motion.title if applies_motion is not None else applies.id,
                "text": applies.amended_text,
            },
        }
    polls = [state.polls[p] for m in session.motions for p in state.motions[m].polls]
    polls += [p for p in state.polls.values() if p.session == session.id and p.motion is None]
    polls.sort(key=lambda p: int(p.id[1:]) if p.id[1:].isdecimal() else 0)
    open_poll = next((p for p in reversed(polls) if p.state == "open"), None)
    last = polls[-1] if polls else None
    result = None
    if open_poll is None and last is not None and last.state in ("closed", "cancelled"):
        result = poll_result(state, last)
    return {
        "session": {
            "id": session.id,
            "title": session.title,
            "state": session.state,
            "status": sitting.status,
            "body": body.name if body is not None else session.body,
        },
        "present": len(session.present),
        "quorum": None if quorum is None else {"needed": quorum.quorum, "quorate": quorum.quorate},
        "item": item.title if item is not None else None,
        "floor": floor,
        "next": following,
        "waiting": len(sitting.speakers),
        "question": question,
        "poll": None
        if open_poll is None
        else {
            "id": open_poll.id,
            "title": open_poll.title
            or (state.motions[open_poll.motion].title if open_poll.motion else ""),
            "method": open_poll.method,
            "secret": open_poll.secret,
            "eligible": len(open_poll.eligible),
        },
        "result": result,
    }


def _now() -> str:
    return datetime.now(UTC).isoformat()


async def _screen(request: Request, app: App, ident: str | None, name: str) -> HTMLResponse:
    with app.lock:
        state = app.state
        session = sitting_now(state) if ident is None else state.sessions.get(ident)
        if ident is not None and session is None:
            return screens.render(
                request,
                "projector_missing.html",
                {"ident": ident, "seq": state.seq},
                status=404,
            )
        context: dict[str, Any] = {"seq": state.seq, "ident": ident, **WORDS}
        if session is None:
            context["sessions"] = sorted(
                (
                    {
                        "id": s.id,
                        "title": s.title,
                        "state": s.state,
                        "body": state.bodies[s.body].name if s.body in state.bodies else s.body,
                        "opened_at": s.opened_at,
                    }
                    for s in state.sessions.values()
                ),
                key=lambda s: s["opened_at"] or "",
                reverse=True,
            )
            context["screen"] = None
        else:
            context["screen"] = screen_of(state, session, _now())
    poll = context["screen"] and context["screen"]["poll"]
    if poll:
        progress = await run_in_threadpool(app.progress, poll["id"])
        poll["voted"] = progress["voted"]
    return screens.render(request, name, context)


@router.get("/projector", response_class=HTMLResponse)
async def projector(request: Request, app: App) -> HTMLResponse:
    """The session sitting now, followed from one session to the next; else a chooser."""
    return await _screen(request, app, None, "projector.html")


@router.get("/projector/screen", response_class=HTMLResponse)
async def projector_screen(request: Request, app: App) -> HTMLResponse:
    return await _screen(request, app, None, "projector_screen.html")


@router.get("/projector/sessions/{ident}", response_class=HTMLResponse)
async def projector_session(ident: str, request: Request, app: App) -> HTMLResponse:
    """One session on the projector."""
    return await _screen(request, app, ident, "projector.html")


@router.get("/projector/sessions/{ident}/screen", response_class=HTMLResponse)
async def projector_session_screen(ident: str, request: Request, app: App) -> HTMLResponse:
    return await _screen(request, app, ident, "projector_screen.html")


def threshold_text(threshold: str | None) -> str:
    """A threshold in words, in the current language."""
    words = {
        "majority": i18n._("a majority of the votes cast"),
        "two-thirds": i18n._("two thirds of the votes cast"),
        "plurality": i18n._("the most votes"),
    }
    return words.get(threshold or "", threshold or "")


def method_text(method: str | None) -> str:
    """How a poll was taken, in words."""
    words = {
        "show-of-hands": i18n._("show of hands"),
        "standing": i18n._("standing vote"),
        "roll-call": i18n._("roll call"),
        "electronic-named": i18n._("electronic vote, named"),
        "electronic-secret": i18n._("electronic secret ballot"),
        "ballot": i18n._("ballot"),
        "rising": i18n._("rising vote"),
    }
    return words.get(method or "", method or "")


def answer_text(answer: str) -> str:
    """A yes/no/abstain answer in words (an option's name as it is)."""
    words = {"yes": i18n._("For"), "no": i18n._("Against"), "abstain": i18n._("Abstaining")}
    return words.get(answer, answer)


def stage_text(stage: dict[str, Any]) -> str:
    """What a stage of a count did, in words."""
    words = {
        "first-preferences": i18n._("first preferences"),
        "surplus": i18n._("surplus transferred"),
        "exclusion": i18n._("exclusion"),
        "elimination": i18n._("exclusion"),
        "transfer": i18n._("transfer"),
        "iteration": i18n._("iteration"),
    }
    return words.get(str(stage.get("action")), str(stage.get("action")))


WORDS: dict[str, Any] = {
    "threshold_text": threshold_text,
    "method_text": method_text,
    "answer_text": answer_text,
    "stage_text": stage_text,
}
