"""The Scottish statutory STV count: SSI 2007/42, Schedule 1, rules 45 to 52.

The Scottish Local Government Elections Order 2007 prescribes a count with an integer
Droop quota, surplus transfers by the weighted inclusive Gregory method with
transfer values truncated to five decimal places, one stage per surplus and per
exclusion, and ties broken by the most recent earlier stage at which the tied
candidates differed, then by lot. `docs/counting.md` walks through it rule by rule.

Every value in the statutory count is a whole number of hundred-thousandths of a
vote (rule 48(3) truncates each transfer value to five places, and every total is a
sum of papers times such values), so the count runs on integers in that unit and
is exact; the trace reports `Fraction`s.
"""

from __future__ import annotations

from fractions import Fraction

from smolny.counting.stv import Election, Lot, check_seats, distinct_rankings
from smolny.counting.ties import break_tie
from smolny.counting.trace import (
    EXCLUSION,
    FIRST_PREFERENCES,
    SURPLUS,
    Decision,
    Result,
    Stage,
    TieBreak,
)

UNIT = 100_000  # one vote, in the hundred-thousandths of rule 48(3)

_CONTINUING, _ELECTED, _EXCLUDED = 0, 1, 2


def quota(valid_votes: int, seats: int) -> int:
    """Rule 46: the valid papers divided by seats + 1, decimals ignored, plus one."""
    return valid_votes // (seats + 1) + 1


def transfer_value(surplus: int, value: int, total: int) -> int:
    """Rule 48(3): surplus x value-when-received / total votes, truncated to five places.

    All three arguments and the result are in hundred-thousandths of a vote.
    """
    return surplus * value // total


def count_scottish(election: Election, seats: int | None = None, lot: Lot | None = None) -> Result:
    """Count `election` by SSI 2007/42 rules 45-52 and return the result with its trace.

    `seats` overrides the seats in the election. Ties that survive the earlier-stage
    rule are drawn by `lot`; without one, such a tie raises `LotRequired`.
    """
    seats = election.seats if seats is None else seats
    check_seats(seats, len(election.running))
    count = _Count(election, seats)
    while len(count.elected) < seats:
        if any(count.votes[c] > count.quota_units for c in count.elected):
            count.transfer_surplus(lot)
        else:
            count.exclude_lowest(lot)
    return Result(
        method="scottish-stv",
        seats=seats,
        valid_votes=count.valid,
        invalid_papers=count.empty,
        quota=Fraction(count.quota),
        elected=tuple(count.elected),
        stages=tuple(count.stages),
        lot=None if lot is None else lot.describe(),
    )


def _to_votes(units: int) -> Fraction:
    return Fraction(units, UNIT)


class _Count:
    """A count in progress: where each paper lies and at what value, every candidate's
    votes and status, and the stages so far. Votes are in hundred-thousandths (`UNIT`)."""

    def __init__(self, election: Election, seats: int) -> None:
        self.seats = seats
        self.running = running = election.running
        merged, self.empty = distinct_rankings(election)
        self.rankings = rankings = list(merged)
        self.papers = papers = list(merged.values())
        self.valid = sum(papers)
        self.quota = quota(self.valid, seats)
        self.quota_units = self.quota * UNIT

        n = len(election.candidates)
        self.status = [_EXCLUDED] * (n + 1)
        for c in running:
            self.status[c] = _CONTINUING
        self.votes = votes = [0] * (n + 1)
        self.value = [UNIT] * len(rankings)  # each paper's value when its holder received it
        self.position = [0] * len(rankings)  # index in the ranking of the paper's holder
        self.pile: dict[int, list[int]] = {c: [] for c in running}
        self.elected: list[int] = []
        self.stages: list[Stage] = []
        self.history: list[dict[int, int]] = []  # votes at each stage's end, rules 49(2), 51(2)
        self.non_transferable_total = 0
        self.loss_total = 0
        # Rule 45: parcels by first preference, one vote per paper.
        for i, ranking in enumerate(rankings):
            self.pile[ranking[0]].append(i)
            votes[ranking[0]] += papers[i] * UNIT
        first = {c: votes[c] for c in running if votes[c]}
        self._end_stage(FIRST_PREFERENCES, None, first, 0, 0, (), None)

    def transfer_surplus(self, lot: Lot | None) -> None:
        """Rules 48 and 49: transfer the highest surplus; every paper of the elected
        candidate moves on, at a value reduced by rule 48(3)."""
        votes = self.votes
        with_surplus = [c for c in self.elected if votes[c] > self.quota_units]
        top = max(votes[c] for c in with_surplus)
        source, tie = break_tie(
            [c for c in with_surplus if votes[c] == top],
            self.history,
            highest=True,
            purpose="surplus order (rule 49)",
            lot=lot,
        )
        total = votes[source]
        surplus = total - self.quota_units
        value, papers = self.value, self.papers
        values: dict[int, int] = {}  # value received -> value transferred
        moved = 0
        for i in self.pile[source]:
            received = value[i]
            sent = values.get(received)
            if sent is None:
                sent = values[received] = transfer_value(surplus, received, total)
            value[i] = sent
            moved += papers[i] * sent
        changes: dict[int, int] = {}
        non_transferable = self._pass_on(source, changes)
        votes[source] -= surplus
        changes[source] = -surplus
        self._end_stage(
            SURPLUS,
            source,
            changes,
            non_transferable,
            surplus - moved,
            tuple((_to_votes(r), _to_votes(s)) for r, s in sorted(values.items())),
            tie,
        )

    def exclude_lowest(self, lot: Lot | None) -> None:
        """Rules 50 and 51: exclude the candidate with the fewest votes; its papers move
        on at the value they came with."""
        votes = self.votes
        continuing = [c for c in self.running if self.status[c] == _CONTINUING]
        low = min(votes[c] for c in continuing)
        source, tie = break_tie(
            [c for c in continuing if votes[c] == low],
            self.history,
            highest=False,
            purpose="exclusion (rule 51)",
            lot=lot,
        )
        self.status[source] = _EXCLUDED
        changes: dict[int, int] = {}
        non_transferable = self._pass_on(source, changes)
        changes[source] = -votes[source]
        votes[source] = 0
        self._end_stage(
            EXCLUSION,
            source,
            changes,
            non_transferable,
            0,
            (),
            tie,
            Decision(source, "excluded", "lowest number of votes (rule 50)"),
        )

    def _pass_on(self, source: int, changes: dict[int, int]) -> int:
        """Move each of `source`'s papers, at its value, to its next continuing preference,
        adding to `changes`; the papers with none left are non-transferable (returned)."""
        pile, votes, value, papers = self.pile, self.votes, self.value, self.papers
        non_transferable = 0
        for i in pile[source]:
            amount = papers[i] * value[i]
            target = self._next_holder(i)
            if target:
                pile[target].append(i)
                votes[target] += amount
                changes[target] = changes.get(target, 0) + amount
            else:
                non_transferable += amount
        pile[source] = []
        return non_transferable

    def _next_holder(self, i: int) -> int:
        """The next available preference (a continuing candidate) on paper i, or 0."""
        ranking = self.rankings[i]
        status = self.status
        k = self.position[i] + 1
        while k < len(ranking):
            if status[ranking[k]] == _CONTINUING:
                self.position[i] = k
                return ranking[k]
            k += 1
        return 0

    def _end_stage(
        self,
        action: str,
        subject: int | None,
        changes: dict[int, int],
        non_transferable: int,
        loss: int,
        transfer_values: tuple[tuple[Fraction, Fraction], ...],
        tie: TieBreak | None,
        excluded: Decision | None = None,
    ) -> None:
        """Close a stage: who is now deemed elected (rules 47 and 52), and its record."""
        votes, running = self.votes, self.running
        self.non_transferable_total += non_transferable
        self.loss_total += loss
        self.history.append({c: votes[c] for c in running})
        decisions: list[Decision] = [] if excluded is None else [excluded]
        decisions += self._deem_elected()
        self.stages.append(
            Stage(
                number=len(self.stages) + 1,
                action=action,
                subject=subject,
                votes={c: _to_votes(votes[c]) for c in running},
                changes={c: _to_votes(u) for c, u in changes.items()},
                non_transferable=_to_votes(non_transferable),
                truncation_loss=_to_votes(loss),
                non_transferable_total=_to_votes(self.non_transferable_total),
                truncation_loss_total=_to_votes(self.loss_total),
                transfer_values=transfer_values,
                decisions=tuple(decisions),
                tie_breaks=() if tie is None else (tie,),
            )
        )

    def _deem_elected(self) -> list[Decision]:
        """Rule 47: whoever equals or exceeds the quota is elected, the most votes first;
        rule 52: as many continuing candidates as vacancies left are all elected."""
        votes, status = self.votes, self.status
        decisions: list[Decision] = []
        reached = [
            c for c in self.running if status[c] == _CONTINUING and votes[c] >= self.quota_units
        ]
        reached.sort(key=lambda c: -votes[c])
        for c in reached:
            status[c] = _ELECTED
            self.elected.append(c)
            decisions.append(Decision(c, "elected", "reached the quota (rule 47)"))
        continuing = [c for c in self.running if status[c] == _CONTINUING]
        vacancies = self.seats - len(self.elected)
        if continuing and len(continuing) == vacancies:
            continuing.sort(key=lambda c: -votes[c])
            for c in continuing:
                status[c] = _ELECTED
                self.elected.append(c)
                decisions.append(
                    Decision(c, "elected", "continuing candidates equal the vacancies (rule 52)")
                )
        return decisions
