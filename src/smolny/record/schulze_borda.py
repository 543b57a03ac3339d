"""The verifier's orders of candidates: the Schulze method and the Borda count, made again
from a ranked poll's rankings by the rules of docs/record-format.md section 7.6.

Written apart from `smolny.counting` (which wrote the record): integers and `Fraction`
only, and the strongest paths found by another road than the writer's (a widest-path
search from each candidate, where the writer runs Floyd-Warshall), since any correct
road gives the same strengths. Each count returns the `count` member of the poll's
outcome as the record writes it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from smolny.record.stv import Ballots, Unresolved, exact

# A poll's `counting` for these: `schulze` or `borda`, then optionally `:` and values of
# the method's options separated by commas, each option given at most once.
OPTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "schulze": {"variant": ("winning-votes", "margins")},
    "borda": {"scoring": ("borda", "dowdall", "modified"), "unranked": ("average", "zero")},
}
DEFAULTS = {"variant": "winning-votes", "scoring": "borda"}  # `unranked` follows `scoring`
WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


def counts(counting: str) -> bool:
    """Whether `counting` names one of the methods here."""
    return counting.partition(":")[0] in OPTIONS


def options_of(counting: str) -> dict[str, str]:
    """Every option of `counting` (`borda:dowdall`), the defaults filled in; Unresolved if
    it names what the method does not take."""
    key, _, given = counting.partition(":")
    chosen: dict[str, str] = {}
    for value in given.split(",") if given else []:
        names = [name for name, values in OPTIONS[key].items() if value in values]
        if not names or names[0] in chosen:
            raise Unresolved(f"the counting {counting!r} is not one of section 7.6")
        chosen[names[0]] = value
    for name in OPTIONS[key]:
        if name == "unranked":
            chosen.setdefault(name, "zero" if chosen["scoring"] == "modified" else "average")
        else:
            chosen.setdefault(name, DEFAULTS[name])
    if chosen.get("scoring") == "modified" and chosen["unranked"] != "zero":
        raise Unresolved("the modified Borda count gives the unranked nothing")
    return chosen


def count(counting: str, ballots: Ballots) -> dict[str, Any]:
    """The count of `ballots` by `counting`, as the record holds it."""
    key = counting.partition(":")[0]
    options = options_of(counting)
    if key == "schulze":
        return _schulze(ballots, options["variant"])
    return _borda(ballots, options["scoring"], options["unranked"])


def _place_words(place: int) -> str:
    return f"{WORDS[place - 1]} place" if place <= len(WORDS) else f"place {place}"


def _order(
    ballots: Ballots, above: Callable[[int, int], bool]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The places, the elected and the tie-breaks of an order in which `above(a, b)` says
    that a stands above b: each place to those nobody left stands above; a tie for a place
    numbered up to the seats drawn by the count's lot, any later tie shared."""
    rng = random.Random(ballots.seed)
    left = ballots.candidates
    places: list[dict[str, Any]] = []
    ties: list[dict[str, Any]] = []
    number = 1
    while left:
        top = [a for a in left if not any(above(b, a) for b in left if b != a)]
        if len(top) > 1 and number <= ballots.seats:
            chosen = rng.choice(sorted(top))
            tie = {
                "purpose": _place_words(number),
                "tied": [ballots.named(c) for c in sorted(top)],
                "chosen": ballots.named(chosen),
                "decided_by": "lot",
                "at_stage": None,
                "lot": f"seeded draw (seed {ballots.seed})",
            }
            ties.append(tie)
            top, tie_break = [chosen], tie
        else:
            tie_break = None
        places.append(
            {
                "place": number,
                "candidates": [ballots.named(c) for c in sorted(top)],
                "tied": len(top) > 1,
                "tie_break": tie_break,
            }
        )
        left = [c for c in left if c not in top]
        number += len(top)
    holders = [who for place in places for who in place["candidates"]]
    return places, holders[: ballots.seats], ties


def _common(ballots: Ballots, method: str) -> dict[str, Any]:
    return {
        "title": "",
        "method": method,
        "seats": ballots.seats,
        "valid_votes": ballots.valid,
        "invalid_papers": 0,
        "candidates": [ballots.named(c) for c in ballots.candidates],
    }


# -- Schulze ---------------------------------------------------------------------------------


def preferences(ballots: Ballots) -> dict[int, dict[int, int]]:
    """d[a][b]: the weight of the papers that put a above b (a named before b, or b not
    named at all)."""
    every = ballots.candidates
    d = {a: {b: 0 for b in every if b != a} for a in every}
    for ranking, weight in ballots.papers:
        position = {c: k for k, c in enumerate(ranking)}
        last = len(ranking)
        for a in ranking:
            for b in every:
                if b != a and position[a] < position.get(b, last):
                    d[a][b] += weight
    return d


def widest_paths(links: dict[int, dict[int, int]]) -> dict[int, dict[int, int]]:
    """p[a][b]: the strength of the strongest path from a to b (its weakest link), found
    from each a by always settling next the candidate reached most strongly."""
    p: dict[int, dict[int, int]] = {}
    for source in links:
        best = dict(links[source])
        settled: set[int] = set()
        while len(settled) < len(best):
            here = max((c for c in best if c not in settled), key=lambda c: best[c])
            settled.add(here)
            if best[here] == 0:
                break  # nothing more can be reached
            for there, strength in links[here].items():
                if there != source and there not in settled:
                    best[there] = max(best[there], min(best[here], strength))
        p[source] = best
    return p


def _schulze(ballots: Ballots, variant: str) -> dict[str, Any]:
    d = preferences(ballots)

    def link(a: int, b: int) -> int:  # a defeat's strength; 0 where a does not defeat b
        if d[a][b] <= d[b][a]:
            return 0
        return d[a][b] if variant == "winning-votes" else d[a][b] - d[b][a]

    p = widest_paths({a: {b: link(a, b) for b in row} for a, row in d.items()})

    def beats(a: int, b: int) -> bool:
        return p[a][b] > p[b][a]

    places, elected, ties = _order(ballots, beats)
    every = ballots.candidates
    condorcet = [a for a in every if all(d[a][b] > d[b][a] for b in d[a])]
    unbeaten = [a for a in every if not any(beats(b, a) for b in every if b != a)]
    return _common(ballots, "schulze") | {
        "variant": variant,
        "pairwise": {str(a): {str(b): n for b, n in row.items()} for a, row in d.items()},
        "strongest_paths": {str(a): {str(b): n for b, n in row.items()} for a, row in p.items()},
        "condorcet_winner": ballots.named(condorcet[0]) if condorcet else None,
        "potential_winners": [ballots.named(c) for c in unbeaten],
        "ranking": places,
        "elected": elected,
        "tie_breaks": ties,
        "lot": f"seeded draw (seed {ballots.seed})",
        "notes": [],
    }


# -- Borda -----------------------------------------------------------------------------------


def _points(scoring: str, n: int, named: int) -> list[Fraction]:
    """The points of ranks 1..named on a paper naming `named` of n candidates."""
    if scoring == "borda":
        return [Fraction(n - 1 - k) for k in range(n)]
    if scoring == "dowdall":
        return [Fraction(1, k + 1) for k in range(n)]
    return [Fraction(named - k) for k in range(named)]  # modified


def _borda(ballots: Ballots, scoring: str, unranked: str) -> dict[str, Any]:
    every = ballots.candidates
    n = len(every)
    score = {c: Fraction(0) for c in every}
    ranks = {c: [0] * n for c in every}
    left_out = {c: 0 for c in every}
    for ranking, weight in ballots.papers:
        points = _points(scoring, n, len(ranking))
        for k, c in enumerate(ranking):
            ranks[c][k] += weight
            score[c] += weight * points[k]
        missing = [c for c in every if c not in ranking]
        if not missing:
            continue
        share = Fraction(0)
        if unranked == "average":
            share = sum(points[len(ranking) :], Fraction(0)) / len(missing)
        for c in missing:
            left_out[c] += weight
            score[c] += weight * share
    places, elected, ties = _order(ballots, lambda a, b: score[a] > score[b])
    return _common(ballots, "borda") | {
        "scoring": scoring,
        "unranked": unranked,
        "rule": "",
        "points": None if scoring == "modified" else [exact(x) for x in _points(scoring, n, n)],
        "candidates": [
            ballots.named(c)
            | {"score": exact(score[c]), "ranks": ranks[c], "unranked": left_out[c]}
            for c in every
        ],
        "total_points": exact(sum(score.values(), Fraction(0))),
        "ranking": places,
        "elected": elected,
        "tie_breaks": ties,
        "lot": f"seeded draw (seed {ballots.seed})",
        "notes": [],
    }
