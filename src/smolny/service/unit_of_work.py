"""Commands and the unit of work: the assembly's state folded from the journal, and every
command decided by the domain and recorded in one transaction.

Every command runs in a writing transaction of the store (holding the journal's lock):
catch up with entries other processes appended, decide, append the entries after the
head, commit; then fold them in and publish them. A refusal raises before anything is
written.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from smolny import procedure
from smolny.adapters.store import Fanout, Store, Transaction
from smolny.domain import commands as c
from smolny.domain import polls
from smolny.domain.decide import decide
from smolny.domain.events import Event
from smolny.domain.registry import FOLDS
from smolny.domain.state import Assembly
from smolny.record import canonical
from smolny.record import kinds as k
from smolny.record.chain import walk
from smolny.record.entry import Entry, make_entry
from smolny.service.bus import MessageBus
from smolny.service.clock import Clock, stamp
from smolny.service.permissions import delegate_scope, paper_scope
from smolny.service.principals import SYSTEM, Principal

log = logging.getLogger(__name__)

# What a command may also write in its transaction, once its entries are known
# (an account's password hash, the hashes of access codes).
Also = Callable[[Transaction, list[Entry]], None]


class BrokenRecord(Exception):
    """The journal in the store does not verify; smolny will not work on it."""


class UnitOfWork:
    """The state the journal folds to, kept in step with the store; commands in."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        rulebooks: Mapping[str, procedure.Rulebook],
        workflows: Mapping[str, procedure.Workflow] | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.rulebooks = dict(rulebooks)
        # the workflows a congress's papers may follow: the bundled ones, and its own
        self.workflows = {n: procedure.load_workflow(n) for n in procedure.bundled_workflows()}
        self.workflows.update(workflows or {})
        self.state = Assembly(rulebooks=self.rulebooks, workflows=self.workflows, folds=FOLDS)
        self.bus: MessageBus[Sequence[Entry]] = MessageBus()
        self.progress_bus: MessageBus[dict[str, object]] = MessageBus()
        self.lock = threading.RLock()
        self.fanout: Fanout | None = None

    # -- the journal -----------------------------------------------------------------

    def load(self) -> None:
        """Fold the whole journal into a fresh state, checking the chain as it goes."""
        with self.store.reading() as tx:
            report = walk(tx.stream())
        if not report.ok:
            assert report.broken is not None
            raise BrokenRecord(f"the journal does not verify: {report.broken.describe()}")
        state = Assembly(rulebooks=self.rulebooks, workflows=self.workflows, folds=FOLDS)
        for entry in report.entries:
            _fold(state, entry)
        with self.lock:
            self.state = state

    def _catch_up(self, tx: Transaction) -> list[Entry]:
        # entries another process appended since we last looked; the caller holds the lock
        caught: list[Entry] = []
        for _, text in tx.lines(after=self.state.seq):
            obj = canonical.loads(text)
            if obj["prev"] != self.state.head or obj["seq"] != self.state.seq + 1:
                raise BrokenRecord(f"entry {obj['seq']} does not follow entry {self.state.seq}")
            entry = Entry(
                obj["seq"],
                obj["at"],
                obj["kind"],
                obj["actor"],
                obj["data"],
                obj["prev"],
                obj["hash"],
            )
            _fold(self.state, entry)
            caught.append(entry)
        return caught

    def refresh(self) -> list[Entry]:
        """Fold in what other processes appended, and publish it to this process's screens."""
        with self.lock, self.store.reading() as tx:
            caught = self._catch_up(tx)
        if caught:
            self.bus.publish(caught)
        return caught

    def attach_fanout(self, fanout: Fanout) -> None:
        """Share journal growth with other processes (announce ours, hear theirs)."""
        self.fanout = fanout

        def heard(seq: int | None) -> None:
            if seq is None or seq > self.state.seq:
                try:
                    self.refresh()
                except Exception:  # the next announcement or act tries again
                    log.exception("could not catch up with the journal")

        fanout.listen(heard)

    # -- commands --------------------------------------------------------------------

    def execute(
        self, command: c.Command, by: Principal = SYSTEM, also: Also | None = None
    ) -> list[Entry]:
        """Decide `command` and record its events in one transaction; refuse with a Refusal."""
        return self.run(lambda tx: command, by, also)

    def run(
        self,
        command_in: Callable[[Transaction], c.Command],
        by: Principal,
        also: Also | None = None,
    ) -> list[Entry]:
        """One unit of work: in one transaction holding the journal's lock, catch up with
        other processes, build the command (`command_in` may read and write the store, as a
        close shuts its box), decide, append; after the commit, fold the entries in and
        publish them."""
        with self.lock, self.store.writing() as tx:
            caught = self._catch_up(tx)
            command = command_in(tx)
            if by.role == "delegate":
                command = delegate_scope(self.state, command, by)
            else:
                paper_scope(self.state, command, by)
            events = decide(self.state, self._timed(command))
            entries = self._record(tx, events, by)
            if also is not None:
                also(tx, entries)
        self._after_commit(caught, entries)
        return entries

    def _timed(self, command: c.Command) -> c.Command:
        # The engine reads no clock: acts carry the time they were made at.
        now = stamp(self.clock())
        if isinstance(command, c.Act):
            if getattr(command.act, "at", "") is None:
                return replace(command, act=replace(command.act, at=now))
            return command
        if getattr(command, "at", "") is None:
            return replace(command, at=now)  # type: ignore[type-var]
        return command

    def _record(self, tx: Transaction, events: Sequence[Event], by: Principal) -> list[Entry]:
        at = stamp(self.clock())
        seq, prev = self.state.seq, self.state.head
        entries: list[Entry] = []
        for event in events:
            seq += 1
            entry = make_entry(seq, at, event.kind, by.actor, event.data, prev)
            entries.append(entry)
            prev = entry.hash
        tx.append(entries)
        for entry in entries:
            if entry.kind == k.POLL_OPENED and entry.data["method"] in polls.BOX_METHODS:
                tx.open_box(entry.data["poll"])
        return entries

    def _after_commit(self, caught: list[Entry], entries: list[Entry]) -> None:
        with self.lock:
            for entry in entries:
                if entry.seq == self.state.seq + 1:
                    _fold(self.state, entry)
        self.bus.publish(caught + entries)
        if self.fanout is not None and entries:
            self.fanout.announce(entries[-1].seq)


def _fold(state: Assembly, entry: Entry) -> None:
    state.apply(Event(entry.kind, entry.data), entry.at, entry.actor)
    state.seq = entry.seq
    state.head = entry.hash
