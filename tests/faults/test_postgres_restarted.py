"""PostgreSQL stopped and started again during a session: while it is down, acts and
votes are answered 503 with Retry-After and a problem document, nothing is half
written; after, the same processes carry on, and the record verifies."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from hall_server import open_hall, verify
from live_client import Screen, in_order_once, wait_for

pytestmark = [pytest.mark.faults, pytest.mark.postgres, pytest.mark.redis]


def pg_ctl(action: str) -> None:
    versions = sorted(p.name for p in Path("/etc/postgresql").iterdir())
    if not versions:
        pytest.skip("no local PostgreSQL cluster to restart")
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", action]
    if action == "stop":
        command += ["-m", "fast"]
    subprocess.run(command, check=True, capture_output=True, timeout=60)


def pg_answers() -> bool:
    return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], timeout=10).returncode == 0


def test_postgres_restarted_during_a_session(postgres_url: str, redis_server: str, serve) -> None:
    if not Path("/etc/postgresql").is_dir():
        pytest.skip("PostgreSQL is not a local cluster here")
    hall = open_hall(postgres_url, serve, "--redis", redis_server, size=20)
    delegates = list(hall.tokens)
    screens = [Screen(hall.port, after=hall.opened_at) for _ in range(4)]
    try:
        assert all(s.connected.wait(30) for s in screens)
        for delegate in delegates[:10]:
            assert hall.vote(delegate) == 201
        hall.app.close()  # the test's own connections: it reads only after the restart
        try:
            pg_ctl("stop")
            down = hall.vote(delegates[10])
            import httpx

            with httpx.Client(base_url=hall.url, timeout=30) as client:
                r = client.post(
                    f"/api/v1/polls/{hall.poll}/votes",
                    json={"choice": "no"},
                    headers={"Authorization": f"Bearer {hall.tokens[delegates[11]]}"},
                )
                close = client.post(
                    f"/api/v1/polls/{hall.poll}/close",
                    headers={"Authorization": f"Bearer {hall.chair}"},
                )
        finally:
            pg_ctl("start")
            assert wait_for(pg_answers, 60, step=0.5)
        assert down == 503
        for answer in (r, close):
            assert answer.status_code == 503, answer.text
            assert answer.headers["retry-after"].isdecimal()
            assert answer.headers["content-type"].startswith("application/problem+json")
            assert answer.json()["status"] == 503
        # recovery: the same workers answer again once the database is back
        assert wait_for(lambda: hall.vote(delegates[10]) in (201, 409), 60, step=0.5)
        for delegate in delegates[11:]:
            assert wait_for(lambda d=delegate: hall.vote(d) in (201, 409), 30, step=0.5)
        closed = hall.close_poll()
        assert closed.status_code == 200, closed.text
        assert closed.json()["result"]["box"]["ballots"] == len(
            delegates
        )  # nothing lost, none twice
        assert wait_for(lambda: all(s.has("poll.closed") for s in screens), 15), [
            (s.workers, s.connections, s.entries) for s in screens
        ]
        assert all(in_order_once(s, hall.opened_at) for s in screens)
    finally:
        for s in screens:
            s.close()
        if not pg_answers():
            pg_ctl("start")
    checked = verify(hall.db)
    assert checked.returncode == 0, checked.stdout + checked.stderr
