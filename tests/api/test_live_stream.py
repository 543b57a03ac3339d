"""The live stream as `smolny serve` serves it (its short way, `LeanStream`, and the
ordinary FastAPI route): the record from where a screen left off, then live entries once
and in order; nothing left behind by a screen that leaves; little memory a screen."""

from __future__ import annotations

import socket
import threading
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import pytest
import uvicorn

from live_client import Screen, in_order_once, wait_for
from sample_congress import make_congress
from servers import free_port
from smolny.cli.serve import Edge
from smolny.domain import commands as c
from smolny.service.app import Smolny
from smolny.web.api import live
from smolny.web.app import create_app
from smolny.web.limits import Limits
from smolny.web.security import SecurityHeaders


@contextmanager
def served(app: Smolny, edge: bool = True) -> Iterator[int]:
    """`app` served on a thread with `smolny serve`'s layers (uvicorn's defaults: uvloop
    and httptools where installed, as in production); yields the port. Without `edge`,
    the connection's transport is not handed over (as under another server)."""
    port = free_port()
    layers = SecurityHeaders(Limits(create_app(app)))
    config = uvicorn.Config(
        Edge(layers) if edge else layers,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    assert wait_for(lambda: server.started, 15)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=15)


def open_stream(port: int, query: str = "", headers: str = "") -> tuple[socket.socket, bytes]:
    """A raw connection asking for the stream: (the socket, the answer's head)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=15)
    sock.sendall(f"GET /api/v1/stream{query} HTTP/1.1\r\nHost: x\r\n{headers}\r\n".encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(4096)
        assert chunk, head
        head += chunk
    return sock, head


def screens_held() -> int:
    return sum(len(hub.screens) for hub in list(live._hubs.values()))


def test_a_screen_gets_what_it_missed_then_live_entries_once_and_in_order(
    sqlite_url: str,
) -> None:
    app = Smolny.open(sqlite_url)
    congress = make_congress(app, size=4)
    first = app.state.seq - 3
    with served(app) as port:
        sock, head = open_stream(port, headers=f"Last-Event-ID: {first}\r\n")
        with sock:
            status, *lines = head.split(b"\r\n\r\n")[0].lower().split(b"\r\n")
            assert status == b"http/1.1 200 ok"
            assert b"content-type: text/event-stream; charset=utf-8" in lines
            assert b"cache-control: no-store" in lines
            assert any(line.startswith(b"content-security-policy: ") for line in lines)
            body = head.split(b"\r\n\r\n", 1)[1]
            while body.count(b"event: entry") < 3:
                body += sock.recv(65536)
            assert b"retry: 1000" in body and f"id: {first + 1}\n".encode() in body
        screen = Screen(port, after=first)
        try:
            assert screen.connected.wait(15)
            assert wait_for(lambda: len(screen.entries) == 3, 15)
            for n in range(6):  # live entries, and a cut in the middle of them
                app.execute(c.RegisterDelegates("congress", (c.NewDelegate(f"Late {n}", "f0"),)))
                if n == 2:
                    screen.cut()  # it reconnects with Last-Event-ID
            assert wait_for(lambda: len(screen.entries) == 9, 15), screen.entries
            assert screen.connections >= 2
            assert in_order_once(screen, first)
            assert screen.entries[-1][0] == app.state.seq
        finally:
            screen.close()
    app.close()
    assert congress["session"]


@pytest.mark.parametrize("edge", [True, False], ids=["transport", "receive"])
def test_screens_that_leave_leave_nothing_behind(sqlite_url: str, edge: bool) -> None:
    app = Smolny.open(sqlite_url)
    with served(app, edge) as port:
        short = [open_stream(port)[0] for _ in range(40)]
        # an unknown parameter: the ordinary way (FastAPI's route), the same stream
        ordinary = [open_stream(port, "?after=0&screen=projector")[0] for _ in range(10)]
        try:
            assert wait_for(lambda: screens_held() == 50, 15), screens_held()
            app.execute(c.CreateBody("council", "Council"))
            for sock in [short[0], ordinary[0]]:
                got = b""
                while b'"kind":"body.created"' not in got:
                    got += sock.recv(65536)
        finally:
            for sock in short + ordinary:
                sock.close()
        assert wait_for(lambda: not live._hubs, 15), screens_held()  # the hub stopped too
        _, bad = open_stream(port, "?after=x")  # what FastAPI refuses it still refuses
        assert bad.startswith(b"HTTP/1.1 422 ")
    app.close()


@pytest.mark.parametrize("count", [300])
def test_a_live_screen_holds_less_than_15_kb_of_the_servers_memory(
    sqlite_url: str, count: int
) -> None:
    # The bound for a hall of 10,000 screens on one worker, measured as the
    # Python heap the server holds a connection (bench/live.py measures the resident set)
    app = Smolny.open(sqlite_url)
    make_congress(app, size=4)
    socks: list[socket.socket] = []
    with served(app) as port:
        try:
            socks += [open_stream(port)[0] for _ in range(20)]  # the first ones' one-off costs
            tracemalloc.start()
            try:
                before = tracemalloc.take_snapshot()
                socks += [open_stream(port)[0] for _ in range(count)]
                assert wait_for(lambda: screens_held() == 20 + count, 15)
                after = tracemalloc.take_snapshot()
            finally:
                tracemalloc.stop()
            # the server's allocations, not this test's client sockets
            client = [tracemalloc.Filter(False, __file__), tracemalloc.Filter(False, "*/socket.py")]
            diff = after.filter_traces(client).compare_to(before.filter_traces(client), "lineno")
            per_screen = sum(stat.size_diff for stat in diff) / count
            assert per_screen < 15_000, [str(stat) for stat in diff[:15]]
        finally:
            for sock in socks:
                with suppress(OSError):
                    sock.close()
    app.close()
