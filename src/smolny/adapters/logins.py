"""The tables of staff accounts, delegates' access codes and logins (secrets only hashed)."""

from __future__ import annotations

import os
import threading
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    cast,
    delete,
    insert,
    null,
    select,
    union_all,
    update,
)

from smolny.adapters.database import is_sqlite, read_transaction, sqlite_reader
from smolny.adapters.schema import access_code, account, login, login_failure
from smolny.adapters.store import Account, CodeLogin, Login


def add_account(conn: Connection, found: Account) -> None:
    """Store a new account."""
    conn.execute(
        insert(account).values(
            id=found.id,
            username=found.username,
            password_hash=found.password_hash,
            must_change=found.must_change,
        )
    )


def _account(row: object) -> Account:
    return Account(row.id, row.username, row.password_hash, row.must_change)  # type: ignore[attr-defined]


def account_by_id(conn: Connection, ident: str) -> Account | None:
    """The account with this id."""
    row = conn.execute(select(account).where(account.c.id == ident)).first()
    return _account(row) if row is not None else None


def account_named(conn: Connection, username: str) -> Account | None:
    """The account with this user name."""
    row = conn.execute(select(account).where(account.c.username == username)).first()
    return _account(row) if row is not None else None


def set_password(conn: Connection, ident: str, password_hash: str, must_change: bool) -> None:
    """Replace an account's password hash."""
    conn.execute(
        update(account)
        .where(account.c.id == ident)
        .values(password_hash=password_hash, must_change=must_change)
    )


def replace_access_codes(conn: Connection, codes: Mapping[str, str]) -> None:
    """Give each delegate named (delegate -> code hash) that code, in place of their old one."""
    conn.execute(delete(access_code).where(access_code.c.delegate.in_(list(codes))))
    if codes:
        conn.execute(
            insert(access_code),
            [{"code_hash": digest, "delegate": d} for d, digest in codes.items()],
        )


def delegate_of_code(conn: Connection, code_hash: str) -> str | None:
    """The delegate whose access code has this hash."""
    row = conn.execute(
        select(access_code.c.delegate).where(access_code.c.code_hash == code_hash)
    ).first()
    return row.delegate if row is not None else None


# the rows of `login_failure` for some keys, then the delegate of a code (its key NULL)
CODE_LOGIN = union_all(
    select(
        login_failure.c.key,
        login_failure.c.locked_until,
        cast(null(), access_code.c.delegate.type).label("delegate"),
    ).where(login_failure.c.key.in_(bindparam("keys", expanding=True))),
    select(
        cast(null(), login_failure.c.key.type),
        cast(null(), login_failure.c.locked_until.type),
        access_code.c.delegate,
    ).where(access_code.c.code_hash == bindparam("code")),
)


def code_login(engine: Engine, code_hash: str, keys: Sequence[str]) -> CodeLogin:
    """The delegate whose access code has this hash, and until when each of `keys` must
    wait (those with a count), in one statement: one read transaction (on PostgreSQL
    without BEGIN and COMMIT, one round trip)."""
    params = {"keys": list(keys), "code": code_hash}
    if is_sqlite(engine):
        with read_transaction(engine) as conn:
            rows = conn.execute(CODE_LOGIN, params).all()
    else:
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT")
            rows = conn.execute(CODE_LOGIN, params).all()
    return _found((key, delegate if key is None else until) for key, until, delegate in rows)


def _found(rows: Iterable[tuple[str | None, Any]]) -> CodeLogin:
    # (delegate of the code, key -> until when it waits) of rows (key, until), the
    # delegate's row with no key
    ident: str | None = None
    waits: dict[str, float] = {}
    for key, value in rows:
        if key is None:
            ident = value
        else:
            waits[key] = value
    return ident, waits


class InlineCodeReader:
    """The same read on SQLite made at once where it is asked (the event loop): one
    statement on a connection kept for it, no pool, no thread. It never waits: None when
    the file is busy, or another thread is reading (ask `code_login` on a worker thread).

    One statement is one read transaction: the rows of `login_failure` for the keys, then
    the delegate of the code as a row whose key is NULL.
    """

    SQL = (
        "SELECT key, locked_until FROM login_failure WHERE key IN ({marks}) "
        "UNION ALL SELECT NULL, delegate FROM access_code WHERE code_hash = ?"
    )

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._connection: Any | None = None
        self._pid = 0  # the process the connection was opened in (never used across a fork)
        self._lock = threading.Lock()
        self._sql: dict[int, str] = {}
        self.works = engine.dialect.name == "sqlite"

    def read(self, code_hash: str, keys: Sequence[str]) -> CodeLogin | None:
        if not self.works or not self._lock.acquire(blocking=False):
            return None
        try:
            connection = self._connection
            if connection is None or self._pid != os.getpid():
                connection = self._connection = sqlite_reader(self.engine)
                self._pid = os.getpid()
                if connection is None:
                    self.works = False
                    return None
            sql = self._sql.get(len(keys))
            if sql is None:
                sql = self._sql[len(keys)] = self.SQL.format(marks=", ".join("?" * len(keys)))
            rows = connection.execute(sql, (*keys, code_hash)).fetchall()
        except self.engine.dialect.loaded_dbapi.Error:
            return None  # busy (or the file is not what it was): the ordinary way
        finally:
            self._lock.release()
        return _found(rows)

    def close(self) -> None:
        with self._lock:
            if self._connection is not None and self._pid == os.getpid():
                self._connection.close()
            self._connection = None
            self.works = False


def coded(conn: Connection) -> set[str]:
    """The delegates who hold an access code."""
    return {row[0] for row in conn.execute(select(access_code.c.delegate))}


def add_login(conn: Connection, found: Login) -> None:
    """Store a new login."""
    conn.execute(
        insert(login).values(
            token_hash=found.token_hash,
            principal=found.principal,
            role=found.role,
            expires=found.expires,
        )
    )


def add_logins(conn: Connection, found: Sequence[Login]) -> None:
    """Store new logins (one statement for a batch)."""
    conn.execute(
        insert(login),
        [
            {
                "token_hash": each.token_hash,
                "principal": each.principal,
                "role": each.role,
                "expires": each.expires,
            }
            for each in found
        ],
    )


def login_of(conn: Connection, token_hash: str) -> Login | None:
    """The login whose token has this hash."""
    row = conn.execute(select(login).where(login.c.token_hash == token_hash)).first()
    if row is None:
        return None
    return Login(row.token_hash, row.principal, row.role, row.expires)


def extend_login(conn: Connection, token_hash: str, expires: int) -> None:
    """Move a login's end."""
    conn.execute(update(login).where(login.c.token_hash == token_hash).values(expires=expires))


def end_login(conn: Connection, token_hash: str) -> bool:
    """End one login; False if there was none."""
    return bool(conn.execute(delete(login).where(login.c.token_hash == token_hash)).rowcount)


def end_logins_of(conn: Connection, principals: Collection[str]) -> None:
    """End every login of these accounts or delegates."""
    conn.execute(delete(login).where(login.c.principal.in_(list(principals))))
