"""The Borda count and its variants: points for each place on a paper, summed exactly.

With n running candidates, the points for ranks 1, 2, ..., n are, by `scoring`:

- `BORDA` (the default): n-1, n-2, ..., 0.
- `DOWDALL` (Nauru): 1, 1/2, 1/3, ..., 1/n.
- `MODIFIED` (Emerson's modified Borda count): a paper ranking m candidates gives
  m, m-1, ..., 1 to them; so a paper that ranks one candidate gives it one point.

A paper need not rank everyone. What the candidates it leaves out score is stated by
`unranked`:

- `ZERO`: nothing; the ranked keep the points of their ranks (the "pessimistic"
  reading). The only rule for `MODIFIED`.
- `AVERAGE` (the default for `BORDA` and `DOWDALL`): the points of the ranks left
  unused are shared equally among the candidates left out, so each paper hands out
  the same points in all and truncating a ballot neither gains nor loses.

Every score is a `Fraction` (halves arise from sharing, fractions from Dowdall);
nothing is rounded. The candidates are placed by score; ties for a place that decides
a seat are broken by the tie rule (`ranking.LOT`, or `ranking.RANDOM_BALLOT`), each
recorded; with no `Lot` such a tie stops the count with `BordaTie`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from smolny.counting.ranking import (
    LOT,
    Place,
    RankingTie,
    TieBreaker,
    candidate_json,
    elected_of,
    places_json,
    places_text,
    rank_places,
    tie_json,
)
from smolny.counting.stv import (
    CountError,
    Election,
    Lot,
    check_seats,
    distinct_rankings,
)
from smolny.counting.trace import TieBreak, exact

BORDA = "borda"
DOWDALL = "dowdall"
MODIFIED = "modified"
SCORINGS = (BORDA, DOWDALL, MODIFIED)
ZERO = "zero"
AVERAGE = "average"
UNRANKED_RULES = (ZERO, AVERAGE)


class BordaTie(RankingTie):
    """Candidates with equal points for a place that decides a seat, and no lot given."""

    rule = "borda-tie"

    def __init__(self, tied: Sequence[int], place: int, score: Fraction) -> None:
        self.score = score
        super().__init__(tied, place, f"with {exact(score)} points each")


@dataclass(frozen=True)
class BordaResult:
    """A Borda count: the points per rank, each candidate's ranks and score, the places."""

    method: str  # "borda"
    scoring: str  # BORDA, DOWDALL or MODIFIED
    unranked: str  # ZERO or AVERAGE: what a candidate a paper leaves out scores
    seats: int
    valid_votes: int
    invalid_papers: int  # papers naming no running candidate
    candidates: tuple[int, ...]  # the running candidates, in file order
    points: tuple[Fraction, ...] | None  # for ranks 1..n; None for MODIFIED (varies by paper)
    rank_counts: dict[int, tuple[int, ...]]  # papers placing the candidate 1st, 2nd, ... nth
    unranked_papers: dict[int, int]  # papers leaving the candidate out
    scores: dict[int, Fraction]
    places: tuple[Place, ...]
    elected: tuple[int, ...]
    tie_breaks: tuple[TieBreak, ...]
    lot: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def total_points(self) -> Fraction:
        """All the points handed out: the scores added up."""
        return sum(self.scores.values(), Fraction(0))


def points_per_rank(scoring: str, n: int) -> tuple[Fraction, ...] | None:
    """The points for ranks 1..n under `scoring` (None where they vary by paper)."""
    if scoring == BORDA:
        return tuple(Fraction(n - 1 - k) for k in range(n))
    if scoring == DOWDALL:
        return tuple(Fraction(1, k + 1) for k in range(n))
    if scoring == MODIFIED:
        return None
    raise CountError(f"Borda scoring {scoring!r}: unknown; choose one of {', '.join(SCORINGS)}")


def count_borda(
    election: Election,
    seats: int | None = None,
    lot: Lot | None = None,
    *,
    scoring: str = BORDA,
    unranked: str | None = None,
    tie_rule: str = LOT,
    rank_all: bool = False,
) -> BordaResult:
    """Score the running candidates by `scoring` and elect the `seats` with most points.

    `unranked` defaults to AVERAGE (ZERO for MODIFIED). Ties for a place that decides a
    seat (every place, with `rank_all`) go by `tie_rule`; with no lot, `BordaTie`.
    """
    seats = election.seats if seats is None else seats
    running = election.running
    check_seats(seats, len(running))
    n = len(running)
    points = points_per_rank(scoring, n)
    if unranked is None:
        unranked = ZERO if scoring == MODIFIED else AVERAGE
    if unranked not in UNRANKED_RULES:
        raise CountError(
            f"unranked {unranked!r}: unknown; choose one of {', '.join(UNRANKED_RULES)}"
        )
    if scoring == MODIFIED and unranked != ZERO:
        raise CountError("the modified Borda count gives candidates left unranked nothing")
    breaker = TieBreaker(election, tie_rule, lot)

    merged, empty = distinct_rankings(election)
    counts = {c: [0] * n for c in running}
    left_out = dict.fromkeys(running, 0)
    scores = dict.fromkeys(running, Fraction(0))
    for ranking, weight in merged.items():
        m = len(ranking)
        for k, c in enumerate(ranking):
            counts[c][k] += weight
            scores[c] += weight * (points[k] if points is not None else Fraction(m - k))
        if m == n:
            continue
        share = Fraction(0)
        if unranked == AVERAGE and points is not None:
            share = sum(points[m:], Fraction(0)) / (n - m)
        named = set(ranking)
        for c in running:
            if c not in named:
                left_out[c] += weight
                scores[c] += weight * share

    def leaders(remaining: Sequence[int]) -> list[int]:
        best = max(scores[c] for c in remaining)
        return [c for c in remaining if scores[c] == best]

    def refuse(tied: tuple[int, ...], place: int) -> BordaTie:
        return BordaTie(tied, place, scores[tied[0]])

    places = rank_places(running, leaders, seats, breaker, refuse, rank_all=rank_all)
    return BordaResult(
        method="borda",
        scoring=scoring,
        unranked=unranked,
        seats=seats,
        valid_votes=sum(merged.values()),
        invalid_papers=empty,
        candidates=running,
        points=points,
        rank_counts={c: tuple(v) for c, v in counts.items()},
        unranked_papers=left_out,
        scores=scores,
        places=places,
        elected=elected_of(places, seats),
        tie_breaks=tuple(p.tie_break for p in places if p.tie_break is not None),
        lot=breaker.describe(),
    )


def points_rule(result: BordaResult) -> str:
    """The scoring and the unranked rule in words, as the report states them."""
    if result.points is None:
        ranked = "a paper ranking m candidates gives m, m-1, ..., 1 points"
    else:
        ranked = "points by rank " + ", ".join(exact(p) for p in result.points)
    left = (
        "candidates left unranked score nothing"
        if result.unranked == ZERO
        else "candidates left unranked share equally the points of the ranks left unused"
    )
    return f"{result.scoring}: {ranked}; {left}"


def to_json(result: BordaResult, election: Election) -> dict[str, Any]:
    """The result as JSON-ready data: exact scores as strings, the ranks behind them,
    the ranking with its ties, and how each tie was broken."""
    return {
        "title": election.title,
        "method": result.method,
        "scoring": result.scoring,
        "unranked": result.unranked,
        "rule": points_rule(result),
        "seats": result.seats,
        "valid_votes": result.valid_votes,
        "invalid_papers": result.invalid_papers,
        "points": None if result.points is None else [exact(p) for p in result.points],
        "candidates": [
            {
                **candidate_json(election, c),
                "score": exact(result.scores[c]),
                "ranks": list(result.rank_counts[c]),
                "unranked": result.unranked_papers[c],
            }
            for c in result.candidates
        ],
        "total_points": exact(result.total_points),
        "ranking": places_json(election, result.places),
        "elected": [candidate_json(election, c) for c in result.elected],
        "tie_breaks": [tie_json(election, t) for t in result.tie_breaks],
        "lot": result.lot,
        "notes": list(result.notes),
    }


def render_text(result: BordaResult, election: Election) -> str:
    """A plain-text report: the rule, the elected, each candidate's ranks and score."""
    lines: list[str] = []
    if election.title:
        lines.append(election.title)
    lines.append(f"borda: {result.seats} seat(s), {result.valid_votes} valid votes")
    lines.append(points_rule(result))
    lines.append("Elected: " + "; ".join(election.name(c) for c in result.elected))
    lines.append("")
    n = len(result.candidates)
    width = max(len("candidate"), *(len(election.name(c)) for c in result.candidates))
    head = "".join(f"{k:>7}" for k in range(1, n + 1))
    lines.append(f"  {'candidate'.ljust(width)}{head}  unranked  {'points':>12}")
    for c in result.candidates:
        ranks = "".join(f"{v:>7}" for v in result.rank_counts[c])
        lines.append(
            f"  {election.name(c).ljust(width)}{ranks}  {result.unranked_papers[c]:>8}"
            f"  {exact(result.scores[c]):>12}"
        )
    lines.append(
        f"  {'total'.ljust(width)}{' ' * (7 * n)}  {'':>8}  {exact(result.total_points):>12}"
    )
    lines.append("")
    lines.append("Ranking:")
    lines += places_text(election, result.places)
    for note in result.notes:
        lines.append(note)
    return "\n".join(lines) + "\n"
