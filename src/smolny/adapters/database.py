"""Opening the database: an embedded SQLite file by default, PostgreSQL when named.

SQLite runs in WAL mode with `synchronous=FULL`, so a commit that returned is on
disk; write transactions start with `BEGIN IMMEDIATE`, so that two writers queue
for the lock instead of failing halfway. PostgreSQL serialises journal appends with
a transaction-scoped advisory lock.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.pool import NullPool

MIGRATIONS = Path(__file__).with_name("migrations")
JOURNAL_LOCK = 0x736D6F6C  # "smol": the advisory lock that orders journal appends
STORE_ERRORS: tuple[type[Exception], ...] = (SQLAlchemyError,)  # a statement failed: not written
# the database refused the connection or a statement (its message says why)
REFUSED: tuple[type[Exception], ...] = (OperationalError,)
# the database is restarting or cannot be reached: nothing was written, try again shortly
UNAVAILABLE: tuple[type[Exception], ...] = (OperationalError, InterfaceError)


class DatabaseError(Exception):
    """The database cannot be opened or used; the message says which and why."""


def database_url(db: str | os.PathLike[str] | None) -> str:
    """The SQLAlchemy URL for `--db PATH` (a file), a URL, or SMOLNY_DATABASE_URL."""
    if db is None:
        db = os.environ.get("SMOLNY_DATABASE_URL") or "smolny.sqlite3"
    db = str(db)
    if "://" not in db:
        return f"sqlite:///{Path(db).resolve()}"
    if db.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + db.split("://", 1)[1]
    return db


def is_sqlite(engine: Engine) -> bool:
    """True when `engine` is on SQLite."""
    return engine.dialect.name == "sqlite"


def open_engine(
    url: str, *, pool_size: int = 8, connect_args: dict[str, Any] | None = None
) -> Engine:
    """An engine for `url`, set up for smolny's durability and locking rules."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(f"not a database URL: {url!r}") from None
    if parsed.get_backend_name() == "sqlite":
        path = parsed.database
        if path and path != ":memory:" and not Path(path).parent.is_dir():
            raise DatabaseError(f"no such directory for the database: {Path(path).parent}")
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30, **(connect_args or {})},
            pool_size=pool_size,
            max_overflow=pool_size,
            # Statements' parameters (who voted, a ballot's hash, a login's token hash) are
            # never written to a log or into an error's message, whatever logging is on.
            hide_parameters=True,
        )
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(
            url,
            pool_size=pool_size,
            max_overflow=pool_size,
            pool_pre_ping=True,
            connect_args=connect_args or {},
            hide_parameters=True,  # as for SQLite
        )
    raise DatabaseError(
        f"unsupported database {parsed.get_backend_name()!r}: use SQLite or PostgreSQL"
    )


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Take transactions into our own hands (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA secure_delete=ON")  # a deleted row leaves zeros, not its bytes
    cursor.close()


def sqlite_reader(engine: Engine) -> Any | None:
    """A connection of its own to `engine`'s SQLite file, for point reads made at once
    where they are asked (no pool, no explicit BEGIN: a statement is its own read
    transaction) and never waiting: busy, a statement fails at once (`sqlite3.Error`).
    None on PostgreSQL, or for a database in memory (another connection would not see it)."""
    if not is_sqlite(engine) or engine.url.database in (None, "", ":memory:"):
        return None
    args, params = engine.dialect.create_connect_args(engine.url)
    if "mode=memory" in str(args[0] if args else params.get("database", "")):
        return None
    params = {**params, "check_same_thread": False, "timeout": 0}
    connection = engine.dialect.loaded_dbapi.connect(*args, **params)
    _sqlite_connect(connection, None)
    connection.execute("PRAGMA busy_timeout=0")  # busy: the caller asks a worker thread
    return connection


def _sqlite_begin(conn: Connection) -> None:
    mode = "IMMEDIATE" if conn.get_execution_options().get("smolny_write") else "DEFERRED"
    conn.exec_driver_sql(f"BEGIN {mode}")


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that may append to the journal: exclusive among writers, committed on exit."""
    with engine.connect() as conn:
        conn = conn.execution_options(smolny_write=True)
        with conn.begin():
            if not is_sqlite(engine):
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": JOURNAL_LOCK})
            yield conn


@contextmanager
def read_transaction(engine: Engine) -> Iterator[Connection]:
    """A read-only transaction: a consistent view, no locks held against writers."""
    with engine.connect() as conn, conn.begin():
        yield conn


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for smolny's migrations, on `connection` if given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema up to date (idempotent)."""
    with engine.connect() as conn:
        if not is_sqlite(engine):
            # two processes starting at once must not both create the tables
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": JOURNAL_LOCK + 1})
            conn.commit()
        try:
            command.upgrade(alembic_config(conn), "head")
            conn.commit()
        finally:
            if not is_sqlite(engine):
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": JOURNAL_LOCK + 1})
                conn.commit()


def single_connection_engine(url: str) -> Engine:
    """An engine with no pool, for short command-line reads."""
    return create_engine(url, poolclass=NullPool)
