"""The message bus: recorded entries, published after their commit to whoever listens.

In one process this is all there is; several processes share it through Redis
(a later adapter). Listeners are called on the writer's thread and must not block:
a live screen puts the entry on its own queue and returns.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence

from smolny.record.entry import Entry

Listener = Callable[[Sequence[Entry]], None]
log = logging.getLogger(__name__)


class MessageBus:
    """Fan-out of committed journal entries to listeners in this process."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` with each batch of committed entries; returns an unsubscribe."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def publish(self, entries: Sequence[Entry]) -> None:
        """Hand committed entries to every listener; one failing listener does not stop others."""
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(entries)
            except Exception:  # a broken screen must not break the hall
                log.exception("a listener failed on entries %s..", entries[0].seq)
