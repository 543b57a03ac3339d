"""In process: the server's CPU a secret vote, through the ASGI app without an HTTP server.

    python bench/asgi_votes.py [N] [--profile] [--uvicorn]

Prepares N present delegates and a secret poll (as bench/votes.py does), then drives N
votes into the application as `smolny serve` hands it to uvicorn (its flood limits, the
security headers; on uvloop when it is installed) a hundred at a time, and prints the
process CPU a vote, the event loop thread's and the ballot writer's. With `--uvicorn`,
the requests go in as bytes through uvicorn's own HTTP protocol (httptools), a hundred
keep-alive connections on in-memory transports, and the answers come out as bytes:
everything `smolny serve` does for a vote but the socket's system calls. `--profile` prints a
cProfile of the event loop's thread, timed by its CPU. No load generator or HTTP server
shares the machine's cores, so the figures hold better on a loaded machine than
bench/votes.py's (which adds uvicorn's own cost: bench/raw_asgi.py's).
"""

from __future__ import annotations

import asyncio
import cProfile
import gc
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from votes import prepare  # noqa: E402

from smolny.cli.serve import GC_THRESHOLDS, served  # noqa: E402
from smolny.service.app import Smolny  # noqa: E402

BODY = b'{"choice":"yes"}'


async def vote(app: Any, poll: str, token: str) -> int:
    """One delegate's vote through the app: its status."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": f"/api/v1/polls/{poll}/votes",
        "raw_path": b"",
        "root_path": "",
        "query_string": b"",
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 80),
        "headers": [
            (b"host", b"x"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(BODY)).encode()),
            (b"authorization", b"Bearer " + token.encode()),
        ],
    }
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": BODY, "more_body": False}
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    status: list[int] = []

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])

    await app(scope, receive, send)
    return status[0]


class Transport(asyncio.Transport):
    """A connection in memory: what the server writes is kept, each answer's status read
    off it as it completes."""

    def __init__(self) -> None:
        super().__init__()
        self.written = bytearray()
        self.answered: asyncio.Queue[int] = asyncio.Queue()
        self.closing = False

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"peername": ("127.0.0.1", 5000), "sockname": ("127.0.0.1", 80)}.get(name, default)

    def write(self, data: Any) -> None:
        self.written += data
        while True:  # every answer is one with a content-length
            end = self.written.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(self.written[:end]).lower()
            length = int(head.split(b"content-length: ", 1)[1].split(b"\r\n", 1)[0])
            if len(self.written) < end + 4 + length:
                return
            del self.written[: end + 4 + length]
            self.answered.put_nowait(int(head.split(b" ", 2)[1]))

    def is_closing(self) -> bool:
        return self.closing

    def close(self) -> None:
        self.closing = True

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


async def through_uvicorn(app: Any, poll: str, tokens: list[str]) -> list[int]:
    """The votes as bytes through uvicorn's HTTP/1.1 protocol, 100 connections: statuses."""
    import uvicorn
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
    from uvicorn.server import ServerState

    config = uvicorn.Config(app, log_level="warning", access_log=False, http="httptools")
    config.load()
    state = ServerState()
    loop = asyncio.get_running_loop()

    async def connection(share: list[str]) -> list[int]:
        protocol = HttpToolsProtocol(config, state, {}, loop)
        transport = Transport()
        protocol.connection_made(transport)
        head = (
            f"POST /api/v1/polls/{poll}/votes HTTP/1.1\r\nHost: x\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(BODY)}\r\n"
        ).encode()
        statuses = []
        for token in share:
            protocol.data_received(
                head + b"Authorization: Bearer " + token.encode() + b"\r\n\r\n" + BODY
            )
            statuses.append(await transport.answered.get())
        protocol.connection_lost(None)
        return statuses

    shares = await asyncio.gather(*(connection(tokens[i::100]) for i in range(100)))
    return [status for share in shares for status in share]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 5000
    url = f"sqlite:///{tempfile.mkdtemp()}/b.sqlite3"
    poll, tokens, _ = prepare(url, count, secret=True)
    service = Smolny.open(url)
    app = served(service, ("5/20", "0"))  # bench/votes.py's: the hall votes from one address
    gc.collect()  # as `smolny serve` sets the collector
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)

    async def run() -> None:
        for token in tokens:  # every token known, as the phones' GET /me would make it
            service.accounts.who(token)
        profile = cProfile.Profile(time.thread_time) if "--profile" in sys.argv else None
        writer = service.writer
        cpu, thread, wall = time.process_time(), time.thread_time(), time.perf_counter()
        written = thread_cpu(writer)
        if profile:
            profile.enable()
        statuses: list[int] = []
        if "--uvicorn" in sys.argv:
            statuses = await through_uvicorn(app, poll, tokens)
        else:
            for i in range(0, count, 100):
                statuses += await asyncio.gather(*(vote(app, poll, t) for t in tokens[i : i + 100]))
        if profile:
            profile.disable()
        cpu, thread = time.process_time() - cpu, time.thread_time() - thread
        written = thread_cpu(writer) - written
        wall = time.perf_counter() - wall
        print(
            f"{count} secret votes: {statuses.count(201)} x 201; CPU a vote: process "
            f"{cpu * 1000 / count:.3f} ms, event loop thread {thread * 1000 / count:.3f} ms, "
            f"ballot writer {written * 1000 / count:.3f} ms; wall {wall:.2f} s"
        )
        if profile:
            order, rows = os.environ.get("SORT", "tottime"), int(os.environ.get("ROWS", "30"))
            pstats.Stats(profile).sort_stats(order).print_stats(rows)

    try:
        import uvloop  # as uvicorn runs `smolny serve` when it is installed
    except ImportError:
        asyncio.run(run())
    else:
        uvloop.run(run())
    service.close()


def thread_cpu(writer: Any) -> float:
    """CPU seconds so far of the ballot writer's thread (Linux; 0 elsewhere, and before its
    first ballot has started it)."""
    ident = writer._thread.native_id
    try:
        fields = Path(f"/proc/self/task/{ident}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, TypeError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    main()
