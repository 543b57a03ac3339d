"""One verification of a record, whatever holds it (a database, an archive, an export).

Given a chain that holds (record.chain), it rechecks every ballot box and tellers' count
against its close (record.audit), every cancelled box, and the presence and quorum behind
every decision (record.quorums); and it names the first entry at which something fails.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from smolny.record import quorums
from smolny.record.audit import (
    check_box,
    check_cancelled,
    closed_polls,
    counted_by_tellers,
    is_secret,
)
from smolny.record.entry import Entry


class BoxSource(Protocol):
    """Where a record's ballot boxes are read from."""

    def ballots(self, poll: str) -> list[tuple[str, str]]:
        """(hash, canonical text) of every ballot in the poll's box, by hash."""

    def roll(self, poll: str) -> list[tuple[str, str | None]]:
        """A secret poll's roll: (voter, proxy holder or None), by voter."""


@dataclass(frozen=True)
class Problem:
    """Something in the record that does not hold, at an entry."""

    seq: int
    text: str


@dataclass
class Findings:
    """What a verification found, and what it checked."""

    problems: list[Problem] = field(default_factory=list)
    boxes: int = 0  # ballot boxes recounted
    tellers: int = 0  # tellers' counts recounted
    cancelled: int = 0  # cancelled boxes rechecked
    decisions: int = 0  # decisions whose presence and quorum were rechecked

    @property
    def first(self) -> Problem | None:
        """The problem at the earliest entry, if any."""
        return min(self.problems, key=lambda p: p.seq) if self.problems else None

    def summary(self) -> str:
        """What was checked, for the one-line verdict."""
        parts = []
        if self.boxes or self.tellers:
            parts.append(
                f"{self.boxes} ballot box{'es' if self.boxes != 1 else ''} and "
                f"{self.tellers} tellers' count{'s' if self.tellers != 1 else ''} recounted"
            )
        parts.append(
            f"the quorum behind {self.decisions} decision{'s' if self.decisions != 1 else ''} "
            "rechecked"
        )
        return "; ".join(parts)


def check_record(
    entries: Sequence[Entry],
    boxes: BoxSource | None,
    rules_of: quorums.RuleOf | None = quorums.bundled_rules,
) -> Findings:
    """Recheck an intact chain's boxes (when `boxes` is given) and every decision's quorum."""
    findings = Findings()
    if boxes is not None:
        polls, problems = closed_polls(entries)
        findings.problems += [Problem(p.seq, p.describe()) for p in problems]
        for poll in polls.values():
            roll = boxes.roll(poll.poll) if is_secret(poll) else None
            problem = check_box(poll, boxes.ballots(poll.poll), roll)
            if problem is not None:
                findings.problems.append(Problem(problem.seq, problem.describe()))
            if counted_by_tellers(poll):
                findings.tellers += 1
            else:
                findings.boxes += 1
        for entry in entries:
            if entry.kind == "poll.cancelled":
                cancelled = str(entry.data.get("poll"))
                problem = check_cancelled(entry, boxes.ballots(cancelled), boxes.roll(cancelled))
                findings.cancelled += 1
                if problem is not None:
                    findings.problems.append(Problem(problem.seq, problem.describe()))
    replayed = quorums.replay(entries)
    findings.decisions = len(replayed.decisions)
    findings.problems += [Problem(p.seq, p.describe()) for p in quorums.check(replayed, rules_of)]
    return findings
