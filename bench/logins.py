"""Benchmark: a whole hall logs in at once with the access codes on its slips.

    python bench/logins.py [--delegates N ...] [--concurrency C] [--json]

Starts `smolny serve` (SQLite in a temporary directory, or PostgreSQL when
SMOLNY_DATABASE_URL names one), issues access codes to N delegates through the service
layer, and has them log in (`POST /api/v1/login` with the code) from a separate
load-generator process speaking raw HTTP/1.1 over keep-alive connections, C at once.
Prints logins a second, p50 and p99 latency and the CPU time a login (server, load
generator), and checks that every login was answered 200 with a token that works.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from votes import (  # noqa: E402 (bench/ is not a package)
    answer,
    bench_database,
    cpu_seconds,
    machine_cpu,
    percentile,
    process_tree,
    profiler,
    start_server,
)

from smolny.domain import commands as c  # noqa: E402
from smolny.service.app import Smolny  # noqa: E402


def prepare(url: str, delegates: int) -> list[str]:
    """A congress of `delegates` delegates holding access codes: the codes."""
    app = Smolny.open(url)
    app.execute(c.CreateBody("congress", "Benchmark Congress"))
    app.execute(c.FormFaction("congress", "reds", "Reds"))
    app.execute(
        c.RegisterDelegates(
            "congress", tuple(c.NewDelegate(f"Delegate {i}", "reds") for i in range(delegates))
        )
    )
    codes = list(app.accounts.issue_access_codes("congress", None).values())
    app.close()
    return codes


async def _client(
    port: int, codes: list[str], ready: asyncio.Event, latencies: list[float], tokens: list[str]
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    await ready.wait()
    for code in codes:
        body = json.dumps({"access_code": code}).encode()
        request = (
            f"POST /api/v1/login HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode() + body
        started = time.perf_counter()
        writer.write(request)
        status, body = await answer(reader)
        latencies.append(time.perf_counter() - started)
        tokens.append(json.loads(body)["token"] if status == 200 else "")
    writer.close()


def _load(port: int, codes: list[str], concurrency: int, out: Any, go: Any) -> None:
    async def main() -> tuple[float, list[float], list[str], float]:
        latencies: list[float] = []
        tokens: list[str] = []
        ready = asyncio.Event()
        shares = [codes[i::concurrency] for i in range(concurrency)]
        clients = [
            asyncio.create_task(_client(port, share, ready, latencies, tokens))
            for share in shares
            if share
        ]
        await asyncio.sleep(0.5)  # every connection open
        out.put("warm")
        await asyncio.get_running_loop().run_in_executor(None, go.wait)
        cpu = time.process_time()
        started = time.perf_counter()
        ready.set()
        await asyncio.gather(*clients)
        return time.perf_counter() - started, latencies, tokens, time.process_time() - cpu

    try:
        import uvloop
    except ImportError:
        out.put(asyncio.run(main()))
    else:
        out.put(uvloop.run(main()))


def run_once(delegates: int, concurrency: int, profile: Path | None = None) -> dict[str, object]:
    with bench_database("logins") as (url, postgres):
        codes = prepare(url, delegates)
        # the whole hall logs in from one address here: no per-address flood limit
        server, port = start_server(url, "--rate-address", "0")
        try:
            out: multiprocessing.Queue = multiprocessing.Queue()
            go = multiprocessing.Event()
            generator = multiprocessing.Process(
                target=_load, args=(port, codes, concurrency, out, go)
            )
            generator.start()
            assert out.get() == "warm"
            serving = process_tree(server.pid)
            server_cpu = sum(cpu_seconds(p) for p in serving)
            busy = machine_cpu()[0]
            spy = profiler(server.pid, profile) if profile else None
            go.set()
            elapsed, latencies, tokens, client_cpu = out.get()
            if spy is not None:
                spy.send_signal(signal.SIGINT)
                spy.wait(timeout=60)
            busy = machine_cpu()[0] - busy
            server_cpu = sum(cpu_seconds(p) for p in serving) - server_cpu
            generator.join()
            working = sum(
                1
                for t in tokens[:: max(1, len(tokens) // 50)]  # a sample of the tokens work
                if t
                and httpx.get(
                    f"http://127.0.0.1:{port}/api/v1/me",
                    headers={"Authorization": f"Bearer {t}"},
                    timeout=30,
                ).status_code
                == 200
            )
            sampled = len(tokens[:: max(1, len(tokens) // 50)])
        finally:
            server.terminate()
            server.wait(timeout=30)
    answered = sum(1 for t in tokens if t)
    return {
        "database": "postgresql" if postgres else "sqlite",
        "delegates": delegates,
        "concurrency": concurrency,
        "logins_per_s": round(delegates / elapsed, 1),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 2),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 2),
        "answered": answered,
        "all_answered": answered == delegates and working == sampled,
        "server_cpu_ms_per_login": round(server_cpu * 1000 / delegates, 3),
        "client_cpu_ms_per_login": round(client_cpu * 1000 / delegates, 3),
        "machine_busy_pct": round(100 * busy / (elapsed * (os.cpu_count() or 1)), 1),
        "load_average": os.getloadavg()[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--delegates", type=int, action="append", help="N (default 3000)")
    parser.add_argument("--concurrency", type=int, default=100, help="clients at once")
    parser.add_argument("--json", action="store_true", help="one JSON line per run")
    parser.add_argument(
        "--profile", type=Path, help="py-spy flame graph (.svg) or collapsed stacks (.txt)"
    )
    args = parser.parse_args()
    for delegates in args.delegates or [3000]:
        figures = run_once(delegates, args.concurrency, args.profile)
        if args.json:
            print(json.dumps(figures), flush=True)
        else:
            print(
                f"{figures['database']}: {delegates} access-code logins, "
                f"{args.concurrency} clients: {figures['logins_per_s']} logins/s, "
                f"p50 {figures['p50_ms']} ms, p99 {figures['p99_ms']} ms; "
                f"answered {figures['answered']} of {delegates}; CPU a login: server "
                f"{figures['server_cpu_ms_per_login']} ms, load generator "
                f"{figures['client_cpu_ms_per_login']} ms; machine "
                f"{figures['machine_busy_pct']}% busy, load average {figures['load_average']}",
                flush=True,
            )
        if not figures["all_answered"]:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
