"""How long logins last, and how failed logins slow a guesser without locking out the owner.

Failed logins are counted per client address and account (or first group of a typed
access code), and per client address alone, in the database, so that every serving
process counts the same and a lifted lockout is lifted everywhere. Once a pair has failed
`failures_per_target` times (an address `failures_per_address` times), it must wait
before trying again: `DELAY_BASE_SECONDS`, doubled at each further failure, at most
`lockout_seconds`. While it waits its logins are refused (429 with `Retry-After`), a
right password included, so that guessing gains nothing; but the same account from
another address (its owner) logs in as ever. Failures are forgotten after a window
without any. A lockout of an account (and of an address altogether) is an entry in the
record, as is its lifting by an administrator (`smolny admin unlock`, the API).
"""

from __future__ import annotations

import ipaddress
import math
import os
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, or_, select, text, update

from smolny.adapters import credentials as creds
from smolny.adapters.database import is_sqlite
from smolny.adapters.schema import login_failure
from smolny.domain.errors import Refusal
from smolny.domain.logins import LiftLockout, RecordLockout

DELAY_BASE_SECONDS = 2  # the first wait, doubled at each failure after it
LOGIN_LOCK = 0x736D6F6D  # PostgreSQL's advisory lock for counting failures (not the journal's)


@dataclass(frozen=True)
class LoginPolicy:
    """How long a login lasts and when failed logins lock out (all in seconds)."""

    absolute_seconds: int = 12 * 3600  # a login ends this long after it began, in use or not
    idle_seconds: int = 2 * 3600  # and ends when unused for between half this and this
    failures_per_target: int = 5  # wrong logins for one account or code prefix from an address
    failures_per_address: int = 50  # ... or from one address (a hall's Wi-Fi is one address)
    window_seconds: int = 15 * 60  # ... forgotten after this long without a failure
    lockout_seconds: int = 15 * 60  # the longest wait (the waits grow: 2, 4, 8 ... seconds)

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] = os.environ) -> LoginPolicy:
        """The policy with any SMOLNY_LOGIN_* variables set in `environ` (whole numbers > 0)."""
        names = {
            "absolute_seconds": "SMOLNY_LOGIN_SECONDS",
            "idle_seconds": "SMOLNY_LOGIN_IDLE_SECONDS",
            "failures_per_target": "SMOLNY_LOGIN_FAILURES",
            "failures_per_address": "SMOLNY_LOGIN_FAILURES_PER_ADDRESS",
            "window_seconds": "SMOLNY_LOGIN_WINDOW_SECONDS",
            "lockout_seconds": "SMOLNY_LOGIN_LOCKOUT_SECONDS",
        }
        values: dict[str, int] = {}
        for field, name in names.items():
            raw = environ.get(name)
            if raw is None or raw.strip() == "":
                continue
            if not raw.strip().isdecimal() or int(raw) < 1:
                raise ValueError(f"{name} must be a whole number above 0, not {raw!r}")
            values[field] = int(raw)
        return cls(**values)


class LockedOut(Refusal):
    """Too many failed logins from this address or for this account: wait, or ask an
    administrator to lift the lockout."""

    status = 429

    def __init__(self, retry_after: int, what: str) -> None:
        super().__init__(
            "login-locked",
            f"too many failed logins {what}: try again in {retry_after} seconds, "
            "or ask an administrator to lift the lockout",
        )
        self.retry_after = retry_after


def target_of(username: str | None, access_code: str | None) -> str:
    """What a login attempt is aimed at: "account:NAME", or "code:XXXX" (the first
    group of the code as typed, normalised; the rest stays unknown to the counter)."""
    if username is not None:
        return "account:" + username.strip().casefold()[:64]
    code = creds.normalise_access_code(access_code or "")
    return "code:" + code[: creds.CODE_GROUP_LENGTH]


class LoginGuard:
    """Counts failed logins in the database and refuses attempts while they must wait."""

    def __init__(
        self,
        policy: LoginPolicy | None = None,
        engine: Engine | None = None,
        record: Callable[..., Any] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.policy = policy or LoginPolicy()
        self.engine = engine
        self.record = record  # runs a domain command (the record's lockout entries)
        self.clock = clock

    @contextmanager
    def _counting(self) -> Iterator[Connection]:
        # one writer at a time (SQLite BEGIN IMMEDIATE; on PostgreSQL a lock of its own,
        # so that counting never waits on the journal)
        assert self.engine is not None
        with self.engine.connect() as conn:
            conn = conn.execution_options(smolny_write=True)
            with conn.begin():
                if not is_sqlite(self.engine):
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOGIN_LOCK})
                yield conn

    def _keys(self, address: str, target: str) -> list[tuple[str, int, str]]:
        # (key, limit, what it is called in a refusal)
        what = "for this account" if target.startswith("account:") else "with this access code"
        return [
            (f"address:{address}", self.policy.failures_per_address, "from your address"),
            (f"{target}@{address}", self.policy.failures_per_target, what + " from your address"),
        ]

    def check(self, address: str, target: str) -> None:
        """Refuse (`LockedOut`, 429) while the address, or the account from this address,
        must wait."""
        now = self.clock()
        keys = self._keys(address, target)
        with self.engine.connect() as conn:  # type: ignore[union-attr]
            rows = {
                row.key: row.locked_until
                for row in conn.execute(
                    select(login_failure.c.key, login_failure.c.locked_until).where(
                        login_failure.c.key.in_([k for k, _, _ in keys])
                    )
                )
            }
        waits = [(rows.get(key, 0.0), what) for key, _, what in keys]
        until, what = max(waits, key=lambda wait: wait[0])  # the longer wait, when both
        if until > now:
            raise LockedOut(max(1, math.ceil(until - now)), what)

    def failed(self, address: str, target: str) -> None:
        """Count a failed login; make the address, or the account from it, wait at its
        limit. The first lockout of an account (one that exists: the record refuses
        others) or of an address in a window is recorded."""
        now = self.clock()
        policy = self.policy
        locked: list[RecordLockout] = []
        with self._counting() as conn:
            for key, limit, _ in self._keys(address, target):
                row = conn.execute(select(login_failure).where(login_failure.c.key == key)).first()
                failures = 1
                if row is not None and now - max(row.last_at, row.locked_until) <= (
                    policy.window_seconds
                ):
                    failures = row.failures + 1
                until = 0.0
                if failures >= limit:
                    wait = min(
                        policy.lockout_seconds, DELAY_BASE_SECONDS * 2 ** min(failures - limit, 30)
                    )
                    until = now + wait
                values = {"failures": failures, "last_at": now, "locked_until": until}
                if row is None:
                    conn.execute(insert(login_failure).values(key=key, **values))
                else:
                    conn.execute(
                        update(login_failure).where(login_failure.c.key == key).values(**values)
                    )
                is_account = key.startswith("account:")
                if failures == limit and (key.startswith("address:") or is_account):
                    locked.append(
                        RecordLockout(
                            scope="account" if is_account else "address",
                            network=network_of(address),
                            failures=failures,
                            until=_stamp(until),
                            account=target.removeprefix("account:") if is_account else None,
                        )
                    )
            self._forget_stale(conn, now)
        for command in locked:
            self._record(command)

    def succeeded(self, address: str, target: str) -> None:
        """A right login: the account's count from this address starts again (a write only
        where there was a count: a hall logging in at once costs no write)."""
        key = f"{target}@{address}"
        with self.engine.connect() as conn:  # type: ignore[union-attr]
            found = conn.execute(
                select(login_failure.c.key).where(login_failure.c.key == key)
            ).first()
        if found is not None:
            with self._counting() as conn:
                conn.execute(delete(login_failure).where(login_failure.c.key == key))

    def _forget_stale(self, conn: Connection, now: float) -> None:
        # failures no one has added to for a window, their lockouts over, are forgotten
        cutoff = now - self.policy.window_seconds
        conn.execute(
            delete(login_failure).where(
                login_failure.c.last_at < cutoff, login_failure.c.locked_until < cutoff
            )
        )

    def _record(self, command: Any, by: Any = None) -> None:
        if self.record is None:
            return
        try:
            if by is None:
                self.record(command)
            else:
                self.record(command, by)
        except Refusal:  # a lockout of a user name no account has: nothing to record
            pass

    def lockouts(self) -> list[dict[str, object]]:
        """The lockouts in force: key ("address:A", "account:NAME@A", "code:XXXX@A"),
        failures and seconds left."""
        now = self.clock()
        with self.engine.connect() as conn:  # type: ignore[union-attr]
            rows = conn.execute(
                select(login_failure)
                .where(login_failure.c.locked_until > now)
                .order_by(login_failure.c.key)
            ).all()
        return [
            {
                "key": row.key,
                "failures": row.failures,
                "seconds_left": math.ceil(row.locked_until - now),
            }
            for row in rows
        ]

    def lift(self, key: str | None = None, by: Any = None) -> int:
        """Lift lockouts, with their counts: one by its key; "account:NAME" (or
        "code:XXXX") from every address; "address:A" with every account from it; or all
        of them (no key). Returns how many were in force; the lifting is recorded."""
        now = self.clock()
        column = login_failure.c.key
        if key is None:
            chosen: Any = column.is_not(None)
        elif key.startswith("address:"):
            address = key.removeprefix("address:")
            chosen = or_(column == key, column.like("%@" + _like(address), escape="\\"))
        elif "@" in key:
            chosen = column == key
        else:
            chosen = or_(column == key, column.like(_like(key) + "@%", escape="\\"))
        with self._counting() as conn:
            lifted = len(
                conn.execute(select(column).where(chosen, login_failure.c.locked_until > now)).all()
            )
            conn.execute(delete(login_failure).where(chosen))
        account = network = None
        if key is not None:
            name, _, at = key.partition("@")
            if name.startswith("account:"):
                account = name.removeprefix("account:")
            if name.startswith("address:"):
                network = network_of(name.removeprefix("address:"))
            elif at:
                network = network_of(at)
        self._record(LiftLockout(lifted=lifted, account=account, network=network), by)
        return lifted


def _like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def network_of(address: str) -> str:
    """The network an address belongs to, as the public record names it: an IPv4 /24 or
    an IPv6 /48 (the address itself is the administrator's, not the public's)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def _stamp(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
