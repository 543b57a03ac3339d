"""A worker killed outright (SIGKILL) while the delegates vote: no acknowledged vote is
lost, screens reconnect and catch up, and the record verifies."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from hall_server import alive, open_hall, verify, workers_of
from live_client import Screen, in_order_once, wait_for

pytestmark = [pytest.mark.faults, pytest.mark.postgres, pytest.mark.redis]


def test_a_worker_killed_during_a_poll(postgres_url: str, redis_server: str, serve) -> None:
    hall = open_hall(postgres_url, serve, "--redis", redis_server, size=40)
    screens = [Screen(hall.port, after=hall.opened_at) for _ in range(8)]
    try:
        assert all(s.connected.wait(30) for s in screens)
        [victim, _] = workers = workers_of(hall.server.process.pid)
        assert {s.workers[0] for s in screens} == {str(w) for w in workers}
        delegates = list(hall.tokens)
        first: dict[str, int | None] = {}
        half = threading.Event()

        def voter(share: list[str]) -> None:
            for delegate in share:
                first[delegate] = hall.vote(delegate)
                if len(first) >= len(delegates) // 2:
                    half.set()

        threads = [threading.Thread(target=voter, args=(delegates[i::4],)) for i in range(4)]
        for thread in threads:
            thread.start()
        assert half.wait(60)
        os.kill(victim, signal.SIGKILL)  # in the middle of the votes
        for thread in threads:
            thread.join()
        assert wait_for(lambda: not alive(victim), 10)
        acknowledged = [d for d, status in first.items() if status == 201]
        # a vote without an answer (its connection broke with the worker) is cast again:
        # 201 if it had not been written, 409 if it had; never a second ballot
        for delegate, status in first.items():
            if status != 201:
                assert status is None or status >= 500, status
                assert wait_for(lambda d=delegate: hall.vote(d) in (201, 409), 30, step=0.5)
        # the supervisor has started another worker
        assert wait_for(
            lambda: len([w for w in workers_of(hall.server.process.pid) if alive(w)]) == 2, 20
        )
        closed = hall.close_poll()
        assert closed.status_code == 200, closed.text
        result = closed.json()["result"]
        assert result["box"]["ballots"] == len(delegates)  # every acknowledged vote, once
        assert len(acknowledged) >= len(delegates) // 2 - 4
        # the screens of the killed worker reconnected and caught up; all have the close
        assert wait_for(lambda: all(s.has("poll.closed") for s in screens), 15)
        assert all(in_order_once(s, hall.opened_at) for s in screens)
        assert any(s.connections >= 2 for s in screens)
    finally:
        for s in screens:
            s.close()
        hall.app.close()
    checked = verify(hall.db)
    assert checked.returncode == 0, checked.stdout + checked.stderr
