"""Flood limits: token buckets per delegate (login) and per address, in each process.

A request over its bucket is answered at once with 429, a problem document and
`Retry-After`, without reaching the application or the database, so a flooding client
costs the others next to nothing.

- per login (a bearer token or the session cookie): acts and votes, that is every
  request but GET, HEAD and OPTIONS; default 5 a second, bursts of 20.
- per address: every request; default 1,000 a second, bursts of 10,000, since a hall's
  delegates may all come from one address (a NAT) and load their pages at once.

The buckets live in each worker process: with `--workers N` a client spread over the
workers by the kernel may get up to N times the rate. Behind a reverse proxy on the
same machine, the address is the client's as the proxy forwards it (uvicorn trusts
X-Forwarded-For from 127.0.0.1).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from smolny.web.callers import COOKIE
from smolny.web.problems import problem

SAFE = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Rate:
    """`per_second` tokens a second, at most `burst` saved up; 0 a second: no limit."""

    per_second: float
    burst: float

    @classmethod
    def parse(cls, text: str) -> Rate:
        """'RATE' or 'RATE/BURST' (e.g. '5/20'); '0' turns the limit off."""
        rate, _, burst = text.partition("/")
        per_second = float(rate)
        if per_second < 0 or (burst and float(burst) < 1) or not math.isfinite(per_second):
            raise ValueError(f"{text!r}: a rate is RATE or RATE/BURST, positive numbers")
        return cls(per_second, float(burst) if burst else max(1.0, per_second * 2))

    @property
    def off(self) -> bool:
        return self.per_second == 0


DELEGATE = Rate(5, 20)
ADDRESS = Rate(1000, 10000)


class Buckets:
    """Token buckets by key; full ones are forgotten now and then, so memory stays bounded
    by the clients active in the last few seconds."""

    def __init__(self, rate: Rate, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, at)
        self._next_sweep = 0.0

    def take(self, key: str) -> float:
        """Take a token for `key`: 0 if there was one, else the seconds until there is."""
        now = self.clock()
        tokens, at = self._buckets.get(key, (self.rate.burst, now))
        tokens = min(self.rate.burst, tokens + (now - at) * self.rate.per_second)
        if now >= self._next_sweep:
            self._sweep(now)
        if tokens >= 1:
            self._buckets[key] = (tokens - 1, now)
            return 0.0
        self._buckets[key] = (tokens, now)
        return (1 - tokens) / self.rate.per_second

    def _sweep(self, now: float) -> None:
        refill = self.rate.burst / self.rate.per_second
        self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < refill}
        self._next_sweep = now + max(refill, 1.0)


class Limits:
    """ASGI middleware answering 429 to a client over its rate."""

    def __init__(self, app: Any, delegate: Rate = DELEGATE, address: Rate = ADDRESS) -> None:
        self.app = app
        self.delegates = None if delegate.off else Buckets(delegate)
        self.addresses = None if address.off else Buckets(address)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            wait = 0.0
            if self.addresses is not None:
                client = scope.get("client")
                wait = self.addresses.take(client[0] if client else "?")
                if wait:
                    return await self._refuse(scope, receive, send, wait, "address")
            if self.delegates is not None and scope["method"] not in SAFE:
                login = _login(scope)
                if login is not None:
                    wait = self.delegates.take(login)
                    if wait:
                        return await self._refuse(scope, receive, send, wait, "delegate")
        await self.app(scope, receive, send)

    async def _refuse(self, scope: Any, receive: Any, send: Any, wait: float, who: str) -> None:
        seconds = max(1, math.ceil(wait))
        whom = "this login" if who == "delegate" else "this address"
        response = problem(
            429,
            "rate-limit",
            f"too many requests from {whom}; nothing was done, try again in {seconds} s",
            instance=scope.get("path"),
            headers={"Retry-After": str(seconds)},
        )
        await response(scope, receive, send)


def _login(scope: Any) -> str | None:
    cookie: bytes | None = None
    headers: list[tuple[bytes, bytes]] = scope.get("headers", [])
    for name, value in headers:
        if name == b"authorization":
            scheme, _, token = value.partition(b" ")
            if scheme.lower() == b"bearer" and token:
                return "b:" + token.decode("latin-1")
        elif name == b"cookie":
            cookie = value
    if cookie is not None:
        for part in cookie.split(b";"):
            key, _, value = part.strip().partition(b"=")
            if key.decode("latin-1") == COOKIE and value:
                return "c:" + value.decode("latin-1")
    return None
