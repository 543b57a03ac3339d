"""Journal entries: their fields, how each is hashed, and how one links to the last."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from smolny.record import canonical

FORMAT_VERSION = 1
GENESIS = "0" * 64  # the `prev` of the first entry
FIELDS = ("v", "seq", "at", "kind", "actor", "data", "prev", "hash")


@dataclass(frozen=True)
class Entry:
    """One act in the journal, as it is hashed and stored."""

    seq: int
    at: str  # UTC, RFC 3339 with microseconds and "Z"
    kind: str  # e.g. "session.opened"
    actor: str  # e.g. "account:3", "delegate:d17", "system"
    data: dict[str, Any]
    prev: str  # hash of the entry before, or GENESIS
    hash: str

    def as_dict(self) -> dict[str, Any]:
        """The entry as a JSON object, all fields."""
        return {
            "v": FORMAT_VERSION,
            "seq": self.seq,
            "at": self.at,
            "kind": self.kind,
            "actor": self.actor,
            "data": self.data,
            "prev": self.prev,
            "hash": self.hash,
        }

    def line(self) -> str:
        """The canonical JSON text of the entry: one line of a JSON Lines export."""
        return canonical.dumps(self.as_dict())


def entry_hash(unhashed: dict[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of an entry without its `hash` field."""
    return hashlib.sha256(canonical.encode(unhashed)).hexdigest()


def make_entry(seq: int, at: str, kind: str, actor: str, data: dict[str, Any], prev: str) -> Entry:
    """Build the entry that follows `prev` at `seq`, computing its hash."""
    body = {
        "v": FORMAT_VERSION,
        "seq": seq,
        "at": at,
        "kind": kind,
        "actor": actor,
        "data": data,
        "prev": prev,
    }
    return Entry(seq, at, kind, actor, data, prev, entry_hash(body))
