"""Group commit for ballots: many voters' ballots written in one durable transaction.

Each ballot is acknowledged only after the transaction holding it committed, so an
acknowledged vote is on disk; batching lets a congress vote at once without each
ballot waiting for its own disk flush.
"""

from __future__ import annotations

import logging
import queue
import threading
from concurrent.futures import Future, InvalidStateError

from sqlalchemy import Engine

from smolny.adapters import boxes
from smolny.adapters.boxes import Ballot, Cast
from smolny.adapters.database import write_transaction

log = logging.getLogger(__name__)
MAX_BATCH = 500

_Item = tuple[Ballot, "Future[Cast]"]


class BallotWriter:
    """A thread that drains queued ballots into their boxes, a batch per transaction."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._queue: queue.SimpleQueue[_Item | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="ballot-writer", daemon=True)
        self._started = False
        self._lock = threading.Lock()

    def submit(self, ballot: Ballot) -> Future[Cast]:
        """Queue a ballot; the future resolves once it is committed (or refused)."""
        with self._lock:
            if not self._started:
                self._thread.start()
                self._started = True
        future: Future[Cast] = Future()
        self._queue.put((ballot, future))
        return future

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

    def _write(self, batch: list[_Item]) -> None:
        try:
            with write_transaction(self._engine) as conn:
                results = boxes.cast(conn, [ballot for ballot, _ in batch])
        except Exception as exc:  # the whole batch failed: nothing of it was written
            log.exception("a batch of %d ballots could not be written", len(batch))
            for _, future in batch:
                _answer(future, exc)
            return
        for (_, future), result in zip(batch, results, strict=True):
            _answer(future, result)


def _answer(future: Future[Cast], outcome: Cast | BaseException) -> None:
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
