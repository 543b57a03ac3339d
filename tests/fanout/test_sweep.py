"""An act whose announcement never came (its process had no Redis, or Redis lost it)
still reaches the other processes: they read the journal after a few quiet seconds."""

from __future__ import annotations

import secrets

import pytest

from live_client import wait_for
from smolny.adapters.fanout import SWEEP_SECONDS, RedisFanout
from smolny.domain import commands as c
from smolny.service.app import Smolny

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


def test_an_unannounced_act_is_read_from_the_journal(postgres_url: str, redis_server: str) -> None:
    silent, listening = Smolny.open(postgres_url), Smolny.open(postgres_url)
    listening.attach_fanout(RedisFanout(redis_server, "smolny:test:" + secrets.token_hex(4)))
    try:
        silent.execute(c.CreateBody("congress", "Congress"))  # announced nowhere
        assert wait_for(lambda: "congress" in listening.state.bodies, SWEEP_SECONDS + 5)
    finally:
        silent.close()
        listening.close()
