"""The verifier's ranked counts: the Scottish STV count, Meek STV and instant runoff, made
again from a ranked poll's rankings by the rules of docs/record-format.md section 7.

Written apart from `smolny.counting` (which wrote the record), integers and `Fraction`
only. Candidates are numbered by the poll's options, from 1. Each count returns the
`count` member of the poll's outcome as the record writes it, every stage with it, so
that the verifier can compare it member by member with the recorded one.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

UNIT = 100_000  # the Scottish count's unit: a hundred-thousandth of a vote
ONE = 10**9  # Meek's keep factors: nine decimal places
TOLERANCE = Fraction(1, 100_000)  # Meek settles once the elected's surplus is below it
MAX_ITERATIONS = 10_000  # Meek's settling stops there at the latest


class Unresolved(ValueError):
    """A count that cannot be made (it would need a lot no seed was given for)."""


def exact(value: Fraction | int) -> str:
    """An exact number as a count writes it: `1292`, `1291.99998`, or `p/q` when no finite
    decimal is equal to it."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    rest, places = value.denominator, 0
    for prime in (2, 5):
        power = 0
        while rest % prime == 0:
            rest //= prime
            power += 1
        places = max(places, power)
    if rest != 1:
        return f"{value.numerator}/{value.denominator}"
    scaled = value.numerator * 10**places // value.denominator
    digits = str(abs(scaled)).rjust(places + 1, "0")
    return f"{'-' if scaled < 0 else ''}{digits[:-places]}.{digits[-places:]}"


@dataclass
class Ballots:
    """A ranked poll's papers: each distinct ranking (candidate numbers) and its weight."""

    names: tuple[str, ...]  # candidate k is names[k - 1]
    papers: list[tuple[tuple[int, ...], int]]
    seats: int
    seed: int

    @classmethod
    def of(
        cls, options: Sequence[str], rankings: Mapping[tuple[str, ...], int], seats: int, seed: int
    ) -> Ballots:
        """The papers of a ranked poll's rankings (option names -> weight)."""
        number = {name: k for k, name in enumerate(options, start=1)}
        papers = [(tuple(number[n] for n in ranking), w) for ranking, w in rankings.items()]
        return cls(tuple(options), papers, min(seats, len(options)), seed)

    @property
    def candidates(self) -> list[int]:
        return list(range(1, len(self.names) + 1))

    @property
    def valid(self) -> int:
        return sum(weight for _, weight in self.papers)

    def named(self, candidate: int) -> dict[str, Any]:
        return {"number": candidate, "name": self.names[candidate - 1]}


@dataclass
class Counter:
    """What every count keeps: the stages written so far, the history of votes for
    tie-breaks, and the one lot of the count."""

    ballots: Ballots
    stages: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[int, Fraction]] = field(default_factory=list)
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.ballots.seed)

    def break_tie(self, tied: Sequence[int], highest: bool, purpose: str) -> tuple[int, list[Any]]:
        """The candidate a tie goes to (most votes if `highest`, else fewest), looking back
        from the stage before the last for one at which the tied differed, narrowing to
        the extreme ones there; equal at every stage: the count's lot."""
        if len(tied) == 1:
            return tied[0], []
        group = sorted(tied)
        for k in range(len(self.history) - 2, -1, -1):
            values = {self.history[k].get(c, Fraction(0)) for c in group}
            if len(values) > 1:
                extreme = max(values) if highest else min(values)
                group = [c for c in group if self.history[k].get(c, Fraction(0)) == extreme]
                if len(group) == 1:
                    return group[0], [self._tie(purpose, tied, group[0], "earlier stage", k + 1)]
        chosen = self.rng.choice(sorted(group))
        return chosen, [self._tie(purpose, tied, chosen, "lot", None)]

    def _tie(
        self, purpose: str, tied: Sequence[int], chosen: int, how: str, stage: int | None
    ) -> dict[str, Any]:
        return {
            "purpose": purpose,
            "tied": [self.ballots.named(c) for c in sorted(tied)],
            "chosen": self.ballots.named(chosen),
            "decided_by": how,
            "at_stage": stage,
            "lot": None if how != "lot" else f"seeded draw (seed {self.ballots.seed})",
        }

    def stage(
        self,
        action: str,
        subject: int | None,
        votes: Mapping[int, Fraction],
        changes: Mapping[int, Fraction],
        moved: tuple[Fraction, Fraction, Fraction, Fraction],  # nt, loss and their totals
        decisions: Sequence[tuple[int, str, str]],  # (candidate, elected/excluded, reason)
        tie_breaks: list[Any],
        transfer_values: Sequence[tuple[Fraction, Fraction]] = (),
    ) -> dict[str, Any]:
        """Write the stage as the record holds it, and keep its votes for tie-breaks."""
        named = self.ballots.named
        written = {
            "number": len(self.stages) + 1,
            "action": action,
            "candidate": None if subject is None else named(subject),
            "votes": {str(c): exact(v) for c, v in votes.items()},
            "changes": {str(c): exact(v) for c, v in changes.items() if v},
            "non_transferable": exact(moved[0]),
            "truncation_loss": exact(moved[1]),
            "non_transferable_total": exact(moved[2]),
            "truncation_loss_total": exact(moved[3]),
            "transfer_values": [
                {"received": exact(r), "transferred": exact(t)} for r, t in transfer_values
            ],
            "elected": [
                named(c) | {"reason": why} for c, what, why in decisions if what == "elected"
            ],
            "excluded": [
                named(c) | {"reason": why} for c, what, why in decisions if what == "excluded"
            ],
            "tie_breaks": tie_breaks,
        }
        self.stages.append(written)
        return written

    def result(
        self, method: str, quota: int | str | None, elected: Sequence[int]
    ) -> dict[str, Any]:
        """The whole count as the record writes it."""
        return {
            "title": "",
            "method": method,
            "seats": self.ballots.seats,
            "valid_votes": self.ballots.valid,
            "invalid_papers": 0,
            "quota": quota,
            "elected": [self.ballots.named(c) for c in elected],
            "stages": self.stages,
            "lot": f"seeded draw (seed {self.ballots.seed})",
            "notes": [],
        }


# -- the Scottish count (SSI 2007/42, Schedule 1, rules 45-52) --------------------------------


class Scottish(Counter):
    """Whole hundred-thousandths of a vote throughout: rule 48(3) truncates every transfer
    value to five places, so every total is such a number."""

    def count(self) -> dict[str, Any]:
        """Count to the end: first preferences, then surpluses and exclusions."""
        b = self.ballots
        self.quota = b.valid // (b.seats + 1) + 1  # rule 46
        self.status = dict.fromkeys(b.candidates, "continuing")
        self.units = dict.fromkeys(b.candidates, 0)
        self.value = [UNIT] * len(b.papers)  # each paper's value when its holder received it
        self.at = [0] * len(b.papers)  # where in its ranking each paper's holder is
        self.pile: dict[int, list[int]] = {c: [] for c in b.candidates}
        self.elected: list[int] = []
        self.totals = [0, 0]  # non-transferable and lost to truncation, in units
        for i, (ranking, weight) in enumerate(b.papers):  # rule 45
            self.pile[ranking[0]].append(i)
            self.units[ranking[0]] += weight * UNIT
        first = {c: Fraction(u, UNIT) for c, u in self.units.items() if u}
        self._end("first-preferences", None, first, 0, 0, [], [])
        while len(self.elected) < b.seats:
            if any(self.units[c] > self.quota * UNIT for c in self.elected):
                self._surplus()
            else:
                self._exclusion()
        return self.result("scottish-stv", self.quota, self.elected)

    def _next(self, i: int) -> int:
        ranking = self.ballots.papers[i][0]
        for k in range(self.at[i] + 1, len(ranking)):
            if self.status[ranking[k]] == "continuing":
                self.at[i] = k
                return ranking[k]
        return 0

    def _pass_on(self, source: int, changes: dict[int, Fraction]) -> int:
        """Every paper of `source` to its next continuing preference at its value now;
        the units that found none."""
        lost = 0
        for i in self.pile[source]:
            amount = self.ballots.papers[i][1] * self.value[i]
            target = self._next(i)
            if target:
                self.pile[target].append(i)
                self.units[target] += amount
                changes[target] = changes.get(target, Fraction(0)) + Fraction(amount, UNIT)
            else:
                lost += amount
        self.pile[source] = []
        return lost

    def _surplus(self) -> None:  # rules 48 and 49
        with_surplus = [c for c in self.elected if self.units[c] > self.quota * UNIT]
        top = max(self.units[c] for c in with_surplus)
        source, tie = self.break_tie(
            [c for c in with_surplus if self.units[c] == top], True, "surplus order (rule 49)"
        )
        total = self.units[source]
        surplus = total - self.quota * UNIT
        sent: dict[int, int] = {}
        moved = 0
        for i in self.pile[source]:
            received = self.value[i]
            if received not in sent:
                sent[received] = surplus * received // total  # rule 48(3): truncated
            self.value[i] = sent[received]
            moved += self.ballots.papers[i][1] * sent[received]
        changes: dict[int, Fraction] = {}
        lost = self._pass_on(source, changes)
        self.units[source] -= surplus
        changes[source] = Fraction(-surplus, UNIT)
        values = [(Fraction(r, UNIT), Fraction(s, UNIT)) for r, s in sorted(sent.items())]
        self._end("surplus", source, changes, lost, surplus - moved, tie, [], values)

    def _exclusion(self) -> None:  # rules 50 and 51
        continuing = [c for c in self.ballots.candidates if self.status[c] == "continuing"]
        low = min(self.units[c] for c in continuing)
        source, tie = self.break_tie(
            [c for c in continuing if self.units[c] == low], False, "exclusion (rule 51)"
        )
        self.status[source] = "excluded"
        changes: dict[int, Fraction] = {}
        lost = self._pass_on(source, changes)
        changes[source] = Fraction(-self.units[source], UNIT)
        self.units[source] = 0
        done = [(source, "excluded", "lowest number of votes (rule 50)")]
        self._end("exclusion", source, changes, lost, 0, tie, done)

    def _end(
        self,
        action: str,
        subject: int | None,
        changes: dict[int, Fraction],
        lost: int,
        truncated: int,
        tie: list[Any],
        decisions: list[tuple[int, str, str]],
        values: Sequence[tuple[Fraction, Fraction]] = (),
    ) -> None:
        self.totals[0] += lost
        self.totals[1] += truncated
        self.history.append({c: Fraction(u) for c, u in self.units.items()})
        reached = [
            c
            for c in self.ballots.candidates
            if self.status[c] == "continuing" and self.units[c] >= self.quota * UNIT
        ]
        for c in sorted(reached, key=lambda c: -self.units[c]):  # rule 47
            self.status[c] = "elected"
            self.elected.append(c)
            decisions.append((c, "elected", "reached the quota (rule 47)"))
        continuing = [c for c in self.ballots.candidates if self.status[c] == "continuing"]
        if continuing and len(continuing) == self.ballots.seats - len(self.elected):  # rule 52
            for c in sorted(continuing, key=lambda c: -self.units[c]):
                self.status[c] = "elected"
                self.elected.append(c)
                decisions.append(
                    (c, "elected", "continuing candidates equal the vacancies (rule 52)")
                )
        votes = {c: Fraction(u, UNIT) for c, u in self.units.items()}
        moved = (
            Fraction(lost, UNIT),
            Fraction(truncated, UNIT),
            Fraction(self.totals[0], UNIT),
            Fraction(self.totals[1], UNIT),
        )
        self.stage(action, subject, votes, changes, moved, decisions, tie, values)


# -- Meek STV (Hill, Wichmann and Woodall, Algorithm 123) ------------------------------------


class Meek(Counter):
    """Keep factors in whole 10^-9, rounded up; each distribution of the votes exact."""

    def count(self) -> dict[str, Any]:
        """Settle, exclude the fewest, settle again, until every seat is filled."""
        b = self.ballots
        self.keep = dict.fromkeys(b.candidates, ONE)
        self.hopeful = set(b.candidates)
        self.elected: list[int] = []
        previous: dict[int, Fraction] = {}
        excess_before = Fraction(0)
        action, subject = "iteration", None
        done: list[tuple[int, str, str]] = []
        tie: list[Any] = []
        while True:
            votes, excess, denominator, quota_top = self._settle(done)
            if len(self.elected) < b.seats and len(self.elected) + len(self.hopeful) == b.seats:
                for c in sorted(self.hopeful, key=lambda c: (-votes[c], c)):
                    self.elected.append(c)
                    done.append((c, "elected", "hopeful candidates equal the seats left"))
                self.hopeful.clear()
            now = {c: Fraction(votes[c], denominator) for c in b.candidates}
            self.history.append(now)
            excess_now = Fraction(excess, denominator)
            changes = {c: v - previous.get(c, Fraction(0)) for c, v in now.items()}
            moved = (excess_now - excess_before, Fraction(0), excess_now, Fraction(0))
            stage = self.stage(action, subject, now, changes, moved, done, tie)
            quota = Fraction(quota_top, (b.seats + 1) * denominator)
            stage["quota"] = exact(quota)
            stage["keep_factors"] = {
                str(c): exact(Fraction(self.keep[c], ONE)) for c in b.candidates
            }
            previous, excess_before = now, excess_now
            if len(self.elected) >= b.seats:
                break
            low = min(votes[c] for c in self.hopeful)
            loser, tie = self.break_tie(
                [c for c in self.hopeful if votes[c] == low], False, "exclusion"
            )
            self.hopeful.discard(loser)
            self.keep[loser] = 0
            done = [(loser, "excluded", "fewest votes when nobody more can be elected")]
            action, subject = "exclusion", loser
        shown = quota.numerator if quota.denominator == 1 else exact(quota)
        result = self.result("meek", shown, self.elected)
        result["notes"] = [
            "Meek: keep factors to nine places rounded up; votes exact; "
            "settled when the total surplus is below 0.00001"
        ]
        return result

    def _distribute(self) -> tuple[dict[int, int], int, int]:
        """Votes and excess for the keep factors now, exact over the denominator
        10^(9E), E the number of keep factors strictly between 0 and 1."""
        partial = sum(1 for k in self.keep.values() if 0 < k < ONE)
        denominator = ONE**partial
        votes = dict.fromkeys(self.keep, 0)
        excess = 0
        for ranking, weight in self.ballots.papers:
            left = denominator
            for c in ranking:
                k = self.keep[c]
                if k == 0:
                    continue
                if k == ONE:
                    votes[c] += left * weight
                    left = 0
                    break
                kept = left * k // ONE
                votes[c] += kept * weight
                left -= kept
            excess += left * weight
        return votes, excess, denominator

    def _settle(self, done: list[tuple[int, str, str]]) -> tuple[dict[int, int], int, int, int]:
        """Elect whoever exceeds the quota and bring the elected's keep factors down, until
        the surplus is below the tolerance or no keep factor changes."""
        seats1 = self.ballots.seats + 1
        for _ in range(MAX_ITERATIONS):
            votes, excess, denominator = self._distribute()
            quota_top = self.ballots.valid * denominator - excess  # quota * seats1 * D
            over = [c for c in self.hopeful if seats1 * votes[c] > quota_top]
            if over and len(self.elected) < self.ballots.seats:
                for c in sorted(over, key=lambda c: (-votes[c], c))[
                    : self.ballots.seats - len(self.elected)
                ]:
                    self.hopeful.discard(c)
                    self.elected.append(c)
                    done.append((c, "elected", "votes exceed the quota"))
                continue
            if len(self.elected) >= self.ballots.seats:
                return votes, excess, denominator, quota_top
            surplus = sum(seats1 * votes[c] - quota_top for c in self.elected)
            if surplus * TOLERANCE.denominator < TOLERANCE.numerator * seats1 * denominator:
                return votes, excess, denominator, quota_top
            changed = False
            for c in self.elected:
                top, bottom = self.keep[c] * quota_top, seats1 * votes[c]
                new = min(ONE, -(-top // bottom))  # k * quota / votes, rounded up
                changed = changed or new != self.keep[c]
                self.keep[c] = new
            if not changed:
                return votes, excess, denominator, quota_top
        return votes, excess, denominator, quota_top


# -- instant runoff --------------------------------------------------------------------------


class Runoff(Counter):
    """One seat; each paper a whole vote for its highest continuing preference."""

    def count(self) -> dict[str, Any]:
        """Exclude the fewest until one has more than half of the votes still counting."""
        b = self.ballots
        if b.seats != 1:
            raise Unresolved(f"instant runoff fills one seat, not {b.seats}")
        continuing = set(b.candidates)
        votes = dict.fromkeys(b.candidates, 0)
        at = [0] * len(b.papers)
        pile: dict[int, list[int]] = {c: [] for c in b.candidates}
        for i, (ranking, weight) in enumerate(b.papers):
            pile[ranking[0]].append(i)
            votes[ranking[0]] += weight
        changes = {c: Fraction(v) for c, v in votes.items() if v}
        exhausted, exhausted_total = 0, 0
        action, subject = "first-preferences", None
        tie: list[Any] = []
        done: list[tuple[int, str, str]] = []
        while True:
            exhausted_total += exhausted
            self.history.append({c: Fraction(v) for c, v in votes.items()})
            leader = max(continuing, key=lambda c: (votes[c], -c))
            if 2 * votes[leader] > sum(votes[c] for c in continuing):
                done.append((leader, "elected", "more than half of the votes in the count"))
            elif len(continuing) == 1:
                done.append((leader, "elected", "the last candidate standing"))
            now = {c: Fraction(v) for c, v in votes.items()}
            moved = (Fraction(exhausted), Fraction(0), Fraction(exhausted_total), Fraction(0))
            self.stage(action, subject, now, changes, moved, done, tie)
            if done and done[-1][1] == "elected":
                return self.result("irv", None, [leader])
            low = min(votes[c] for c in continuing)
            loser, tie = self.break_tie(
                [c for c in continuing if votes[c] == low], False, "exclusion"
            )
            continuing.discard(loser)
            changes, exhausted = {loser: Fraction(-votes[loser])}, 0
            for i in pile.pop(loser):
                ranking, weight = b.papers[i]
                k = at[i] + 1
                while k < len(ranking) and ranking[k] not in continuing:
                    k += 1
                if k < len(ranking):
                    at[i] = k
                    pile[ranking[k]].append(i)
                    votes[ranking[k]] += weight
                    changes[ranking[k]] = changes.get(ranking[k], Fraction(0)) + weight
                else:
                    exhausted += weight
            votes[loser] = 0
            action, subject = "exclusion", loser
            done = [(loser, "excluded", "fewest votes")]


COUNTS: dict[str, type[Counter]] = {"scottish-stv": Scottish, "meek": Meek, "irv": Runoff}


def count(method: str, ballots: Ballots) -> dict[str, Any]:
    """The ranked count by `method` (`scottish-stv`, `meek` or `irv`), as the record holds it."""
    counter = COUNTS.get(method)
    if counter is None:
        raise Unresolved(f"unknown ranked count {method!r}")
    result: dict[str, Any] = counter(ballots).count()  # type: ignore[attr-defined]
    return result
