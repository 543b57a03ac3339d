"""The store on SQLite or PostgreSQL (SQLAlchemy Core): what smolny runs on.

A transaction is one database transaction; a writing one holds the journal's lock
(`database.write_transaction`: SQLite `BEGIN IMMEDIATE`, a PostgreSQL advisory lock).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from typing import IO, Any

try:
    import fcntl
except ImportError:  # not on POSIX: SQLite's own busy handler alone
    fcntl = None  # type: ignore[assignment]

from sqlalchemy import Connection, Engine, inspect
from sqlalchemy.exc import SQLAlchemyError

from smolny.adapters import boxes, journal, logins
from smolny.adapters.database import (
    migrate,
    open_engine,
    read_transaction,
    single_connection_engine,
    write_transaction,
)
from smolny.adapters.journal_watch import JournalWatch
from smolny.adapters.login_failures import SqlLoginFailures
from smolny.adapters.store import Account, Cast, CodeLogin, Item, Login
from smolny.adapters.webhooks import SqlWebhooks
from smolny.record.entry import Entry

log = logging.getLogger(__name__)


class SqlTransaction:
    """One database transaction, read or write (see `smolny.adapters.store.Transaction`)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def head(self) -> tuple[int, str]:
        return journal.head(self.conn)

    def lines(self, after: int = 0, limit: int | None = None) -> list[tuple[int, str]]:
        return journal.lines(self.conn, after, limit)

    def stream(self) -> Iterator[tuple[int, str]]:
        return journal.stream(self.conn)

    def stream_rows(self) -> Iterator[tuple[int, str, str, str, str]]:
        return journal.stream_rows(self.conn)

    def append(self, entries: Sequence[Entry]) -> None:
        journal.append(self.conn, entries)

    def open_box(self, poll: str) -> None:
        boxes.open_box(self.conn, poll)

    def shut_box(self, poll: str, secret: bool) -> list[tuple[str, str]]:
        return boxes.shut_box(self.conn, poll, secret)

    def ballots(self, poll: str) -> list[tuple[str, str]]:
        return boxes.ballots(self.conn, poll)

    def roll(self, poll: str) -> list[tuple[str, str | None]]:
        return boxes.roll_of(self.conn, poll)

    def voted(self, poll: str, secret: bool) -> int:
        return boxes.voted(self.conn, poll, secret)

    def cast_for(
        self, poll: str, voters: Collection[str], secret: bool, sealed: bool
    ) -> dict[str, str | None]:
        return boxes.cast_for(self.conn, poll, voters, secret, sealed)

    def boxes(self) -> list[tuple[str, bool]]:
        return boxes.all_boxes(self.conn)

    def restore_box(
        self,
        poll: str,
        named: Sequence[tuple[str, str, str]],
        secret: Sequence[tuple[str, str]],
        roll: Sequence[tuple[str, str | None]],
    ) -> None:
        boxes.restore_box(self.conn, poll, named, secret, roll)

    def add_account(self, account: Account) -> None:
        logins.add_account(self.conn, account)

    def account(self, ident: str) -> Account | None:
        return logins.account_by_id(self.conn, ident)

    def account_named(self, username: str) -> Account | None:
        return logins.account_named(self.conn, username)

    def set_password(self, ident: str, password_hash: str, must_change: bool) -> None:
        logins.set_password(self.conn, ident, password_hash, must_change)

    def replace_access_codes(self, codes: Mapping[str, str]) -> None:
        logins.replace_access_codes(self.conn, codes)

    def delegate_of_code(self, code_hash: str) -> str | None:
        return logins.delegate_of_code(self.conn, code_hash)

    def coded(self) -> set[str]:
        return logins.coded(self.conn)

    def add_login(self, login: Login) -> None:
        logins.add_login(self.conn, login)

    def login(self, token_hash: str) -> Login | None:
        return logins.login_of(self.conn, token_hash)

    def extend_login(self, token_hash: str, expires: int) -> None:
        logins.extend_login(self.conn, token_hash, expires)

    def end_login(self, token_hash: str) -> bool:
        return logins.end_login(self.conn, token_hash)

    def end_logins_of(self, principals: Collection[str]) -> None:
        logins.end_logins_of(self.conn, principals)


class SqlStore:
    """The store on a database engine (see `smolny.adapters.store.Store`)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.webhooks = SqlWebhooks(engine)
        self.login_failures = SqlLoginFailures(engine)
        self._turn_path = _turn_file(engine)
        self._turn_file: IO[bytes] | None = None
        self._turn_lock = threading.Lock()
        self._code_reader = logins.InlineCodeReader(engine)  # SQLite: logins read on the loop

    @classmethod
    def open(cls, url: str, pool_size: int = 8) -> SqlStore:
        """The store on the database at `url`, its schema brought up to date."""
        engine = open_engine(url, pool_size=pool_size)
        migrate(engine)
        return cls(engine)

    @contextlib.contextmanager
    def reading(self) -> Iterator[SqlTransaction]:
        with read_transaction(self.engine) as conn:
            yield SqlTransaction(conn)

    @contextlib.contextmanager
    def writing(self) -> Iterator[SqlTransaction]:
        with write_transaction(self.engine) as conn:
            yield SqlTransaction(conn)

    def cast(
        self,
        items: Sequence[Item],
        into: Callable[[Connection, Sequence[Item]], list[Any]] = boxes.cast,
    ) -> list[Cast]:
        """Put a batch of ballots into their boxes in one transaction (`into`: how, for
        the tests of the ballot writer)."""
        with self._turn(), write_transaction(self.engine) as conn:
            return into(conn, items)

    def add_logins(self, items: Sequence[Login]) -> list[None]:
        with self._turn(), write_transaction(self.engine) as conn:
            logins.add_logins(conn, items)
        return [None] * len(items)

    def code_login(
        self, code_hash: str, keys: Sequence[str], inline: bool = False
    ) -> CodeLogin | None:
        if inline:
            return self._code_reader.read(code_hash, keys)
        return logins.code_login(self.engine, code_hash, keys)

    @contextlib.contextmanager
    def _turn(self) -> Iterator[None]:
        # Several processes writing ballots to one SQLite file take turns on a lock file
        # first: one waiting there is woken the moment the other is done, where SQLite's
        # busy handler sleeps (1, 2, 5 ... 100 ms) and, against a writer that never
        # pauses, can miss its chance for a second or more. (One ballot writer thread per
        # store calls this.)
        # (the ballot writer and the login writer of one process take turns first: a
        # lock on a file is not held against another thread of the same process)
        with self._turn_lock:
            if self._turn_path is None:
                yield
                return
            if self._turn_file is None:
                self._turn_file = open(self._turn_path, "a+b")  # noqa: SIM115 (kept open)
            fcntl.flock(self._turn_file.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(self._turn_file.fileno(), fcntl.LOCK_UN)

    def wipe_pending(self) -> bool:
        try:
            with self.engine.connect() as conn:
                boxes.wipe_pending(conn.execution_options(isolation_level="AUTOCOMMIT"))
        except SQLAlchemyError:  # the box is sealed; the wipe is tried again at the next close
            log.exception("could not wipe the pending ballot tables")
            return False
        return True

    def journal_watch(self) -> JournalWatch:
        return JournalWatch(self.engine)

    @property
    def shareable(self) -> bool:
        url = self.engine.url
        return self.engine.dialect.name != "sqlite" or url.database not in (None, "", ":memory:")

    def close_files(self) -> None:
        """Close the ballots' lock file (the ballot writer has stopped)."""
        if self._turn_file is not None:
            self._turn_file.close()
            self._turn_file = None

    def close(self) -> None:
        self.close_files()
        self._code_reader.close()
        self.engine.dispose()


class NoJournal(Exception):
    """The database holds no journal: it is not a smolny database (or a new one)."""


@contextlib.contextmanager
def existing(url: str) -> Iterator[SqlTransaction]:
    """A read transaction on an existing database, neither migrated nor written to (one
    connection, released at the end); `NoJournal` if it has no journal table."""
    engine = single_connection_engine(url)
    try:
        with read_transaction(engine) as conn:
            if not inspect(conn).has_table("journal"):
                raise NoJournal(url)
            yield SqlTransaction(conn)
    finally:
        engine.dispose()


def _turn_file(engine: Engine) -> str | None:
    # The lock file beside an SQLite database file (where there is one, and flock)
    if fcntl is None or engine.dialect.name != "sqlite":
        return None
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return database + "-ballots.lock"
