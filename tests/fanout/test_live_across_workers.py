"""Screens connected to different workers all get an act made through another, within 1 s."""

from __future__ import annotations

import pytest

from hall_server import open_hall, verify
from live_client import Screen, in_order_once, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


def test_a_close_on_one_worker_reaches_screens_on_every_worker(
    postgres_url: str, redis_server: str, serve
) -> None:
    hall = open_hall(postgres_url, serve, "--redis", redis_server, size=10)
    screens = [Screen(hall.port, after=hall.opened_at) for _ in range(12)]
    try:
        assert all(s.connected.wait(30) for s in screens)
        served_by = {s.workers[0] for s in screens}
        assert len(served_by) == 2, served_by  # the kernel spread them over both workers
        for delegate in list(hall.tokens)[:5]:
            assert hall.vote(delegate) == 201
        closed = hall.close_poll()
        assert closed.status_code == 200, closed.text
        closer = closed.headers["x-smolny-worker"]
        assert closer in served_by
        # the screens served by the other worker too, within one second of the close
        assert wait_for(lambda: all(s.has("poll.closed") for s in screens), 1.0), [
            (s.workers, s.entries) for s in screens if not s.has("poll.closed")
        ]
        assert any(s.workers[0] != closer for s in screens)
        assert all(in_order_once(s, hall.opened_at) for s in screens)
    finally:
        for s in screens:
            s.close()
        hall.app.close()
    assert verify(hall.db).returncode == 0
