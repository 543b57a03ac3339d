"""The floor and the speakers' list: asking for the floor, being recognised, replies,
yielding, and closing the list."""

from __future__ import annotations

import smolny.procedure.acts as a
import smolny.procedure.state as st
from smolny.procedure.events import JSONValue
from smolny.procedure.session import NotInOrder, Session, called
from smolny.procedure.speakers import next_request, speaking_time, speech_limit
from smolny.procedure.state import Delegate, Question
from smolny.record import kinds as k


def request_floor(session: Session, act: a.RequestFloor) -> None:
    """A delegate present asks for the floor, and goes on the speakers' list."""
    session.check_open()
    delegate = session.check_present(act.delegate, "The request for the floor")
    if session.state.list_closed:
        raise NotInOrder("list-closed", "The speakers' list is closed")
    if act.side not in (None, "for", "against"):
        raise NotInOrder("side", f"A speaker is for or against, not {act.side!r}")
    if any(s.delegate == act.delegate for s in session.state.speakers):
        raise NotInOrder("already-listed", f"{act.delegate} is already on the speakers' list")
    _check_name_of(delegate, act.in_name_of)
    top = session.state.top()
    session.emit(
        k.FLOOR_REQUESTED,
        delegate=act.delegate,
        side=act.side,
        in_name_of=act.in_name_of,
        question=top.id if top is not None else None,
        at=act.at,
    )


def withdraw_floor_request(session: Session, act: a.WithdrawFloorRequest) -> None:
    """A delegate leaves the speakers' list, or the chair strikes them off it."""
    session.check_open()
    if act.by is not None and act.by != act.delegate:
        raise NotInOrder(
            "not-own-request",
            f"Only {act.delegate} or the chair may take {act.delegate} off the speakers' list",
        )
    if all(s.delegate != act.delegate for s in session.state.speakers):
        raise NotInOrder("not-on-list", f"{act.delegate} is not on the speakers' list")
    session.emit(
        k.FLOOR_REQUEST_WITHDRAWN,
        delegate=act.delegate,
        by=act.delegate if act.by is not None else "chair",
        at=act.at,
    )


def recognise(session: Session, act: a.Recognise) -> None:
    """The chair gives the floor: to the next on the list, or to one named (the mover may
    speak without asking)."""
    session.check_open()
    state = session.state
    if state.floor is not None:
        raise NotInOrder("floor", f"{state.floor.delegate} has the floor")
    question = _debate_question(session, "Debate")
    if act.delegate is None:
        request = next_request(session.rulebook, state)
        if request is None:
            raise NotInOrder("no-speakers", "Nobody has asked for the floor")
    else:
        request = next((s for s in state.speakers if s.delegate == act.delegate), None)
        if request is None:
            is_mover = question is not None and question.mover == act.delegate
            if not is_mover:
                raise NotInOrder("not-on-list", f"{act.delegate} has not asked for the floor")
            request = st.SpeakerRequest(
                act.delegate, "for", None, question.id if question else None, None
            )
    delegate = session.check_present(request.delegate, "The floor")
    length = _check_limit(session, question, delegate.id)
    session.emit(
        k.FLOOR_GIVEN,
        delegate=delegate.id,
        kind="speech",
        question=question.id if question is not None else None,
        in_name_of=request.in_name_of,
        side=request.side,
        seconds=length,
        counts_as_speech=question is not None,
        at=act.at,
    )


def reply(session: Session, act: a.Reply) -> None:
    """The floor for a reply: the rulebook's right of reply, else the member's next speech."""
    session.check_open()
    state = session.state
    if state.floor is not None:
        raise NotInOrder("floor", f"{state.floor.delegate} has the floor")
    delegate = session.check_present(act.delegate, "The reply")
    _check_name_of(delegate, act.in_name_of)
    question = _debate_question(session, "A reply")
    reply_seconds = session.rulebook.debate.reply_seconds
    # without a separate right of reply, a reply is the member's next speech, within limits
    length = _check_limit(session, question, delegate.id) if reply_seconds == 0 else reply_seconds
    session.emit(
        k.FLOOR_GIVEN,
        delegate=delegate.id,
        kind="reply",
        question=question.id if question is not None else None,
        in_name_of=act.in_name_of,
        side=None,
        seconds=length,
        counts_as_speech=question is not None and reply_seconds == 0,
        at=act.at,
    )


def yield_floor(session: Session, act: a.Yield) -> None:
    """The speaker finishes, or the chair calls time once it is up."""
    floor = session.state.floor
    if floor is None:
        raise NotInOrder("floor", "Nobody has the floor")
    if act.reason not in ("finished", "time"):
        raise NotInOrder("reason", f"A speaker finishes or runs out of time, not {act.reason!r}")
    if act.reason == "time":
        if act.at is None:
            raise NotInOrder("time-format", "Calling time needs the time")
        spoken = speaking_time(session.state, act.at)
        if spoken is not None and not spoken.up:
            raise NotInOrder("time-not-up", f"{floor.delegate} has {spoken.left} seconds left")
    said: dict[str, JSONValue] = {}
    if act.words is not None and act.words.strip():
        said = {"words": act.words.strip(), "quoted": act.quoted}
    session.emit(
        k.FLOOR_YIELDED,
        delegate=floor.delegate,
        question=floor.question,
        reason=act.reason,
        at=act.at,
        **said,
    )


def close_list(session: Session, act: a.CloseList) -> None:
    """The speakers' list is closed: those waiting still speak, nobody else is added."""
    session.check_open()
    if session.state.list_closed:
        raise NotInOrder("list-closed", "The speakers' list is closed already")
    session.emit(k.SPEAKERS_CLOSED, waiting=[s.delegate for s in session.state.speakers], at=act.at)


def reopen_list(session: Session, act: a.ReopenList) -> None:
    """The speakers' list closed earlier is open again: delegates may ask for the floor."""
    session.check_open()
    if not session.state.list_closed:
        raise NotInOrder("list-open", "The speakers' list is open already")
    session.emit(k.SPEAKERS_REOPENED, at=act.at)


def _check_name_of(delegate: Delegate, in_name_of: str | None) -> None:
    if in_name_of is not None and in_name_of not in (delegate.faction, delegate.body):
        raise NotInOrder(
            "in-name-of",
            f"{delegate.id} cannot speak in the name of {in_name_of}: "
            "not their faction or sending body",
        )


def _debate_question(session: Session, what: str) -> Question | None:
    """The question under debate, checked to be open to it; None for a general debate."""
    top = session.state.top()
    if top is None:
        session.check_quorum(what)
        return None
    rule = session.rule(top)
    session.check_quorum(what, rule)
    if top.status != st.PENDING:
        raise NotInOrder("not-pending", f"{what} is not in order: {called(rule)} is {top.status}")
    if not rule.debatable:
        raise NotInOrder("not-debatable", f"{what} is not in order: {rule.name} is not debatable")
    if top.debate_closed:
        raise NotInOrder("debate-closed", f"{what} is not in order: debate has been closed")
    return top


def _check_limit(session: Session, question: Question | None, delegate: str) -> int:
    """The length of the delegate's next speech, refused once they have used their speeches."""
    speeches, length = speech_limit(session.rulebook, question)
    if question is not None and question.speakers.count(delegate) >= speeches:
        raise NotInOrder(
            "speaking-limit",
            f"{delegate} has spoken {speeches} time{'s' if speeches != 1 else ''} "
            "on this question already",
        )
    return length
