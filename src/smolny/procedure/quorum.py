"""Quorum: how many delegates must be present for the body to do business."""

from __future__ import annotations

from fractions import Fraction

from smolny.procedure.rulebook import QuorumRule
from smolny.procedure.state import State


def quorum_number(rule: QuorumRule, members: int, registered: int) -> int:
    """The least number of delegates present that makes a quorum under `rule`."""
    if rule.basis == "number":
        assert rule.number is not None  # the loader requires it
        return rule.number
    base = members if rule.basis == "members" else registered
    if rule.share == "majority":
        return base // 2 + 1
    share = Fraction(rule.share or "1/2")
    needed = share * base
    return -((-needed.numerator) // needed.denominator)  # at least the share: round up


def state_quorum(rule: QuorumRule, state: State) -> int:
    """The quorum for the session in `state` (registered delegates counted from it)."""
    return quorum_number(rule, state.members, len(state.delegates))


def present_count(state: State) -> int:
    """How many delegates are present."""
    return sum(1 for d in state.delegates if d.present)


def is_quorate(rule: QuorumRule, state: State) -> bool:
    """Whether the delegates present make a quorum."""
    return present_count(state) >= state_quorum(rule, state)
