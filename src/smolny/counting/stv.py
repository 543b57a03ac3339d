"""Ranked-ballot elections: the shared model for the single transferable vote counts.

An `Election` is what a ballot file holds: numbered candidates (1-based, in file
order), the seats to fill, withdrawn candidates, and ballots, each a weight (the
number of identical papers) and a ranking of candidate numbers. The counts live in
`scottish` (the statutory Scottish count), `meek` and `irv`; each returns a
`trace.Result`.

Ties that the rules leave to lot are drawn by a `Lot` the caller supplies (a seed or
a fixed order); the package never draws unseeded. With no `Lot`, a count that needs
one stops with `LotRequired`, naming the tied candidates.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


class CountError(ValueError):
    """An election that cannot be counted as asked (seats, candidates, ballots)."""


class LotRequired(CountError):
    """A tie the rules leave to lot arose, and the caller gave no `Lot` to draw it."""

    def __init__(self, tied: Sequence[int], stage: int, purpose: str) -> None:
        self.tied = tuple(tied)
        self.stage = stage
        self.purpose = purpose
        names = ", ".join(str(c) for c in self.tied)
        super().__init__(
            f"after stage {stage}: candidates {names} are tied for {purpose} at every stage; "
            "the tie must be decided by lot"
        )


@dataclass(frozen=True)
class Candidate:
    """A candidate: its 1-based number in the file, its name, and a party if the file gives one."""

    number: int
    name: str
    affiliation: str | None = None


@dataclass(frozen=True)
class Ballot:
    """`weight` identical ballot papers ranking candidate numbers, most preferred first."""

    weight: int
    preferences: tuple[int, ...]
    ballot_id: str | None = None


@dataclass(frozen=True)
class Election:
    """The candidates, seats and ballots of one election, validated on construction."""

    candidates: tuple[Candidate, ...]
    seats: int
    ballots: tuple[Ballot, ...]
    withdrawn: frozenset[int] = field(default_factory=frozenset)
    title: str = ""

    def __post_init__(self) -> None:
        n = len(self.candidates)
        for index, candidate in enumerate(self.candidates, start=1):
            if candidate.number != index:
                raise CountError(f"candidate {candidate.name!r} is numbered {candidate.number}")
        for number in self.withdrawn:
            if not 1 <= number <= n:
                raise CountError(f"withdrawn candidate {number} does not exist")
        check_seats(self.seats, n - len(self.withdrawn))
        # Whole-tuple passes first (fast on a million papers); find the culprit only on failure.
        ballots = self.ballots
        if not ballots:
            return
        if min(b.weight for b in ballots) < 0:
            bad = next(b for b in ballots if b.weight < 0)
            raise CountError(f"ballot {bad.preferences} has negative weight")
        named: set[int] = set().union(*(b.preferences for b in ballots))
        if named and (min(named) < 1 or max(named) > n):
            bad = next(b for b in ballots if any(not 1 <= c <= n for c in b.preferences))
            number = next(c for c in bad.preferences if not 1 <= c <= n)
            raise CountError(f"ballot {bad.preferences} names no candidate {number}")
        for ballot in ballots:
            prefs = ballot.preferences
            if len(prefs) > 1 and len(set(prefs)) != len(prefs):
                raise CountError(f"ballot {prefs} ranks a candidate twice")

    @property
    def running(self) -> tuple[int, ...]:
        """The numbers of the candidates not withdrawn, in file order."""
        return tuple(c.number for c in self.candidates if c.number not in self.withdrawn)

    def name(self, number: int) -> str:
        """The name of candidate `number` (1-based)."""
        return self.candidates[number - 1].name


def check_seats(seats: int, running: int) -> None:
    """Refuse a seat count that is not positive or exceeds the candidates standing."""
    if seats < 1:
        raise CountError(f"{seats} seats: at least one seat is needed")
    if seats > running:
        raise CountError(f"{seats} seats but only {running} candidates")


def distinct_rankings(election: Election) -> tuple[dict[tuple[int, ...], int], int]:
    """Merge identical rankings (withdrawn candidates struck out) into one weight each.

    Returns the merged rankings and the number of papers with no valid preference,
    which are not valid votes (they name only withdrawn candidates, or nobody).
    """
    withdrawn = election.withdrawn
    merged: dict[tuple[int, ...], int] = {}
    empty = 0
    for ballot in election.ballots:
        prefs = ballot.preferences
        if withdrawn:
            prefs = tuple(p for p in prefs if p not in withdrawn)
        if not prefs:
            empty += ballot.weight
        elif ballot.weight:
            merged[prefs] = merged.get(prefs, 0) + ballot.weight
    return merged, empty


class Lot:
    """Decides ties the rules leave to lot, reproducibly: from a seed or a fixed order.

    With `order`, the tied candidate that comes first in the order is drawn. With
    `seed`, a `random.Random(seed)` private to this lot chooses among the tied
    candidates sorted by number. Either way the draw can be repeated by anyone.
    """

    def __init__(self, *, seed: int | None = None, order: Iterable[int] | None = None) -> None:
        if (seed is None) == (order is None):
            raise ValueError("a lot needs exactly one of seed or order")
        self.seed = seed
        self.order = tuple(order) if order is not None else None
        self._random = random.Random(seed) if seed is not None else None

    def describe(self) -> str:
        """How draws are made, for the trace."""
        if self.order is not None:
            return "fixed order " + ",".join(str(c) for c in self.order)
        return f"seeded draw (seed {self.seed})"

    def draw(self, tied: Sequence[int]) -> int:
        """One of `tied`, chosen by this lot."""
        candidates = sorted(tied)
        if self.order is not None:
            for number in self.order:
                if number in candidates:
                    return number
            raise CountError(
                "the lot order " + ",".join(map(str, self.order)) + f" names none of {candidates}"
            )
        assert self._random is not None
        return self._random.choice(candidates)
