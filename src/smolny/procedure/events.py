"""Engine events and `apply`, the only way a session's procedural state changes.

An event's data holds only JSON-safe values (str, int, bool, None, lists and dicts of
them): no floats, fractions as "p/q" strings. `apply` reads nothing but the event, so a
session's state is the fold of its journal. The kinds and their fields are the catalogue's
acts of procedure (`smolny.record.kinds`), listed in `docs/rulebooks.md`, section "Engine
events".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TypeAlias

import smolny.procedure.state as st
from smolny.procedure.state import (
    AgendaItem,
    Delegate,
    Floor,
    Question,
    Ruling,
    SpeakerRequest,
    State,
    Time,
)
from smolny.procedure.text import Edit
from smolny.record import kinds as k

JSONValue: TypeAlias = "str | int | bool | None | list[JSONValue] | dict[str, JSONValue]"


@dataclass(frozen=True)
class Event:
    """Something that happened in a session: a dotted kind and JSON-safe data."""

    kind: str
    data: dict[str, JSONValue] = field(default_factory=dict)


class EventError(ValueError):
    """An event that cannot be applied to this state (a corrupt or foreign journal)."""


def apply(state: State, event: Event) -> State:
    """The state after `event`. Raises `EventError` for an unknown kind or bad data."""
    handler = _HANDLERS.get(event.kind)
    if handler is None:
        raise EventError(f"unknown event kind {event.kind!r}")
    try:
        return handler(state, event.data)
    except (KeyError, TypeError) as exc:
        raise EventError(f"{event.kind}: bad data ({exc})") from None


def apply_all(state: State, events: list[Event] | tuple[Event, ...]) -> State:
    """The state after each of `events` in turn."""
    for event in events:
        state = apply(state, event)
    return state


# Reading data back: JSON values checked for the types the state needs.


def _str(data: Mapping[str, JSONValue], key: str) -> str:
    value = data[key]
    if not isinstance(value, str):
        raise TypeError(f"{key} must be a string")
    return value


def _opt_str(data: Mapping[str, JSONValue], key: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{key} must be a string or null")
    return value


def _opt_int(data: Mapping[str, JSONValue], key: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{key} must be an integer or null")
    return value


def _int(data: Mapping[str, JSONValue], key: str) -> int:
    value = _opt_int(data, key)
    if value is None:
        raise TypeError(f"{key} must be an integer")
    return value


def _bool(data: Mapping[str, JSONValue], key: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise TypeError(f"{key} must be true or false")
    return value


def _opt_bool(data: Mapping[str, JSONValue], key: str) -> bool | None:
    value = data.get(key)
    if value is not None and not isinstance(value, bool):
        raise TypeError(f"{key} must be true, false or null")
    return value


def _strs(data: Mapping[str, JSONValue], key: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"{key} must be a list of strings")
    return tuple(v for v in value if isinstance(v, str))


def _ints(data: Mapping[str, JSONValue], key: str) -> tuple[int, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in value
    ):
        raise TypeError(f"{key} must be a list of integers")
    return tuple(v for v in value if isinstance(v, int))


def _time(data: Mapping[str, JSONValue], key: str) -> Time | None:
    value = data.get(key)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{key} must be a time")
    return value


def _need(state: State, question_id: str) -> Question:
    question = state.question(question_id)
    if question is None:
        raise KeyError(f"no question {question_id!r}")
    return question


def _set_status(state: State, ids: tuple[str, ...], status: str) -> State:
    for question_id in ids:
        state = state.with_question(replace(_need(state, question_id), status=status))
    return replace(state, stack=tuple(i for i in state.stack if i not in ids))


def _resolve(state: State, question_id: str, status: str) -> State:
    return _set_status(state, (question_id,), status)


# Handlers, one per kind.


def _registered(state: State, data: Mapping[str, JSONValue]) -> State:
    delegate = Delegate(
        id=_str(data, "delegate"),
        faction=_opt_str(data, "faction"),
        body=_opt_str(data, "body"),
        present=_bool(data, "present"),
        sits_for=_opt_str(data, "sits_for"),
    )
    return replace(state, delegates=(*state.delegates, delegate), quorate=_bool(data, "quorate"))


def _presence(state: State, data: Mapping[str, JSONValue]) -> State:
    ids = set(_strs(data, "delegates"))
    present = _bool(data, "present")
    delegates = tuple(replace(d, present=present) if d.id in ids else d for d in state.delegates)
    return replace(state, delegates=delegates, quorate=_bool(data, "quorate"))


def _quorum_flag(state: State, data: Mapping[str, JSONValue]) -> State:
    return state  # the flag itself moves with the presence event that caused it


def _moved(state: State, data: Mapping[str, JSONValue]) -> State:
    current = state.current_item()
    question = Question(
        id=_str(data, "question"),
        motion=_str(data, "motion"),
        text=_str(data, "text"),
        amended_text=_str(data, "text"),
        mover=_str(data, "mover"),
        applies_to=_opt_str(data, "applies_to"),
        strike=_opt_str(data, "strike"),
        change=_change(data),
        until=_opt_str(data, "until"),
        committee=_opt_str(data, "committee"),
        speech_seconds=_opt_int(data, "speech_seconds"),
        speeches_per_member=_opt_int(data, "speeches_per_member"),
        parts=_strs(data, "parts"),
        notice=_bool(data, "notice"),
        interrupted_speaker=_bool(data, "interrupts"),
        agenda_item=current.id if current else None,
    )
    state = replace(state.with_question(question), stack=(*state.stack, question.id))
    if _bool(data, "appeal") and question.applies_to is not None:
        ruling = state.ruling(question.applies_to)
        if ruling is not None:
            state = _with_ruling(state, replace(ruling, status="appealed"))
    return state


def _change(data: Mapping[str, JSONValue]) -> Edit | None:
    change = data.get("change")
    if change is None:
        return None
    if not isinstance(change, dict):
        raise TypeError("change must be an object")
    span = _ints(change, "span")
    if len(span) != 2:
        raise TypeError("change.span must be two word offsets")
    return Edit(_str(change, "operation"), span[0], span[1], _str(data, "text"))


def _seconded(state: State, data: Mapping[str, JSONValue]) -> State:
    question = _need(state, _str(data, "question"))
    return state.with_question(replace(question, seconder=_str(data, "seconder")))


def _stated(state: State, data: Mapping[str, JSONValue]) -> State:
    question = _need(state, _str(data, "question"))
    return state.with_question(replace(question, status=st.PENDING))


def _put(state: State, data: Mapping[str, JSONValue]) -> State:
    question = _need(state, _str(data, "question"))
    speakers = tuple(s for s in state.speakers if s.question != question.id)
    return replace(state.with_question(replace(question, status=st.VOTING)), speakers=speakers)


def _division(state: State, data: Mapping[str, JSONValue]) -> State:
    question = _need(state, _str(data, "question"))
    return state.with_question(replace(question, counted=True))


def _adopted(state: State, data: Mapping[str, JSONValue]) -> State:
    return _resolve(state, _str(data, "question"), st.ADOPTED)


def _rejected(state: State, data: Mapping[str, JSONValue]) -> State:
    return _resolve(state, _str(data, "question"), st.REJECTED)


def _declared(state: State, data: Mapping[str, JSONValue]) -> State:
    adopted = _bool(data, "adopted")
    return _resolve(state, _str(data, "question"), st.ADOPTED if adopted else st.REJECTED)


def _chair_taken(state: State, data: Mapping[str, JSONValue]) -> State:
    return replace(state, presiding=_opt_str(data, "delegate") or _opt_str(data, "name"))


def _amended(state: State, data: Mapping[str, JSONValue]) -> State:
    question = _need(state, _str(data, "question"))
    return state.with_question(replace(question, amended_text=_str(data, "text")))


def _grouped(status: str) -> Callable[[State, Mapping[str, JSONValue]], State]:
    # a main question goes with the motions adhering to it: they come back together
    def handler(state: State, data: Mapping[str, JSONValue]) -> State:
        ids = _strs(data, "questions")
        state = _set_status(state, ids, status)
        if ids:
            head = _need(state, ids[0])
            state = state.with_question(
                replace(
                    head,
                    adhering=ids[1:],
                    until=_opt_str(data, "until") or head.until,
                    committee=_opt_str(data, "committee") or head.committee,
                )
            )
        return state

    return handler


def _brought_back(state: State, data: Mapping[str, JSONValue]) -> State:
    ids = _strs(data, "questions")
    for question_id in ids:
        question = _need(state, question_id)
        state = state.with_question(replace(question, status=st.PENDING, adhering=()))
    return replace(state, stack=(*state.stack, *ids))


def _debate_closed(state: State, data: Mapping[str, JSONValue]) -> State:
    for question_id in _strs(data, "questions"):
        state = state.with_question(replace(_need(state, question_id), debate_closed=True))
    return state


def _debate_limited(state: State, data: Mapping[str, JSONValue]) -> State:
    seconds = _opt_int(data, "speech_seconds")
    speeches = _opt_int(data, "speeches_per_member")
    for question_id in _strs(data, "questions"):
        question = _need(state, question_id)
        state = state.with_question(
            replace(
                question,
                speech_seconds=seconds if seconds is not None else question.speech_seconds,
                speeches_per_member=(
                    speeches if speeches is not None else question.speeches_per_member
                ),
            )
        )
    return state


def _single(status: str) -> Callable[[State, Mapping[str, JSONValue]], State]:
    def handler(state: State, data: Mapping[str, JSONValue]) -> State:
        return _resolve(state, _str(data, "question"), status)

    return handler


def _withdrawn(state: State, data: Mapping[str, JSONValue]) -> State:
    return _set_status(state, _strs(data, "questions"), st.WITHDRAWN)


def _set_aside(state: State, data: Mapping[str, JSONValue]) -> State:
    return _set_status(state, _strs(data, "questions"), st.NO_VOTE_TAKEN)


def _reconsidered(state: State, data: Mapping[str, JSONValue]) -> State:
    question = _need(state, _str(data, "question"))
    state = state.with_question(replace(question, status=st.PENDING, debate_closed=False))
    return replace(state, stack=(*state.stack, question.id))


def _divided(state: State, data: Mapping[str, JSONValue]) -> State:
    whole = _need(state, _str(data, "question"))
    state = _resolve(state, whole.id, st.DIVIDED)
    ids = _strs(data, "parts")
    texts = _strs(data, "texts")
    if len(ids) != len(texts):
        raise TypeError("parts and texts differ in length")
    # the parts are taken up one after another: the first now, each other after the one before
    previous: str | None = None
    for question_id, text in zip(ids, texts, strict=True):
        part = Question(
            id=question_id,
            motion=whole.motion,
            text=text,
            amended_text=text,
            mover=whole.mover,
            seconder=whole.seconder,
            status=st.PENDING if previous is None else st.POSTPONED,
            until=None if previous is None else f"after {previous}",
            agenda_item=whole.agenda_item,
        )
        state = state.with_question(part)
        if previous is None:
            state = replace(state, stack=(*state.stack, part.id))
        previous = question_id
    return state


def _nothing(state: State, data: Mapping[str, JSONValue]) -> State:
    return state  # recorded for the minutes; the procedural state does not change


def _adjournment_fixed(state: State, data: Mapping[str, JSONValue]) -> State:
    return replace(state, adjourn_to=_opt_str(data, "to"))


def _recessed(state: State, data: Mapping[str, JSONValue]) -> State:
    return replace(state, status="recessed", floor=None)


def _resumed(state: State, data: Mapping[str, JSONValue]) -> State:
    return replace(state, status="open")


def _adjourned(state: State, data: Mapping[str, JSONValue]) -> State:
    state = _set_status(state, _strs(data, "no_vote_taken"), st.NO_VOTE_TAKEN)
    return replace(state, status="adjourned", stack=(), floor=None, interrupted=(), speakers=())


def _with_ruling(state: State, ruling: Ruling) -> State:
    if state.ruling(ruling.id) is None:
        return replace(state, rulings=(*state.rulings, ruling))
    return replace(state, rulings=tuple(ruling if r.id == ruling.id else r for r in state.rulings))


def _ruling_made(state: State, data: Mapping[str, JSONValue]) -> State:
    question_id = _opt_str(data, "question")
    ruling = Ruling(
        id=_str(data, "ruling"),
        text=_str(data, "text"),
        question=question_id,
        well_taken=_opt_bool(data, "well_taken"),
    )
    state = _with_ruling(state, ruling)
    if question_id is not None:
        state = _resolve(state, question_id, st.RULED)
    return state


def _ruling_status(status: str) -> Callable[[State, Mapping[str, JSONValue]], State]:
    def handler(state: State, data: Mapping[str, JSONValue]) -> State:
        ruling = state.ruling(_str(data, "ruling"))
        if ruling is None:
            raise KeyError(f"no ruling {data['ruling']!r}")
        return _with_ruling(state, replace(ruling, status=status))

    return handler


def _floor_requested(state: State, data: Mapping[str, JSONValue]) -> State:
    request = SpeakerRequest(
        delegate=_str(data, "delegate"),
        side=_opt_str(data, "side"),
        in_name_of=_opt_str(data, "in_name_of"),
        question=_opt_str(data, "question"),
        at=_time(data, "at"),
    )
    return replace(state, speakers=(*state.speakers, request))


def _floor_request_withdrawn(state: State, data: Mapping[str, JSONValue]) -> State:
    delegate = _str(data, "delegate")
    return replace(state, speakers=tuple(s for s in state.speakers if s.delegate != delegate))


def _floor_given(state: State, data: Mapping[str, JSONValue]) -> State:
    delegate = _str(data, "delegate")
    question_id = _opt_str(data, "question")
    kind = _str(data, "kind")
    floor = Floor(
        delegate=delegate,
        since=_time(data, "at"),
        kind=kind,
        question=question_id,
        seconds=_int(data, "seconds"),
        in_name_of=_opt_str(data, "in_name_of"),
        side=_opt_str(data, "side"),
    )
    speakers = state.speakers
    if kind == "speech":
        # the first request of this delegate is the one being answered
        for i, request in enumerate(speakers):
            if request.delegate == delegate:
                speakers = speakers[:i] + speakers[i + 1 :]
                break
    state = replace(
        state,
        floor=floor,
        speakers=speakers,
        last_side=floor.side if kind == "speech" else state.last_side,
    )
    if question_id is not None and _bool(data, "counts_as_speech"):
        question = _need(state, question_id)
        state = state.with_question(replace(question, speakers=(*question.speakers, delegate)))
    return state


def _floor_yielded(state: State, data: Mapping[str, JSONValue]) -> State:
    if _bool(data, "interrupted"):
        # an interrupted speaker who left: they will not resume
        delegate = _str(data, "delegate")
        return replace(
            state, interrupted=tuple(f for f in state.interrupted if f.delegate != delegate)
        )
    return replace(state, floor=None)


def _floor_interrupted(state: State, data: Mapping[str, JSONValue]) -> State:
    if state.floor is None:
        raise KeyError("nobody has the floor")
    return replace(state, interrupted=(*state.interrupted, state.floor), floor=None)


def _floor_resumed(state: State, data: Mapping[str, JSONValue]) -> State:
    if not state.interrupted:
        raise KeyError("nobody was interrupted")
    return replace(state, floor=state.interrupted[-1], interrupted=state.interrupted[:-1])


def _speakers_closed(state: State, data: Mapping[str, JSONValue]) -> State:
    return replace(state, list_closed=True)


def _speakers_reopened(state: State, data: Mapping[str, JSONValue]) -> State:
    return replace(state, list_closed=False)


def _agenda_changed(state: State, data: Mapping[str, JSONValue]) -> State:
    items = data["items"]
    if not isinstance(items, list):
        raise TypeError("items must be a list")
    old = {item.id: item for item in state.agenda}
    agenda: list[AgendaItem] = []
    for entry in items:
        if not isinstance(entry, dict):
            raise TypeError("an agenda item must be an object")
        item_id = _str(entry, "item")
        previous = old.get(item_id)
        agenda.append(
            AgendaItem(
                id=item_id,
                title=_str(entry, "title"),
                order_of_the_day=_bool(entry, "order_of_the_day"),
                status=previous.status if previous else "waiting",
            )
        )
    return replace(state, agenda=tuple(agenda), agenda_adopted=True)


def _agenda_adopted(state: State, data: Mapping[str, JSONValue]) -> State:
    items = data["items"]
    if not isinstance(items, list):
        raise TypeError("items must be a list")
    agenda: list[AgendaItem] = []
    for entry in items:
        if not isinstance(entry, dict):
            raise TypeError("an agenda item must be an object")
        agenda.append(
            AgendaItem(
                id=_str(entry, "item"),
                title=_str(entry, "title"),
                order_of_the_day=_bool(entry, "order_of_the_day"),
                reporter=_opt_str(entry, "reporter"),
                starts=_opt_str(entry, "starts"),
                minutes=_opt_int(entry, "minutes"),
            )
        )
    return replace(state, agenda=tuple(agenda), agenda_adopted=True)


def _item_taken_up(state: State, data: Mapping[str, JSONValue]) -> State:
    item_id = _str(data, "item")
    if all(item.id != item_id for item in state.agenda):
        raise KeyError(f"no agenda item {item_id!r}")
    agenda = tuple(
        replace(item, status="current")
        if item.id == item_id
        else replace(item, status="done")
        if item.status == "current"
        else item
        for item in state.agenda
    )
    # a new item opens a new speakers' list
    return replace(state, agenda=agenda, speakers=(), list_closed=False, last_side=None)


_HANDLERS: dict[str, Callable[[State, Mapping[str, JSONValue]], State]] = {
    k.DELEGATE_REGISTERED: _registered,
    k.PRESENCE_CHANGED: _presence,
    k.QUORUM_LOST: _quorum_flag,
    k.QUORUM_REGAINED: _quorum_flag,
    k.MOTION_MOVED: _moved,
    k.MOTION_SECONDED: _seconded,
    k.QUESTION_STATED: _stated,
    k.QUESTION_PUT: _put,
    k.VOTE_CANCELLED: _stated,  # the question is before the body again, as when stated
    k.DIVISION_DEMANDED: _division,
    k.MOTION_ADOPTED: _adopted,
    k.MOTION_REJECTED: _rejected,
    k.MOTION_DECLARED: _declared,
    k.TEXT_AMENDED: _amended,
    k.MOTION_TABLED: _grouped(st.TABLED),
    k.MOTION_POSTPONED: _grouped(st.POSTPONED),
    k.MOTION_REFERRED: _grouped(st.REFERRED),
    k.MOTION_TAKEN_FROM_TABLE: _brought_back,
    k.QUESTION_TAKEN_UP: _brought_back,
    k.DEBATE_CLOSED: _debate_closed,
    k.DEBATE_LIMITED: _debate_limited,
    k.MOTION_POSTPONED_INDEFINITELY: _grouped(st.POSTPONED_INDEFINITELY),
    k.MOTION_WITHDRAWN: _withdrawn,
    k.MOTION_SET_ASIDE: _set_aside,
    k.MOTION_RECONSIDERED: _reconsidered,
    k.MOTION_RESCINDED: _single(st.RESCINDED),
    k.MOTION_NOT_CONSIDERED: _single(st.NOT_CONSIDERED),
    k.QUESTION_DIVIDED: _divided,
    k.RULES_SUSPENDED: _nothing,
    k.ORDERS_CALLED: _nothing,
    k.DEMAND_MADE: _nothing,
    k.ADJOURNMENT_FIXED: _adjournment_fixed,
    k.SESSION_RECESSED: _recessed,
    k.SESSION_RESUMED: _resumed,
    k.SESSION_ADJOURNED: _adjourned,
    k.RULING_MADE: _ruling_made,
    k.RULING_SUSTAINED: _ruling_status("sustained"),
    k.RULING_REVERSED: _ruling_status("reversed"),
    k.FLOOR_REQUESTED: _floor_requested,
    k.FLOOR_REQUEST_WITHDRAWN: _floor_request_withdrawn,
    k.FLOOR_GIVEN: _floor_given,
    k.FLOOR_YIELDED: _floor_yielded,
    k.FLOOR_INTERRUPTED: _floor_interrupted,
    k.FLOOR_RESUMED: _floor_resumed,
    k.SPEAKERS_CLOSED: _speakers_closed,
    k.SPEAKERS_REOPENED: _speakers_reopened,
    k.FLOOR_INTERJECTED: _nothing,  # words from the floor: the floor is unchanged
    k.GUEST_HEARD: _nothing,
    k.REPORT_READ: _nothing,
    k.CHAIR_TAKEN: _chair_taken,
    k.AGENDA_CHANGED: _agenda_changed,
    k.AGENDA_ADOPTED: _agenda_adopted,
    k.AGENDA_ITEM_TAKEN_UP: _item_taken_up,
}

# The engine's events are the catalogue's acts of procedure (smolny.record.kinds), each
# defined there once with its members; every one has its handler above, and no other kind
# has one (tests/procedure/test_procedure_events.py holds the two in step).
EVENT_KINDS = tuple(sorted(name for name, kind in k.CATALOGUE.items() if kind.engine))
