"""Benchmark: N delegates hold live screens (server-sent events) while they vote.

    python bench/live.py [--connections N] [--workers W] [--listeners L]
                         [--concurrency C] [--no-trace] [--json]
    python bench/live.py --trace STEPS [--connections N]

Starts `smolny serve --workers W` (PostgreSQL when SMOLNY_DATABASE_URL names one, with
Redis fan-out when SMOLNY_REDIS_URL does; else SQLite), sets up a congress of N
delegates with a poll open, and opens N live connections (`GET /api/v1/stream`) from L
listener processes (lean asyncio protocols on uvloop, each raising its own open-files
limit). While they are all connected, the N delegates vote from a separate load
generator (bench/votes.py's client); then the chair closes the poll and every listener
notes when its connections see the `poll.closed` entry. Prints votes per second, p99
vote latency, the time from the close until 99% (and all) of the connections had the
result (and from the first screen that had it until 99% had it: the fan-out alone), and
the memory of the server's processes (resident set, summed, and per connection), with
the machine's load average: other work on the machine shows in the latencies, not in
the memory.

Then (unless --no-trace) one more worker, alone and under tracemalloc, takes 2 x 1,000
screens, and the Python heap a connection is printed beside the resident set's figure;
`--trace STEPS` does only that, with STEPS steps of N screens, and lists where the
memory goes (allocation sites, per connection).

Each process may hold as many connections as its open-files limit allows (raised to the
hard limit, `ulimit -Hn`): a worker holds about N/W, a listener N/L.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import re
import resource
import sys
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from votes import (  # noqa: E402  (bench/ is not a package)
    bench_database,
    chair_console,
    client,
    percentile,
    prepare,
    process_tree,
    start_server,
)

CLOSED = b'"kind":"poll.closed"'


def raise_file_limit() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


class Screen(asyncio.Protocol):
    """One live connection: notes when the result arrives, and whether it was cut off."""

    def __init__(self, request: bytes, shared: dict[str, Any]) -> None:
        self.request = request
        self.shared = shared
        self.tail = b""
        self.headers = False
        self.seen_at: float | None = None
        self.lost = False
        self.connected: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        transport.write(self.request)  # type: ignore[attr-defined]

    def data_received(self, data: bytes) -> None:
        chunk = self.tail + data
        if not self.headers and b"\r\n\r\n" in chunk:
            self.headers = True
            if not self.connected.done():
                self.connected.set_result(chunk.startswith(b"HTTP/1.1 200"))
        if self.seen_at is None and CLOSED in chunk:
            self.seen_at = time.monotonic()
            self.shared["seen"] += 1
            if self.shared["seen"] >= self.shared["expected"]:
                self.shared["all"].set()
        self.tail = chunk[-len(CLOSED) :]

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True
        if not self.connected.done():
            self.connected.set_result(False)


def _listen(port: int, count: int, out: Any, go: Any) -> None:
    # One listener process: `count` live screens.
    raise_file_limit()

    async def main() -> dict[str, Any]:
        loop = asyncio.get_running_loop()
        shared: dict[str, Any] = {"seen": 0, "expected": count, "all": asyncio.Event()}
        request = (
            f"GET /api/v1/stream HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Accept: text/event-stream\r\n\r\n"
        ).encode()
        screens: list[Screen] = []
        gate = asyncio.Semaphore(200)  # connect a few hundred at a time, as phones would

        async def connect() -> None:
            async with gate:
                for _ in range(20):
                    try:
                        _, screen = await loop.create_connection(
                            lambda: Screen(request, shared), "127.0.0.1", port
                        )
                    except OSError:
                        await asyncio.sleep(0.2)
                        continue
                    if await screen.connected:
                        screens.append(screen)
                        return
                    await asyncio.sleep(0.2)

        started = time.monotonic()
        await asyncio.gather(*(connect() for _ in range(count)))
        out.put(("connected", len(screens), time.monotonic() - started))
        await loop.run_in_executor(None, go.wait)  # the poll is closed about now
        shared["expected"] = len(screens)
        with __import__("contextlib").suppress(TimeoutError):
            await asyncio.wait_for(shared["all"].wait(), 60)
        return {
            "seen": [s.seen_at for s in screens if s.seen_at is not None],
            "lost": sum(1 for s in screens if s.lost),
        }

    try:
        import uvloop
    except ImportError:
        result = asyncio.run(main())
    else:
        result = uvloop.run(main())
    out.put(("done", result))


def _load(
    port: int, poll: str, tokens: list[str], concurrency: int, out: multiprocessing.Queue, go: Any
) -> None:
    async def main() -> tuple[float, list[float], list[int]]:
        latencies: list[float] = []
        statuses: list[int] = []
        ready = asyncio.Event()
        warm = asyncio.Semaphore(0)
        shares = [share for i in range(concurrency) if (share := tokens[i::concurrency])]
        clients = [
            asyncio.create_task(client(port, poll, share, ready, warm, latencies, statuses))
            for share in shares
        ]
        for _ in clients:  # every phone has loaded its page
            await warm.acquire()
        out.put("warm")
        await asyncio.get_running_loop().run_in_executor(None, go.wait)
        started = time.perf_counter()
        ready.set()
        await asyncio.gather(*clients)
        return time.perf_counter() - started, latencies, statuses

    try:
        import uvloop
    except ImportError:
        out.put(asyncio.run(main()))
    else:
        out.put(uvloop.run(main()))


def rss_bytes(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def _traced_server(url: str, port: int, dumps: str) -> None:
    # `smolny serve` (one worker) under tracemalloc: SIGUSR2 writes a snapshot of the
    # Python heap and the resident set to dumps/N.snapshot and dumps/N.rss
    import signal
    import tracemalloc

    from smolny.cli import serve

    tracemalloc.start(int(os.environ.get("BENCH_TRACE_FRAMES", "1")))
    app = serve.open_app(url, rulebooks=())
    taken = [0]

    def dump(_signum: int, _frame: Any) -> None:
        import gc

        gc.collect()
        taken[0] += 1
        base = Path(dumps) / str(taken[0])
        tracemalloc.take_snapshot().dump(str(base.with_suffix(".snapshot")))
        base.with_suffix(".rss").write_text(str(rss_bytes([os.getpid()])))

    signal.signal(signal.SIGUSR2, dump)
    serve.run(app, "127.0.0.1", port, rates=("0", "0"))


def _snapshot(server: Any, dumps: Path, number: int) -> tuple[Any, int]:
    import signal
    import tracemalloc

    server.send_signal(signal.SIGUSR2)
    base = dumps / str(number)
    deadline = time.monotonic() + 120
    while not base.with_suffix(".rss").exists():
        if time.monotonic() > deadline:
            raise SystemExit("the traced server wrote no snapshot")
        time.sleep(0.2)
    time.sleep(0.2)
    snap = tracemalloc.Snapshot.load(str(base.with_suffix(".snapshot")))
    return snap, int(base.with_suffix(".rss").read_text())


def _short(filename: str) -> str:
    return re.sub(r".*/(site-packages|src|lib/python3\.\d+)/", "", filename)


def trace(connections: int, steps: int, top: int) -> dict[str, Any]:
    """Where a live connection's memory goes: one traced worker, `steps` snapshots, each
    after `connections` more screens; the per-connection figure is taken between the
    first and the last step (the first connections' one-off costs left out)."""
    import tempfile

    from votes import free_port

    raise_file_limit()
    dumps = Path(tempfile.mkdtemp(prefix="smolny-live-trace-"))
    procs: list[multiprocessing.Process] = []
    with bench_database("livetrace") as (url, _postgres):
        prepare(url, 10)
        port = free_port()
        server = __import__("subprocess").Popen(
            [sys.executable, __file__, "--traced-server", url, str(port), str(dumps)],
            stdout=__import__("subprocess").DEVNULL,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    httpx.get(f"http://127.0.0.1:{port}/api/v1/bodies", timeout=1)
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise SystemExit("the traced server did not start") from None
                    time.sleep(0.2)
            for _ in range(3):  # warm: routes, the hub, the thread pool
                with httpx.stream("GET", f"http://127.0.0.1:{port}/api/v1/stream", timeout=5) as r:
                    next(r.iter_bytes())
            taken: list[tuple[int, Any, int]] = []
            out: multiprocessing.Queue = multiprocessing.Queue()
            closed = multiprocessing.Event()
            for step in range(steps + 1):
                if step:
                    proc = multiprocessing.Process(
                        target=_listen, args=(port, connections, out, closed)
                    )
                    proc.start()
                    procs.append(proc)
                    _, n, _seconds = out.get(timeout=600)
                    if n != connections:
                        raise SystemExit(f"only {n} of {connections} connected")
                    time.sleep(1.0)
                snap, rss = _snapshot(server, dumps, step + 1)
                taken.append((step * connections, snap, rss))
        finally:
            for proc in procs:
                proc.kill()
            server.terminate()
            server.wait(timeout=30)
            __import__("shutil").rmtree(dumps, ignore_errors=True)
    (n0, first, rss0), (n1, last, rss1) = taken[1], taken[-1]
    count = n1 - n0
    stats = last.compare_to(first, "lineno")
    heap = sum(s.size_diff for s in stats)
    return {
        "connections": n1,
        "measured_between": [n0, n1],
        "traced_bytes_per_connection": round(heap / count),
        "rss_kb_per_connection_traced": round((rss1 - rss0) / count / 1024, 1),
        "top": [
            {
                "where": f"{_short(s.traceback[0].filename)}:{s.traceback[0].lineno}",
                "bytes_per_connection": round(s.size_diff / count),
                "blocks_per_connection": round(s.count_diff / count, 2),
            }
            for s in stats[:top]
        ],
    }


def run_once(connections: int, workers: int, listeners: int, concurrency: int) -> dict[str, Any]:
    limit = raise_file_limit()
    busiest = max(-(-connections // workers), -(-connections // listeners)) + 200
    if busiest > limit:
        raise SystemExit(
            f"{connections} connections need about {busiest} open files in one process; the"
            f" limit is {limit}: raise it (ulimit -Hn), or use more --workers / --listeners"
        )
    redis_url = os.environ.get("SMOLNY_REDIS_URL")
    args = ["--workers", str(workers), "--rate-address", "0"]  # one address: the bench
    if redis_url:
        args += ["--redis", redis_url]
    with bench_database("live") as (url, postgres):
        poll, tokens, chair_token = prepare(url, connections)
        server, port = start_server(url, *args, within=60)
        procs: list[multiprocessing.Process] = []
        try:
            time.sleep(1.0)  # every worker up
            serving = process_tree(server.pid)
            rss_idle = rss_bytes(serving)
            out: multiprocessing.Queue = multiprocessing.Queue()
            closed = multiprocessing.Event()
            each, more = divmod(connections, listeners)
            shares = [each + (i < more) for i in range(listeners)]
            for share in shares:
                proc = multiprocessing.Process(target=_listen, args=(port, share, out, closed))
                proc.start()
                procs.append(proc)
            connected, connect_s = 0, 0.0
            for _ in procs:
                _, n, seconds = out.get(timeout=600)
                connected += n
                connect_s = max(connect_s, seconds)
            rss_connected = rss_bytes(serving)
            # the delegates vote while their screens are live
            votes_out: multiprocessing.Queue = multiprocessing.Queue()
            go = multiprocessing.Event()
            voter = multiprocessing.Process(
                target=_load, args=(port, poll, tokens, concurrency, votes_out, go)
            )
            voter.start()
            assert votes_out.get(timeout=600) == "warm"
            go.set()
            elapsed, latencies, statuses = votes_out.get(timeout=600)
            voter.join()
            rss_voting = rss_bytes(serving)
            load = os.getloadavg()
            with chair_console(port, chair_token) as chair:  # (made before: not timed)
                closing = time.monotonic()
                closed.set()
                response = chair.post(f"/api/v1/polls/{poll}/close", timeout=120)
                close_ms = (time.monotonic() - closing) * 1000
            result = response.json()["result"]
            seen: list[float] = []
            lost = 0
            for _ in procs:
                _, done = out.get(timeout=120)
                seen.extend(done["seen"])
                lost += done["lost"]
            rss_after = rss_bytes(serving)
        finally:
            for proc in procs:
                proc.join(timeout=10)
                if proc.is_alive():
                    proc.kill()
            server.terminate()
            server.wait(timeout=30)
    delays = sorted(t - closing for t in seen)
    reached = len(delays)
    p99_result = delays[int(0.99 * connected) - 1] if reached >= int(0.99 * connected) else None
    peak = max(rss_connected, rss_voting, rss_after)
    return {
        "database": "postgresql" if postgres else "sqlite",
        "fanout": "redis" if redis_url else "journal",
        "workers": workers,
        "server_processes": len(serving),
        "connections": connections,
        "connected": connected,
        "connect_s": round(connect_s, 1),
        "accepted": statuses.count(201),
        "counted": result["box"]["ballots"],
        "votes_per_s": round(len(tokens) / elapsed, 1),
        "p99_vote_ms": round(percentile(latencies, 0.99) * 1000, 1),
        "close_ms": round(close_ms, 1),
        "result_on_99pct_s": round(p99_result, 3) if p99_result is not None else None,
        "result_on_all_s": round(delays[-1], 3) if delays and reached == connected else None,
        # from the first screen that had the result to 99% of them: the fan-out alone,
        # without the close's own time (the count, the digest, the commit)
        "result_spread_99pct_s": (
            round(p99_result - delays[0], 3) if p99_result is not None else None
        ),
        "result_reached": reached,
        "lost_connections": lost,
        "server_rss_idle_mb": round(rss_idle / 2**20, 1),
        "server_rss_peak_mb": round(peak / 2**20, 1),
        "server_kb_per_connection": round((rss_connected - rss_idle) / max(connected, 1) / 1024, 1),
        "load_average": [round(x, 2) for x in load],
        "cores": os.cpu_count(),
    }


def main() -> None:
    if sys.argv[1:2] == ["--traced-server"]:
        _traced_server(sys.argv[2], int(sys.argv[3]), sys.argv[4])
        return
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=10_000, help="N (default 10000)")
    parser.add_argument("--workers", type=int, default=2, help="smolny serve --workers W (2)")
    parser.add_argument("--listeners", type=int, default=2, help="listener processes (2)")
    parser.add_argument("--concurrency", type=int, default=100, help="voting clients at once")
    parser.add_argument("--json", action="store_true", help="one JSON line")
    parser.add_argument(
        "--no-trace", action="store_true", help="without the tracemalloc run afterwards"
    )
    parser.add_argument(
        "--trace",
        type=int,
        metavar="STEPS",
        help="instead: where a connection's memory goes (tracemalloc, one worker), "
        "STEPS snapshots each after --connections more screens",
    )
    args = parser.parse_args()
    if args.trace:
        t = trace(args.connections, args.trace, 25)
        if args.json:
            print(json.dumps(t), flush=True)
            return
        print(
            f"tracemalloc, one worker, {t['connections']} live connections: "
            f"{t['traced_bytes_per_connection']} bytes of Python heap a connection "
            f"(between {t['measured_between'][0]} and {t['measured_between'][1]}); "
            f"resident set {t['rss_kb_per_connection_traced']} kB a connection (traced)",
            flush=True,
        )
        for row in t["top"]:
            print(
                f"  {row['bytes_per_connection']:>7} B {row['blocks_per_connection']:>6} blocks  "
                f"{row['where']}"
            )
        return
    f = run_once(args.connections, args.workers, args.listeners, args.concurrency)
    if not args.no_trace:
        traced = trace(1000, 2, 0)
        f["traced_kb_per_connection"] = round(traced["traced_bytes_per_connection"] / 1024, 1)
    if args.json:
        print(json.dumps(f), flush=True)
    else:
        print(
            f"{f['database']} ({f['fanout']} fan-out), {f['workers']} worker(s): "
            f"{f['connected']} of {f['connections']} live connections (in {f['connect_s']} s); "
            f"{f['votes_per_s']} votes/s, p99 {f['p99_vote_ms']} ms, "
            f"counted {f['counted']} of {f['connections']}; close {f['close_ms']} ms; "
            f"result on 99% of the screens {f['result_on_99pct_s']} s after the close "
            f"(all: {f['result_on_all_s']} s; {f['result_spread_99pct_s']} s from the first "
            f"screen to 99%; reached {f['result_reached']}, "
            f"{f['lost_connections']} connections lost); server memory {f['server_rss_peak_mb']}"
            f" MB in {f['server_processes']} processes (idle {f['server_rss_idle_mb']} MB, "
            f"{f['server_kb_per_connection']} kB a connection"
            + (
                f"; {f['traced_kb_per_connection']} kB of Python heap a connection, traced"
                if "traced_kb_per_connection" in f
                else ""
            )
            + "); "
            f"load average {f['load_average']} on {f['cores']} cores",
            flush=True,
        )
    ok = f["counted"] == f["connections"] and f["result_on_99pct_s"] is not None
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
