"""The worst cases the bounds of `smolny.counting.bounds` admit, each timed: every ranked
method at the edge of its work bound in several shapes (many candidates and few papers,
few candidates and many papers), every apportionment at its own, with numbers of the
most digits allowed. The bounds are right when the slowest line stays well under 2 s.
Times are of the processor (not the clock), so that a loaded machine measures the same.

    .venv/bin/python bench/bounds.py [--quick]
"""

from __future__ import annotations

import math
import random
import sys
import time

from smolny.counting import bounds
from smolny.counting.blt import read_blt
from smolny.counting.methods import list_method, ranked_method
from smolny.counting.stv import CountError, Lot

BIG = 10 ** (bounds.MAX_DIGITS - 1)


def blt(candidates: int, seats: int, papers: int, seed: int = 1) -> str:
    """A ballot file of `papers` distinct papers ranking every candidate, weights of the
    most digits allowed."""
    rng = random.Random(seed)
    lines = [f"{candidates} {seats}"]
    seen: set[tuple[int, ...]] = set()
    while len(seen) < papers:
        ranking = tuple(rng.sample(range(1, candidates + 1), candidates))
        if ranking in seen:
            continue
        seen.add(ranking)
        lines.append(f"{BIG + rng.randrange(10**6)} {' '.join(map(str, ranking))} 0")
    lines.append("0")
    lines += [f'"candidate {c}"' for c in range(1, candidates + 1)]
    lines.append('"bounds"')
    return "\n".join(lines)


def edge_papers(method: str, candidates: int) -> int:
    """The most distinct papers `method` admits for `candidates`."""
    low, high = 1, 10**7
    while low < high:
        middle = (low + high + 1) // 2
        if bounds.ranked_work(method, candidates, middle) <= bounds.MAX_WORK[method]:
            low = middle
        else:
            high = middle - 1
    return low


def ranked(quick: bool) -> list[tuple[float, str]]:
    out = []
    shapes = {
        "scottish-stv": (500, 100, 10),
        "irv": (500, 100, 10),
        "meek": (100, 50, 20),
        "schulze": (100, 20, 5),
        "borda": (500, 50, 5),
    }
    for method, sizes in shapes.items():
        for candidates in sizes[:1] if quick else sizes:
            papers = edge_papers(method, candidates)
            if candidates > 2 and papers > 200_000:
                continue
            papers = min(papers, math.factorial(candidates))
            seats = 1 if method == "irv" else max(1, candidates // 5)
            text = blt(candidates, seats, papers)
            start = time.process_time()
            election = read_blt(text)
            reading = time.process_time() - start
            start = time.process_time()
            try:
                counter = ranked_method(method)
                result = counter.run(election, None, Lot(seed=1))
                counter.to_json(result, election)
                note = ""
            except CountError as exc:
                note = f" (refused: {exc})"
            seconds = time.process_time() - start
            out.append(
                (
                    seconds,
                    f"{method:13} {candidates:4} candidates {papers:7,} papers "
                    f"{len(text) / 1e6:5.1f} MB (read in {reading * 1000:.0f} ms){note}",
                )
            )
    return out


def apportionments() -> list[tuple[float, str]]:
    out = []
    for key in ("dhondt", "sainte-lague", "huntington-hill"):
        for parties in (2, 100, 1000):
            seats = bounds.MAX_WORK["divisor"] // (parties + 16)
            votes = {f"list {i}": BIG + i * 7919 for i in range(parties)}
            start = time.process_time()
            list_method(key).apportion.evaluate(votes, seats).record()
            out.append(
                (time.process_time() - start, f"{key:15} {parties:5} lists {seats:7,} seats")
            )
    votes = {f"list {i}": BIG + i * 7919 for i in range(bounds.MAX_PARTIES)}
    start = time.process_time()
    list_method("hare").apportion.evaluate(votes, bounds.MAX_SEATS).record()
    out.append((time.process_time() - start, f"hare {bounds.MAX_PARTIES} lists, max seats"))
    return out


def main() -> None:
    quick = "--quick" in sys.argv
    results = apportionments() + ranked(quick)
    for seconds, what in results:
        print(f"{seconds * 1000:8.0f} ms  {what}")
    print(f"slowest: {max(s for s, _ in results) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
