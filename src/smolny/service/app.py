"""The service layer: the one door of smolny, one per process, shared by every request.

`Smolny` is the unit of work (`smolny.service.unit_of_work`: the state folded from the
journal, commands decided and recorded in one transaction) with its parts:

- `ballots` (`smolny.service.ballots`): casting ballots, settling what became of them,
  closing and cancelling polls, progress, the published box;
- `accounts` (`smolny.service.accounts`): staff accounts and passwords, access codes,
  logins;
- `timekeeper` (`smolny.service.timekeeper`): polls opened and closed at their times.

What the screens, the API and the command line show is read through the read side,
`smolny.service.views`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from smolny import procedure
from smolny.adapters.memory_store import MemoryStore
from smolny.adapters.sql_store import SqlStore
from smolny.adapters.store import Fanout as Fanout
from smolny.adapters.store import Store
from smolny.service.accounts import LOGIN_RECHECK_SECONDS as LOGIN_RECHECK_SECONDS
from smolny.service.accounts import LOGIN_SECONDS as LOGIN_SECONDS
from smolny.service.accounts import Accounts
from smolny.service.ballot_writer import BallotWriter
from smolny.service.ballots import Ballots
from smolny.service.ballots import Receipt as Receipt
from smolny.service.ballots import VoteRequest as VoteRequest
from smolny.service.clock import Clock as Clock
from smolny.service.clock import stamp as stamp
from smolny.service.clock import utc_now
from smolny.service.lockout import LoginPolicy
from smolny.service.principals import SYSTEM as SYSTEM
from smolny.service.principals import Principal as Principal
from smolny.service.timekeeper import Timekeeper
from smolny.service.unit_of_work import BrokenRecord as BrokenRecord
from smolny.service.unit_of_work import UnitOfWork

if TYPE_CHECKING:
    from sqlalchemy import Engine


class Unreachable(Exception):
    """A server smolny was told to use (Redis) does not answer; the message says why."""


class Smolny(UnitOfWork):
    """The application: one per process, shared by every request."""

    def __init__(
        self,
        store: Store,
        clock: Clock = utc_now,
        rulebooks: Sequence[procedure.Rulebook] = (),
        login_policy: LoginPolicy | None = None,
        workflows: Sequence[procedure.Workflow] = (),
    ) -> None:
        known = {name: procedure.load_rulebook(name) for name in procedure.bundled_rulebooks()}
        # an organisation's own standing orders, by the key their file gives
        known.update({rulebook.key: rulebook for rulebook in rulebooks})
        # and its own workflows for a congress's papers, likewise
        super().__init__(store, clock, known, {w.key: w for w in workflows})
        self.writer = BallotWriter(store.cast)
        self.ballots = Ballots(self, self.writer)
        self.accounts = Accounts(self, login_policy)
        self.timekeeper = Timekeeper(self, self.ballots)

    @classmethod
    def open(
        cls,
        url: str,
        clock: Clock = utc_now,
        pool_size: int = 8,
        rulebooks: Sequence[procedure.Rulebook] = (),
        workflows: Sequence[procedure.Workflow] = (),
    ) -> Smolny:
        """Open (and migrate) the database at `url` and load its journal, verifying it."""
        store = SqlStore.open(url, pool_size=pool_size)
        app = cls(store, clock, rulebooks, workflows=workflows)
        app.load()
        return app

    @classmethod
    def in_memory(
        cls,
        clock: Clock = utc_now,
        rulebooks: Sequence[procedure.Rulebook] = (),
        login_policy: LoginPolicy | None = None,
        workflows: Sequence[procedure.Workflow] = (),
    ) -> Smolny:
        """A service on a new store in memory (for fast tests of its rules): nothing is kept."""
        return cls(MemoryStore(), clock, rulebooks, login_policy, workflows)

    @property
    def engine(self) -> Engine:
        """The database engine of a service on SQLite or PostgreSQL (for tools and tests
        that look into the database itself)."""
        if not isinstance(self.store, SqlStore):
            raise AttributeError("a service in memory has no database engine")
        return self.store.engine

    @property
    def shareable(self) -> bool:
        """Whether other processes can open this service's store too (a database file or
        server, as the workers of `smolny serve --workers N` share)."""
        return self.store.shareable

    def watch_journal(self) -> None:
        """Hear other processes sharing the store by reading the journal's head a few
        times a second (the workers of `smolny serve --workers N` without Redis)."""
        self.attach_fanout(self.store.journal_watch())

    def join_redis(self, url: str) -> None:
        """Share live updates with the processes on the Redis at `url`; `Unreachable` if it
        does not answer."""
        from smolny.adapters.fanout import RedisFanout

        check_redis(url)
        self.attach_fanout(RedisFanout(url))

    def close(self) -> None:
        """Write queued ballots and release the store."""
        self.timekeeper.stop()
        if self.fanout is not None:
            self.fanout.close()
        self.writer.stop()
        self.accounts.login_writer.stop()
        self.store.close()


def check_redis(url: str) -> None:
    """Refuse (`Unreachable`, saying why) unless the Redis at `url` answers."""
    from smolny.adapters.fanout import RedisUnreachable, ping

    try:
        ping(url)
    except RedisUnreachable as exc:
        raise Unreachable(f"{url}: Redis does not answer ({exc})") from None
