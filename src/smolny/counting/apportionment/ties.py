"""Ties for the last seats: the rule that settles them (more votes, then a lot given or
drawn from a seed) and the record of each tie that decided seats."""

from __future__ import annotations

import enum
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from smolny.counting.apportionment.errors import ApportionmentError, UnresolvedTie
from smolny.counting.apportionment.figures import seats_word


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
            f"{seats_word(self.seats)}: {', '.join(self.winners)}, by {how}"
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
