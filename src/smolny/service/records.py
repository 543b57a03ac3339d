"""A whole stored record, for the command line: read from a database without opening the
service on it (neither migrated nor written), and written back whole from an archive."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from smolny.adapters.sql_store import NoJournal, SqlStore, existing
from smolny.adapters.store import Transaction
from smolny.record import canonical
from smolny.record.entry import Entry
from smolny.service.storage import STORE_ERRORS, database_url


class Unreadable(Exception):
    """The database cannot be read as a record; the message says which and why."""


class HoldsRecord(Exception):
    """The database holds a record already: an archive is imported only into an empty one."""

    def __init__(self, entries: int) -> None:
        super().__init__(f"holds a record already ({entries} entries)")
        self.entries = entries


class StoredRecord:
    """A record as a database holds it: the journal's lines and the ballot boxes."""

    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def lines(self) -> Iterator[tuple[int, str]]:
        """Every (seq, canonical line) of the journal, in order."""
        return self._tx.stream()

    def rows(self) -> Iterator[tuple[int, str, str, str, str]]:
        """Every row of the journal as stored: (seq, hash, prev, kind, line), in order."""
        return self._tx.stream_rows()

    def boxes(self) -> list[tuple[str, bool]]:
        """Every ballot box: (poll, whether it is open)."""
        return self._tx.boxes()

    def ballots(self, poll: str) -> list[tuple[str, str]]:
        """(hash, canonical text) of every ballot in a closed poll's box, by hash."""
        return self._tx.ballots(poll)

    def roll(self, poll: str) -> list[tuple[str, str | None]]:
        """Who voted in a closed secret poll: (voter, proxy holder or None), by voter."""
        return self._tx.roll(poll)


@contextmanager
def reading(db: str) -> Iterator[StoredRecord]:
    """The record in the database at `db` (a path or URL), read in one transaction;
    `Unreadable` for a missing file, a database with no journal, or one that cannot be
    read."""
    url = database_url(db)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        raise Unreadable(f"{db}: no such database")
    try:
        with existing(url) as tx:
            yield StoredRecord(tx)
    except NoJournal:
        raise Unreadable(f"{db}: not a smolny database (no journal)") from None
    except STORE_ERRORS as exc:
        raise Unreadable(f"{db}: cannot read this database ({exc.__class__.__name__})") from None


def entries_held(db: str) -> int:
    """How many entries the database at `db` holds (0: none, or no such database yet);
    `Unreadable` if it cannot be read."""
    url = database_url(db)
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if not path.exists() or path.stat().st_size == 0:
            return 0
    try:
        with existing(url) as tx:
            return tx.head()[0]
    except NoJournal:
        return 0
    except STORE_ERRORS as exc:
        raise Unreadable(f"{db}: cannot read this database ({exc.__class__.__name__})") from None


class Box(Protocol):
    """A closed ballot box as an archive holds it."""

    ballots: Sequence[tuple[str, str]]
    roll: Sequence[tuple[str, str | None]]


def restore(db: str, entries: Sequence[Entry], boxes: Mapping[str, Box]) -> None:
    """Write a verified record (its journal and closed boxes) into the empty database at
    `db`, in one transaction; `HoldsRecord` if it holds one already (nothing written),
    `DatabaseError` if it cannot be opened."""
    store = SqlStore.open(database_url(db), pool_size=1)
    try:
        with store.writing() as tx:
            held = tx.head()[0]
            if held:
                raise HoldsRecord(held)
            tx.append(entries)
            for poll, box in boxes.items():
                named, secret = [], []
                for ballot_hash, text in box.ballots:
                    voter = canonical.loads(text).get("voter")
                    if isinstance(voter, str):
                        named.append((voter, ballot_hash, text))
                    else:
                        secret.append((ballot_hash, text))
                tx.restore_box(poll, named, secret, list(box.roll))
    finally:
        store.close()
