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
    check_seats(seats, len(election.running))
    count = _Rounds(election)
    changes: dict[int, int] = {c: v for c, v in count.votes.items() if v}
    exhausted = 0
    action, subject = FIRST_PREFERENCES, None
    tie: TieBreak | None = None
    excluded: Decision | None = None
    while True:
        elected = count.end_round(action, subject, changes, exhausted, excluded, tie)
        if elected is not None:
            break
        loser, tie = count.fewest(lot)
        changes, exhausted = count.exclude(loser)
        action, subject = EXCLUSION, loser
        excluded = Decision(loser, "excluded", "fewest votes")

    return Result(
        method="irv",
        seats=1,
        valid_votes=count.valid,
        invalid_papers=count.empty,
        quota=None,
        elected=(elected,),
        stages=tuple(count.stages),
        lot=None if lot is None else lot.describe(),
    )


class _Rounds:
    """The rounds in progress: where each paper lies, every candidate's votes (whole
    papers), the continuing candidates and the stages so far."""

    def __init__(self, election: Election) -> None:
        self.running = election.running
        merged, self.empty = distinct_rankings(election)
        self.rankings = list(merged)
        self.papers = list(merged.values())
        self.valid = sum(self.papers)
        self.continuing = set(self.running)
        self.votes = dict.fromkeys(self.running, 0)
        self.position = [0] * len(self.rankings)
        self.pile: dict[int, list[int]] = {c: [] for c in self.running}
        for i, ranking in enumerate(self.rankings):
            self.pile[ranking[0]].append(i)
            self.votes[ranking[0]] += self.papers[i]
        self.stages: list[Stage] = []
        self.history: list[dict[int, int]] = []
        self.exhausted_total = 0

    def end_round(
        self,
        action: str,
        subject: int | None,
        changes: dict[int, int],
        exhausted: int,
        excluded: Decision | None,
        tie: TieBreak | None,
    ) -> int | None:
        """Close a round and record it; the candidate it elects, if any: one with more than
        half of the votes in the count, or the last standing."""
        votes, continuing = self.votes, self.continuing
        self.exhausted_total += exhausted
        self.history.append(dict(votes))
        decisions = [] if excluded is None else [excluded]
        in_count = sum(votes[c] for c in continuing)
        leader = max(continuing, key=lambda c: (votes[c], -c))
        elected: int | None = None
        if 2 * votes[leader] > in_count:
            elected = leader
            decisions.append(
                Decision(leader, "elected", "more than half of the votes in the count")
            )
        elif len(continuing) == 1:
            elected = leader
            decisions.append(Decision(leader, "elected", "the last candidate standing"))
        self.stages.append(
            Stage(
                number=len(self.stages) + 1,
                action=action,
                subject=subject,
                votes={c: Fraction(votes[c]) for c in self.running},
                changes={c: Fraction(v) for c, v in changes.items()},
                non_transferable=Fraction(exhausted),
                non_transferable_total=Fraction(self.exhausted_total),
                decisions=tuple(decisions),
                tie_breaks=() if tie is None else (tie,),
            )
        )
        return elected

    def fewest(self, lot: Lot | None) -> tuple[int, TieBreak | None]:
        """The continuing candidate with the fewest votes, ties broken by earlier rounds."""
        votes = self.votes
        low = min(votes[c] for c in self.continuing)
        return break_tie(
            [c for c in self.continuing if votes[c] == low],
            self.history,
            highest=False,
            purpose="exclusion",
            lot=lot,
        )

    def exclude(self, loser: int) -> tuple[dict[int, int], int]:
        """Exclude `loser`, passing each of its papers to the next continuing preference:
        what each candidate gained (the loser its loss), and the papers exhausted."""
        votes, papers, continuing = self.votes, self.papers, self.continuing
        continuing.discard(loser)
        changes, exhausted = {loser: -votes[loser]}, 0
        for i in self.pile.pop(loser):
            ranking = self.rankings[i]
            k = self.position[i] + 1
            while k < len(ranking) and ranking[k] not in continuing:
                k += 1
            if k < len(ranking):
                self.position[i] = k
                self.pile[ranking[k]].append(i)
                votes[ranking[k]] += papers[i]
                changes[ranking[k]] = changes.get(ranking[k], 0) + papers[i]
            else:
                exhausted += papers[i]
        votes[loser] = 0
        return changes, exhausted
