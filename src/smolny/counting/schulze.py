"""The Schulze method (Schulze 2011, "A new monotonic, clone-independent, reversal
symmetric, and Condorcet-consistent single-winner election method", Social Choice and
Welfare 36): a Condorcet method that settles cycles by the strongest paths.

1. The pairwise matrix: d[a][b] is the number of papers (by weight) ranking a above b.
   A paper ranks every candidate it names above every candidate it leaves out, and
   says nothing between two it leaves out (the usual reading of a truncated ballot).
2. A link a -> b exists when d[a][b] > d[b][a]. Its strength is, by `variant`,
   - `WINNING_VOTES` (the default, Schulze's own): d[a][b], the votes for a over b;
   - `MARGINS`: d[a][b] - d[b][a].
   The two agree whenever every paper ranks every candidate.
3. p[a][b] is the strength of the strongest path from a to b (a path is as strong as its
   weakest link; 0 when there is none), by the Floyd-Warshall widest-path algorithm.
4. a beats b when p[a][b] > p[b][a]. Schulze proves this relation transitive, so some
   candidate is beaten by nobody: the first place goes to the unbeaten, the next to
   whoever nothing left beats, and so on (`ranking.rank_places`).

A Condorcet winner, when there is one, is the only candidate nobody beats. Several
seats are filled by the top of this order (Schulze's own suggestion for a ranking; the
proportional Schulze STV is not implemented). Ties for a place that decides a seat go
by the tie rule (`ranking.LOT`, or `ranking.RANDOM_BALLOT` as in Schulze's section 5,
where a paper drawn at random decides), each recorded; with no `Lot` such a tie stops
the count with `SchulzeTie`, naming the tied candidates. All arithmetic is on integers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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
from smolny.counting.trace import TieBreak

WINNING_VOTES = "winning-votes"
MARGINS = "margins"
VARIANTS = (WINNING_VOTES, MARGINS)

Matrix = dict[int, dict[int, int]]


class SchulzeTie(RankingTie):
    """Candidates tied for a place that decides a seat, and no tie rule able to decide.

    `cycle` says whether the tied candidates beat one another in a pairwise cycle
    (whose strongest paths are of equal strength) or are simply level pair by pair.
    """

    rule = "schulze-tie"

    def __init__(self, tied: Sequence[int], place: int, cycle: bool) -> None:
        self.cycle = cycle
        why = (
            "their pairwise defeats form a cycle whose strongest paths are of equal strength"
            if cycle
            else "no paper prefers one of them to another more often than the reverse"
        )
        super().__init__(tied, place, f"by the Schulze method: {why}")


@dataclass(frozen=True)
class SchulzeResult:
    """A Schulze count: the matrices, the ranking with its ties, and the elected."""

    method: str  # "schulze"
    variant: str  # WINNING_VOTES or MARGINS
    seats: int
    valid_votes: int
    invalid_papers: int  # papers naming no running candidate
    candidates: tuple[int, ...]  # the running candidates, in file order
    pairwise: Matrix  # d[a][b]: papers ranking a above b
    strongest: Matrix  # p[a][b]: the strength of the strongest path from a to b
    condorcet_winner: int | None  # beats every other candidate pairwise, if anyone does
    potential_winners: tuple[int, ...]  # beaten by nobody (Schulze's "potential winners")
    places: tuple[Place, ...]
    elected: tuple[int, ...]
    tie_breaks: tuple[TieBreak, ...]
    lot: str | None = None  # the tie rule and its draw, when one was given
    notes: tuple[str, ...] = ()

    def beats(self, a: int, b: int) -> bool:
        """Whether a is ranked above b by the Schulze method (p[a][b] > p[b][a])."""
        return a != b and self.strongest[a][b] > self.strongest[b][a]


def pairwise_matrix(election: Election) -> tuple[Matrix, int, int]:
    """d[a][b] over the running candidates, the valid papers, and the papers with none."""
    running = election.running
    merged, empty = distinct_rankings(election)
    d: Matrix = {a: dict.fromkeys((b for b in running if b != a), 0) for a in running}
    for ranking, weight in merged.items():
        unranked = [c for c in running if c not in ranking]
        for i, a in enumerate(ranking):
            row = d[a]
            for b in ranking[i + 1 :]:
                row[b] += weight
            for b in unranked:
                row[b] += weight
    return d, sum(merged.values()), empty


def strongest_paths(d: Matrix, variant: str = WINNING_VOTES) -> Matrix:
    """p[a][b], the strength of the strongest path from a to b (0 where there is none)."""
    if variant not in VARIANTS:
        raise CountError(f"Schulze variant {variant!r}: choose one of {', '.join(VARIANTS)}")
    candidates = list(d)
    p: Matrix = {a: {} for a in candidates}
    for a in candidates:
        for b in candidates:
            if a == b:
                continue
            if d[a][b] > d[b][a]:
                p[a][b] = d[a][b] if variant == WINNING_VOTES else d[a][b] - d[b][a]
            else:
                p[a][b] = 0
    for k in candidates:
        pk = p[k]
        for a in candidates:
            if a == k:
                continue
            pa = p[a]
            through = pa[k]
            if not through:
                continue
            for b in candidates:
                if b != a and b != k:
                    via = min(through, pk[b])
                    if via > pa[b]:
                        pa[b] = via
    return p


def condorcet_winner(d: Matrix) -> int | None:
    """The candidate preferred to every other by more papers than the reverse, if any."""
    for a, row in d.items():
        if all(votes > d[b][a] for b, votes in row.items()):
            return a
    return None


def count_schulze(
    election: Election,
    seats: int | None = None,
    lot: Lot | None = None,
    *,
    variant: str = WINNING_VOTES,
    tie_rule: str = LOT,
    rank_all: bool = False,
) -> SchulzeResult:
    """Rank the running candidates by the Schulze method and elect the first `seats`.

    Ties for a place that decides a seat (every place, with `rank_all`) are broken by
    `tie_rule` drawing from `lot`; without a lot such a tie raises `SchulzeTie`.
    """
    seats = election.seats if seats is None else seats
    running = election.running
    check_seats(seats, len(running))
    d, valid, empty = pairwise_matrix(election)
    p = strongest_paths(d, variant)
    breaker = TieBreaker(election, tie_rule, lot)

    def unbeaten(remaining: Sequence[int]) -> list[int]:
        return [a for a in remaining if not any(p[b][a] > p[a][b] for b in remaining if b != a)]

    def refuse(tied: tuple[int, ...], place: int) -> SchulzeTie:
        cycle = any(d[a][b] != d[b][a] for a in tied for b in tied if a != b)
        return SchulzeTie(tied, place, cycle)

    places = rank_places(running, unbeaten, seats, breaker, refuse, rank_all=rank_all)
    notes: list[str] = []
    if not valid:
        notes.append("no paper ranks a running candidate: every candidate is level")
    return SchulzeResult(
        method="schulze",
        variant=variant,
        seats=seats,
        valid_votes=valid,
        invalid_papers=empty,
        candidates=running,
        pairwise=d,
        strongest=p,
        condorcet_winner=condorcet_winner(d),
        potential_winners=tuple(sorted(unbeaten(running))),
        places=places,
        elected=elected_of(places, seats),
        tie_breaks=tuple(pl.tie_break for pl in places if pl.tie_break is not None),
        lot=breaker.describe(),
        notes=tuple(notes),
    )


def _matrix_json(m: Matrix) -> dict[str, dict[str, int]]:
    return {str(a): {str(b): v for b, v in row.items()} for a, row in m.items()}


def to_json(result: SchulzeResult, election: Election) -> dict[str, Any]:
    """The result as JSON-ready data (integers, strings, lists, objects): both matrices,
    the ranking with its ties, and how each tie was broken."""
    return {
        "title": election.title,
        "method": result.method,
        "variant": result.variant,
        "seats": result.seats,
        "valid_votes": result.valid_votes,
        "invalid_papers": result.invalid_papers,
        "candidates": [candidate_json(election, c) for c in result.candidates],
        "pairwise": _matrix_json(result.pairwise),
        "strongest_paths": _matrix_json(result.strongest),
        "condorcet_winner": (
            None
            if result.condorcet_winner is None
            else candidate_json(election, result.condorcet_winner)
        ),
        "potential_winners": [candidate_json(election, c) for c in result.potential_winners],
        "ranking": places_json(election, result.places),
        "elected": [candidate_json(election, c) for c in result.elected],
        "tie_breaks": [tie_json(election, t) for t in result.tie_breaks],
        "lot": result.lot,
        "notes": list(result.notes),
    }


def _matrix_text(title: str, m: Matrix, candidates: Sequence[int]) -> list[str]:
    width = max(5, *(len(str(v)) for row in m.values() for v in row.values()))
    head = " " * 6 + "".join(f"{'to ' + str(b):>{width + 2}}" for b in candidates)
    lines = [title, head]
    for a in candidates:
        cells = "".join(f"{'-' if a == b else str(m[a][b]):>{width + 2}}" for b in candidates)
        lines.append(f"  {a:>3} {cells}")
    return lines


def render_text(result: SchulzeResult, election: Election) -> str:
    """A plain-text report: the elected, the two matrices, and the ranking with its ties."""
    lines: list[str] = []
    if election.title:
        lines.append(election.title)
    lines.append(
        f"schulze ({result.variant}): {result.seats} seat(s), {result.valid_votes} valid votes"
    )
    lines.append("Elected: " + "; ".join(election.name(c) for c in result.elected))
    lines.append("")
    for c in result.candidates:
        lines.append(f"  {c:>3}  {election.name(c)}")
    lines.append("")
    lines += _matrix_text(
        "Papers ranking the row above the column, d[row][column]:",
        result.pairwise,
        result.candidates,
    )
    lines.append("")
    strength = "winning votes" if result.variant == WINNING_VOTES else "margins"
    lines += _matrix_text(
        f"Strongest paths p[row][column] (links measured by {strength}):",
        result.strongest,
        result.candidates,
    )
    lines.append("")
    if result.condorcet_winner is not None:
        lines.append(f"Condorcet winner: {election.name(result.condorcet_winner)}")
    else:
        lines.append("No Condorcet winner: nobody beats every other candidate pairwise")
    lines.append("Ranking:")
    lines += places_text(election, result.places)
    for note in result.notes:
        lines.append(note)
    return "\n".join(lines) + "\n"
