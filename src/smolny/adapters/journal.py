"""The journal table: appending entries after the head, and reading them back in order."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import Connection, func, insert, select

from smolny.adapters.schema import journal
from smolny.record.entry import GENESIS, Entry


def head(conn: Connection) -> tuple[int, str]:
    """The last entry's seq and hash, or (0, GENESIS) for an empty journal."""
    row = conn.execute(
        select(journal.c.seq, journal.c.hash).order_by(journal.c.seq.desc()).limit(1)
    ).first()
    return (row.seq, row.hash) if row else (0, GENESIS)


def append(conn: Connection, entries: Sequence[Entry]) -> None:
    """Insert entries (already chained after the head) in the caller's transaction."""
    if entries:
        conn.execute(
            insert(journal),
            [
                {"seq": e.seq, "hash": e.hash, "prev": e.prev, "kind": e.kind, "line": e.line()}
                for e in entries
            ],
        )


def lines(conn: Connection, after: int = 0, limit: int | None = None) -> list[tuple[int, str]]:
    """(seq, line) of the entries after `after`, in order."""
    query = (
        select(journal.c.seq, journal.c.line).where(journal.c.seq > after).order_by(journal.c.seq)
    )
    if limit is not None:
        query = query.limit(limit)
    return [(row.seq, row.line) for row in conn.execute(query)]


def stream(conn: Connection, batch: int = 5000) -> Iterator[tuple[int, str]]:
    """Every (seq, line) in order, read in batches so a long journal needs little memory."""
    after = 0
    while True:
        rows = lines(conn, after, batch)
        if not rows:
            return
        yield from rows
        after = rows[-1][0]


def stream_rows(conn: Connection, batch: int = 5000) -> Iterator[tuple[int, str, str, str, str]]:
    """Every row as stored, (seq, hash, prev, kind, line), in order of seq: for a verifier
    that checks the columns against the line."""
    after = 0
    while True:
        query = (
            select(journal.c.seq, journal.c.hash, journal.c.prev, journal.c.kind, journal.c.line)
            .where(journal.c.seq > after)
            .order_by(journal.c.seq)
            .limit(batch)
        )
        rows = [(r.seq, r.hash, r.prev, r.kind, r.line) for r in conn.execute(query)]
        if not rows:
            return
        yield from rows
        after = rows[-1][0]


def count(conn: Connection) -> int:
    """How many entries the journal holds."""
    return int(conn.execute(select(func.count()).select_from(journal)).scalar_one())
