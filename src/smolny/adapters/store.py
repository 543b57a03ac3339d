"""The storage the service works on, behind one small interface.

A `Store` holds the journal, the ballot boxes, the staff accounts, the delegates' access
codes and the logins; apart, the webhooks (`Webhooks`) and the counts of failed logins
(`LoginFailures`). The service reads and writes it in transactions (`Transaction`): a
writing one holds the journal's write lock, so that entries are appended after the head
one process at a time. Ballots take a way of their own (`Store.cast`): a batch of them in
one durable transaction, as the ballot writer hands them over.

Two stores keep to it: `SqlStore` (`smolny.adapters.sql_store`: SQLite or PostgreSQL,
what smolny runs on) and `MemoryStore` (`smolny.adapters.memory_store`: plain Python
containers, for fast tests of the service's rules). Both keep the same rules: one ballot
per voter unless it is a change, none after the close, a secret poll's roll and ballots
apart and sealed at its close.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

from smolny.record.entry import Entry


class Cast(enum.Enum):
    """What became of one ballot put into a box."""

    ACCEPTED = "accepted"
    CHANGED = "changed"  # it replaced the voter's earlier ballot
    DUPLICATE = "duplicate"
    CLOSED = "closed"
    UNKNOWN_BALLOT = "unknown-ballot"  # a change code that matches no ballot in the box


@dataclass(frozen=True)
class Ballot:
    """A named ballot ready for the box: its canonical text and that text's hash.

    With `change`, it replaces the voter's earlier ballot if there is one.
    """

    poll: str
    voter: str
    hash: str
    body: str
    change: bool = False


@dataclass(frozen=True)
class SecretBallot:
    """A secret ballot: the voter goes on the roll, the ballot (naming nobody) in the box.

    `change_key` lets the holder of its change code replace it later; `replaces` is the
    change key of the ballot this one replaces (the voter is on the roll already).
    """

    poll: str
    voter: str
    cast_by: str | None
    hash: str
    body: str
    change_key: str | None = None
    replaces: str | None = None


Item = Ballot | SecretBallot


@dataclass(frozen=True)
class Account:
    """A staff account as stored: its password only as a hash."""

    id: str
    username: str
    password_hash: str
    must_change: bool


@dataclass(frozen=True)
class Login:
    """A login as stored: its token only as a hash, and when it ends (unix seconds)."""

    token_hash: str
    principal: str
    role: str
    expires: int


# what an access-code login reads: the delegate of the code (None: no such code), and
# until when each of the login's lockout keys that has a count must wait (0: need not)
CodeLogin = tuple[str | None, dict[str, float]]


@dataclass(frozen=True)
class Hook:
    """A webhook's subscription as stored: where, signed with what, whose publications, and
    how its deliveries stand (the last entry dealt with, failures of the next delivery,
    when to try again)."""

    id: str
    url: str
    secret: str
    body: str
    what: str
    after_seq: int = 0
    attempts: int = 0
    next_at: float = 0.0  # unix seconds: not before then
    last_error: str | None = None
    delivered: int = 0


class Webhooks(Protocol):
    """The webhooks' subscriptions, and the lease that says which process delivers."""

    def add(self, hook: Hook) -> None:
        """Store a new subscription."""
        ...

    def all(self) -> list[Hook]:
        """Every subscription, in the order of their ids."""
        ...

    def get(self, ident: str) -> Hook | None:
        """One subscription as it stands now (None: removed)."""
        ...

    def remove(self, ident: str) -> bool:
        """Remove a subscription; False if there was none."""
        ...

    def delivered(self, hook: Hook, seq: int) -> None:
        """The publication at entry `seq` was taken: the cursor moves on to it, from where
        it was (a subscription removed or read again meanwhile is left as it is)."""
        ...

    def failed(self, hook: Hook, next_at: float, error: str) -> None:
        """A delivery failed: one more failure counted, and not again before `next_at`."""
        ...

    def take_lease(self, holder: str, now: float, seconds: float) -> bool:
        """Take or renew the lease for `seconds` from `now`; False while another holds it."""
        ...

    def release_lease(self, holder: str) -> None:
        """Give the lease up, if `holder` holds it, so that another process takes over."""
        ...


@dataclass(frozen=True)
class Failures:
    """Failed logins counted under one key (an address; an account or access code from an
    address): how many since the count last began again, when the latest was, and until
    when the key must wait (unix seconds; 0: it need not)."""

    key: str
    failures: int
    last_at: float
    locked_until: float


class LoginFailures(Protocol):
    """Failed logins, counted where every process sharing the store sees the same counts,
    in transactions of their own (counting never waits on the journal's lock)."""

    def locked_until(self, keys: Collection[str]) -> dict[str, float]:
        """Until when each of these keys that has a count must wait (0: it need not)."""
        ...

    def count(
        self, keys: Sequence[str], now: float, window: float, wait: Callable[[str, int], float]
    ) -> list[Failures]:
        """One more failure under each key, all in one transaction (one counter at a time):
        a count whose latest failure and wait both ended more than `window` seconds before
        `now` begins again at one; the key then waits until `wait(key, failures)` (0: it
        need not). Counts no one added to for a window, their waits over, are forgotten.
        Returns the counts as written, in the order of `keys`."""
        ...

    def clear(self, key: str) -> None:
        """Forget the count under `key` (writing nothing where there is none)."""
        ...

    def waiting(self, now: float) -> list[Failures]:
        """The counts that must wait beyond `now`, in the order of their keys."""
        ...

    def lift(
        self,
        now: float,
        key: str | None = None,
        prefix: str | None = None,
        suffix: str | None = None,
    ) -> int:
        """Forget the counts whose key is `key`, begins with `prefix` or ends with `suffix`
        (every count, when none is given); returns how many of them had to wait beyond
        `now`."""
        ...


class Fanout(Protocol):
    """Tells other processes the journal grew, and hears when they made it grow."""

    def announce(self, seq: int) -> None: ...

    def listen(self, heard: Callable[[int | None], None]) -> None: ...

    def close(self) -> None: ...


class Transaction(Protocol):
    """One transaction on a store: what it reads is one consistent view; what a writing
    transaction writes is all committed together at its end, or none of it."""

    # -- the journal
    def head(self) -> tuple[int, str]:
        """The last entry's seq and hash, or (0, GENESIS) for an empty journal."""
        ...

    def lines(self, after: int = 0, limit: int | None = None) -> list[tuple[int, str]]:
        """(seq, canonical line) of the entries after `after`, in order."""
        ...

    def stream(self) -> Iterator[tuple[int, str]]:
        """Every (seq, line) in order, read in batches."""
        ...

    def stream_rows(self) -> Iterator[tuple[int, str, str, str, str]]:
        """Every row as stored, (seq, hash, prev, kind, line), in order: for a verifier
        that checks the columns beside each line against the line."""
        ...

    def append(self, entries: Sequence[Entry]) -> None:
        """Append entries already chained after the head."""
        ...

    # -- the ballot boxes
    def open_box(self, poll: str) -> None:
        """Make an empty, open box for `poll`."""
        ...

    def shut_box(self, poll: str, secret: bool) -> list[tuple[str, str]]:
        """Shut the box (sealing a secret one: its roll and ballots in key order, the change
        keys gone); returns what it holds, as `ballots` does."""
        ...

    def ballots(self, poll: str) -> list[tuple[str, str]]:
        """(hash, canonical text) of every ballot in the box (a secret one's once sealed),
        ordered by hash."""
        ...

    def roll(self, poll: str) -> list[tuple[str, str | None]]:
        """Who voted in a sealed secret poll: (voter, proxy holder or None), by voter."""
        ...

    def voted(self, poll: str, secret: bool) -> int:
        """How many have voted in an open poll so far."""
        ...

    def cast_for(
        self, poll: str, voters: Collection[str], secret: bool, sealed: bool
    ) -> dict[str, str | None]:
        """Which of `voters` have a ballot in the box: voter -> the ballot's text (None in a
        secret poll, whose roll holds no ballot)."""
        ...

    def boxes(self) -> list[tuple[str, bool]]:
        """Every box: (poll, whether it is open)."""
        ...

    def restore_box(
        self,
        poll: str,
        named: Sequence[tuple[str, str, str]],
        secret: Sequence[tuple[str, str]],
        roll: Sequence[tuple[str, str | None]],
    ) -> None:
        """Put back a closed box from an archive: named ballots (voter, hash, text), secret
        ones (hash, text) and the roll (voter, proxy holder or None)."""
        ...

    # -- staff accounts
    def add_account(self, account: Account) -> None:
        """Store a new account."""
        ...

    def account(self, ident: str) -> Account | None:
        """The account with this id."""
        ...

    def account_named(self, username: str) -> Account | None:
        """The account with this user name."""
        ...

    def set_password(self, ident: str, password_hash: str, must_change: bool) -> None:
        """Replace an account's password hash."""
        ...

    # -- access codes
    def replace_access_codes(self, codes: Mapping[str, str]) -> None:
        """Give each delegate named (delegate -> code hash) that code, in place of their old one."""
        ...

    def delegate_of_code(self, code_hash: str) -> str | None:
        """The delegate whose access code has this hash."""
        ...

    def coded(self) -> set[str]:
        """The delegates who hold an access code."""
        ...

    # -- logins
    def add_login(self, login: Login) -> None:
        """Store a new login."""
        ...

    def login(self, token_hash: str) -> Login | None:
        """The login whose token has this hash."""
        ...

    def extend_login(self, token_hash: str, expires: int) -> None:
        """Move a login's end."""
        ...

    def end_login(self, token_hash: str) -> bool:
        """End one login; False if there was none."""
        ...

    def end_logins_of(self, principals: Collection[str]) -> None:
        """End every login of these accounts or delegates."""
        ...


class Store(Protocol):
    """Where the record, the boxes and the logins are kept (see the module)."""

    webhooks: Webhooks
    login_failures: LoginFailures

    def reading(self) -> AbstractContextManager[Transaction]:
        """A read-only transaction: a consistent view, holding no lock against writers."""
        ...

    def writing(self) -> AbstractContextManager[Transaction]:
        """A transaction holding the journal's write lock (exclusive among writers, in
        every process), committed when it ends without an exception."""
        ...

    def cast(self, items: Sequence[Item]) -> list[Cast]:
        """Put a batch of ballots into their boxes in one durable transaction; one outcome
        per ballot. A ballot for a closed box, or a second ballot by the same voter (unless
        it is a change), is not written."""
        ...

    def add_logins(self, logins: Sequence[Login]) -> list[None]:
        """Store a batch of new logins in one durable transaction (a hall logging in at
        once: see `smolny.service.ballot_writer`); one outcome (None) per login."""
        ...

    def code_login(
        self, code_hash: str, keys: Sequence[str], inline: bool = False
    ) -> CodeLogin | None:
        """The delegate whose access code has this hash, and the waits of the lockout keys
        `keys` (as `LoginFailures.locked_until`), in one read. `inline`: only if it can be
        done at once, without waiting and without a thread (from the event loop: SQLite's
        file; never PostgreSQL's network), else None."""
        ...

    def wipe_pending(self) -> bool:
        """Leave no trace of sealed secret ballots' order in the store (outside any
        transaction); False if it could not (it is tried again at the next close)."""
        ...

    def journal_watch(self) -> Fanout:
        """A fan-out that hears other processes append by reading the journal's head."""
        ...

    @property
    def shareable(self) -> bool:
        """Whether other processes can open this store too (a database file or server)."""
        ...

    def close(self) -> None:
        """Release what the store holds (connections, files)."""
        ...
