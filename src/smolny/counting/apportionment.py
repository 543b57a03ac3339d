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
"""

from __future__ import annotations

import enum
import math
import random
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

Number = int | Fraction

# Divisor methods award seats one by one and the trace lists each; no body is larger.
MAX_SEATS = 100_000


class ApportionmentError(ValueError):
    """Input an apportionment cannot use: the message says which and why."""


class UnresolvedTie(ApportionmentError):
    """A tie for a seat that the tie-break rule could not settle (no lot order or seed)."""

    def __init__(self, contenders: Sequence[str], seats: int, at: str) -> None:
        self.contenders = tuple(contenders)
        self.seats = seats
        names = ", ".join(self.contenders)
        super().__init__(
            f"a tie between {names} for {_seats_word(seats)} at {at} that the tie-break rule "
            "cannot settle: give a lot (an order of the factions, or a seed to draw one)"
        )


class DeclinedSeats(enum.Enum):
    """What becomes of the seats a faction declines."""

    GIVEN = "given"  # the count is made again without the faction: the others share its seats
    EMPTY = "empty"  # the seats stay the faction's share, and stay empty


class Settlement(enum.Enum):
    """What finally decided a tie."""

    MORE_VOTES = "more votes"
    ORDER_GIVEN = "order given"  # a lot drawn (or an order fixed) by the body before the count
    LOT = "lot"  # a lot drawn here from the caller's seed


@dataclass(frozen=True)
class TieBreak:
    """How ties for the last seats are settled: by more votes (if `more_votes`), then by lot.

    The lot is `order` (the factions in the order a lot drawn by the body put them, first
    wins) or, failing that, an order drawn here with `random.Random(seed)`. With neither,
    a tie that votes do not settle raises `UnresolvedTie`.
    """

    more_votes: bool = True
    order: tuple[str, ...] | None = None
    seed: int | None = None

    def __post_init__(self) -> None:
        if self.order is not None and self.seed is not None:
            raise ApportionmentError("give either a lot order or a seed, not both")
        if self.order is not None and len(set(self.order)) != len(self.order):
            raise ApportionmentError("the lot order names a faction twice")
        if self.seed is not None and (
            isinstance(self.seed, bool) or not isinstance(self.seed, int)
        ):
            raise ApportionmentError(f"a lot seed must be an integer, not {self.seed!r}")

    def settle(
        self, contenders: Sequence[str], seats: int, votes: Mapping[str, int], at: str
    ) -> tuple[tuple[str, ...], Settlement, tuple[str, ...]]:
        """Choose `seats` winners among tied `contenders`: (winners, what decided, lot used)."""
        winners: list[str] = []
        undecided = list(contenders)
        if self.more_votes:
            by_votes = sorted({votes[name] for name in contenders}, reverse=True)
            for count in by_votes:
                group = [name for name in contenders if votes[name] == count]
                if len(winners) + len(group) <= seats:
                    winners.extend(group)
                    continue
                undecided = group
                break
            if len(winners) == seats:
                return tuple(winners), Settlement.MORE_VOTES, ()
        need = seats - len(winners)
        if self.order is not None:
            missing = [name for name in undecided if name not in self.order]
            if missing:
                raise ApportionmentError(
                    f"the lot order does not name {', '.join(missing)}, tied for a seat"
                )
            lot = tuple(name for name in self.order if name in undecided)
            return tuple(winners) + lot[:need], Settlement.ORDER_GIVEN, lot
        if self.seed is not None:
            # sorted first, so that the draw depends on the seed and the names only
            drawn = sorted(undecided)
            random.Random(self.seed).shuffle(drawn)
            return tuple(winners) + tuple(drawn[:need]), Settlement.LOT, tuple(drawn)
        raise UnresolvedTie(undecided, need, at)


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
        return _fraction_text(divisor) if divisor is not None else f"√{self.divisor_squared}"

    def approximately(self) -> str:
        """For reading aloud: `= 12`, `≈ 13.64` (two places, from integers, never a float)."""
        if self.divisor_squared == 0:
            return "= ∞"
        value = self.value
        if value is not None:
            return _approximately(value)
        # votes/√d to two places: the integer square root of (votes² / d) * 1000², rounded
        thousandths = math.isqrt(self.votes * self.votes * 1_000_000 // self.divisor_squared)
        hundredths = (thousandths + 5) // 10
        return f"≈ {hundredths // 100}.{hundredths % 100:02d}"

    def __str__(self) -> str:
        if self.divisor_squared == 0:
            return "∞"
        value = self.value
        if value is not None:
            return _fraction_text(value)
        return f"{self.votes}/√{self.divisor_squared}"

    def record(self) -> dict[str, object]:
        """JSON-ready: integers and strings only."""
        square = self.key()
        return {
            "votes": self.votes,
            "divisor": self.divisor_text(),
            "quotient": str(self),
            "quotient_squared": None if square[0] else _fraction_text(square[1]),
        }


# -- the trace --------------------------------------------------------------------------


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
            f"{_fraction_text(self.threshold)}%: no seats"
        )

    def record(self) -> dict[str, object]:
        """JSON-ready: integers and strings only."""
        return {
            "step": "below-threshold",
            "name": self.name,
            "votes": self.votes,
            "total_votes": self.total_votes,
            "threshold_percent": _fraction_text(self.threshold),
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
        text = f"quota {self.formula} = {_fraction_text(self.quota)}"
        return text if self.quota.denominator == 1 else f"{text} {_approximately(self.quota)}"

    def record(self) -> dict[str, object]:
        """JSON-ready: integers and strings only."""
        return {
            "step": "quota",
            "quota": _fraction_text(self.quota),
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
            f"remainder {_fraction_text(self.remainder)}"
            + ("" if self.remainder.denominator == 1 else f" {_approximately(self.remainder)}")
        )

    def record(self) -> dict[str, object]:
        """JSON-ready: integers and strings only."""
        return {
            "step": "quota-seats",
            "name": self.name,
            "votes": self.votes,
            "seats": self.seats,
            "remainder": _fraction_text(self.remainder),
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
        won = f"{_seats_word(self.seats)}" if self.seats else "no seat"
        return f"remainder {self.rank}: {self.name}, {_fraction_text(self.remainder)}: {won}"

    def record(self) -> dict[str, object]:
        """JSON-ready: integers and strings only."""
        return {
            "step": "remainder",
            "rank": self.rank,
            "name": self.name,
            "remainder": _fraction_text(self.remainder),
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
        return f"{self.name} declines its {_seats_word(self.seats)}: {fate}"

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
        return f"{self.name} reserves its {_seats_word(self.seats)}, held empty for it"

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
        return f"{self.name} takes up its reserved {_seats_word(self.seats)}"

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


@dataclass(frozen=True)
class Tie:
    """A tie that decided seats: who was tied, for how many seats, and what settled it."""

    contenders: tuple[str, ...]  # in the order of the votes given
    seats: int  # seats at stake among them (fewer than contenders)
    at: str  # what was equal: "quotient 100/3" or "remainder 7/2"
    winners: tuple[str, ...]
    settled_by: Settlement
    lot: tuple[str, ...]  # the lot order used, first wins; empty when votes settled it

    def describe(self) -> str:
        """One line for the minutes."""
        how = self.settled_by.value
        if self.lot:
            how += f" ({', '.join(self.lot)})"
        return (
            f"tie at {self.at} between {', '.join(self.contenders)} for "
            f"{_seats_word(self.seats)}: {', '.join(self.winners)}, by {how}"
        )

    def record(self) -> dict[str, object]:
        """JSON-ready: integers and strings only."""
        return {
            "contenders": list(self.contenders),
            "seats": self.seats,
            "at": self.at,
            "winners": list(self.winners),
            "settled_by": self.settled_by.value,
            "lot": list(self.lot),
        }


# -- the result -------------------------------------------------------------------------


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
            "threshold_percent": None if self.threshold is None else _fraction_text(self.threshold),
            "seats": self.seats,
            "empty": self.empty,
            "factions": [faction.record() for faction in self.factions],
            "trace": [step.record() for step in self.trace],
            "ties": [tie.record() for tie in self.ties],
        }


# -- the methods ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Count:
    seats: dict[str, int]
    trace: list[TraceStep]
    ties: list[Tie]


class _Method:
    """What every method shares: checking input, the threshold, declined and reserved seats."""

    key: str
    title: str

    def _allot(self, votes: dict[str, int], seats: int, tie_break: TieBreak) -> _Count:
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

        total = sum(tally.values())
        trace: list[TraceStep] = []
        qualified: dict[str, int] = {}
        for name, count in tally.items():
            if percent is not None and count * 100 < percent * total:
                trace.append(BelowThreshold(name, count, total, percent))
            else:
                qualified[name] = count
        # a faction with no votes has no claim on any seat, under any method
        contesting = {name: count for name, count in qualified.items() if count > 0}
        if not contesting:
            raise ApportionmentError(
                "no faction has votes" if total == 0 else "no faction reaches the threshold"
            )

        first = self._allot(contesting, seats, tie_break)
        trace.extend(first.trace)
        ties = list(first.ties)
        final = first.seats
        declined_count = {name: first.seats.get(name, 0) for name in declined_set}
        empty = {name: 0 for name in tally}
        given = declined_seats is DeclinedSeats.GIVEN
        for name in tally:
            if name in declined_set:
                trace.append(SeatsDeclined(name, declined_count[name], given))
        if declined_set and given:
            rest = {name: c for name, c in contesting.items() if name not in declined_set}
            if not rest:
                raise ApportionmentError("every faction with a claim to seats declines them")
            without = tuple(name for name in tally if name in declined_set)
            trace.append(Recount(without, seats))
            second = self._allot(rest, seats, tie_break)
            trace.extend(second.trace)
            ties.extend(second.ties)
            final = second.seats
        elif declined_set:
            empty = {name: declined_count.get(name, 0) for name in tally}
        for name in tally:
            if name in reserved_set and final.get(name, 0):
                trace.append(SeatsReserved(name, final[name]))

        factions = []
        for name, count in tally.items():
            held = final.get(name, 0)
            if name in declined_set:
                held = 0
            factions.append(
                FactionSeats(
                    name=name,
                    votes=count,
                    qualified=name in qualified,
                    taken=0 if name in reserved_set else held,
                    reserved=held if name in reserved_set else 0,
                    declined=declined_count.get(name, 0),
                    empty=empty[name],
                )
            )
        return Apportionment(
            method=self.key,
            house_size=seats,
            threshold=percent,
            factions=tuple(factions),
            trace=tuple(trace),
            ties=tuple(ties),
        )


class DivisorMethod(_Method):
    """A highest-averages method: each seat goes to the highest votes / divisor(seats held)."""

    def __init__(self, key: str, title: str, divisor_squared: Callable[[int], Fraction]) -> None:
        self.key = key
        self.title = title
        self._divisor_squared = divisor_squared

    def __repr__(self) -> str:
        return f"DivisorMethod({self.key!r})"

    def divisor_squared(self, held: int) -> Fraction:
        """The square of the divisor for a faction already holding `held` seats."""
        return self._divisor_squared(held)

    def _allot(self, votes: dict[str, int], seats: int, tie_break: TieBreak) -> _Count:
        held = {name: 0 for name in votes}
        quotients = {
            name: Quotient(count, self.divisor_squared(0)) for name, count in votes.items()
        }
        trace: list[TraceStep] = []
        ties: list[Tie] = []
        awarded = 0
        while awarded < seats:
            keys = {name: q.key() for name, q in quotients.items()}
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
        return _Count(held, trace, ties)


class LargestRemainder(_Method):
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

    def _allot(self, votes: dict[str, int], seats: int, tie_break: TieBreak) -> _Count:
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
            at = f"remainder {_fraction_text(level)}"
            chosen, settled_by, lot = tie_break.settle(tied, left - len(above), votes, at)
            ties.append(Tie(tuple(tied), left - len(above), at, chosen, settled_by, lot))
            winners = set(above) | set(chosen)
        for name in winners:
            extra[name] += 1
        ranking = sorted(votes, key=lambda name: (-remainder[name], name not in winners))
        for rank, name in enumerate(ranking, start=1):
            trace.append(RemainderRanked(rank, name, remainder[name], extra[name]))
            held[name] += extra[name]
        return _Count(held, trace, ties)


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


def _hare(total_votes: int, seats: int) -> Fraction:
    return Fraction(total_votes, seats)


def _droop(total_votes: int, seats: int) -> Fraction:
    return Fraction(total_votes // (seats + 1) + 1)


DHONDT = DivisorMethod("dhondt", "D'Hondt", _dhondt)
SAINTE_LAGUE = DivisorMethod("sainte-lague", "Sainte-Laguë", _sainte_lague)
MODIFIED_SAINTE_LAGUE = DivisorMethod(
    "modified-sainte-lague", "modified Sainte-Laguë (first divisor 1.4)", _modified_sainte_lague
)
HUNTINGTON_HILL = DivisorMethod("huntington-hill", "Huntington-Hill", _huntington_hill)
HARE = LargestRemainder("hare", "largest remainder, Hare quota", _hare, "{votes}/{seats} (Hare)")
DROOP = LargestRemainder(
    "droop", "largest remainder, Droop quota", _droop, "floor({votes}/({seats}+1))+1 (Droop)"
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


# -- checks and formatting --------------------------------------------------------------


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
    if seats > MAX_SEATS:
        raise ApportionmentError(f"at most {MAX_SEATS:,} seats can be shared (got {seats:,})")


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


def _rational_sqrt(square: Fraction) -> Fraction | None:
    top, bottom = math.isqrt(square.numerator), math.isqrt(square.denominator)
    if top * top == square.numerator and bottom * bottom == square.denominator:
        return Fraction(top, bottom)
    return None


def _fraction_text(value: Number) -> str:
    value = Fraction(value)
    return (
        str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    )


def _approximately(value: Fraction) -> str:
    if value.denominator == 1:
        return f"= {value.numerator}"
    # rounded half up to two places, in integers
    hundredths = (value.numerator * 200 + value.denominator) // (2 * value.denominator)
    sign = "-" if hundredths < 0 else ""
    hundredths = abs(hundredths)
    return f"≈ {sign}{hundredths // 100}.{hundredths % 100:02d}"


def _seats_word(count: int) -> str:
    return "1 seat" if count == 1 else f"{count} seats"
