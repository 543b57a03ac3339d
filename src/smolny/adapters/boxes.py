"""Ballot boxes: casting into them in batches, and opening them at the close."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from smolny.adapters.schema import ballot, box
from smolny.domain.commands import BoxCount
from smolny.record.audit import read_box


class Cast(enum.Enum):
    """What became of one ballot put into a box."""

    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"
    CLOSED = "closed"


@dataclass(frozen=True)
class Ballot:
    """A ballot ready for the box: its canonical text and that text's hash."""

    poll: str
    voter: str
    hash: str
    body: str


def open_box(conn: Connection, poll: str) -> None:
    """Make an empty, open box for `poll`."""
    conn.execute(insert(box).values(poll=poll, is_open=True))


def cast(conn: Connection, ballots: Sequence[Ballot]) -> list[Cast]:
    """Put ballots into their boxes in the caller's transaction; one result per ballot.

    A ballot for a closed box, or a second ballot by the same voter, is not written.
    On PostgreSQL the box rows are share-locked, so a close waits for this transaction.
    """
    polls = sorted({b.poll for b in ballots})
    query = select(box.c.poll, box.c.is_open).where(box.c.poll.in_(polls))
    if conn.dialect.name == "postgresql":
        query = query.with_for_update(read=True)
    open_polls = {row.poll for row in conn.execute(query) if row.is_open}
    wanted = [b for b in ballots if b.poll in open_polls]
    if wanted:
        make_insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
        # One statement for the whole batch; the primary key keeps out a second ballot.
        conn.execute(
            make_insert(ballot).on_conflict_do_nothing(index_elements=["poll", "voter"]),
            [{"poll": b.poll, "voter": b.voter, "hash": b.hash, "body": b.body} for b in wanted],
        )
    # A ballot went in exactly when the box now holds it under its voter.
    stored: dict[tuple[str, str], str] = {}
    for poll in {b.poll for b in wanted}:
        voters = [b.voter for b in wanted if b.poll == poll]
        rows = conn.execute(
            select(ballot.c.voter, ballot.c.hash).where(
                ballot.c.poll == poll, ballot.c.voter.in_(voters)
            )
        )
        stored.update(((poll, row.voter), row.hash) for row in rows)
    results: list[Cast] = []
    for item in ballots:
        if item.poll not in open_polls:
            results.append(Cast.CLOSED)
        elif stored.get((item.poll, item.voter)) == item.hash:
            results.append(Cast.ACCEPTED)
        else:
            results.append(Cast.DUPLICATE)
    return results


def shut_box(conn: Connection, poll: str) -> list[tuple[str, str]]:
    """Shut `poll`'s box without counting it; returns what it holds."""
    conn.execute(update(box).where(box.c.poll == poll).values(is_open=False))
    return ballots(conn, poll)


def close_box(conn: Connection, poll: str, register: Mapping[str, int]) -> BoxCount:
    """Close `poll`'s box and count it against its register; BoxError if it was tampered with."""
    conn.execute(update(box).where(box.c.poll == poll).values(is_open=False))
    tally = read_box(poll, register, ballots(conn, poll))
    return BoxCount(tally.ballots, tally.digest, tally.heads, tally.weights)


def ballots(conn: Connection, poll: str) -> list[tuple[str, str]]:
    """(hash, canonical text) of every ballot in `poll`'s box, ordered by hash."""
    rows = conn.execute(
        select(ballot.c.hash, ballot.c.body).where(ballot.c.poll == poll).order_by(ballot.c.hash)
    )
    return [(row.hash, row.body) for row in rows]
