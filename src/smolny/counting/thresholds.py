"""Thresholds: whether a yes/no/abstain tally carries a question, exactly.

A threshold is a rule (simple, majority, two-thirds, three-quarters, unanimous)
applied to a basis (votes cast, valid votes, members present, members). Head
counts and weighted counts are never mixed: a tally says which unit it holds.
All arithmetic is on integers and `Fraction`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from fractions import Fraction

Number = int | Fraction


class Rule(enum.Enum):
    """What share of the basis the yes votes must reach."""

    SIMPLE = "simple"  # more yes than no
    MAJORITY = "majority"  # more than one half of the basis
    TWO_THIRDS = "two-thirds"  # at least two thirds of the basis
    THREE_QUARTERS = "three-quarters"  # at least three quarters of the basis
    UNANIMOUS = "unanimous"  # all of the basis


class Basis(enum.Enum):
    """What the share is taken of."""

    VOTES_CAST = "votes-cast"  # yes + no; abstentions are not votes (RONR 44:1)
    VALID_VOTES = "valid-votes"  # yes + no + abstain
    MEMBERS_PRESENT = "members-present"
    MEMBERS = "members"


class Unit(enum.Enum):
    """What a tally counts: people, or their weights. Never both in one number."""

    HEADS = "heads"
    WEIGHT = "weight"


class TieRule(enum.Enum):
    """What a tie (as many yes as needed-but-not-reached, yes == no) does."""

    FAILS = "fails"  # RONR: a tie vote is lost
    CHAIR_DECIDES = "chair-decides"  # the chair's casting vote


class ThresholdError(ValueError):
    """A threshold name or a tally that cannot be used."""


_RATIO: dict[Rule, Fraction] = {
    Rule.MAJORITY: Fraction(1, 2),
    Rule.TWO_THIRDS: Fraction(2, 3),
    Rule.THREE_QUARTERS: Fraction(3, 4),
    Rule.UNANIMOUS: Fraction(1),
}


@dataclass(frozen=True)
class Threshold:
    """A rule on a basis, named in rulebooks as `RULE` or `RULE-of-BASIS`."""

    rule: Rule
    basis: Basis = Basis.VOTES_CAST
    ties: TieRule = TieRule.FAILS

    @property
    def key(self) -> str:
        """The name of this threshold in rulebooks and in the record."""
        if self.basis is Basis.VOTES_CAST:
            return self.rule.value
        return f"{self.rule.value}-of-{self.basis.value}"

    @classmethod
    def parse(cls, key: str, ties: TieRule = TieRule.FAILS) -> Threshold:
        """Read `majority`, `two-thirds`, `majority-of-members`, `unanimous-of-members-present`."""
        rule_part, sep, basis_part = key.partition("-of-")
        try:
            rule = Rule(rule_part)
            basis = Basis(basis_part) if sep else Basis.VOTES_CAST
        except ValueError:
            rules = ", ".join(r.value for r in Rule)
            bases = ", ".join(b.value for b in Basis)
            raise ThresholdError(
                f"unknown threshold {key!r}: expected RULE or RULE-of-BASIS, "
                f"RULE one of {rules}; BASIS one of {bases}"
            ) from None
        if rule is Rule.SIMPLE and sep:
            raise ThresholdError(f"unknown threshold {key!r}: a simple majority has no basis")
        return cls(rule, basis, ties)

    def describe(self) -> str:
        """Words a chair can read out: 'a majority of the votes cast'."""
        rule = {
            Rule.SIMPLE: "more votes for than against",
            Rule.MAJORITY: "a majority",
            Rule.TWO_THIRDS: "two thirds",
            Rule.THREE_QUARTERS: "three quarters",
            Rule.UNANIMOUS: "all",
        }[self.rule]
        if self.rule is Rule.SIMPLE:
            return rule
        basis = {
            Basis.VOTES_CAST: "the votes cast",
            Basis.VALID_VOTES: "the valid votes",
            Basis.MEMBERS_PRESENT: "the members present",
            Basis.MEMBERS: "the members",
        }[self.basis]
        return f"{rule} of {basis}"


@dataclass(frozen=True)
class Tally:
    """A yes/no/abstain count in one unit, with the presence it was taken in."""

    yes: Number
    no: Number
    abstain: Number = 0
    unit: Unit = Unit.HEADS
    present: Number | None = None
    members: Number | None = None

    def __post_init__(self) -> None:
        for name in ("yes", "no", "abstain", "present", "members"):
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, (int, Fraction)):
                raise ThresholdError(f"{name} must be an integer or a Fraction, not {value!r}")
            if value < 0:
                raise ThresholdError(f"{name} must not be negative (got {value})")
        if self.unit is Unit.HEADS:
            for name in ("yes", "no", "abstain", "present", "members"):
                value = getattr(self, name)
                if value is not None and not isinstance(value, int):
                    raise ThresholdError(f"a head count must be whole: {name} = {value}")

    def base(self, basis: Basis) -> Number:
        """The size of the basis for this tally; refuses a basis the tally cannot give."""
        if basis is Basis.VOTES_CAST:
            return self.yes + self.no
        if basis is Basis.VALID_VOTES:
            return self.yes + self.no + self.abstain
        if basis is Basis.MEMBERS_PRESENT:
            if self.present is None:
                raise ThresholdError("this threshold needs the number of members present")
            if self.present < self.yes + self.no + self.abstain:
                raise ThresholdError(
                    f"more votes ({self.yes + self.no + self.abstain}) than members present "
                    f"({self.present})"
                )
            return self.present
        if self.members is None:
            raise ThresholdError("this threshold needs the number of members")
        if self.members < self.yes + self.no + self.abstain:
            raise ThresholdError(
                f"more votes ({self.yes + self.no + self.abstain}) than members ({self.members})"
            )
        return self.members


@dataclass(frozen=True)
class Decision:
    """The outcome of applying a threshold to a tally, with the figures behind it."""

    adopted: bool
    tie: bool  # True when the outcome turned on a tie (decided by the tie rule)
    threshold: Threshold
    unit: Unit
    base: Number  # the size of the basis
    required: Number  # the least number of yes votes that carries (in the tally's unit)
    yes: Number
    no: Number
    abstain: Number
    # True when yes must be strictly more than `required`: weights have no least amount
    # above a bound, so a weighted "more than" is stated as the bound itself
    strict: bool = False

    def explain(self) -> str:
        """One sentence for the minutes: the figures and why the question was carried or lost."""
        outcome = "adopted" if self.adopted else "rejected"
        unit = "" if self.unit is Unit.HEADS else " (weighted)"
        return (
            f"{self.yes} for, {self.no} against, {self.abstain} abstaining{unit}; "
            f"needed {self.threshold.describe()} "
            f"({'more than ' if self.strict else ''}{self.required} of {self.base}): {outcome}"
            + (" on a tie" if self.tie else "")
        )


def least_yes(threshold: Threshold, base: Number, no: Number = 0) -> Number:
    """The least number of yes votes that carries, given the basis size (and the no votes)."""
    if threshold.rule is Rule.SIMPLE:
        return _next_above(no)
    ratio = _RATIO[threshold.rule]
    target = ratio * base
    if threshold.rule is Rule.MAJORITY:
        return _next_above(target)  # more than half
    return _ceil(target) if isinstance(base, int) else target  # at least the share


def _next_above(value: Number) -> Number:
    # the least whole count strictly above `value`; weights are compared exactly instead
    if isinstance(value, Fraction) and value.denominator != 1:
        return value.__floor__() + 1
    return int(value) + 1


def _ceil(value: Number) -> int:
    return -((-value).__floor__()) if isinstance(value, Fraction) else int(value)


def decide(threshold: Threshold, tally: Tally, casting_vote: bool | None = None) -> Decision:
    """Whether `tally` carries under `threshold`; ties go by the threshold's tie rule.

    With `TieRule.CHAIR_DECIDES`, `casting_vote` is the chair's vote (True for yes);
    it must be given when the tally is a tie.
    """
    base = tally.base(threshold.basis)
    yes, no = tally.yes, tally.no
    if threshold.rule is Rule.SIMPLE:
        carried = yes > no
        tie = yes == no
    elif threshold.rule is Rule.MAJORITY:
        carried = yes * 2 > base
        tie = yes * 2 == base
    elif threshold.rule is Rule.UNANIMOUS:
        carried = base > 0 and yes == base
        tie = False
    else:
        ratio = _RATIO[threshold.rule]
        carried = yes >= ratio * base and base > 0
        tie = False
    if base == 0 and threshold.rule is not Rule.SIMPLE:
        carried, tie = False, False
    if tie and threshold.ties is TieRule.CHAIR_DECIDES:
        if casting_vote is None:
            raise ThresholdError("a tie: the chair's casting vote is needed")
        carried = casting_vote
    strict = tally.unit is Unit.WEIGHT and threshold.rule in (Rule.SIMPLE, Rule.MAJORITY)
    if tally.unit is Unit.HEADS:
        required = least_yes(threshold, base, no)
    elif threshold.rule is Rule.SIMPLE:
        required = no
    else:
        # exact, not rounded: a weighted yes of 20/3 does reach two thirds of 10
        required = _RATIO[threshold.rule] * base
    return Decision(
        adopted=carried,
        tie=tie,
        threshold=threshold,
        unit=tally.unit,
        base=base,
        required=required,
        yes=yes,
        no=no,
        abstain=tally.abstain,
        strict=strict,
    )
