"""The tables of staff accounts, delegates' access codes and logins (secrets only hashed)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from sqlalchemy import Connection, delete, insert, select, update

from smolny.adapters.schema import access_code, account, login
from smolny.adapters.store import Account, Login


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
