"""Checking ballot boxes against the chain: each ballot's hash, each box's digest and count."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from smolny.record import canonical
from smolny.record.ballotbox import ballot_hash, box_digest, count_choices
from smolny.record.entry import Entry


@dataclass(frozen=True)
class BoxProblem:
    """A poll whose box does not match what the journal recorded at its close."""

    poll: str
    seq: int  # the entry that closed the poll
    reason: str

    def describe(self) -> str:
        """One line naming the poll, the entry and what does not match."""
        return f"poll {self.poll} (closed at entry {self.seq}): {self.reason}"


def closed_polls(entries: Iterable[Entry]) -> dict[str, Entry]:
    """The entry that closed each poll, by poll id."""
    return {e.data["poll"]: e for e in entries if e.kind == "poll.closed"}


def check_box(closing: Entry, ballots: Iterable[tuple[str, str]]) -> BoxProblem | None:
    """Recheck one box, given as (hash, canonical ballot text) pairs, against its closing entry."""
    poll = closing.data["poll"]
    hashes: list[str] = []
    contents: list[Mapping[str, object]] = []
    for stored_hash, text in ballots:
        try:
            ballot = canonical.loads(text)
        except (ValueError, canonical.CanonicalError):
            return BoxProblem(poll, closing.seq, f"ballot {stored_hash[:12]} is unreadable")
        if not isinstance(ballot, dict) or ballot.get("poll") != poll:
            return BoxProblem(poll, closing.seq, f"ballot {stored_hash[:12]} is not of this poll")
        if ballot_hash(ballot) != stored_hash or canonical.dumps(ballot) != text:
            return BoxProblem(poll, closing.seq, f"ballot {stored_hash[:12]} was altered")
        hashes.append(stored_hash)
        contents.append(ballot)
    recorded = closing.data["box"]
    if len(hashes) != recorded["ballots"]:
        return BoxProblem(
            poll,
            closing.seq,
            f"the box holds {len(hashes)} ballots, the record says {recorded['ballots']}",
        )
    if box_digest(hashes) != recorded["digest"]:
        return BoxProblem(poll, closing.seq, "the box's digest does not match the record")
    recount = count_choices(contents)
    for unit in ("heads", "weights"):
        if recount[unit] != closing.data[unit]:
            return BoxProblem(
                poll,
                closing.seq,
                f"the recount ({unit} {recount[unit]}) differs from the record "
                f"({closing.data[unit]})",
            )
    return None
