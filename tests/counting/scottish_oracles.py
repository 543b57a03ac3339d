"""Test-only oracles for the Scottish count: pref_voting's stv_scottish and stvpoll.

Both are GPL-licensed test extras (pyproject `[test]`), never imported by smolny
itself. Each adapter takes a smolny `Election` and returns the oracle's elected
candidate numbers, so the tests and `bench/count.py` can compare like with like.
Lots inside the oracles are made deterministic (seeded, or candidate order); the
corpus test only compares elections whose count needed no lot.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from smolny.counting.stv import Election, distinct_rankings

# The data sit beside the repository: <repo>/../shared/data/scottish-stv.
DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "scottish-stv"


def corpus_files() -> list[Path]:
    """Every BLT file of the corpus, in a fixed order (empty if the data are absent)."""
    if not DATA.is_dir():
        return []
    return sorted(DATA.glob("*/*.blt"))


def corpus_name(path: Path) -> str:
    """`7_cands/falkirk_2022_ward6.blt` for a corpus file."""
    return f"{path.parent.name}/{path.name}"


def pref_voting_count(
    election: Election, seats: int | None = None
) -> tuple[list[int], list[dict[int, float]]]:
    """pref_voting's stv_scottish: the elected (sorted) and its end-of-stage totals.

    pref_voting keeps its stage totals in a local list; we catch them by wrapping its
    tally helper and keeping the calls made from its `snapshot()`.
    """
    from pref_voting import proportional_methods as pm
    from pref_voting.profiles_with_ties import ProfileWithTies

    seats = election.seats if seats is None else seats
    merged, _ = distinct_rankings(election)
    profile = ProfileWithTies(
        [{c: rank for rank, c in enumerate(ranking, start=1)} for ranking in merged],
        rcounts=list(merged.values()),
        candidates=list(election.running),
    )
    snapshots: list[dict[int, float]] = []
    original: Callable[..., Any] = pm._tally_from_pieces

    def recording(*args: Any, **kwargs: Any) -> Any:
        tally = original(*args, **kwargs)
        if sys._getframe(1).f_code.co_name == "snapshot":
            snapshots.append(dict(tally))
        return tally

    pm._tally_from_pieces = recording
    try:
        elected = pm.stv_scottish(profile, num_seats=seats, rng=random.Random(0))
    finally:
        pm._tally_from_pieces = original
    return sorted(int(c) for c in elected), snapshots


def stvpoll_count(election: Election, seats: int | None = None) -> list[int]:
    """stvpoll's Scottish STV: the elected, sorted (lots by candidate order, no shuffling)."""
    from stvpoll.scottish_stv import calculate_scottish_stv

    seats = election.seats if seats is None else seats
    merged, _ = distinct_rankings(election)
    result = calculate_scottish_stv(
        list(election.running), list(merged.items()), seats, random_shuffle=False
    )
    return sorted(int(c) for c in result.elected_as_tuple())
