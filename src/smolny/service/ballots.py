"""Ballots: casting them (checked here, queued for the ballot writer), settling what became
of them, and the box: closing or cancelling a poll, its progress, the published box.

Votes take their own path (DESIGN.md, "Votes at scale"): `cast_votes` checks each ballot
against the poll's register in memory and queues it; the ballot writer puts whatever is
queued into the boxes in one transaction (group commit), and only then are the voters
answered (`settle`). The store refuses a second ballot and a ballot after the close.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, replace
from typing import NamedTuple, TypedDict

from smolny.adapters import credentials as creds
from smolny.adapters.box_count import BoxError, Register, read_box
from smolny.adapters.database import STORE_ERRORS
from smolny.adapters.store import Ballot, Cast, Item, SecretBallot, Transaction
from smolny.domain import commands as c
from smolny.domain import joint, polls
from smolny.domain.decide import poll_of
from smolny.domain.errors import Invalid, NotFound, OutOfOrder, Unavailable
from smolny.domain.state import Poll
from smolny.record import canonical
from smolny.record.ballotbox import box_digest, roll_line
from smolny.record.entry import Entry
from smolny.service import permissions
from smolny.service.ballot_writer import BallotWriter
from smolny.service.clock import stamp
from smolny.service.principals import SYSTEM, Principal
from smolny.service.unit_of_work import UnitOfWork


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


class Voting(NamedTuple):
    """What a voter needs to know of an open poll to fill in a ballot."""

    method: str
    kind: str  # the question: yes-no-abstain, choice, multiple, ranked, list
    secret: bool
    changeable: bool
    voters_for: list[str]  # whom the voter casts ballots for: themselves, their delegators


class Outcome(NamedTuple):
    """What became of one ballot: its receipt, or the rule that refused it in the box."""

    receipt: Receipt
    cast: Cast | BaseException
    refused: str | None = None
    detail: str | None = None

    @property
    def changed(self) -> bool:
        """It replaced the voter's earlier ballot."""
        return self.cast is Cast.CHANGED


class Progress(TypedDict):
    """How many of how many have voted in a poll."""

    poll: str
    state: str
    voted: int
    eligible: int


# A ballot the box refused: the rule, and what the voter is told.
REFUSED = {
    Cast.DUPLICATE: ("second-vote", "{voter} has voted in poll {poll} already"),
    Cast.CLOSED: ("poll-closed", "poll {poll} is closed"),
    Cast.UNKNOWN_BALLOT: (
        "unknown-ballot",
        "the change code matches no ballot of {voter} in poll {poll}",
    ),
}
CHANGE_HINT = " (to change a secret vote, give the change code it returned)"


class Ballots:
    """The ballots and boxes of one service (see the module)."""

    def __init__(self, uow: UnitOfWork, writer: BallotWriter) -> None:
        self.uow = uow
        self.writer = writer
        # each ballot's nonce (a golden test replays the demo with a seeded one)
        self.nonce: Callable[[], str] = Nonces()
        self._questions: dict[str, tuple[object, polls.Question]] = {}
        # a poll's ballot texts but for the nonce, by (poll, choice, weight): see `_text`
        self._texts: dict[tuple[str, str, int], tuple[object, str, str] | None] = {}

    # -- casting -----------------------------------------------------------------------

    def voting(self, poll: str, voter: str) -> Voting | None:
        """The poll as a voter fills in a ballot, or None if there is no such poll (yet)."""
        record = self.uow.state.polls.get(poll)
        if record is None:
            return None
        return Voting(
            record.method,
            str(record.opened.get("question", "yes-no-abstain")),
            record.secret,
            record.changeable,
            record.voters_for(voter),
        )

    def cast_votes(
        self, poll: str, by: Principal, votes: Sequence[VoteRequest]
    ) -> list[tuple[Receipt, Future[Cast]]]:
        """Check and queue ballots: for oneself, for the delegates whose proxy one holds, or
        (the secretary at a roll call) for the delegate called. All are checked before any is
        queued. Each comes back with its receipt and a future that resolves once the ballot
        is durably in the box (or was refused there)."""
        uow = self.uow
        record = uow.state.polls.get(poll)
        if uow.fanout is not None and (record is None or record.state != "open"):
            uow.refresh()  # another process may have opened it a moment ago
            record = uow.state.polls.get(poll)
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
        question = self._question(record)
        items: list[tuple[Receipt, Item]] = []
        seen: set[str] = set()
        for vote in votes:
            voter = self._voter(record, by, vote.voter)
            if voter in seen:
                raise Invalid("duplicate", f"two ballots for {voter} at once", field="for")
            seen.add(voter)
            items.append(self._ballot(record, question, by, voter, vote))
        return [(receipt, self.writer.submit(item)) for receipt, item in items]

    def _question(self, record: Poll) -> polls.Question:
        # A poll's question, read once from its opening (not once a vote)
        known = self._questions.get(record.id)
        if known is None or known[0] is not record.opened:
            known = self._questions[record.id] = (record.opened, polls.Question.of(record.opened))
        return known[1]

    def _ballot(
        self,
        record: Poll,
        question: polls.Question,
        by: Principal,
        voter: str,
        vote: VoteRequest,
    ) -> tuple[Receipt, Item]:
        # One checked ballot, ready for the box, with its receipt.
        poll = record.id
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
        weight = record.eligible[voter]
        text = self._text(record, answer, weight) if record.secret else None
        if text is None:
            body.update(answer, weight=weight, nonce=self.nonce())
            # the poll's id, an answer of its question, a weight of its register (all in
            # the record, checked when they went in) and a nonce of hex digits: nothing to
            # check
            text = canonical.dumps_checked(body)
        receipt = hashlib.sha256(text.encode()).hexdigest()  # = ballot_hash(body)
        if not record.secret:
            return (
                Receipt(voter, receipt, None),
                Ballot(poll, voter, receipt, text, change=record.changeable),
            )
        code = creds.new_token() if record.changeable else None
        # The code is bound to its voter: it changes the ballot cast for that voter and no
        # other (one cast for a delegator, or of another weight).
        key = _change_key(voter, code) if code else None
        replaces = _change_key(voter, vote.change) if vote.change else None
        cast_by = by.id if by.id != voter else None
        return (
            Receipt(voter, receipt, code),
            SecretBallot(poll, voter, cast_by, receipt, text, change_key=key, replaces=replaces),
        )

    def _text(self, record: Poll, answer: dict[str, object], weight: int) -> str | None:
        # A secret single-choice ballot's canonical text, from the poll's text for that
        # choice and weight made once (the same bytes `canonical.dumps_checked` makes, the
        # nonce put in its place); None for any other ballot.
        choice = answer.get("choice")
        if type(choice) is not str or len(answer) != 1:
            return None
        key = (record.id, choice, weight)
        known = self._texts.get(key)
        if known is None or known[0] is not record.opened:
            marker = "0" * 32  # a nonce's form, where nothing else of the ballot can be
            body = {"v": 1, "poll": record.id, "choice": choice, "weight": weight}
            text = canonical.dumps_checked({**body, "nonce": marker})
            head, found, tail = text.partition(f'"nonce":"{marker}"')
            known = (record.opened, head + '"nonce":"', '"' + tail) if found else None
            if known is not None:
                self._texts[key] = known
        if known is None:
            return None
        return known[1] + self.nonce() + known[2]

    def cast_vote(self, poll: str, voter: Principal, choice: str) -> tuple[str, Future[Cast]]:
        """Queue a delegate's own single-choice ballot: its receipt and its future."""
        [(receipt, future)] = self.cast_votes(poll, voter, [VoteRequest({"choice": choice})])
        return receipt.hash, future

    async def settle(
        self,
        poll: str,
        queued: Sequence[tuple[Receipt, Future[Cast]]],
        change_hint: bool = False,
    ) -> list[Outcome]:
        """Wait until each queued ballot is in its box or was refused there: its outcome,
        in the order queued. When the box refused them all, the first refusal is raised
        (409); when the store failed, nothing of the vote is recorded (503). `change_hint`:
        a refused second vote says how a secret vote is changed."""
        outcomes: list[Outcome] = []
        for receipt, future in queued:
            try:
                result = await asyncio.wrap_future(future)
            except STORE_ERRORS:  # the batch was not written: nothing of this vote is recorded
                raise Unavailable(
                    "database-unavailable",
                    "your vote was not recorded: the database is busy; vote again",
                ) from None
            refused = REFUSED.get(result)
            if refused is None:
                outcomes.append(Outcome(receipt, result))
                continue
            rule, message = refused
            if change_hint and result is Cast.DUPLICATE:
                message += CHANGE_HINT
            detail = message.format(voter=receipt.voter, poll=poll)
            outcomes.append(Outcome(receipt, result, rule, detail))
        if all(o.refused is not None for o in outcomes):  # nothing went in: one refusal
            first = outcomes[0]
            raise OutOfOrder(str(first.refused), str(first.detail))
        return outcomes

    def _voter(self, record: Poll, by: Principal, named: str | None) -> str:
        # Whom `by` may cast this ballot for, or a refusal saying why not.
        state = self.uow.state
        if by.role == "delegate":
            voter = named or by.id
            session = state.sessions.get(record.session)
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
            delegate = state.delegates.get(person)
            if delegate is not None and delegate.suspended is not None:
                raise OutOfOrder(
                    "mandate-suspended",
                    f"the mandate of {person} is suspended ({delegate.suspended}): no vote",
                )
            # so has a mandate recalled, annulled or lapsed since the register was taken
            if delegate is not None and delegate.mandate is not None:
                why = delegate.why_no_vote(stamp(self.uow.clock()))
                if why is not None:
                    raise OutOfOrder("mandate-withdrawn", f"{why}: no vote")
        if by.role == "delegate":
            if voter not in record.voters_for(by.id):
                raise self._not_on_register(record, by, voter)
        elif voter not in record.eligible:
            raise OutOfOrder("not-eligible", f"{voter} is not on the register of poll {record.id}")
        return voter

    def _not_on_register(self, record: Poll, by: Principal, voter: str) -> OutOfOrder:
        holder = record.proxies.get(voter)
        if voter != by.id:
            return OutOfOrder(
                "not-proxy-holder",
                f"{by.id} holds no proxy of {voter} in poll {record.id}"
                + (f" ({holder} does)" if holder else ""),
                field="for",
            )
        delegate = self.uow.state.delegates.get(voter)
        why = delegate.why_no_vote() if delegate is not None else None
        if holder is not None:
            why = f"{voter} gave their proxy to {holder}, who votes for them"
        return OutOfOrder(
            "not-eligible",
            f"{voter} is not on the register of poll {record.id}: "
            + (why or "not a voting delegate present when it opened"),
        )

    # -- the box -----------------------------------------------------------------------

    def close_poll(self, poll: str, by: Principal = SYSTEM) -> list[Entry]:
        """Close a poll: shut and count its box (or sum the tellers' counts), and record the
        count, the digest and the decision or outcome."""
        secret = False

        def counted(tx: Transaction) -> c.Command:
            nonlocal secret
            state = self.uow.state
            record = poll_of(state, poll)
            if record.state != "open":
                raise OutOfOrder("poll-closed", f"poll {poll} is {record.state}, not open")
            if record.method in polls.TELLER_METHODS:
                return c.ClosePoll(poll)
            secret = record.secret
            held = tx.shut_box(poll, secret)
            try:
                tally = read_box(
                    poll, Register.of(record.opened), held, tx.roll(poll) if secret else None
                )
            except BoxError as exc:  # nothing is recorded, and the box stays as it was
                raise OutOfOrder("box-tampered", f"poll {poll} cannot be closed: {exc}") from None
            count = c.BoxCount(tally.ballots, tally.digest, tally.tally, tally.roll)
            if record.opened.get("by_body") and not secret:  # a joint poll counted by body
                count = replace(count, by_body=joint.split_box(state, record, tx.ballots(poll)))
            return c.ClosePoll(poll, count)

        entries = self.uow.run(counted, by)
        if secret:
            self.uow.store.wipe_pending()
        return entries

    def cancel_poll(self, poll: str, reason: str, by: Principal = SYSTEM) -> list[Entry]:
        """Cancel an open or scheduled poll with its reason: the box is shut and kept, its
        digest recorded, nothing counted; the question is before the body again."""
        secret = False

        def shut(tx: Transaction) -> c.Command:
            nonlocal secret
            record = poll_of(self.uow.state, poll)
            if record.state != "open" or record.method in polls.TELLER_METHODS:
                return c.CancelPoll(poll, reason, 0, "")
            secret = record.secret
            held = tx.shut_box(poll, secret)
            digest = box_digest(h for h, _ in held)
            if not secret:
                return c.CancelPoll(poll, reason, len(held), digest)
            names = [roll_line(voter, by) for voter, by in tx.roll(poll)]
            roll = (len(names), box_digest(names))
            return c.CancelPoll(poll, reason, len(held), digest, roll=roll)

        entries = self.uow.run(shut, by)
        if secret:
            self.uow.store.wipe_pending()
        return entries

    def progress(self, poll: str) -> Progress:
        """How many of how many have voted in a poll, read from its box."""
        record = poll_of(self.uow.state, poll)
        if record.method in polls.TELLER_METHODS or record.state == "scheduled":
            voted = sum(polls.teller_total(e["counts"]) for e in record.counts.values())
        elif record.state == "open":
            with self.uow.store.reading() as tx:
                voted = tx.voted(poll, record.secret)
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
        with self.uow.store.reading() as tx:
            return tx.ballots(poll)

    def box_roll(self, poll: str) -> list[tuple[str, str | None]]:
        """Who voted in a closed secret poll (voter, proxy holder or None)."""
        with self.uow.store.reading() as tx:
            return tx.roll(poll)


class Nonces:
    """Ballot nonces: 128 random bits each, as 32 hex digits, from the system's random
    source (as `secrets.token_hex(16)`), drawn 4 KiB at a time: one system call for 256
    ballots, not one each. Safe to call from any thread."""

    BATCH = 4096

    def __init__(self) -> None:
        self._pool = ""
        self._at = 0
        self._lock = threading.Lock()

    def __call__(self) -> str:
        with self._lock:
            at = self._at
            if at >= len(self._pool):
                self._pool = secrets.token_hex(self.BATCH)
                at = 0
            self._at = at + 32
            return self._pool[at : at + 32]


def _change_key(voter: str, code: str) -> str:
    """What the box keeps of a change code: its hash with the voter it was given for."""
    return creds.hash_token(f"{voter}\n{code}")
