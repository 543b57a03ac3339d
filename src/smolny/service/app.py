"""The service layer: commands in, events decided by the domain, appended in one unit of work.

`Smolny` holds the assembly's state as folded from the journal. Every command runs
in a write transaction: catch up with entries other processes appended, decide,
append the entries after the head, commit, then fold them in and publish them.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import secrets
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from smolny import procedure
from smolny.adapters import boxes, journal
from smolny.adapters import credentials as creds
from smolny.adapters.box_count import BoxError, Register
from smolny.adapters.boxes import Cast
from smolny.adapters.database import migrate, open_engine, read_transaction, write_transaction
from smolny.adapters.schema import access_code, account, login
from smolny.domain import commands as c
from smolny.domain import joint, polls
from smolny.domain.decide import decide, poll_of
from smolny.domain.errors import Forbidden, Invalid, NotFound, OutOfOrder, Unauthenticated
from smolny.domain.events import Event
from smolny.domain.registry import FOLDS
from smolny.domain.state import Assembly, Poll
from smolny.record import canonical
from smolny.record.ballotbox import box_digest, roll_line
from smolny.record.chain import walk
from smolny.record.entry import Entry, make_entry
from smolny.service import permissions
from smolny.service.ballot_writer import BallotWriter
from smolny.service.bus import MessageBus
from smolny.service.lockout import LoginGuard, LoginPolicy
from smolny.service.timekeeper import Timekeeper

LOGIN_SECONDS = LoginPolicy.absolute_seconds  # the default; see `Smolny.login_policy`
LOGIN_RECHECK_SECONDS = 60  # a login ended in another process ends here within this
log = logging.getLogger(__name__)


class Fanout(Protocol):
    """Tells other processes the journal grew, and hears when they made it grow."""

    def announce(self, seq: int) -> None: ...

    def listen(self, heard: Callable[[int | None], None]) -> None: ...

    def close(self) -> None: ...


Clock = Callable[[], datetime]


class BrokenRecord(Exception):
    """The journal in the database does not verify; smolny will not work on it."""


def utc_now() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    """The record's form of a time: UTC, microseconds, 'Z'."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class Principal:
    """Who is acting: a staff account or a delegate, with a role."""

    id: str  # "a1" for an account, "d17" for a delegate
    role: str  # "admin", "chair", "secretary", "delegate"
    name: str
    must_change_password: bool = False

    @property
    def actor(self) -> str:
        """The principal as the journal names an actor."""
        if self.role == "system":
            return "system"
        kind = "delegate" if self.role == "delegate" else "account"
        return f"{kind}:{self.id}"


SYSTEM = Principal("system", "system", "smolny")


@dataclass(frozen=True)
class VoteRequest:
    """One ballot asked for: its answer ({"choice": ...}, {"choices": [...]} or
    {"ranking": [...]}), for whom (None: oneself), and the change code of the ballot
    it replaces (a secret poll whose votes may be changed)."""

    answer: dict[str, object]
    voter: str | None = None
    change: str | None = None


@dataclass(frozen=True)
class Receipt:
    """What a voter takes away: whose ballot, its hash (to find it in the published box)
    and, where votes may be changed in a secret poll, the code that changes it."""

    voter: str
    hash: str
    change_code: str | None


class Smolny:
    """The application: one per process, shared by every request."""

    def __init__(
        self,
        engine: Engine,
        clock: Clock = utc_now,
        rulebooks: Sequence[procedure.Rulebook] = (),
        login_policy: LoginPolicy | None = None,
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.rulebooks = {
            name: procedure.load_rulebook(name) for name in procedure.bundled_rulebooks()
        }
        # an organisation's own standing orders, by the key their file gives
        self.rulebooks.update({rulebook.key: rulebook for rulebook in rulebooks})
        self.state = Assembly(rulebooks=self.rulebooks, folds=FOLDS)
        self.bus: MessageBus[Sequence[Entry]] = MessageBus()
        self.progress_bus: MessageBus[dict[str, object]] = MessageBus()
        self.timekeeper = Timekeeper(self)
        self.ballots = BallotWriter(engine)
        self.lock = threading.RLock()
        self.fanout: Fanout | None = None
        # token hash -> (principal, expires, when last checked in the database)
        self._logins: dict[str, tuple[Principal, int, float]] = {}
        # how long logins last (SMOLNY_LOGIN_* variables), and the failed ones counted
        self.login_policy = login_policy or LoginPolicy.from_environ()
        self.login_guard = LoginGuard(self.login_policy)
        # each ballot's nonce (a golden test replays the demo with a seeded one)
        self.nonce: Callable[[], str] = lambda: secrets.token_hex(16)

    @classmethod
    def open(
        cls,
        url: str,
        clock: Clock = utc_now,
        pool_size: int = 8,
        rulebooks: Sequence[procedure.Rulebook] = (),
    ) -> Smolny:
        """Open (and migrate) the database at `url` and load its journal, verifying it."""
        engine = open_engine(url, pool_size=pool_size)
        migrate(engine)
        app = cls(engine, clock, rulebooks)
        app.load()
        return app

    def close(self) -> None:
        """Write queued ballots and release the database."""
        self.timekeeper.stop()
        if self.fanout is not None:
            self.fanout.close()
        self.ballots.stop()
        self.engine.dispose()

    # -- the journal -----------------------------------------------------------------

    def load(self) -> None:
        """Fold the whole journal into a fresh state, checking the chain as it goes."""
        with read_transaction(self.engine) as conn:
            report = walk(journal.stream(conn))
        if not report.ok:
            assert report.broken is not None
            raise BrokenRecord(f"the journal does not verify: {report.broken.describe()}")
        state = Assembly(rulebooks=self.rulebooks, folds=FOLDS)
        for entry in report.entries:
            self._fold(state, entry)
        with self.lock:
            self.state = state

    @staticmethod
    def _fold(state: Assembly, entry: Entry) -> None:
        state.apply(Event(entry.kind, entry.data), entry.at, entry.actor)
        state.seq = entry.seq
        state.head = entry.hash

    def _catch_up(self, conn: Connection) -> list[Entry]:
        # entries another process appended since we last looked; the caller holds the lock
        caught: list[Entry] = []
        for _, text in journal.lines(conn, after=self.state.seq):
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
            self._fold(self.state, entry)
            caught.append(entry)
        return caught

    def refresh(self) -> list[Entry]:
        """Fold in what other processes appended, and publish it to this process's screens."""
        with self.lock, read_transaction(self.engine) as conn:
            caught = self._catch_up(conn)
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

    def execute(
        self,
        command: c.Command,
        by: Principal = SYSTEM,
        also: Callable[[Connection, list[Entry]], None] | None = None,
    ) -> list[Entry]:
        """Decide `command` and record its events in one transaction; refuse with a Refusal."""
        return self._unit_of_work(lambda conn: command, by, also)

    def _unit_of_work(
        self,
        command_in: Callable[[Connection], c.Command],
        by: Principal,
        also: Callable[[Connection, list[Entry]], None] | None = None,
    ) -> list[Entry]:
        # One transaction holding the journal's lock: catch up with other processes, build
        # the command (it may read the database, as a close reads its box), decide, append;
        # after the commit, fold the entries in and publish them.
        with self.lock, write_transaction(self.engine) as conn:
            caught = self._catch_up(conn)
            command = command_in(conn)
            if by.role == "delegate":
                command = _delegate_scope(self.state, command, by)
            events = decide(self.state, self._timed(command))
            entries = self._record(conn, events, by)
            if also is not None:
                also(conn, entries)
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

    def _record(self, conn: Connection, events: Sequence[Event], by: Principal) -> list[Entry]:
        at = stamp(self.clock())
        seq, prev = self.state.seq, self.state.head
        entries: list[Entry] = []
        for event in events:
            seq += 1
            entry = make_entry(seq, at, event.kind, by.actor, event.data, prev)
            entries.append(entry)
            prev = entry.hash
        journal.append(conn, entries)
        for entry in entries:
            if entry.kind == "poll.opened" and entry.data["method"] in polls.BOX_METHODS:
                boxes.open_box(conn, entry.data["poll"])
        return entries

    def _after_commit(self, caught: list[Entry], entries: list[Entry]) -> None:
        with self.lock:
            for entry in entries:
                if entry.seq == self.state.seq + 1:
                    self._fold(self.state, entry)
        self.bus.publish(caught + entries)
        if self.fanout is not None and entries:
            self.fanout.announce(entries[-1].seq)

    # -- polls -----------------------------------------------------------------------

    def close_poll(self, poll: str, by: Principal = SYSTEM) -> list[Entry]:
        """Close a poll: shut and count its box (or sum the tellers' counts), and record the
        count, the digest and the decision or outcome."""
        secret = False

        def counted(conn: Connection) -> c.Command:
            nonlocal secret
            record = poll_of(self.state, poll)
            if record.state != "open":
                raise OutOfOrder("poll-closed", f"poll {poll} is {record.state}, not open")
            if record.method in polls.TELLER_METHODS:
                return c.ClosePoll(poll)
            secret = record.secret
            try:
                count = boxes.close_box(conn, poll, Register.of(record.opened), secret)
            except BoxError as exc:  # nothing is recorded, and the box stays as it was
                raise OutOfOrder("box-tampered", f"poll {poll} cannot be closed: {exc}") from None
            if record.opened.get("by_body") and not secret:  # a joint poll counted by body
                split = joint.split_box(self.state, record, boxes.ballots(conn, poll))
                count = replace(count, by_body=split)
            return c.ClosePoll(poll, count)

        entries = self._unit_of_work(counted, by)
        if secret:
            self._wipe_pending()
        return entries

    def cancel_poll(self, poll: str, reason: str, by: Principal = SYSTEM) -> list[Entry]:
        """Cancel an open or scheduled poll with its reason: the box is shut and kept, its
        digest recorded, nothing counted; the question is before the body again."""
        secret = False

        def shut(conn: Connection) -> c.Command:
            nonlocal secret
            record = poll_of(self.state, poll)
            if record.state != "open" or record.method in polls.TELLER_METHODS:
                return c.CancelPoll(poll, reason, 0, "")
            secret = record.secret
            held = boxes.shut_box(conn, poll, secret)
            digest = box_digest(h for h, _ in held)
            if not secret:
                return c.CancelPoll(poll, reason, len(held), digest)
            names = [roll_line(voter, by) for voter, by in boxes.roll_of(conn, poll)]
            roll = (len(names), box_digest(names))
            return c.CancelPoll(poll, reason, len(held), digest, roll=roll)

        entries = self._unit_of_work(shut, by)
        if secret:
            self._wipe_pending()
        return entries

    def _wipe_pending(self) -> None:
        try:
            with self.engine.connect() as conn:
                boxes.wipe_pending(conn.execution_options(isolation_level="AUTOCOMMIT"))
        except SQLAlchemyError:  # the box is sealed; the wipe is tried again at the next close
            log.exception("could not wipe the pending ballot tables")

    def cast_votes(
        self, poll: str, by: Principal, votes: Sequence[VoteRequest]
    ) -> list[tuple[Receipt, Future[Cast]]]:
        """Check and queue ballots: for oneself, for the delegates whose proxy one holds, or
        (the secretary at a roll call) for the delegate called. All are checked before any is
        queued. Each comes back with its receipt and a future that resolves once the ballot
        is durably in the box (or was refused there)."""
        record = self.state.polls.get(poll)
        if self.fanout is not None and (record is None or record.state != "open"):
            self.refresh()  # another process may have opened it a moment ago
            record = self.state.polls.get(poll)
        if record is None:
            raise NotFound("unknown-poll", f"there is no poll {poll!r}", field="poll")
        if not votes:
            raise Invalid("required", "no vote given", field="choice")
        if record.state != "open":
            raise OutOfOrder("poll-closed", f"poll {poll} is {record.state}")
        if record.method in polls.TELLER_METHODS:
            raise OutOfOrder(
                "counted-by-tellers", f"poll {poll} is a {record.method}: the tellers count it"
            )
        question = polls.Question.of(record.opened)
        items: list[tuple[Receipt, boxes.Item]] = []
        seen: set[str] = set()
        for vote in votes:
            voter = self._voter(record, by, vote.voter)
            if voter in seen:
                raise Invalid("duplicate", f"two ballots for {voter} at once", field="for")
            seen.add(voter)
            try:
                answer = polls.vote_fields(question, vote.answer)
            except polls.VoteError as exc:
                raise Invalid(exc.rule, str(exc), field=exc.field) from None
            if vote.change is not None and not (record.changeable and record.secret):
                raise Invalid(
                    "not-changeable",
                    "votes in this poll cannot be changed"
                    if not record.changeable
                    else "a named vote is changed by voting again, without a change code",
                    field="change",
                )
            body: dict[str, object] = {"v": 1, "poll": poll}
            if not record.secret:
                body["voter"] = voter
                if by.role == "delegate" and by.id != voter:
                    body["proxy"] = by.id
                elif by.role != "delegate":
                    body["by"] = by.actor
            body.update(answer, weight=record.eligible[voter], nonce=self.nonce())
            text_ = canonical.dumps(body)
            receipt = hashlib.sha256(text_.encode()).hexdigest()  # = ballot_hash(body)
            if record.secret:
                code = creds.new_token() if record.changeable else None
                # The code is bound to its voter: it changes the ballot cast for that voter
                # and no other (one cast for a delegator, or of another weight).
                key = _change_key(voter, code) if code else None
                replaces = _change_key(voter, vote.change) if vote.change else None
                items.append(
                    (
                        Receipt(voter, receipt, code),
                        boxes.SecretBallot(
                            poll,
                            voter,
                            by.id if by.id != voter else None,
                            receipt,
                            text_,
                            change_key=key,
                            replaces=replaces,
                        ),
                    )
                )
            else:
                items.append(
                    (
                        Receipt(voter, receipt, None),
                        boxes.Ballot(poll, voter, receipt, text_, change=record.changeable),
                    )
                )
        return [(receipt, self.ballots.submit(item)) for receipt, item in items]

    def cast_vote(self, poll: str, voter: Principal, choice: str) -> tuple[str, Future[Cast]]:
        """Queue a delegate's own single-choice ballot: its receipt and its future."""
        [(receipt, future)] = self.cast_votes(poll, voter, [VoteRequest({"choice": choice})])
        return receipt.hash, future

    def _voter(self, record: Poll, by: Principal, named: str | None) -> str:
        # Whom `by` may cast this ballot for, or a refusal saying why not.
        if by.role == "delegate":
            voter = named or by.id
            session = self.state.sessions.get(record.session)
            permissions.require_delegate(
                "vote.cast",
                by.id,
                session.procedure.delegate_ids() if session is not None else (),
                f"the sitting that holds poll {record.id}",
            )
        elif by.role in ("chair", "secretary", "admin") and record.method == "roll-call":
            if named is None:
                raise Invalid("required", "name the delegate whose vote this is", field="for")
            voter = named
        else:
            raise OutOfOrder(
                "not-a-delegate",
                "only a delegate can vote (at a roll call, the secretary may enter votes)",
            )
        # A suspended mandate has no vote, whether or not it is on the register (it was
        # suspended before the poll opened, or after), and casts none for others.
        for person in dict.fromkeys((by.id, voter)):
            delegate = self.state.delegates.get(person)
            if delegate is not None and delegate.suspended is not None:
                raise OutOfOrder(
                    "mandate-suspended",
                    f"the mandate of {person} is suspended ({delegate.suspended}): no vote",
                )
            # so has a mandate recalled, annulled or lapsed since the register was taken
            if delegate is not None and delegate.mandate is not None:
                why = delegate.why_no_vote(stamp(self.clock()))
                if why is not None:
                    raise OutOfOrder("mandate-withdrawn", f"{why}: no vote")
        if by.role == "delegate":
            if voter not in record.voters_for(by.id):
                holder = record.proxies.get(voter)
                if voter != by.id:
                    raise OutOfOrder(
                        "not-proxy-holder",
                        f"{by.id} holds no proxy of {voter} in poll {record.id}"
                        + (f" ({holder} does)" if holder else ""),
                        field="for",
                    )
                delegate = self.state.delegates.get(voter)
                why = delegate.why_no_vote() if delegate is not None else None
                if holder is not None:
                    why = f"{voter} gave their proxy to {holder}, who votes for them"
                raise OutOfOrder(
                    "not-eligible",
                    f"{voter} is not on the register of poll {record.id}: "
                    + (why or "not a voting delegate present when it opened"),
                )
        elif voter not in record.eligible:
            raise OutOfOrder("not-eligible", f"{voter} is not on the register of poll {record.id}")
        return voter

    def progress(self, poll: str) -> dict[str, object]:
        """How many of how many have voted in a poll, read from its box."""
        record = poll_of(self.state, poll)
        if record.method in polls.TELLER_METHODS or record.state == "scheduled":
            voted = sum(polls.teller_total(e["counts"]) for e in record.counts.values())
        elif record.state == "open":
            with read_transaction(self.engine) as conn:
                voted = boxes.voted(conn, poll, record.secret)
        else:
            voted = (record.result or {}).get("box", {}).get("ballots", 0)
        return {
            "poll": poll,
            "state": record.state,
            "voted": voted,
            "eligible": len(record.eligible),
        }

    def box_ballots(self, poll: str) -> list[tuple[str, str]]:
        """The published box: (hash, ballot) of every ballot of a closed poll."""
        with read_transaction(self.engine) as conn:
            return boxes.ballots(conn, poll)

    def box_roll(self, poll: str) -> list[tuple[str, str | None]]:
        """Who voted in a closed secret poll (voter, proxy holder or None)."""
        with read_transaction(self.engine) as conn:
            return boxes.roll_of(conn, poll)

    # -- accounts, access codes and logins ----------------------------------------------

    def create_account(
        self, username: str, role: str, password: str | None = None, by: Principal = SYSTEM
    ) -> tuple[str, str]:
        """Create a staff account; returns (id, password). A generated password must be changed."""
        one_time = password is None
        secret = creds.new_password() if password is None else password
        if not one_time and len(secret) < 12:
            raise Invalid(
                "password", "a password must have at least 12 characters", field="password"
            )
        digest = creds.hash_password(secret)

        def store(conn: Connection, entries: list[Entry]) -> None:
            conn.execute(
                insert(account).values(
                    id=entries[0].data["account"],
                    username=username,
                    password_hash=digest,
                    must_change=one_time,
                )
            )

        entries = self.execute(c.CreateAccount(username, role), by, also=store)
        return entries[0].data["account"], secret

    def has_accounts(self) -> bool:
        """True once any staff account exists."""
        return bool(self.state.accounts)

    def issue_access_codes(
        self, body: str, delegates: Sequence[str], by: Principal = SYSTEM
    ) -> dict[str, str]:
        """New access codes for these delegates, shown once and stored hashed.

        Their old codes stop working and their logins end. The record says who issued
        codes to whom (never the codes).
        """
        codes = {ident: creds.new_access_code() for ident in delegates}

        def store(conn: Connection, entries: list[Entry]) -> None:
            named = list(codes)
            conn.execute(delete(access_code).where(access_code.c.delegate.in_(named)))
            conn.execute(delete(login).where(login.c.principal.in_(named)))
            conn.execute(
                insert(access_code),
                [
                    {"code_hash": creds.hash_access_code(code), "delegate": d}
                    for d, code in codes.items()
                ],
            )

        self.execute(c.IssueAccessCodes(body, tuple(delegates)), by, also=store)
        self._logins = {k: v for k, v in self._logins.items() if v[0].id not in codes}
        return codes

    def login_staff(self, username: str, password: str) -> tuple[str, Principal]:
        """A bearer token for a staff account, or a refusal not saying which part was wrong."""
        with read_transaction(self.engine) as conn:
            row = conn.execute(select(account).where(account.c.username == username)).first()
        if row is None:
            creds.check_password(_dummy_hash(), password)  # as slow as a known name
            raise _bad_login()
        if not creds.check_password(row.password_hash, password):
            raise _bad_login()
        if row.id not in self.state.accounts:  # created by another process a moment ago
            self.refresh()
        account_record = self.state.accounts.get(row.id)
        if account_record is None:
            raise _bad_login()
        role = account_record["role"]
        principal = Principal(row.id, role, row.username, row.must_change)
        return self._new_login(principal), principal

    def login_delegate(self, code: str) -> tuple[str, Principal]:
        """A bearer token for the delegate whose access code this is."""
        with read_transaction(self.engine) as conn:
            row = conn.execute(
                select(access_code.c.delegate).where(
                    access_code.c.code_hash == creds.hash_access_code(code)
                )
            ).first()
        if row is None:
            raise _bad_login()
        if row.delegate not in self.state.delegates:  # registered by another process
            self.refresh()
        delegate = self.state.delegates.get(row.delegate)
        if delegate is None:
            raise _bad_login()
        principal = Principal(delegate.id, "delegate", delegate.name)
        return self._new_login(principal), principal

    def change_password(self, principal: Principal, old: str, new: str) -> None:
        """Replace a staff account's password after checking the old one."""
        if principal.role == "delegate":
            raise OutOfOrder("not-staff", "delegates log in with an access code, not a password")
        if len(new) < 12:
            raise Invalid("password", "a password must have at least 12 characters", field="new")
        with write_transaction(self.engine) as conn:
            row = conn.execute(select(account).where(account.c.id == principal.id)).one()
            if not creds.check_password(row.password_hash, old):
                raise Invalid("password", "the old password is wrong", field="old")
            conn.execute(
                update(account)
                .where(account.c.id == principal.id)
                .values(password_hash=creds.hash_password(new), must_change=False)
            )
            conn.execute(delete(login).where(login.c.principal == principal.id))
        self._logins = {k: v for k, v in self._logins.items() if v[0].id != principal.id}

    def reset_password(self, username: str, password: str | None = None) -> str:
        """Give a staff account a new password (a one-time one if none is given); returns it."""
        secret = creds.new_password() if password is None else password
        with write_transaction(self.engine) as conn:
            row = conn.execute(select(account.c.id).where(account.c.username == username)).first()
            if row is None:
                raise NotFound("unknown-account", f"there is no account {username!r}")
            conn.execute(
                update(account)
                .where(account.c.id == row.id)
                .values(password_hash=creds.hash_password(secret), must_change=password is None)
            )
            conn.execute(delete(login).where(login.c.principal == row.id))
        self._logins = {k: v for k, v in self._logins.items() if v[0].id != row.id}
        return secret

    def _new_login(self, principal: Principal) -> str:
        # The token carries when it was issued (its hash must match, so it cannot be
        # changed): the absolute end of the login, while `expires` is the idle end, moved
        # on as the login is used (see `who`).
        now = int(_now())
        token = f"{creds.new_token()}.{now:x}"
        policy = self.login_policy
        expires = now + min(policy.idle_seconds, policy.absolute_seconds)
        with write_transaction(self.engine) as conn:
            conn.execute(
                insert(login).values(
                    token_hash=creds.hash_token(token),
                    principal=principal.id,
                    role=principal.role,
                    expires=expires,
                )
            )
        self._logins[creds.hash_token(token)] = (principal, expires, _now())
        return token

    def known_login(self, token: str) -> Principal | None:
        """The principal of a token this process checked in the database within a minute."""
        cached = self._logins.get(creds.hash_token(token))
        now = _now()
        if cached is None or cached[1] <= now or now - cached[2] > LOGIN_RECHECK_SECONDS:
            return None  # ended, or perhaps ended by another process: ask the database
        return cached[0]

    def who(self, token: str) -> Principal | None:
        """The principal a bearer token stands for, or None if unknown or expired."""
        key = creds.hash_token(token)
        now = int(_now())
        with read_transaction(self.engine) as conn:
            row = conn.execute(select(login).where(login.c.token_hash == key)).first()
            if row is None or row.expires <= now:
                self._logins.pop(key, None)
                return None
            if row.role == "delegate":
                delegate = self.state.delegates.get(row.principal)
                if delegate is None and self.fanout is not None:
                    self.refresh()  # registered by another process a moment ago
                    delegate = self.state.delegates.get(row.principal)
                if delegate is None:
                    return None
                principal = Principal(delegate.id, "delegate", delegate.name)
            else:
                acct = conn.execute(select(account).where(account.c.id == row.principal)).one()
                principal = Principal(acct.id, row.role, acct.username, acct.must_change)
        expires = self._idle_end(token, key, row.expires, now)
        if expires <= now:  # past its absolute end
            self._logins.pop(key, None)
            return None
        self._logins[key] = (principal, expires, _now())
        return principal

    def _idle_end(self, token: str, key: str, expires: int, now: int) -> int:
        """When a login in use now ends: its idle end moved on to a full idle time (but
        never past its absolute end), written only once half the idle time has gone, so
        that an active login costs a write an hour, not one a minute."""
        policy = self.login_policy
        issued = _issued(token)
        if issued is None:  # a token from before logins slid: its end stays where it is
            return expires
        absolute = issued + policy.absolute_seconds
        if now >= absolute:
            return absolute
        wanted = min(now + policy.idle_seconds, absolute)
        if expires - now >= policy.idle_seconds // 2 or wanted <= expires:
            return min(expires, absolute)
        try:
            with write_transaction(self.engine) as conn:
                conn.execute(update(login).where(login.c.token_hash == key).values(expires=wanted))
        except SQLAlchemyError:  # busy: the login keeps its end, and is moved at the next check
            log.warning("could not move a login's idle end on", exc_info=True)
            return expires
        return wanted

    def end_login(self, token: str) -> bool:
        """Log out: the token stops working here at once, and in other processes within
        `LOGIN_RECHECK_SECONDS`. False if it was no login."""
        key = creds.hash_token(token)
        self._logins.pop(key, None)
        with write_transaction(self.engine) as conn:
            ended = conn.execute(delete(login).where(login.c.token_hash == key)).rowcount
        return bool(ended)


def _now() -> float:
    """The time logins are measured by (seconds since the epoch)."""
    return time.time()


def _issued(token: str) -> int | None:
    """When a token was issued, from its suffix; None for a token without one."""
    _, dot, stamp_ = token.rpartition(".")
    if not dot or not stamp_ or len(stamp_) > 12:
        return None
    try:
        return int(stamp_, 16)
    except ValueError:
        return None


def _delegate_scope(state: Assembly, command: c.Command, by: Principal) -> c.Command:
    """Refuse (403) a delegate's command outside their own body (or a sitting it is in), or
    one the matrix does not let a delegate give (`smolny.service.permissions`); a delegate of
    a credentials committee checks credentials for it. An unknown session or body is left
    to the engine to name (the record is public)."""
    match command:
        case c.Act(session=ident):
            session = state.sessions.get(ident)
            if session is not None:
                sitting = session.procedure.delegate_ids()
                permissions.require_delegate("procedure.member", by.id, sitting, f"session {ident}")
        case c.GiveProxy(body=slug) | c.WithdrawProxy(body=slug):
            if slug in state.bodies:
                members = state.bodies[slug].delegates
                permissions.require_delegate("proxy.give", by.id, members, slug)
        case c.ContestMandate(body=slug):
            if slug in state.bodies:
                members = state.bodies[slug].delegates
                permissions.require_delegate("mandate.contest", by.id, members, slug)
        case c.CheckCredentials(body=slug, committee=committee):
            own = state.delegates.get(by.id)
            mine = own.body if own is not None else None
            committees = {
                b.slug
                for b in state.bodies.values()
                if b.kind == "committee" and b.parent == slug and b.purpose == "credentials"
            }
            ok = mine in committees and committee in (None, mine)
            members = {by.id} if ok else set()
            what = f"the credentials committee of {slug}"
            permissions.require_delegate("mandate.credentials", by.id, members, what)
            return replace(command, committee=mine)
        case _:
            raise Forbidden(
                "forbidden", f"a delegate may not {type(command).__name__}; you are a delegate"
            )
    return command


def _change_key(voter: str, code: str) -> str:
    """What the box keeps of a change code: its hash with the voter it was given for."""
    return creds.hash_token(f"{voter}\n{code}")


@functools.cache
def _dummy_hash() -> str:
    return creds.hash_password("no account has this password")


def _bad_login() -> Unauthenticated:
    return Unauthenticated("bad-login", "unknown user name, password or access code")
