"""The store in memory: plain Python containers, for fast tests of the service's rules.

It keeps the rules the database keeps (`smolny.adapters.store`): one writer at a time, a
writing transaction committed whole or not at all, one ballot per voter unless it is a
change, none after the close, a secret poll's roll and ballots apart and sealed at its
close. It holds one process's record only, and nothing survives the process.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from smolny.adapters.store import (
    Account,
    Ballot,
    Cast,
    CodeLogin,
    Failures,
    Hook,
    Item,
    Login,
    SecretBallot,
)
from smolny.record.ballotbox import publish_secret_box
from smolny.record.entry import GENESIS, Entry


@dataclass
class _Held:
    """Everything the store holds; a writing transaction works on a copy of it."""

    journal: list[tuple[int, str, str]] = field(default_factory=list)  # (seq, hash, line)
    boxes: dict[str, bool] = field(default_factory=dict)  # poll -> open
    named: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)  # voter -> ballot
    roll_pending: dict[str, dict[str, str | None]] = field(default_factory=dict)
    # poll -> hash -> (text, change key)
    secret_pending: dict[str, dict[str, tuple[str, str | None]]] = field(default_factory=dict)
    roll: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)
    secret: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    accounts: dict[str, Account] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)  # code hash -> delegate
    logins: dict[str, Login] = field(default_factory=dict)

    def copy(self) -> _Held:
        return _Held(
            journal=list(self.journal),
            boxes=dict(self.boxes),
            named={poll: dict(held) for poll, held in self.named.items()},
            roll_pending={poll: dict(held) for poll, held in self.roll_pending.items()},
            secret_pending={poll: dict(held) for poll, held in self.secret_pending.items()},
            roll={poll: list(held) for poll, held in self.roll.items()},
            secret={poll: list(held) for poll, held in self.secret.items()},
            accounts=dict(self.accounts),
            codes=dict(self.codes),
            logins=dict(self.logins),
        )


class MemoryTransaction:
    """A transaction on what the store holds (see `smolny.adapters.store.Transaction`)."""

    def __init__(self, held: _Held) -> None:
        self.held = held

    # -- the journal

    def head(self) -> tuple[int, str]:
        if not self.held.journal:
            return 0, GENESIS
        seq, digest, _ = self.held.journal[-1]
        return seq, digest

    def lines(self, after: int = 0, limit: int | None = None) -> list[tuple[int, str]]:
        found = [(seq, line) for seq, _, line in self.held.journal if seq > after]
        return found if limit is None else found[:limit]

    def stream(self) -> Iterator[tuple[int, str]]:
        return iter(self.lines())

    def stream_rows(self) -> Iterator[tuple[int, str, str, str, str]]:
        for seq, line in self.lines():  # the memory keeps only the lines: their columns
            held = json.loads(line)
            yield seq, str(held["hash"]), str(held["prev"]), str(held["kind"]), line

    def append(self, entries: Sequence[Entry]) -> None:
        seq, head = self.head()
        for entry in entries:
            if entry.seq != seq + 1 or entry.prev != head:  # as the table's keys refuse it
                raise ValueError(f"entry {entry.seq} does not follow entry {seq}")
            self.held.journal.append((entry.seq, entry.hash, entry.line()))
            seq, head = entry.seq, entry.hash

    # -- the ballot boxes

    def open_box(self, poll: str) -> None:
        if poll in self.held.boxes:
            raise ValueError(f"poll {poll} has a box already")
        self.held.boxes[poll] = True

    def shut_box(self, poll: str, secret: bool) -> list[tuple[str, str]]:
        if poll in self.held.boxes:
            self.held.boxes[poll] = False
        if secret:  # sealed: in key order, without the change keys
            pending = self.held.secret_pending.pop(poll, {})
            # in units of the box's weight divisor, as the SQL store seals it
            self.held.secret.setdefault(poll, []).extend(
                publish_secret_box((digest, text) for digest, (text, _) in pending.items())
            )
            self.held.secret[poll].sort()
            voters = self.held.roll_pending.pop(poll, {})
            self.held.roll.setdefault(poll, []).extend(sorted(voters.items()))
            self.held.roll[poll].sort()
        return self.ballots(poll)

    def ballots(self, poll: str) -> list[tuple[str, str]]:
        named = [(digest, text) for digest, text in self.held.named.get(poll, {}).values()]
        return sorted(named + self.held.secret.get(poll, []))

    def roll(self, poll: str) -> list[tuple[str, str | None]]:
        return sorted(self.held.roll.get(poll, []))

    def voted(self, poll: str, secret: bool) -> int:
        held = self.held.roll_pending if secret else self.held.named
        return len(held.get(poll, {}))

    def cast_for(
        self, poll: str, voters: Collection[str], secret: bool, sealed: bool
    ) -> dict[str, str | None]:
        if secret:
            on_roll = (
                {v for v, _ in self.held.roll.get(poll, [])}
                if sealed
                else set(self.held.roll_pending.get(poll, {}))
            )
            return {voter: None for voter in voters if voter in on_roll}
        named = self.held.named.get(poll, {})
        return {voter: named[voter][1] for voter in voters if voter in named}

    def boxes(self) -> list[tuple[str, bool]]:
        return list(self.held.boxes.items())

    def restore_box(
        self,
        poll: str,
        named: Sequence[tuple[str, str, str]],
        secret: Sequence[tuple[str, str]],
        roll: Sequence[tuple[str, str | None]],
    ) -> None:
        self.held.boxes[poll] = False
        self.held.named[poll] = {voter: (digest, text) for voter, digest, text in named}
        self.held.secret[poll] = sorted(secret)
        self.held.roll[poll] = sorted(roll)

    def cast(self, items: Sequence[Item]) -> list[Cast]:
        """Put ballots into their boxes, as `smolny.adapters.boxes.cast` does: the first
        ballots of a batch before its changes."""
        results: dict[int, Cast] = {}
        for i, item in enumerate(items):
            if not self.held.boxes.get(item.poll, False):
                results[i] = Cast.CLOSED
        wanted = [(i, item) for i, item in enumerate(items) if i not in results]
        for i, item in wanted:
            if isinstance(item, Ballot) and not item.change:
                results[i] = self._first_named(item)
            elif isinstance(item, SecretBallot) and item.replaces is None:
                results[i] = self._first_secret(item)
        for i, item in wanted:
            if isinstance(item, Ballot) and item.change:
                named = self.held.named.setdefault(item.poll, {})
                held = item.voter in named
                named[item.voter] = (item.hash, item.body)
                results[i] = Cast.CHANGED if held else Cast.ACCEPTED
            elif isinstance(item, SecretBallot) and item.replaces is not None:
                results[i] = self._change_secret(item)
        return [results[i] for i in range(len(items))]

    def _first_named(self, item: Ballot) -> Cast:
        named = self.held.named.setdefault(item.poll, {})
        if item.voter in named:
            return Cast.DUPLICATE
        named[item.voter] = (item.hash, item.body)
        return Cast.ACCEPTED

    def _first_secret(self, item: SecretBallot) -> Cast:
        on_roll = self.held.roll_pending.setdefault(item.poll, {})
        if item.voter in on_roll:
            return Cast.DUPLICATE
        on_roll[item.voter] = item.cast_by
        pending = self.held.secret_pending.setdefault(item.poll, {})
        pending[item.hash] = (item.body, item.change_key)
        return Cast.ACCEPTED

    def _change_secret(self, item: SecretBallot) -> Cast:
        if item.voter not in self.held.roll_pending.get(item.poll, {}):
            return Cast.UNKNOWN_BALLOT
        pending = self.held.secret_pending.setdefault(item.poll, {})
        replaced = [digest for digest, (_, key) in pending.items() if key == item.replaces]
        if not replaced:
            return Cast.UNKNOWN_BALLOT
        for digest in replaced:
            del pending[digest]
        pending[item.hash] = (item.body, item.change_key)
        return Cast.CHANGED

    # -- staff accounts

    def add_account(self, account: Account) -> None:
        if account.id in self.held.accounts or self.account_named(account.username):
            raise ValueError(f"account {account.username!r} exists already")
        self.held.accounts[account.id] = account

    def account(self, ident: str) -> Account | None:
        return self.held.accounts.get(ident)

    def account_named(self, username: str) -> Account | None:
        return next((a for a in self.held.accounts.values() if a.username == username), None)

    def set_password(self, ident: str, password_hash: str, must_change: bool) -> None:
        found = self.held.accounts[ident]
        self.held.accounts[ident] = Account(found.id, found.username, password_hash, must_change)

    # -- access codes

    def replace_access_codes(self, codes: Mapping[str, str]) -> None:
        self.held.codes = {h: d for h, d in self.held.codes.items() if d not in codes}
        self.held.codes.update({digest: delegate for delegate, digest in codes.items()})

    def delegate_of_code(self, code_hash: str) -> str | None:
        return self.held.codes.get(code_hash)

    def coded(self) -> set[str]:
        return set(self.held.codes.values())

    # -- logins

    def add_login(self, login: Login) -> None:
        self.held.logins[login.token_hash] = login

    def login(self, token_hash: str) -> Login | None:
        return self.held.logins.get(token_hash)

    def extend_login(self, token_hash: str, expires: int) -> None:
        found = self.held.logins.get(token_hash)
        if found is not None:
            self.held.logins[token_hash] = Login(
                found.token_hash, found.principal, found.role, expires
            )

    def end_login(self, token_hash: str) -> bool:
        return self.held.logins.pop(token_hash, None) is not None

    def end_logins_of(self, principals: Collection[str]) -> None:
        self.held.logins = {
            k: v for k, v in self.held.logins.items() if v.principal not in principals
        }


class _NoFanout:
    """One process holds a memory store: nobody else appends to it."""

    def announce(self, seq: int) -> None:
        """Nobody to tell."""

    def listen(self, heard: Callable[[int | None], None]) -> None:
        """Nothing to hear."""

    def close(self) -> None:
        """Nothing to stop."""


class MemoryWebhooks:
    """The subscriptions and the lease of a store in memory (one process: its own lease)."""

    def __init__(self) -> None:
        self._hooks: dict[str, Hook] = {}
        self._lock = threading.Lock()

    def add(self, hook: Hook) -> None:
        with self._lock:
            self._hooks[hook.id] = hook

    def all(self) -> list[Hook]:
        with self._lock:
            return [self._hooks[k] for k in sorted(self._hooks)]

    def get(self, ident: str) -> Hook | None:
        with self._lock:
            return self._hooks.get(ident)

    def remove(self, ident: str) -> bool:
        with self._lock:
            return self._hooks.pop(ident, None) is not None

    def delivered(self, hook: Hook, seq: int) -> None:
        with self._lock:
            now = self._hooks.get(hook.id)
            if now is not None and now.after_seq == hook.after_seq:
                self._hooks[hook.id] = replace(
                    now,
                    after_seq=seq,
                    attempts=0,
                    next_at=0.0,
                    last_error=None,
                    delivered=now.delivered + 1,
                )

    def failed(self, hook: Hook, next_at: float, error: str) -> None:
        with self._lock:
            now = self._hooks.get(hook.id)
            if now is not None:
                self._hooks[hook.id] = replace(
                    now, attempts=now.attempts + 1, next_at=next_at, last_error=error
                )

    def take_lease(self, holder: str, now: float, seconds: float) -> bool:
        return True

    def release_lease(self, holder: str) -> None:
        """Nobody else to hand it to."""


class MemoryLoginFailures:
    """The counts of failed logins of a store in memory (one process counts them)."""

    def __init__(self) -> None:
        self._counts: dict[str, Failures] = {}
        self._lock = threading.Lock()

    def locked_until(self, keys: Collection[str]) -> dict[str, float]:
        with self._lock:
            return {k: self._counts[k].locked_until for k in keys if k in self._counts}

    def count(
        self, keys: Sequence[str], now: float, window: float, wait: Callable[[str, int], float]
    ) -> list[Failures]:
        counted: list[Failures] = []
        with self._lock:
            for key in keys:
                held = self._counts.get(key)
                failures = 1
                if held is not None and now - max(held.last_at, held.locked_until) <= window:
                    failures = held.failures + 1
                self._counts[key] = Failures(key, failures, now, wait(key, failures))
                counted.append(self._counts[key])
            cutoff = now - window  # as the database forgets them
            self._counts = {
                k: f
                for k, f in self._counts.items()
                if not (f.last_at < cutoff and f.locked_until < cutoff)
            }
        return counted

    def clear(self, key: str) -> None:
        with self._lock:
            self._counts.pop(key, None)

    def waiting(self, now: float) -> list[Failures]:
        with self._lock:
            return [
                self._counts[k] for k in sorted(self._counts) if self._counts[k].locked_until > now
            ]

    def lift(
        self,
        now: float,
        key: str | None = None,
        prefix: str | None = None,
        suffix: str | None = None,
    ) -> int:
        def chosen(name: str) -> bool:
            if key is None and not prefix and not suffix:
                return True
            return (
                name == key
                or bool(prefix and name.startswith(prefix))
                or bool(suffix and name.endswith(suffix))
            )

        with self._lock:
            lifted = [k for k in self._counts if chosen(k)]
            waiting = sum(1 for k in lifted if self._counts[k].locked_until > now)
            for name in lifted:
                del self._counts[name]
        return waiting


class MemoryStore:
    """A store in memory (see the module)."""

    def __init__(self) -> None:
        self._held = _Held()
        self._write = threading.Lock()  # the journal's write lock, and the boxes'
        self.webhooks = MemoryWebhooks()
        self.login_failures = MemoryLoginFailures()

    @contextlib.contextmanager
    def reading(self) -> Iterator[MemoryTransaction]:
        # what was committed when it began; writers work on a copy of their own
        yield MemoryTransaction(self._held)

    @contextlib.contextmanager
    def writing(self) -> Iterator[MemoryTransaction]:
        with self._write:
            work = MemoryTransaction(self._held.copy())
            yield work
            self._held = work.held  # committed: nothing of it if the block raised

    def cast(self, items: Sequence[Item]) -> list[Cast]:
        with self.writing() as work:
            return work.cast(items)

    def add_logins(self, items: Sequence[Login]) -> list[None]:
        with self.writing() as work:
            for each in items:
                work.add_login(each)
        return [None] * len(items)

    def code_login(
        self, code_hash: str, keys: Sequence[str], inline: bool = False
    ) -> CodeLogin | None:
        with self.reading() as tx:
            ident = tx.delegate_of_code(code_hash)
        return ident, self.login_failures.locked_until(keys)

    def wipe_pending(self) -> bool:
        return True  # nothing of the order of the votes is left behind in memory

    def journal_watch(self) -> _NoFanout:
        return _NoFanout()

    @property
    def shareable(self) -> bool:
        return False

    def close(self) -> None:
        """Nothing to release."""
