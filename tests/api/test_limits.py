"""Flooding: limited per login and per address with 429, Retry-After and a problem
document, without slowing the others; a screen that reads nothing is dropped."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest

from hall_server import open_hall, verify
from live_client import Screen, in_order_once, wait_for
from smolny.adapters.fanout import RedisFanout
from smolny.domain import commands as c
from smolny.service.app import Smolny
from smolny.web.limits import Buckets, Rate


def test_a_bucket_refills_at_its_rate() -> None:
    now = [0.0]
    buckets = Buckets(Rate.parse("2/4"), clock=lambda: now[0])
    assert [buckets.take("a") for _ in range(4)] == [0.0] * 4
    assert buckets.take("a") == pytest.approx(0.5)  # the next token in half a second
    assert buckets.take("b") == 0.0  # another key has its own
    now[0] += 0.5
    assert buckets.take("a") == 0.0
    now[0] += 100
    buckets.take("c")  # the sweep forgets full buckets
    assert set(buckets._buckets) == {"c"}
    assert Rate.parse("0").off and Rate.parse("5") == Rate(5, 10)
    with pytest.raises(ValueError):
        Rate.parse("-1")


def test_a_flooding_delegate_is_refused_and_the_others_are_not_slowed(
    sqlite_url: str, serve
) -> None:
    hall = open_hall(sqlite_url, serve, "--rate-delegate", "2/5", size=6)
    flooder, *others = list(hall.tokens)
    statuses: list[int] = []
    refusal: list[httpx.Response] = []
    stop = threading.Event()

    def flood() -> None:
        with httpx.Client(base_url=hall.url, timeout=30) as client:
            while not stop.is_set():
                r = client.post(
                    f"/api/v1/polls/{hall.poll}/votes",
                    json={"choice": "yes"},
                    headers={"Authorization": f"Bearer {hall.tokens[flooder]}"},
                )
                statuses.append(r.status_code)
                if r.status_code == 429 and not refusal:
                    refusal.append(r)

    thread = threading.Thread(target=flood)
    thread.start()
    try:
        assert wait_for(lambda: statuses.count(429) >= 50, 30)
        for delegate in others:  # meanwhile, the others vote as usual, promptly
            started = time.monotonic()
            assert hall.vote(delegate) == 201
            assert time.monotonic() - started < 2.0
    finally:
        stop.set()
        thread.join()
    assert statuses[0] == 201 and set(statuses) <= {201, 409, 429}
    assert statuses.count(201) == 1  # the flood recorded nothing more
    [r] = refusal
    assert r.headers["content-type"].startswith("application/problem+json")
    assert int(r.headers["retry-after"]) >= 1
    assert r.json()["status"] == 429 and r.json()["rule"] == "rate-limit"
    closed = hall.close_poll()
    assert closed.json()["result"]["box"]["ballots"] == len(others) + 1
    hall.app.close()
    assert verify(hall.db).returncode == 0


def test_a_flooding_address_is_refused(sqlite_url: str, serve) -> None:
    Smolny.open(sqlite_url).close()
    server = serve(sqlite_url, "--rate-address", "5/10")
    with httpx.Client(base_url=server.url, timeout=30) as client:
        answers = [client.get("/api/v1/bodies") for _ in range(40)]
    statuses = [a.status_code for a in answers]
    assert statuses[:5] == [200] * 5 and 429 in statuses
    # (a refusal's own answer: on a loaded machine the bucket may refill between requests)
    r = next(a for a in answers if a.status_code == 429)
    assert r.headers["retry-after"] == "1"
    time.sleep(1.2)
    with httpx.Client(base_url=server.url, timeout=30) as client:
        assert client.get("/api/v1/bodies").status_code == 200  # refilled


@pytest.mark.postgres
@pytest.mark.redis
def test_a_screen_that_reads_nothing_is_dropped(
    postgres_url: str, redis_server: str, serve
) -> None:
    hall = open_hall(postgres_url, serve, "--redis", redis_server, size=4)
    hall.app.attach_fanout(RedisFanout(redis_server))
    reading = Screen(hall.port, after=hall.opened_at)
    stalled = socket.socket()
    stalled.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    stalled.connect(("127.0.0.1", hall.port))
    stalled.sendall(b"GET /api/v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    try:
        assert reading.connected.wait(30)
        time.sleep(0.5)
        # entries of ~60 kB each, far more than the stalled screen's buffers hold
        for n in range(150):
            names = tuple(c.NewDelegate(f"Delegate {n}-{i} " + "x" * 150) for i in range(300))
            hall.app.execute(c.RegisterDelegates("congress", names))
        last = hall.app.state.seq
        # the one that reads has everything, in order, once
        assert wait_for(lambda: bool(reading.entries) and reading.entries[-1][0] == last, 60)
        assert in_order_once(reading, hall.opened_at)
        # the one that read nothing was cut off: its data ends (a reset or the end)
        stalled.settimeout(10)
        received = 0
        with pytest.raises((ConnectionResetError, EOFError)):
            while True:
                chunk = stalled.recv(1 << 20)
                if not chunk:
                    raise EOFError
                received += len(chunk)
        assert received < 150 * 60_000 / 2  # it never got the bulk of it
    finally:
        stalled.close()
        reading.close()
        hall.app.close()
