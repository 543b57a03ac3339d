"""How long logins last, and how many wrong ones lock the door for a while.

Failed logins are counted in a sliding window per client address and per target (a
staff account's user name, or the first group of a typed access code). When either
count reaches its limit, logins from that address or for that target are refused for
the lockout time, a correct password or code included, so that guessing gains nothing
while locked. A lockout ends by itself, or when an administrator lifts it.

The counts are kept in the memory of each serving process: with `--workers N`, each
worker counts on its own (an address may try N times the limit), and a lifted lockout is
lifted in the worker that was asked. A restart forgets them.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from smolny.adapters import credentials as creds
from smolny.domain.errors import Refusal


@dataclass(frozen=True)
class LoginPolicy:
    """How long a login lasts and when failed logins lock out (all in seconds)."""

    absolute_seconds: int = 12 * 3600  # a login ends this long after it began, in use or not
    idle_seconds: int = 2 * 3600  # and ends when unused for between half this and this
    failures_per_target: int = 5  # wrong logins for one account or code prefix ...
    failures_per_address: int = 50  # ... or from one address (a hall's Wi-Fi is one address)
    window_seconds: int = 15 * 60  # ... within this window
    lockout_seconds: int = 15 * 60  # lock out for this long

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
    """Counts failed logins and refuses attempts while locked out (thread-safe)."""

    def __init__(
        self, policy: LoginPolicy | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.policy = policy or LoginPolicy()
        self.clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, deque[float]] = {}  # key -> times of failures in the window
        self._locked: dict[str, float] = {}  # key -> when its lockout ends

    def check(self, address: str, target: str) -> None:
        """Refuse (`LockedOut`, 429) if the address or the target is locked out now."""
        now = self.clock()
        with self._lock:
            for key, what in ((f"address:{address}", "from your address"), (target, "for this")):
                until = self._locked.get(key)
                if until is None:
                    continue
                if until <= now:
                    del self._locked[key]
                    continue
                if key == target:
                    what = (
                        "for this account"
                        if target.startswith("account:")
                        else "with this access code"
                    )
                raise LockedOut(max(1, math.ceil(until - now)), what)

    def failed(self, address: str, target: str) -> None:
        """Count a failed login; lock out the address or the target at its limit."""
        now = self.clock()
        policy = self.policy
        with self._lock:
            for key, limit in (
                (f"address:{address}", policy.failures_per_address),
                (target, policy.failures_per_target),
            ):
                times = self._failures.setdefault(key, deque())
                times.append(now)
                while times and times[0] <= now - policy.window_seconds:
                    times.popleft()
                if len(times) >= limit:
                    self._locked[key] = now + policy.lockout_seconds
                    del self._failures[key]
            if len(self._failures) > 100_000:  # a flood of distinct targets: forget the stale
                stale = [
                    k for k, t in self._failures.items() if t[-1] <= now - policy.window_seconds
                ]
                for key in stale:
                    del self._failures[key]

    def lockouts(self) -> list[dict[str, object]]:
        """The lockouts in force: key ("address:...", "account:...", "code:...") and
        seconds left."""
        now = self.clock()
        with self._lock:
            return [
                {"key": key, "seconds_left": math.ceil(until - now)}
                for key, until in sorted(self._locked.items())
                if until > now
            ]

    def lift(self, key: str | None = None) -> int:
        """Lift one lockout (by its key) or all of them, with their failure counts;
        returns how many lockouts were lifted."""
        now = self.clock()
        with self._lock:
            if key is None:
                lifted = sum(1 for until in self._locked.values() if until > now)
                self._locked.clear()
                self._failures.clear()
                return lifted
            self._failures.pop(key, None)
            until = self._locked.pop(key, None)
            return 1 if until is not None and until > now else 0
