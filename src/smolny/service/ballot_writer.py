"""Group commit for ballots: many voters' ballots written in one durable transaction.

Each ballot is acknowledged only after the transaction holding it committed, so an
acknowledged vote is on disk; batching lets a congress vote at once without each
ballot waiting for its own disk flush.

The writer treats what it is given as opaque items: it hands each batch to
`boxes.cast`, which returns one outcome per item.

A ballot submitted from an event loop (a web request) gets a future of that loop, and
the loop hears of a whole batch at once, in one call: this spares every vote a thread
hand-off of its own (`asyncio.wrap_future` returns such a future as it is). A ballot
submitted from any other thread gets a `concurrent.futures.Future`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, InvalidStateError
from typing import IO, Any

try:
    import fcntl
except ImportError:  # not on POSIX: SQLite's own busy handler alone
    fcntl = None  # type: ignore[assignment]

from sqlalchemy import Engine

from smolny.adapters import boxes
from smolny.adapters.database import write_transaction

log = logging.getLogger(__name__)
MAX_BATCH = 500

# (item, its future, the event loop that future belongs to or None)
_Queued = tuple[Any, "Future[Any] | asyncio.Future[Any]", "asyncio.AbstractEventLoop | None"]
_Answer = tuple["asyncio.Future[Any]", Any]


class BallotWriter:
    """A thread that drains queued ballots into their boxes, a batch per transaction."""

    def __init__(
        self, engine: Engine, cast: Callable[[Any, list[Any]], list[Any]] | None = None
    ) -> None:
        self._engine = engine
        self._cast = cast  # boxes.cast unless given
        self._queue: queue.SimpleQueue[_Queued | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="ballot-writer", daemon=True)
        self._started = False
        self._lock = threading.Lock()
        self._lock_path = _turn_file(engine)
        self._lock_file: IO[bytes] | None = None

    def submit(self, item: Any) -> Future[Any]:
        """Queue an item; the future resolves once it is committed (or refused)."""
        if not self._started:
            with self._lock:
                if not self._started:
                    self._thread.start()
                    self._started = True
        loop: asyncio.AbstractEventLoop | None
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        future: Future[Any] | asyncio.Future[Any]
        future = loop.create_future() if loop is not None else Future()
        self._queue.put((item, future, loop))
        return future  # type: ignore[return-value]

    def stop(self) -> None:
        """Write what is queued, then end the thread."""
        with self._lock:
            if not self._started:
                return
        self._queue.put(None)
        self._thread.join()
        if self._lock_file is not None:
            self._lock_file.close()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            batch = [item]
            # (a request given up by its client cancels its future; such a ballot is still
            # written, as the voter may have sent it, but nobody is waiting for the answer)
            stopping = False
            while len(batch) < MAX_BATCH:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stopping = True
                    break
                batch.append(more)
            self._write(batch)
            if stopping:
                return

    @contextlib.contextmanager
    def _turn(self) -> Iterator[None]:
        # Several processes writing ballots to one SQLite file take turns on a lock file
        # first: one waiting there is woken the moment the other is done, where SQLite's
        # busy handler sleeps (1, 2, 5 ... 100 ms) and, against a writer that never
        # pauses, can miss its chance for a second or more.
        if self._lock_path is None:
            yield
            return
        if self._lock_file is None:
            self._lock_file = open(self._lock_path, "a+b")  # noqa: SIM115 (kept open)
        fcntl.flock(self._lock_file.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(self._lock_file.fileno(), fcntl.LOCK_UN)

    def _write(self, batch: list[_Queued]) -> None:
        outcomes: list[Any]
        try:
            with self._turn(), write_transaction(self._engine) as conn:
                outcomes = (self._cast or boxes.cast)(conn, [item for item, _, _ in batch])
        except Exception as exc:  # the whole batch failed: nothing of it was written
            log.exception("a batch of %d ballots could not be written", len(batch))
            outcomes = [exc] * len(batch)
        by_loop: dict[asyncio.AbstractEventLoop, list[_Answer]] = {}
        for (_, future, loop), outcome in zip(batch, outcomes, strict=True):
            if loop is None:
                _answer(future, outcome)  # type: ignore[arg-type]
            else:
                by_loop.setdefault(loop, []).append((future, outcome))  # type: ignore[arg-type]
        for loop, answers in by_loop.items():
            # (a closed loop raises RuntimeError: nobody is waiting there any more)
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(_settle, answers)


def _turn_file(engine: Engine) -> str | None:
    # The lock file beside an SQLite database file (where there is one, and flock)
    if fcntl is None or engine.dialect.name != "sqlite":
        return None
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return database + "-ballots.lock"


def _settle(answers: list[_Answer]) -> None:
    # On the event loop: answer every waiting voter of a batch.
    for future, outcome in answers:
        if future.done():  # cancelled: the client gave up
            continue
        if isinstance(outcome, BaseException):
            future.set_exception(outcome)
        else:
            future.set_result(outcome)


def _answer(future: Future[Any], outcome: Any) -> None:
    # The thread must outlive any one voter: a cancelled future takes no answer.
    if future.cancelled():
        return
    try:
        if isinstance(outcome, BaseException):
            future.set_exception(outcome)
        else:
            future.set_result(outcome)
    except InvalidStateError:
        pass
