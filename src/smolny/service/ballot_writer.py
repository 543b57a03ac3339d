"""Group commit for ballots: many voters' ballots written in one durable transaction.

Each ballot is acknowledged only after the transaction holding it committed, so an
acknowledged vote is on disk; batching lets a congress vote at once without each
ballot waiting for its own disk flush.

The same group commit serves new logins (`Accounts`, a writer of its own), so that a
hall logging in at once does not wait for a disk flush a login.

The writer treats what it is given as opaque items: it hands each batch to the store's
`cast` (`smolny.adapters.store.Store.cast`), which returns one outcome per item.

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
from collections.abc import Callable
from concurrent.futures import Future, InvalidStateError
from typing import Any

log = logging.getLogger(__name__)
MAX_BATCH = 500

# (item, its future, the event loop that future belongs to or None)
_Queued = tuple[Any, "Future[Any] | asyncio.Future[Any]", "asyncio.AbstractEventLoop | None"]
_Answer = tuple["asyncio.Future[Any]", Any]


class BallotWriter:
    """A thread that drains queued ballots into their boxes, a batch per transaction."""

    def __init__(
        self, write: Callable[[list[Any]], list[Any]], name: str = "ballot-writer"
    ) -> None:
        self._write_batch = write  # one transaction per batch, one outcome per item
        self._queue: queue.SimpleQueue[_Queued | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._started = False
        self._lock = threading.Lock()

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

    def _write(self, batch: list[_Queued]) -> None:
        outcomes: list[Any]
        try:
            outcomes = self._write_batch([item for item, _, _ in batch])
        except Exception as exc:  # the whole batch failed: nothing of it was written
            log.exception("a batch of %d items could not be written", len(batch))
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
