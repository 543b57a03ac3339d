"""Fan-out without Redis: each process reads the journal's length a few times a second.

For the worker processes of one `smolny serve --workers N` (or any processes sharing
a database without Redis). A process hears what the others appended within
`interval` seconds and folds it in, as it would on a Redis announcement; where it
cannot wait (a vote for a poll it does not know open yet, a login of a delegate it
does not know yet) it reads the journal at once. Announcing costs nothing: the
others read the journal themselves.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sqlalchemy import Engine

from smolny.adapters import journal
from smolny.adapters.database import read_transaction

log = logging.getLogger(__name__)
INTERVAL_SECONDS = 0.1


class JournalWatch:
    """Hear journal growth by reading the journal's head every `interval` seconds."""

    def __init__(self, engine: Engine, interval: float = INTERVAL_SECONDS) -> None:
        self.engine = engine
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def announce(self, seq: int) -> None:
        """Nothing to do: the other processes read the journal."""

    def listen(self, heard: Callable[[int | None], None]) -> None:
        """Call `heard(None)` once, then `heard(seq)` whenever the journal's head moves."""
        self._thread = threading.Thread(
            target=self._run, args=(heard,), name="journal-watch", daemon=True
        )
        self._thread.start()

    def _run(self, heard: Callable[[int | None], None]) -> None:
        seen: int | None = None
        heard(None)
        while not self._stop.wait(self.interval):
            try:
                with read_transaction(self.engine) as conn:
                    seq, _ = journal.head(conn)
            except Exception as exc:  # the database is away a moment: look again
                log.warning("could not read the journal's head: %s", exc)
                continue
            if seq != seen:
                seen = seq
                heard(seq)

    def close(self) -> None:
        """Stop watching."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
