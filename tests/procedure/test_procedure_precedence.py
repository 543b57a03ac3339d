"""The whole order of precedence, pair by pair: with motion A immediately pending, motion B is
in order exactly when it ranks above A or is adapted to apply to A (RONR §5)."""

from __future__ import annotations

import pytest

from smolny.procedure import (
    Accepted,
    AgendaItem,
    Move,
    Second,
    StateQuestion,
    attempt,
    initial_state,
    load_rulebook,
)
from smolny.procedure.state import Delegate

ROBERT = load_rulebook("robert")
RANKED = [m for m in ROBERT.ordered() if m.motion_class in ("privileged", "subsidiary")]
PARAMS = dict(
    text="words",
    until="Tuesday",
    committee="finance",
    speech_seconds=60,
)


def pending(key: str):
    """A state with a main motion, and `key` stated on top of it."""
    people = [Delegate(f"d{i}", present=True) for i in range(1, 11)]
    agenda = (AgendaItem("order", "Election", order_of_the_day=True),)
    state = initial_state(ROBERT, 10, people, agenda)
    for act in (Move("m", "main", "d1", text="That we buy a boat"), Second("m", "d2")):
        state = attempt(ROBERT, state, act).state
    state = attempt(ROBERT, state, StateQuestion("m")).state
    rule = ROBERT.motion(key)
    outcome = attempt(ROBERT, state, Move("a", key, "d3", **PARAMS))
    assert isinstance(outcome, Accepted), outcome
    state = outcome.state
    if rule.second:
        state = attempt(ROBERT, state, Second("a", "d4")).state
    if rule.decided_by_vote:
        state = attempt(ROBERT, state, StateQuestion("a")).state
    return state


PAIRS = [
    (a.key, b.key)
    for a in RANKED
    if a.decided_by_vote  # a point the chair rules on is disposed of before anything else
    for b in RANKED
]


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_precedence(a, b):
    state = pending(a)
    assert state.top().id == "a"
    rule_a, rule_b = ROBERT.motion(a), ROBERT.motion(b)
    outcome = attempt(ROBERT, state, Move("b", b, "d5", **PARAMS))
    expected = rule_b.rank > rule_a.rank or a in rule_b.applies_to
    if isinstance(outcome, Accepted):
        assert expected, f"{b} accepted over {a}"
    else:
        assert not expected, f"{b} refused over {a}: {outcome}"
        assert outcome.rule in ("precedence", "applies-to", "not-amendable"), outcome
