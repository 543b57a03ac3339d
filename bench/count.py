"""Count all 1,100 Scottish elections; print the total time and the slowest files.

    .venv/bin/python bench/count.py [--oracles] [--top N] [--data DIR]

Reading (parsing the BLT text) and counting are timed apart. With `--oracles`, the
same is done for pref_voting's stv_scottish and stvpoll's ScottishSTV (test extras),
and the elected sets are compared.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "counting"))  # the oracle adapters

from smolny.counting.blt import read_blt  # noqa: E402
from smolny.counting.scottish import count_scottish  # noqa: E402
from smolny.counting.stv import Lot, LotRequired  # noqa: E402

DEFAULT_DATA = ROOT / ".." / "shared" / "data" / "scottish-stv"


def slowest(times: dict[str, float], top: int) -> str:
    ranked = sorted(times.items(), key=lambda item: -item[1])[:top]
    return "\n".join(f"    {seconds * 1000:8.1f} ms  {name}" for name, seconds in ranked)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--oracles", action="store_true", help="also time the two oracles")
    parser.add_argument("--top", type=int, default=5, help="how many slowest files to show")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()

    files = sorted(args.data.glob("*/*.blt"))
    if not files:
        sys.exit(f"no BLT files under {args.data}")
    texts = {f"{p.parent.name}/{p.name}": p.read_text(encoding="utf-8") for p in files}

    read_times: dict[str, float] = {}
    count_times: dict[str, float] = {}
    elections = {}
    elected = {}
    lots = 0
    for name, text in texts.items():
        start = time.perf_counter()
        election = read_blt(text, name)
        middle = time.perf_counter()
        try:
            result = count_scottish(election)
        except LotRequired:
            lots += 1
            result = count_scottish(election, lot=Lot(seed=0))
        end = time.perf_counter()
        read_times[name], count_times[name] = middle - start, end - middle
        elections[name], elected[name] = election, sorted(result.elected)
    total = {n: read_times[n] + count_times[n] for n in texts}
    print(f"smolny scottish-stv: {len(texts)} elections")
    print(f"  read  {sum(read_times.values()):7.2f} s")
    print(f"  count {sum(count_times.values()):7.2f} s")
    print(f"  total {sum(total.values()):7.2f} s   (ties needing a lot: {lots})")
    print(f"  slowest (read + count):\n{slowest(total, args.top)}")

    if args.oracles:
        from scottish_oracles import pref_voting_count, stvpoll_count

        for label, oracle in (
            ("pref_voting stv_scottish", lambda e: pref_voting_count(e)[0]),
            ("stvpoll ScottishSTV", stvpoll_count),
        ):
            times: dict[str, float] = {}
            differ = []
            for name, election in elections.items():
                start = time.perf_counter()
                answer = oracle(election)
                times[name] = time.perf_counter() - start
                if answer != elected[name]:
                    differ.append(name)
            print(f"{label}: {sum(times.values()):7.2f} s (count only, our parsed input)")
            print(f"  slowest:\n{slowest(times, args.top)}")
            print(f"  elects differently from smolny in {len(differ)} files")
            for name in differ:
                print(f"    {name}")


if __name__ == "__main__":
    main()
