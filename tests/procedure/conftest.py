"""A chair driving the engine in tests: every accepted act is checked to replay exactly, and
each of its events against its kind in the catalogue of entry kinds (smolny.record.kinds)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

import pytest

from smolny.procedure import (
    Accepted,
    Act,
    AgendaItem,
    Delegate,
    Event,
    Move,
    PutQuestion,
    Question,
    RecordResult,
    Refused,
    Rulebook,
    Second,
    State,
    StateQuestion,
    apply_all,
    attempt,
    initial_state,
    load_rulebook,
)
from smolny.record import kinds


def json_safe(value: Any) -> bool:
    """Only str, int, bool, None, and lists and dicts (with str keys) of those."""
    if value is None or isinstance(value, (str, bool, int)):
        return not isinstance(value, float)
    if isinstance(value, list):
        return all(json_safe(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and json_safe(v) for k, v in value.items())
    return False


def catalogue_problems(event: Event) -> list[str]:
    """What the catalogue finds wrong with `event` as the domain records it: tagged with
    its session, and a motion moved with its title (both added by the domain)."""
    data: dict[str, Any] = {"session": "s1", **json.loads(json.dumps(event.data))}
    if event.kind == kinds.MOTION_MOVED:
        data["title"] = "A motion"
    return [f"{event.kind}: {problem}" for problem in kinds.check(event.kind, data)]


def replay(state: State, events: Iterable[Event]) -> State:
    """Replay `events` as a journal would hand them back: through JSON."""
    again = [Event(e.kind, json.loads(json.dumps(e.data))) for e in events]
    return apply_all(state, again)


class Chair:
    """Holds a session's state and events; `do` insists on acceptance, `refuse` on refusal."""

    def __init__(self, rulebook: Rulebook, state: State) -> None:
        self.rulebook = rulebook
        self.state = state
        self.start = state
        self.events: list[Event] = []

    def do(self, act: Act) -> tuple[Event, ...]:
        before = self.state
        outcome = attempt(self.rulebook, before, act)
        assert isinstance(outcome, Accepted), f"{act} refused: {outcome}"
        assert self.state is before  # attempt changed nothing in place
        for event in outcome.events:
            assert json_safe(event.data), event
            assert catalogue_problems(event) == [], event
        assert replay(before, outcome.events) == outcome.state
        self.state = outcome.state
        self.events.extend(outcome.events)
        return outcome.events

    def refuse(self, act: Act) -> Refused:
        outcome = attempt(self.rulebook, self.state, act)
        assert isinstance(outcome, Refused), f"{act} accepted: {outcome}"
        return outcome

    def move(
        self, id: str, motion: str, mover: str, seconder: str | None = None, **kw: Any
    ) -> None:
        """Move, second if the rulebook wants it, and state the question."""
        self.do(Move(id=id, motion=motion, mover=mover, **kw))
        rule = self.rulebook.motion(motion)
        assert rule is not None
        if rule.second:
            assert seconder is not None, f"{motion} needs a seconder"
            self.do(Second(id, seconder))
        self.do(StateQuestion(id))

    def vote(self, id: str, yes: int, no: int, abstain: int = 0, **kw: Any) -> Event:
        """Put the question and record the result; the decision event."""
        self.do(PutQuestion(id))
        events = self.do(RecordResult(id, yes, no, abstain, **kw))
        return events[0]

    def kinds(self) -> list[str]:
        return [e.kind for e in self.events]

    def status(self, question_id: str) -> str:
        question = self.state.question(question_id)
        assert question is not None
        return question.status


@pytest.fixture
def robert() -> Rulebook:
    return load_rulebook("robert")


@pytest.fixture
def standing_orders() -> Rulebook:
    return load_rulebook("standing-orders")


def assembly(
    n: int, present: int | None = None, factions: dict[str, int] | None = None
) -> list[Delegate]:
    """`n` delegates d1..dn, the first `present` of them present, in factions in order."""
    present = n if present is None else present
    delegates = []
    names = []
    for faction, size in (factions or {}).items():
        names += [faction] * size
    for i in range(n):
        faction = names[i] if i < len(names) else None
        delegates.append(Delegate(f"d{i + 1}", faction=faction, present=i < present))
    return delegates


@pytest.fixture
def make_chair() -> Callable[..., Chair]:
    def make(
        rulebook: Rulebook,
        members: int = 10,
        present: int | None = None,
        delegates: list[Delegate] | None = None,
        agenda: tuple[AgendaItem, ...] = (),
        carried: tuple[Question, ...] = (),
    ) -> Chair:
        people = delegates if delegates is not None else assembly(members, present)
        return Chair(rulebook, initial_state(rulebook, members, people, agenda, carried))

    return make
