"""The verifier's outcomes: who or what an election or a choice elected, recomputed from
the recount alone by the rules of docs/record-format.md (sections 2.6 and 7), and
compared member by member with what the close recorded.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Mapping, Sequence
from typing import Any

from smolny.record import apportion, schulze_borda, stv
from smolny.record.recount import Question, Tally

# Members of a ranked count that put it in words: the verifier does not hold the writer
# to its wording, only to its figures and decisions.
WORDING = frozenset({"reason", "purpose", "lot", "notes", "title", "rule"})


def lot_seed(poll: str, basis: str) -> int:
    """The seed of a poll's lots: the first 13 hex digits, as an integer, of the SHA-256 of
    the poll's id, a line feed, and the box's digest (or, for tellers' counts, the hash of
    the entry before the close)."""
    return int(hashlib.sha256(f"{poll}\n{basis}".encode()).hexdigest()[:13], 16)


def outcome(question: Question, tally: Tally, unit: str, seed: int) -> dict[str, Any]:
    """The outcome the close of an election or a choice must record."""
    counted = tally.weights if unit == "weight" else tally.heads
    if question.kind == "choice":
        return _choice(question, counted, unit, seed)
    if question.kind == "multiple":
        return _multiple(question, counted, unit, seed)
    if question.kind == "list":
        return _list(question, counted, unit, seed)
    if question.kind == "ranked":
        return _ranked(question, tally, seed)
    raise ValueError(f"a {question.kind} question has no outcome")


def _most_votes(
    options: Sequence[str], counted: Mapping[str, int], places: int, seed: int, purpose: str
) -> tuple[list[str], list[dict[str, Any]]]:
    """The `places` options with most votes (more votes first, ties in the options' order);
    a tie across the last place drawn by lot."""
    order = sorted(options, key=lambda option: -counted[option])
    if places >= len(order):
        return order, []
    boundary = counted[order[places - 1]]
    sure = [option for option in order if counted[option] > boundary]
    tied = [option for option in order if counted[option] == boundary]
    need = places - len(sure)
    if len(tied) == need:
        return sure + tied, []
    drawn = sorted(tied)
    random.Random(seed).shuffle(drawn)
    lot = {
        "purpose": purpose,
        "tied": sorted(tied),
        "votes": boundary,
        "method": "lot",
        "seed": seed,
        "order": drawn,
        "chosen": drawn[:need],
    }
    return sure + drawn[:need], [lot]


def _choice(question: Question, counted: Mapping[str, int], unit: str, seed: int) -> dict[str, Any]:
    cast = sum(counted[option] for option in question.options)
    top = max((counted[option] for option in question.options), default=0)
    result: dict[str, Any] = {"unit": unit, "cast": cast, "threshold": question.choice_threshold}
    needed: int | None = None
    if question.choice_threshold == "majority":
        needed = cast // 2 + 1
    elif question.choice_threshold == "two-thirds":
        needed = -((-2 * cast) // 3)
    if needed is not None:
        result["needed"] = needed
    if cast == 0 or (needed is not None and top < needed):
        return result | {"chosen": None, "reason": "no option reached the threshold"}
    leaders = [option for option in question.options if counted[option] == top]
    chosen, lots = _most_votes(leaders, counted, 1, seed, "the choice")
    return result | {"chosen": chosen[0], "tie_breaks": lots}


def _multiple(
    question: Question, counted: Mapping[str, int], unit: str, seed: int
) -> dict[str, Any]:
    standing = [option for option in question.options if counted[option] > 0]
    places = min(question.seats, len(standing))
    elected, lots = _most_votes(standing, counted, places, seed, "the last seat")
    return {
        "unit": unit,
        "seats": question.seats,
        "elected": elected,
        "tie_breaks": lots,
        "unfilled": question.seats - len(elected),
    }


def _list(question: Question, counted: Mapping[str, int], unit: str, seed: int) -> dict[str, Any]:
    votes = {option: counted[option] for option in question.options}
    if not any(votes.values()):
        return {
            "unit": unit,
            "seed": seed,
            "apportionment": None,
            "unfilled": question.seats,
            "reason": "no list received votes",
        }
    method = question.counting or "sainte-lague"
    shared = apportion.allot(method, votes, question.seats, lot=apportion.Lot(seed))
    return {"unit": unit, "seed": seed, "apportionment": shared}


def _ranked(question: Question, tally: Tally, seed: int) -> dict[str, Any]:
    method = question.counting or "scottish-stv"
    seats = min(question.seats, len(question.options))
    if not tally.rankings:
        return {
            "method": method,
            "seed": seed,
            "count": None,
            "elected": [],
            "unfilled": seats,
            "reason": "no ballot ranked a candidate",
        }
    ballots = stv.Ballots.of(question.options, tally.rankings, question.seats, seed)
    if schulze_borda.counts(method):
        return {"method": method, "seed": seed, "count": schulze_borda.count(method, ballots)}
    return {"method": method, "seed": seed, "count": stv.count(method, ballots)}


def without_wording(value: Any, wording: frozenset[str] = WORDING) -> Any:
    """`value` without the members that only put a count in words."""
    if isinstance(value, dict):
        return {k: without_wording(v, wording) for k, v in value.items() if k not in wording}
    if isinstance(value, list):
        return [without_wording(v, wording) for v in value]
    return value


def first_difference(recorded: Any, recomputed: Any, path: str = "") -> str | None:
    """Where two JSON values first differ (`count.stages[3].votes.2`), or None."""
    if isinstance(recorded, dict) and isinstance(recomputed, dict):
        for key in sorted(set(recorded) | set(recomputed)):
            if key not in recorded or key not in recomputed:
                return f"{path}{key}" if path else key
            found = first_difference(recorded[key], recomputed[key], f"{path}{key}.")
            if found is not None:
                return found
        return None
    if isinstance(recorded, list) and isinstance(recomputed, list):
        for index, (a, b) in enumerate(zip(recorded, recomputed, strict=False)):
            found = first_difference(a, b, f"{path.rstrip('.')}[{index}].")
            if found is not None:
                return found
        if len(recorded) != len(recomputed):
            return f"{path.rstrip('.')} (its length)"
        return None
    if recorded != recomputed or type(recorded) is not type(recomputed):
        return path.rstrip(".") or "the whole"
    return None


def compare(recorded: Any, recomputed: Any, ranked: bool) -> str | None:
    """Where a recorded outcome differs from the recomputed one (a ranked count's wording
    aside), or None when they agree."""
    if ranked:
        recorded, recomputed = without_wording(recorded), without_wording(recomputed)
    return first_difference(recorded, recomputed)
