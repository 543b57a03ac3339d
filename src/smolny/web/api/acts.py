"""`POST /api/v1/sessions/{id}/acts`: every act of the rules of procedure, one endpoint.

The body names the act (`{"act": "second", "question": "m1", "seconder": "d7"}`); the
engine accepts it with the events it causes, or refuses it with the rule (409). A
delegate may do only their own acts (move, second, withdraw, ask for the floor or withdraw
that request), in their own name; the chair and the admin may do any (the chair's
withdrawal of a request strikes the delegate off the speakers' list).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body
from pydantic import Field

from smolny import procedure
from smolny.domain import commands as c
from smolny.domain.errors import Forbidden
from smolny.service.app import Principal
from smolny.service.permissions import require
from smolny.service.views import sessions
from smolny.web.api import amendments
from smolny.web.api.core import Strict, _entries
from smolny.web.callers import App, Who

router = APIRouter(prefix="/api/v1")

Id = Annotated[str, Field(max_length=32)]
Text = Annotated[str, Field(max_length=100_000)]


class MoveAct(Strict):
    act: Literal["move"]
    motion: str = Field(
        max_length=63, description="the rulebook's key: main, amend, lay-on-the-table..."
    )
    mover: Id | None = None
    text: Text = ""
    applies_to: Id | None = None
    strike: Text | None = None
    until: str | None = Field(None, max_length=64)
    committee: str | None = Field(None, max_length=63)
    speech_seconds: int | None = Field(None, ge=1, le=86_400)
    speeches_per_member: int | None = Field(None, ge=0, le=1000)
    parts: list[Text] = Field(default_factory=list, max_length=100)
    notice: bool = False
    # an amendment as a change at a place in the text (web/api/amendments.py)
    operation: Literal["insert", "strike", "strike-insert", "substitute"] | None = Field(
        None, description="an amendment: insert, strike, strike-insert or substitute"
    )
    after: Text | None = Field(None, description="an insert: after these words")
    before: Text | None = Field(None, description="an insert: before these words")
    occurrence: int = Field(1, ge=1, le=100_000, description="which time the words occur")
    words: list[int] | None = Field(
        None, min_length=2, max_length=2, description="the place by word offsets [from, to)"
    )


class SecondAct(Strict):
    act: Literal["second"]
    question: Id
    seconder: Id | None = None


class StateAct(Strict):
    act: Literal["state"]
    question: Id


class WithdrawAct(Strict):
    act: Literal["withdraw"]
    question: Id
    by: Id | None = None
    consent: bool = False


class RequestFloorAct(Strict):
    act: Literal["request-floor"]
    delegate: Id | None = None
    side: Literal["for", "against"] | None = None
    in_name_of: str | None = Field(None, max_length=200)


class WithdrawFloorRequestAct(Strict):
    act: Literal["withdraw-floor-request"]
    delegate: Id | None = None


class RecogniseAct(Strict):
    act: Literal["recognise"]
    delegate: Id | None = None


class ReplyAct(Strict):
    act: Literal["reply"]
    delegate: Id
    in_name_of: str | None = Field(None, max_length=200)


class YieldAct(Strict):
    act: Literal["yield"]
    reason: Literal["finished", "time"] = "finished"
    words: Text | None = Field(None, description="what the speaker said, for the record")
    quoted: bool = Field(False, description="the words are a quotation, not a summary")


Words = Annotated[str, Field(min_length=1, max_length=100_000)]
Name = Annotated[str, Field(min_length=1, max_length=200)]


class InterjectAct(Strict):
    act: Literal["interject"]
    words: Words
    delegate: Id | None = Field(None, description="the delegate who called out, if known")
    voice: Name | None = Field(None, description="else who, in words: “a voice from the floor”")
    quoted: bool = True


class HearGuestAct(Strict):
    act: Literal["hear-guest"]
    name: Name = Field(description="the guest, who is no delegate")
    words: Words
    in_name_of: Name | None = None
    quoted: bool = False


class TakeChairAct(Strict):
    act: Literal["take-chair"]
    delegate: Id | None = None
    name: Name | None = Field(None, description="someone who is no delegate")


class ReadReportAct(Strict):
    act: Literal["read-report"]
    subject: Name
    text: Text = ""
    by: Id | None = None
    name: Name | None = None
    in_name_of: Name | None = None
    kind: Literal["report", "announcement"] = "report"


class DeclareResultAct(Strict):
    act: Literal["declare-result"]
    question: Id
    adopted: bool
    method: Literal["voice", "show-of-hands", "rising", "acclamation"] = "show-of-hands"
    words: Name | None = Field(None, description="the record's words: “quickly passed”")


class CloseListAct(Strict):
    act: Literal["close-list"]


class ReopenListAct(Strict):
    act: Literal["reopen-list"]


class PutAct(Strict):
    act: Literal["put"]
    question: Id


class RecordResultAct(Strict):
    act: Literal["record-result"]
    question: Id
    yes: int = Field(ge=0)
    no: int = Field(ge=0)
    abstain: int = Field(0, ge=0)
    method: Literal["voice", "show-of-hands", "rising", "roll-call"] = "show-of-hands"
    casting_vote: bool | None = None


class RulingAct(Strict):
    act: Literal["ruling"]
    text: Text
    question: Id | None = None
    well_taken: bool | None = None


class AgendaItemIn(Strict):
    id: Id
    title: str = Field(max_length=200)
    order_of_the_day: bool = False


class AgendaAct(Strict):
    act: Literal["agenda"]
    items: list[AgendaItemIn] = Field(max_length=500)
    decision: Id


class TakeUpItemAct(Strict):
    act: Literal["take-up-item"]
    item: Id


class TakeUpQuestionAct(Strict):
    act: Literal["take-up-question"]
    question: Id


class ResumeAct(Strict):
    act: Literal["resume"]


ActIn = Annotated[
    MoveAct
    | SecondAct
    | StateAct
    | WithdrawAct
    | RequestFloorAct
    | WithdrawFloorRequestAct
    | RecogniseAct
    | ReplyAct
    | YieldAct
    | CloseListAct
    | PutAct
    | RecordResultAct
    | RulingAct
    | AgendaAct
    | TakeUpItemAct
    | TakeUpQuestionAct
    | ResumeAct
    | InterjectAct
    | HearGuestAct
    | TakeChairAct
    | ReadReportAct
    | DeclareResultAct
    | ReopenListAct,  # later additions at the end: the API document only grows
    Field(discriminator="act"),
]

# What a delegate may do, and the field that must name themselves.
_OWN_ACTS = {
    "move": "mover",
    "second": "seconder",
    "withdraw": "by",
    "request-floor": "delegate",
    "withdraw-floor-request": "delegate",
}


def _as_engine_act(body: Any, who: Principal) -> procedure.Act:
    own = _OWN_ACTS.get(body.act)
    require(who.role, "procedure.member" if who.role == "delegate" else "procedure.chair")
    if who.role == "delegate":
        if own is None:
            raise Forbidden("forbidden", f"{body.act} is an act of the chair")
        named = getattr(body, own)
        if named not in (None, who.id):
            raise Forbidden("forbidden", f"a delegate acts only in their own name ({own})")
        if getattr(body, "consent", False):
            raise Forbidden("forbidden", "general consent is found by the chair, not a delegate")
        body = body.model_copy(update={own: who.id})
    elif own is not None and getattr(body, own) is None:
        raise Forbidden("forbidden", f"name the delegate in {own}: the chair acts for no one")
    match body:
        case MoveAct() if body.operation is not None:
            place = amendments.Place(
                operation=body.operation,
                text=body.text,
                strike=body.strike,
                after=body.after,
                before=body.before,
                occurrence=body.occurrence,
                words=body.words,
            )
            change = amendments.change_of(place)
            return procedure.Move("", body.motion, body.mover, change=change)
        case MoveAct():
            return procedure.Move(
                id="",
                motion=body.motion,
                mover=body.mover,
                text=body.text,
                applies_to=body.applies_to,
                strike=body.strike,
                until=body.until,
                committee=body.committee,
                speech_seconds=body.speech_seconds,
                speeches_per_member=body.speeches_per_member,
                parts=tuple(body.parts),
                notice=body.notice,
            )
        case SecondAct():
            return procedure.Second(body.question, body.seconder)
        case StateAct():
            return procedure.StateQuestion(body.question)
        case WithdrawAct():
            return procedure.Withdraw(body.question, body.by, body.consent)
        case RequestFloorAct():
            return procedure.RequestFloor(body.delegate, body.side, body.in_name_of)
        case WithdrawFloorRequestAct():
            # a delegate withdraws their own request; the chair strikes anyone off the list
            by = who.id if who.role == "delegate" else None
            return procedure.WithdrawFloorRequest(body.delegate, by)
        case RecogniseAct():
            return procedure.Recognise(body.delegate)
        case ReplyAct():
            return procedure.Reply(body.delegate, body.in_name_of)
        case YieldAct():
            return procedure.Yield(body.reason, words=body.words, quoted=body.quoted)
        case InterjectAct() | HearGuestAct() | TakeChairAct() | ReadReportAct():
            return _told(body)
        case DeclareResultAct():
            return procedure.DeclareResult(body.question, body.adopted, body.method, body.words)
        case CloseListAct():
            return procedure.CloseList()
        case ReopenListAct():
            return procedure.ReopenList()
        case PutAct():
            return procedure.PutQuestion(body.question)
        case RecordResultAct():
            return procedure.RecordResult(
                body.question,
                body.yes,
                body.no,
                body.abstain,
                method=body.method,
                casting_vote=body.casting_vote,
            )
        case RulingAct():
            return procedure.ChairRuling("", body.text, body.question, body.well_taken)
        case AgendaAct():
            items = tuple(
                procedure.AgendaEntry(i.id, i.title, i.order_of_the_day) for i in body.items
            )
            return procedure.ChangeAgenda(items, body.decision)
        case TakeUpItemAct():
            return procedure.TakeUpItem(body.item)
        case TakeUpQuestionAct():
            return procedure.TakeUpQuestion(body.question)
        case _:
            return procedure.Resume()


def _told(body: InterjectAct | HearGuestAct | TakeChairAct | ReadReportAct) -> procedure.Act:
    """The chair records what was said or read, and who presides."""
    match body:
        case InterjectAct():
            return procedure.Interject(body.words, body.delegate, body.voice, body.quoted)
        case HearGuestAct():
            return procedure.HearGuest(body.name, body.words, body.in_name_of, body.quoted)
        case TakeChairAct():
            return procedure.TakeChair(body.delegate, body.name)
        case _:
            return procedure.ReadReport(
                body.subject, body.text, body.by, body.name, body.in_name_of, body.kind
            )


@router.post(
    "/sessions/{ident}/acts",
    summary="An act of the rules of procedure: move, second, state, put, floor, rulings, agenda",
)
def act(ident: str, body: Annotated[ActIn, Body()], who: Who, app: App) -> dict[str, Any]:
    entries = app.execute(c.Act(ident, _as_engine_act(body, who)), by=who)
    return {"entries": _entries(entries), "events": [{"kind": e.kind, **e.data} for e in entries]}


@router.get(
    "/sessions/{ident}/in-order",
    summary="Which motions a delegate without the floor could move now, and why not the others",
)
def in_order(ident: str, app: App) -> dict[str, Any]:
    return sessions.in_order(app, ident)
