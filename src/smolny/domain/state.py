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
from typing import Any

from smolny import procedure
from smolny.domain.events import Event


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
    """One vote on one question."""

    id: str
    motion: str
    session: str
    body: str
    method: str  # "electronic-named"
    question: str  # "yes-no-abstain"
    threshold: str
    state: str  # "open", "closed"
    eligible: dict[str, int]  # delegate -> weight, as snapshotted at the opening
    present_at_open: int
    quorum_at_open: int | None = None
    members_at_open: int | None = None
    result: dict[str, Any] | None = None  # the box's count at the close
    decision: dict[str, Any] | None = None  # the engine's adoption or rejection


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
    poll = Poll(
        id=data["poll"],
        motion=data["motion"],
        session=data["session"],
        body=data["body"],
        method=data["method"],
        question=data["question"],
        threshold=data["threshold"],
        state="open",
        eligible={delegate: weight for delegate, weight in data["eligible"]},
        present_at_open=data["present"],
        quorum_at_open=data.get("quorum"),
        members_at_open=data.get("members"),
    )
    state.polls[poll.id] = poll
    state.motions[poll.motion].polls.append(poll.id)
    state._count(poll.id)


def _poll_closed(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    poll = state.polls[data["poll"]]
    poll.state = "closed"
    poll.result = data


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
    "poll.closed": _poll_closed,
    "poll.cancelled": _poll_cancelled,
    "account.created": _account_created,
    "presidium.allotted": _presidium_allotted,
    "presidium.seats-taken-up": _seats_taken_up,
}
