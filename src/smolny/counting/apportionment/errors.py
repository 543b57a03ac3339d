"""The refusals of an apportionment."""

from __future__ import annotations

from collections.abc import Sequence

from smolny.counting.apportionment.figures import seats_word
from smolny.counting.bounds import BoundExceeded


class ApportionmentError(ValueError):
    """Input an apportionment cannot use: the message says which and why."""


class ApportionmentBound(BoundExceeded, ApportionmentError):
    """An apportionment past one of the bounds of `counting.bounds`, which it names."""


class UnresolvedTie(ApportionmentError):
    """A tie for a seat that the tie-break rule could not settle (no lot order or seed)."""

    def __init__(self, contenders: Sequence[str], seats: int, at: str) -> None:
        self.contenders = tuple(contenders)
        self.seats = seats
        names = ", ".join(self.contenders)
        super().__init__(
            f"a tie between {names} for {seats_word(seats)} at {at} that the tie-break rule "
            "cannot settle: give a lot (an order of the factions, or a seed to draw one)"
        )
