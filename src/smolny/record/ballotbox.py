"""Ballots and ballot boxes: each ballot's hash, a box's digest, and its recount.

Ballots do not go through the journal one by one; the event that closes a poll
records the count and the digest of the whole box, so that the box can be checked
against the chain (docs/record-format.md, "Ballot boxes").
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from smolny.record import canonical

EMPTY_BOX_DIGEST = hashlib.sha256(b"").hexdigest()


def ballot_hash(ballot: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of a ballot."""
    return hashlib.sha256(canonical.encode(dict(ballot))).hexdigest()


def box_digest(ballot_hashes: Iterable[str]) -> str:
    """SHA-256 (hex) over the box's ballot hashes, sorted, each followed by a newline."""
    digest = hashlib.sha256()
    for value in sorted(ballot_hashes):
        digest.update(value.encode("ascii") + b"\n")
    return digest.hexdigest()


def count_choices(ballots: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, int]]:
    """Heads and weights per choice of yes/no/abstain ballots, kept apart."""
    heads: Counter[str] = Counter()
    weights: Counter[str] = Counter()
    for ballot in ballots:
        choice = ballot["choice"]
        heads[choice] += 1
        weights[choice] += int(ballot.get("weight", 1))
    choices = ("yes", "no", "abstain")
    return {
        "heads": {c: heads.get(c, 0) for c in choices},
        "weights": {c: weights.get(c, 0) for c in choices},
    }
