"""A divisor method's quotient, held exactly: votes and the divisor's square."""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from smolny.counting.apportionment.figures import approximately, fraction_text


@dataclass(frozen=True)
class Quotient:
    """`votes / divisor`, held as votes and the divisor's square so comparisons stay exact.

    A divisor of zero (Huntington-Hill's first seat) makes the quotient unbounded.
    """

    votes: int
    divisor_squared: Fraction

    def key(self) -> tuple[int, Fraction]:
        """A sort key: unbounded quotients first (all equal), then by the exact square."""
        if self.divisor_squared == 0:
            # equal, not ranked by votes here: which of them wins is the tie-break's to say
            return (1, Fraction(0))
        return (0, Fraction(self.votes * self.votes) / self.divisor_squared)

    @property
    def divisor(self) -> Fraction | None:
        """The divisor when it is rational, else None (a square root such as √2)."""
        return _rational_sqrt(self.divisor_squared)

    @property
    def value(self) -> Fraction | None:
        """The exact quotient when it is rational and bounded, else None."""
        divisor = self.divisor
        if divisor is None or divisor == 0:
            return None
        return Fraction(self.votes) / divisor

    def divisor_text(self) -> str:
        """The divisor as printed: `3`, `7/5` or `√6`."""
        divisor = self.divisor
        return fraction_text(divisor) if divisor is not None else f"√{self.divisor_squared}"

    def approximately(self) -> str:
        """For reading aloud: `= 12`, `≈ 13.64` (two places, from integers, never a float)."""
        if self.divisor_squared == 0:
            return "= ∞"
        value = self.value
        if value is not None:
            return approximately(value)
        # votes/√d to two places: the integer square root of (votes² / d) * 1000², rounded
        thousandths = math.isqrt(self.votes * self.votes * 1_000_000 // self.divisor_squared)
        hundredths = (thousandths + 5) // 10
        return f"≈ {hundredths // 100}.{hundredths % 100:02d}"

    def __str__(self) -> str:
        if self.divisor_squared == 0:
            return "∞"
        value = self.value
        if value is not None:
            return fraction_text(value)
        return f"{self.votes}/√{self.divisor_squared}"

    def record(self) -> dict[str, object]:
        """JSON-ready: integers and strings only."""
        square = self.key()
        return {
            "votes": self.votes,
            "divisor": self.divisor_text(),
            "quotient": str(self),
            "quotient_squared": None if square[0] else fraction_text(square[1]),
        }


def _rational_sqrt(square: Fraction) -> Fraction | None:
    top, bottom = math.isqrt(square.numerator), math.isqrt(square.denominator)
    if top * top == square.numerator and bottom * bottom == square.denominator:
        return Fraction(top, bottom)
    return None
