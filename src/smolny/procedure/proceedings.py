"""What the record says besides motions and votes: the chair taken, words from the floor,
a guest heard, a report read. None of them changes the floor or the questions."""

from __future__ import annotations

import smolny.procedure.acts as a
import smolny.procedure.state as st
from smolny.procedure.events import JSONValue
from smolny.procedure.session import NotInOrder, Session
from smolny.record import kinds as k

MAX_WORDS = 100_000
REPORT_KINDS = ("report", "announcement")


def _words(words: str, what: str) -> str:
    text = words.strip()
    if not text:
        raise NotInOrder("words-required", f"{what}: the words are required")
    if len(text) > MAX_WORDS:
        raise NotInOrder("words-too-long", f"{what}: at most {MAX_WORDS} characters")
    return text


def _one_of(delegate: str | None, name: str | None, what: str) -> dict[str, JSONValue]:
    """`delegate` (a registered delegate) or `name` (in words), exactly one."""
    if (delegate is None) == (name is None or not name.strip()):
        raise NotInOrder("who", f"{what}: give a delegate or a name, one of the two")
    return {"delegate": delegate} if delegate is not None else {"name": (name or "").strip()}


def _optional(key: str, value: str | None) -> dict[str, JSONValue]:
    return {key: value.strip()} if value is not None and value.strip() else {}


def take_chair(session: Session, act: a.TakeChair) -> None:
    """A delegate, or someone named, takes the chair: presides from now on."""
    who = _one_of(act.delegate, act.name, "Taking the chair")
    if act.delegate is not None and session.state.delegate(act.delegate) is None:
        raise NotInOrder(
            "not-a-delegate", f"Taking the chair: {act.delegate} is not a registered delegate"
        )
    if session.state.presiding is not None and session.state.presiding in who.values():
        raise NotInOrder("already-presiding", f"{session.state.presiding} presides already")
    session.emit(k.CHAIR_TAKEN, **who, at=act.at)


def interject(session: Session, act: a.Interject) -> None:
    """Words called out from the floor by a delegate in the hall, or by a voice described."""
    session.check_open()
    words = _words(act.words, "An interjection")
    if (act.delegate is None) == (act.voice is None or not act.voice.strip()):
        raise NotInOrder("who", "An interjection: give a delegate or a voice, one of the two")
    if act.delegate is not None:
        session.check_present(act.delegate, "An interjection")
        who: dict[str, JSONValue] = {"delegate": act.delegate}
    else:
        who = {"voice": (act.voice or "").strip()}
    session.emit(k.FLOOR_INTERJECTED, words=words, quoted=act.quoted, **who, at=act.at)


def hear_guest(session: Session, act: a.HearGuest) -> None:
    """A guest who is no delegate addresses the body; nobody else may have the floor."""
    session.check_open()
    if not act.name.strip():
        raise NotInOrder("who", "A guest is heard by name")
    words = _words(act.words, "A guest's speech")
    if session.state.floor is not None:
        raise NotInOrder("floor", f"{session.state.floor.delegate} has the floor")
    session.emit(
        k.GUEST_HEARD,
        name=act.name.strip(),
        words=words,
        quoted=act.quoted,
        **_optional("in_name_of", act.in_name_of),
        at=act.at,
    )


def read_report(session: Session, act: a.ReadReport) -> None:
    """A report or an announcement read to the body, by a delegate or someone named."""
    session.check_open()
    if act.kind not in REPORT_KINDS:
        raise NotInOrder("report-kind", f"A report or an announcement, not {act.kind!r}")
    subject = _words(act.subject, "A report")
    who = _one_of(act.by, act.name, "A report")
    if act.by is not None:
        session.check_present(act.by, "A report")
    if session.state.floor is not None:
        raise NotInOrder("floor", f"{session.state.floor.delegate} has the floor")
    session.emit(
        k.REPORT_READ,
        subject=subject,
        text=act.text.strip(),
        kind=act.kind,
        **who,
        **_optional("in_name_of", act.in_name_of),
        at=act.at,
    )


def declare_adjourned(session: Session, act: a.DeclareAdjourned) -> None:
    """The chair declares the sitting adjourned with no motion to adjourn: what is still
    pending is left with no vote taken, as at any adjournment."""
    session.check_open()
    state = session.state
    if any(q.status == st.VOTING for q in map(session.question, state.stack)):
        raise NotInOrder(
            "voting", "A vote is being taken: the sitting adjourns once its result is declared"
        )
    words = {"words": _words(act.words, "The adjournment")} if act.words is not None else {}
    session.emit(
        k.SESSION_ADJOURNED,
        no_vote_taken=list(state.stack),
        to=state.adjourn_to,
        declared=True,
        **words,
        at=act.at,
        **session.presence_data(),
    )
