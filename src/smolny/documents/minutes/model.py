"""The minutes of a session as values: paragraphs, motions, polls, decisions, corrections.

`smolny.documents.minutes.draw` fills them from the journal alone; nothing here formats or
translates: the writers of `smolny.documents.minutes.document` do that. See docs/minutes.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from smolny.record import kinds as k
from smolny.record.entry import Entry


class UnknownSession(LookupError):
    """No session with that id is in the journal."""

    def __init__(self, session: str, sessions: list[SessionListing]) -> None:
        super().__init__(f"there is no session {session!r}")
        self.session = session
        self.sessions = sessions


@dataclass(frozen=True)
class SessionListing:
    """A session as the list of sessions shows it."""

    id: str
    body: str
    title: str


@dataclass(frozen=True)
class Paragraph:
    """One numbered paragraph of the proceedings: what happened, when, with its particulars.

    `kind` names the act (`opened`, `presence`, `chair`, `presidium`, `item`, `speech`,
    `interrupted`, `moved`, `seconded`, `stated`, `put`, `poll`, `decision`, `amended`,
    `disposed`, `ruling`, `declaration`, `quorum`, `recess`, `resumed`, `adjourned`,
    `closed`, `other`); `fields` holds names already resolved (delegates, factions)."""

    number: int
    at: str | None
    kind: str
    fields: Mapping[str, Any]
    seqs: tuple[int, ...] = ()  # the entries it tells (a note on one of them goes with it)


@dataclass(frozen=True)
class Amendment:
    """An amendment to a motion and its fate."""

    id: str
    mover: str
    text: str
    strike: str | None
    status: str  # adopted, rejected, withdrawn, pending, ...
    # at a place in the text: the amendment in words, a template of
    # smolny.procedure.text.WORDINGS and its fields
    said: tuple[str, dict[str, str]] | None = None


@dataclass(frozen=True)
class MotionRecord:
    """A motion moved in the session: its text as moved and as amended, and its fate."""

    id: str
    title: str
    motion: str  # the rulebook's kind: main, amend, lay-on-the-table, adjourn, ...
    mover: str
    seconder: str | None
    text: str
    amended_text: str
    applies_to: str | None
    status: str
    amendments: tuple[Amendment, ...] = ()


@dataclass(frozen=True)
class PollRecord:
    """A poll: its method, its register, the hall, the count and the threshold."""

    id: str
    motion: str | None
    title: str
    method: str
    question: str
    threshold: str
    eligible: int
    present: int
    quorum: int | None
    members: int | None
    state: str  # open, closed, cancelled
    heads: Mapping[str, int] = field(default_factory=dict)
    weights: Mapping[str, int] = field(default_factory=dict)
    unit: str = "heads"
    ballots: int | None = None  # what the box held (not for tellers' counts)
    reason: str | None = None  # a cancelled poll's
    # an election put in order (Schulze, Borda): the count its close records (its matrix or
    # points, the order, the elected; docs/record-format.md 7.6)
    order: Mapping[str, Any] | None = None
    # an election's outcome as its close records it (who was chosen or elected, the STV
    # count stage by stage, the seats of each list); None for a yes/no question
    outcome: Mapping[str, Any] | None = None
    options: tuple[str, ...] = ()  # an election's candidates, options or lists, in order
    tellers: tuple[str, ...] = ()  # who counted the hands, as the tellers' counts name them

    @property
    def cast(self) -> int:
        """Votes cast, abstentions included (heads)."""
        return sum(self.heads.values())

    @property
    def weighted(self) -> bool:
        """Whether the weights differ from the heads."""
        return dict(self.weights) != dict(self.heads)


@dataclass(frozen=True)
class Decision:
    """The body's decision on a motion, with its figures and the presence behind it."""

    motion: str
    title: str
    adopted: bool
    method: str
    yes: int
    no: int
    abstain: int
    unit: str
    threshold: str
    base: int | None
    required: int | None
    present_count: int | None
    quorum: int | None
    quorate: bool | None
    explanation: str
    at: str | None
    counted: bool = True  # False: declared by the chair with no count (no figures)
    words: str | None = None  # the record's words for a declared result: "quickly passed"


@dataclass(frozen=True)
class Note:
    """A note in the record (`note.added`) on an entry: shown with its paragraph, or among
    the notes when the entry has none in these minutes."""

    about: int
    text: str
    field: str | None
    paragraph: int | None


@dataclass(frozen=True)
class Postponement:
    """A scheduled sitting put off before it opened: to when, and why."""

    at: str
    to: str | None
    reason: str


@dataclass(frozen=True)
class Correction:
    """A correction of the minutes recorded by the secretary (`minutes.corrected`)."""

    seq: int
    at: str
    what: str
    correction: str
    reason: str
    by: str
    paragraph: int | None  # the paragraph it replaces, when `what` names one (§N)


@dataclass(frozen=True)
class Approval:
    """The approval of the minutes by a motion at a later sitting."""

    motion: str
    session: str  # the approving sitting
    hash: str  # SHA-256 of the canonical Markdown approved
    at: str
    status: str  # "moved" (pending), "approved", "not-approved"


@dataclass(frozen=True)
class Minutes:
    """The minutes of one session, as the journal records it."""

    session: str
    title: str
    body: str
    body_name: str
    language: str
    opened_at: str
    opened_by: str | None
    closed_at: str | None
    adjourned_at: str | None
    joint_bodies: tuple[str, ...]  # the bodies' names, for a joint session
    members: int  # delegates with a vote registered at the opening
    chair: str | None  # who presided at the opening (by the presidium's rota)
    presidium: tuple[tuple[str, int], ...]  # faction name, seats taken
    present_at_opening: int | None
    quorum_at_opening: int | None
    paragraphs: tuple[Paragraph, ...]
    motions: tuple[MotionRecord, ...]
    polls: tuple[PollRecord, ...]
    decisions: tuple[Decision, ...]
    corrections: tuple[Correction, ...]
    approvals: tuple[Approval, ...]
    head_seq: int  # the last entry read
    # the record as the accounts tell it (issue 17)
    chairs: tuple[tuple[str | None, str], ...] = ()  # each chair taken: (at, name)
    notes: tuple[Note, ...] = ()
    time_zone: str | None = None  # the body's (`body.time-zone-set`): its minutes' default
    time_zone_name: str | None = None
    scheduled_for: str | None = None  # a sitting called earlier (`session.scheduled`)
    emergency: bool = False
    postponements: tuple[Postponement, ...] = ()
    declined: tuple[tuple[str, int], ...] = ()  # presidium seats declined: faction, seats
    reserved: tuple[tuple[str, int], ...] = ()  # held for a faction to take up later
    declined_given: bool = False  # the declined seats were given to the others
    voices_at_opening: int = 0  # of those present at the opening, with a voice and no vote
    # the user name of the chair's account that opened the sitting (its entry's actor, an
    # account created with the role "chair"): who presided when nobody took the chair by an act
    opened_by_chair_account: str | None = None

    @property
    def approval(self) -> Approval | None:
        """The latest approval moved or decided, if any."""
        return self.approvals[-1] if self.approvals else None


def sessions(entries: Iterable[Entry]) -> list[SessionListing]:
    """Every session in the journal, in the order opened."""
    return [
        SessionListing(e.data["session"], e.data["body"], e.data["title"])
        for e in entries
        if e.kind == k.SESSION_OPENED
    ]


def int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def paragraph_ref(what: str) -> int | None:
    """The paragraph number a correction names (`§7`, `7`), or None for a part named in words."""
    text = what.strip().lstrip("§").strip()
    return int(text) if text.isdigit() else None
