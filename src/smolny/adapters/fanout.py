"""Fan-out between processes: Redis pub/sub says "the journal grew to seq N".

Only the new length travels through Redis; every process reads the entries
themselves from the shared database, so a lost message costs nothing but a short
delay (the next message, or the catch-up after a reconnect, brings the process
level again). Redis is never the record.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable

import redis

log = logging.getLogger(__name__)
CHANNEL = "smolny:journal"
# After this long without an announcement, a process reads the journal anyway: an
# announcement lost (or a catch-up that failed while the database was away) costs at
# most this delay.
SWEEP_SECONDS = 5.0


class RedisUnreachable(Exception):
    """The Redis named does not answer (or is not a Redis URL)."""


def ping(url: str, timeout: float = 3) -> None:
    """Refuse (`RedisUnreachable`, saying why) unless the Redis at `url` answers."""
    try:
        redis.Redis.from_url(url, socket_connect_timeout=timeout).ping()
    except (redis.RedisError, ValueError) as exc:
        raise RedisUnreachable(str(exc)) from None


class RedisFanout:
    """Announce and hear journal growth over one Redis channel."""

    def __init__(self, url: str, channel: str = CHANNEL) -> None:
        self.url = url
        self.channel = channel
        self._client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def announce(self, seq: int) -> None:
        """Tell the other processes the journal now reaches `seq` (best effort)."""
        try:
            self._client.publish(self.channel, str(seq))
        except redis.RedisError as exc:  # the others catch up at their next message
            log.warning("could not announce entry %d on Redis: %s", seq, exc)

    def listen(self, heard: Callable[[int | None], None]) -> None:
        """Call `heard(seq)` for each announcement, and `heard(None)` after each (re)connect."""
        self._thread = threading.Thread(
            target=self._run, args=(heard,), name="redis-fanout", daemon=True
        )
        self._thread.start()

    def _run(self, heard: Callable[[int | None], None]) -> None:
        delay = 0.2
        while not self._stop.is_set():
            pubsub = None
            try:
                client = redis.Redis.from_url(self.url, socket_connect_timeout=2, socket_timeout=5)
                pubsub = client.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(self.channel)
                heard(None)  # whatever was announced while we were away: read the journal
                delay = 0.2
                quiet_since = time.monotonic()
                while not self._stop.is_set():
                    message = pubsub.get_message(timeout=1.0)
                    if message is None or message.get("type") != "message":
                        if message is None:
                            pubsub.ping()  # notice a dead connection within seconds
                        if time.monotonic() - quiet_since >= SWEEP_SECONDS:
                            heard(None)
                            quiet_since = time.monotonic()
                        continue
                    quiet_since = time.monotonic()
                    try:
                        heard(int(message["data"]))
                    except (TypeError, ValueError):
                        log.warning("ignored a malformed announcement: %r", message["data"])
            except redis.RedisError as exc:
                log.warning("Redis fan-out lost (%s); reconnecting in %.1f s", exc, delay)
                self._stop.wait(delay)
                delay = min(delay * 2, 5.0)
            finally:
                if pubsub is not None:
                    with contextlib.suppress(redis.RedisError):
                        pubsub.close()

    def close(self) -> None:
        """Stop listening."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._client.close()
