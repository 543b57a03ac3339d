"""The state of an assembly, folded from the journal's events.

Nothing here is stored on its own: the state is whatever the events say, so
every view drawn from it is drawn from the journal. `Assembly.apply` is the only way the
state changes, and it trusts the events (they were checked by `decide` before
they were recorded). The folds themselves are the features' (bodies, sessions, voting,
mandates, tree, joint, minutes), listed by `smolny.domain.registry`; this module holds
only the dataclasses they fold into.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from smolny import procedure
from smolny.domain.events import Event

# How a feature folds one kind of entry into the state: (state, data, at, actor).
Fold = Callable[["Assembly", dict[str, Any], str, str], None]
# How a feature decides one kind of command: the events it causes, or a Refusal.
Decider = Callable[["Assembly", Any], list[Event]]


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
    time_zone: str | None = None  # the zone it keeps its time in (`body.time-zone-set`)
    time_zone_name: str | None = None  # what it calls that zone: "Petrograd mean time"

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
    # the agenda as drafted (`agenda.drafted`'s items) and the motion adopting it, if moved
    agenda_draft: list[dict[str, Any]] | None = None
    agenda_motion: str | None = None
    # the papers put to the sitting (`smolny.domain.sitting_papers`): question -> {congress,
    # papers (in the bundle: more than one when taken together), en_bloc, objections}
    papers: dict[str, dict[str, Any]] = field(default_factory=dict)

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
        if not self.proxies:  # the usual poll: no proxies to look through
            return [delegate] if delegate in self.eligible else []
        own = [delegate] if delegate in self.eligible and delegate not in self.proxies else []
        return own + [d for d, holder in self.proxies.items() if holder == delegate]


@dataclass
class Mandate:
    """The authority a sending body gave a delegate in another body (`smolny.domain.mandates`)."""

    id: str
    sending: str  # the sending body's slug
    body: str  # the receiving body's slug
    delegate: str  # who holds it now (the first holder, or the substitute who took it up)
    name: str  # the first holder's name, as issued
    faction: str | None
    voting: bool  # False: consultative, a voice and no vote
    weight: int
    term_until: str | None
    substitutes: list[str] = field(default_factory=list)  # waiting, in order
    status: str = "pending"  # pending, accepted, rejected, recalled, annulled
    reason: str | None = None  # the credentials committee's, or the recall's
    contest: str | None = None  # the motion deciding a contest, while it is undecided
    holders: list[str] = field(default_factory=list)  # every delegate who held it, in order


@dataclass
class Paper:
    """A motion (M1), an amendment (A1) or a composite (C1) submitted to a congress
    (`smolny.domain.papers`): its text fixed by the entry that submitted it."""

    number: str
    congress: str
    council: str | None  # the submitting council (a composite: None, its motions have theirs)
    title: str
    paragraphs: tuple[str, ...]
    movers: tuple[str, ...]
    supporters: tuple[str, ...]
    state: str
    submitted_at: str
    emergency: bool = False
    motion: str | None = None  # an amendment's motion
    change: dict[str, Any] | None = None  # an amendment's {paragraph, change, text}
    motions: tuple[str, ...] = ()  # a composite's motions
    made: bool = True  # a composite: False while it waits for its movers' consent
    consents: dict[str, str] = field(default_factory=dict)  # composite: motion -> council
    composite: str | None = None  # the composite a motion was composited into
    history: list[dict[str, Any]] = field(default_factory=list)  # every move, as recorded
    recommendation: dict[str, Any] | None = None  # the committee's: stance, reason
    instructions: dict[str, dict[str, Any]] = field(default_factory=dict)  # delegate -> ...


@dataclass
class Papers:
    """A congress's papers: the deadlines, the workflow, every paper by number."""

    congress: str
    motions_by: str | None = None  # the deadline for motions (ISO 8601), once set
    amendments_by: str | None = None
    workflow: str = "union-congress"
    papers: dict[str, Paper] = field(default_factory=dict)
    # the motions book's final editions, in order: edition, sha256, covers, at, by
    editions: list[dict[str, Any]] = field(default_factory=list)


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
    # sittings scheduled and not yet opened (smolny.domain.calendar): id -> the entry's data
    scheduled: dict[str, dict[str, Any]] = field(default_factory=dict)
    # a congress's papers before it sits (smolny.domain.papers): congress -> its papers
    papers: dict[str, Papers] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)
    # the workflows papers may follow; given by the service as the rulebooks are
    workflows: dict[str, procedure.Workflow] = field(default_factory=dict)
    # the rulebooks bodies may name; given by the service, not folded from events
    rulebooks: dict[str, procedure.Rulebook] = field(default_factory=dict)
    # how each kind of entry is folded in, in order (`smolny.domain.registry.FOLDS`); given
    # by whoever makes the state, as the rulebooks are, so that the state imports no feature
    folds: Mapping[str, Sequence[Fold]] = field(default_factory=dict, repr=False, compare=False)

    def next_id(self, prefix: str, offset: int = 0) -> str:
        """The id the next thing of this kind will get: `d671`, `m3`, `p2`."""
        return f"{prefix}{self.counters.get(prefix, 0) + 1 + offset}"

    def apply(self, event: Event, at: str, actor: str) -> None:
        """Fold one recorded event into the state, by every fold the registry lists for its
        kind (none, for kinds that change nothing the state keeps)."""
        if not self.folds:
            raise LookupError(
                "this Assembly has no folds: make it with folds=smolny.domain.registry.FOLDS"
            )
        for fold in self.folds.get(event.kind, ()):
            fold(self, event.data, at, actor)

    def count_id(self, ident: str) -> None:
        """Keep the counter of `ident`'s prefix at the highest number seen (ids are prefix
        and number: `d671`)."""
        prefix = ident.rstrip("0123456789")
        number = int(ident[len(prefix) :])
        self.counters[prefix] = max(self.counters.get(prefix, 0), number)
