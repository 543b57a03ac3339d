"""Commands: what someone asks a body to do. Each is decided by `smolny.domain.decide`."""

from __future__ import annotations

from dataclasses import dataclass, field

from smolny import procedure


@dataclass(frozen=True)
class CreateBody:
    """Set up a council, congress, committee, section or presidium."""

    slug: str
    name: str
    kind: str = "congress"
    parent: str | None = None
    language: str = "en"
    rulebook: str = "robert"


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
class MoveMotion:
    """A main motion moved in a session (procedural motions go through `Act`)."""

    session: str
    title: str
    text: str
    mover: str
    kind: str = "main"
    at: str | None = None


@dataclass(frozen=True)
class Act:
    """An act of the rules of procedure in a session, for the engine to accept or refuse."""

    session: str
    act: procedure.Act


@dataclass(frozen=True)
class OpenPoll:
    """Put the immediately pending question to a yes/no/abstain vote by electronic ballot."""

    motion: str
    method: str = "electronic-named"
    at: str | None = None


@dataclass(frozen=True)
class BoxCount:
    """What a poll's ballot box holds at its close, read from the box itself."""

    ballots: int
    digest: str
    heads: dict[str, int] = field(default_factory=dict)
    weights: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ClosePoll:
    """Close a poll; the box's count decides the motion."""

    poll: str
    box: BoxCount
    at: str | None = None


@dataclass(frozen=True)
class CancelPoll:
    """Cancel a poll, with the reason: its box is kept but not counted; the vote may be repeated."""

    poll: str
    reason: str
    ballots: int  # what the box held when it was shut
    digest: str
    at: str | None = None


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


Command = (
    CreateBody
    | FormFaction
    | RegisterDelegates
    | ImportRoster
    | OpenSession
    | RecordPresence
    | MoveMotion
    | OpenPoll
    | Act
    | ClosePoll
    | CancelPoll
    | CloseSession
    | AllotPresidium
    | TakeUpSeats
    | IssueAccessCodes
    | CreateAccount
)
