"""Ballot boxes: casting into them in batches, sealing and opening them at the close.

A named poll's box is the `ballot` table, one row per voter. A secret poll's box is
two tables that share no key (see `schema`): the roll, who has voted, and the
ballots, what was voted; both pending while the poll is open and sealed at its close.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from smolny.adapters.box_count import Register, read_box
from smolny.adapters.schema import (
    ballot,
    box,
    roll,
    roll_pending,
    secret_ballot,
    secret_pending,
)

# the store's ballots and outcomes, by the names they had here
from smolny.adapters.store import Ballot as Ballot
from smolny.adapters.store import Cast as Cast
from smolny.adapters.store import Item as Item
from smolny.adapters.store import SecretBallot as SecretBallot
from smolny.domain.commands import BoxCount
from smolny.record.ballotbox import publish_secret_box

log = logging.getLogger(__name__)


def open_box(conn: Connection, poll: str) -> None:
    """Make an empty, open box for `poll`."""
    conn.execute(insert(box).values(poll=poll, is_open=True))


def _insert(conn: Connection) -> Any:
    return pg_insert if conn.dialect.name == "postgresql" else sqlite_insert


def cast(conn: Connection, items: Sequence[Item]) -> list[Cast]:
    """Put ballots into their boxes in the caller's transaction; one result per ballot.

    A ballot for a closed box, or a second ballot by the same voter (unless it is a
    change), is not written. On PostgreSQL the box rows are share-locked, so a close
    waits for this transaction.
    """
    polls = sorted({b.poll for b in items})
    if conn.dialect.name == "sqlite":  # (the write lock is held: nobody closes it meanwhile)
        marks = ", ".join("?" * len(polls))
        rows = _driver(conn, f"SELECT poll, is_open FROM box WHERE poll IN ({marks})", polls)
        open_polls = {poll for poll, is_open in rows if is_open}
    else:
        query = select(box.c.poll, box.c.is_open).where(box.c.poll.in_(polls))
        query = query.with_for_update(read=True)
        open_polls = {row.poll for row in conn.execute(query) if row.is_open}
    results: dict[int, Cast] = {
        i: Cast.CLOSED for i, item in enumerate(items) if item.poll not in open_polls
    }
    wanted = [(i, item) for i, item in enumerate(items) if i not in results]
    named = [(i, b) for i, b in wanted if isinstance(b, Ballot)]
    secret = [(i, b) for i, b in wanted if isinstance(b, SecretBallot)]
    if named:
        results.update(_cast_named(conn, named))
    if secret:
        results.update(_cast_secret(conn, secret))
    return [results[i] for i in range(len(items))]


def _cast_named(conn: Connection, items: list[tuple[int, Ballot]]) -> dict[int, Cast]:
    results: dict[int, Cast] = {}
    firsts = [(i, b) for i, b in items if not b.change]
    if firsts:
        # One statement for the whole batch; the primary key keeps out a second ballot.
        conn.execute(
            _insert(conn)(ballot).on_conflict_do_nothing(index_elements=["poll", "voter"]),
            [{"poll": b.poll, "voter": b.voter, "hash": b.hash, "body": b.body} for _, b in firsts],
        )
        # A ballot went in exactly when the box now holds it under its voter.
        stored: dict[tuple[str, str], str] = {}
        for poll in {b.poll for _, b in firsts}:
            voters = [b.voter for _, b in firsts if b.poll == poll]
            rows = conn.execute(
                select(ballot.c.voter, ballot.c.hash).where(
                    ballot.c.poll == poll, ballot.c.voter.in_(voters)
                )
            )
            stored.update(((poll, row.voter), row.hash) for row in rows)
        for i, b in firsts:
            ok = stored.get((b.poll, b.voter)) == b.hash
            results[i] = Cast.ACCEPTED if ok else Cast.DUPLICATE
    for i, b in items:  # changes, one at a time, in the order they came
        if not b.change:
            continue
        held = conn.execute(
            select(ballot.c.voter).where(ballot.c.poll == b.poll, ballot.c.voter == b.voter)
        ).first()
        # one statement, so that two processes changing the same vote cannot collide
        conn.execute(
            _insert(conn)(ballot)
            .values(poll=b.poll, voter=b.voter, hash=b.hash, body=b.body)
            .on_conflict_do_update(
                index_elements=["poll", "voter"], set_={"hash": b.hash, "body": b.body}
            )
        )
        results[i] = Cast.CHANGED if held is not None else Cast.ACCEPTED
    return results


def _cast_secret(conn: Connection, items: list[tuple[int, SecretBallot]]) -> dict[int, Cast]:
    results: dict[int, Cast] = {}
    firsts = [(i, b) for i, b in items if b.replaces is None]
    if firsts:
        # The roll first, in voter order: who gets on it now is who voted now.
        rows = sorted({(b.poll, b.voter): b.cast_by for _, b in reversed(firsts)}.items())
        new = _onto_roll(conn, rows)
        accepted: list[SecretBallot] = []
        for i, b in firsts:
            if (b.poll, b.voter) in new:
                new.discard((b.poll, b.voter))  # a second ballot in the same batch is refused
                accepted.append(b)
                results[i] = Cast.ACCEPTED
            else:
                results[i] = Cast.DUPLICATE
        if accepted:
            # The ballots in hash order: nothing of the order in which they came is kept.
            pending = [
                (b.poll, b.hash, b.body, b.change_key)
                for b in sorted(accepted, key=lambda b: b.hash)
            ]
            if conn.dialect.name == "sqlite":
                _driver_many(conn, _PENDING_INSERT, pending)
            else:
                conn.execute(
                    insert(secret_pending),
                    [
                        dict(zip(("poll", "hash", "body", "change_key"), p, strict=True))
                        for p in pending
                    ],
                )
    for i, b in items:
        if b.replaces is None:
            continue
        on_roll = conn.execute(
            select(roll_pending.c.voter).where(
                roll_pending.c.poll == b.poll, roll_pending.c.voter == b.voter
            )
        ).first()
        gone = 0
        if on_roll is not None:
            gone = conn.execute(
                delete(secret_pending).where(
                    secret_pending.c.poll == b.poll, secret_pending.c.change_key == b.replaces
                )
            ).rowcount
        if not gone:
            results[i] = Cast.UNKNOWN_BALLOT
            continue
        conn.execute(
            insert(secret_pending).values(
                poll=b.poll, hash=b.hash, body=b.body, change_key=b.change_key
            )
        )
        results[i] = Cast.CHANGED
    return results


_PENDING_INSERT = "INSERT INTO secret_pending (poll, hash, body, change_key) VALUES (?, ?, ?, ?)"
_ROLL_INSERT = "INSERT INTO roll_pending (poll, voter, cast_by) VALUES (?, ?, ?)"


def _onto_roll(
    conn: Connection, rows: list[tuple[tuple[str, str], str | None]]
) -> set[tuple[str, str]]:
    # Put voters ((poll, voter), cast by) on the pending roll; those who were not on it
    # already, as (poll, voter).
    if conn.dialect.name != "sqlite":
        inserted = conn.execute(
            _insert(conn)(roll_pending)
            .on_conflict_do_nothing(index_elements=["poll", "voter"])
            .returning(roll_pending.c.poll, roll_pending.c.voter),
            [{"poll": p, "voter": v, "cast_by": by} for (p, v), by in rows],
        )
        return {(row.poll, row.voter) for row in inserted}
    # SQLite: this transaction holds the write lock, so who is on the roll now is who is
    # on it when the new ones go in; the statements are the driver's own, with no
    # compiling of expressions (a few microseconds a ballot, in a congress's vote).
    held: set[tuple[str, str]] = set()
    for poll in {p for (p, _), _ in rows}:
        voters = [v for (p, v), _ in rows if p == poll]
        for start in range(0, len(voters), 500):  # (SQLite's limit of parameters)
            chunk = voters[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            found = _driver(
                conn,
                f"SELECT voter FROM roll_pending WHERE poll = ? AND voter IN ({marks})",
                [poll, *chunk],
            )
            held.update((poll, voter) for (voter,) in found)
    new = [(p, v, by) for (p, v), by in rows if (p, v) not in held]
    _driver_many(conn, _ROLL_INSERT, new)
    return {(p, v) for p, v, _ in new}


def _driver(conn: Connection, sql: str, parameters: Sequence[Any]) -> list[Any]:
    # One statement of the driver's own, on the connection's transaction: its rows.
    return list(conn.exec_driver_sql(sql, tuple(parameters)))


def _driver_many(conn: Connection, sql: str, rows: list[tuple[Any, ...]]) -> None:
    # One statement of the driver's own for many rows, on the connection's transaction.
    if rows:
        conn.exec_driver_sql(sql, rows)


def voted(conn: Connection, poll: str, secret: bool) -> int:
    """How many have voted in `poll` so far."""
    table = roll_pending if secret else ballot
    return int(conn.execute(select(func.count()).where(table.c.poll == poll)).scalar_one())


def _seal(conn: Connection, poll: str) -> list[tuple[str, str]]:
    # Move a secret poll's roll and ballots out of the pending tables, each in key order,
    # without the change keys: the sealed box holds what was voted and nothing else. The
    # rows are copied by the database itself (INSERT ... SELECT ... ORDER BY), so that
    # sealing a congress's box costs two statements, not a round trip a ballot. A weighted
    # box is published in units of its weights' divisor (record.ballotbox), so that no
    # ballot's weight names its voter: its ballots are then split here, in hash order.
    # Returns the sealed ballots, (hash, text) by hash, as the box now holds them.
    pending = _fetched(
        conn, "SELECT hash, body FROM secret_pending WHERE poll = ? ORDER BY hash", poll
    )
    published = publish_secret_box(pending)
    if published == pending:  # (rows of one hash in one poll: one each, so in order)
        conn.execute(
            insert(secret_ballot).from_select(
                ["poll", "hash", "body"],
                select(secret_pending.c.poll, secret_pending.c.hash, secret_pending.c.body)
                .where(secret_pending.c.poll == poll)
                .order_by(secret_pending.c.hash),
            )
        )
    else:
        conn.execute(
            insert(secret_ballot),
            [{"poll": poll, "hash": h, "body": text} for h, text in published],
        )
    conn.execute(
        insert(roll).from_select(
            ["poll", "voter", "cast_by"],
            select(roll_pending.c.poll, roll_pending.c.voter, roll_pending.c.cast_by)
            .where(roll_pending.c.poll == poll)
            .order_by(roll_pending.c.voter),
        )
    )
    conn.execute(delete(secret_pending).where(secret_pending.c.poll == poll))
    conn.execute(delete(roll_pending).where(roll_pending.c.poll == poll))
    return published


def shut_box(conn: Connection, poll: str, secret: bool = False) -> list[tuple[str, str]]:
    """Shut `poll`'s box without counting it (sealing a secret one); returns what it holds."""
    conn.execute(update(box).where(box.c.poll == poll).values(is_open=False))
    if not secret:
        return ballots(conn, poll)
    # What is sealed is not read back: the box holds it as this transaction copied it. What
    # was there before the seal (nothing, in an honest box) is read, for the count to refuse.
    strays = ballots(conn, poll)
    sealed = _seal(conn, poll)
    return sorted(strays + sealed) if strays else sealed


def close_box(conn: Connection, poll: str, register: Register, secret: bool = False) -> BoxCount:
    """Close `poll`'s box and count it against its register; BoxError if it was tampered with."""
    held = shut_box(conn, poll, secret)
    tally = read_box(poll, register, held, roll_of(conn, poll) if secret else None)
    return BoxCount(tally.ballots, tally.digest, tally.tally, tally.roll)


def ballots(conn: Connection, poll: str) -> list[tuple[str, str]]:
    """(hash, canonical text) of every ballot in `poll`'s box, ordered by hash."""
    found = []
    for table in (ballot.name, secret_ballot.name):
        found += _fetched(
            conn, f"SELECT hash, body FROM {table} WHERE poll = ? ORDER BY hash", poll
        )
    return sorted(found)


def _fetched(conn: Connection, sql: str, poll: str) -> list[Any]:
    # The rows of a query of one poll (its one parameter, `?`), as the driver gives them:
    # plain tuples, in the connection's transaction. No row object is made a row, which
    # for a congress's box (10,000 rows, read at its close) saves a few milliseconds.
    if conn.dialect.name != "sqlite":
        sql = sql.replace("?", "%s")  # (psycopg's parameter style)
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql, (poll,))
        return [tuple(row) for row in cursor.fetchall()]
    finally:
        cursor.close()


def roll_of(conn: Connection, poll: str) -> list[tuple[str, str | None]]:
    """Who voted in a sealed secret poll: (voter, proxy holder or None), by voter."""
    return _fetched(conn, "SELECT voter, cast_by FROM roll WHERE poll = ? ORDER BY voter", poll)


def cast_for(
    conn: Connection, poll: str, voters: Collection[str], secret: bool, sealed: bool
) -> dict[str, str | None]:
    """Which of `voters` have a ballot in `poll`'s box: voter -> the ballot's text (None in
    a secret poll, whose roll holds no ballot)."""
    if secret:
        table = roll if sealed else roll_pending
        rows = conn.execute(
            select(table.c.voter).where(table.c.poll == poll, table.c.voter.in_(voters))
        )
        return {row.voter: None for row in rows}
    rows = conn.execute(
        select(ballot.c.voter, ballot.c.body).where(
            ballot.c.poll == poll, ballot.c.voter.in_(voters)
        )
    )
    return {row.voter: row.body for row in rows}


def all_boxes(conn: Connection) -> list[tuple[str, bool]]:
    """Every box: (poll, whether it is open)."""
    return [(row.poll, row.is_open) for row in conn.execute(select(box.c.poll, box.c.is_open))]


def restore_box(
    conn: Connection,
    poll: str,
    named: Sequence[tuple[str, str, str]],
    secret: Sequence[tuple[str, str]],
    voters: Sequence[tuple[str, str | None]],
) -> None:
    """Put back a closed box read from an archive: named ballots (voter, hash, text),
    sealed secret ones (hash, text) and the roll (voter, proxy holder or None)."""
    conn.execute(insert(box).values(poll=poll, is_open=False))
    rows: list[tuple[Any, list[dict[str, Any]]]] = [
        (ballot, [{"poll": poll, "voter": v, "hash": h, "body": b} for v, h, b in named]),
        (secret_ballot, [{"poll": poll, "hash": h, "body": b} for h, b in secret]),
        (roll, [{"poll": poll, "voter": v, "cast_by": by} for v, by in voters]),
    ]
    for table, values in rows:
        if values:
            conn.execute(insert(table), values)


def wipe_pending(conn: Connection) -> None:
    """Leave no trace of sealed ballots' order in the pending tables' storage.

    Called outside any transaction after a secret poll is sealed. SQLite connections run
    with secure_delete (deleted rows are overwritten with zeros); here its WAL, which
    still holds the pages as they were written, is checkpointed and truncated (waiting,
    as the busy timeout allows, for readers that began before the seal).
    PostgreSQL's pending tables are rewritten (VACUUM FULL), leaving no dead rows. The
    rewrite would keep every deleted row that a transaction begun before the seal can
    still see, in its place and with the id of the transaction that cast it, so it waits
    a few seconds at most for such transactions to end.
    """
    if conn.dialect.name == "postgresql":
        if not _outlive_older_transactions(conn):
            log.warning(
                "a transaction older than the close of a secret poll is still open: the rows"
                " of the poll it can still see stay in the pending tables, in the order they"
                " were cast, until they are wiped again at the next secret poll's close"
            )
        conn.execute(text("VACUUM FULL roll_pending, secret_pending"))
    else:
        busy, left, _ = conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)")).one()
        if busy or left > 0:
            log.warning(
                "the WAL could not be truncated (a reader is still open): it holds the order"
                " of a secret poll's votes until it is truncated at the next secret poll's close"
            )


def _outlive_older_transactions(conn: Connection, seconds: float = 5.0) -> bool:
    # Wait until no other session of this database has a transaction, or a snapshot, older
    # than the next transaction id as it is now (so none begun before the seal committed);
    # False if one is still there after `seconds`.
    next_xid = conn.execute(text("SELECT pg_snapshot_xmax(pg_current_snapshot())::text")).scalar()
    older = text(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        " AND greatest(age(backend_xmin), age(backend_xid)) > age(CAST(:xid AS xid))"
    )
    xid = str(int(str(next_xid)) % 2**32)
    deadline = time.monotonic() + seconds
    while conn.execute(older, {"xid": xid}).scalar_one():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True
