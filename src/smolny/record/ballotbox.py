"""Ballots and ballot boxes: each ballot's hash, a box's digest, a secret poll's roll.

Ballots do not go through the journal one by one; the event that closes a poll
records the count and the digest of the whole box, so that the box can be checked
against the chain (docs/record-format.md, "Ballot boxes").
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from smolny.record import canonical


def ballot_hash(ballot: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of a ballot."""
    return hashlib.sha256(canonical.encode(dict(ballot))).hexdigest()


def box_digest(ballot_hashes: Iterable[str]) -> str:
    """SHA-256 (hex) over the box's ballot hashes, sorted, each followed by a newline."""
    digest = hashlib.sha256()
    for value in sorted(ballot_hashes):
        digest.update(value.encode("ascii") + b"\n")
    return digest.hexdigest()


def roll_line(voter: str, cast_by: str | None) -> str:
    """One name on a secret poll's roll, as its digest takes it: `d7`, or `d7 by d12` when
    the proxy holder d12 voted for d7 (docs/record-format.md, section 2.3)."""
    return voter if cast_by is None else f"{voter} by {cast_by}"
