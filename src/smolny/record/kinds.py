"""The catalogue of entry kinds: every kind the journal holds, defined once, with the
members of its `data`, their types and which are optional (docs/record-format.md, section 3
and appendix A, which a test keeps in step with this module).

Each kind is a constant naming it (`MOTION_MOVED == "motion.moved"`), for the code that
writes or reads entries to use instead of a bare string; `CATALOGUE` maps every name to its
`Kind`, and `check(kind, data)` lists what is wrong with an entry's data (nothing, for a
well-formed one). The acts of procedure are the engine's events (`smolny.procedure`), each
recorded with the `session` it took place in.

The types of the members are in `smolny.record.shapes` (named here as well).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from smolny.record.shapes import (
    BOOLEAN,
    INTEGER,
    NULL,
    NUMBER,
    OBJECT,
    STRING,
    STRINGS,
    TIME,
    AnyObject,
    ArrayOf,
    Either,
    Fixed,
    Member,
    ObjectOf,
    OptionalMember,
    Record,
    Scalar,
    Type,
    _members,
    maybe,
    optional,
    record,
)

__all__ = [  # the types, for the code that reads the catalogue through this module
    "BOOLEAN",
    "INTEGER",
    "NULL",
    "NUMBER",
    "OBJECT",
    "STRING",
    "STRINGS",
    "TIME",
    "AnyObject",
    "ArrayOf",
    "Either",
    "Fixed",
    "Member",
    "ObjectOf",
    "OptionalMember",
    "Record",
    "Scalar",
    "Type",
    "maybe",
    "optional",
    "record",
]

# -- kinds ---------------------------------------------------------------------------------

_NAME = re.compile(r"[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+")


@dataclass(frozen=True)
class Kind:
    """One kind of entry: its name, and the members of its data."""

    name: str
    data: Record
    engine: bool = False  # an act of procedure: one of the engine's events

    def problems(self, data: object) -> list[str]:
        """What is wrong with an entry's `data` for this kind: [] if nothing."""
        return self.data.problems(data, "data")


CATALOGUE: dict[str, Kind] = {}


def kind(name: str, /, **members: Type | OptionalMember) -> str:
    """Define the kind `name` with these members of its data; returns the name."""
    return _define(Kind(name, Record(_members(members))))


def engine_kind(name: str, /, **members: Type | OptionalMember) -> str:
    """Define an act of procedure: the engine's event, recorded with its `session`."""
    return _define(Kind(name, Record(_members({"session": STRING, **members})), engine=True))


def _define(defined: Kind) -> str:
    # Each name once, as the record spells kinds.
    assert _NAME.fullmatch(defined.name), defined.name
    assert defined.name not in CATALOGUE, defined.name
    CATALOGUE[defined.name] = defined
    return defined.name


def check(kind_name: str, data: object) -> list[str]:
    """What is wrong with an entry of `kind_name` holding `data`: [] if nothing (a kind not
    in the catalogue is itself a problem)."""
    found = CATALOGUE.get(kind_name)
    if found is None:
        return [f"{kind_name!r} is not a kind of entry"]
    return found.problems(data)


# Shapes several kinds share.
BODY_QUORUM = record(
    body=STRING, members=INTEGER, present_count=INTEGER, quorum=INTEGER, quorate=BOOLEAN
)
PRESENCE: dict[str, Type | OptionalMember] = {
    "present_count": INTEGER,
    "quorum": INTEGER,
    "quorate": BOOLEAN,
    "bodies": optional(ArrayOf(BODY_QUORUM)),  # a joint session: each body's
}
BOX = record(ballots=INTEGER, digest=STRING)
ROLL = record(voters=INTEGER, digest=STRING)
POLL_SETTINGS: dict[str, Type | OptionalMember] = {
    "poll": STRING,
    "motion": optional(STRING),
    "session": STRING,
    "body": STRING,
    "title": STRING,
    "method": STRING,
    "question": STRING,
    "options": optional(STRINGS),
    "seats": optional(INTEGER),
    "counting": optional(STRING),
    "choice_threshold": optional(STRING),
    "presence": STRING,
    "changeable": BOOLEAN,
    "sections": optional(STRINGS),
    "by_body": optional(BOOLEAN),
    "closes_at": optional(STRING),
}

# -- bodies, delegates, accounts -------------------------------------------------------------

ACCOUNT_CREATED = kind(
    "account.created", account=STRING, username=STRING, role=STRING, body=optional(STRING)
)
# an administrator disabled an account (its logins end, it cannot log in) or enabled it again,
# and gave it a new password, one-time unless set by the command line (smolny.domain.accounts)
ACCOUNT_DISABLED = kind("account.disabled", account=STRING)
ACCOUNT_ENABLED = kind("account.enabled", account=STRING)
ACCOUNT_PASSWORD_RESET = kind("account.password-reset", account=STRING, one_time=BOOLEAN)
# failed logins locked an account out from a network (or a network out altogether), and an
# administrator lifted lockouts (smolny.domain.logins)
LOGIN_LOCKED_OUT = kind(
    "login.locked-out",
    scope=STRING,
    account=optional(STRING),
    network=STRING,
    failures=INTEGER,
    until=STRING,
)
LOGIN_LOCKOUT_LIFTED = kind(
    "login.lockout-lifted", lifted=INTEGER, account=optional(STRING), network=optional(STRING)
)
BODY_CREATED = kind(
    "body.created",
    body=STRING,
    name=STRING,
    kind=STRING,
    language=STRING,
    rulebook=STRING,
    parent=optional(STRING),
    members=optional(INTEGER),
    purpose=optional(STRING),
    elected_by=optional(STRING),
)
BODY_MEMBERSHIP_SET = kind("body.membership-set", body=STRING, members=INTEGER)
BODY_TIME_ZONE_SET = kind("body.time-zone-set", body=STRING, zone=STRING, name=optional(STRING))
CONGRESS_CONVENED = kind(
    "congress.convened",
    congress=STRING,
    rule=STRING,
    councils=ArrayOf(record(council=STRING, delegates=INTEGER, members=optional(INTEGER))),
    number=optional(INTEGER),
    seats=optional(INTEGER),
    method=optional(STRING),
    apportionment=optional(OBJECT),
    lot_seed=optional(INTEGER),
)
FACTION_FORMED = kind("faction.formed", body=STRING, faction=STRING, name=STRING)
FACTION_JOINED = kind(
    "faction.joined", body=STRING, delegate=STRING, faction=STRING, **{"from": optional(STRING)}
)
FACTION_LEFT = kind("faction.left", body=STRING, delegate=STRING, faction=STRING)
FACTION_DECLARED = kind(
    "faction.declared", session=STRING, body=STRING, faction=STRING, delegate=STRING, text=STRING
)
PRESIDIUM_CHAIR_SET = kind("presidium.chair-set", body=STRING, chairs=STRINGS, rota=STRING)
DELEGATES_REGISTERED = kind(
    "delegates.registered",
    body=STRING,
    delegates=ArrayOf(
        record(
            delegate=STRING,
            name=STRING,
            voting=BOOLEAN,
            weight=INTEGER,
            faction=optional(STRING),
            sent_by=optional(STRING),
        )
    ),
)
DELEGATES_AMENDED = kind(
    "delegates.amended",
    body=STRING,
    delegates=ArrayOf(
        record(
            delegate=STRING,
            name=optional(STRING),
            faction=optional(maybe(STRING)),
            voting=optional(BOOLEAN),
            weight=optional(INTEGER),
        )
    ),
)
ACCESS_CODES_ISSUED = kind("access-codes.issued", body=STRING, delegates=STRINGS)
PRESIDIUM_ALLOTTED = kind(
    "presidium.allotted",
    body=STRING,
    seats=INTEGER,
    method=STRING,
    delegates=ObjectOf(INTEGER),
    declined=STRINGS,
    declined_seats=STRING,
    reserved=STRINGS,
    result=OBJECT,
)
PRESIDIUM_SEATS_TAKEN_UP = kind(
    "presidium.seats-taken-up", body=STRING, faction=STRING, seats=INTEGER
)

# -- sessions ----------------------------------------------------------------------------------

SESSION_OPENED = kind(
    "session.opened",
    session=STRING,
    body=STRING,
    title=STRING,
    opened_by=optional(STRING),
    scheduled=optional(BOOLEAN),  # the sitting opened is the one scheduled under this id
    emergency=optional(BOOLEAN),
    bodies=optional(  # a joint session: every body sitting, the convening one first
        ArrayOf(
            record(
                body=STRING,
                rulebook=STRING,
                members=INTEGER,
                quorum=record(basis=STRING, number=optional(INTEGER), share=optional(STRING)),
                presidium=optional(
                    record(
                        seats=INTEGER,
                        factions=ArrayOf(record(faction=STRING, seats=INTEGER)),
                    )
                ),
            )
        )
    ),
)
JOINT_SESSION_PRESIDIUM_SEATED = kind(
    "joint-session.presidium-seated",
    session=STRING,
    body=STRING,
    made_place=maybe(STRING),
    platform=STRINGS,
    at=optional(STRING),
)
SESSION_CLOSED = kind("session.closed", session=STRING)
SESSION_SCHEDULED = kind(
    "session.scheduled",
    session=STRING,
    body=STRING,
    title=STRING,
    scheduled_for=STRING,
    emergency=BOOLEAN,
)
SESSION_POSTPONED = kind("session.postponed", session=STRING, to=maybe(STRING), reason=STRING)
NOTE_ADDED = kind(
    "note.added", about=INTEGER, text=STRING, field=optional(STRING), session=optional(STRING)
)
STATEMENT_ISSUED = kind(
    "statement.issued",
    body=STRING,
    name=STRING,
    text=STRING,
    in_name_of=optional(STRING),
    session=optional(STRING),
    at=optional(STRING),
)

# -- papers before a congress: motions, amendments, composites (smolny.domain.papers) --------

ACCOUNT_ATTACHED = kind("account.attached", account=STRING, council=STRING)
CONGRESS_DEADLINES_SET = kind(
    "congress.deadlines-set",
    congress=STRING,
    motions=STRING,
    amendments=maybe(STRING),
    workflow=STRING,
)
PAPER_SUBMITTED = kind(
    "paper.submitted",
    congress=STRING,
    paper=STRING,
    council=STRING,
    title=STRING,
    paragraphs=STRINGS,
    movers=STRINGS,
    supporters=STRINGS,
    emergency=BOOLEAN,
    state=STRING,
)
PAPER_AMENDMENT_SUBMITTED = kind(
    "paper.amendment-submitted",
    congress=STRING,
    paper=STRING,
    motion=STRING,
    council=STRING,
    paragraph=INTEGER,
    change=STRING,
    text=STRING,
    movers=STRINGS,
    supporters=STRINGS,
    state=STRING,
)
PAPER_MOVED = kind(
    "paper.moved",
    congress=STRING,
    paper=STRING,
    to=STRING,
    by=STRING,
    reason=STRING,
    **{"from": STRING},
)
PAPER_RECOMMENDED = kind(
    "paper.recommended", congress=STRING, paper=STRING, stance=STRING, reason=STRING
)
COMPOSITE_PROPOSED = kind(
    "composite.proposed",
    congress=STRING,
    paper=STRING,
    motions=STRINGS,
    title=STRING,
    paragraphs=STRINGS,
)
COMPOSITE_CONSENTED = kind(
    "composite.consented", congress=STRING, paper=STRING, motion=STRING, council=STRING
)
COMPOSITE_MADE = kind(
    "composite.made",
    congress=STRING,
    paper=STRING,
    motions=STRINGS,
    state=STRING,
    composited=STRING,
)
DELEGATES_INSTRUCTED = kind(
    "delegates.instructed",
    congress=STRING,
    paper=STRING,
    council=STRING,
    delegates=STRINGS,
    instruction=STRING,
)
PAPER_PUT = kind(
    "paper.put", session=STRING, congress=STRING, question=STRING, papers=STRINGS, en_bloc=BOOLEAN
)
PAPER_OBJECTED = kind(
    "paper.objected", session=STRING, question=STRING, paper=STRING, objector=STRING
)
MOTIONS_BOOK_FIXED = kind(
    "motions-book.fixed", congress=STRING, edition=INTEGER, sha256=STRING, covers=INTEGER
)

# -- polls and proxies -------------------------------------------------------------------------

POLL_SCHEDULED = kind("poll.scheduled", **POLL_SETTINGS, opens_at=STRING)
POLL_OPENED = kind(
    "poll.opened",
    **POLL_SETTINGS,
    threshold=STRING,
    eligible=ArrayOf(Fixed((STRING, INTEGER))),
    proxies=ArrayOf(Fixed((STRING, STRING))),
    present=INTEGER,
    absent=optional(INTEGER),
    quorum=INTEGER,
    members=INTEGER,
    bodies=optional(ArrayOf(BODY_QUORUM)),
)
POLL_COUNT_ENTERED = kind(
    "poll.count-entered",
    poll=STRING,
    session=STRING,
    counts=ObjectOf(INTEGER),
    section=optional(STRING),
    tellers=optional(STRINGS),
)
POLL_CLOSED = kind(
    "poll.closed",
    poll=STRING,
    motion=optional(STRING),
    session=STRING,
    box=optional(BOX),
    roll=optional(ROLL),
    sections=optional(ObjectOf(ObjectOf(INTEGER))),
    heads=ObjectOf(INTEGER),
    weights=ObjectOf(INTEGER),
    blank=optional(INTEGER),
    unit=STRING,
    eligible=INTEGER,
    present=INTEGER,
    by_body=optional(ObjectOf(record(yes=INTEGER, no=INTEGER, abstain=INTEGER))),
    outcome=optional(OBJECT),
)
POLL_CANCELLED = kind(
    "poll.cancelled",
    poll=STRING,
    motion=optional(STRING),
    session=STRING,
    reason=STRING,
    box=optional(BOX),
    roll=optional(ROLL),
)
PROXY_GIVEN = kind("proxy.given", body=STRING, delegator=STRING, holder=STRING)
PROXY_WITHDRAWN = kind("proxy.withdrawn", body=STRING, delegator=STRING, holder=STRING)

# -- mandates ----------------------------------------------------------------------------------

MANDATE_SUSPENDED = kind("mandate.suspended", body=STRING, delegate=STRING, reason=STRING)
MANDATE_RESTORED = kind("mandate.restored", body=STRING, delegate=STRING, reason=STRING)
MANDATE_TAKEN_UP = kind(
    "mandate.taken-up",
    body=STRING,
    delegate=STRING,
    replaces=STRING,
    weight=INTEGER,
    mandate=optional(STRING),
)
MANDATE_ISSUED = kind(
    "mandate.issued",
    mandate=STRING,
    sending=STRING,
    body=STRING,
    delegate=STRING,
    name=STRING,
    voting=BOOLEAN,
    weight=INTEGER,
    substitutes=ArrayOf(record(delegate=STRING, name=STRING)),
    faction=optional(STRING),
    term_until=optional(STRING),
)
MANDATE_ACCEPTED = kind(
    "mandate.accepted",
    mandate=STRING,
    body=STRING,
    delegate=STRING,
    reason=optional(STRING),
    committee=optional(STRING),
)
MANDATE_REJECTED = kind(
    "mandate.rejected",
    mandate=STRING,
    body=STRING,
    delegate=STRING,
    reason=STRING,
    committee=optional(STRING),
)
MANDATE_CONTESTED = kind(
    "mandate.contested",
    mandate=STRING,
    body=STRING,
    delegate=STRING,
    by=STRING,
    grounds=STRING,
    session=STRING,
    motion=STRING,
)
MANDATE_UPHELD = kind("mandate.upheld", mandate=STRING, body=STRING, delegate=STRING, motion=STRING)
MANDATE_ANNULLED = kind(
    "mandate.annulled", mandate=STRING, body=STRING, delegate=STRING, motion=STRING
)
MANDATE_RECALLED = kind(
    "mandate.recalled",
    mandate=STRING,
    sending=STRING,
    body=STRING,
    delegate=STRING,
    reason=STRING,
)

# -- minutes -----------------------------------------------------------------------------------

MINUTES_CORRECTED = kind(
    "minutes.corrected", session=STRING, what=STRING, correction=STRING, reason=STRING
)
# an item of an agenda, as drafted and as adopted
AGENDA_ITEM = record(
    item=STRING,
    title=STRING,
    order_of_the_day=BOOLEAN,
    reporter=optional(STRING),
    starts=optional(STRING),
    minutes=optional(INTEGER),
    paper=optional(STRING),
)
AGENDA_DRAFTED = kind("agenda.drafted", session=STRING, items=ArrayOf(AGENDA_ITEM))
AGENDA_ADOPTION_MOVED = kind("agenda.adoption-moved", session=STRING, motion=STRING)
MINUTES_APPROVAL_MOVED = kind(
    "minutes.approval-moved", session=STRING, minutes=STRING, motion=STRING, hash=STRING
)
MINUTES_APPROVED = kind(
    "minutes.approved", session=STRING, minutes=STRING, motion=STRING, hash=STRING
)
MINUTES_NOT_APPROVED = kind(
    "minutes.not-approved", session=STRING, minutes=STRING, motion=STRING, hash=STRING
)

# -- acts of procedure (the engine's events, docs/rulebooks.md "Engine events") -----------------

DELEGATE_REGISTERED = engine_kind(
    "delegate.registered",
    delegate=STRING,
    faction=maybe(STRING),
    body=maybe(STRING),
    present=BOOLEAN,
    at=TIME,
    sits_for=optional(STRING),
    **PRESENCE,
)
PRESENCE_CHANGED = engine_kind(
    "presence.changed",
    delegates=STRINGS,
    faction=maybe(STRING),
    present=BOOLEAN,
    declaration=maybe(STRING),
    at=TIME,
    **PRESENCE,
)
QUORUM_LOST = engine_kind(
    "quorum.lost",
    at=TIME,
    present_count=INTEGER,
    quorum=INTEGER,
    bodies=optional(ArrayOf(BODY_QUORUM)),
)
QUORUM_REGAINED = engine_kind(
    "quorum.regained",
    at=TIME,
    present_count=INTEGER,
    quorum=INTEGER,
    bodies=optional(ArrayOf(BODY_QUORUM)),
)
MOTION_MOVED = engine_kind(
    "motion.moved",
    question=STRING,
    motion=STRING,
    text=STRING,
    mover=STRING,
    applies_to=maybe(STRING),
    strike=maybe(STRING),
    until=maybe(STRING),
    committee=maybe(STRING),
    speech_seconds=maybe(INTEGER),
    speeches_per_member=maybe(INTEGER),
    parts=STRINGS,
    notice=BOOLEAN,
    interrupts=BOOLEAN,
    appeal=BOOLEAN,
    at=TIME,
    title=STRING,  # as the minutes name it: a procedural motion's rulebook name and target
    brought_from=optional(record(motion=STRING, body=STRING, session=STRING, reporter=STRING)),
    # an amendment at a place in the text: what it does, and the words [from, to) it acts on
    change=optional(record(operation=STRING, span=Fixed((INTEGER, INTEGER)))),
)
MOTION_SECONDED = engine_kind("motion.seconded", question=STRING, seconder=STRING, at=TIME)
QUESTION_STATED = engine_kind(
    "question.stated",
    question=STRING,
    motion=STRING,
    text=STRING,
    debatable=BOOLEAN,
    threshold=STRING,
    at=TIME,
)
VOTE_CANCELLED = engine_kind("vote.cancelled", question=STRING, reason=STRING, at=TIME)
QUESTION_PUT = engine_kind(
    "question.put",
    question=STRING,
    motion=STRING,
    text=STRING,
    threshold=STRING,
    needs=STRING,
    also_carried_by=STRINGS,
    carried_by=STRING,
    at=TIME,
    **PRESENCE,
)
DIVISION_DEMANDED = engine_kind("division.demanded", question=STRING, by=STRING, at=TIME)
_DECISION: dict[str, Type | OptionalMember] = {
    "question": STRING,
    "motion": STRING,
    "text": STRING,
    "threshold": STRING,
    "yes": NUMBER,
    "no": NUMBER,
    "abstain": NUMBER,
    "unit": STRING,
    "base": NUMBER,
    "required": NUMBER,
    "tie": BOOLEAN,
    "strict": BOOLEAN,
    "casting_vote": maybe(BOOLEAN),
    "carried_by": STRING,
    "method": STRING,
    "explanation": STRING,
    "members": INTEGER,
    "at": TIME,
    **PRESENCE,
    # a joint session whose bodies' votes were counted apart
    "by_body": optional(
        ArrayOf(
            record(
                body=STRING,
                yes=NUMBER,
                no=NUMBER,
                abstain=NUMBER,
                base=NUMBER,
                required=NUMBER,
                adopted=BOOLEAN,
                present_count=INTEGER,
                members=INTEGER,
            )
        )
    ),
    "counted": optional(STRING),
}
MOTION_ADOPTED = engine_kind("motion.adopted", **_DECISION)
MOTION_REJECTED = engine_kind("motion.rejected", **_DECISION)
MOTION_DECLARED = engine_kind(
    "motion.declared",
    question=STRING,
    motion=STRING,
    text=STRING,
    adopted=BOOLEAN,
    method=STRING,
    threshold=STRING,
    carried_by=STRING,
    members=INTEGER,
    words=optional(STRING),
    at=TIME,
    **PRESENCE,
)
# every kind that decides a question: counted (adopted, rejected) or declared with no count
DECIDING = (MOTION_ADOPTED, MOTION_REJECTED, MOTION_DECLARED)


def adopted(kind_name: str, data: Mapping[str, object]) -> bool:
    """Whether a deciding entry (one of `DECIDING`) adopted its question."""
    if kind_name == MOTION_DECLARED:
        return data.get("adopted") is True
    return kind_name == MOTION_ADOPTED


TEXT_AMENDED = engine_kind("text.amended", question=STRING, amendment=STRING, text=STRING)
MOTION_TABLED = engine_kind("motion.tabled", questions=STRINGS, at=TIME)
MOTION_TAKEN_FROM_TABLE = engine_kind("motion.taken-from-table", questions=STRINGS, at=TIME)
MOTION_POSTPONED = engine_kind("motion.postponed", questions=STRINGS, until=maybe(STRING), at=TIME)
MOTION_REFERRED = engine_kind(
    "motion.referred", questions=STRINGS, committee=maybe(STRING), at=TIME
)
MOTION_POSTPONED_INDEFINITELY = engine_kind(
    "motion.postponed-indefinitely", questions=STRINGS, at=TIME
)
QUESTION_TAKEN_UP = engine_kind("question.taken-up", questions=STRINGS, at=TIME)
DEBATE_CLOSED = engine_kind("debate.closed", questions=STRINGS, at=TIME)
DEBATE_LIMITED = engine_kind(
    "debate.limited",
    questions=STRINGS,
    speech_seconds=maybe(INTEGER),
    speeches_per_member=maybe(INTEGER),
    at=TIME,
)
MOTION_WITHDRAWN = engine_kind("motion.withdrawn", questions=STRINGS, by=maybe(STRING), at=TIME)
MOTION_SET_ASIDE = engine_kind("motion.set-aside", questions=STRINGS, reason=STRING, at=TIME)
MOTION_RECONSIDERED = engine_kind("motion.reconsidered", question=STRING, at=TIME)
MOTION_RESCINDED = engine_kind("motion.rescinded", question=STRING, at=TIME)
MOTION_NOT_CONSIDERED = engine_kind("motion.not-considered", question=STRING, at=TIME)
QUESTION_DIVIDED = engine_kind(
    "question.divided", question=STRING, parts=STRINGS, texts=STRINGS, at=TIME
)
RULES_SUSPENDED = engine_kind("rules.suspended", question=STRING, purpose=STRING, at=TIME)
ORDERS_CALLED = engine_kind("orders.called", by=STRING, at=TIME)
DEMAND_MADE = engine_kind("demand.made", motion=STRING, by=STRING, question=maybe(STRING), at=TIME)
ADJOURNMENT_FIXED = engine_kind("adjournment.fixed", to=STRING, at=TIME)
SESSION_RECESSED = engine_kind("session.recessed", until=maybe(STRING), at=TIME)
SESSION_RESUMED = engine_kind("session.resumed", at=TIME)
SESSION_ADJOURNED = engine_kind(
    "session.adjourned",
    no_vote_taken=STRINGS,
    to=maybe(STRING),
    declared=optional(BOOLEAN),
    words=optional(STRING),
    at=TIME,
    **PRESENCE,
)
RULING_MADE = engine_kind(
    "ruling.made",
    ruling=STRING,
    question=maybe(STRING),
    well_taken=maybe(BOOLEAN),
    text=STRING,
    at=TIME,
)
RULING_SUSTAINED = engine_kind("ruling.sustained", ruling=STRING, at=TIME)
RULING_REVERSED = engine_kind("ruling.reversed", ruling=STRING, at=TIME)
FLOOR_REQUESTED = engine_kind(
    "floor.requested",
    delegate=STRING,
    side=maybe(STRING),
    in_name_of=maybe(STRING),
    question=maybe(STRING),
    at=TIME,
)
FLOOR_REQUEST_WITHDRAWN = engine_kind(
    "floor.request-withdrawn", delegate=STRING, by=STRING, at=TIME
)
FLOOR_GIVEN = engine_kind(
    "floor.given",
    delegate=STRING,
    kind=STRING,
    question=maybe(STRING),
    in_name_of=maybe(STRING),
    side=maybe(STRING),
    seconds=INTEGER,
    counts_as_speech=BOOLEAN,
    at=TIME,
)
FLOOR_YIELDED = engine_kind(
    "floor.yielded",
    delegate=STRING,
    question=maybe(STRING),
    reason=STRING,
    interrupted=optional(BOOLEAN),
    at=TIME,
    words=optional(STRING),
    quoted=optional(BOOLEAN),
)
FLOOR_INTERRUPTED = engine_kind("floor.interrupted", delegate=STRING, by=STRING, at=TIME)
FLOOR_RESUMED = engine_kind("floor.resumed", delegate=STRING)
FLOOR_INTERJECTED = engine_kind(
    "floor.interjected",
    words=STRING,
    quoted=BOOLEAN,
    delegate=optional(STRING),
    voice=optional(STRING),
    at=TIME,
)
GUEST_HEARD = engine_kind(
    "guest.heard",
    name=STRING,
    words=STRING,
    quoted=BOOLEAN,
    in_name_of=optional(STRING),
    at=TIME,
)
CHAIR_TAKEN = engine_kind("chair.taken", delegate=optional(STRING), name=optional(STRING), at=TIME)
REPORT_READ = engine_kind(
    "report.read",
    subject=STRING,
    text=STRING,
    kind=STRING,
    delegate=optional(STRING),
    name=optional(STRING),
    in_name_of=optional(STRING),
    at=TIME,
)
SPEAKERS_CLOSED = engine_kind("speakers.closed", waiting=STRINGS, at=TIME)
SPEAKERS_REOPENED = engine_kind("speakers.reopened", at=TIME)
AGENDA_CHANGED = engine_kind(
    "agenda.changed",
    items=ArrayOf(record(item=STRING, title=STRING, order_of_the_day=BOOLEAN)),
    decision=STRING,
    at=TIME,
)
AGENDA_ADOPTED = engine_kind(
    "agenda.adopted", items=ArrayOf(AGENDA_ITEM), by=STRING, decision=optional(STRING), at=TIME
)
AGENDA_ITEM_TAKEN_UP = engine_kind("agenda.item-taken-up", item=STRING, at=TIME)
