"""Meek STV (Hill, Wichmann and Woodall, "Algorithm 123", Computer Journal 30, 1987).

Every candidate has a keep factor: 1 while hopeful, 0 once excluded, and for an
elected candidate the share of each vote reaching it that it keeps. A paper's value
flows down its ranking: each candidate keeps (value left) x (its keep factor) and
passes on the rest, skipping the excluded; what is left after the last preference is
excess (non-transferable). The quota is (valid votes - excess) / (seats + 1), so it
falls as papers exhaust. A hopeful candidate whose votes exceed the quota is elected.
Elected candidates' keep factors are then brought down, k <- k x quota / votes,
until they hold the quota, and when nobody more can be elected the hopeful
candidate with the fewest votes is excluded.

Convergence rule (stated exactly, as the issue asks): keep factors are kept to nine
decimal places, **rounded up** (as in Algorithm 123 and the NZ Meek rules), and the
vote distribution for given keep factors is computed **exactly** (integers over a
common denominator of 10^(9E), E the number of elected candidates; no rounding at
all). Iteration stops when the elected candidates' total surplus is below
`TOLERANCE` = 1/100000 of a vote, or when an iteration leaves every keep factor
unchanged. A candidate is elected when its votes strictly exceed the quota (with
exact arithmetic a tie at exactly the quota is left to exclusion). Ties for
exclusion go by the most recent earlier stage at which the tied candidates
differed, then by lot.

Each stage of the trace is a settled state: the first after the first preferences
have settled, then one per exclusion, with votes, quota, excess and keep factors.
"""

from __future__ import annotations

from fractions import Fraction

from smolny.counting.stv import Election, Lot, check_seats, distinct_rankings
from smolny.counting.ties import break_tie
from smolny.counting.trace import EXCLUSION, ITERATION, Decision, Result, Stage, TieBreak

ONE = 10**9  # keep factors are integers in units of 10^-9
TOLERANCE = Fraction(1, 100_000)
MAX_ITERATIONS = 10_000  # a guard only: rounding keep factors up makes every step finite


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def count_meek(election: Election, seats: int | None = None, lot: Lot | None = None) -> Result:
    """Count `election` by Meek's method and return the result with its trace.

    Ties that survive the earlier-stage rule are drawn by `lot`; without one, such a
    tie raises `LotRequired`.
    """
    seats = election.seats if seats is None else seats
    check_seats(seats, len(election.running))
    count = _Count(election, seats)
    excluded: Decision | None = None
    tie: TieBreak | None = None
    action, subject = ITERATION, None
    while True:
        decisions = [] if excluded is None else [excluded]
        decisions += count.settle()
        decisions += count.fill_the_seats_left()
        count.end_stage(action, subject, decisions, tie)
        if len(count.elected) >= seats:
            break
        loser, tie = count.exclude_fewest(lot)
        excluded = Decision(loser, "excluded", "fewest votes when nobody more can be elected")
        action, subject = EXCLUSION, loser

    return Result(
        method="meek",
        seats=seats,
        valid_votes=count.valid,
        invalid_papers=count.empty,
        quota=count.stages[-1].quota,
        elected=tuple(count.elected),
        stages=tuple(count.stages),
        lot=None if lot is None else lot.describe(),
        notes=(
            "Meek: keep factors to nine places rounded up; votes exact; "
            "settled when the total surplus is below 0.00001",
        ),
    )


class _Count:
    """A count in progress: the keep factors, the hopeful and the elected, the votes of the
    last distribution (integers over `denominator`) and the stages so far."""

    def __init__(self, election: Election, seats: int) -> None:
        self.seats = seats
        self.running = election.running
        merged, self.empty = distinct_rankings(election)
        self.items = list(merged.items())
        self.valid = sum(merged.values())
        self.keep = dict.fromkeys(self.running, ONE)
        self.hopeful = set(self.running)
        self.elected: list[int] = []
        self.stages: list[Stage] = []
        self.history: list[dict[int, Fraction]] = []
        self.previous: dict[int, Fraction] = {}
        # the last distribution: votes and excess over `denominator`, and the quota's
        # numerator (quota = quota_top / ((seats + 1) * denominator))
        self.votes: dict[int, int] = {}
        self.excess = 0
        self.denominator = 1
        self.quota_top = 0

    def distribute(self) -> None:
        """Votes and excess for the current keep factors, exactly, over denominator D."""
        keep = self.keep
        factors = sum(1 for c in self.running if 0 < keep[c] < ONE)
        denominator = ONE**factors
        votes = dict.fromkeys(self.running, 0)
        excess = 0
        for ranking, weight in self.items:
            left = denominator
            for c in ranking:
                k = keep[c]
                if k == 0:
                    continue
                if k == ONE:
                    votes[c] += left * weight
                    left = 0
                    break
                # exact: `left` carries one factor of ONE for each factor still to come
                kept = left * k // ONE
                votes[c] += kept * weight
                left -= kept
            excess += left * weight
        self.votes, self.excess, self.denominator = votes, excess, denominator
        self.quota_top = self.valid * denominator - excess

    def settle(self) -> list[Decision]:
        """Distribute, elect whoever exceeds the quota, and bring the elected candidates'
        keep factors down, until the surplus is within `TOLERANCE` or nothing changes."""
        decisions: list[Decision] = []
        seats, elected = self.seats, self.elected
        for _ in range(MAX_ITERATIONS):
            self.distribute()
            votes, quota_top = self.votes, self.quota_top
            # votes[c] / D > quota  <=>  (seats + 1) * votes[c] > quota_top
            over = [c for c in self.hopeful if (seats + 1) * votes[c] > quota_top]
            if over and len(elected) < seats:
                over.sort(key=lambda c: (-votes[c], c))
                for c in over[: seats - len(elected)]:
                    self.hopeful.discard(c)
                    elected.append(c)
                    decisions.append(Decision(c, "elected", "votes exceed the quota"))
                continue
            if len(elected) >= seats or self._within_tolerance():
                break
            if not self._reduce_keep_factors():
                break
        return decisions

    def _within_tolerance(self) -> bool:
        """Whether the elected candidates' total surplus is below `TOLERANCE`."""
        seats, quota_top = self.seats, self.quota_top
        surplus = sum((seats + 1) * self.votes[c] - quota_top for c in self.elected)
        # surplus / ((seats+1) * D) < TOLERANCE
        return (
            surplus * TOLERANCE.denominator < TOLERANCE.numerator * (seats + 1) * self.denominator
        )

    def _reduce_keep_factors(self) -> bool:
        """k <- k x quota / votes for each elected candidate, rounded up to nine places,
        never above 1; whether any changed."""
        changed = False
        keep, votes = self.keep, self.votes
        for c in self.elected:
            new = min(ONE, _ceil_div(keep[c] * self.quota_top, (self.seats + 1) * votes[c]))
            if new != keep[c]:
                keep[c] = new
                changed = True
        return changed

    def fill_the_seats_left(self) -> list[Decision]:
        """When the hopeful are as many as the seats left, all of them are elected."""
        if not (
            len(self.elected) < self.seats and len(self.elected) + len(self.hopeful) == self.seats
        ):
            return []
        decisions = []
        votes = self.votes
        for c in sorted(self.hopeful, key=lambda c: (-votes[c], c)):
            self.elected.append(c)
            decisions.append(Decision(c, "elected", "hopeful candidates equal the seats left"))
        self.hopeful.clear()
        return decisions

    def end_stage(
        self, action: str, subject: int | None, decisions: list[Decision], tie: TieBreak | None
    ) -> None:
        """Record the settled state as a stage: votes, quota, excess and keep factors."""
        denominator = self.denominator
        quota = Fraction(self.quota_top, (self.seats + 1) * denominator)
        now = {c: Fraction(self.votes[c], denominator) for c in self.running}
        self.history.append(now)
        stages = self.stages
        stages.append(
            Stage(
                number=len(stages) + 1,
                action=action,
                subject=subject,
                votes=now,
                changes={c: v - self.previous.get(c, Fraction(0)) for c, v in now.items()},
                non_transferable=Fraction(self.excess, denominator)
                - (stages[-1].non_transferable_total if stages else Fraction(0)),
                non_transferable_total=Fraction(self.excess, denominator),
                decisions=tuple(decisions),
                tie_breaks=() if tie is None else (tie,),
                quota=quota,
                keep_factors={c: Fraction(self.keep[c], ONE) for c in self.running},
            )
        )
        self.previous = now

    def exclude_fewest(self, lot: Lot | None) -> tuple[int, TieBreak | None]:
        """Exclude the hopeful candidate with the fewest votes (its keep factor 0)."""
        votes = self.votes
        low = min(votes[c] for c in self.hopeful)
        loser, tie = break_tie(
            [c for c in self.hopeful if votes[c] == low],
            self.history,
            highest=False,
            purpose="exclusion",
            lot=lot,
        )
        self.hopeful.discard(loser)
        self.keep[loser] = 0
        return loser, tie
