"""Rankings of candidates by a method that orders them (Schulze, Borda), and their ties.

A method that ranks rather than transfers gives, at each place, the candidates that
nothing left in the count puts above them. One is that place's holder; several are
tied. `rank_places` walks the places from the first: a tie for a place that decides a
seat (or any tie, when a full order is asked for) is broken by a recorded rule, and a
tie after the seats are filled is left standing and shown as a shared place.

Two rules break a tie, both reproducible from what the trace records:

- `LOT`: the caller's `Lot` draws one of the tied (a seed, or a fixed order).
- `RANDOM_BALLOT`: as Schulze proposes (Schulze 2011, section 5), the voters decide: a
  paper is drawn at random (each paper equally likely, from a seed) among the papers
  that rank at least one of the tied candidates, and the tied candidate it ranks
  highest takes the place. Only if no paper ranks any of them does it go to the lot.

Without a rule able to decide (no `Lot`), a tie that matters stops the count with the
error the caller names, never a silent choice.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from smolny.counting.stv import CountError, Election, Lot, LotRequired
from smolny.counting.trace import TieBreak

LOT = "lot"
RANDOM_BALLOT = "random-ballot"
TIE_RULES = (LOT, RANDOM_BALLOT)


@dataclass(frozen=True)
class Place:
    """A place in the ranking: its holder, or the candidates left tied for it."""

    number: int  # 1-based; tied candidates share the number, and the next place skips on
    candidates: tuple[int, ...]
    tie_break: TieBreak | None = None  # how the holder was chosen among the tied


def ordinal(place: int) -> str:
    """'first place', 'second place', ... '11th place', for a tie's purpose."""
    words = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
    if place <= len(words):
        return f"{words[place - 1]} place"
    suffix = "th" if 10 <= place % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(place % 10, "th")
    return f"{place}{suffix} place"


class RankingTie(LotRequired):
    """Candidates tied for a place that decides a seat, and no tie rule able to decide;
    `rule` names the method's rule (`schulze-tie`, `borda-tie`)."""

    rule = "ranking-tie"

    def __init__(self, tied: Sequence[int], place: int, how: str) -> None:
        super().__init__(tied, 1, ordinal(place))
        self.place = place
        self.how = how  # why they are level, after "tied for first place"
        self.args = (self.named(str),)

    def named(self, name: Callable[[int], str]) -> str:
        """The refusal in words, each tied candidate written by `name`."""
        who = ", ".join(name(c) for c in self.tied)
        return (
            f"candidates {who} are tied for {self.purpose} {self.how}; "
            "the tie must be decided by lot or by a random ballot"
        )


class TieBreaker:
    """Decides ties for places by `rule`, drawing from `lot`; each decision is recorded."""

    def __init__(self, election: Election, rule: str, lot: Lot | None) -> None:
        if rule not in TIE_RULES:
            raise CountError(f"tie rule {rule!r}: unknown; choose one of {', '.join(TIE_RULES)}")
        if rule == RANDOM_BALLOT and lot is not None and lot.seed is None:
            raise CountError("the random-ballot rule draws papers from a seed, not a fixed order")
        self.rule = rule
        self.lot = lot
        self._election = election
        # One generator for the whole count, so that draws follow one another reproducibly.
        self._seed = None if lot is None else lot.seed
        self._random = None if self._seed is None else random.Random(self._seed)

    def describe(self) -> str | None:
        """The rule and its draw, for the result (None without a lot: ties are refused)."""
        if self.lot is None:
            return None
        if self.rule == RANDOM_BALLOT:
            return f"random ballot, then lot: {self.lot.describe()}"
        return self.lot.describe()

    def break_tie(self, tied: Sequence[int], purpose: str) -> tuple[int, TieBreak] | None:
        """The candidate the tie goes to and the record of it; None when nothing can decide."""
        if self.lot is None:
            return None
        group = tuple(sorted(tied))
        if self.rule == RANDOM_BALLOT:
            drawn = self._random_ballot(group)
            if drawn is not None:
                chosen, how = drawn
                return chosen, TieBreak(purpose, group, chosen, "random ballot", lot=how)
        chosen = self.lot.draw(group)
        return chosen, TieBreak(purpose, group, chosen, "lot", lot=self.lot.describe())

    def _random_ballot(self, group: tuple[int, ...]) -> tuple[int, str] | None:
        # Drawing papers one by one until one ranks a tied candidate is the same, in
        # distribution, as drawing once among the papers that do: that is what is done.
        assert self._random is not None
        tied = set(group)
        deciding: list[tuple[int, int, int]] = []  # (ballot line, weight, its choice)
        withdrawn = self._election.withdrawn
        for index, ballot in enumerate(self._election.ballots, start=1):
            if not ballot.weight:
                continue
            top = next((c for c in ballot.preferences if c in tied and c not in withdrawn), None)
            if top is not None:
                deciding.append((index, ballot.weight, top))
        papers = sum(weight for _, weight, _ in deciding)
        if not papers:
            return None
        pick = self._random.randrange(papers)
        for index, weight, top in deciding:
            if pick < weight:
                ballot = self._election.ballots[index - 1]
                named = f" ({ballot.ballot_id})" if ballot.ballot_id is not None else ""
                return top, (
                    f"seed {self._seed}: paper {pick + 1} of the {weight} of ballot {index}"
                    f"{named}, drawn among the {papers} papers ranking any of them, ranks "
                    f"{top} highest"
                )
            pick -= weight
        raise AssertionError("the draw fell outside the papers")  # pragma: no cover


def rank_places(
    candidates: Sequence[int],
    top: Callable[[Sequence[int]], list[int]],
    seats: int,
    breaker: TieBreaker,
    unbroken: Callable[[tuple[int, ...], int], CountError],
    *,
    rank_all: bool = False,
) -> tuple[Place, ...]:
    """The places of `candidates`, from `top` (those nothing remaining is above).

    A tie for one of the first `seats` places (or any, with `rank_all`) is broken by
    `breaker`; when it cannot, `unbroken(tied, place)` is raised.
    """
    remaining = list(candidates)
    places: list[Place] = []
    number = 1
    while remaining:
        leaders = sorted(top(remaining))
        if len(leaders) == 1:
            places.append(Place(number, (leaders[0],)))
            remaining.remove(leaders[0])
            number += 1
            continue
        if number <= seats or rank_all:
            decided = breaker.break_tie(leaders, ordinal(number))
            if decided is None:
                raise unbroken(tuple(leaders), number)
            chosen, how = decided
            places.append(Place(number, (chosen,), how))
            remaining.remove(chosen)
            number += 1
            continue
        places.append(Place(number, tuple(leaders)))
        for c in leaders:
            remaining.remove(c)
        number += len(leaders)
    return tuple(places)


def elected_of(places: Sequence[Place], seats: int) -> tuple[int, ...]:
    """The holders of the first `seats` places (each decided, by `rank_places`)."""
    out: list[int] = []
    for place in places:
        if len(out) >= seats:
            break
        out.extend(place.candidates)
    return tuple(out[:seats])


def candidate_json(election: Election, number: int) -> dict[str, Any]:
    """A candidate as the results name one: number and name."""
    return {"number": number, "name": election.name(number)}


def tie_json(election: Election, tie: TieBreak) -> dict[str, Any]:
    """A tie-break as JSON, in the shape `trace.to_json` gives the counts' tie-breaks."""
    return {
        "purpose": tie.purpose,
        "tied": [candidate_json(election, c) for c in tie.tied],
        "chosen": candidate_json(election, tie.chosen),
        "decided_by": tie.decided_by,
        "at_stage": tie.at_stage,
        "lot": tie.lot,
    }


def places_json(election: Election, places: Sequence[Place]) -> list[dict[str, Any]]:
    """The ranking as JSON: each place with its holder(s) and how a tie was broken."""
    return [
        {
            "place": p.number,
            "candidates": [candidate_json(election, c) for c in p.candidates],
            "tied": len(p.candidates) > 1,
            "tie_break": None if p.tie_break is None else tie_json(election, p.tie_break),
        }
        for p in places
    ]


def places_text(election: Election, places: Sequence[Place]) -> list[str]:
    """The ranking as lines of text, ties and their breaking said in words."""
    lines: list[str] = []
    for p in places:
        names = " = ".join(election.name(c) for c in p.candidates)
        note = " (tied)" if len(p.candidates) > 1 else ""
        lines.append(f"  {p.number}. {names}{note}")
        t = p.tie_break
        if t is not None:
            tied = ", ".join(election.name(c) for c in t.tied)
            lines.append(
                f"     tie for {t.purpose} between {tied}: {election.name(t.chosen)}, "
                f"by {t.decided_by} ({t.lot})"
            )
    return lines
