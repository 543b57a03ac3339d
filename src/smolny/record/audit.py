"""Rechecking a poll against the chain: its box (or its tellers' counts) recounted, its
count, unit and blank ballots, the decision on its motion, and its outcome recomputed.

The verifier's own code (`record.recount`, `record.outcomes`), written from
docs/record-format.md: it shares nothing with the code that counted the box at the close
but the record's format.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from smolny.record import kinds as k
from smolny.record import outcomes
from smolny.record.apportion import Unverifiable
from smolny.record.ballotbox import box_digest, roll_line
from smolny.record.entry import Entry
from smolny.record.recount import (
    BoxFault,
    Question,
    Register,
    Tally,
    read_box,
    stored_ballot,
    tellers_tally,
)
from smolny.record.stv import Unresolved

TELLER_METHODS = ("show-of-hands", "standing")  # counted by tellers: no box


class _Mismatch(Exception):
    """What the record says at a close and what the recount gives differ (the reason)."""


@dataclass(frozen=True)
class BoxProblem:
    """A poll whose box does not match what the journal recorded at its close."""

    poll: str
    seq: int  # the entry that closed the poll
    reason: str

    def describe(self) -> str:
        """One line naming the poll, the entry and what does not match."""
        return f"poll {self.poll} (closed at entry {self.seq}): {self.reason}"


@dataclass(frozen=True)
class ClosedPoll:
    """A poll as the journal tells it: the entry that opened it, the one that closed it, the
    tellers' counts entered in between (latest per section), and the decision on its motion
    that follows the close."""

    poll: str
    opened: Entry | None
    closed: Entry
    counts: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    decision: Entry | None = None


def closed_polls(entries: Iterable[Entry]) -> tuple[dict[str, ClosedPoll], list[BoxProblem]]:
    """Each closed poll with its opening entry; and problems with the journal's polls themselves."""
    opened: dict[str, Entry] = {}
    counts: dict[str, dict[str, Mapping[str, Any]]] = {}
    closed: dict[str, ClosedPoll] = {}
    problems: list[BoxProblem] = []
    previous: Entry | None = None
    for entry in entries:
        poll = entry.data.get("poll")
        if (
            entry.kind in (k.MOTION_ADOPTED, k.MOTION_REJECTED)
            and previous is not None
            and previous.kind == k.POLL_CLOSED
            and previous.data.get("motion") is not None
            and previous.data.get("motion") == entry.data.get("question")
        ):
            closing = closed.get(str(previous.data.get("poll")))
            if closing is not None and closing.closed is previous:
                closed[closing.poll] = replace(closing, decision=entry)
        previous = entry
        if entry.kind == k.POLL_OPENED and isinstance(poll, str):
            opened[poll] = entry
        elif entry.kind == k.POLL_COUNT_ENTERED and isinstance(poll, str):
            counts.setdefault(poll, {})[str(entry.data.get("section") or "")] = entry.data
        elif entry.kind == k.POLL_CLOSED:
            if not isinstance(poll, str):
                problems.append(BoxProblem("?", entry.seq, "the entry names no poll"))
            elif poll in closed:
                problems.append(BoxProblem(poll, entry.seq, "the poll was closed twice"))
            else:
                closed[poll] = ClosedPoll(poll, opened.get(poll), entry, counts.get(poll, {}))
    return closed, problems


def counted_by_tellers(poll: ClosedPoll) -> bool:
    """Whether the poll was a show of hands or standing vote (it has no box)."""
    return poll.opened is not None and poll.opened.data.get("method") in TELLER_METHODS


def is_secret(poll: ClosedPoll) -> bool:
    """Whether the poll was a secret ballot (its box has a roll)."""
    return poll.opened is not None and poll.opened.data.get("method") == "electronic-secret"


def check_box(
    poll: ClosedPoll,
    ballots: Iterable[tuple[str, str]],
    roll: Iterable[tuple[str, str | None]] | None = None,
) -> BoxProblem | None:
    """Recheck one poll against its entries: its box (ballots as (hash, canonical text),
    and a secret poll's roll) or its tellers' counts; the count its close records, the
    decision on its motion, and its outcome recomputed."""
    closing = poll.closed
    if poll.opened is None:
        return BoxProblem(poll.poll, closing.seq, "the journal never opened this poll")
    try:
        tally, digest = _recount(poll, ballots, roll)
        question, register = Question.of(poll.opened.data), Register.of(poll.opened.data)
        # tellers count hands; a box counts weights when the register carries any
        unit = "weight" if digest is not None and register.weighted else "heads"
        _check_count(poll, question, tally, unit, len(register.weights))
        _check_sections(poll)
        _check_decision(poll, tally, unit)
        _check_outcome(poll, question, tally, unit, digest)
    except (BoxFault, _Mismatch) as exc:
        return BoxProblem(poll.poll, closing.seq, str(exc))
    except (KeyError, TypeError, ValueError, AttributeError):
        return BoxProblem(poll.poll, closing.seq, "the poll's entries are malformed")
    return None


def _recount(
    poll: ClosedPoll,
    ballots: Iterable[tuple[str, str]],
    roll: Iterable[tuple[str, str | None]] | None,
) -> tuple[Tally, str | None]:
    """The poll's tally, and its box's digest (None for tellers' counts)."""
    assert poll.opened is not None
    closing = poll.closed.data
    if counted_by_tellers(poll):
        stray = len(list(ballots)) + len(list(roll or ()))
        if stray:
            raise _Mismatch(
                f"the tellers counted this poll, but {stray} ballots or names are in a box"
            )
        return tellers_tally(Question.of(poll.opened.data), poll.counts), None
    read = read_box(poll.poll, poll.opened.data, ballots, roll if is_secret(poll) else None)
    recorded: Any = closing["box"]
    if read.ballots != recorded["ballots"]:
        raise _Mismatch(
            f"the box holds {read.ballots} ballots, the record says {recorded['ballots']}"
        )
    if read.digest != recorded["digest"]:
        raise _Mismatch("the box's digest does not match the record")
    if read.roll is not None and [read.roll[0], read.roll[1]] != [
        closing["roll"]["voters"],
        closing["roll"]["digest"],
    ]:
        raise _Mismatch("the roll does not match the record")
    return read.tally, read.digest


def _check_count(
    poll: ClosedPoll, question: Question, tally: Tally, unit: str, eligible: int
) -> None:
    closing = poll.closed.data
    if tally.heads != closing["heads"] or tally.weights != closing["weights"]:
        raise _Mismatch(
            f"the recount (heads {tally.heads}, weights {tally.weights}) differs from the record"
        )
    if question.kind in ("multiple", "ranked") and "blank" not in closing:
        raise _Mismatch("the close does not record its blank ballots")
    if "blank" in closing and closing["blank"] != tally.blank:
        raise _Mismatch(
            f"the box holds {tally.blank} blank ballots, the record says {closing['blank']}"
        )
    if closing.get("unit") != unit:
        raise _Mismatch(f"the record counts by {closing.get('unit')!r}, the register by {unit!r}")
    if closing.get("eligible") != eligible:
        raise _Mismatch(
            f"the close records {closing.get('eligible')} eligible, the register holds {eligible}"
        )


def _check_sections(poll: ClosedPoll) -> None:
    """The close of a poll counted by sections records each section's latest count."""
    assert poll.opened is not None
    if counted_by_tellers(poll) and poll.opened.data.get("sections"):
        latest = {section: dict(entry["counts"]) for section, entry in poll.counts.items()}
        if poll.closed.data.get("sections") != latest:
            raise _Mismatch("the sections' counts at the close differ from the tellers' counts")


def _check_decision(poll: ClosedPoll, tally: Tally, unit: str) -> None:
    if poll.closed.data.get("motion") is None:
        return
    if poll.decision is None:
        raise _Mismatch("no decision on the motion follows the close")
    counted = tally.weights if unit == "weight" else tally.heads
    decided = poll.decision.data
    said = [decided.get(k) for k in ("yes", "no", "abstain", "unit")]
    if said != [counted["yes"], counted["no"], counted["abstain"], unit]:
        raise _Mismatch(
            f"the decision at entry {poll.decision.seq} counts {said[:3]}, the box "
            f"{[counted['yes'], counted['no'], counted['abstain']]}"
        )


def _check_outcome(
    poll: ClosedPoll, question: Question, tally: Tally, unit: str, digest: str | None
) -> None:
    closing = poll.closed
    if question.kind == "yes-no-abstain":
        if "outcome" in closing.data:
            raise _Mismatch("the close of a yes/no question records an outcome")
        return
    if "outcome" not in closing.data:
        raise _Mismatch("the close records no outcome")
    seed = outcomes.lot_seed(poll.poll, digest if digest is not None else closing.prev)
    try:
        recomputed = outcomes.outcome(question, tally, unit, seed)
    except (Unverifiable, Unresolved) as exc:
        raise _Mismatch(f"the outcome cannot be recomputed: {exc}") from None
    where = outcomes.compare(closing.data["outcome"], recomputed, question.kind == "ranked")
    if where is not None:
        raise _Mismatch(f"the recounted outcome differs from the record (at {where})")


def check_cancelled(
    cancelling: Entry,
    ballots: Iterable[tuple[str, str]],
    roll: Iterable[tuple[str, str | None]] = (),
) -> BoxProblem | None:
    """Recheck a cancelled poll's box: the ballots it held when shut, by number and digest,
    and a secret poll's roll likewise."""
    poll = str(cancelling.data.get("poll"))
    if "box" not in cancelling.data:
        return None  # a scheduled poll, or one counted by tellers: there was no box
    held = list(ballots)
    try:
        recorded: Any = cancelling.data["box"]
        expected = (recorded["ballots"], recorded["digest"])
    except (KeyError, TypeError):
        return BoxProblem(poll, cancelling.seq, "the entry is malformed")
    try:
        for stored_hash, text in held:
            stored_ballot(stored_hash, text)
    except BoxFault as exc:
        return BoxProblem(poll, cancelling.seq, str(exc))
    if (len(held), box_digest(h for h, _ in held)) != expected:
        return BoxProblem(
            poll, cancelling.seq, "the box does not match what it held when cancelled"
        )
    names = [roll_line(voter, by) for voter, by in roll]
    recorded_roll: Any = cancelling.data.get("roll", {"voters": 0, "digest": box_digest([])})
    try:
        if [len(names), box_digest(names)] != [recorded_roll["voters"], recorded_roll["digest"]]:
            return BoxProblem(
                poll, cancelling.seq, "the roll does not match what it held when cancelled"
            )
    except (KeyError, TypeError):
        return BoxProblem(poll, cancelling.seq, "the entry is malformed")
    return None
