"""Benchmark: N delegates each cast one vote over HTTP on loopback, C clients at once.

    python bench/votes.py [--delegates N ...] [--concurrency C] [--secret] [--workers W]
                          [--json]

Starts `smolny serve` (SQLite in a temporary directory, or PostgreSQL when
SMOLNY_DATABASE_URL names one; with W worker processes), sets up a congress of N
delegates through the service layer, opens a named poll (a secret one with
--secret), and has them vote from a separate load-generator process that speaks raw
HTTP/1.1 over keep-alive connections (on uvloop when it is installed, so the
client's own cost stays small). Prints votes per second, p50 and p99 latency, the
time to close the poll with its count and digest, and checks that every vote was
counted and that `smolny verify` passes on the database afterwards. Logins are minted
directly in the database: they are not measured. The same load generator then runs,
in the same run, against a raw ASGI app under uvicorn (bench/raw_asgi.py: read the
body, parse the JSON, answer 201; --no-raw skips it), and smolny's rate and server CPU
are printed as a ratio to that bare framework's.

The CPU time of the voting phase is accounted for in full: the server's processes
(every worker), the load generator's, and everything else on the machine (the
database server, the kernel), from /proc/stat; on a small machine they all share
the same cores, so the load generator's share is part of the figure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, insert, text

from smolny import procedure
from smolny.adapters import credentials
from smolny.adapters.schema import login
from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny

CHAIR_PASSWORD = "bench-chair-password"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def prepare(url: str, delegates: int, secret: bool = False) -> tuple[str, list[str], str]:
    """A congress of present delegates with a poll open: (poll, delegate tokens, chair token)."""
    app = Smolny.open(url)
    app.accounts.create_account("chair", "chair", password=CHAIR_PASSWORD)
    chair = Principal("a1", "chair", "chair")
    app.execute(c.CreateBody("congress", "Benchmark Congress"))
    app.execute(c.FormFaction("congress", "reds", "Reds"))
    entries = app.execute(
        c.RegisterDelegates(
            "congress", tuple(c.NewDelegate(f"Delegate {i}", "reds") for i in range(delegates))
        )
    )
    ids = [d["delegate"] for d in entries[0].data["delegates"]]
    session = app.execute(c.OpenSession("congress", "Sitting"), by=chair)[0].data["session"]
    app.execute(c.RecordPresence(session, all_present=True), by=chair)
    motion = app.execute(c.MoveMotion(session, "Motion", "Text", ids[0]), by=chair)[0].data[
        "question"
    ]
    app.execute(c.Act(session, procedure.Second(motion, ids[1])), by=chair)
    app.execute(c.Act(session, procedure.StateQuestion(motion)), by=chair)
    method = "electronic-secret" if secret else "electronic-named"
    opened = app.execute(c.OpenPoll(motion, method=method), by=chair)
    poll = next(e.data["poll"] for e in opened if e.kind == "poll.opened")
    tokens = [secrets.token_urlsafe(32) for _ in ids]
    expires = int(time.time()) + 3600
    with app.engine.begin() as conn:
        conn.execute(
            insert(login),
            [
                {
                    "token_hash": credentials.hash_token(t),
                    "principal": d,
                    "role": "delegate",
                    "expires": expires,
                }
                for t, d in zip(tokens, ids, strict=True)
            ],
        )
    chair_token, _ = app.accounts.login_staff("chair", CHAIR_PASSWORD)
    app.close()
    return poll, tokens, chair_token


# -- the load generator (runs in its own process) ------------------------------------------


async def client(
    port: int,
    poll: str,
    tokens: list[str],
    ready: asyncio.Event,
    warm: asyncio.Semaphore,
    latencies: list[float],
    statuses: list[int],
) -> None:
    """One keep-alive connection's delegates: each loads their phone's page (warm), then,
    once `ready`, votes; a vote the server closed the connection on before reading it
    (idle longer than its keep-alive, while 20,000 phones load their pages: bench/live.py)
    is sent again on a new connection, up to three times (status 0 if never answered)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    host = f"Host: 127.0.0.1:{port}\r\n"
    body = b'{"choice":"yes"}'
    head = (
        f"POST /api/v1/polls/{poll}/votes HTTP/1.1\r\n{host}"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    ).encode()
    for token in tokens:  # each delegate's phone has loaded its page before the poll
        writer.write(
            f"GET /api/v1/me HTTP/1.1\r\n{host}Authorization: Bearer {token}\r\n\r\n".encode()
        )
        await answer(reader)
    warm.release()
    await ready.wait()
    for token in tokens:
        request = head + b"Authorization: Bearer " + token.encode() + b"\r\n\r\n" + body
        started = time.perf_counter()
        for _ in range(3):
            writer.write(request)
            try:
                status, _ = await answer(reader)
                break
            except (IndexError, ValueError, ConnectionError, asyncio.IncompleteReadError):
                writer.close()  # closed before it read the vote: again, on a new connection
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                started = time.perf_counter()
        else:
            status = 0
        latencies.append(time.perf_counter() - started)
        statuses.append(status)
    writer.close()


async def answer(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    """One HTTP/1.1 answer read off a keep-alive connection: (status, body)."""
    status_line = await reader.readline()
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.partition(b":")
        if name.lower() == b"content-length":
            length = int(value)
    return int(status_line.split()[1]), await reader.readexactly(length)


def _load(
    port: int, poll: str, tokens: list[str], concurrency: int, out: multiprocessing.Queue, go: Any
) -> None:
    async def main() -> tuple[float, list[float], list[int], float]:
        latencies: list[float] = []
        statuses: list[int] = []
        ready = asyncio.Event()
        warm = asyncio.Semaphore(0)
        shares = [tokens[i::concurrency] for i in range(concurrency)]
        clients = [
            asyncio.create_task(client(port, poll, share, ready, warm, latencies, statuses))
            for share in shares
            if share
        ]
        for _ in clients:  # every phone has loaded its page
            await warm.acquire()
        out.put("warm")
        await asyncio.get_running_loop().run_in_executor(None, go.wait)
        cpu = time.process_time()
        started = time.perf_counter()
        ready.set()
        await asyncio.gather(*clients)
        return time.perf_counter() - started, latencies, statuses, time.process_time() - cpu

    try:
        import uvloop  # the lean client: less of the machine's CPU for the load generator
    except ImportError:
        elapsed, latencies, statuses, cpu = asyncio.run(main())
    else:
        elapsed, latencies, statuses, cpu = uvloop.run(main())
    out.put((elapsed, latencies, statuses, cpu))


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (Linux), or 0 where /proc is absent."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_tree(pid: int) -> list[int]:
    """`pid` and all its descendants now living (Linux; just `pid` elsewhere)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = entry.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.parent.name))
    tree, todo = [], [pid]
    while todo:
        tree.append(todo.pop())
        todo.extend(children.get(tree[-1], []))
    return tree


def named_cpu(name: str) -> float:
    """CPU seconds so far of the processes called `name` (the local database server's)."""
    used = 0.0
    for entry in Path("/proc").glob("[0-9]*/comm"):
        try:
            if entry.read_text().strip() == name:
                used += cpu_seconds(int(entry.parent.name))
        except OSError:
            continue
    return used


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, over all cores (Linux)."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return 0.0, 0.0
    tick = os.sysconf("SC_CLK_TCK")
    idle = fields[3] + fields[4]  # idle and iowait
    total = sum(fields[:8])  # guest time is counted in user already
    return (total - idle) / tick, total / tick


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


@contextmanager
def bench_database(name: str) -> Iterator[tuple[str, bool]]:
    """A new, empty database for one run, removed afterwards: (its URL, whether it is
    PostgreSQL). A schema of its own in SMOLNY_DATABASE_URL's database, else a SQLite
    file in a temporary folder."""
    workdir = Path(tempfile.mkdtemp(prefix=f"smolny-{name}-"))
    base = os.environ.get("SMOLNY_DATABASE_URL")
    admin = None
    schema = f"{name}_" + secrets.token_hex(4)
    if base:
        admin = create_engine("postgresql+psycopg://" + base.split("://", 1)[1])
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        url = (
            "postgresql+psycopg://"
            + base.split("://", 1)[1]
            + f"{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
        )
    else:
        url = f"sqlite:///{workdir / (name + '.sqlite3')}"
    try:
        yield url, admin is not None
    finally:
        if admin is not None:
            with admin.begin() as conn:
                conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            admin.dispose()
        shutil.rmtree(workdir, ignore_errors=True)


def start_server(url: str, *args: str, within: float = 30) -> tuple[subprocess.Popen[bytes], int]:
    """`smolny serve` on `url` and a free port, once it answers: (the process, the port)."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "smolny", "serve", "--db", url, "--port", str(port), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + within
    while True:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/v1/bodies", timeout=1)
            return server, port
        except httpx.TransportError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.terminate()
                raise SystemExit("smolny serve did not start") from None
            time.sleep(0.1)


@contextmanager
def chair_console(port: int, token: str) -> Iterator[httpx.Client]:
    """The chair's console, its connection open (as it is in the hall): a client made
    before anything it asks is timed (making one costs httpx some 17 ms of TLS set-up)."""
    with httpx.Client(
        base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {token}"}
    ) as client:
        client.get("/api/v1/me", timeout=30)
        yield client


def profiler(pid: int, output: Path) -> subprocess.Popen[bytes]:
    """py-spy sampling `pid` and its children into `output` (a flame graph, .svg, or collapsed
    stacks, .txt) until it is sent SIGINT."""
    spy = shutil.which("py-spy")
    if spy is None:
        raise SystemExit("--profile needs py-spy on the PATH (pip install py-spy)")
    form = "raw" if output.suffix == ".txt" else "flamegraph"
    return subprocess.Popen(
        [
            spy,
            "record",
            "--pid",
            str(pid),
            "--subprocesses",
            "--rate",
            "250",
            "--nonblocking",
            "--format",
            form,
            "--output",
            str(output),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def raw_baseline(poll: str, tokens: list[str], concurrency: int) -> dict[str, float]:
    """The same load against bench/raw_asgi.py under uvicorn (read the body, parse the JSON,
    answer 201): its requests a second and its server CPU a request."""
    port = free_port()
    raw = Path(__file__).with_name("raw_asgi.py")
    server = subprocess.Popen(
        [sys.executable, str(raw), str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the raw ASGI app did not start") from None
                time.sleep(0.1)
        out: multiprocessing.Queue = multiprocessing.Queue()
        go = multiprocessing.Event()
        generator = multiprocessing.Process(
            target=_load, args=(port, poll, tokens, concurrency, out, go)
        )
        generator.start()
        assert out.get() == "warm"
        used = cpu_seconds(server.pid)
        go.set()
        elapsed, _, statuses, _ = out.get()
        used = cpu_seconds(server.pid) - used
        generator.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert statuses.count(201) == len(tokens)
    return {"per_s": len(tokens) / elapsed, "cpu_ms": used * 1000 / len(tokens)}


def run_once(
    delegates: int,
    concurrency: int,
    secret: bool,
    workers: int = 1,
    profile: Path | None = None,
    compare: bool = True,
) -> dict[str, object]:
    raw: dict[str, float] | None = None
    more = ["--workers", str(workers)] if workers != 1 else []
    more += ["--rate-address", "0"]  # the whole hall votes from one address here
    with bench_database("bench") as (url, postgres):
        poll, tokens, chair_token = prepare(url, delegates, secret)
        server, port = start_server(url, *more)
        try:
            out: multiprocessing.Queue = multiprocessing.Queue()
            go = multiprocessing.Event()
            generator = multiprocessing.Process(
                target=_load, args=(port, poll, tokens, concurrency, out, go)
            )
            generator.start()
            assert out.get() == "warm"
            serving = process_tree(server.pid)
            server_cpu = sum(cpu_seconds(p) for p in serving)
            busy, total = machine_cpu()
            database_cpu = named_cpu("postgres") if postgres else 0.0
            spy = profiler(server.pid, profile) if profile else None
            go.set()
            elapsed, latencies, statuses, client_cpu = out.get()
            if spy is not None:
                spy.send_signal(signal.SIGINT)
                spy.wait(timeout=60)
            now_busy, now_total = machine_cpu()
            busy, total = now_busy - busy, now_total - total
            server_cpu = sum(cpu_seconds(p) for p in serving) - server_cpu
            database_cpu = named_cpu("postgres") - database_cpu if postgres else 0.0
            generator.join()
            with chair_console(port, chair_token) as chair:  # (its client made before: not timed)
                started = time.perf_counter()
                closed = chair.post(f"/api/v1/polls/{poll}/close", timeout=60)
                close_ms = (time.perf_counter() - started) * 1000
            result = closed.json()["result"]
        finally:
            server.terminate()
            server.wait(timeout=30)
        # the record after the run checks out: the journal's chain, the closed box's digest
        verify = [sys.executable, "-m", "smolny", "verify", "--db", url]
        verified = subprocess.run(verify, capture_output=True).returncode == 0
        if compare:  # the bare framework, with the same load generator, in the same run
            raw = raw_baseline(poll, tokens, concurrency)
    accepted = statuses.count(201)
    server_ms = server_cpu * 1000 / delegates
    cores = os.cpu_count() or 1
    return {
        "database": "postgresql" if postgres else "sqlite",
        "secret": secret,
        "workers": workers,
        "eligible": delegates,
        "concurrency": concurrency,
        "accepted": accepted,
        "counted": result["box"]["ballots"],
        "all_counted": accepted == delegates == result["box"]["ballots"] == result["heads"]["yes"],
        "verified": verified,  # `smolny verify --db` passed after the run
        "votes_per_s": round(delegates / elapsed, 1),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 2),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 2),
        "close_ms": round(close_ms, 1),
        "server_cpu_ms_per_vote": round(server_cpu * 1000 / delegates, 3),
        "client_cpu_ms_per_vote": round(client_cpu * 1000 / delegates, 3),
        "database_cpu_ms_per_vote": round(database_cpu * 1000 / delegates, 3),
        "other_cpu_ms_per_vote": round(
            max(0.0, busy - server_cpu - client_cpu - database_cpu) * 1000 / delegates, 3
        ),
        "server_cpu_s": round(server_cpu, 2),
        "client_cpu_s": round(client_cpu, 2),
        "machine_busy_pct": round(100 * busy / total, 1) if total else None,
        "cores": cores,
        "elapsed_s": round(elapsed, 2),
        "raw_asgi_per_s": round(raw["per_s"], 1) if raw else None,
        "raw_asgi_server_cpu_ms": round(raw["cpu_ms"], 3) if raw else None,
        # how many times the bare framework's rate, and its CPU, a vote costs
        "raw_rate_ratio": round(raw["per_s"] / (delegates / elapsed), 2) if raw else None,
        "raw_cpu_ratio": round(server_ms / raw["cpu_ms"], 2) if raw and raw["cpu_ms"] else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--delegates", type=int, action="append", help="N (repeatable; default 1000 and 10000)"
    )
    parser.add_argument(
        "--concurrency", type=int, default=100, help="clients at once (default 100)"
    )
    parser.add_argument("--secret", action="store_true", help="a secret poll")
    parser.add_argument(
        "--workers", type=int, default=1, help="smolny serve --workers W (default 1)"
    )
    parser.add_argument("--json", action="store_true", help="one JSON line per run")
    parser.add_argument(
        "--no-raw",
        action="store_true",
        help="do not measure the raw ASGI app (bench/raw_asgi.py) for comparison",
    )
    parser.add_argument(
        "--profile",
        type=Path,
        help="sample the server with py-spy while it takes the votes: a flame graph (.svg) "
        "or collapsed stacks (.txt) written to this file",
    )
    args = parser.parse_args()
    for delegates in args.delegates or [1000, 10000]:
        figures = run_once(
            delegates, args.concurrency, args.secret, args.workers, args.profile, not args.no_raw
        )
        if args.json:
            print(json.dumps(figures), flush=True)
        else:
            kind = "secret" if args.secret else "named"
            print(
                f"{figures['database']}, {kind} poll, {args.workers} worker(s): "
                f"{delegates} delegates, {args.concurrency} clients: "
                f"{figures['votes_per_s']} votes/s, "
                f"p50 {figures['p50_ms']} ms, p99 {figures['p99_ms']} ms, "
                f"close {figures['close_ms']} ms; counted {figures['counted']} of {delegates} "
                f"({'all counted' if figures['all_counted'] else 'NOT ALL COUNTED'}; "
                f"{'the record verifies' if figures['verified'] else 'THE RECORD FAILS'}); "
                f"CPU a vote: server {figures['server_cpu_ms_per_vote']} ms, "
                f"load generator {figures['client_cpu_ms_per_vote']} ms, "
                f"database server {figures['database_cpu_ms_per_vote']} ms, "
                f"everything else {figures['other_cpu_ms_per_vote']} ms; "
                f"the machine's {figures['cores']} cores {figures['machine_busy_pct']}% busy "
                f"for {figures['elapsed_s']} s",
                flush=True,
            )
            if figures["raw_asgi_per_s"] is not None:
                print(
                    f"  a raw ASGI app (read the body, parse the JSON, answer 201) under uvicorn, "
                    f"same load generator: {figures['raw_asgi_per_s']} requests/s, server CPU "
                    f"{figures['raw_asgi_server_cpu_ms']} ms a request; smolny takes "
                    f"{figures['raw_rate_ratio']} times its time a vote and "
                    f"{figures['raw_cpu_ratio']} times its CPU",
                    flush=True,
                )
        if not (figures["all_counted"] and figures["verified"]):
            raise SystemExit(1)


if __name__ == "__main__":
    main()
