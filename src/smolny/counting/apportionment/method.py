"""What every method of apportionment shares: checking the input, the electoral
threshold, and the seats declined or reserved around the method's own allotment."""

from __future__ import annotations

import enum
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from fractions import Fraction

from smolny.counting import bounds
from smolny.counting.apportionment.errors import ApportionmentBound, ApportionmentError
from smolny.counting.apportionment.figures import Number
from smolny.counting.apportionment.result import Apportionment, FactionSeats
from smolny.counting.apportionment.ties import Tie, TieBreak
from smolny.counting.apportionment.trace import (
    BelowThreshold,
    Recount,
    SeatsDeclined,
    SeatsReserved,
    TraceStep,
)


class DeclinedSeats(enum.Enum):
    """What becomes of the seats a faction declines."""

    GIVEN = "given"  # the count is made again without the faction: the others share its seats
    EMPTY = "empty"  # the seats stay the faction's share, and stay empty


@dataclass(frozen=True)
class Allotment:
    """What a method's own rule gives: the seats of each faction, its trace and its ties."""

    seats: dict[str, int]
    trace: list[TraceStep]
    ties: list[Tie]


class ApportionmentMethod:
    """What every method shares: checking input, the threshold, declined and reserved seats.

    A method supplies `_allot`, its own rule for sharing seats between factions that all
    have votes; `evaluate` does the rest around it.
    """

    key: str
    title: str
    per_seat = False  # a divisor method awards a seat at a time (the bound on its work)

    def _allot(self, votes: dict[str, int], seats: int, tie_break: TieBreak) -> Allotment:
        raise NotImplementedError

    def evaluate(
        self,
        votes: Mapping[str, int],
        seats: int,
        *,
        threshold: Number | None = None,
        declined: Collection[str] = (),
        declined_seats: DeclinedSeats = DeclinedSeats.GIVEN,
        reserved: Collection[str] = (),
        tie_break: TieBreak | None = None,
    ) -> Apportionment:
        """Share `seats` between the factions in `votes`; refuses unusable input.

        `threshold` is a percentage of all the votes given; factions below it get nothing.
        Factions in `declined` give up their seats (to the others, or left empty);
        factions in `reserved` keep theirs empty until they take them up.
        """
        tie_break = TieBreak() if tie_break is None else tie_break
        tally = _checked_votes(votes)
        _check_seats(seats)
        try:
            bounds.check_apportionment(self.per_seat, seats, tally.values())
        except bounds.BoundExceeded as exc:
            raise ApportionmentBound(exc.bound, exc.limit, exc.given, exc.what) from None
        percent = _checked_threshold(threshold)
        declined_set = _checked_names(declined, tally, "declining")
        reserved_set = _checked_names(reserved, tally, "reserving")
        both = declined_set & reserved_set
        if both:
            raise ApportionmentError(f"{', '.join(sorted(both))} cannot both decline and reserve")
        if not isinstance(declined_seats, DeclinedSeats):
            raise ApportionmentError(
                f"declined seats must be given or empty, not {declined_seats!r}"
            )

        trace, qualified = _qualified(tally, percent)
        # a faction with no votes has no claim on any seat, under any method
        contesting = {name: count for name, count in qualified.items() if count > 0}
        if not contesting:
            total = sum(tally.values())
            raise ApportionmentError(
                "no faction has votes" if total == 0 else "no faction reaches the threshold"
            )

        first = self._allot(contesting, seats, tie_break)
        trace.extend(first.trace)
        ties = list(first.ties)
        final = first.seats
        declined_count = {name: first.seats.get(name, 0) for name in declined_set}
        empty = dict.fromkeys(tally, 0)
        given = declined_seats is DeclinedSeats.GIVEN
        for name in tally:
            if name in declined_set:
                trace.append(SeatsDeclined(name, declined_count[name], given))
        if declined_set and given:
            second = self._recount(tally, contesting, declined_set, seats, tie_break)
            trace.extend(second.trace)
            ties.extend(second.ties)
            final = second.seats
        elif declined_set:
            empty = {name: declined_count.get(name, 0) for name in tally}
        for name in tally:
            if name in reserved_set and final.get(name, 0):
                trace.append(SeatsReserved(name, final[name]))

        return Apportionment(
            method=self.key,
            house_size=seats,
            threshold=percent,
            factions=_shares(tally, qualified, final, declined_count, empty, reserved_set),
            trace=tuple(trace),
            ties=tuple(ties),
        )

    def _recount(
        self,
        tally: Mapping[str, int],
        contesting: Mapping[str, int],
        declined: set[str],
        seats: int,
        tie_break: TieBreak,
    ) -> Allotment:
        """The count made again for the same seats without the factions that declined
        (its trace opening with the `Recount`)."""
        rest = {name: c for name, c in contesting.items() if name not in declined}
        if not rest:
            raise ApportionmentError("every faction with a claim to seats declines them")
        without = tuple(name for name in tally if name in declined)
        second = self._allot(rest, seats, tie_break)
        return Allotment(second.seats, [Recount(without, seats), *second.trace], second.ties)


def _qualified(
    tally: Mapping[str, int], percent: Fraction | None
) -> tuple[list[TraceStep], dict[str, int]]:
    """The factions at or above the threshold, and a trace step for each below it."""
    total = sum(tally.values())
    trace: list[TraceStep] = []
    qualified: dict[str, int] = {}
    for name, count in tally.items():
        if percent is not None and count * 100 < percent * total:
            trace.append(BelowThreshold(name, count, total, percent))
        else:
            qualified[name] = count
    return trace, qualified


def _shares(
    tally: Mapping[str, int],
    qualified: Mapping[str, int],
    final: Mapping[str, int],
    declined: Mapping[str, int],
    empty: Mapping[str, int],
    reserved: set[str],
) -> tuple[FactionSeats, ...]:
    """Each faction's share, in the order the votes were given: seats taken now, reserved
    for later (held), declined (given to others, or left empty)."""
    factions = []
    for name, count in tally.items():
        held = 0 if name in declined else final.get(name, 0)
        factions.append(
            FactionSeats(
                name=name,
                votes=count,
                qualified=name in qualified,
                taken=0 if name in reserved else held,
                reserved=held if name in reserved else 0,
                declined=declined.get(name, 0),
                empty=empty[name],
            )
        )
    return tuple(factions)


def _checked_votes(votes: Mapping[str, int]) -> dict[str, int]:
    if not isinstance(votes, Mapping):
        raise ApportionmentError("votes must map faction names to vote counts")
    if not votes:
        raise ApportionmentError("no factions to share the seats between")
    tally: dict[str, int] = {}
    for name, count in votes.items():
        if not isinstance(name, str) or not name.strip():
            raise ApportionmentError(f"a faction name must be a non-empty string, not {name!r}")
        if isinstance(count, bool) or not isinstance(count, int):
            raise ApportionmentError(f"{name}: a vote count must be an integer, not {count!r}")
        if count < 0:
            raise ApportionmentError(f"{name}: a vote count must not be negative (got {count})")
        tally[name] = count
    return tally


def _check_seats(seats: int) -> None:
    if isinstance(seats, bool) or not isinstance(seats, int):
        raise ApportionmentError(f"the number of seats must be an integer, not {seats!r}")
    if seats < 1:
        raise ApportionmentError(f"the number of seats must be at least 1 (got {seats})")


def _checked_threshold(threshold: Number | None) -> Fraction | None:
    if threshold is None:
        return None
    if isinstance(threshold, bool) or not isinstance(threshold, (int, Fraction)):
        raise ApportionmentError(
            f"a threshold must be an integer or a Fraction (percent), not {threshold!r}"
        )
    if not 0 <= threshold <= 100:
        raise ApportionmentError(f"a threshold is a percentage from 0 to 100 (got {threshold})")
    return Fraction(threshold)


def _checked_names(names: Collection[str], tally: Mapping[str, int], role: str) -> set[str]:
    if isinstance(names, str):
        raise ApportionmentError(f"the {role} factions must be a collection of names, not a string")
    given = list(names)  # iterated twice: a generator would be spent by the first pass
    unknown = [name for name in given if name not in tally]
    if unknown:
        raise ApportionmentError(f"no faction called {unknown[0]!r} among the votes ({role})")
    return set(given)
