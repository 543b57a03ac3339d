"""Benchmark: the close of a secret poll's box (sealed, counted, digested), in CPU time.

    python bench/close.py [--ballots N] [--repeat R] [--profile FILE]

Prepares a congress of N present delegates with a secret poll open and N ballots cast
(through the service, as the web casts them), once; then closes copies of that box R
times, each on a store opened afresh, and prints the close's wall time and the CPU time
of the closing thread (`time.thread_time`, which holds on a loaded machine where wall time
does not), with the garbage collector set as `smolny serve` sets it. On SQLite the box is
copied as a file; on PostgreSQL (SMOLNY_DATABASE_URL) as a database made from the
prepared one as its template. `--profile FILE` writes a cProfile of one more close, timed
by thread CPU (read it with `python -m pstats FILE`). The first closed box is checked
with `smolny verify`.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import wait
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).parent))
from votes import prepare  # noqa: E402

from smolny.cli.serve import GC_THRESHOLDS  # noqa: E402
from smolny.service.app import Principal, Smolny, VoteRequest  # noqa: E402

CHAIR = Principal("a1", "chair", "chair")


def cast_all(url: str, poll: str, voters: list[str]) -> None:
    """Every voter's secret ballot (yes, no or abstain in turn), durably in the box."""
    app = Smolny.open(url)
    try:
        answers = ("yes", "no", "abstain")
        for start in range(0, len(voters), 500):
            futures = []
            for i, voter in enumerate(voters[start : start + 500], start):
                who = Principal(voter, "delegate", voter)
                [(_, future)] = app.ballots.cast_votes(
                    poll, who, [VoteRequest({"choice": answers[i % 3]})]
                )
                futures.append(future)
            wait(futures)
            assert all(f.result().name == "ACCEPTED" for f in futures)
    finally:
        app.close()


@contextmanager
def box_copies(ballots: int) -> Iterator[tuple[str, object]]:
    """(poll, a maker of fresh copies of the prepared store: a context giving a URL)."""
    base = os.environ.get("SMOLNY_DATABASE_URL")
    workdir = Path(tempfile.mkdtemp(prefix="smolny-close-"))
    admin = None
    if base:
        rest = base.split("://", 1)[1]
        server, _, _ = rest.rpartition("/")
        admin = create_engine(
            f"postgresql+psycopg://{server}/postgres", isolation_level="AUTOCOMMIT"
        )
        template = "close_" + secrets.token_hex(4)
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {template}"))
        url = f"postgresql+psycopg://{server}/{template}"
    else:
        url = f"sqlite:///{workdir / 'box.sqlite3'}"
    try:
        poll, _, _ = prepare(url, ballots, secret=True)
        app = Smolny.open(url)
        voters = sorted(app.state.polls[poll].eligible)
        app.close()
        cast_all(url, poll, voters)
        if admin is not None:
            create_engine(url).dispose()

        @contextmanager
        def fresh() -> Iterator[str]:
            if admin is None:
                copy = workdir / f"copy-{secrets.token_hex(4)}.sqlite3"
                shutil.copyfile(workdir / "box.sqlite3", copy)
                try:
                    yield f"sqlite:///{copy}"
                finally:
                    copy.unlink()
                return
            name = "close_" + secrets.token_hex(4)
            with admin.connect() as conn:
                conn.execute(text(f"CREATE DATABASE {name} TEMPLATE {template}"))
            try:
                yield f"postgresql+psycopg://{server}/{name}"
            finally:
                with admin.connect() as conn:
                    conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))

        yield poll, fresh
    finally:
        if admin is not None:
            with admin.connect() as conn:
                conn.execute(text(f"DROP DATABASE IF EXISTS {template} WITH (FORCE)"))
            admin.dispose()
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ballots", type=int, default=10000, help="N (default 10000)")
    parser.add_argument("--repeat", type=int, default=5, help="closes timed (default 5)")
    parser.add_argument(
        "--profile", type=Path, help="a cProfile of one more close (not in the figures)"
    )
    args = parser.parse_args()
    cpu, wall = [], []
    with box_copies(args.ballots) as (poll, fresh):
        for run in range(args.repeat + bool(args.profile)):
            with fresh() as url:  # type: ignore[operator]
                app = Smolny.open(url)
                gc.collect()  # as `smolny serve` has it: the state loaded at the start is
                gc.freeze()  # left out of collections, and young objects collected less often
                gc.set_threshold(*GC_THRESHOLDS)
                profile = None
                if args.profile and run == args.repeat:
                    profile = cProfile.Profile(time.thread_time)
                    profile.enable()
                started, used = time.perf_counter(), time.thread_time()
                entries = app.ballots.close_poll(poll, CHAIR)
                if profile is None:  # (a profiled close takes longer)
                    cpu.append(time.thread_time() - used)
                    wall.append(time.perf_counter() - started)
                else:
                    profile.disable()
                    profile.dump_stats(args.profile)
                closed = next(e for e in entries if e.kind == "poll.closed")
                assert closed.data["box"]["ballots"] == args.ballots, closed.data["box"]
                app.close()
                gc.unfreeze()
                if run == 0:  # the closed box checks out
                    verify = [sys.executable, "-m", "smolny", "verify", "--db", url]
                    subprocess.run(verify, check=True, stdout=subprocess.DEVNULL)
    store = "postgresql" if os.environ.get("SMOLNY_DATABASE_URL") else "sqlite"
    print(
        f"{store}: close of a {args.ballots}-ballot secret box, {args.repeat} runs: "
        f"thread CPU median {statistics.median(cpu) * 1000:.1f} ms "
        f"(min {min(cpu) * 1000:.1f}), wall median {statistics.median(wall) * 1000:.1f} ms "
        f"(min {min(wall) * 1000:.1f}); each run's CPU: "
        + ", ".join(f"{t * 1000:.0f}" for t in cpu)
        + " ms",
        flush=True,
    )


if __name__ == "__main__":
    main()
