"""How long logins last, and how failed logins slow a guesser without locking out the owner.

Failed logins are counted per client address and account (or first group of a typed
access code), and per client address alone, in the store (`Store.login_failures`: the
database), so that every serving process counts the same and a lifted lockout is lifted
everywhere. Once a pair has failed
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
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from smolny.adapters import credentials as creds
from smolny.adapters.store import LoginFailures
from smolny.domain import commands as c
from smolny.domain.errors import Refusal
from smolny.service.principals import Principal

DELAY_BASE_SECONDS = 2  # the first wait, doubled at each failure after it


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
    """Counts failed logins in the store (`Store.login_failures`, shared by every process
    on it) and refuses attempts while they must wait."""

    def __init__(
        self,
        failures: LoginFailures,
        policy: LoginPolicy | None = None,
        record: Callable[..., Any] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.failures = failures  # where the counts are kept: the store's
        self.policy = policy or LoginPolicy()
        self.record = record  # runs a domain command (the record's lockout entries)
        self.clock = clock

    def _keys(self, address: str, target: str) -> list[tuple[str, int, str]]:
        # (key, limit, what it is called in a refusal)
        what = "for this account" if target.startswith("account:") else "with this access code"
        return [
            (f"address:{address}", self.policy.failures_per_address, "from your address"),
            (f"{target}@{address}", self.policy.failures_per_target, what + " from your address"),
        ]

    def check(self, address: str, target: str) -> bool:
        """Refuse (`LockedOut`, 429) while the address, or the account from this address,
        must wait. True when the account from this address has failures counted (which a
        right login then clears: see `succeeded`)."""
        return self.verdict(self.failures.locked_until(self.keys(address, target)), address, target)

    def keys(self, address: str, target: str) -> list[str]:
        """The keys a login attempt's failures are counted under (`check` reads them)."""
        return [key for key, _, _ in self._keys(address, target)]

    def verdict(self, found: Mapping[str, float], address: str, target: str) -> bool:
        """`check`, given what the store holds for `keys(address, target)` (key -> until
        when it must wait, for those with a count), read with something else."""
        now = self.clock()
        keys = self._keys(address, target)
        waits = [(found.get(key, 0.0), what) for key, _, what in keys]
        until, what = max(waits, key=lambda wait: wait[0])  # the longer wait, when both
        if until > now:
            raise LockedOut(max(1, math.ceil(until - now)), what)
        return keys[1][0] in found

    def failed(self, address: str, target: str) -> None:
        """Count a failed login; make the address, or the account from it, wait at its
        limit. The first lockout of an account (one that exists: the record refuses
        others) or of an address in a window is recorded."""
        now = self.clock()
        policy = self.policy
        limits = {key: limit for key, limit, _ in self._keys(address, target)}

        def wait(key: str, failures: int) -> float:
            limit = limits[key]
            if failures < limit:
                return 0.0
            seconds = DELAY_BASE_SECONDS * 2 ** min(failures - limit, 30)
            return now + min(policy.lockout_seconds, seconds)

        counted = self.failures.count(list(limits), now, policy.window_seconds, wait)
        for found in counted:
            is_account = found.key.startswith("account:")
            if found.failures == limits[found.key] and (
                found.key.startswith("address:") or is_account
            ):
                self._record(
                    c.RecordLockout(
                        scope="account" if is_account else "address",
                        network=network_of(address),
                        failures=found.failures,
                        until=_stamp(found.locked_until),
                        account=target.removeprefix("account:") if is_account else None,
                    )
                )

    def succeeded(self, address: str, target: str, counted: bool = True) -> None:
        """A right login: the account's count from this address starts again (a write only
        where there was a count: a hall logging in at once costs no write; `counted`
        False, as `check` answered just before, costs no read either)."""
        if counted:
            self.failures.clear(f"{target}@{address}")

    def _record(self, command: c.Command, by: Principal | None = None) -> None:
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
        return [
            {
                "key": found.key,
                "failures": found.failures,
                "seconds_left": math.ceil(found.locked_until - now),
            }
            for found in self.failures.waiting(now)
        ]

    def lift(self, key: str | None = None, by: Principal | None = None) -> int:
        """Lift lockouts, with their counts: one by its key; "account:NAME" (or
        "code:XXXX") from every address; "address:A" with every account from it; or all
        of them (no key). Returns how many were in force; the lifting is recorded."""
        now = self.clock()
        if key is None:
            lifted = self.failures.lift(now)
        elif key.startswith("address:"):
            lifted = self.failures.lift(now, key=key, suffix="@" + key.removeprefix("address:"))
        elif "@" in key:
            lifted = self.failures.lift(now, key=key)
        else:
            lifted = self.failures.lift(now, key=key, prefix=key + "@")
        account = network = None
        if key is not None:
            name, _, at = key.partition("@")
            if name.startswith("account:"):
                account = name.removeprefix("account:")
            if name.startswith("address:"):
                network = network_of(name.removeprefix("address:"))
            elif at:
                network = network_of(at)
        self._record(c.LiftLockout(lifted=lifted, account=account, network=network), by)
        return lifted


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
