"""Acts: what a chair or a delegate attempts, for the engine to accept or refuse.

Every id is chosen by the caller (the engine never invents one); every time comes in an
act, as an ISO-8601 string or whole seconds (the engine never reads the clock).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from smolny.procedure.state import Time
from smolny.procedure.text import Change


@dataclass(frozen=True)
class Move:
    """A delegate moves a motion (`motion` is a rulebook key), giving it the id `id`.

    `applies_to` names the question (or, for an appeal, the ruling) it applies to; when
    left out, the engine takes the immediately pending question. The other fields carry
    what particular motions need: an amendment's `strike`/`text` (or its `change`: an
    insert, strike, strike and insert or substitute at a place in the text, see
    `smolny.procedure.text`), a postponement's `until`, a committee, a limit of debate,
    the parts of a divided question.
    """

    id: str
    motion: str
    mover: str
    text: str = ""
    applies_to: str | None = None
    strike: str | None = None
    until: str | None = None
    committee: str | None = None
    speech_seconds: int | None = None
    speeches_per_member: int | None = None
    parts: tuple[str, ...] = ()
    notice: bool = False
    at: Time | None = None
    change: Change | None = None


@dataclass(frozen=True)
class Second:
    """A delegate seconds a motion that has been moved."""

    question: str
    seconder: str
    at: Time | None = None


@dataclass(frozen=True)
class StateQuestion:
    """The chair states the question: the motion is now before the body."""

    question: str
    at: Time | None = None


@dataclass(frozen=True)
class Withdraw:
    """The mover withdraws a motion: freely before it is stated, after only by consent."""

    question: str
    by: str
    consent: bool = False  # the chair asked and nobody objected
    at: Time | None = None


@dataclass(frozen=True)
class SetAside:
    """The chair leaves a pending motion, with those adhering to it, undecided: no vote is
    taken on it, and the body goes on to other business (its mover walked out, the hall
    turned elsewhere). It is not withdrawn: the record says why (`reason`) and keeps it
    as a motion on which no vote was taken."""

    question: str
    reason: str
    at: Time | None = None


@dataclass(frozen=True)
class DeclareAdjourned:
    """The chair declares the sitting adjourned, no motion to adjourn having been moved
    (the hall dispersing); what is still pending is left with no vote taken. `words`: as
    the record tells it ("before dawn")."""

    words: str | None = None
    at: Time | None = None


@dataclass(frozen=True)
class RequestFloor:
    """A delegate asks to be put on the speakers' list, for or against, perhaps for others."""

    delegate: str
    side: str | None = None  # "for", "against" or None
    in_name_of: str | None = None  # the delegate's faction or sending body
    at: Time | None = None


@dataclass(frozen=True)
class WithdrawFloorRequest:
    """A delegate's request for the floor taken off the speakers' list: withdrawn by the
    delegate (`by` their own id), or struck off by the chair (`by` None), e.g. absent when
    called."""

    delegate: str
    by: str | None = None  # the delegate themselves; None: the chair
    at: Time | None = None


@dataclass(frozen=True)
class Recognise:
    """The chair gives the floor: to `delegate`, or to whoever is next on the list."""

    delegate: str | None = None
    at: Time | None = None


@dataclass(frozen=True)
class Reply:
    """The chair gives a delegate the floor for a reply, outside the order of the list."""

    delegate: str
    in_name_of: str | None = None
    at: Time | None = None


@dataclass(frozen=True)
class Yield:
    """The speaker gives up the floor (`reason` "finished"), or the chair calls time ("time").

    `words` records what the speaker said: a quotation (`quoted`) or the clerk's summary."""

    reason: str = "finished"
    at: Time | None = None
    words: str | None = None
    quoted: bool = False


@dataclass(frozen=True)
class CloseList:
    """The chair closes the speakers' list: nobody more may ask for the floor."""

    at: Time | None = None


@dataclass(frozen=True)
class ReopenList:
    """The chair reopens the speakers' list closed earlier: delegates may ask again."""

    at: Time | None = None


@dataclass(frozen=True)
class PutQuestion:
    """The chair puts the immediately pending question to the vote."""

    question: str
    at: Time | None = None


@dataclass(frozen=True)
class BodyResult:
    """One body's votes in a joint session, counted apart; for a ballot, the body's presence,
    quorum and membership when the poll opened (as `RecordResult.present` for the whole)."""

    yes: int | str
    no: int | str
    abstain: int | str = 0
    present: int | None = None
    quorum: int | None = None
    members: int | None = None


@dataclass(frozen=True)
class RecordResult:
    """The result of the poll on a question: counted elsewhere, passed in.

    `unit` is "heads" or "weight"; weighted counts are `Fraction` strings "p/q" or ints.
    `casting_vote` is the chair's vote on a tie where the rulebook lets the chair decide.
    """

    question: str
    yes: int | str
    no: int | str
    abstain: int | str = 0
    unit: str = "heads"
    method: str = "show-of-hands"  # voice, show-of-hands, rising, roll-call, ballot
    casting_vote: bool | None = None
    # For a ballot whose register was fixed when the poll opened: the number present then,
    # the quorum then and the membership then. The vote was taken in that hall, so its
    # quorum, its count and a threshold of members are judged against it.
    present: int | None = None
    quorum: int | None = None
    members: int | None = None
    at: Time | None = None
    # A joint session: each body's count (body slug -> its votes). Required when the
    # rulebook counts a joint session's votes by body; otherwise recorded alongside.
    by_body: Mapping[str, BodyResult] | None = None


@dataclass(frozen=True)
class ChairRuling:
    """The chair rules, with the id `id`: on a pending point (`question`) or on its own."""

    id: str
    text: str
    question: str | None = None
    well_taken: bool | None = None
    at: Time | None = None


@dataclass(frozen=True)
class ChangePresence:
    """Delegates, or a whole faction, leave the hall (`present` False) or come back."""

    present: bool
    delegates: tuple[str, ...] = ()
    faction: str | None = None
    declaration: str | None = None
    at: Time | None = None


@dataclass(frozen=True)
class Register:
    """A delegate is registered in the session (after the credentials check)."""

    delegate: str
    faction: str | None = None
    body: str | None = None
    present: bool = True
    at: Time | None = None
    sits_for: str | None = None  # a joint session: the sitting body they are a delegate of


@dataclass(frozen=True)
class AgendaEntry:
    """An item as given in a change of the agenda."""

    id: str
    title: str
    order_of_the_day: bool = False
    reporter: str | None = None
    starts: str | None = None  # "HH:MM"
    minutes: int | None = None


@dataclass(frozen=True)
class AdoptAgenda:
    """The first agenda of a sitting adopted as the rulebook's `[agenda]` says: by the
    adopted question `decision` (adoption "vote"), or by the chair's declaration (None)."""

    items: tuple[AgendaEntry, ...]
    decision: str | None = None
    at: Time | None = None


@dataclass(frozen=True)
class ChangeAgenda:
    """The agenda replaced by `items`, as the body decided by the adopted question `decision`."""

    items: tuple[AgendaEntry, ...]
    decision: str
    at: Time | None = None


@dataclass(frozen=True)
class TakeUpItem:
    """The chair takes up an agenda item; the item before it is done."""

    item: str
    at: Time | None = None


@dataclass(frozen=True)
class TakeUpQuestion:
    """The chair takes up a question postponed to now, or reported back by a committee."""

    question: str
    at: Time | None = None


@dataclass(frozen=True)
class Resume:
    """The chair resumes a session after a recess."""

    at: Time | None = None


@dataclass(frozen=True)
class CancelVote:
    """The chair cancels the vote on the question being voted on: it is before the body again."""

    question: str
    reason: str
    at: Time | None = None


@dataclass(frozen=True)
class HearGuest:
    """The chair lets a guest who is no delegate (`name`, e.g. a member of another body)
    address the body, perhaps in the name of others (`in_name_of`, in words); `words` are a
    quotation (`quoted`) or a summary."""

    name: str
    words: str
    in_name_of: str | None = None
    quoted: bool = False
    at: Time | None = None


@dataclass(frozen=True)
class Interject:
    """Words called out from the floor, with no floor given: by a delegate (`delegate`) or
    by a voice described in words (`voice`: "a voice from the floor", "the soldiers")."""

    words: str
    delegate: str | None = None
    voice: str | None = None
    quoted: bool = True
    at: Time | None = None


@dataclass(frozen=True)
class TakeChair:
    """A delegate (`delegate`), or someone named who is not one (`name`), takes the chair."""

    delegate: str | None = None
    name: str | None = None
    at: Time | None = None


@dataclass(frozen=True)
class ReadReport:
    """A report or an announcement (`kind`) read to the body: by a delegate (`by`) or by
    someone named (`name`), perhaps in the name of others (`in_name_of`, in words)."""

    subject: str
    text: str = ""
    by: str | None = None
    name: str | None = None
    in_name_of: str | None = None
    kind: str = "report"  # report, announcement
    at: Time | None = None


@dataclass(frozen=True)
class DeclareResult:
    """The chair declares the question being voted on adopted or rejected with no count
    taken (`method`: voice, show-of-hands, rising, acclamation), in the `words` of the
    record if it has any ("quickly passed"). No figures are recorded."""

    question: str
    adopted: bool
    method: str = "show-of-hands"
    words: str | None = None
    at: Time | None = None


Act = (
    Move
    | Second
    | StateQuestion
    | Withdraw
    | RequestFloor
    | WithdrawFloorRequest
    | Recognise
    | Reply
    | Yield
    | CloseList
    | ReopenList
    | PutQuestion
    | RecordResult
    | ChairRuling
    | ChangePresence
    | Register
    | ChangeAgenda
    | AdoptAgenda
    | TakeUpItem
    | TakeUpQuestion
    | Resume
    | CancelVote
    | HearGuest
    | Interject
    | TakeChair
    | ReadReport
    | DeclareResult
    | SetAside
    | DeclareAdjourned
)
