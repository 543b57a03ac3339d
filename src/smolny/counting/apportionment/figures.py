"""How an apportionment writes its figures: exact fractions, and approximations to two
places for reading aloud, from integers (never a float)."""

from __future__ import annotations

from fractions import Fraction

Number = int | Fraction


def fraction_text(value: Number) -> str:
    """`value` as `7` or `7/2`."""
    value = Fraction(value)
    return (
        str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    )


def approximately(value: Fraction) -> str:
    """`= 7`, or `≈ 3.50` rounded half up to two places."""
    if value.denominator == 1:
        return f"= {value.numerator}"
    # rounded half up to two places, in integers
    hundredths = (value.numerator * 200 + value.denominator) // (2 * value.denominator)
    sign = "-" if hundredths < 0 else ""
    hundredths = abs(hundredths)
    return f"≈ {sign}{hundredths // 100}.{hundredths % 100:02d}"


def seats_word(count: int) -> str:
    """`1 seat`, `2 seats`."""
    return "1 seat" if count == 1 else f"{count} seats"
