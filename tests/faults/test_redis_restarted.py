"""Redis restarted during a session: what was done while it was away reaches every
screen once it is back (the workers read the journal on reconnecting), in order, once,
and the record verifies. Redis is never the record."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import redis

from hall_server import open_hall, verify
from live_client import Screen, in_order_once, wait_for
from smolny.adapters.fanout import RedisFanout

pytestmark = [pytest.mark.faults, pytest.mark.postgres, pytest.mark.redis]

START = [
    "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379",
    "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis",
    "--logfile", "/var/log/redis/ci.log",
]  # fmt: skip


def redis_answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def test_redis_restarted_during_a_session(postgres_url: str, redis_server: str, serve) -> None:
    if not redis_server.startswith("redis://127.0.0.1:6379") or not shutil.which("redis-server"):
        pytest.skip("Redis is not the local server on port 6379 that this test may restart")
    hall = open_hall(postgres_url, serve, "--redis", redis_server, size=10)
    hall.app.attach_fanout(RedisFanout(redis_server))
    screens = [Screen(hall.port, after=hall.opened_at) for _ in range(8)]
    try:
        assert all(s.connected.wait(30) for s in screens)
        assert len({s.workers[0] for s in screens}) == 2
        delegates = list(hall.tokens)
        for delegate in delegates:
            assert hall.vote(delegate) == 201
        try:
            subprocess.run(["redis-cli", "shutdown", "nosave"], capture_output=True, timeout=30)
            assert wait_for(lambda: not redis_answers(redis_server), 10)
            # while Redis is away: the poll closes through one worker (its own screens
            # hear at once; the other's do not, yet)
            closed = hall.close_poll()
            assert closed.status_code == 200, closed.text
        finally:
            subprocess.run(START, capture_output=True, timeout=30)
            assert wait_for(lambda: redis_answers(redis_server), 30, step=0.2)
        # the other worker reconnects within seconds and reads the journal
        assert wait_for(lambda: all(s.has("poll.closed") for s in screens), 20), [
            (s.workers, s.entries) for s in screens
        ]
        assert all(in_order_once(s, hall.opened_at) for s in screens)
        assert closed.json()["result"]["box"]["ballots"] == len(delegates)
    finally:
        for s in screens:
            s.close()
        hall.app.close()
        if not redis_answers(redis_server):
            subprocess.run(START, capture_output=True, timeout=30)
    checked = verify(hall.db)
    assert checked.returncode == 0, checked.stdout + checked.stderr
