"""The verifier's arithmetic of a decision: the threshold applied again to the figures a
`motion.adopted` or `motion.rejected` entry records (docs/record-format.md, section 7.1).

From the recorded threshold, counts and presence alone it recomputes the base, the
least number of votes that carries, whether the vote was a tie, and so whether the
motion was adopted; a tie goes by the rulebook's tie rule when the rulebook is one smolny
ships (`record.rulebooks`), else either way the record may show it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from smolny.record import kinds as k
from smolny.record.apportion import parse_fraction
from smolny.record.rulebooks import RulebookFacts

RULES = {
    "simple": None,
    "majority": Fraction(1, 2),
    "two-thirds": Fraction(2, 3),
    "three-quarters": Fraction(3, 4),
    "unanimous": Fraction(1),
}
BASES = ("votes-cast", "valid-votes", "members-present", "members")


@dataclass(frozen=True)
class Arithmetic:
    """What the threshold gives for the recorded figures."""

    base: Fraction
    required: Fraction
    strict: bool
    carried: bool
    tie: bool


def number_text(value: Fraction) -> int | str:
    """A number as a decision records it: an integer, or `p/q`."""
    return value.numerator if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def threshold_of(name: str) -> tuple[str, str]:
    """(RULE, BASIS) of `RULE` or `RULE-of-BASIS`; ValueError for another name."""
    rule, sep, basis = name.partition("-of-")
    basis = basis if sep else "votes-cast"
    if rule not in RULES or basis not in BASES or (rule == "simple" and sep):
        raise ValueError(f"unknown threshold {name!r}")
    return rule, basis


def arithmetic(data: Mapping[str, Any]) -> Arithmetic:
    """The threshold of a decision applied to its recorded counts; ValueError when the
    figures cannot be read or the basis cannot be taken."""
    rule, basis = threshold_of(str(data["threshold"]))
    yes, no, abstain = (parse_fraction(data[k]) for k in ("yes", "no", "abstain"))
    heads = data["unit"] == "heads"
    if heads and any(v.denominator != 1 for v in (yes, no, abstain)):
        raise ValueError("a head count is not whole")
    if data.get("carried_by") == "no":
        yes, no = no, yes  # the motion carries when the noes reach the threshold
    base = _base(basis, yes, no, abstain, data, heads)
    if rule == "simple":
        carried, tie = yes > no, yes == no
    elif rule == "majority":
        carried, tie = yes * 2 > base, yes * 2 == base
    elif rule == "unanimous":
        carried, tie = base > 0 and yes == base, False
    else:
        carried, tie = base > 0 and yes >= RULES[rule] * base, False  # type: ignore[operator]
    if base == 0 and rule != "simple":
        carried, tie = False, False
    return Arithmetic(
        base,
        _required(rule, base, no, heads),
        not heads and rule in ("simple", "majority"),
        carried,
        tie,
    )


def _base(
    basis: str, yes: Fraction, no: Fraction, abstain: Fraction, data: Mapping[str, Any], heads: bool
) -> Fraction:
    if basis == "votes-cast":
        return yes + no
    if basis == "valid-votes":
        return yes + no + abstain
    if not heads:
        raise ValueError(f"a weighted count has no base of {basis}")
    key = "present_count" if basis == "members-present" else "members"
    size = data.get(key)
    if type(size) is not int or size < yes + no + abstain:
        raise ValueError(f"the decision records {key} {size!r}, fewer than its votes")
    return Fraction(size)


def _required(rule: str, base: Fraction, no: Fraction, heads: bool) -> Fraction:
    """The least number of yes votes that carries; for weights, the bound itself (a
    weighted 'more than' has no least amount above it: `strict` says so)."""
    if rule == "simple":
        return Fraction(no.__floor__() + 1) if heads else no
    share = RULES[rule]
    assert share is not None
    if not heads:
        return share * base
    if rule == "majority":
        return Fraction((share * base).__floor__() + 1)
    return Fraction(-((-share * base).__floor__()))  # at least the share: rounded up


def check(decision: Any, facts: RulebookFacts | None) -> str | None:
    """What is wrong with a decision's arithmetic (`decision`: its entry), or None."""
    data = decision.data
    what = f"the decision on {data.get('question')} ({decision.kind})"
    try:
        found = arithmetic(data)
    except (KeyError, TypeError, ValueError) as exc:
        return f"{what}: its threshold cannot be applied to its figures ({exc})"
    recorded = [data.get("base"), data.get("required"), data.get("strict"), data.get("tie")]
    computed = [number_text(found.base), number_text(found.required), found.strict, found.tie]
    if recorded != computed:
        return (
            f"{what} records base, required, strict, tie {recorded}; its threshold "
            f"{data.get('threshold')} gives {computed}"
        )
    adopted = decision.kind == k.MOTION_ADOPTED
    if data.get("counted") == "by-body":
        every = all(item.get("adopted") is True for item in data.get("by_body") or [])
        if adopted != every:
            return f"{what}: counted by body, every body adopted it is {every}"
        return None
    allowed = {found.carried}
    casting = data.get("casting_vote")
    if found.tie and isinstance(casting, bool):
        ties = facts.ties if facts is not None else None
        allowed = {casting} if ties == "chair-decides" else {False} if ties else {False, casting}
    if adopted not in allowed:
        return (
            f"{what}: {data.get('yes')} for, {data.get('no')} against under "
            f"{data.get('threshold')} (base {computed[0]}, {computed[1]} needed) is "
            f"{'adopted' if not adopted else 'rejected'}"
        )
    return None
