"""Ballots and ballot boxes: each ballot's hash, a box's digest, a secret poll's roll.

Ballots do not go through the journal one by one; the event that closes a poll
records the count and the digest of the whole box, so that the box can be checked
against the chain (docs/record-format.md, "Ballot boxes").
"""

from __future__ import annotations

import hashlib
import math
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


def weight_unit(weights: Iterable[int]) -> int:
    """The unit a secret box is published in: the greatest common divisor of its ballots'
    weights (1 for an empty box)."""
    return math.gcd(*weights) or 1


def unit_nonce(receipt: str, index: int) -> str:
    """The nonce of the `index`-th unit (from 0) of the secret ballot whose receipt is
    `receipt`: 32 hex digits of SHA-256(receipt, line feed, index). Only the voter, who holds
    the receipt, can tell their units from the others'."""
    return hashlib.sha256(f"{receipt}\n{index}".encode("ascii")).hexdigest()[:32]


def published_units(receipt: str, text: str, unit: int) -> list[tuple[str, str]]:
    """The (hash, canonical text) a secret ballot is published as (docs/record-format.md,
    2.3): itself when its weight is `unit`, else weight / unit ballots of weight `unit`,
    each the ballot with that weight and the nonce `unit_nonce(receipt, i)`, so that no
    published ballot carries a weight that singles out its voter."""
    ballot = _parsed(text)
    weight = ballot.get("weight")
    if type(weight) is not int or weight == unit or unit < 1 or weight % unit:
        return [(receipt, text)]  # (what is no ballot is kept as it is, for the count to refuse)
    out = []
    for index in range(weight // unit):
        piece = canonical.dumps({**ballot, "weight": unit, "nonce": unit_nonce(receipt, index)})
        out.append((hashlib.sha256(piece.encode("utf-8")).hexdigest(), piece))
    return out


def publish_secret_box(held: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """A sealed secret box's ballots as published: each in units of the box's weight unit,
    sorted by hash (nothing of the order they came in is kept)."""
    ballots = list(held)
    weights = []
    for _, text in ballots:
        weight = _parsed(text).get("weight")
        if type(weight) is int and weight > 0:
            weights.append(weight)
    unit = weight_unit(weights)
    return sorted(piece for h, text in ballots for piece in published_units(h, text, unit))


def _parsed(text: str) -> dict[str, Any]:
    try:
        value = canonical.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
