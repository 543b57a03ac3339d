"""Commands: what someone asks a body to do. Each is decided by `smolny.domain.decide`."""

from __future__ import annotations

from dataclasses import dataclass, field

from smolny import procedure
from smolny.domain.polls import Tally


@dataclass(frozen=True)
class CreateBody:
    """Set up a council, congress, committee, section or presidium."""

    slug: str
    name: str
    kind: str = "congress"
    parent: str | None = None
    language: str = "en"
    rulebook: str = "robert"
    members: int | None = None  # a council's (or section's) membership
    purpose: str | None = None  # a committee's, e.g. "credentials"
    elected_by: str | None = None  # an executive committee's: a poll or session of its congress


@dataclass(frozen=True)
class SetMembership:
    """A council's (or section's) membership, as the basis of its share of delegates."""

    body: str
    members: int


@dataclass(frozen=True)
class ConveneCongress:
    """Convene a congress from councils, each sending delegates by `rule`:
    `fixed` (`number` each), `per-members` (one per `number` members, at least one) or
    `apportioned` (`seats` shared by membership with `method`)."""

    congress: str
    councils: tuple[str, ...]
    rule: str
    number: int | None = None
    seats: int | None = None
    method: str = "hare"
    lot: tuple[str, ...] | None = None  # the order a lot drawn by the body put the councils in


@dataclass(frozen=True)
class JoinFaction:
    """A delegate joins a faction of their body (leaving the one they were in)."""

    body: str
    delegate: str
    faction: str


@dataclass(frozen=True)
class LeaveFaction:
    """A delegate leaves their faction."""

    body: str
    delegate: str


@dataclass(frozen=True)
class Declare:
    """A declaration in a faction's name, read in a session by a delegate of that faction."""

    session: str
    faction: str
    text: str
    by: str


@dataclass(frozen=True)
class SetChair:
    """The presidium's chair, or its rota of chairs: `fixed` (the first chairs), `per-session`
    or `per-item` (the chairs take turns by sitting or by agenda item, in this order)."""

    body: str
    chairs: tuple[str, ...]
    rota: str = "fixed"


@dataclass(frozen=True)
class FormFaction:
    """Record a faction of a body."""

    body: str
    slug: str
    name: str


@dataclass(frozen=True)
class NewDelegate:
    """One delegate to register: name, faction, and whether they hold a vote."""

    name: str
    faction: str | None = None
    voting: bool = True
    weight: int = 1
    sent_by: str | None = None


@dataclass(frozen=True)
class RegisterDelegates:
    """Register delegates with a body, in one act."""

    body: str
    delegates: tuple[NewDelegate, ...]


@dataclass(frozen=True)
class DelegateChange:
    """What to change of one registered delegate: each field given changes, None keeps it;
    `no_faction` takes them out of their faction."""

    delegate: str
    name: str | None = None
    faction: str | None = None
    no_faction: bool = False
    voting: bool | None = None  # False: consultative, a voice and no vote
    weight: int | None = None


@dataclass(frozen=True)
class AmendDelegates:
    """The secretariat corrects registered delegates of a body, one or many, in one act."""

    body: str
    changes: tuple[DelegateChange, ...]


@dataclass(frozen=True)
class ImportRoster:
    """Delegates from a spreadsheet: all rows valid and registered together, or none."""

    body: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, str]], ...]
    source: str = "the file"


@dataclass(frozen=True)
class OpenSession:
    """Open a sitting of a body."""

    body: str
    title: str
    opened_by: str | None = None  # a delegate, such as a member of the outgoing executive
    scheduled: str | None = None  # the scheduled sitting (`ScheduleSession`) this opens
    emergency: bool = False  # an emergency sitting, called at short notice


@dataclass(frozen=True)
class RecordPresence:
    """Delegates arriving in or leaving the hall; a faction walking out or back in as one act."""

    session: str
    arrived: tuple[str, ...] = ()
    left: tuple[str, ...] = ()
    all_present: bool = False
    faction: str | None = None  # the whole faction arrives (in `arrived` mode) or leaves
    faction_leaves: bool = False
    declaration: str | None = None  # what the faction declared as it left or came back
    at: str | None = None


@dataclass(frozen=True)
class AgendaDraftItem:
    """An item of a draft agenda; `item` keeps the id of one drafted before (None: new)."""

    title: str
    reporter: str | None = None
    starts: str | None = None  # "HH:MM"
    minutes: int | None = None
    item: str | None = None
    order_of_the_day: bool = False


@dataclass(frozen=True)
class DraftAgenda:
    """The draft agenda of an open sitting, in order, replacing any earlier draft."""

    session: str
    items: tuple[AgendaDraftItem, ...]


@dataclass(frozen=True)
class AdoptAgenda:
    """Adopt the draft agenda as the body's rulebook says: a motion moved by `mover` and put
    to the body (adoption "vote"), or the chair's declaration (adoption "declaration")."""

    session: str
    mover: str | None = None
    at: str | None = None


@dataclass(frozen=True)
class MoveMotion:
    """A main motion moved in a session (procedural motions go through `Act`)."""

    session: str
    title: str
    text: str
    mover: str
    kind: str = "main"
    at: str | None = None
    # a section's adopted resolution brought to the whole: its text is taken as adopted
    # (give "" or the same text), the mover reports it (see `smolny.domain.joint`)
    brought_from: str | None = None


@dataclass(frozen=True)
class OpenJointSession:
    """Open one sitting of two or more bodies together (the first convenes it); their
    presidiums sit together (see `smolny.domain.joint`)."""

    bodies: tuple[str, ...]
    title: str
    opened_by: str | None = None


@dataclass(frozen=True)
class SeatPresidium:
    """In a joint session, a body's presidium takes its place on the platform; the
    presidium of `makes_place` (if given) rises and makes place for it."""

    session: str
    body: str
    makes_place: str | None = None
    at: str | None = None


@dataclass(frozen=True)
class Act:
    """An act of the rules of procedure in a session, for the engine to accept or refuse."""

    session: str
    act: procedure.Act


@dataclass(frozen=True)
class OpenPoll:
    """Put a question to the vote.

    On a motion (`motion`), the immediately pending question, yes/no/abstain, decided by
    the engine. Otherwise an election or a choice in a sitting (`session`, `title`,
    `options`): one of N (`choice`), up to `seats` of N (`multiple`), `ranked` (counted
    by STV or IRV) or `list` (seats apportioned). See `smolny.domain.polls`.
    """

    motion: str | None = None
    method: str = "electronic-named"
    session: str | None = None
    title: str | None = None
    question: str = "yes-no-abstain"
    options: tuple[str, ...] = ()
    seats: int = 1
    counting: str | None = None
    threshold: str = "majority"  # of a choice: plurality, majority, two-thirds
    presence: str = "present"  # who is on the register: the delegates "present", or "all"
    changeable: bool = False  # a voter may change their vote until the close
    sections: tuple[str, ...] = ()  # tellers count these apart (factions, or parts of the hall)
    opens_at: str | None = None  # a poll opened later, at this time
    closes_at: str | None = None  # closed by itself at this time
    poll: str | None = None  # the scheduled poll this opening starts
    at: str | None = None


@dataclass(frozen=True)
class EnterCount:
    """Tellers' count of a show of hands or standing vote, for the hall or one section."""

    poll: str
    counts: dict[str, int]
    section: str | None = None
    tellers: tuple[str, ...] = ()


@dataclass(frozen=True)
class GiveProxy:
    """A delegate gives their vote to another delegate of the body to cast for them."""

    body: str
    delegator: str
    holder: str


@dataclass(frozen=True)
class WithdrawProxy:
    """A delegate takes back the proxy they gave."""

    body: str
    delegator: str


@dataclass(frozen=True)
class SuspendMandate:
    """A delegate's mandate suspended (they may not vote), or restored, with the reason."""

    body: str
    delegate: str
    reason: str
    restore: bool = False


@dataclass(frozen=True)
class TakeUpMandate:
    """A substitute takes up the mandate (and its vote) of a delegate of the body."""

    body: str
    substitute: str
    replaces: str


@dataclass(frozen=True)
class IssueMandate:
    """A sending body gives a delegate a mandate to another body (see `smolny.domain.mandates`)."""

    sending: str
    to: str
    name: str
    faction: str | None = None
    voting: bool = True  # False: a consultative mandate, a voice and no vote
    weight: int = 1
    term_until: str | None = None  # a date (to the end of that day, UTC) or a time
    substitutes: tuple[str, ...] = ()  # names, in the order they take the seat up


@dataclass(frozen=True)
class CheckCredentials:
    """The credentials committee accepts or rejects a mandate, with its reason."""

    body: str
    mandate: str
    accepted: bool
    reason: str = ""
    committee: str | None = None


@dataclass(frozen=True)
class ContestMandate:
    """A delegate disputes another's mandate; the body decides on a motion that it is valid."""

    body: str
    delegate: str
    by: str
    grounds: str
    at: str | None = None


@dataclass(frozen=True)
class RecallDelegate:
    """The sending body recalls its delegate; the next substitute, if any, takes the seat."""

    sending: str
    delegate: str
    reason: str


@dataclass(frozen=True)
class ImportMandates:
    """Mandates from a spreadsheet: all rows valid and issued together, or none."""

    header: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, str]], ...]
    source: str = "the file"


@dataclass(frozen=True)
class BoxCount:
    """What a poll's ballot box holds at its close, read from the box itself."""

    ballots: int
    digest: str
    tally: Tally = field(default_factory=Tally)
    roll: tuple[int, str] | None = None  # a secret poll's roll: how many voted, its digest
    by_body: tuple[tuple[str, Tally], ...] = ()  # a joint poll counted by body: each body's


@dataclass(frozen=True)
class ClosePoll:
    """Close a poll; the box's count (or the tellers' counts) decides it."""

    poll: str
    box: BoxCount | None = None  # None: a show of hands or standing vote, counted by tellers
    at: str | None = None


@dataclass(frozen=True)
class CancelPoll:
    """Cancel a poll, with the reason: its box is kept but not counted; the vote may be repeated."""

    poll: str
    reason: str
    ballots: int  # what the box held when it was shut
    digest: str
    at: str | None = None
    roll: tuple[int, str] | None = None  # a secret poll's roll when shut: names, digest


@dataclass(frozen=True)
class CloseSession:
    """Close a sitting."""

    session: str


@dataclass(frozen=True)
class AllotPresidium:
    """Allot a body's presidium seats to its factions in proportion to their delegates."""

    body: str
    seats: int
    method: str = "sainte-lague"
    factions: tuple[str, ...] | None = None  # the factions that claim seats (default: all)
    declined: tuple[str, ...] = ()
    declined_seats: str = "empty"  # "empty": left empty; "given": shared among the others
    reserved: tuple[str, ...] = ()  # held empty for the faction, to take up later
    lot: tuple[str, ...] | None = None  # the order a lot drawn by the body put the factions in


@dataclass(frozen=True)
class TakeUpSeats:
    """A faction takes up the presidium seats it reserved."""

    body: str
    faction: str


@dataclass(frozen=True)
class IssueAccessCodes:
    """New access codes for delegates of a body (the codes themselves never enter the record)."""

    body: str
    delegates: tuple[str, ...]


@dataclass(frozen=True)
class CreateAccount:
    """A staff account (admin, chair, secretary); its password never enters the journal."""

    username: str
    role: str
    body: str | None = None  # the body the account works for (its screens open on it)


@dataclass(frozen=True)
class DisableAccount:
    """Disable a staff account (`account`, its id): its logins end, it cannot log in."""

    account: str


@dataclass(frozen=True)
class EnableAccount:
    """Enable a disabled staff account again."""

    account: str


@dataclass(frozen=True)
class ResetPassword:
    """Record that a staff account was given a new password (`one_time`: to be changed at
    its next login); the password itself never enters the record."""

    account: str
    one_time: bool = True


@dataclass(frozen=True)
class CorrectMinutes:
    """The secretary corrects the minutes of a closed session: `what` (a paragraph, §N, or a
    part named in words) now reads `correction`, for `reason`. Never an edit of the record."""

    session: str
    what: str
    correction: str
    reason: str


@dataclass(frozen=True)
class MoveApproval:
    """Move, at a sitting of the body, that the minutes of an earlier, closed session be
    approved; `hash` is the SHA-256 of their canonical Markdown as put to the body."""

    session: str
    minutes: str
    mover: str
    hash: str
    at: str | None = None


@dataclass(frozen=True)
class SetTimeZone:
    """The body keeps its time in `zone`: an IANA name (Europe/Moscow), UTC, or an offset
    (+02:01, +02:01:18) that `name` names ("Petrograd mean time"). Minutes, screens and
    reports show its times in it."""

    body: str
    zone: str
    name: str | None = None


@dataclass(frozen=True)
class ScheduleSession:
    """A sitting of `body` called for `scheduled_for` (ISO 8601); it opens later under the
    id it is given now (`OpenSession(scheduled=...)`)."""

    body: str
    title: str
    scheduled_for: str
    emergency: bool = False


@dataclass(frozen=True)
class PostponeSession:
    """A scheduled sitting put off: to `to` (ISO 8601), or with no time set (None)."""

    session: str
    to: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class AddNote:
    """A note in the record on the entry `about` (its seq): e.g. that a value in it is not
    in the sources (`field` names which: "at", "figures"). `session` names the sitting whose
    minutes show it, when the entry is of one."""

    about: int
    text: str
    field: str | None = None
    session: str | None = None


@dataclass(frozen=True)
class IssueStatement:
    """A statement made outside the sitting (at another hall, to the press), in the name
    of `name` ("the departed delegates") for `in_name_of` ("the Central Executive
    Committee"), about `body`; `about_session`: the sitting it speaks of, whose minutes
    show it; `at` (ISO 8601): when it was made. It changes nothing in the sitting."""

    body: str
    text: str
    name: str
    in_name_of: str | None = None
    about_session: str | None = None
    at: str | None = None


@dataclass(frozen=True)
class RecordLockout:
    """Failed logins locked `account` out from `network` (scope "account"), or all logins
    from `network` (scope "address"), until `until` (ISO 8601). Recorded by the service's
    count of failed logins (`smolny.service.lockout`)."""

    scope: str
    network: str
    failures: int
    until: str
    account: str | None = None


@dataclass(frozen=True)
class LiftLockout:
    """An administrator lifted `lifted` lockouts: of `account` (from every address), of
    `network`, or all of them (neither given)."""

    lifted: int
    account: str | None = None
    network: str | None = None


@dataclass(frozen=True)
class AttachAccount:
    """A staff account works for a council: it submits and instructs for that council only."""

    account: str  # the account's id (`a3`) or username
    council: str


@dataclass(frozen=True)
class SetDeadlines:
    """The secretariat sets a congress's deadlines for motions and amendments (ISO 8601 times
    with their zone; no amendment deadline: the motions' one) and the workflow its papers
    follow."""

    congress: str
    motions: str
    amendments: str | None = None
    workflow: str = "union-congress"


@dataclass(frozen=True)
class SubmitMotion:
    """A council submits a motion to a congress: its title, its paragraphs, its movers (the
    people who will move it) and its supporting councils; `emergency` asks for a late one to
    be taken as an emergency motion."""

    congress: str
    council: str
    title: str
    paragraphs: tuple[str, ...]
    movers: tuple[str, ...]
    supporters: tuple[str, ...] = ()
    emergency: bool = False
    at: str | None = None


@dataclass(frozen=True)
class SubmitAmendment:
    """A council submits an amendment to paragraph `paragraph` (from 1) of a motion:
    `replace` it with `text`, `delete` it, or `insert-after` it `text` (0: before the first)."""

    congress: str
    council: str
    motion: str
    paragraph: int
    change: str
    text: str
    movers: tuple[str, ...]
    supporters: tuple[str, ...] = ()
    at: str | None = None


@dataclass(frozen=True)
class MovePaper:
    """Move a paper from its state to `to`, acting as `role` of the workflow (secretariat,
    committee, congress, mover), with the reason where the workflow asks for one."""

    congress: str
    paper: str
    to: str
    role: str
    reason: str = ""


@dataclass(frozen=True)
class Recommend:
    """The standing orders committee recommends a paper to the congress: support, oppose or
    refer, with its reasons."""

    congress: str
    paper: str
    stance: str
    reason: str


@dataclass(frozen=True)
class ProposeComposite:
    """The standing orders committee proposes a composite of several motions in one text."""

    congress: str
    motions: tuple[str, ...]
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class ConsentToComposite:
    """The council that moved `motion` consents to its being composited into `composite`."""

    congress: str
    composite: str
    motion: str


@dataclass(frozen=True)
class MakeComposite:
    """The composite takes its motions' place, once every mover has consented."""

    congress: str
    composite: str


@dataclass(frozen=True)
class InstructDelegates:
    """A sending council instructs its delegates how to vote on a paper: for, against or
    free; `delegates` empty: every delegate it sent to the congress."""

    congress: str
    council: str
    paper: str
    instruction: str
    delegates: tuple[str, ...] = ()


@dataclass(frozen=True)
class AgendaFromPapers:
    """The congress's admitted motions and composites added to a sitting's draft agenda, each
    item linked to its paper: those named, or (none named) every one not on it yet, in
    number order."""

    session: str
    papers: tuple[str, ...] = ()


@dataclass(frozen=True)
class MovePaperMotion:
    """The paper on the agenda moved as a main motion in a delegate's name: its title and
    paragraphs are the motion's, word for word."""

    session: str
    paper: str
    mover: str
    at: str | None = None


@dataclass(frozen=True)
class MoveEnBloc:
    """Several motions the committee recommends to support put together to one vote, where
    the rulebook allows it (`[papers] en-bloc`)."""

    session: str
    papers: tuple[str, ...]
    mover: str
    at: str | None = None


@dataclass(frozen=True)
class ObjectEnBloc:
    """A delegate or a council objects to a motion being taken with others: under `[papers]
    en-bloc-objection = "any"` it is taken out of the bundle."""

    session: str
    question: str
    paper: str
    objector: str  # a delegate (id) or a council (slug)


@dataclass(frozen=True)
class FixMotionsBook:
    """The secretariat fixes a final edition of a congress's motions book by the SHA-256 of its
    canonical content (`sha256`, hex), drawn from the journal up to entry `covers`."""

    congress: str
    sha256: str
    covers: int


Command = (
    CreateBody
    | FormFaction
    | RegisterDelegates
    | ImportRoster
    | AmendDelegates
    | DraftAgenda
    | AdoptAgenda
    | OpenSession
    | OpenJointSession
    | SeatPresidium
    | RecordPresence
    | MoveMotion
    | OpenPoll
    | EnterCount
    | GiveProxy
    | WithdrawProxy
    | SuspendMandate
    | TakeUpMandate
    | IssueMandate
    | CheckCredentials
    | ContestMandate
    | RecallDelegate
    | ImportMandates
    | Act
    | ClosePoll
    | CancelPoll
    | CloseSession
    | AllotPresidium
    | TakeUpSeats
    | IssueAccessCodes
    | CreateAccount
    | DisableAccount
    | EnableAccount
    | ResetPassword
    | SetMembership
    | ConveneCongress
    | JoinFaction
    | LeaveFaction
    | Declare
    | SetChair
    | CorrectMinutes
    | MoveApproval
    | RecordLockout
    | LiftLockout
    | SetTimeZone
    | ScheduleSession
    | PostponeSession
    | AddNote
    | AttachAccount
    | SetDeadlines
    | SubmitMotion
    | SubmitAmendment
    | MovePaper
    | Recommend
    | ProposeComposite
    | ConsentToComposite
    | MakeComposite
    | InstructDelegates
    | AgendaFromPapers
    | MovePaperMotion
    | MoveEnBloc
    | ObjectEnBloc
    | IssueStatement
    | FixMotionsBook
)
