"""The delegate's phone: who one is in the body, the question before it (as amended), the
floor (asking for it, and withdrawing the request), points of order, and one's vote (for
oneself and the delegates whose proxy one holds) with its receipt, on a small screen over a
slow connection.

The page is three parts: the delegate and the sitting (`/phone/sitting`, redrawn at every
journal entry), the ballot (`/phone/ballot`, redrawn when a poll, a proxy or a mandate
changes, so that a half-filled ballot is not wiped by a speaker being recognised), and a
receipts slot that only a vote fills (a receipt is shown once and never stored with who
cast it). Acts are htmx POSTs; a refusal shows the rule and reason in place.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from starlette.datastructures import FormData

from smolny import procedure
from smolny.adapters.database import read_transaction
from smolny.adapters.schema import ballot, roll, roll_pending
from smolny.domain import commands as c
from smolny.domain import polls
from smolny.domain.errors import Forbidden, Invalid, OutOfOrder, Refusal, Unavailable
from smolny.domain.state import Assembly, Delegate, Poll, Session
from smolny.record import canonical
from smolny.service.app import Principal, Smolny, VoteRequest
from smolny.web import i18n, screens, views
from smolny.web.polls import _REFUSED

router = APIRouter(include_in_schema=False)
Viewer = Depends(screens.login_required)
MAX_FORM = 64 * 1024  # a ballot of 500 ranked options fits well within this
MAX_FIELDS = 2000
MAX_POINT = 2000


# The state of a question, as the phone says it (translated in phone.po).
STATUS = {
    "moved": "moved, not yet stated by the chair",
    "pending": "before the body",
    "voting": "being voted on",
    "adopted": "adopted",
    "rejected": "rejected",
    "withdrawn": "withdrawn",
    "tabled": "laid on the table",
    "postponed": "postponed",
    "referred": "referred to a committee",
    "ruled": "ruled on by the chair",
}


# -- what the phone shows ----------------------------------------------------------------


@dataclass
class Voter:
    """One ballot the delegate may cast: their own or a delegator's."""

    id: str
    name: str
    own: bool
    voted: bool = False
    answer: dict[str, Any] | None = None  # what a named ballot says, once cast


@dataclass
class Ballot:
    """The poll before the delegate and whom they cast ballots for in it."""

    poll: dict[str, Any]
    title: str
    secret: bool
    question: polls.Question
    voters: list[Voter] = field(default_factory=list)
    why_not: str | None = None  # why the delegate has no vote in it
    voted: int = 0  # ballots in the box so far
    outcome: str | None = None  # a motion's: adopted or rejected
    chosen: list[str] = field(default_factory=list)  # an election's or a choice's

    @property
    def waiting(self) -> list[Voter]:
        """Ballots still to cast (all of them, while votes may be changed)."""
        return [v for v in self.voters if not v.voted or self.poll["changeable"]]


def _delegate(state: Assembly, who: Principal) -> Delegate | None:
    return state.delegates.get(who.id) if who.role == "delegate" else None


def _sitting(state: Assembly, delegate: Delegate) -> Session | None:
    """The delegate's body's sitting now (the latest open one), else its last one."""
    sessions = [state.sessions[s] for s in state.bodies[delegate.body].sessions]
    sitting = [s for s in sessions if s.state == "open"]
    return (sitting or sessions or [None])[-1]


def _poll_now(state: Assembly, session: Session | None) -> Poll | None:
    """The poll open in the sitting, else the last one held in it."""
    if session is None:
        return None
    held = [p for p in state.polls.values() if p.session == session.id]
    current = [p for p in held if p.state == "open"]
    return (current or held or [None])[-1]


def _me(state: Assembly, delegate: Delegate) -> dict[str, Any]:
    body = state.bodies[delegate.body]
    faction = body.factions.get(delegate.faction or "")
    held = [d for d, holder in body.proxies.items() if holder == delegate.id]
    given = body.proxies.get(delegate.id)
    return {
        "id": delegate.id,
        "name": delegate.name,
        "body": body.name,
        "faction": faction.name if faction is not None else None,
        "voting": delegate.voting,
        "weight": delegate.weight,
        "why_no_vote": delegate.why_no_vote(),
        "proxies_held": [state.delegates[d].name for d in held if d in state.delegates],
        "proxy_given": state.delegates[given].name if given in state.delegates else None,
    }


def _question(state: Assembly, session: Session) -> dict[str, Any] | None:
    top = session.procedure.top()
    if top is None or top.id not in state.motions:
        return None
    detail = views.motion_detail(state, state.motions[top.id])
    detail["status_text"] = i18n._(STATUS.get(top.status, detail["status_text"]))
    rulebook = state.rulebooks.get(session.rulebook)
    try:
        detail["kind"] = rulebook.motion(top.motion).name if rulebook is not None else top.motion
    except KeyError:
        detail["kind"] = top.motion
    return detail


def _floor(state: Assembly, session: Session, delegate: Delegate) -> dict[str, Any]:
    sitting = session.procedure
    mine = next((r for r in sitting.speakers if r.delegate == delegate.id), None)
    place = [r.delegate for r in sitting.speakers].index(delegate.id) + 1 if mine else None
    speaker = sitting.floor.delegate if sitting.floor is not None else None
    return {
        "listed": mine is not None,
        "side": mine.side if mine else None,
        "place": place,
        "waiting": len(sitting.speakers),
        "speaker": state.delegates[speaker].name if speaker in state.delegates else speaker,
        "mine": speaker == delegate.id,
        "closed": sitting.list_closed,
        "present": any(d.id == delegate.id and d.present for d in sitting.delegates),
    }


def _ballot(app: Smolny, delegate: Delegate, poll: Poll) -> Ballot:
    state = app.state
    title = poll.title
    if poll.motion is not None and poll.motion in state.motions:
        title = state.motions[poll.motion].title
    detail = views.poll_detail(state, poll)
    detail["box"] = poll.method in polls.BOX_METHODS
    made = Ballot(detail, title or poll.id, poll.secret, polls.Question.of(poll.opened))
    if poll.state == "scheduled":
        return made
    if poll.state == "closed":
        made.chosen = _chosen((poll.result or {}).get("outcome") or {})
        if poll.motion is not None:
            question = state.sessions[poll.session].procedure.question(poll.motion)
            made.outcome = question.status if question is not None else None
    for voter in poll.voters_for(delegate.id):
        person = state.delegates.get(voter)
        made.voters.append(Voter(voter, person.name if person else voter, voter == delegate.id))
    if not made.voters:
        holder = poll.proxies.get(delegate.id)
        if holder is not None:
            name = state.delegates[holder].name if holder in state.delegates else holder
            made.why_not = i18n._("You gave your proxy to %(name)s, who votes for you.", name=name)
        elif delegate.why_no_vote() is not None and not delegate.voting:
            made.why_not = i18n._("You hold a consultative mandate: a voice, and no vote.")
        elif delegate.why_no_vote() is not None:
            made.why_not = i18n._(
                "Your mandate gives no vote now: %(why)s.", why=delegate.why_no_vote()
            )
        else:
            made.why_not = i18n._(
                "You are not on the register of this poll: it was taken when the poll "
                "opened, of the voting delegates then present."
            )
    return made


def _chosen(outcome: dict[str, Any]) -> list[str]:
    """Who or what an election or a choice chose, as the close recorded it."""
    if outcome.get("chosen"):
        return [str(outcome["chosen"])]
    elected = outcome.get("elected") or (outcome.get("count") or {}).get("elected") or []
    return [str(e.get("name", e)) if isinstance(e, dict) else str(e) for e in elected]


def _mark_voted(app: Smolny, made: Ballot, poll: Poll) -> None:
    """Which of the ballots have been cast (and, in a named poll, what they say)."""
    ids = [v.id for v in made.voters]
    if poll.method not in polls.BOX_METHODS or poll.state == "scheduled":
        return
    if poll.state == "open":
        made.voted = int(app.ballots.progress(poll.id)["voted"])  # type: ignore[call-overload]
    with read_transaction(app.engine) as conn:
        if poll.secret:
            table = roll_pending if poll.state == "open" else roll
            rows = conn.execute(
                select(table.c.voter).where(table.c.poll == poll.id, table.c.voter.in_(ids))
            )
            cast = {row.voter: None for row in rows}
        else:
            rows = conn.execute(
                select(ballot.c.voter, ballot.c.body).where(
                    ballot.c.poll == poll.id, ballot.c.voter.in_(ids)
                )
            )
            cast = {row.voter: canonical.loads(row.body) for row in rows}
    for voter in made.voters:
        if voter.id in cast:
            voter.voted = True
            voter.answer = cast[voter.id]


def _snapshot(app: Smolny, who: Principal) -> dict[str, Any]:
    """Everything the phone shows, read under the state's lock."""
    with app.lock:
        state = app.state
        delegate = _delegate(state, who)
        if delegate is None:
            return {"staff": True, "who": who, "seq": state.seq}
        session = _sitting(state, delegate)
        poll = _poll_now(state, session)
        out: dict[str, Any] = {
            "staff": False,
            "seq": state.seq,
            "me": _me(state, delegate),
            "session": None,
            "question": None,
            "floor": None,
            "ballot": None,
        }
        if session is not None:
            out["session"] = {"id": session.id, "title": session.title, "state": session.state}
            out["question"] = _question(state, session)
            out["floor"] = _floor(state, session, delegate)
        made = _ballot(app, delegate, poll) if poll is not None else None
    if made is not None and poll is not None:
        _mark_voted(app, made, poll)
    out["ballot"] = made
    return out


# -- pages and fragments -----------------------------------------------------------------


async def _view(request: Request, who: Principal, name: str, **extra: Any) -> HTMLResponse:
    app: Smolny = request.app.state.smolny
    with i18n.active(i18n.choose(request)):  # reasons written by the phone, in the language
        context = await run_in_threadpool(_snapshot, app, who)
    return screens.render(request, name, {**context, **extra})


@router.get("/phone", response_class=HTMLResponse)
async def phone(request: Request, who: Principal = Viewer) -> HTMLResponse:
    """The delegate's phone (staff are told where their screens are)."""
    return await _view(request, who, "phone.html")


@router.get("/phone/sitting", response_class=HTMLResponse)
async def sitting(request: Request, who: Principal = Viewer) -> HTMLResponse:
    """The delegate, the sitting, the question and the floor: a fragment."""
    return await _view(request, who, "phone_sitting.html")


@router.get("/phone/ballot", response_class=HTMLResponse)
async def ballot_part(request: Request, who: Principal = Viewer) -> HTMLResponse:
    """The poll and the delegate's ballots in it: a fragment."""
    return await _view(request, who, "phone_ballot.html")


# -- acts --------------------------------------------------------------------------------


async def _fields(request: Request) -> FormData:
    """The act's form, sent by the page (a field such as `choices` may come many times)."""
    screens.check_page_act(request)
    return await screens.form(request, max_bytes=MAX_FORM, max_fields=MAX_FIELDS)


def _one(fields: FormData, key: str) -> str:
    return str((fields.getlist(key) or [""])[0]).strip()


def _delegate_or_refuse(app: Smolny, who: Principal) -> Delegate:
    delegate = _delegate(app.state, who)
    if delegate is None:
        raise Forbidden("not-a-delegate", "the phone's acts are a delegate's; you are " + who.role)
    return delegate


def _session_or_refuse(app: Smolny, delegate: Delegate) -> Session:
    session = _sitting(app.state, delegate)
    if session is None or session.state != "open":
        raise OutOfOrder("no-sitting", "your body is not sitting now")
    return session


async def _act(request: Request, who: Principal, build: Any, **said: Any) -> HTMLResponse:
    """Run the act `build(app, delegate, fields)` returns; the sitting is redrawn (`said`:
    what the page says it did, for the template)."""
    app: Smolny = request.app.state.smolny
    try:
        fields = await _fields(request)
        with app.lock:
            command = build(app, _delegate_or_refuse(app, who), fields)
        await run_in_threadpool(app.execute, command, who)
    except Refusal as exc:
        return screens.refusal(request, exc)
    return await _view(request, who, "phone_sitting.html", done=True, **said)


@router.post("/phone/floor", response_class=HTMLResponse)
async def request_floor(request: Request, who: Principal = Viewer) -> HTMLResponse:
    """Ask for the floor (for or against, or neither)."""

    def build(app: Smolny, delegate: Delegate, fields: FormData) -> c.Command:
        side = _one(fields, "side") or None
        if side not in (None, "for", "against"):
            raise Invalid("side", "a speaker is for or against", field="side")
        session = _session_or_refuse(app, delegate)
        return c.Act(session.id, procedure.RequestFloor(delegate.id, side))

    return await _act(request, who, build)


@router.post("/phone/floor/withdraw", response_class=HTMLResponse)
async def withdraw_floor_request(request: Request, who: Principal = Viewer) -> HTMLResponse:
    """Withdraw one's request for the floor: off the speakers' list."""

    def build(app: Smolny, delegate: Delegate, fields: FormData) -> c.Command:
        session = _session_or_refuse(app, delegate)
        return c.Act(session.id, procedure.WithdrawFloorRequest(delegate.id, by=delegate.id))

    return await _act(request, who, build, withdrawn=True)


@router.post("/phone/point-of-order", response_class=HTMLResponse)
async def point_of_order(request: Request, who: Principal = Viewer) -> HTMLResponse:
    """Raise a point of order (the chair rules on it)."""

    def build(app: Smolny, delegate: Delegate, fields: FormData) -> c.Command:
        text = _one(fields, "point")
        if not text:
            raise Invalid("required", "say what the point of order is", field="point")
        if len(text) > MAX_POINT:
            raise Invalid("too-long", f"at most {MAX_POINT} characters", field="point")
        session = _session_or_refuse(app, delegate)
        move = procedure.Move(id="", motion="point-of-order", mover=delegate.id, text=text)
        return c.Act(session.id, move)

    return await _act(request, who, build)


def _answer(fields: FormData, kind: str) -> dict[str, object]:
    if kind == "multiple":
        return {"choices": [v for v in fields.getlist("choices") if v]}
    if kind == "ranked":
        if _one(fields, "choice") == polls.ABSTAIN:
            return {"choice": polls.ABSTAIN}
        return {"ranking": [v for v in fields.getlist("rank") if v]}
    return {"choice": _one(fields, "choice")}


def _requests(poll: Poll, delegate: Delegate, fields: FormData) -> list[VoteRequest]:
    answer = _answer(fields, polls.Question.of(poll.opened).kind)
    target = _one(fields, "for")
    voters = poll.voters_for(delegate.id) if target == "all" else [target or delegate.id]
    if target == "all" and not voters:
        raise OutOfOrder("not-eligible", f"you cast no ballot in poll {poll.id}")
    requests = []
    for voter in voters:
        change = (_one(fields, f"change-{voter}") or None) if poll.secret else None
        requests.append(VoteRequest(answer, None if voter == delegate.id else voter, change))
    return requests


@router.post("/phone/vote", response_class=HTMLResponse)
async def vote(request: Request, who: Principal = Viewer) -> HTMLResponse:
    """Cast (or change) a ballot for oneself, a delegator, or all of them at once; the
    receipts are shown, and a refusal leaves the box as it was."""
    app: Smolny = request.app.state.smolny
    try:
        fields = await _fields(request)
        ident = _one(fields, "poll")
        with app.lock:
            delegate = _delegate_or_refuse(app, who)
            poll = app.state.polls.get(ident)
            if poll is None:
                raise OutOfOrder("unknown-poll", f"there is no poll {ident!r}")
            requests = _requests(poll, delegate, fields)
        queued = app.ballots.cast_votes(ident, who, requests)
        receipts: list[dict[str, Any]] = []
        refused: list[tuple[str, str]] = []
        for receipt, future in queued:
            try:
                result = await asyncio.wrap_future(future)
            except SQLAlchemyError:
                raise Unavailable(
                    "database-unavailable",
                    "your vote was not recorded: the database is busy; vote again",
                ) from None
            if result in _REFUSED:
                rule, message = _REFUSED[result]
                refused.append((rule, message.format(voter=receipt.voter, poll=ident)))
                continue
            person = app.state.delegates.get(receipt.voter)
            receipts.append(
                {
                    "voter": person.name if person else receipt.voter,
                    "voter_id": receipt.voter,
                    "hash": receipt.hash,
                    "change_code": receipt.change_code,
                    "changed": result.name == "CHANGED",
                }
            )
        if not receipts:
            rule, message = refused[0]
            raise OutOfOrder(rule, message)
    except Refusal as exc:
        return screens.refusal(request, exc)
    return await _view(
        request,
        who,
        "phone_voted.html",
        receipts=receipts,
        refused=refused,
        voted_poll=ident,
        voted_secret=poll.secret,
        voted_answer=requests[0].answer,
    )
