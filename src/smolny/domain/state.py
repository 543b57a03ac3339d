"""The state of an assembly, folded from the journal's events.

Nothing here is stored on its own: the state is whatever the events say, so
every view drawn from it is drawn from the journal. `apply` is the only way the
state changes, and it trusts the events (they were checked by `decide` before
they were recorded).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from smolny import procedure
from smolny.domain.events import Event

if TYPE_CHECKING:
    from smolny.domain.mandates import Mandate


@dataclass
class Body:
    """A council, congress, committee, section or presidium."""

    slug: str
    name: str
    kind: str
    parent: str | None
    language: str
    rulebook: str = "robert"
    factions: dict[str, Faction] = field(default_factory=dict)
    delegates: dict[str, Delegate] = field(default_factory=dict)
    sessions: list[str] = field(default_factory=list)
    presidium: dict[str, Any] | None = None  # the last allotment, as recorded
    proxies: dict[str, str] = field(default_factory=dict)  # delegator -> holder
    # the tree (smolny.domain.tree): a council's membership, a committee's purpose, what
    # elected an executive committee, a congress's delegates per council, the chair's rota
    members: int | None = None
    purpose: str | None = None
    elected_by: str | None = None
    allocation: dict[str, int] = field(default_factory=dict)  # council -> delegates
    convened: dict[str, Any] | None = None  # the `congress.convened` entry's data
    chairs: list[dict[str, Any]] = field(default_factory=list)  # rotas set, with `from`

    def voting_delegates(self) -> list[Delegate]:
        """Delegates of this body who hold a vote (not only a voice)."""
        return [d for d in self.delegates.values() if d.voting]


@dataclass
class Faction:
    """Delegates of one party or group acting together."""

    slug: str
    body: str
    name: str


@dataclass
class Delegate:
    """A person holding a mandate in a body."""

    id: str
    body: str
    name: str
    faction: str | None
    voting: bool  # False: a consultative delegate, with a voice and no vote
    weight: int
    sent_by: str | None
    suspended: str | None = None  # why the mandate is suspended, while it is
    replaced_by: str | None = None  # the substitute who took up this mandate
    substitute_for: str | None = None  # the delegate whose mandate this one took up
    mandate: str | None = None  # the mandate held or waited on (None: registered without one)
    status: str = "seated"  # or pending, rejected, recalled, annulled, substitute (_UNSEATED)
    term_until: str | None = None  # the mandate lapses after this time

    def why_no_vote(self, at: str | None = None) -> str | None:
        """Why this delegate may not vote now (at `at`, if given), or None if they may."""
        if self.status != "seated":
            return _UNSEATED[self.status].format(id=self.id, mandate=self.mandate)
        if at is not None and self.term_until is not None and at > self.term_until:
            return f"the mandate of {self.id} ({self.mandate}) lapsed at {self.term_until}"
        if self.suspended is not None:
            return f"the mandate of {self.id} is suspended ({self.suspended})"
        if self.replaced_by is not None:
            return f"the mandate of {self.id} was taken up by the substitute {self.replaced_by}"
        if not self.voting:
            return f"{self.id} holds a consultative mandate: a voice, no vote"
        return None


_UNSEATED = {
    "pending": "the credentials of {id} ({mandate}) have not been checked yet: no vote until "
    "the credentials committee accepts them",
    "rejected": "the credentials of {id} ({mandate}) were rejected",
    "recalled": "{id} was recalled by the body that sent them ({mandate})",
    "annulled": "the mandate of {id} ({mandate}) was annulled by the body",
    "substitute": "{id} is a substitute ({mandate}) who has not taken up the seat",
}


@dataclass
class Session:
    """One sitting of a body; its procedure (stack, floor, presence) is the engine's state."""

    id: str
    body: str
    title: str
    state: str  # "open", "closed"
    opened_at: str
    opened_by: str | None
    rulebook: str
    procedure: procedure.State
    closed_at: str | None = None
    motions: list[str] = field(default_factory=list)  # every question moved, in order
    # a joint session (smolny.domain.joint): its bodies, their presidiums, the platform
    joint: dict[str, Any] | None = None

    @property
    def present(self) -> set[str]:
        """The delegates in the hall now."""
        return {d.id for d in self.procedure.delegates if d.present}


@dataclass
class Motion:
    """A question moved in a session; its text and status live in the session's procedure."""

    id: str
    session: str
    body: str
    title: str
    polls: list[str] = field(default_factory=list)
    decision: dict[str, Any] | None = None  # the engine's adoption or rejection, as recorded


@dataclass
class Poll:
    """One vote on one question (see `smolny.domain.polls`)."""

    id: str
    motion: str | None  # None: an election or choice, not a motion
    session: str
    body: str
    method: str
    question: str
    threshold: str
    state: str  # "scheduled", "open", "closed", "cancelled"
    eligible: dict[str, int]  # delegate -> weight, as snapshotted at the opening
    present_at_open: int
    absent_at_open: int = 0  # voters on the register who were not in the hall at the opening
    quorum_at_open: int | None = None
    members_at_open: int | None = None
    title: str = ""
    options: tuple[str, ...] = ()
    seats: int = 1
    counting: str | None = None
    choice_threshold: str = "majority"
    changeable: bool = False
    proxies: dict[str, str] = field(default_factory=dict)  # delegator -> holder, at opening
    sections: tuple[str, ...] = ()
    counts: dict[str, dict[str, Any]] = field(default_factory=dict)  # tellers': section -> entry
    opens_at: str | None = None
    closes_at: str | None = None
    opened: dict[str, Any] = field(default_factory=dict)  # the opening (or scheduling) entry
    result: dict[str, Any] | None = None  # the box's count at the close
    decision: dict[str, Any] | None = None  # the engine's adoption or rejection

    @property
    def secret(self) -> bool:
        """Whether who voted and what was voted are kept apart."""
        return self.method == "electronic-secret"

    @property
    def weighted(self) -> bool:
        """Whether any voter on the register carries a weight other than 1."""
        return any(w != 1 for w in self.eligible.values())

    def voters_for(self, delegate: str) -> list[str]:
        """Whom `delegate` may cast a ballot for: themselves (if on the register, and their
        own proxy is not in force) and the delegates whose proxy they hold."""
        own = [delegate] if delegate in self.eligible and delegate not in self.proxies else []
        return own + [d for d, holder in self.proxies.items() if holder == delegate]


@dataclass
class Assembly:
    """Everything the journal says so far, up to entry `seq`."""

    seq: int = 0
    head: str = "0" * 64
    bodies: dict[str, Body] = field(default_factory=dict)
    delegates: dict[str, Delegate] = field(default_factory=dict)
    sessions: dict[str, Session] = field(default_factory=dict)
    motions: dict[str, Motion] = field(default_factory=dict)
    polls: dict[str, Poll] = field(default_factory=dict)
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)
    mandates: dict[str, Mandate] = field(default_factory=dict)  # see smolny.domain.mandates
    # a session's minutes: corrections, the approval pending or given (smolny.domain.minutes)
    minutes: dict[str, dict[str, Any]] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)
    # the rulebooks bodies may name; given by the service, not folded from events
    rulebooks: dict[str, procedure.Rulebook] = field(default_factory=dict)

    def next_id(self, prefix: str, offset: int = 0) -> str:
        """The id the next thing of this kind will get: `d671`, `m3`, `p2`."""
        return f"{prefix}{self.counters.get(prefix, 0) + 1 + offset}"

    def apply(self, event: Event, at: str, actor: str) -> None:
        """Fold one recorded event into the state."""
        handler = _HANDLERS.get(event.kind)
        if handler is not None:
            handler(self, event.data, at, actor)
        elif event.kind in _PROCEDURE_KINDS and "session" in event.data:
            _procedure(self, event, at, actor)

    def _count(self, ident: str) -> None:
        # ids are prefix + number; keep the counter at the highest number seen
        prefix = ident.rstrip("0123456789")
        number = int(ident[len(prefix) :])
        self.counters[prefix] = max(self.counters.get(prefix, 0), number)


def _body_created(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    state.bodies[data["body"]] = Body(
        slug=data["body"],
        name=data["name"],
        kind=data["kind"],
        parent=data.get("parent"),
        language=data.get("language", "en"),
        rulebook=data.get("rulebook", "robert"),
    )


def _faction_formed(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    body = state.bodies[data["body"]]
    body.factions[data["faction"]] = Faction(data["faction"], data["body"], data["name"])


def _delegates_registered(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    body = state.bodies[data["body"]]
    for item in data["delegates"]:
        delegate = Delegate(
            id=item["delegate"],
            body=data["body"],
            name=item["name"],
            faction=item.get("faction"),
            voting=item.get("voting", True),
            weight=item.get("weight", 1),
            sent_by=item.get("sent_by"),
        )
        body.delegates[delegate.id] = delegate
        state.delegates[delegate.id] = delegate
        state._count(delegate.id)
    for session_id in body.sessions:  # a sitting in progress registers them too, absent
        session = state.sessions[session_id]
        if session.state == "open":
            added = tuple(
                procedure.Delegate(item["delegate"], item.get("faction"), item.get("sent_by"))
                for item in data["delegates"]
            )
            session.procedure = replace(
                session.procedure,
                delegates=session.procedure.delegates + added,
                members=session.procedure.members
                + sum(1 for i in data["delegates"] if i.get("voting", True)),
            )


def _session_opened(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    body = state.bodies[data["body"]]
    # Everyone registered, nobody yet in the hall: presence comes with the acts that follow.
    # Questions postponed, referred or laid on the table at earlier sittings come along,
    # to be taken up (or from the table) here.
    latest: dict[str, procedure.Question] = {}
    for earlier in body.sessions:  # in order: a later sitting's word on a question wins
        for question in state.sessions[earlier].procedure.questions:
            latest[question.id] = question
    carried = [q for q in latest.values() if q.status in _CARRIED]
    sitting = procedure.State(
        members=len(body.voting_delegates()),
        delegates=tuple(
            procedure.Delegate(d.id, d.faction, d.sent_by) for d in body.delegates.values()
        ),
        questions=tuple(carried),
    )
    session = Session(
        id=data["session"],
        body=data["body"],
        title=data["title"],
        state="open",
        opened_at=at,
        opened_by=data.get("opened_by"),
        rulebook=body.rulebook,
        procedure=sitting,
    )
    state.sessions[session.id] = session
    body.sessions.append(session.id)
    state._count(session.id)
    for question in carried:  # the question's home is now this sitting
        state.motions[question.id].session = session.id
        session.motions.append(question.id)


def _session_closed(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    session = state.sessions[data["session"]]
    session.state = "closed"
    session.closed_at = at


def _procedure(state: Assembly, event: Event, at: str, actor: str) -> None:
    # An act of the rules of procedure: the session's engine state folds it.
    session = state.sessions[event.data["session"]]
    inner = {k: v for k, v in event.data.items() if k not in ("session", "title")}
    session.procedure = procedure.apply(session.procedure, procedure.Event(event.kind, inner))
    if event.kind == "motion.moved":
        motion = Motion(
            id=inner["question"],
            session=session.id,
            body=session.body,
            title=str(event.data.get("title") or inner["motion"]),
        )
        state.motions[motion.id] = motion
        session.motions.append(motion.id)
        state._count(motion.id)
    elif event.kind in ("motion.adopted", "motion.rejected"):
        decided = state.motions.get(inner["question"])
        if decided is not None:
            decided.decision = event.data
        if decided is not None and decided.polls:
            poll = state.polls[decided.polls[-1]]
            if poll.state == "closed" and poll.decision is None:
                poll.decision = event.data
    elif event.kind == "session.adjourned":
        session.state = "closed"
        session.closed_at = at


def _poll_opened(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    scheduled = state.polls.get(data["poll"])
    poll = Poll(
        id=data["poll"],
        motion=data.get("motion"),
        session=data["session"],
        body=data["body"],
        method=data["method"],
        question=data["question"],
        threshold=data["threshold"],
        state="open",
        eligible={delegate: weight for delegate, weight in data["eligible"]},
        present_at_open=data["present"],
        absent_at_open=data.get("absent", 0),
        quorum_at_open=data.get("quorum"),
        members_at_open=data.get("members"),
        title=data.get("title", ""),
        options=tuple(data.get("options", ())),
        seats=data.get("seats", 1),
        counting=data.get("counting"),
        choice_threshold=data.get("choice_threshold", "majority"),
        changeable=data.get("changeable", False),
        proxies={delegator: holder for delegator, holder in data.get("proxies", ())},
        sections=tuple(data.get("sections", ())),
        closes_at=data.get("closes_at"),
        opened=data,
    )
    state.polls[poll.id] = poll
    if poll.motion is not None and scheduled is None:
        state.motions[poll.motion].polls.append(poll.id)
    state._count(poll.id)


def _poll_scheduled(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    poll = Poll(
        id=data["poll"],
        motion=data.get("motion"),
        session=data["session"],
        body=data["body"],
        method=data["method"],
        question=data["question"],
        threshold="",
        state="scheduled",
        eligible={},
        present_at_open=0,
        title=data.get("title", ""),
        options=tuple(data.get("options", ())),
        opens_at=data["opens_at"],
        closes_at=data.get("closes_at"),
        opened=data,
    )
    state.polls[poll.id] = poll
    if poll.motion is not None:
        state.motions[poll.motion].polls.append(poll.id)
    state._count(poll.id)


def _count_entered(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    poll = state.polls[data["poll"]]
    poll.counts[data.get("section") or ""] = data


def _poll_closed(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    poll = state.polls[data["poll"]]
    poll.state = "closed"
    poll.result = data


def _proxy_given(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    state.bodies[data["body"]].proxies[data["delegator"]] = data["holder"]


def _proxy_withdrawn(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    state.bodies[data["body"]].proxies.pop(data["delegator"], None)


def _mandate_suspended(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    state.delegates[data["delegate"]].suspended = data["reason"]


def _mandate_restored(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    state.delegates[data["delegate"]].suspended = None


def _mandate_taken_up(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    substitute = state.delegates[data["delegate"]]
    replaced = state.delegates[data["replaces"]]
    substitute.voting, substitute.weight = True, replaced.weight
    substitute.substitute_for = replaced.id
    replaced.voting, replaced.replaced_by = False, substitute.id
    state.bodies[data["body"]].proxies.pop(replaced.id, None)


def _presidium_allotted(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    # a copy: taking up seats changes the state, never the recorded event
    state.bodies[data["body"]].presidium = copy.deepcopy(data)


def _seats_taken_up(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    presidium = state.bodies[data["body"]].presidium
    assert presidium is not None
    for share in presidium["result"]["factions"]:
        if share["name"] == data["faction"]:
            share["taken"] += share["reserved"]
            share["reserved"] = 0


def _poll_cancelled(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    poll = state.polls[data["poll"]]
    poll.state = "cancelled"
    poll.result = data


def _account_created(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    state.accounts[data["account"]] = {"username": data["username"], "role": data["role"]}
    state._count(data["account"])


_PROCEDURE_KINDS = frozenset(procedure.EVENT_KINDS)
_CARRIED = frozenset({"postponed", "referred", "tabled"})

_HANDLERS: dict[str, Callable[[Assembly, dict[str, Any], str, str], None]] = {
    "body.created": _body_created,
    "faction.formed": _faction_formed,
    "delegates.registered": _delegates_registered,
    "session.opened": _session_opened,
    "session.closed": _session_closed,
    "poll.opened": _poll_opened,
    "poll.scheduled": _poll_scheduled,
    "poll.count-entered": _count_entered,
    "poll.closed": _poll_closed,
    "proxy.given": _proxy_given,
    "proxy.withdrawn": _proxy_withdrawn,
    "mandate.suspended": _mandate_suspended,
    "mandate.restored": _mandate_restored,
    "mandate.taken-up": _mandate_taken_up,
    "poll.cancelled": _poll_cancelled,
    "account.created": _account_created,
    "presidium.allotted": _presidium_allotted,
    "presidium.seats-taken-up": _seats_taken_up,
}

# The tree of bodies, factions' members, the chair's rota (it wraps `body.created`).
from smolny.domain import tree as _tree  # noqa: E402

_HANDLERS.update(_tree.HANDLERS)

# Joint sessions (they wrap `session.opened` and `delegates.registered`).
from smolny.domain import joint as _joint  # noqa: E402

_HANDLERS.update(_joint.handlers(_HANDLERS))
