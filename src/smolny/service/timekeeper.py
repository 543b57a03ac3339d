"""The timekeeper: opens and closes polls at their set times, and reports voting progress.

One thread per process ticks a few times a second. Every process of a deployment
runs one; when two reach for the same poll, the second finds (after catching up
with the journal) that it is open or closed already, and lets it be.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from smolny.domain import commands as c
from smolny.domain.errors import Refusal
from smolny.domain.state import Poll
from smolny.service.ballots import Ballots
from smolny.service.clock import stamp
from smolny.service.principals import SYSTEM, Principal
from smolny.service.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)
TICK_SECONDS = 0.25
RETRY_SECONDS = 5.0  # a poll that could not be closed at its time is tried again this often


class Timekeeper:
    """Keeps a service's polls to their times and its screens informed of progress."""

    def __init__(self, uow: UnitOfWork, ballots: Ballots, tick: float = TICK_SECONDS) -> None:
        self.uow = uow
        self.ballots = ballots
        self.interval = tick
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._progress: dict[str, tuple[str, int]] = {}  # poll -> (state, voted) last told
        self._retry: dict[str, float] = {}  # poll -> when to try closing it again

    def start(self) -> None:
        """Tick in a thread of its own until `stop`."""
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="smolny-timekeeper", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop ticking."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.tick()
            except Exception:  # the next tick tries again
                log.exception("the timekeeper's tick failed")

    def tick(self) -> None:
        """Open and close what is due, then tell the screens how voting stands."""
        now = stamp(self.uow.clock())
        for poll in list(self.uow.state.polls.values()):
            if poll.state == "scheduled" and poll.opens_at is not None and poll.opens_at <= now:
                self._open(poll)
            elif (
                poll.state == "open"
                and poll.closes_at is not None
                and poll.closes_at <= now
                and self._retry.get(poll.id, 0.0) <= time.monotonic()
            ):
                self._close(poll, SYSTEM)
        self.report()

    def _open(self, poll: Poll) -> None:
        settings: dict[str, Any] = poll.opened
        command = c.OpenPoll(
            motion=settings.get("motion"),
            method=settings["method"],
            session=settings["session"],
            title=settings.get("title"),
            question=settings["question"],
            options=tuple(settings.get("options", ())),
            seats=settings.get("seats", 1),
            counting=settings.get("counting"),
            threshold=settings.get("choice_threshold", "majority"),
            presence=settings.get("presence", "present"),
            changeable=settings.get("changeable", False),
            sections=tuple(settings.get("sections", ())),
            closes_at=settings.get("closes_at"),
            poll=poll.id,
        )
        try:
            self.uow.execute(command, by=SYSTEM)
        except Refusal as refusal:
            if self.uow.state.polls[poll.id].state != "scheduled":
                return  # another process opened (or cancelled) it a moment ago
            reason = f"it could not be opened at {poll.opens_at}: {refusal}"
            try:
                self.ballots.cancel_poll(poll.id, reason, by=SYSTEM)
            except Refusal:
                log.warning("scheduled poll %s could neither open nor be cancelled", poll.id)

    def _close(self, poll: Poll, system: Principal) -> None:
        try:
            self.ballots.close_poll(poll.id, by=system)
        except Refusal as refusal:
            if self.uow.state.polls[poll.id].state == "open":
                # e.g. no quorum: the chair may wait for delegates, or cancel the poll
                log.warning("poll %s could not be closed at its time: %s", poll.id, refusal)
                self._retry[poll.id] = time.monotonic() + RETRY_SECONDS

    def report(self) -> None:
        """Publish the progress of every poll whose count of votes or state changed."""
        for poll in list(self.uow.state.polls.values()):
            if poll.state == "scheduled":
                continue
            told = self._progress.get(poll.id)
            if poll.state != "open" and (told is None or told[0] == poll.state):
                # over before we first looked, or over and told: nothing changes any more
                self._progress.setdefault(poll.id, (poll.state, -1))
                continue
            progress = self.ballots.progress(poll.id)
            now = (str(progress["state"]), int(str(progress["voted"])))
            if now != told:
                self._progress[poll.id] = now
                self.uow.progress_bus.publish(dict(progress))
