"""Sessions and the question: a session's presence, quorum, floor, speakers, agenda and
motions; which motions are in order; and the question before a body as the delegate's
phone shows it. (The chair's console and the projector: `views.hall`.)"""

from __future__ import annotations

import copy
import re
from collections import Counter
from typing import Any, TypedDict

from smolny import procedure
from smolny.domain import agenda, tree
from smolny.domain.decide import motion_of, poll_of, rulebook_of, session_of
from smolny.domain.errors import Invalid, NotFound
from smolny.domain.state import Assembly, Delegate, Motion, Poll, Session
from smolny.service.clock import stamp
from smolny.service.principals import Principal
from smolny.service.unit_of_work import UnitOfWork
from smolny.service.views import amendments, bodies
from smolny.service.views.polls import delegate_ballot, mark_voted, poll_detail


class MotionDetail(TypedDict):
    """A question: its motion, its text as moved and as amended, its status, its polls."""

    id: str
    session: str
    motion: str
    title: str
    text: str
    text_as_amended: str
    mover: str | None
    mover_name: str | None
    seconder: str | None
    applies_to: str | None
    state: str
    status_text: str
    decision: dict[str, Any] | None
    polls: list[dict[str, Any]]


def session(app: UnitOfWork, ident: str) -> dict[str, Any]:
    """A session: its state, presence and quorum, the stack, the floor, the speakers'
    list, the agenda and its motions; NotFound if there is none."""
    now = stamp(app.clock())
    with app.lock:
        return session_detail(app.state, session_of(app.state, ident), now)


def joint_session(app: UnitOfWork, ident: str) -> dict[str, Any]:
    """A joint session, as `session`; NotFound ("not-joint") for the sitting of one body."""
    now = stamp(app.clock())
    with app.lock:
        found = session_of(app.state, ident)
        if found.joint is None:
            raise NotFound("not-joint", f"session {ident} is the sitting of one body")
        return session_detail(app.state, found, now)


def motion(app: UnitOfWork, ident: str) -> MotionDetail:
    """A motion and its polls; NotFound if there is none."""
    with app.lock:
        return motion_detail(app.state, motion_of(app.state, ident))


def session_detail(state: Assembly, found: Session, now: str | None = None) -> dict[str, Any]:
    """A session as the API shows it. (For a query holding the lock.)"""
    sitting = found.procedure
    present = found.present
    present_by_faction = Counter(state.delegates[d].faction for d in present)  # any body's
    rulebook = state.rulebooks.get(found.rulebook)
    quorum = procedure.quorum_status(rulebook, sitting) if rulebook is not None else None
    return {
        "id": found.id,
        "body": found.body,
        "title": found.title,
        "state": found.state,
        "procedure_status": sitting.status,
        "rulebook": found.rulebook,
        "opened_at": found.opened_at,
        "opened_by": found.opened_by,
        "chair": tree.chair_of(state, found),
        "closed_at": found.closed_at,
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
        "joint": copy.deepcopy(found.joint),  # a joint session's bodies, presidiums, platform
        "stack": list(sitting.stack),
        "floor": _floor(sitting, now),
        "speakers": [
            {"delegate": r.delegate, "side": r.side, "in_name_of": r.in_name_of}
            for r in sitting.speakers
        ],
        "list_closed": sitting.list_closed,
        "agenda": [
            {
                "id": i.id,
                "number": n,
                "title": i.title,
                "status": i.status,
                "order_of_the_day": i.order_of_the_day,
                "reporter": i.reporter,
                "starts": i.starts,
                "minutes": i.minutes,
            }
            for n, i in enumerate(sitting.agenda, 1)
        ],
        **_agenda(found, rulebook),
        "motions": [motion_detail(state, state.motions[m]) for m in found.motions],
    }


def _agenda(found: Session, rulebook: procedure.Rulebook | None) -> dict[str, Any]:
    # the agenda's state: adopted or not, the draft, how the rulebook adopts it, the item now
    sitting = found.procedure
    motion = sitting.question(found.agenda_motion or "")
    return {
        "agenda_adopted": sitting.agenda_adopted,
        "agenda_adoption": rulebook.agenda_adoption if rulebook is not None else None,
        "agenda_draft": copy.deepcopy(found.agenda_draft or []),
        "agenda_motion": {"id": motion.id, "status": motion.status} if motion else None,
        "current_item": agenda.item_now(found),
    }


def _floor(sitting: procedure.State, now: str | None) -> dict[str, Any] | None:
    floor = sitting.floor
    if floor is None:
        return None
    timing = procedure.speaking_time(sitting, now) if now is not None else None
    return {
        "delegate": floor.delegate,
        "since": floor.since,
        "seconds": floor.seconds,
        "question": floor.question,
        "kind": floor.kind,
        "in_name_of": floor.in_name_of,
        "seconds_left": timing.left if timing is not None else None,
    }


def motion_detail(state: Assembly, found: Motion) -> MotionDetail:
    """A motion as the API shows it. (For a query holding the lock.)"""
    question = state.sessions[found.session].procedure.question(found.id)
    assert question is not None
    mover = state.delegates.get(question.mover)
    return {
        "id": found.id,
        "session": found.session,
        "motion": question.motion,
        "title": found.title,
        "text": question.text,
        "text_as_amended": question.amended_text,
        "mover": question.mover,
        "mover_name": mover.name if mover else None,
        "seconder": question.seconder,
        "applies_to": question.applies_to,
        "state": question.status,
        "status_text": question.status.replace("-", " "),
        "decision": copy.deepcopy(found.decision),
        "polls": [dict(poll_detail(state, state.polls[p])) for p in found.polls],
    }


# -- what is in order --------------------------------------------------------------------


def motions_in_order(
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


def in_order(app: UnitOfWork, ident: str) -> dict[str, Any]:
    """Which motions a delegate without the floor could move now in the session, and why
    not the others; NotFound if there is no such session."""
    with app.lock:
        found = session_of(app.state, ident)
        rulebook = rulebook_of(app.state, found)
        mover = next(iter(sorted(found.present)), None)
        motions = [
            {
                "key": rule.key,
                "name": rule.name,
                "rank": rule.rank,
                "in_order": why_not is None,
                "why_not": why_not,
                "threshold": rule.threshold,
            }
            for rule, why_not in motions_in_order(rulebook, found.procedure, mover)
        ]
    return {"session": ident, "motions": motions}


# -- what the acts of a sitting name -------------------------------------------------------


class SessionRefs:
    """What an act from the chair's console names in its session: a delegate of the
    sitting (by id, number or name), a question of it, a poll of it."""

    def __init__(self, app: UnitOfWork, ident: str) -> None:
        self.app = app
        with app.lock:
            self.id = session_of(app.state, ident).id

    def delegate(self, ref: str, field: str) -> str:
        """A delegate of the sitting named by id (d7), number (7), full name, or full name
        and id as the console completes it ("Vladimir Lenin (d7)")."""
        completed = re.fullmatch(r"(.*\S)\s*\((\w+)\)\s*", ref)
        with self.app.lock:
            state = self.app.state
            sitting = {d.id for d in state.sessions[self.id].procedure.delegates}
            if completed is not None and completed[2] in sitting:
                return completed[2]
            for candidate in (ref, f"d{ref}"):
                if candidate in sitting:
                    return candidate
            folded = ref.casefold()
            named = [d for d in sitting if state.delegates[d].name.casefold() == folded]
        if len(named) == 1:
            return named[0]
        why = "names several delegates" if named else "is no delegate of this session"
        raise Invalid("delegate", f"{ref!r} {why}: give the id (d7)", field=field)

    def question(self, ident: str) -> str:
        """A question of the session; NotFound otherwise."""
        with self.app.lock:
            found = motion_of(self.app.state, ident)
        if found.session != self.id:
            raise NotFound("unknown-question", f"{ident} is not a question of {self.id}")
        return found.id

    def poll(self, ident: str) -> str:
        """A poll of the session; NotFound otherwise."""
        with self.app.lock:
            found = poll_of(self.app.state, ident)
        if found.session != self.id:
            raise NotFound("unknown-poll", f"{ident} is not a poll of {self.id}")
        return found.id


# -- the delegate's phone ----------------------------------------------------------------


def phone(app: UnitOfWork, who: Principal) -> dict[str, Any]:
    """Everything a delegate's phone shows: who they are in their body, its sitting now,
    the question before it, the floor, and the poll with their ballots in it (`staff`
    for anyone but a delegate)."""
    with app.lock:
        state = app.state
        delegate = delegate_of(state, who)
        if delegate is None:
            return {"staff": True, "who": who, "seq": state.seq}
        found = sitting_of(state, delegate)
        out: dict[str, Any] = {
            "staff": False,
            "seq": state.seq,
            "me": bodies.me(state, delegate),
            "session": None,
            "question": None,
            "floor": None,
            "ballot": None,
        }
        if found is not None:
            out["session"] = {
                "id": found.id,
                "title": found.title,
                "state": found.state,
                "item": agenda.item_now(found),
            }
            out["question"] = _question(state, found)
            out["floor"] = _phone_floor(state, found, delegate)
        held = _poll_now(state, found)
        made = delegate_ballot(state, delegate, held) if held is not None else None
    out["ballot"] = mark_voted(app, made) if made is not None else None
    return out


def delegate_of(state: Assembly, who: Principal) -> Delegate | None:
    """The delegate `who` is, or None for staff. (For a query holding the lock.)"""
    return state.delegates.get(who.id) if who.role == "delegate" else None


def sitting_of(state: Assembly, delegate: Delegate) -> Session | None:
    """The delegate's body's sitting now (the latest open one), else its last one."""
    sessions = [state.sessions[s] for s in state.bodies[delegate.body].sessions]
    sitting = [s for s in sessions if s.state == "open"]
    return (sitting or sessions or [None])[-1]


def _poll_now(state: Assembly, found: Session | None) -> Poll | None:
    """The poll open in the sitting, else the last one held in it."""
    if found is None:
        return None
    held = [p for p in state.polls.values() if p.session == found.id]
    current = [p for p in held if p.state == "open"]
    return (current or held or [None])[-1]


def _question(state: Assembly, found: Session) -> dict[str, Any] | None:
    top = found.procedure.top()
    if top is None or top.id not in state.motions:
        return None
    detail: dict[str, Any] = dict(motion_detail(state, state.motions[top.id]))
    rulebook = state.rulebooks.get(found.rulebook)
    try:
        detail["kind"] = rulebook.motion(top.motion).name if rulebook is not None else top.motion
    except KeyError:
        detail["kind"] = top.motion
    detail["amendment"] = amendments.pending(found.procedure, top)
    return detail


def _phone_floor(state: Assembly, found: Session, delegate: Delegate) -> dict[str, Any]:
    sitting = found.procedure
    mine = next((r for r in sitting.speakers if r.delegate == delegate.id), None)
    place = [r.delegate for r in sitting.speakers].index(delegate.id) + 1 if mine else None
    speaker = sitting.floor.delegate if sitting.floor is not None else None
    return {
        "listed": mine is not None,
        "side": mine.side if mine else None,
        "place": place,
        "waiting": len(sitting.speakers),
        "speaker": state.delegates[speaker].name if speaker in state.delegates else speaker,
        "mine": speaker == delegate.id,
        "closed": sitting.list_closed,
        "present": any(d.id == delegate.id and d.present for d in sitting.delegates),
    }


class PhoneSitting(TypedDict):
    """What a delegate's act from the phone names: who they are, and their sitting."""

    delegate: str
    session: str | None
    open: bool


def phone_sitting(app: UnitOfWork, who: Principal) -> PhoneSitting | None:
    """The delegate `who` is and their body's sitting now (None for staff)."""
    with app.lock:
        delegate = delegate_of(app.state, who)
        if delegate is None:
            return None
        found = sitting_of(app.state, delegate)
        return {
            "delegate": delegate.id,
            "session": found.id if found is not None else None,
            "open": found is not None and found.state == "open",
        }
