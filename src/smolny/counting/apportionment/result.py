"""The outcome of an apportionment: each faction's share, the trace and the ties."""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

from smolny.counting.apportionment.errors import ApportionmentError
from smolny.counting.apportionment.figures import fraction_text
from smolny.counting.apportionment.ties import Tie
from smolny.counting.apportionment.trace import SeatsTakenUp, TraceStep


@dataclass(frozen=True)
class FactionSeats:
    """One faction's share: seats taken now, reserved for later, declined."""

    name: str
    votes: int
    qualified: bool  # reached the electoral threshold
    taken: int
    reserved: int  # its seats, held empty until it takes them up
    declined: int  # seats the count gave it and it declined (given to others, or empty)
    empty: int  # of the declined seats, those left empty

    @property
    def seats(self) -> int:
        """The seats that are the faction's: taken or reserved (declined seats are not)."""
        return self.taken + self.reserved

    def record(self) -> dict[str, object]:
        """JSON-ready: integers and strings only."""
        return {
            "name": self.name,
            "votes": self.votes,
            "qualified": self.qualified,
            "seats": self.seats,
            "taken": self.taken,
            "reserved": self.reserved,
            "declined": self.declined,
            "empty": self.empty,
        }


@dataclass(frozen=True)
class Apportionment:
    """The outcome of a count: each faction's seats, the trace of the count and its ties."""

    method: str
    house_size: int
    threshold: Fraction | None  # percent of the votes, or None
    factions: tuple[FactionSeats, ...]  # in the order the votes were given
    trace: tuple[TraceStep, ...]
    ties: tuple[Tie, ...]

    @property
    def seats(self) -> dict[str, int]:
        """Seats per faction (taken plus reserved); they add up to the house size less `empty`."""
        return {faction.name: faction.seats for faction in self.factions}

    @property
    def empty(self) -> int:
        """Seats declined and left empty."""
        return sum(faction.empty for faction in self.factions)

    def faction(self, name: str) -> FactionSeats:
        """The share of the faction called `name`."""
        for faction in self.factions:
            if faction.name == name:
                return faction
        raise ApportionmentError(f"no faction called {name!r} in this apportionment")

    def take_up(self, name: str) -> Apportionment:
        """The same apportionment after `name` takes up the seats it reserved."""
        share = self.faction(name)
        if not share.reserved:
            raise ApportionmentError(f"{name} has no reserved seats to take up")
        taken = replace(share, taken=share.taken + share.reserved, reserved=0)
        factions = tuple(taken if f.name == name else f for f in self.factions)
        step = SeatsTakenUp(name, share.reserved)
        return replace(self, factions=factions, trace=(*self.trace, step))

    def record(self) -> dict[str, object]:
        """JSON-ready (integers and strings only, fractions as `p/q`) for the journal or the API."""
        return {
            "method": self.method,
            "house_size": self.house_size,
            "threshold_percent": None if self.threshold is None else fraction_text(self.threshold),
            "seats": self.seats,
            "empty": self.empty,
            "factions": [faction.record() for faction in self.factions],
            "trace": [step.record() for step in self.trace],
            "ties": [tie.record() for tie in self.ties],
        }
