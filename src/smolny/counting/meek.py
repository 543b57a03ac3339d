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
    running = election.running
    check_seats(seats, len(running))
    merged, empty = distinct_rankings(election)
    items = list(merged.items())
    valid = sum(merged.values())

    keep = dict.fromkeys(running, ONE)
    hopeful = set(running)
    elected: list[int] = []
    stages: list[Stage] = []
    history: list[dict[int, Fraction]] = []
    previous: dict[int, Fraction] = {}

    def distribute() -> tuple[dict[int, int], int, int]:
        """Votes and excess for the current keep factors, exactly, over denominator D."""
        factors = sum(1 for c in running if 0 < keep[c] < ONE)
        denominator = ONE**factors
        votes = dict.fromkeys(running, 0)
        excess = 0
        for ranking, weight in items:
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
        return votes, excess, denominator

    excluded_now: Decision | None = None
    tie: TieBreak | None = None
    action, subject = ITERATION, None
    while True:
        decisions: list[Decision] = [] if excluded_now is None else [excluded_now]
        for _ in range(MAX_ITERATIONS):
            votes, excess, denominator = distribute()
            quota_top = valid * denominator - excess  # quota = quota_top / ((seats+1) * D)
            # votes[c] / D > quota  <=>  (seats + 1) * votes[c] > quota_top
            over = [c for c in hopeful if (seats + 1) * votes[c] > quota_top]
            if over and len(elected) < seats:
                over.sort(key=lambda c: (-votes[c], c))
                for c in over[: seats - len(elected)]:
                    hopeful.discard(c)
                    elected.append(c)
                    decisions.append(Decision(c, "elected", "votes exceed the quota"))
                continue
            if len(elected) >= seats:
                break
            surplus = sum((seats + 1) * votes[c] - quota_top for c in elected)
            # surplus / ((seats+1) * D) < TOLERANCE
            if surplus * TOLERANCE.denominator < TOLERANCE.numerator * (seats + 1) * denominator:
                break
            changed = False
            for c in elected:
                # k <- k x quota / votes, rounded up to nine places, never above 1
                new = min(ONE, _ceil_div(keep[c] * quota_top, (seats + 1) * votes[c]))
                if new != keep[c]:
                    keep[c] = new
                    changed = True
            if not changed:
                break
        if len(elected) < seats and len(elected) + len(hopeful) == seats:
            for c in sorted(hopeful, key=lambda c: (-votes[c], c)):
                elected.append(c)
                decisions.append(Decision(c, "elected", "hopeful candidates equal the seats left"))
            hopeful.clear()
        quota = Fraction(quota_top, (seats + 1) * denominator)
        now = {c: Fraction(votes[c], denominator) for c in running}
        history.append(now)
        stages.append(
            Stage(
                number=len(stages) + 1,
                action=action,
                subject=subject,
                votes=now,
                changes={c: v - previous.get(c, Fraction(0)) for c, v in now.items()},
                non_transferable=Fraction(excess, denominator)
                - (stages[-1].non_transferable_total if stages else Fraction(0)),
                non_transferable_total=Fraction(excess, denominator),
                decisions=tuple(decisions),
                tie_breaks=() if tie is None else (tie,),
                quota=quota,
                keep_factors={c: Fraction(keep[c], ONE) for c in running},
            )
        )
        previous = now
        if len(elected) >= seats:
            break
        low = min(votes[c] for c in hopeful)
        loser, tie = break_tie(
            [c for c in hopeful if votes[c] == low],
            history,
            highest=False,
            purpose="exclusion",
            lot=lot,
        )
        hopeful.discard(loser)
        keep[loser] = 0
        excluded_now = Decision(loser, "excluded", "fewest votes when nobody more can be elected")
        action, subject = EXCLUSION, loser

    final_quota = stages[-1].quota
    return Result(
        method="meek",
        seats=seats,
        valid_votes=valid,
        invalid_papers=empty,
        quota=final_quota,
        elected=tuple(elected),
        stages=tuple(stages),
        lot=None if lot is None else lot.describe(),
        notes=(
            "Meek: keep factors to nine places rounded up; votes exact; "
            "settled when the total surplus is below 0.00001",
        ),
    )
