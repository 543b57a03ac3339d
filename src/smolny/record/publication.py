"""Publications: what the record sends out, drawn from the journal alone.

Each decision (`motion.adopted`, `motion.rejected`) and each result of a poll taken on no
motion (an election, a choice: its `poll.closed`) is one publication, identified by its
entry. An adopted main motion is a *resolution*, numbered per body by the register
(`smolny.record.register`), so that the public pages, the feeds, the webhooks and
`smolny verify --report --resolution N` give it the same number.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from smolny.record import canonical
from smolny.record import kinds as k
from smolny.record.entry import Entry
from smolny.record.register import Registrar

KINDS = ("resolution", "decision", "result")
# what a subscriber may ask for -> the kinds of publication it receives
INTERESTS: dict[str, frozenset[str]] = {
    "resolutions": frozenset({"resolution"}),
    "decisions": frozenset({"resolution", "decision"}),
    "all": frozenset(KINDS),
}


@dataclass(frozen=True)
class Publication:
    """One decision or result, as the record holds it."""

    kind: str  # "resolution", "decision" or "result"
    body: str  # the body whose sitting it was (the convening body of a joint sitting)
    session: str
    seq: int  # the entry that records it
    hash: str
    at: str
    title: str
    text: str
    number: int | None = None  # a resolution's number in its body's register
    motion: str | None = None
    poll: str | None = None
    outcome: str = ""  # "adopted", "rejected", or "" for a poll's result
    figures: dict[str, Any] = field(default_factory=dict)  # the entry's data, as recorded

    def as_json(self) -> dict[str, Any]:
        """The publication as a webhook sends it."""
        return {
            "kind": self.kind,
            "body": self.body,
            "session": self.session,
            "number": self.number,
            "motion": self.motion,
            "poll": self.poll,
            "outcome": self.outcome,
            "title": self.title,
            "text": self.text,
            "at": self.at,
            "entry": {"seq": self.seq, "hash": self.hash},
            "figures": self.figures,
        }


def entry_of(text: str) -> Entry:
    """An entry from its stored canonical line (already verified when the journal was)."""
    obj = canonical.loads(text)
    return Entry(
        obj["seq"], obj["at"], obj["kind"], obj["actor"], obj["data"], obj["prev"], obj["hash"]
    )


class Publisher:
    """Folds the journal in order, entry by entry, into its publications."""

    def __init__(self) -> None:
        self.registrar = Registrar()
        self.publications: list[Publication] = []
        self._session_body: dict[str, str] = {}
        self._titles: dict[str, str] = {}
        self._poll_titles: dict[str, str] = {}

    @property
    def seq(self) -> int:
        """The last entry folded."""
        return self.registrar.seq

    def fold(self, entry: Entry) -> Publication | None:
        """Take in the next entry; the publication it makes, if any."""
        resolution = self.registrar.fold(entry)
        data = entry.data
        kind = entry.kind
        found: Publication | None = None
        if kind == k.SESSION_OPENED:
            self._session_body[str(data.get("session"))] = str(data.get("body"))
        elif kind == k.MOTION_MOVED:
            self._titles[str(data.get("question"))] = str(data.get("title", ""))
        elif kind == k.POLL_OPENED:
            self._poll_titles[str(data.get("poll"))] = str(
                data.get("title") or data.get("question") or ""
            )
        elif kind in k.DECIDING:
            session = str(data.get("session"))
            body = self._session_body.get(session)
            if body is not None:
                motion = str(data.get("question"))
                found = Publication(
                    "resolution" if resolution is not None else "decision",
                    body,
                    session,
                    entry.seq,
                    entry.hash,
                    str(data.get("at") or entry.at),
                    self._titles.get(motion, ""),
                    str(data.get("text", "")),
                    number=resolution.number if resolution is not None else None,
                    motion=motion,
                    outcome="adopted" if k.adopted(kind, data) else "rejected",
                    figures=dict(data),
                )
        elif kind == k.POLL_CLOSED and not data.get("motion"):
            session = str(data.get("session"))
            body = self._session_body.get(session)
            if body is not None:
                poll = str(data.get("poll"))
                found = Publication(
                    "result",
                    body,
                    session,
                    entry.seq,
                    entry.hash,
                    entry.at,
                    self._poll_titles.get(poll, poll),
                    "",
                    poll=poll,
                    figures=dict(data),
                )
        if found is not None:
            self.publications.append(found)
        return found


def publications(entries: Iterable[Entry]) -> list[Publication]:
    """Every publication of a journal, in the order of the record."""
    publisher = Publisher()
    for entry in entries:
        publisher.fold(entry)
    return publisher.publications
