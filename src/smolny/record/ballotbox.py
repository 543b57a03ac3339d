"""Ballots and ballot boxes: each ballot's hash, a box's digest, a secret poll's roll.

Ballots do not go through the journal one by one; the event that closes a poll
records the count and the digest of the whole box, so that the box can be checked
against the chain (docs/record-format.md, "Ballot boxes").
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from smolny.record import canonical


def ballot_hash(ballot: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of a ballot."""
    return hashlib.sha256(canonical.encode(dict(ballot))).hexdigest()


def box_digest(ballot_hashes: Iterable[str]) -> str:
    """SHA-256 (hex) over the box's ballot hashes, sorted, each followed by a newline."""
    lines = "".join(value + "\n" for value in sorted(ballot_hashes))
    return hashlib.sha256(lines.encode("ascii")).hexdigest()


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
    return _units(receipt, text, _parsed(text), unit)


def _units(receipt: str, text: str, ballot: dict[str, Any], unit: int) -> list[tuple[str, str]]:
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
    if _one_weight(text for _, text in ballots):
        return sorted(ballots)  # each ballot is one unit, published as it is
    return _in_units([(h, text, _parsed(text)) for h, text in ballots])


def _one_weight(texts: Iterable[str]) -> bool:
    # Whether every text ends with the same weight, `"weight":K}` (a canonical ballot's last
    # member, its keys sorted): then each is published as it is, whatever else it holds (the
    # unit is K, and a text that does not parse is kept as it is), and none is parsed here.
    # (each text's ending from the character before its last `"weight":`, gathered first and
    # checked once for each different one: a box of one weight has one or two, `{...` or
    # `,...`; a text without `"weight":`, or starting with it, leaves an ending that fails)
    endings = {text[text.rfind('"weight":') - 1 :] for text in texts}
    weights = set()
    for ending in endings:
        found = _WEIGHT_ENDING.fullmatch(ending)
        if found is None:
            return False
        weights.add(found[1])
    return len(weights) <= 1


_WEIGHT_ENDING = re.compile(r'[{,]"weight":([1-9][0-9]*)\}')


def _in_units(ballots: list[tuple[str, str, dict[str, Any]]]) -> list[tuple[str, str]]:
    weights = []
    for _, _, ballot in ballots:
        weight = ballot.get("weight")
        if type(weight) is int and weight > 0:
            weights.append(weight)
    unit = weight_unit(weights)
    if all(w == unit for w in weights) and len(weights) == len(ballots):
        return sorted((h, text) for h, text, _ in ballots)  # each ballot is one unit
    return sorted(piece for h, text, b in ballots for piece in _units(h, text, b, unit))


def _parsed(text: str) -> dict[str, Any]:
    try:
        value = canonical.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
