"""The message bus: what happened, published to whoever listens in this process.

Two kinds of message go round: committed journal entries (after their commit) and
voting progress (how many of how many have voted, which is not a journal entry).
Several processes share the entries through the fan-out (Redis); progress is read
from the database by each process's timekeeper. Listeners are called on the
publisher's thread and must not block: a live screen puts the message on its own
queue and returns.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

Message = TypeVar("Message")
log = logging.getLogger(__name__)


class MessageBus(Generic[Message]):
    """Fan-out of messages of one kind to listeners in this process."""

    def __init__(self) -> None:
        self._listeners: list[Callable[[Message], None]] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: Callable[[Message], None]) -> Callable[[], None]:
        """Call `listener` with each message; returns an unsubscribe."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def publish(self, message: Message) -> None:
        """Hand a message to every listener; one failing listener does not stop others."""
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(message)
            except Exception:  # a broken screen must not break the hall
                log.exception("a listener failed")
