"""The trace of an apportionment: each step of the count, as the minutes and the
projector show it (`describe`) and as the record keeps it (`record`)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from smolny.counting.apportionment.figures import approximately, fraction_text, seats_word
from smolny.counting.apportionment.quotient import Quotient


@dataclass(frozen=True)
class BelowThreshold:
    """A faction short of the electoral threshold, left out of the count."""

    name: str
    votes: int
    total_votes: int
    threshold: Fraction  # percent

    def describe(self) -> str:
        """One line for the minutes."""
        return (
            f"{self.name}: {self.votes} of {self.total_votes} votes, below the threshold of "
            f"{fraction_text(self.threshold)}%: no seats"
        )

    def record(self) -> dict[str, object]:
        """JSON-ready: integers and strings only."""
        return {
            "step": "below-threshold",
            "name": self.name,
            "votes": self.votes,
            "total_votes": self.total_votes,
            "threshold_percent": fraction_text(self.threshold),
        }


@dataclass(frozen=True)
class SeatAwarded:
    """A divisor method's award of one seat to the highest quotient."""

    seat: int  # 1-based, in the order the seats were awarded
    name: str
    quotient: Quotient

    def describe(self) -> str:
        """One line for the minutes."""
        q = self.quotient
        return f"seat {self.seat}: {self.name}, {q.votes}/{q.divisor_text()} {q.approximately()}"

    def record(self) -> dict[str, object]:
        """JSON-ready: integers and strings only."""
        return {"step": "seat", "seat": self.seat, "name": self.name, **self.quotient.record()}


@dataclass(frozen=True)
class QuotaFixed:
    """The quota of a largest-remainder count, and how it was reached."""

    quota: Fraction
    total_votes: int
    seats: int
    formula: str

    def describe(self) -> str:
        """One line for the minutes."""
        text = f"quota {self.formula} = {fraction_text(self.quota)}"
        return text if self.quota.denominator == 1 else f"{text} {approximately(self.quota)}"

    def record(self) -> dict[str, object]:
        """JSON-ready: integers and strings only."""
        return {
            "step": "quota",
            "quota": fraction_text(self.quota),
            "total_votes": self.total_votes,
            "seats": self.seats,
            "formula": self.formula,
        }


@dataclass(frozen=True)
class QuotaSeats:
    """The seats a faction's whole quotas give it, and the votes left over."""

    name: str
    votes: int
    seats: int
    remainder: Fraction  # votes left over after the whole quotas

    def describe(self) -> str:
        """One line for the minutes."""
        quotas = "1 whole quota" if self.seats == 1 else f"{self.seats} whole quotas"
        return (
            f"{self.name}: {self.votes} votes, {quotas}, "
            f"remainder {fraction_text(self.remainder)}"
            + ("" if self.remainder.denominator == 1 else f" {approximately(self.remainder)}")
        )

    def record(self) -> dict[str, object]:
        """JSON-ready: integers and strings only."""
        return {
            "step": "quota-seats",
            "name": self.name,
            "votes": self.votes,
            "seats": self.seats,
            "remainder": fraction_text(self.remainder),
        }


@dataclass(frozen=True)
class RemainderRanked:
    """A faction's place in the ranking of remainders, and the seats that place gives it."""

    rank: int  # 1-based
    name: str
    remainder: Fraction
    seats: int  # seats it gets for its remainder (more than one only if seats go round again)

    def describe(self) -> str:
        """One line for the minutes."""
        won = f"{seats_word(self.seats)}" if self.seats else "no seat"
        return f"remainder {self.rank}: {self.name}, {fraction_text(self.remainder)}: {won}"

    def record(self) -> dict[str, object]:
        """JSON-ready: integers and strings only."""
        return {
            "step": "remainder",
            "rank": self.rank,
            "name": self.name,
            "remainder": fraction_text(self.remainder),
            "seats": self.seats,
        }


@dataclass(frozen=True)
class SeatsDeclined:
    """A faction declined the seats the count gave it."""

    name: str
    seats: int
    given: bool  # True: shared among the others by a new count; False: left empty

    def describe(self) -> str:
        """One line for the minutes."""
        fate = "shared among the others" if self.given else "left empty"
        return f"{self.name} declines its {seats_word(self.seats)}: {fate}"

    def record(self) -> dict[str, object]:
        """JSON-ready: integers and strings only."""
        return {
            "step": "declined",
            "name": self.name,
            "seats": self.seats,
            "fate": "given" if self.given else "empty",
        }


@dataclass(frozen=True)
class Recount:
    """The count made again without the factions that declined, for the same seats."""

    without: tuple[str, ...]
    seats: int

    def describe(self) -> str:
        """One line for the minutes."""
        return f"count made again for {self.seats} seats without {', '.join(self.without)}"

    def record(self) -> dict[str, object]:
        """JSON-ready: integers and strings only."""
        return {"step": "recount", "without": list(self.without), "seats": self.seats}


@dataclass(frozen=True)
class SeatsReserved:
    """A faction holds its seats empty, reserving the right to take them up later."""

    name: str
    seats: int

    def describe(self) -> str:
        """One line for the minutes."""
        return f"{self.name} reserves its {seats_word(self.seats)}, held empty for it"

    def record(self) -> dict[str, object]:
        """JSON-ready: integers and strings only."""
        return {"step": "reserved", "name": self.name, "seats": self.seats}


@dataclass(frozen=True)
class SeatsTakenUp:
    """A faction takes up the seats it had reserved."""

    name: str
    seats: int

    def describe(self) -> str:
        """One line for the minutes."""
        return f"{self.name} takes up its reserved {seats_word(self.seats)}"

    def record(self) -> dict[str, object]:
        """JSON-ready: integers and strings only."""
        return {"step": "taken-up", "name": self.name, "seats": self.seats}


TraceStep = (
    BelowThreshold
    | SeatAwarded
    | QuotaFixed
    | QuotaSeats
    | RemainderRanked
    | SeatsDeclined
    | Recount
    | SeatsReserved
    | SeatsTakenUp
)
