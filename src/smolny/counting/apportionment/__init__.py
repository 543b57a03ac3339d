"""Apportionment: seats shared between factions in proportion to their votes, exactly.

Each method is a small object with one entry point, `evaluate(votes, seats, ...)`, in the
manner of votelib. Divisor methods (D'Hondt, Sainte-Laguë, modified Sainte-Laguë,
Huntington-Hill) hand out seats one at a time to the highest quotient; largest-remainder
methods (Hare, Droop) give each faction its whole quotas and the rest of the seats by the
largest remainders. Arithmetic is on integers and `Fraction` only: Huntington-Hill's
geometric-mean divisors are compared through their squares, never through a square root.

The result carries the whole count (`trace`) and every tie that decided a seat (`ties`),
with what settled it, so that the projector and the minutes can show how it went.
The package does no I/O and draws no unseeded lot: a lot comes from the caller's order
or from the caller's seed.

The package only re-exports: `divisor` and `remainder` hold the methods, `method` what
they share (the threshold, declined and reserved seats), `ties`, `trace`, `quotient` and
`result` the rest; its modules import one another by their full names, never the package.
"""

from __future__ import annotations

from smolny.counting.apportionment.divisor import (
    DHONDT,
    HUNTINGTON_HILL,
    MODIFIED_SAINTE_LAGUE,
    SAINTE_LAGUE,
    DivisorMethod,
)
from smolny.counting.apportionment.errors import (
    ApportionmentBound,
    ApportionmentError,
    UnresolvedTie,
)
from smolny.counting.apportionment.figures import Number
from smolny.counting.apportionment.method import DeclinedSeats
from smolny.counting.apportionment.quotient import Quotient
from smolny.counting.apportionment.remainder import DROOP, HARE, LargestRemainder
from smolny.counting.apportionment.result import Apportionment, FactionSeats
from smolny.counting.apportionment.ties import Settlement, Tie, TieBreak
from smolny.counting.apportionment.trace import (
    BelowThreshold,
    QuotaFixed,
    QuotaSeats,
    Recount,
    RemainderRanked,
    SeatAwarded,
    SeatsDeclined,
    SeatsReserved,
    SeatsTakenUp,
    TraceStep,
)

Method = DivisorMethod | LargestRemainder

METHODS: dict[str, Method] = {
    method.key: method
    for method in (DHONDT, SAINTE_LAGUE, MODIFIED_SAINTE_LAGUE, HUNTINGTON_HILL, HARE, DROOP)
}


def method_named(key: str) -> Method:
    """The method called `key` on the command line and in rulebooks; refuses unknown names."""
    try:
        return METHODS[key]
    except KeyError:
        raise ApportionmentError(
            f"unknown apportionment method {key!r}: expected one of {', '.join(METHODS)}"
        ) from None


__all__ = [
    "DHONDT",
    "DROOP",
    "HARE",
    "HUNTINGTON_HILL",
    "METHODS",
    "MODIFIED_SAINTE_LAGUE",
    "SAINTE_LAGUE",
    "Apportionment",
    "ApportionmentBound",
    "ApportionmentError",
    "BelowThreshold",
    "DeclinedSeats",
    "DivisorMethod",
    "FactionSeats",
    "LargestRemainder",
    "Method",
    "Number",
    "QuotaFixed",
    "QuotaSeats",
    "Quotient",
    "Recount",
    "RemainderRanked",
    "SeatAwarded",
    "SeatsDeclined",
    "SeatsReserved",
    "SeatsTakenUp",
    "Settlement",
    "Tie",
    "TieBreak",
    "TraceStep",
    "UnresolvedTie",
    "method_named",
]
