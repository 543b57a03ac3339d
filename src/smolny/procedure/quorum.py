"""Quorum: how many delegates must be present for the body to do business."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from smolny.procedure.events import JSONValue
from smolny.procedure.rulebook import JointRule, QuorumRule, Rulebook
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


@dataclass(frozen=True)
class BodyQuorum:
    """One body's presence against its own quorum, in a joint session."""

    body: str
    members: int
    present: int
    quorum: int
    quorate: bool

    def record(self) -> dict[str, str | int | bool]:
        """As the record shows it, in a decision's `bodies`."""
        return {
            "body": self.body,
            "members": self.members,
            "present_count": self.present,
            "quorum": self.quorum,
            "quorate": self.quorate,
        }


def body_quorums(rule: QuorumRule, state: State) -> tuple[BodyQuorum, ...]:
    """Each body's presence and quorum in a joint session (by its own quorum rule, from
    its own members and its own delegates); empty for the sitting of one body."""
    found = []
    for body in state.bodies:
        own = [d for d in state.delegates if d.sits_for == body.slug]
        present = sum(1 for d in own if d.present)
        needed = quorum_number(body.quorum or rule, body.members, len(own))
        found.append(BodyQuorum(body.slug, body.members, present, needed, present >= needed))
    return tuple(found)


def joint_quorate(
    rule: QuorumRule, joint: JointRule, state: State
) -> tuple[int, bool, tuple[BodyQuorum, ...]]:
    """The quorum of the sitting in `state`, whether it holds, and each body's (if joint).

    A joint session is quorate when every body is, unless the rulebook's `[joint]` says the
    quorum is counted jointly; its quorum is then the whole's, else the sum of the bodies'.
    """
    bodies = body_quorums(rule, state)
    if not bodies or joint.quorum == "jointly":
        needed = state_quorum(rule, state)
        return needed, present_count(state) >= needed, bodies
    return sum(b.quorum for b in bodies), all(b.quorate for b in bodies), bodies


@dataclass(frozen=True)
class QuorumStatus:
    """Presence against the quorum at one moment."""

    present: int
    quorum: int
    quorate: bool
    bodies: tuple[BodyQuorum, ...] = ()  # a joint session's bodies, each against its own

    def lacking(self) -> str:
        """Why there is no quorum, in a chair's words: the figures, and in a joint session
        the bodies without theirs."""
        short = [
            f"{b.body}: {b.present} present, {b.quorum} needed"
            for b in self.bodies
            if not b.quorate
        ]
        if short:
            return "; ".join(short)
        return f"{self.present} present, {self.quorum} needed"

    def record(self) -> dict[str, JSONValue]:
        """The presence behind a decision, as the record shows it."""
        data: dict[str, JSONValue] = {
            "present_count": self.present,
            "quorum": self.quorum,
            "quorate": self.quorate,
        }
        if self.bodies:
            data["bodies"] = [dict(b.record()) for b in self.bodies]
        return data


def quorum_status(rulebook: Rulebook, state: State) -> QuorumStatus:
    """How many are present, how many a quorum needs, and whether there is one (in a joint
    session, each body's too: see `joint_quorate`)."""
    needed, quorate, bodies = joint_quorate(rulebook.quorum, rulebook.joint, state)
    return QuorumStatus(present_count(state), needed, quorate, bodies)
