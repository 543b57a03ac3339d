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
    running = election.running
    check_seats(seats, len(running))
    merged, empty = distinct_rankings(election)
    rankings = list(merged)
    papers = list(merged.values())
    valid = sum(papers)
    q = quota(valid, seats)
    quota_units = q * UNIT

    n = len(election.candidates)
    status = [_EXCLUDED] * (n + 1)
    for c in running:
        status[c] = _CONTINUING
    votes = [0] * (n + 1)
    value = [UNIT] * len(rankings)  # the value of each paper when its holder received it
    position = [0] * len(rankings)  # index in the ranking of the paper's current holder
    pile: dict[int, list[int]] = {c: [] for c in running}
    # Rule 45: parcels by first preference, one vote per paper.
    for i, ranking in enumerate(rankings):
        pile[ranking[0]].append(i)
        votes[ranking[0]] += papers[i] * UNIT

    elected: list[int] = []
    stages: list[Stage] = []
    history: list[dict[int, int]] = []  # votes at the end of each stage, for rules 49(2), 51(2)
    nt_total = 0
    loss_total = 0

    def to_votes(units: int) -> Fraction:
        return Fraction(units, UNIT)

    def next_holder(i: int) -> int:
        """The next available preference (a continuing candidate) on paper i, or 0."""
        ranking = rankings[i]
        k = position[i] + 1
        while k < len(ranking):
            if status[ranking[k]] == _CONTINUING:
                position[i] = k
                return ranking[k]
            k += 1
        return 0

    def end_stage(
        action: str,
        subject: int | None,
        changes: dict[int, int],
        non_transferable: int,
        loss: int,
        transfer_values: tuple[tuple[Fraction, Fraction], ...],
        tie_breaks: tuple[TieBreak, ...],
        excluded: Decision | None = None,
    ) -> None:
        nonlocal nt_total, loss_total
        nt_total += non_transferable
        loss_total += loss
        history.append({c: votes[c] for c in running})
        decisions: list[Decision] = [] if excluded is None else [excluded]
        # Rule 47: whoever equals or exceeds the quota is deemed elected.
        reached = [c for c in running if status[c] == _CONTINUING and votes[c] >= quota_units]
        reached.sort(key=lambda c: -votes[c])
        for c in reached:
            status[c] = _ELECTED
            elected.append(c)
            decisions.append(Decision(c, "elected", "reached the quota (rule 47)"))
        # Rule 52: as many continuing candidates as vacancies left: all deemed elected.
        continuing = [c for c in running if status[c] == _CONTINUING]
        vacancies = seats - len(elected)
        if continuing and len(continuing) == vacancies:
            continuing.sort(key=lambda c: -votes[c])
            for c in continuing:
                status[c] = _ELECTED
                elected.append(c)
                decisions.append(
                    Decision(c, "elected", "continuing candidates equal the vacancies (rule 52)")
                )
        stages.append(
            Stage(
                number=len(stages) + 1,
                action=action,
                subject=subject,
                votes={c: to_votes(votes[c]) for c in running},
                changes={c: to_votes(u) for c, u in changes.items()},
                non_transferable=to_votes(non_transferable),
                truncation_loss=to_votes(loss),
                non_transferable_total=to_votes(nt_total),
                truncation_loss_total=to_votes(loss_total),
                transfer_values=transfer_values,
                decisions=tuple(decisions),
                tie_breaks=tie_breaks,
            )
        )

    end_stage(FIRST_PREFERENCES, None, {c: votes[c] for c in running if votes[c]}, 0, 0, (), ())

    while len(elected) < seats:
        with_surplus = [c for c in elected if votes[c] > quota_units]
        changes: dict[int, int] = {}
        non_transferable = 0
        if with_surplus:
            # Rule 49(1): the highest surplus first.
            top = max(votes[c] for c in with_surplus)
            source, tie = break_tie(
                [c for c in with_surplus if votes[c] == top],
                history,
                highest=True,
                purpose="surplus order (rule 49)",
                lot=lot,
            )
            total = votes[source]
            surplus = total - quota_units
            values: dict[int, int] = {}
            moved = 0
            # Rule 48: every paper of the elected candidate moves, at a reduced value.
            for i in pile[source]:
                received = value[i]
                sent = values.get(received)
                if sent is None:
                    sent = values[received] = transfer_value(surplus, received, total)
                amount = papers[i] * sent
                moved += amount
                value[i] = sent
                target = next_holder(i)
                if target:
                    pile[target].append(i)
                    votes[target] += amount
                    changes[target] = changes.get(target, 0) + amount
                else:
                    non_transferable += amount
            pile[source] = []
            votes[source] -= surplus
            changes[source] = -surplus
            end_stage(
                SURPLUS,
                source,
                changes,
                non_transferable,
                surplus - moved,
                tuple((to_votes(r), to_votes(s)) for r, s in sorted(values.items())),
                () if tie is None else (tie,),
            )
        else:
            # Rule 50: exclude the lowest; its papers move at the value they came with.
            continuing = [c for c in running if status[c] == _CONTINUING]
            low = min(votes[c] for c in continuing)
            source, tie = break_tie(
                [c for c in continuing if votes[c] == low],
                history,
                highest=False,
                purpose="exclusion (rule 51)",
                lot=lot,
            )
            status[source] = _EXCLUDED
            for i in pile[source]:
                amount = papers[i] * value[i]
                target = next_holder(i)
                if target:
                    pile[target].append(i)
                    votes[target] += amount
                    changes[target] = changes.get(target, 0) + amount
                else:
                    non_transferable += amount
            pile[source] = []
            changes[source] = -votes[source]
            votes[source] = 0
            end_stage(
                EXCLUSION,
                source,
                changes,
                non_transferable,
                0,
                (),
                () if tie is None else (tie,),
                Decision(source, "excluded", "lowest number of votes (rule 50)"),
            )

    return Result(
        method="scottish-stv",
        seats=seats,
        valid_votes=valid,
        invalid_papers=empty,
        quota=Fraction(q),
        elected=tuple(elected),
        stages=tuple(stages),
        lot=None if lot is None else lot.describe(),
    )
