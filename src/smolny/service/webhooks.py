"""Webhooks to member councils: subscriptions, and the worker that delivers publications.

A subscription names a URL, a secret, a body and what it wants (resolutions, decisions,
all). Its outbox is the journal: the subscription keeps `after_seq`, the last entry it
has dealt with, and the publications after it (`smolny.record.publication`, drawn from
the journal) are sent one at a time, in order. Nothing is lost on a crash: an entry is in
the journal once committed, and the cursor moves only after the receiver answered 2xx.
A failure (an error status, a refused connection, a timeout) is retried with a growing
pause, until the receiver takes it; the next publication waits for it.

Each delivery is a POST of JSON, signed with HMAC-SHA256 of the exact body under the
subscription's secret (`X-Smolny-Signature: sha256=<hex>`), with `X-Smolny-Delivery`
(the same id on every retry of one publication, for the receiver to take it once) and
`X-Smolny-Timestamp`. Every process runs a worker; one delivers at a time, the holder of
a lease row renewed in short transactions (SQLite `BEGIN IMMEDIATE`, PostgreSQL `SELECT
... FOR UPDATE`), so the HTTP calls hold no database lock.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from smolny.adapters.store import Hook
from smolny.domain.errors import Invalid, NotFound
from smolny.record import kinds as k
from smolny.record.publication import INTERESTS, Publication, Publisher, entry_of
from smolny.service import egress
from smolny.service.unit_of_work import UnitOfWork
from smolny.service.views import sitting_papers

log = logging.getLogger(__name__)
TICK_SECONDS = 0.25
LEASE_SECONDS = 30.0  # a crashed deliverer's lease runs out after this
TIMEOUT_SECONDS = 10.0  # a receiver that has not answered by then has failed this time
FIRST_PAUSE = 1.0  # seconds before the first retry; doubled after each failure
LONGEST_PAUSE = 600.0
MIN_SECRET = 16
# a council's interest in the report back: after each named vote on a paper it instructed its
# delegates on, how they voted and who departed (docs/papers.md, "The report back")
REPORT = "report"
WHATS = (*INTERESTS, REPORT)


@dataclass(frozen=True)
class Subscription:
    """A member council's subscription (the secret is not shown once stored)."""

    id: str
    url: str
    body: str
    what: str
    after_seq: int
    attempts: int
    delivered: int
    last_error: str | None

    def as_json(self) -> dict[str, Any]:
        """As the API and the command line list it."""
        return {
            "id": self.id,
            "url": self.url,
            "body": self.body,
            "what": self.what,
            "after_seq": self.after_seq,
            "delivered": self.delivered,
            "failing": self.attempts,
            "last_error": self.last_error,
        }


def check_url(url: str) -> None:
    """Refuse a URL that is not an absolute http(s) URL with a host, or whose host is not a
    public address (unless allowed: see `egress`)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (a port that is not a number is refused here)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise Invalid("webhook-url", f"the URL must be http:// or https:// with a host: {url!r}")
    egress.check_destination(url)


def subscribe(
    app: UnitOfWork,
    url: str,
    secret: str,
    body: str,
    what: str = "resolutions",
    replay: bool = False,
) -> Subscription:
    """Store a subscription; it receives the publications made from now on (or, with
    `replay`, every publication in the record). Bad input is refused, nothing stored."""
    check_url(url)
    if len(secret) < MIN_SECRET:
        raise Invalid(
            "webhook-secret", f"the secret must be at least {MIN_SECRET} characters", field="secret"
        )
    if what not in WHATS:
        raise Invalid(
            "webhook-what", f"what must be one of {', '.join(WHATS)}: {what!r}", field="what"
        )
    app.refresh()
    with app.lock:
        if body not in app.state.bodies:
            raise Invalid("webhook-body", f"there is no body {body!r}", field="body")
        if what == REPORT and app.state.bodies[body].kind != "council":
            raise Invalid(
                "webhook-report",
                f"the report back goes to a council: {body} is a {app.state.bodies[body].kind}",
                field="body",
            )
        after = 0 if replay else app.state.seq
    ident = "w" + secrets.token_hex(6)
    app.store.webhooks.add(Hook(ident, url, secret, body, what, after_seq=after))
    return Subscription(ident, url, body, what, after, 0, 0, None)


def _shown(hook: Hook) -> Subscription:
    return Subscription(
        hook.id,
        hook.url,
        hook.body,
        hook.what,
        hook.after_seq,
        hook.attempts,
        hook.delivered,
        hook.last_error,
    )


def subscriptions(app: UnitOfWork) -> list[Subscription]:
    """Every subscription, in the order of their ids."""
    return [_shown(hook) for hook in app.store.webhooks.all()]


def unsubscribe(app: UnitOfWork, ident: str) -> None:
    """Remove a subscription; refuse an unknown id."""
    if not app.store.webhooks.remove(ident):
        raise NotFound("webhook", f"there is no webhook {ident!r}", field="id")


def sign(secret: str, body: bytes) -> str:
    """The signature header's value for `body`: sha256=<hex HMAC-SHA256 under secret>."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def delivery_id(subscription: str, found: Publication) -> str:
    """The id of one publication's delivery to one subscription, the same on every retry."""
    return f"{subscription}-{found.seq}-{found.hash[:16]}"


class Deliverer:
    """Delivers publications to subscribers, from a thread of its own (see the module)."""

    def __init__(
        self,
        app: UnitOfWork,
        *,
        tick: float = TICK_SECONDS,
        timeout: float = TIMEOUT_SECONDS,
        first_pause: float = FIRST_PAUSE,
        longest_pause: float = LONGEST_PAUSE,
        lease: float = LEASE_SECONDS,
    ) -> None:
        self.app = app
        self.interval = tick
        self.timeout = timeout
        self.first_pause = first_pause
        self.longest_pause = longest_pause
        self.lease = lease
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
        self.publisher = Publisher()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._held_until = 0.0
        self._unsubscribe: Any = None
        self._closed: list[tuple[int, str, str]] = []  # (seq, hash, poll) of each poll closed

    def start(self) -> None:
        """Deliver in a thread of its own until `stop`."""
        if self._thread is None:
            self._stop.clear()
            self._unsubscribe = self.app.bus.subscribe(lambda _: self._wake.set())
            self._thread = threading.Thread(target=self._run, name="smolny-webhooks", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop delivering, and let another process take over at once."""
        self._stop.set()
        self._wake.set()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self._thread is not None:
            self._thread.join(timeout=self.timeout + 5)
            self._thread = None
        try:
            if self._held_until:  # a worker that never held the lease writes nothing
                self._release()
        except Exception:  # the database is gone: the lease runs out by itself
            log.warning("could not release the webhook lease")

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.tick()
            except Exception:  # the next tick tries again
                log.exception("the webhook delivery failed")
            self._wake.wait(self.interval)
            self._wake.clear()

    # -- the lease -----------------------------------------------------------------

    def hold(self) -> bool:
        """Take or renew the lease; True when this worker is the one to deliver."""
        now = time.time()
        if self._held_until - now > self.lease / 2:
            return True  # renewed lately: no write needed yet
        if not self.app.store.webhooks.take_lease(self.holder, now, self.lease):
            self._held_until = 0.0
            return False
        self._held_until = now + self.lease
        return True

    def _release(self) -> None:
        self._held_until = 0.0
        self.app.store.webhooks.release_lease(self.holder)

    # -- delivering ----------------------------------------------------------------

    def _catch_up(self) -> None:
        with self.app.store.reading() as tx:
            rows = tx.lines(after=self.publisher.seq)
        for _, text in rows:
            entry = entry_of(text)
            self.publisher.fold(entry)
            if entry.kind == k.POLL_CLOSED:
                self._closed.append((entry.seq, entry.hash, str(entry.data.get("poll"))))

    def _next(self, sub: Hook) -> tuple[int, str, dict[str, Any]] | None:
        # the next delivery due to `sub`: (seq, its id, what it carries)
        if sub.what == REPORT:
            return self._next_report(sub)
        wanted = INTERESTS.get(sub.what, frozenset())
        for found in self.publisher.publications:
            if found.seq > sub.after_seq and found.body == sub.body and found.kind in wanted:
                return found.seq, delivery_id(sub.id, found), {"publication": found.as_json()}
        return None

    def _next_report(self, sub: Hook) -> tuple[int, str, dict[str, Any]] | None:
        due = [c for c in self._closed if c[0] > sub.after_seq]
        if not due:
            return None
        reported = sitting_papers.reported_polls(self.app, sub.body)
        for seq, digest, poll in due:
            if poll in reported:
                report = sitting_papers.council_report(self.app, sub.body, poll)
                ident = f"{sub.id}-{seq}-{digest[:16]}"
                return seq, ident, {"report": {"council": sub.body, **report["votes"][0]}}
        return None

    def tick(self) -> int:
        """Deliver what is due, if this worker holds the lease; how many were delivered."""
        subs = self.app.store.webhooks.all()
        if not subs or not self.hold():
            return 0  # nothing to deliver takes no lock
        self._catch_up()
        delivered = 0
        for sub in subs:
            while not self._stop.is_set() and sub.next_at <= time.time():
                found = self._next(sub)
                if found is None:
                    break
                if not self._send(sub, *found):
                    break
                delivered += 1
                again = self.app.store.webhooks.get(sub.id)
                if again is None:  # removed meanwhile
                    break
                sub = again
                if not self.hold():
                    return delivered
        return delivered

    def _send(self, sub: Hook, seq: int, ident: str, carried: dict[str, Any]) -> bool:
        payload = {"delivery": ident, "subscription": sub.id, **carried}
        body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
        request = urllib.request.Request(
            sub.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": "smolny-webhooks",
                "X-Smolny-Delivery": ident,
                "X-Smolny-Timestamp": str(int(time.time())),
                "X-Smolny-Signature": sign(sub.secret, body),
            },
        )
        error: str | None = None
        try:
            # to a checked address, again at each delivery (egress), following no redirect
            with egress.opener().open(request, timeout=self.timeout) as answer:
                status = answer.status
                if not 200 <= status < 300:
                    error = f"answered {status}"
        except urllib.error.HTTPError as exc:
            error = f"answered {exc.code}"
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            error = f"{type(reason).__name__}: {reason}"
        if error is None:
            self.app.store.webhooks.delivered(sub, seq)
            return True
        pause = min(self.longest_pause, self.first_pause * 2 ** min(sub.attempts, 30))
        self.app.store.webhooks.failed(sub, time.time() + pause, f"{ident}: {error}")
        log.info(
            "webhook %s: delivery %s failed (%s); again in %.1f s", sub.id, ident, error, pause
        )
        return False
