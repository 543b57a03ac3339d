"""The delegate's phone: who one is in the body, the question before it (as amended), the
floor (asking for it, and withdrawing the request), points of order, and one's vote (for
oneself and the delegates whose proxy one holds) with its receipt, on a small screen over a
slow connection. When a vote opens its ballot comes first on the screen; a refusal is
shown beside the form that was refused (the ballot's by the ballot), in the delegate's
language; a secret ballot's receipt is kept by the phone (phone.js) until forgotten.

The page is three parts: the delegate and the sitting (`/phone/sitting`, redrawn at every
journal entry), the ballot (`/phone/ballot`, redrawn when a poll, a proxy or a mandate
changes, so that a half-filled ballot is not wiped by a speaker being recognised), and a
receipts slot that only a vote fills (a receipt is shown once and never stored with who
cast it). Acts are htmx POSTs; a refusal shows the rule and reason in place.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from smolny.domain import commands as c
from smolny.domain.errors import Forbidden, Invalid, OutOfOrder, Refusal
from smolny.service.app import Principal, Smolny
from smolny.service.ballots import VoteRequest, Voting
from smolny.service.views import bodies, polls, sessions, sitting_papers
from smolny.service.views.polls import DelegateBallot
from smolny.service.views.sessions import PhoneSitting
from smolny.web import i18n, schemas
from smolny.web.screens import common as screens

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


def _snapshot(app: Smolny, who: Principal) -> dict[str, Any]:
    """Everything the phone shows (`sessions.phone`), said in the current language."""
    out = sessions.phone(app, who)
    question = out.get("question")
    if question is not None:
        question["status_text"] = i18n._(STATUS.get(question["state"], question["status_text"]))
    ballot: DelegateBallot | None = out.get("ballot")
    if ballot is not None and ballot.no_vote is not None:
        out["ballot"] = replace(ballot, why_not=_why_not(*ballot.no_vote))
    session, question = out.get("session"), out.get("question")
    if session is not None and question is not None:  # motions taken together, objected to
        out["bundle"] = sitting_papers.bundle(app, session["id"], question["id"])
    if ballot is not None and who.role == "delegate":  # a mandated delegate's instruction
        given = sitting_papers.instruction_for(app, str(ballot.poll["id"]), who.id)
        out["instructions"] = [{**i, "words": _instructed(i)} for i in given]
    return out


def _instructed(given: dict[str, Any]) -> str:
    """A council's instruction on a paper, as the phone says it beside the ballot."""
    council, paper = given["council_name"], f"{given['paper']} “{given['title']}”"
    if given["instruction"] == "for":
        return i18n._(
            "%(council)s instructs you to vote for %(paper)s.", council=council, paper=paper
        )
    if given["instruction"] == "against":
        return i18n._(
            "%(council)s instructs you to vote against %(paper)s.", council=council, paper=paper
        )
    return i18n._("%(council)s leaves your vote on %(paper)s free.", council=council, paper=paper)


def _why_not(kind: str, said: str) -> str:
    """Why the delegate casts no ballot in the poll, in words."""
    if kind == "proxy":
        return i18n._("You gave your proxy to %(name)s, who votes for you.", name=said)
    if kind == "consultative":
        return i18n._("You hold a consultative mandate: a voice, and no vote.")
    if kind == "no-vote":
        return i18n._("Your mandate gives no vote now: %(why)s.", why=said)
    return i18n._(
        "You are not on the register of this poll: it was taken when the poll "
        "opened, of the voting delegates then present."
    )


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


def _delegate_or_refuse(app: Smolny, who: Principal) -> PhoneSitting:
    """The delegate `who` is, with their sitting; refused for staff."""
    found = sessions.phone_sitting(app, who)
    if found is None:
        raise Forbidden("not-a-delegate", "the phone's acts are a delegate's; you are " + who.role)
    return found


def _session_or_refuse(delegate: PhoneSitting) -> str:
    if delegate["session"] is None or not delegate["open"]:
        raise OutOfOrder("no-sitting", "your body is not sitting now")
    return delegate["session"]


def _refused(request: Request, exc: Refusal, where: str) -> HTMLResponse:
    """A refusal shown where the delegate is looking (`where`: the slot beside the form
    that was refused), in their language, announced and then focused by phone.js."""
    response = screens.refusal(request, exc)
    response.headers["HX-Retarget"] = f"global {where}"
    return response


async def _act(request: Request, who: Principal, build: Any, **said: Any) -> HTMLResponse:
    """Run the act `build(delegate, fields)` returns; the sitting is redrawn (`said`: what
    the page says it did, for the template)."""
    app: Smolny = request.app.state.smolny
    where = "#point-refusal" if request.url.path.endswith("point-of-order") else "#said"
    try:
        fields = await _fields(request)
        command = build(_delegate_or_refuse(app, who), fields)
        await run_in_threadpool(app.execute, command, who)
    except Refusal as exc:
        return _refused(request, exc, where)
    return await _view(request, who, "phone_sitting.html", done=True, **said)


@router.post("/phone/floor", response_class=HTMLResponse)
async def request_floor(request: Request, who: Principal = Viewer) -> HTMLResponse:
    """Ask for the floor (for or against, or neither)."""

    def build(delegate: PhoneSitting, fields: FormData) -> c.Command:
        side = _one(fields, "side") or None
        if side not in (None, "for", "against"):
            raise Invalid("side", "a speaker is for or against", field="side")
        session = _session_or_refuse(delegate)
        floor = {"delegate": delegate["delegate"], "side": side}
        return c.Act(session, schemas.act_from_form("request-floor", floor))

    return await _act(request, who, build)


@router.post("/phone/floor/withdraw", response_class=HTMLResponse)
async def withdraw_floor_request(request: Request, who: Principal = Viewer) -> HTMLResponse:
    """Withdraw one's request for the floor: off the speakers' list."""

    def build(delegate: PhoneSitting, fields: FormData) -> c.Command:
        session = _session_or_refuse(delegate)
        me = delegate["delegate"]
        withdrawn = schemas.act_from_form("withdraw-floor-request", {"delegate": me}, by=me)
        return c.Act(session, withdrawn)

    return await _act(request, who, build, withdrawn=True)


@router.post("/phone/point-of-order", response_class=HTMLResponse)
async def point_of_order(request: Request, who: Principal = Viewer) -> HTMLResponse:
    """Raise a point of order (the chair rules on it)."""

    def build(delegate: PhoneSitting, fields: FormData) -> c.Command:
        text = _one(fields, "point")
        if not text:
            raise Invalid("required", "say what the point of order is", field="point")
        if len(text) > MAX_POINT:
            raise Invalid("too-long", f"at most {MAX_POINT} characters", field="point")
        session = _session_or_refuse(delegate)
        point = {"motion": "point-of-order", "mover": delegate["delegate"], "text": text}
        return c.Act(session, schemas.act_from_form("move", point))

    return await _act(request, who, build)


@router.post("/phone/en-bloc/objection", response_class=HTMLResponse)
async def object_en_bloc(request: Request, who: Principal = Viewer) -> HTMLResponse:
    """Object to a motion being taken together with others: under a rulebook where any one
    objection does, it is taken out, to be put on its own."""

    def build(delegate: PhoneSitting, fields: FormData) -> c.Command:
        session = _session_or_refuse(delegate)
        question, paper = _one(fields, "question"), _one(fields, "paper")
        return c.ObjectEnBloc(session, question, paper, delegate["delegate"])

    return await _act(request, who, build, objected=True)


def _answer(fields: FormData, kind: str) -> dict[str, object]:
    if kind == "multiple":
        return {"choices": [v for v in fields.getlist("choices") if v]}
    if kind == "ranked":
        if _one(fields, "choice") == polls.ABSTAIN:
            return {"choice": polls.ABSTAIN}
        return {"ranking": [v for v in fields.getlist("rank") if v]}
    return {"choice": _one(fields, "choice")}


def _requests(ident: str, voting: Voting, delegate: str, fields: FormData) -> list[VoteRequest]:
    answer = _answer(fields, voting.kind)
    target = _one(fields, "for")
    voters = voting.voters_for if target == "all" else [target or delegate]
    if target == "all" and not voters:
        raise OutOfOrder("not-eligible", f"you cast no ballot in poll {ident}")
    requests = []
    for voter in voters:
        change = (_one(fields, f"change-{voter}") or None) if voting.secret else None
        requests.append(VoteRequest(answer, None if voter == delegate else voter, change))
    return requests


@router.post("/phone/vote", response_class=HTMLResponse)
async def vote(request: Request, who: Principal = Viewer) -> HTMLResponse:
    """Cast (or change) a ballot for oneself, a delegator, or all of them at once; the
    receipts are shown, and a refusal leaves the box as it was."""
    app: Smolny = request.app.state.smolny
    try:
        fields = await _fields(request)
        ident = _one(fields, "poll")
        delegate = _delegate_or_refuse(app, who)["delegate"]
        voting = app.ballots.voting(ident, delegate)
        if voting is None:
            raise OutOfOrder("unknown-poll", f"there is no poll {ident!r}")
        requests = _requests(ident, voting, delegate, fields)
        queued = app.ballots.cast_votes(ident, who, requests)
        outcomes = await app.ballots.settle(ident, queued)
    except Refusal as exc:
        return _refused(request, exc, "#ballot-refusal")
    names = bodies.delegate_names(app, [o.receipt.voter for o in outcomes])
    receipts = [
        {
            "voter": names.get(o.receipt.voter, o.receipt.voter),
            "voter_id": o.receipt.voter,
            "hash": o.receipt.hash,
            "change_code": o.receipt.change_code,
            "changed": o.changed,
        }
        for o in outcomes
        if o.refused is None
    ]
    refused = [(str(o.refused), str(o.detail)) for o in outcomes if o.refused is not None]
    return await _view(
        request,
        who,
        "phone_voted.html",
        receipts=receipts,
        refused=refused,
        voted_poll=ident,
        voted_secret=voting.secret,
        voted_answer=requests[0].answer,
    )
