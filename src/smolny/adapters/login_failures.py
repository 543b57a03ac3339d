"""The counts of failed logins in the database (`login_failure`), shared by every serving
process (`smolny.service.lockout` decides what they mean).

Counting takes a lock of its own, never the journal's: SQLite's `BEGIN IMMEDIATE`, on
PostgreSQL a transaction-scoped advisory lock (`LOGIN_LOCK`), so that two processes
counting at once each see the other's failure.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, or_, select, text, update

from smolny.adapters.database import is_sqlite, read_transaction
from smolny.adapters.schema import login_failure
from smolny.adapters.store import Failures

LOGIN_LOCK = 0x736D6F6D  # PostgreSQL's advisory lock for counting failures (not the journal's)


def _failures(row: Any) -> Failures:
    return Failures(row.key, row.failures, row.last_at, row.locked_until)


def locked_until(conn: Connection, keys: Collection[str]) -> dict[str, float]:
    """Until when each of these keys that has a count must wait (0: it need not)."""
    rows = conn.execute(
        select(login_failure.c.key, login_failure.c.locked_until).where(
            login_failure.c.key.in_(list(keys))
        )
    )
    return {row.key: row.locked_until for row in rows}


class SqlLoginFailures:
    """The counts of failed logins in the database (see `smolny.adapters.store.LoginFailures`)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def _counting(self) -> Iterator[Connection]:
        # one counter at a time, in every process
        with self.engine.connect() as conn:
            conn = conn.execution_options(smolny_write=True)  # SQLite: BEGIN IMMEDIATE
            with conn.begin():
                if not is_sqlite(self.engine):
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOGIN_LOCK})
                yield conn

    def locked_until(self, keys: Collection[str]) -> dict[str, float]:
        with read_transaction(self.engine) as conn:
            return locked_until(conn, keys)

    def count(
        self, keys: Sequence[str], now: float, window: float, wait: Callable[[str, int], float]
    ) -> list[Failures]:
        counted: list[Failures] = []
        with self._counting() as conn:
            for key in keys:
                row = conn.execute(select(login_failure).where(login_failure.c.key == key)).first()
                failures = 1
                if row is not None and now - max(row.last_at, row.locked_until) <= window:
                    failures = row.failures + 1
                found = Failures(key, failures, now, wait(key, failures))
                values = {"failures": failures, "last_at": now, "locked_until": found.locked_until}
                if row is None:
                    conn.execute(insert(login_failure).values(key=key, **values))
                else:
                    conn.execute(
                        update(login_failure).where(login_failure.c.key == key).values(**values)
                    )
                counted.append(found)
            cutoff = now - window  # counts no one added to for a window, their waits over
            conn.execute(
                delete(login_failure).where(
                    login_failure.c.last_at < cutoff, login_failure.c.locked_until < cutoff
                )
            )
        return counted

    def clear(self, key: str) -> None:
        # a write only where there is a count: a hall logging in at once costs no write
        with read_transaction(self.engine) as conn:
            found = conn.execute(
                select(login_failure.c.key).where(login_failure.c.key == key)
            ).first()
        if found is not None:
            with self._counting() as conn:
                conn.execute(delete(login_failure).where(login_failure.c.key == key))

    def waiting(self, now: float) -> list[Failures]:
        with read_transaction(self.engine) as conn:
            rows = conn.execute(
                select(login_failure)
                .where(login_failure.c.locked_until > now)
                .order_by(login_failure.c.key)
            ).all()
        return [_failures(row) for row in rows]

    def lift(
        self,
        now: float,
        key: str | None = None,
        prefix: str | None = None,
        suffix: str | None = None,
    ) -> int:
        column = login_failure.c.key
        chosen: list[Any] = []
        if key is not None:
            chosen.append(column == key)
        if prefix:  # compared exactly (LIKE ignores case on SQLite)
            chosen.append(func.substr(column, 1, len(prefix)) == prefix)
        if suffix:
            chosen.append(func.substr(column, func.length(column) - len(suffix) + 1) == suffix)
        where = or_(*chosen) if chosen else column.is_not(None)
        with self._counting() as conn:
            lifted = len(
                conn.execute(select(column).where(where, login_failure.c.locked_until > now)).all()
            )
            conn.execute(delete(login_failure).where(where))
        return lifted
