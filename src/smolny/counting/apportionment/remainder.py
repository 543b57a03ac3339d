"""Largest-remainder methods: a seat for each whole quota, the rest to the largest
remainders (Hare's quota and Droop's)."""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

from smolny.counting.apportionment.figures import fraction_text
from smolny.counting.apportionment.method import Allotment, ApportionmentMethod
from smolny.counting.apportionment.ties import Tie, TieBreak
from smolny.counting.apportionment.trace import QuotaFixed, QuotaSeats, RemainderRanked, TraceStep


class LargestRemainder(ApportionmentMethod):
    """A quota method: a seat for each whole quota, the rest to the largest remainders."""

    def __init__(
        self, key: str, title: str, quota: Callable[[int, int], Fraction], formula: str
    ) -> None:
        self.key = key
        self.title = title
        self._quota = quota
        self.formula = formula  # with {votes} and {seats}

    def __repr__(self) -> str:
        return f"LargestRemainder({self.key!r})"

    def quota(self, total_votes: int, seats: int) -> Fraction:
        """The quota for `total_votes` votes and `seats` seats."""
        return self._quota(total_votes, seats)

    def _allot(self, votes: dict[str, int], seats: int, tie_break: TieBreak) -> Allotment:
        total = sum(votes.values())
        quota = self.quota(total, seats)
        trace: list[TraceStep] = [
            QuotaFixed(quota, total, seats, self.formula.format(votes=total, seats=seats))
        ]
        held: dict[str, int] = {}
        remainder: dict[str, Fraction] = {}
        for name, count in votes.items():
            held[name] = math.floor(count / quota)
            remainder[name] = count - held[name] * quota
            trace.append(QuotaSeats(name, count, held[name], remainder[name]))
        left = seats - sum(held.values())
        # a small electorate's Droop quota can leave more seats than factions: go round again
        extra = {name: left // len(votes) for name in votes}
        left %= len(votes)
        ties: list[Tie] = []
        order = sorted(votes, key=lambda name: -remainder[name])  # stable: ties keep input order
        winners: set[str] = set(order[:left])
        if 0 < left < len(order) and remainder[order[left - 1]] == remainder[order[left]]:
            level = remainder[order[left]]
            tied = [name for name in votes if remainder[name] == level]
            above = [name for name in order[:left] if remainder[name] > level]
            at = f"remainder {fraction_text(level)}"
            chosen, settled_by, lot = tie_break.settle(tied, left - len(above), votes, at)
            ties.append(Tie(tuple(tied), left - len(above), at, chosen, settled_by, lot))
            winners = set(above) | set(chosen)
        for name in winners:
            extra[name] += 1
        ranking = sorted(votes, key=lambda name: (-remainder[name], name not in winners))
        for rank, name in enumerate(ranking, start=1):
            trace.append(RemainderRanked(rank, name, remainder[name], extra[name]))
            held[name] += extra[name]
        return Allotment(held, trace, ties)


def _hare(total_votes: int, seats: int) -> Fraction:
    return Fraction(total_votes, seats)


def _droop(total_votes: int, seats: int) -> Fraction:
    return Fraction(total_votes // (seats + 1) + 1)


HARE = LargestRemainder("hare", "largest remainder, Hare quota", _hare, "{votes}/{seats} (Hare)")
DROOP = LargestRemainder(
    "droop", "largest remainder, Droop quota", _droop, "floor({votes}/({seats}+1))+1 (Droop)"
)
