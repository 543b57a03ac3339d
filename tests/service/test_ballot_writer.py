"""The ballot writer outlives any one voter: a request given up does not stop the others."""

from __future__ import annotations

import asyncio
import functools
import threading
import time

from sample_congress import bring_to_vote, make_congress
from smolny.adapters.sql_store import SqlStore
from smolny.service.app import Principal, Smolny
from smolny.service.ballot_writer import BallotWriter


def test_a_cancelled_vote_does_not_stop_the_writer(sqlite_service: Smolny) -> None:
    congress = make_congress(sqlite_service, size=4)
    ids = congress["delegates"]
    _, poll = bring_to_vote(sqlite_service, congress["session"], ids[0], ids[1])
    futures = [
        sqlite_service.ballots.cast_vote(poll, Principal(d, "delegate", d), "yes")[1] for d in ids
    ]
    futures[0].cancel()  # the client gave up before the batch was written
    for future in futures[1:]:
        assert future.result(timeout=10).value == "accepted"
    _, later = sqlite_service.ballots.cast_vote(poll, Principal(ids[0], "delegate", ids[0]), "no")
    assert later.result(timeout=10).value in ("accepted", "duplicate")


def _writer(sqlite_service: Smolny, cast) -> BallotWriter:  # type: ignore[no-untyped-def]
    return BallotWriter(functools.partial(SqlStore(sqlite_service.engine).cast, into=cast))


def test_items_are_opaque_and_a_batch_is_cast_at_once(sqlite_service: Smolny) -> None:
    batches: list[list[object]] = []
    gate = threading.Event()

    def cast(conn, items):  # type: ignore[no-untyped-def]
        gate.wait(10)  # hold the first batch, so that the rest queue up behind it
        batches.append(list(items))
        return [f"done {item}" for item in items]

    writer = _writer(sqlite_service, cast)
    futures = [writer.submit(("any", "item", i)) for i in range(20)]
    gate.set()
    assert [f.result(timeout=10) for f in futures] == [
        f"done {('any', 'item', i)}" for i in range(20)
    ]
    assert sum(len(b) for b in batches) == 20 and len(batches) < 20
    writer.stop()


def test_on_an_event_loop_a_vote_is_answered_on_that_loop(sqlite_service: Smolny) -> None:
    def cast(conn, items):  # type: ignore[no-untyped-def]
        if "bad" in items:
            raise RuntimeError("the database is away")
        return [item.upper() for item in items]

    writer = _writer(sqlite_service, cast)

    async def vote() -> tuple[list[str], str, bool]:
        futures = [writer.submit(f"v{i}") for i in range(50)]
        assert all(isinstance(f, asyncio.Future) for f in futures)
        given_up = writer.submit("gone")
        given_up.cancel()  # the client left; the writer goes on
        answers = await asyncio.gather(*(asyncio.wrap_future(f) for f in futures))
        try:
            await writer.submit("bad")
        except RuntimeError as exc:
            failed = str(exc)
        return list(answers), failed, given_up.cancelled()

    answers, failed, cancelled = asyncio.run(vote())
    assert answers == [f"V{i}" for i in range(50)]
    assert failed == "the database is away" and cancelled
    assert writer.submit("after").result(timeout=10) == "AFTER"  # off the loop: a thread's future
    writer.stop()


def test_processes_writing_to_one_sqlite_file_take_turns(sqlite_url: str) -> None:
    # Two writers as two processes would have them: each its own engine and lock file handle.
    from smolny.adapters.database import migrate, open_engine

    engines = [open_engine(sqlite_url) for _ in range(2)]
    migrate(engines[0])
    inside: list[str] = []
    release = threading.Event()
    entered = threading.Event()

    def casting(name: str):  # type: ignore[no-untyped-def]
        def cast(conn, items):  # type: ignore[no-untyped-def]
            inside.append(name)
            if name == "first":
                entered.set()
                release.wait(10)
            return [(name, time.monotonic()) for _ in items]

        return cast

    first = BallotWriter(functools.partial(SqlStore(engines[0]).cast, into=casting("first")))
    second = BallotWriter(functools.partial(SqlStore(engines[1]).cast, into=casting("second")))
    held = first.submit("a")
    assert entered.wait(10)
    waiting = second.submit("b")
    time.sleep(1.0)  # SQLite's busy handler would be sleeping 100 ms at a time by now
    assert inside == ["first"] and not waiting.done()  # the second waits for its turn
    released = time.monotonic()
    release.set()
    assert held.result(timeout=10)[0] == "first"
    name, at = waiting.result(timeout=10)
    assert name == "second" and at - released < 0.03  # woken at once, not after a sleep
    for writer in (first, second):
        writer.stop()
    for engine in engines:
        engine.dispose()
