"""The verifier's apportionment: seats shared between lists, factions or councils again,
from what the record says was counted, by the rules of docs/record-format.md section 7.

Written apart from `smolny.counting` (which wrote the record), integers and `Fraction`
only. `allot` returns the apportionment as the record holds it (docs/counting.md, "With
`--json`"), so that the verifier can compare it member by member with the recorded one.
A tie the votes do not settle is drawn as the record says it was: from a seed the record
holds, or in the order the body's lot gave, which the recorded tie itself lists.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

DIVISOR_METHODS = ("dhondt", "sainte-lague", "modified-sainte-lague", "huntington-hill")
QUOTA_METHODS = ("hare", "droop")
METHODS = DIVISOR_METHODS + QUOTA_METHODS


class Unverifiable(ValueError):
    """The record asks for a count that cannot be made as recorded (say why)."""


def fraction_text(value: int | Fraction) -> str:
    """An exact number as the record writes it: `7` or `7/5`."""
    value = Fraction(value)
    return (
        str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    )


def parse_fraction(text: Any) -> Fraction:
    """`7`, `"7"` or `"7/5"` as a Fraction; ValueError for anything else."""
    if type(text) is int:
        return Fraction(text)
    if not isinstance(text, str):
        raise ValueError(f"not an exact number: {text!r}")
    top, _, bottom = text.partition("/")
    if not top.lstrip("-").isdigit() or (bottom and not bottom.isdigit()):
        raise ValueError(f"not an exact number: {text!r}")
    return Fraction(int(top), int(bottom or 1))


@dataclass
class Lot:
    """How the ties votes do not settle are drawn: `random.Random(seed)` over the tied names
    sorted; or, without a seed, the order the record's own ties list (in the order the count
    meets them), which must name exactly the tied."""

    seed: int | None
    recorded: Sequence[Any] = ()
    met: int = 0  # ties met so far, votes-settled ones included

    def recorded_order(self, undecided: Sequence[str]) -> list[str]:
        tie = self.recorded[self.met - 1] if 0 < self.met <= len(self.recorded) else None
        order = tie.get("lot") if isinstance(tie, dict) else None
        if not isinstance(order, list) or sorted(map(str, order)) != sorted(undecided):
            raise Unverifiable(
                f"a tie between {', '.join(undecided)} was drawn by the body's lot, and the "
                "record's tie does not give that lot's order"
            )
        return [str(name) for name in order]


def _settle(
    contenders: Sequence[str], seats: int, votes: Mapping[str, int], at: str, lot: Lot
) -> dict[str, Any]:
    """The tie as the record writes it: more votes first, then the lot."""
    lot.met += 1
    winners: list[str] = []
    undecided = list(contenders)
    for count in sorted({votes[name] for name in contenders}, reverse=True):
        group = [name for name in contenders if votes[name] == count]
        if len(winners) + len(group) <= seats:
            winners.extend(group)
            continue
        undecided = group
        break
    tie: dict[str, Any] = {"contenders": list(contenders), "seats": seats, "at": at}
    if len(winners) == seats:
        return tie | {"winners": winners, "settled_by": "more votes", "lot": []}
    need = seats - len(winners)
    if lot.seed is None:
        order = lot.recorded_order(undecided)
        return tie | {"winners": winners + order[:need], "settled_by": "order given", "lot": order}
    drawn = sorted(undecided)
    random.Random(lot.seed).shuffle(drawn)
    return tie | {"winners": winners + drawn[:need], "settled_by": "lot", "lot": drawn}


# -- divisor methods -------------------------------------------------------------------------


def _divisor_squared(method: str, held: int) -> Fraction:
    if method == "dhondt":
        return Fraction((held + 1) ** 2)
    if method == "sainte-lague":
        return Fraction((2 * held + 1) ** 2)
    if method == "modified-sainte-lague":
        return Fraction(49, 25) if held == 0 else Fraction((2 * held + 1) ** 2)
    return Fraction(held * (held + 1))  # huntington-hill: the geometric mean, squared


def _sqrt(square: Fraction) -> Fraction | None:
    top, bottom = math.isqrt(square.numerator), math.isqrt(square.denominator)
    if top * top == square.numerator and bottom * bottom == square.denominator:
        return Fraction(top, bottom)
    return None


def _quotient(votes: int, square: Fraction) -> tuple[tuple[int, Fraction], dict[str, Any]]:
    """A quotient's rank (unbounded ones first, all equal) and its record."""
    root = _sqrt(square)
    divisor = fraction_text(root) if root is not None else f"√{square}"
    if square == 0:
        return (1, Fraction(0)), {
            "votes": votes,
            "divisor": divisor,
            "quotient": "∞",
            "quotient_squared": None,
        }
    squared = Fraction(votes * votes) / square
    shown = fraction_text(votes / root) if root is not None else f"{votes}/√{square}"
    return (0, squared), {
        "votes": votes,
        "divisor": divisor,
        "quotient": shown,
        "quotient_squared": fraction_text(squared),
    }


@dataclass
class _Count:
    seats: dict[str, int]
    trace: list[dict[str, Any]] = field(default_factory=list)
    ties: list[dict[str, Any]] = field(default_factory=list)


def _by_divisors(method: str, votes: dict[str, int], seats: int, lot: Lot) -> _Count:
    count = _Count({name: 0 for name in votes})
    awarded = 0
    while awarded < seats:
        ranked = {
            name: _quotient(n, _divisor_squared(method, count.seats[name]))
            for name, n in votes.items()
        }
        best = max(rank for rank, _ in ranked.values())
        tied = [name for name in votes if ranked[name][0] == best]
        left = seats - awarded
        if len(tied) > left:
            at = f"quotient {ranked[tied[0]][1]['quotient']}"
            tie = _settle(tied, left, votes, at, lot)
            count.ties.append(tie)
            winners = list(tie["winners"])
        else:
            winners = sorted(tied, key=lambda name: -votes[name])
        for name in winners:
            awarded += 1
            count.trace.append({"step": "seat", "seat": awarded, "name": name, **ranked[name][1]})
            count.seats[name] += 1
            ranked[name] = _quotient(votes[name], _divisor_squared(method, count.seats[name]))
    return count


# -- largest remainders ----------------------------------------------------------------------


def _by_remainders(method: str, votes: dict[str, int], seats: int, lot: Lot) -> _Count:
    total = sum(votes.values())
    if method == "hare":
        quota, formula = Fraction(total, seats), f"{total}/{seats} (Hare)"
    else:
        quota = Fraction(total // (seats + 1) + 1)
        formula = f"floor({total}/({seats}+1))+1 (Droop)"
    count = _Count({})
    count.trace.append(
        {
            "step": "quota",
            "quota": fraction_text(quota),
            "total_votes": total,
            "seats": seats,
            "formula": formula,
        }
    )
    remainder: dict[str, Fraction] = {}
    for name, n in votes.items():
        count.seats[name] = math.floor(n / quota)
        remainder[name] = n - count.seats[name] * quota
        count.trace.append(
            {
                "step": "quota-seats",
                "name": name,
                "votes": n,
                "seats": count.seats[name],
                "remainder": fraction_text(remainder[name]),
            }
        )
    extra, winners = _remainder_winners(
        votes, seats - sum(count.seats.values()), remainder, lot, count
    )
    ranking = sorted(votes, key=lambda name: (-remainder[name], name not in winners))
    for rank, name in enumerate(ranking, start=1):
        count.trace.append(
            {
                "step": "remainder",
                "rank": rank,
                "name": name,
                "remainder": fraction_text(remainder[name]),
                "seats": extra[name],
            }
        )
        count.seats[name] += extra[name]
    return count


def _remainder_winners(
    votes: dict[str, int], left: int, remainder: dict[str, Fraction], lot: Lot, count: _Count
) -> tuple[dict[str, int], set[str]]:
    """The seats each gets for its remainder (more seats than lists go round whole first),
    and those whose remainder won one of the seats left after the rounds."""
    extra = {name: left // len(votes) for name in votes}
    left %= len(votes)
    order = sorted(votes, key=lambda name: -remainder[name])  # ties keep the votes' order
    chosen = set(order[:left])
    if 0 < left < len(order) and remainder[order[left - 1]] == remainder[order[left]]:
        level = remainder[order[left]]
        tied = [name for name in votes if remainder[name] == level]
        above = [name for name in order[:left] if remainder[name] > level]
        tie = _settle(tied, left - len(above), votes, f"remainder {fraction_text(level)}", lot)
        count.ties.append(tie)
        chosen = set(above) | set(tie["winners"])
    for name in chosen:
        extra[name] += 1
    return extra, chosen


# -- the apportionment as recorded -----------------------------------------------------------


def _count(method: str, votes: dict[str, int], seats: int, lot: Lot) -> _Count:
    allot: Callable[[str, dict[str, int], int, Lot], _Count]
    allot = _by_divisors if method in DIVISOR_METHODS else _by_remainders
    return allot(method, votes, seats, lot)


def allot(
    method: str,
    votes: Mapping[str, int],
    seats: int,
    *,
    lot: Lot,
    threshold: Fraction | None = None,
    declined: Sequence[str] = (),
    declined_seats: str = "given",
    reserved: Sequence[str] = (),
) -> dict[str, Any]:
    """The apportionment of `seats` between `votes` (in the order the record gives them), as
    the record writes it: house size, each one's seats, the trace and the ties."""
    if method not in METHODS:
        raise Unverifiable(f"unknown apportionment method {method!r}")
    if type(seats) is not int or seats < 1:
        raise Unverifiable(f"cannot share {seats!r} seats")
    if any(type(n) is not int or n < 0 for n in votes.values()):
        raise Unverifiable("a vote count is not a whole number")
    total = sum(votes.values())
    trace: list[dict[str, Any]] = []
    qualified = {}
    for name, n in votes.items():
        if threshold is not None and n * 100 < threshold * total:
            trace.append(
                {
                    "step": "below-threshold",
                    "name": name,
                    "votes": n,
                    "total_votes": total,
                    "threshold_percent": fraction_text(threshold),
                }
            )
        else:
            qualified[name] = n
    contesting = {name: n for name, n in qualified.items() if n > 0}
    if not contesting:
        raise Unverifiable("no list with votes has a claim to the seats")
    first = _count(method, contesting, seats, lot)
    final, ties = first.seats, list(first.ties)
    trace += first.trace
    refused = {name: first.seats.get(name, 0) for name in declined}
    given = declined_seats == "given"
    trace += [
        {"step": "declined", "name": name, "seats": refused[name], "fate": declined_seats}
        for name in votes
        if name in refused
    ]
    if refused and given:
        rest = {name: n for name, n in contesting.items() if name not in refused}
        if not rest:
            raise Unverifiable("every list with a claim to seats declines them")
        trace.append(
            {"step": "recount", "without": [n for n in votes if n in refused], "seats": seats}
        )
        second = _count(method, rest, seats, lot)
        trace += second.trace
        ties += second.ties
        final = second.seats
    trace += [
        {"step": "reserved", "name": name, "seats": final[name]}
        for name in votes
        if name in reserved and final.get(name, 0)
    ]
    factions = []
    for name, n in votes.items():
        held = 0 if name in refused else final.get(name, 0)
        factions.append(
            {
                "name": name,
                "votes": n,
                "qualified": name in qualified,
                "seats": held,
                "taken": 0 if name in reserved else held,
                "reserved": held if name in reserved else 0,
                "declined": refused.get(name, 0),
                "empty": refused.get(name, 0) if refused and not given else 0,
            }
        )
    return {
        "method": method,
        "house_size": seats,
        "threshold_percent": None if threshold is None else fraction_text(threshold),
        "seats": {f["name"]: f["seats"] for f in factions},
        "empty": sum(f["empty"] for f in factions),
        "factions": factions,
        "trace": trace,
        "ties": ties,
    }
