"""The procedural state of one session: immutable, changed only by `events.apply`.

A session's state is a fold of its events. Everything here is a frozen dataclass or a
tuple, so that two states can be compared and none can be changed in place.
"""

from __future__ import annotations

from collections.abc import KeysView
from dataclasses import dataclass, replace
from functools import cached_property

from smolny.procedure.rulebook import QuorumRule
from smolny.procedure.text import Edit

Time = str | int  # an ISO-8601 timestamp, or whole seconds on the caller's clock

# A question's status: where it is in its life, and where it ended.
MOVED = "moved"  # moved, not yet stated by the chair (or awaiting the chair's ruling)
PENDING = "pending"  # stated: before the body, open to debate if debatable
VOTING = "voting"  # put to the vote, the result not yet recorded
ADOPTED = "adopted"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"
TABLED = "tabled"
POSTPONED = "postponed"
REFERRED = "referred"
POSTPONED_INDEFINITELY = "postponed-indefinitely"
NOT_CONSIDERED = "not-considered"
RESCINDED = "rescinded"
DIVIDED = "divided"
RULED = "ruled"  # settled by the chair's ruling (a point of order, a question of privilege)
NO_VOTE_TAKEN = "no-vote-taken"  # still pending when the session adjourned
ON_STACK = (MOVED, PENDING, VOTING)


@dataclass(frozen=True)
class Delegate:
    """A delegate as the engine sees one: present or not, in a faction, sent by a body."""

    id: str
    faction: str | None = None
    body: str | None = None  # the sending body (a council, a regiment, the Fleet)
    present: bool = False
    sits_for: str | None = None  # in a joint session: the sitting body whose delegate this is


@dataclass(frozen=True)
class SittingBody:
    """One of the bodies of a joint session: its membership and its own quorum rule."""

    slug: str
    members: int  # this body's membership, the basis of its quorum of members
    quorum: QuorumRule | None = None  # None: the session's rulebook's rule


@dataclass(frozen=True)
class Question:
    """A motion once moved: on the stack while pending, kept afterwards with its status."""

    id: str
    motion: str  # the motion key in the rulebook
    text: str  # as moved; for an amendment, the words it inserts
    amended_text: str  # as amended so far
    mover: str
    seconder: str | None = None
    applies_to: str | None = None  # a question id, or a ruling id for an appeal
    status: str = MOVED
    strike: str | None = None  # an amendment: the words it strikes out ("" or None: adds)
    change: Edit | None = None  # an amendment at a place in the text (its words by offset)
    until: str | None = None  # when: to postpone to, to recess until, to adjourn to
    committee: str | None = None  # the body a question is referred to
    speech_seconds: int | None = None  # a limit of debate (limit-debate) or the one adopted
    speeches_per_member: int | None = None
    parts: tuple[str, ...] = ()  # a division of the question: the texts of the parts
    notice: bool = False  # previous notice was given (a lower threshold may apply)
    speakers: tuple[str, ...] = ()  # who has spoken on it, once per speech
    debate_closed: bool = False
    interrupted_speaker: bool = False  # it was moved while someone else had the floor
    counted: bool = False  # a division was demanded: the vote must be counted
    adhering: tuple[str, ...] = ()  # tabled or postponed with it, in stack order
    agenda_item: str | None = None


@dataclass(frozen=True)
class Floor:
    """Who is speaking, since when, on what, and for how long they may."""

    delegate: str
    since: Time | None
    kind: str  # "speech" or "reply"
    question: str | None
    seconds: int
    in_name_of: str | None = None
    side: str | None = None


@dataclass(frozen=True)
class SpeakerRequest:
    """A request for the floor waiting on the speakers' list."""

    delegate: str
    side: str | None  # "for", "against", or None
    in_name_of: str | None
    question: str | None
    at: Time | None


@dataclass(frozen=True)
class AgendaItem:
    """An item of the agenda, possibly an order of the day."""

    id: str
    title: str
    order_of_the_day: bool = False
    status: str = "waiting"  # waiting, current, done
    reporter: str | None = None  # who presents it, as the agenda names them
    starts: str | None = None  # the time it is set for, "HH:MM"
    minutes: int | None = None  # how long it is given


@dataclass(frozen=True)
class Ruling:
    """A ruling of the chair, and what became of any appeal from it."""

    id: str
    text: str
    question: str | None
    well_taken: bool | None
    status: str = "standing"  # standing, appealed, sustained, reversed


@dataclass(frozen=True)
class State:
    """The procedural state of one session."""

    members: int  # the body's membership, the basis of a quorum of members
    delegates: tuple[Delegate, ...] = ()
    questions: tuple[Question, ...] = ()
    stack: tuple[str, ...] = ()  # ids of pending questions, the immediately pending last
    floor: Floor | None = None
    interrupted: tuple[Floor, ...] = ()  # speakers interrupted by a point, to resume
    speakers: tuple[SpeakerRequest, ...] = ()
    list_closed: bool = False
    last_side: str | None = None
    agenda: tuple[AgendaItem, ...] = ()
    agenda_adopted: bool = False  # an agenda adopted (by vote or declaration) or changed
    rulings: tuple[Ruling, ...] = ()
    status: str = "open"  # open, recessed, adjourned
    adjourn_to: str | None = None
    quorate: bool = False  # as last recorded by a presence event
    # a joint session's bodies, each with its own presence and quorum (empty: one body)
    bodies: tuple[SittingBody, ...] = ()
    presiding: str | None = None  # who took the chair last (`chair.taken`): a delegate or a name

    def question(self, question_id: str) -> Question | None:
        """The question with this id, whatever its status, or None."""
        for q in self.questions:
            if q.id == question_id:
                return q
        return None

    def top(self) -> Question | None:
        """The immediately pending question, or None when nothing is pending."""
        return self.question(self.stack[-1]) if self.stack else None

    @cached_property
    def _by_id(self) -> dict[str, Delegate]:
        # built once for each state (states are never changed, only replaced)
        return {d.id: d for d in self.delegates}

    def delegate(self, delegate_id: str) -> Delegate | None:
        """The registered delegate with this id, or None."""
        return self._by_id.get(delegate_id)

    def delegate_ids(self) -> KeysView[str]:
        """The ids of the registered delegates (a view: `in` costs the same for 10 or 10,000)."""
        return self._by_id.keys()

    def ruling(self, ruling_id: str) -> Ruling | None:
        """The chair's ruling with this id, or None."""
        for r in self.rulings:
            if r.id == ruling_id:
                return r
        return None

    def present(self) -> tuple[Delegate, ...]:
        """The delegates present."""
        return tuple(d for d in self.delegates if d.present)

    def current_item(self) -> AgendaItem | None:
        """The agenda item being taken up, or None."""
        for item in self.agenda:
            if item.status == "current":
                return item
        return None

    def with_question(self, question: Question) -> State:
        """This state with `question` added, or replacing the one with its id."""
        if self.question(question.id) is None:
            return replace(self, questions=(*self.questions, question))
        return replace(
            self,
            questions=tuple(question if q.id == question.id else q for q in self.questions),
        )
