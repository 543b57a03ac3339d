"""One verification of a record, whatever holds it (a database, an archive, an export).

Given a chain that holds (record.chain), it recounts every ballot box and tellers' count
and recomputes every election's and choice's outcome (record.audit), rechecks every
cancelled box, recounts every apportionment of a presidium or a congress
(record.allotments), applies every decision's threshold to its figures again
(record.decisions), and replays the presence and quorum behind every decision
(record.quorums); and it names the first entry at which something fails. All of it is
the verifier's own code, written from docs/record-format.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from smolny.record import allotments, decisions, quorums, rulebooks
from smolny.record import kinds as k
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
    thresholds: int = 0  # decisions whose threshold was applied to their figures again
    outcomes: int = 0  # elections, choices and apportionments recomputed

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
        if self.thresholds:
            parts.append(
                f"the threshold of {self.thresholds} decision{'s' if self.thresholds != 1 else ''}"
                " applied again"
            )
        if self.outcomes:
            parts.append(
                f"{self.outcomes} outcome{'s' if self.outcomes != 1 else ''} and "
                "apportionment" + ("s" if self.outcomes != 1 else "") + " recomputed"
            )
        return "; ".join(parts)


def check_record(
    entries: Sequence[Entry],
    boxes: BoxSource | None,
    rules_of: quorums.FactsOf | None = rulebooks.facts,
) -> Findings:
    """Recheck an intact chain's boxes and outcomes (when `boxes` is given), its
    apportionments, and every decision's threshold and quorum."""
    findings = Findings()
    findings.outcomes, unequal = allotments.check(entries)
    findings.problems += [Problem(p.seq, p.describe()) for p in unequal]
    _check_thresholds(entries, findings, rules_of)
    if boxes is not None:
        polls, problems = closed_polls(entries)
        findings.problems += [Problem(p.seq, p.describe()) for p in problems]
        for poll in polls.values():
            roll = boxes.roll(poll.poll) if is_secret(poll) else None
            problem = check_box(poll, boxes.ballots(poll.poll), roll)
            if problem is not None:
                findings.problems.append(Problem(problem.seq, problem.describe()))
            if "outcome" in poll.closed.data:
                findings.outcomes += 1
            if counted_by_tellers(poll):
                findings.tellers += 1
            else:
                findings.boxes += 1
        for entry in entries:
            if entry.kind == k.POLL_CANCELLED:
                cancelled = str(entry.data.get("poll"))
                problem = check_cancelled(entry, boxes.ballots(cancelled), boxes.roll(cancelled))
                findings.cancelled += 1
                if problem is not None:
                    findings.problems.append(Problem(problem.seq, problem.describe()))
    replayed = quorums.replay(entries)
    findings.decisions = len(replayed.decisions)
    findings.problems += [Problem(p.seq, p.describe()) for p in quorums.check(replayed, rules_of)]
    findings.problems += _check_notes(entries)
    return findings


def _check_notes(entries: Sequence[Entry]) -> list[Problem]:
    """A note in the record is on an entry before it (it cannot qualify what is not yet)."""
    return [
        Problem(
            entry.seq,
            f"entry {entry.seq}: a note on entry {entry.data.get('about')}, which is not an "
            "entry before it",
        )
        for entry in entries
        if entry.kind == k.NOTE_ADDED
        and not (type(entry.data.get("about")) is int and 1 <= entry.data["about"] < entry.seq)
    ]


def _check_thresholds(
    entries: Sequence[Entry], findings: Findings, rules_of: quorums.FactsOf | None
) -> None:
    """Apply every decision's threshold to its recorded figures again."""
    bodies: dict[str, str] = {}  # session -> the body whose sitting it is
    rulebook_of: dict[str, str] = {}  # body -> its rulebook
    for entry in entries:
        if entry.kind == k.BODY_CREATED:
            rulebook_of[str(entry.data.get("body"))] = str(entry.data.get("rulebook", ""))
        elif entry.kind == k.SESSION_OPENED:
            bodies[str(entry.data.get("session"))] = str(entry.data.get("body"))
        elif entry.kind in (k.MOTION_ADOPTED, k.MOTION_REJECTED) and "threshold" in entry.data:
            findings.thresholds += 1
            body = bodies.get(str(entry.data.get("session")), "")
            facts = rules_of(rulebook_of.get(body, "")) if rules_of is not None else None
            problem = decisions.check(entry, facts)
            if problem is not None:
                findings.problems.append(Problem(entry.seq, f"entry {entry.seq}: {problem}"))
