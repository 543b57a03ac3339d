"""Instant-runoff voting: one seat, by repeated exclusion of the last-placed candidate.

Each round, every paper counts one whole vote for its highest-ranked continuing
candidate. A candidate with more than half of the votes still in the count (papers
that have not run out of preferences) is elected; failing that, the candidate with
the fewest votes is excluded and its papers pass on. Ties for exclusion go by the
most recent earlier round at which the tied candidates differed, then by lot, as in
the Scottish rules. All arithmetic is on integers.
"""

from __future__ import annotations

from fractions import Fraction

from smolny.counting.stv import CountError, Election, Lot, check_seats, distinct_rankings
from smolny.counting.ties import break_tie
from smolny.counting.trace import EXCLUSION, FIRST_PREFERENCES, Decision, Result, Stage, TieBreak


def count_irv(election: Election, seats: int | None = None, lot: Lot | None = None) -> Result:
    """Elect one candidate by instant runoff and return the result with its rounds.

    Refuses (`CountError`) an election for more than one seat.
    """
    seats = election.seats if seats is None else seats
    if seats != 1:
        raise CountError(f"instant-runoff fills one seat, not {seats}")
    running = election.running
    check_seats(seats, len(running))
    merged, empty = distinct_rankings(election)
    rankings = list(merged)
    papers = list(merged.values())
    valid = sum(papers)

    continuing = set(running)
    votes = dict.fromkeys(running, 0)
    position = [0] * len(rankings)
    pile: dict[int, list[int]] = {c: [] for c in running}
    for i, ranking in enumerate(rankings):
        pile[ranking[0]].append(i)
        votes[ranking[0]] += papers[i]

    stages: list[Stage] = []
    history: list[dict[int, int]] = []
    exhausted_total = 0
    changes: dict[int, int] = {c: v for c, v in votes.items() if v}
    exhausted = 0
    action, subject = FIRST_PREFERENCES, None
    tie: TieBreak | None = None
    excluded: Decision | None = None
    elected: int | None = None
    while True:
        exhausted_total += exhausted
        history.append(dict(votes))
        decisions = [] if excluded is None else [excluded]
        in_count = sum(votes[c] for c in continuing)
        leader = max(continuing, key=lambda c: (votes[c], -c))
        if 2 * votes[leader] > in_count:
            elected = leader
            decisions.append(
                Decision(leader, "elected", "more than half of the votes in the count")
            )
        elif len(continuing) == 1:
            elected = leader
            decisions.append(Decision(leader, "elected", "the last candidate standing"))
        stages.append(
            Stage(
                number=len(stages) + 1,
                action=action,
                subject=subject,
                votes={c: Fraction(votes[c]) for c in running},
                changes={c: Fraction(v) for c, v in changes.items()},
                non_transferable=Fraction(exhausted),
                non_transferable_total=Fraction(exhausted_total),
                decisions=tuple(decisions),
                tie_breaks=() if tie is None else (tie,),
            )
        )
        if elected is not None:
            break
        low = min(votes[c] for c in continuing)
        loser, tie = break_tie(
            [c for c in continuing if votes[c] == low],
            history,
            highest=False,
            purpose="exclusion",
            lot=lot,
        )
        continuing.discard(loser)
        changes, exhausted = {loser: -votes[loser]}, 0
        for i in pile.pop(loser):
            ranking = rankings[i]
            k = position[i] + 1
            while k < len(ranking) and ranking[k] not in continuing:
                k += 1
            if k < len(ranking):
                position[i] = k
                pile[ranking[k]].append(i)
                votes[ranking[k]] += papers[i]
                changes[ranking[k]] = changes.get(ranking[k], 0) + papers[i]
            else:
                exhausted += papers[i]
        votes[loser] = 0
        action, subject = EXCLUSION, loser
        excluded = Decision(loser, "excluded", "fewest votes")

    return Result(
        method="irv",
        seats=1,
        valid_votes=valid,
        invalid_papers=empty,
        quota=None,
        elected=(elected,),
        stages=tuple(stages),
        lot=None if lot is None else lot.describe(),
    )
