"""Highest-averages methods: each seat in turn to the highest votes / divisor(seats held).

D'Hondt, Sainte-Laguë, modified Sainte-Laguë and Huntington-Hill differ only in their
divisors, held squared so that Huntington-Hill's geometric means stay exact.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from smolny.counting.apportionment.method import Allotment, ApportionmentMethod
from smolny.counting.apportionment.quotient import Quotient
from smolny.counting.apportionment.ties import Tie, TieBreak
from smolny.counting.apportionment.trace import SeatAwarded, TraceStep


class DivisorMethod(ApportionmentMethod):
    """A highest-averages method: each seat goes to the highest votes / divisor(seats held)."""

    per_seat = True

    def __init__(self, key: str, title: str, divisor_squared: Callable[[int], Fraction]) -> None:
        self.key = key
        self.title = title
        self._divisor_squared = divisor_squared

    def __repr__(self) -> str:
        return f"DivisorMethod({self.key!r})"

    def divisor_squared(self, held: int) -> Fraction:
        """The square of the divisor for a faction already holding `held` seats."""
        return self._divisor_squared(held)

    def _allot(self, votes: dict[str, int], seats: int, tie_break: TieBreak) -> Allotment:
        held = {name: 0 for name in votes}
        quotients = {
            name: Quotient(count, self.divisor_squared(0)) for name, count in votes.items()
        }
        trace: list[TraceStep] = []
        ties: list[Tie] = []
        # each faction's key is recomputed only when its quotient changes: the work of a
        # seat is one comparison a faction, not one exact division a faction
        keys = {name: q.key() for name, q in quotients.items()}
        awarded = 0
        while awarded < seats:
            best = max(keys.values())
            tied = [name for name in votes if keys[name] == best]
            left = seats - awarded
            if len(tied) > left:
                at = f"quotient {quotients[tied[0]]}"
                winners, settled_by, lot = tie_break.settle(tied, left, votes, at)
                ties.append(Tie(tuple(tied), left, at, winners, settled_by, lot))
            else:
                # all of them get a seat: their order among themselves changes nothing
                winners = tuple(sorted(tied, key=lambda name: -votes[name]))
            for name in winners:
                awarded += 1
                trace.append(SeatAwarded(awarded, name, quotients[name]))
                held[name] += 1
                quotients[name] = Quotient(votes[name], self.divisor_squared(held[name]))
                keys[name] = quotients[name].key()
        return Allotment(held, trace, ties)


def _dhondt(held: int) -> Fraction:
    return Fraction((held + 1) ** 2)


def _sainte_lague(held: int) -> Fraction:
    return Fraction((2 * held + 1) ** 2)


def _modified_sainte_lague(held: int) -> Fraction:
    # the Scandinavian first divisor 1.4 on the 1, 3, 5, ... scale, to slow a first seat
    return Fraction(7, 5) ** 2 if held == 0 else Fraction((2 * held + 1) ** 2)


def _huntington_hill(held: int) -> Fraction:
    # the geometric mean of held and held + 1, squared: zero for a first seat
    return Fraction(held * (held + 1))


DHONDT = DivisorMethod("dhondt", "D'Hondt", _dhondt)
SAINTE_LAGUE = DivisorMethod("sainte-lague", "Sainte-Laguë", _sainte_lague)
MODIFIED_SAINTE_LAGUE = DivisorMethod(
    "modified-sainte-lague", "modified Sainte-Laguë (first divisor 1.4)", _modified_sainte_lague
)
HUNTINGTON_HILL = DivisorMethod("huntington-hill", "Huntington-Hill", _huntington_hill)
