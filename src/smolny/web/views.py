"""Read models: what the API and the pages show, drawn from the state the journal folds to."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from smolny import procedure
from smolny.adapters import journal
from smolny.adapters.database import read_transaction
from smolny.domain import tree
from smolny.domain.state import Assembly, Body, Motion, Poll, Session

if TYPE_CHECKING:
    from smolny.service.app import Smolny


def body_summary(state: Assembly, body: Body) -> dict[str, Any]:
    """A body with its counts of delegates by faction."""
    by_faction = Counter(d.faction for d in body.delegates.values())
    return {
        "slug": body.slug,
        "name": body.name,
        "kind": body.kind,
        "parent": body.parent,
        "language": body.language,
        "delegates": len(body.delegates),
        "voting_delegates": len(body.voting_delegates()),
        "factions": [
            {"slug": f.slug, "name": f.name, "delegates": by_faction.get(f.slug, 0)}
            for f in body.factions.values()
        ],
        "unaffiliated": by_faction.get(None, 0),
        "sessions": list(body.sessions),
        "presidium": presidium_summary(body),
        "members": body.members,
        "purpose": body.purpose,
        "elected_by": body.elected_by,
        "allocation": dict(body.allocation),
        "chair": tree.chair_summary(state, body),
    }


def presidium_summary(body: Body) -> dict[str, Any] | None:
    """The presidium's seats per faction: taken, reserved, declined; with the count's method."""
    if body.presidium is None:
        return None
    result = body.presidium["result"]
    names = {f.slug: f.name for f in body.factions.values()}
    return {
        "seats": body.presidium["seats"],
        "method": body.presidium["method"],
        "empty": result["empty"],
        "factions": [
            {**share, "faction": share["name"], "name": names.get(share["name"], share["name"])}
            for share in result["factions"]
        ],
        "trace": result["trace"],
    }


def body_detail(state: Assembly, body: Body) -> dict[str, Any]:
    """A body, its factions and every delegate."""
    detail = body_summary(state, body)
    detail["delegates_list"] = [
        {
            "id": d.id,
            "name": d.name,
            "faction": d.faction,
            "voting": d.voting,
            "weight": d.weight,
            "sent_by": d.sent_by,
        }
        for d in body.delegates.values()
    ]
    return detail


def session_detail(state: Assembly, session: Session, now: str | None = None) -> dict[str, Any]:
    """A session: its state, presence and quorum, the stack, the floor, the list, its motions."""
    sitting = session.procedure
    present = session.present
    present_by_faction = Counter(state.delegates[d].faction for d in present)  # any body's
    rulebook = state.rulebooks.get(session.rulebook)
    quorum = procedure.quorum_status(rulebook, sitting) if rulebook is not None else None
    floor = sitting.floor
    timing = procedure.speaking_time(sitting, now) if now is not None else None
    return {
        "id": session.id,
        "body": session.body,
        "title": session.title,
        "state": session.state,
        "procedure_status": sitting.status,
        "rulebook": session.rulebook,
        "opened_at": session.opened_at,
        "opened_by": session.opened_by,
        "chair": tree.chair_of(state, session),
        "closed_at": session.closed_at,
        "present": len(present),
        "present_by_faction": {
            str(k or ""): v for k, v in sorted(present_by_faction.items(), key=str)
        },
        "quorum": None
        if quorum is None  # its rulebook is not loaded here
        else {
            "present": quorum.present,
            "needed": quorum.quorum,
            "quorate": quorum.quorate,
            **({"bodies": [b.record() for b in quorum.bodies]} if quorum.bodies else {}),
        },
        "joint": session.joint,  # a joint session's bodies, presidiums and platform
        "stack": list(sitting.stack),
        "floor": None
        if floor is None
        else {
            "delegate": floor.delegate,
            "since": floor.since,
            "seconds": floor.seconds,
            "question": floor.question,
            "kind": floor.kind,
            "in_name_of": floor.in_name_of,
            "seconds_left": timing.left if timing is not None else None,
        },
        "speakers": [
            {"delegate": r.delegate, "side": r.side, "in_name_of": r.in_name_of}
            for r in sitting.speakers
        ],
        "list_closed": sitting.list_closed,
        "agenda": [
            {
                "id": i.id,
                "title": i.title,
                "status": i.status,
                "order_of_the_day": i.order_of_the_day,
            }
            for i in sitting.agenda
        ],
        "motions": [motion_detail(state, state.motions[m]) for m in session.motions],
    }


def motion_detail(state: Assembly, motion: Motion) -> dict[str, Any]:
    """A question: its motion, its text as moved and as amended, its status, and its polls."""
    question = state.sessions[motion.session].procedure.question(motion.id)
    assert question is not None
    mover = state.delegates.get(question.mover)
    return {
        "id": motion.id,
        "session": motion.session,
        "motion": question.motion,
        "title": motion.title,
        "text": question.text,
        "text_as_amended": question.amended_text,
        "mover": question.mover,
        "mover_name": mover.name if mover else None,
        "seconder": question.seconder,
        "applies_to": question.applies_to,
        "state": question.status,
        "status_text": question.status.replace("-", " "),
        "decision": motion.decision,
        "polls": [poll_detail(state, state.polls[p]) for p in motion.polls],
    }


def poll_detail(state: Assembly, poll: Poll) -> dict[str, Any]:
    """A poll's question, register, state, the box's count and the decision or outcome."""
    detail: dict[str, Any] = {
        "id": poll.id,
        "motion": poll.motion,
        "session": poll.session,
        "title": poll.title,
        "method": poll.method,
        "question": poll.question,
        "options": list(poll.options),
        "seats": poll.seats,
        "counting": poll.counting,
        "threshold": poll.threshold,
        "changeable": poll.changeable,
        "state": poll.state,
        "eligible": len(poll.eligible),
        "proxies": len(poll.proxies),
        "present_at_open": poll.present_at_open,
        "opens_at": poll.opens_at,
        "closes_at": poll.closes_at,
        "sections": list(poll.sections),
        "counts": {k or "hall": v["counts"] for k, v in poll.counts.items()},
        "result": poll.result,
        "decision": poll.decision,
    }
    return detail


def in_order(
    rulebook: procedure.Rulebook, sitting: procedure.State, mover: str | None
) -> list[tuple[procedure.MotionRule, str | None]]:
    """The motions of the motion table, each with why `mover`, a delegate present, could not
    move it now (None: it is in order); with nobody present (`mover` None), none is."""
    motions = []
    for rule in rulebook.ordered():
        outcome = (
            procedure.attempt(rulebook, sitting, procedure.Move("?", rule.key, mover, text="?"))
            if mover is not None
            else procedure.Refused("quorum", "nobody is present")
        )
        motions.append((rule, outcome.reason if isinstance(outcome, procedure.Refused) else None))
    return motions


def journal_lines(app: Smolny, after: int, limit: int) -> list[tuple[int, str]]:
    """(seq, canonical line) of up to `limit` entries after `after`."""
    with read_transaction(app.engine) as conn:
        return journal.lines(conn, after=after, limit=limit)
