"""The same storage tests on SQLite and PostgreSQL: the journal, the boxes, migrations."""

from __future__ import annotations

import secrets
import threading

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import IntegrityError

from smolny.adapters import boxes, journal
from smolny.adapters.box_count import Register
from smolny.adapters.boxes import Ballot, Cast
from smolny.adapters.database import migrate, open_engine, read_transaction, write_transaction
from smolny.record.entry import GENESIS, make_entry


@pytest.fixture
def engine(database_url: str):
    engine = open_engine(database_url)
    migrate(engine)
    yield engine
    engine.dispose()


def entry(seq: int, prev: str):
    return make_entry(
        seq, "2026-11-22T10:00:00.000000Z", "body.created", "system", {"n": seq}, prev
    )


def test_migrations_create_the_schema_and_are_idempotent(engine) -> None:
    migrate(engine)  # a second run changes nothing
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    assert {"journal", "box", "ballot", "account", "access_code", "login"} <= tables
    assert {"roll", "roll_pending", "secret_ballot", "secret_pending"} <= tables
    assert {"webhook", "webhook_lease"} <= tables
    assert "login_failure" in tables
    assert version == "0004"


def test_entries_come_back_in_order_exactly_as_written(engine) -> None:
    first = entry(1, GENESIS)
    second = entry(2, first.hash)
    with write_transaction(engine) as conn:
        journal.append(conn, [first, second])
    with read_transaction(engine) as conn:
        assert journal.head(conn) == (2, second.hash)
        assert journal.lines(conn) == [(1, first.line()), (2, second.line())]
        assert list(journal.stream(conn, batch=1)) == [(1, first.line()), (2, second.line())]


def test_the_database_refuses_a_fork_of_the_chain(engine) -> None:
    first = entry(1, GENESIS)
    with write_transaction(engine) as conn:
        journal.append(conn, [first])
    rival = make_entry(1, "2026-11-22T10:00:01.000000Z", "body.created", "system", {}, GENESIS)
    with pytest.raises(IntegrityError), write_transaction(engine) as conn:
        journal.append(conn, [rival])
    sibling = make_entry(2, "2026-11-22T10:00:01.000000Z", "x.y", "system", {}, first.hash)
    with write_transaction(engine) as conn:
        journal.append(conn, [sibling])
    twin = make_entry(3, "2026-11-22T10:00:02.000000Z", "x.y", "system", {}, first.hash)
    with pytest.raises(IntegrityError), write_transaction(engine) as conn:
        journal.append(conn, [twin])  # a second entry claiming the same predecessor
    with read_transaction(engine) as conn:
        assert journal.count(conn) == 2


def test_a_failed_transaction_leaves_nothing_behind(engine) -> None:
    with pytest.raises(RuntimeError), write_transaction(engine) as conn:
        journal.append(conn, [entry(1, GENESIS)])
        boxes.open_box(conn, "p1")
        raise RuntimeError("the power fails")
    with read_transaction(engine) as conn:
        assert journal.count(conn) == 0
        assert conn.execute(text("SELECT count(*) FROM box")).scalar_one() == 0


def ballot(poll: str, voter: str, choice: str = "yes") -> Ballot:
    from smolny.record import canonical
    from smolny.record.ballotbox import ballot_hash

    body = {
        "v": 1,
        "poll": poll,
        "voter": voter,
        "choice": choice,
        "weight": 1,
        "nonce": secrets.token_hex(8),
    }
    return Ballot(poll, voter, ballot_hash(body), canonical.dumps(body))


REGISTER = Register({"d1": 1, "d2": 1, "d3": 1})


def tally_of(conn, poll: str):
    from smolny.adapters.box_count import read_box

    return read_box(poll, REGISTER, boxes.ballots(conn, poll))


def test_one_ballot_per_voter_even_within_one_batch(engine) -> None:
    with write_transaction(engine) as conn:
        boxes.open_box(conn, "p1")
    with write_transaction(engine) as conn:
        results = boxes.cast(
            conn, [ballot("p1", "d1"), ballot("p1", "d2"), ballot("p1", "d1", "no")]
        )
    assert results == [Cast.ACCEPTED, Cast.ACCEPTED, Cast.DUPLICATE]
    with read_transaction(engine) as conn:
        count = tally_of(conn, "p1")
    assert count.ballots == 2 and count.tally.heads["yes"] == 2


def test_one_ballot_per_voter_under_concurrent_transactions(engine) -> None:
    with write_transaction(engine) as conn:
        boxes.open_box(conn, "p1")
    results: list[Cast] = []
    errors: list[Exception] = []
    barrier = threading.Barrier(8)

    def vote(i: int) -> None:
        barrier.wait()
        try:
            with write_transaction(engine) as conn:
                results.extend(boxes.cast(conn, [ballot("p1", "d1", ("yes", "no")[i % 2])]))
        except Exception as exc:  # pragma: no cover - would fail the test below
            errors.append(exc)

    threads = [threading.Thread(target=vote, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(r.value for r in results) == ["accepted"] + ["duplicate"] * 7
    with read_transaction(engine) as conn:
        assert tally_of(conn, "p1").ballots == 1


def test_a_closed_box_takes_no_ballot(engine) -> None:
    with write_transaction(engine) as conn:
        boxes.open_box(conn, "p1")
    with write_transaction(engine) as conn:
        assert boxes.cast(conn, [ballot("p1", "d1")]) == [Cast.ACCEPTED]
    with write_transaction(engine) as conn:
        closed = boxes.close_box(conn, "p1", REGISTER)
    with write_transaction(engine) as conn:
        assert boxes.cast(conn, [ballot("p1", "d2"), ballot("p9", "d3")]) == [
            Cast.CLOSED,
            Cast.CLOSED,
        ]
    with read_transaction(engine) as conn:
        tally = tally_of(conn, "p1")
        assert (tally.ballots, tally.digest, tally.tally.heads) == (
            closed.ballots,
            closed.digest,
            closed.tally.heads,
        )
        assert conn.execute(select(text("count(*)")).select_from(text("ballot"))).scalar_one() == 1
