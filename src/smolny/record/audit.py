"""Reading a ballot box against its poll's register, and checking it against the chain.

One reading serves the close (which counts the box) and the verifier (which recounts it):
every ballot in canonical form with its own hash, of this poll, by a voter on the
register, once, with the register's weight and a choice the question allows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from smolny.record import canonical
from smolny.record.ballotbox import ballot_hash, box_digest
from smolny.record.entry import Entry

CHOICES = ("yes", "no", "abstain")


class BoxError(ValueError):
    """A box that holds what no honest poll could have put in it."""


@dataclass(frozen=True)
class BoxTally:
    """What a box holds: how many ballots, their digest, and heads and weights per choice."""

    ballots: int
    digest: str
    heads: dict[str, int] = field(default_factory=dict)
    weights: dict[str, int] = field(default_factory=dict)


def read_box(
    poll: str, register: Mapping[str, int], ballots: Iterable[tuple[str, str]]
) -> BoxTally:
    """Count (hash, text) ballots against the register (voter -> weight); BoxError if bad."""
    hashes: list[str] = []
    heads = dict.fromkeys(CHOICES, 0)
    weights = dict.fromkeys(CHOICES, 0)
    voters: set[str] = set()
    for stored_hash, text in ballots:
        name = stored_hash[:12]
        ballot = _stored_ballot(stored_hash, text)
        if ballot.get("v") != 1 or type(ballot.get("v")) is not int or ballot.get("poll") != poll:
            raise BoxError(f"ballot {name} is not a ballot of poll {poll}")
        voter, weight, choice = ballot.get("voter"), ballot.get("weight"), ballot.get("choice")
        if not isinstance(voter, str) or voter not in register:
            raise BoxError(f"ballot {name} is by {voter!r}, who is not on the poll's register")
        if voter in voters:
            raise BoxError(f"ballot {name}: {voter} voted twice")
        if type(weight) is not int or weight != register[voter]:
            raise BoxError(
                f"ballot {name} carries weight {weight!r}, the register {register[voter]}"
            )
        if choice not in CHOICES:
            raise BoxError(f"ballot {name} holds the choice {choice!r}")
        voters.add(voter)
        hashes.append(stored_hash)
        heads[choice] += 1
        weights[choice] += weight
    return BoxTally(len(hashes), box_digest(hashes), heads, weights)


def _stored_ballot(stored_hash: str, text: str) -> dict[str, Any]:
    """The ballot a box row holds, if its text is canonical and hashes to its hash."""
    name = stored_hash[:12]
    try:
        ballot = canonical.loads(text)
    except (ValueError, canonical.CanonicalError):
        raise BoxError(f"ballot {name} is unreadable") from None
    if not isinstance(ballot, dict) or ballot_hash(ballot) != stored_hash:
        raise BoxError(f"ballot {name} was altered (its hash does not match)")
    if canonical.dumps(ballot) != text:
        raise BoxError(f"ballot {name} is not in canonical form")
    return ballot


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
    """A poll as the journal tells it: the entry that opened it and the one that closed it."""

    poll: str
    opened: Entry | None
    closed: Entry


def closed_polls(entries: Iterable[Entry]) -> tuple[dict[str, ClosedPoll], list[BoxProblem]]:
    """Each closed poll with its opening entry; and problems with the journal's polls themselves."""
    opened: dict[str, Entry] = {}
    closed: dict[str, ClosedPoll] = {}
    problems: list[BoxProblem] = []
    for entry in entries:
        poll = entry.data.get("poll")
        if entry.kind == "poll.opened" and isinstance(poll, str):
            opened[poll] = entry
        elif entry.kind == "poll.closed":
            if not isinstance(poll, str):
                problems.append(BoxProblem("?", entry.seq, "the entry names no poll"))
            elif poll in closed:
                problems.append(BoxProblem(poll, entry.seq, "the poll was closed twice"))
            else:
                closed[poll] = ClosedPoll(poll, opened.get(poll), entry)
    return closed, problems


def check_box(poll: ClosedPoll, ballots: Iterable[tuple[str, str]]) -> BoxProblem | None:
    """Recheck one box, as (hash, canonical ballot text) pairs, against its poll's entries."""
    closing = poll.closed
    if poll.opened is None:
        return BoxProblem(poll.poll, closing.seq, "the journal never opened this poll")
    try:
        register = {str(voter): int(weight) for voter, weight in poll.opened.data["eligible"]}
        recorded: Any = closing.data["box"]
        expected = (
            recorded["ballots"],
            recorded["digest"],
            closing.data["heads"],
            closing.data["weights"],
        )
    except (KeyError, TypeError, ValueError):
        return BoxProblem(poll.poll, closing.seq, "the poll's entries are malformed")
    try:
        tally = read_box(poll.poll, register, ballots)
    except BoxError as exc:
        return BoxProblem(poll.poll, closing.seq, str(exc))
    if tally.ballots != expected[0]:
        return BoxProblem(
            poll.poll,
            closing.seq,
            f"the box holds {tally.ballots} ballots, the record says {expected[0]}",
        )
    if tally.digest != expected[1]:
        return BoxProblem(poll.poll, closing.seq, "the box's digest does not match the record")
    if tally.heads != expected[2] or tally.weights != expected[3]:
        return BoxProblem(
            poll.poll,
            closing.seq,
            f"the recount (heads {tally.heads}, weights {tally.weights}) differs from the record",
        )
    return None


def check_cancelled(cancelling: Entry, ballots: Iterable[tuple[str, str]]) -> BoxProblem | None:
    """Recheck a cancelled poll's box: the ballots it held when shut, by number and digest."""
    poll = str(cancelling.data.get("poll"))
    held = list(ballots)
    try:
        recorded: Any = cancelling.data["box"]
        expected = (recorded["ballots"], recorded["digest"])
    except (KeyError, TypeError):
        return BoxProblem(poll, cancelling.seq, "the entry is malformed")
    try:
        for stored_hash, text in held:
            _stored_ballot(stored_hash, text)
    except BoxError as exc:
        return BoxProblem(poll, cancelling.seq, str(exc))
    if (len(held), box_digest(h for h, _ in held)) != expected:
        return BoxProblem(
            poll, cancelling.seq, "the box does not match what it held when cancelled"
        )
    return None
