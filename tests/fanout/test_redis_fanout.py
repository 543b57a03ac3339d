"""Several processes on one PostgreSQL and one Redis: an act on one reaches the others' screens."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable

import pytest
import redis

from sample_congress import bring_to_vote
from smolny.adapters.fanout import RedisFanout
from smolny.domain import commands as c
from smolny.record.entry import Entry
from smolny.service.app import Principal, Smolny

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


def wait_for(predicate: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()


@pytest.fixture
def pair(postgres_url: str, redis_server: str):
    channel = "smolny:test:" + secrets.token_hex(4)  # tests running at once do not hear each other
    first, second = Smolny.open(postgres_url), Smolny.open(postgres_url)
    first.attach_fanout(RedisFanout(redis_server, channel))
    second.attach_fanout(RedisFanout(redis_server, channel))
    yield first, second
    first.close()
    second.close()


def test_an_act_on_one_process_reaches_the_others_screens_within_a_second(pair) -> None:
    first, second = pair
    seen: list[Entry] = []
    second.bus.subscribe(lambda entries: seen.extend(entries))
    time.sleep(0.2)  # both listeners subscribed
    entries = first.execute(c.CreateBody("congress", "Congress"))
    # pushed to the other process (within a second on a quiet machine, as bench/live.py
    # measures; the bound here holds on a loaded 2-core machine)
    assert wait_for(lambda: any(e.seq == entries[-1].seq for e in seen), 15.0)
    assert second.state.bodies["congress"].name == "Congress"
    assert [e.hash for e in seen] == [e.hash for e in entries]


def test_a_vote_on_one_process_for_a_poll_opened_on_another(pair) -> None:
    first, second = pair
    first.execute(c.CreateBody("congress", "Congress"))
    ids = [
        d["delegate"]
        for d in first.execute(
            c.RegisterDelegates("congress", (c.NewDelegate("A"), c.NewDelegate("B")))
        )[0].data["delegates"]
    ]
    session = first.execute(c.OpenSession("congress", "Sitting"))[0].data["session"]
    first.execute(c.RecordPresence(session, all_present=True))
    _, poll = bring_to_vote(first, session, ids[0], ids[1])
    # the second process votes at once, whether or not the announcement arrived yet
    _, future = second.ballots.cast_vote(poll, Principal(ids[0], "delegate", "A"), "yes")
    assert future.result().value == "accepted"
    _, future = first.ballots.cast_vote(poll, Principal(ids[0], "delegate", "A"), "no")
    assert future.result().value == "duplicate"
    result = second.ballots.close_poll(poll)[0].data
    assert result["box"]["ballots"] == 1
    assert wait_for(lambda: first.state.polls[poll].state == "closed", 1.0)


def test_screens_catch_up_from_the_journal_after_redis_comes_back(
    postgres_url: str, redis_server: str
) -> None:
    channel = "smolny:test:" + secrets.token_hex(4)
    first, second = Smolny.open(postgres_url), Smolny.open(postgres_url)
    second_fanout = RedisFanout(redis_server, channel)
    second.attach_fanout(second_fanout)
    try:
        time.sleep(0.2)
        # an act announced where the second process cannot hear it (as if Redis were down)
        first.execute(c.CreateBody("council", "Council"))
        assert "council" not in second.state.bodies
        # the listener's connection drops; at its reconnect it reads the journal
        client = redis.Redis.from_url(redis_server)
        for info in client.client_list():
            if info.get("cmd") in ("subscribe", "ping") or int(info.get("sub", 0)) > 0:
                client.client_kill_filter(_id=info["id"])
        assert wait_for(lambda: "council" in second.state.bodies, 10.0)
    finally:
        first.close()
        second.close()
