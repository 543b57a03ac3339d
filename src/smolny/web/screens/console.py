"""The chair's console: one session run from one screen, one act per click or key.

`GET /chair` lists the sessions staff may run; `GET /chair/sessions/{id}` is the console,
made of parts (agenda, question, floor, poll, presence) that refresh themselves when the
journal grows (`GET /chair/sessions/{id}/parts/{part}`). Every act is `POST
/chair/sessions/{id}/act` (a form, sent by htmx) running one command through the service;
it answers with the whole console redrawn, or with the rule and reason of a refusal,
shown in place.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from smolny.domain import commands as c
from smolny.domain.errors import Forbidden, Invalid, NotFound, OutOfOrder, Refusal
from smolny.service.app import Principal, Smolny, VoteRequest, stamp
from smolny.service.permissions import STAFF, require
from smolny.service.views import approvals, bodies, hall, polls, sitting_papers
from smolny.service.views.sessions import SessionRefs
from smolny.web import i18n, schemas
from smolny.web.screens import amendments as amending
from smolny.web.screens import chair_sittings as sittings
from smolny.web.screens import common as screens
from smolny.web.screens.projector import WORDS

router = APIRouter(include_in_schema=False)

PARTS = ("agenda", "question", "floor", "poll", "presence")
METHODS = ("electronic-named", "electronic-secret", "show-of-hands", "standing", "roll-call")
TELLERS = ("show-of-hands", "standing")
# an election (a poll in the session, not on a motion): its kinds, and how each is taken
ELECTIONS = ("choice", "multiple", "ranked", "list")
ELECTION_METHODS = {
    "electronic-secret": ELECTIONS,
    "electronic-named": ELECTIONS,
    "roll-call": ELECTIONS,
    "show-of-hands": ("choice", "list"),  # tellers count one answer a hand
    "standing": ("choice", "list"),
}
COUNTINGS = {"ranked": polls.RANKED_COUNTS, "list": polls.LIST_COUNTS}
MAX_FORM_BYTES = 200_000
MAX_FIELDS = 1000

# the engine's acts are the chair's (and the admin's)
_CHAIR = frozenset({"admin", "chair"})


async def _staff(request: Request) -> Principal:
    who = await screens.login_required(request)
    if who.role not in STAFF:
        raise Forbidden("forbidden", f"the chair's console is for staff; you are {who.role}")
    return who


def _forbidden_page(request: Request, exc: Refusal) -> HTMLResponse:
    return screens.render(
        request,
        "chair_forbidden.html",
        {"rule": exc.rule, "reason": exc.message, "values": exc.values},
        status=403,
    )


async def _viewer_or_page(request: Request) -> Principal | HTMLResponse:
    try:
        return await _staff(request)
    except Forbidden as exc:
        return _forbidden_page(request, exc)


# -- pages -------------------------------------------------------------------------------


@router.get("/chair", response_class=HTMLResponse)
async def sessions(request: Request) -> HTMLResponse:
    """The sessions staff may run, open ones first, each linked to its console."""
    who = await _viewer_or_page(request)
    if isinstance(who, HTMLResponse):
        return who
    app: Smolny = request.app.state.smolny
    found, seq = hall.sessions(app)
    called = sittings.context(request, who)  # a sitting opened or called from here
    return screens.render(request, "chair_sessions.html", {"sessions": found, "seq": seq, **called})


@router.get("/chair/sessions/{ident}", response_class=HTMLResponse)
async def console(request: Request, ident: str) -> HTMLResponse:
    """The console of one session."""
    who = await _viewer_or_page(request)
    if isinstance(who, HTMLResponse):
        return who
    app: Smolny = request.app.state.smolny
    try:
        view = await run_in_threadpool(_view, app, ident)
    except NotFound as exc:
        said = {"rule": exc.rule, "reason": exc.message, "values": exc.values}
        return screens.render(request, "chair_forbidden.html", said, status=404)
    return screens.render(request, "chair_session.html", {**view, "who": who})


@router.get("/chair/sessions/{ident}/parts/{part}", response_class=HTMLResponse)
async def part(request: Request, ident: str, part: str) -> HTMLResponse:
    """One part of the console, drawn again (live.js asks when the journal grows)."""
    try:
        who = await _staff(request)
        if part not in PARTS:
            raise NotFound("unknown-part", f"the console has no part {part!r}")
        app: Smolny = request.app.state.smolny
        view = await run_in_threadpool(_view, app, ident)
    except Refusal as exc:
        return screens.refusal(request, exc)
    return screens.render(request, f"_chair_{part}.html", {**view, "who": who})


@router.post("/chair/sessions/{ident}/act", response_class=HTMLResponse)
async def act(request: Request, ident: str) -> HTMLResponse:
    """One act of the chair from the console; the console redrawn, or the refusal shown."""
    who = await screens.login_required(request)
    app: Smolny = request.app.state.smolny
    try:
        screens.check_page_act(request)
        if who.role not in STAFF:
            raise Forbidden("forbidden", f"acts of the chair need a staff role; you are {who.role}")
        fields = await screens.form(request, max_bytes=MAX_FORM_BYTES, max_fields=MAX_FIELDS)
        form = {name: str(value).strip() for name, value in fields.items()}  # the last value
        if form.get("act") == "roll-answer":
            await _roll_answer(app, who, ident, form)
        else:
            await run_in_threadpool(_perform, app, who, ident, form)
    except Refusal as exc:
        return screens.refusal(request, exc)
    view = await run_in_threadpool(_view, app, ident)
    return screens.render(request, "_chair_console.html", {**view, "who": who})


# -- acts --------------------------------------------------------------------------------


def _field(form: dict[str, str], name: str) -> str:
    value = form.get(name, "")
    if not value:
        raise Invalid("required", i18n._("%(field)s must not be empty", field=name), field=name)
    return value


def _count(form: dict[str, str], name: str) -> int:
    value = form.get(name, "") or "0"
    if not value.isdigit() or len(value) > 9:
        raise Invalid("count", i18n._("%(field)s must be a whole number", field=name), field=name)
    return int(value)


def _lines(text: str) -> list[str]:
    """The candidates or lists of a textarea, one a line, blank lines left out."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _election(session: str, form: dict[str, str]) -> c.OpenPoll:
    """An election as the API holds it (`POST /api/v1/sessions/{id}/polls`), from the
    console's form: the API's model checks the form, the engine the rest."""
    kind = form.get("kind", "")
    data: dict[str, Any] = {
        "title": _field(form, "title"),
        "question": kind,
        "options": _lines(form.get("candidates", "")),
        "method": form.get("method") or "electronic-secret",
    }
    if kind != "choice":  # one of N fills no seats
        data["seats"] = _count(form, "seats") or 1
    if form.get("counting"):
        data["counting"] = form["counting"]
    if kind == "choice" and form.get("threshold"):
        data["threshold"] = form["threshold"]
    try:
        body = schemas.ElectionIn.model_validate(data)
    except ValidationError as exc:
        raise schemas.invalid(exc, {"question": "kind", "options": "candidates"}) from None
    return schemas.election(session, body)


def _chair(who: Principal, what: str) -> None:
    if who.role not in _CHAIR:
        raise Forbidden("forbidden", f"{what} needs the role admin or chair; you are {who.role}")


def _perform(app: Smolny, who: Principal, ident: str, form: dict[str, str]) -> None:
    name = _field(form, "act")
    command = _command(ConsoleAct(SessionRefs(app, ident), who, name, form))
    if isinstance(command, list):  # acts in turn, each checked before any is recorded
        for one in command:
            app.execute(one, by=who)
        return
    if isinstance(command, tuple):  # a poll's close or cancellation reads its box
        kind, poll, reason = command
        if kind == "close":
            app.ballots.close_poll(poll, by=who)
        else:
            app.ballots.cancel_poll(poll, reason, by=who)
        return
    app.execute(command, by=who)


@dataclass(frozen=True)
class ConsoleAct:
    """One act from the console's form: who, which act, the form's fields, and what it
    may name in the session (`SessionRefs`)."""

    refs: SessionRefs
    who: Principal
    name: str
    form: dict[str, str]

    @property
    def session(self) -> str:
        return self.refs.id

    def procedure_act(self, key: str, **values: Any) -> c.Command:
        """An act of the rules of procedure (`key`: as the API names it), the chair's (and
        the admin's), checked by the act's request schema (`web/schemas.py`)."""
        _chair(self.who, self.name)
        return c.Act(self.session, schemas.act_from_form(key, values))

    def delegate(self, field: str = "delegate") -> str:
        """The delegate the field names (by id, number or full name)."""
        return self.refs.delegate(_field(self.form, field), field)

    def question(self) -> str:
        """The question of this session the form names."""
        return self.refs.question(_field(self.form, "question"))

    def poll(self) -> str:
        """The poll of this session the form names."""
        return self.refs.poll(_field(self.form, "poll"))


# What an act of the console does: a command, commands in turn, or ("close" | "cancel",
# poll, reason).
Made = c.Command | list[c.Command] | tuple[str, str, str]


def _command(act: ConsoleAct) -> Made:
    build = _ACTS.get(act.name)
    if build is None:
        raise Invalid("act", f"the console knows no act {act.name!r}", field="act")
    return build(act)


def _move(act: ConsoleAct) -> Made:
    require(act.who.role, "motion.move")
    motion = act.form.get("motion") or "main"
    mover = act.delegate("mover")
    if motion == "main":
        return c.MoveMotion(act.session, _field(act.form, "title"), _field(act.form, "text"), mover)
    if motion == "amend":  # a change at a place in the text of the question pending
        change = dataclasses.asdict(amending.change_of(act.form))
        return act.procedure_act("move", motion=motion, mover=mover, change=change)
    return act.procedure_act("move", motion=motion, mover=mover, text=act.form.get("text", ""))


def _move_paper(act: ConsoleAct) -> Made:
    # the paper taken up, moved in its own words in a delegate's name
    require(act.who.role, "motion.move")
    return c.MovePaperMotion(act.session, _field(act.form, "paper"), act.delegate("mover"))


def _en_bloc(act: ConsoleAct) -> Made:
    # the motions ticked (paper-M1, paper-M4...), put together to one vote
    require(act.who.role, "motion.move")
    chosen = tuple(name[6:] for name, on in act.form.items() if name.startswith("paper-") and on)
    return c.MoveEnBloc(act.session, chosen, act.delegate("mover"))


def _object_en_bloc(act: ConsoleAct) -> Made:
    # a delegate (id, number or full name) or a council (its slug) objects
    require(act.who.role, "papers.object")
    named = _field(act.form, "objector")
    try:
        objector = act.delegate("objector")
    except Invalid:  # no delegate of the sitting: a council, named by its slug
        objector = named
    return c.ObjectEnBloc(act.session, act.question(), _field(act.form, "paper"), objector)


def _minutes_approval(act: ConsoleAct) -> Made:
    require(act.who.role, "motion.move")
    minutes = _field(act.form, "minutes")
    digest = approvals.minutes_hash_of(act.refs.app, minutes)  # as they read now
    return c.MoveApproval(act.session, minutes, act.delegate("mover"), digest)


async def _roll_answer(app: Smolny, who: Principal, ident: str, form: dict[str, str]) -> None:
    """The answer of the delegate called at a roll call, entered by the chair."""
    require(who.role, "vote.enter")
    refs = SessionRefs(app, ident)
    poll, delegate = (
        refs.poll(_field(form, "poll")),
        refs.delegate(_field(form, "delegate"), "delegate"),
    )
    choice = _field(form, "choice")
    queued = app.ballots.cast_votes(poll, who, [VoteRequest({"choice": choice}, delegate)])
    for outcome in await app.ballots.settle(poll, queued):
        if outcome.refused is not None:
            raise OutOfOrder(outcome.refused, outcome.detail or outcome.refused)


def _timing(act: ConsoleAct) -> dict[str, Any]:
    """A poll's changeable votes and its times, from the minutes the chair gave (opening
    later, closing by itself): as OpenPoll takes them."""
    now = datetime.fromisoformat(stamp(act.refs.app.clock()).replace("Z", "+00:00"))
    timing: dict[str, Any] = {"changeable": act.form.get("changeable") == "yes"}
    opens = _count(act.form, "opens_in")
    closes = _count(act.form, "closes_in")
    if opens:
        timing["opens_at"] = _iso(now + timedelta(minutes=opens))
    if closes:
        timing["closes_at"] = _iso(now + timedelta(minutes=opens + closes))
    return timing


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _vote(act: ConsoleAct) -> Made:
    require(act.who.role, "poll.open")
    method = act.form.get("method") or "electronic-named"
    if method not in METHODS:
        raise Invalid("method", f"method must be one of {', '.join(METHODS)}", field="method")
    return c.OpenPoll(act.question(), method=method, **_timing(act))


def _elect(act: ConsoleAct) -> Made:
    require(act.who.role, "poll.open")
    return replace(_election(act.session, act.form), **_timing(act))


def _count_entered(act: ConsoleAct) -> Made:
    require(act.who.role, "poll.count")
    poll = act.poll()
    answers = polls.answers(act.refs.app, poll)
    if answers == polls.YES_NO:
        counts = {k: _count(act.form, k) for k in answers}
    else:  # an election's options, by their place (a name may be anything)
        counts = {k: _count(act.form, f"n{i}") for i, k in enumerate(answers)}
    return c.EnterCount(poll, counts)


def _close_or_cancel(act: ConsoleAct) -> Made:
    require(act.who.role, "poll.close")
    poll = act.poll()
    if act.name == "close-poll":
        return ("close", poll, "")
    return ("cancel", poll, _field(act.form, "reason"))


def _recognise(act: ConsoleAct) -> Made:
    ref = act.form.get("delegate", "")
    return act.procedure_act(
        "recognise", delegate=act.refs.delegate(ref, "delegate") if ref else None
    )


def _request_floor(act: ConsoleAct) -> Made:
    side = act.form.get("side") or None
    if side not in (None, "for", "against"):
        raise Invalid("side", "side is for, against or none", field="side")
    return act.procedure_act("request-floor", delegate=act.delegate(), side=side)


def _finished(act: ConsoleAct) -> Made:
    words = act.form.get("words") or None
    return act.procedure_act(
        "yield", reason="finished", words=words, quoted=act.form.get("quoted") == "yes"
    )


def _interject(act: ConsoleAct) -> Made:
    # words called out: by a voice described in words (a voice from the floor, by default)
    return act.procedure_act(
        "interject",
        words=_field(act.form, "words"),
        voice=act.form.get("voice") or "a voice from the floor",
        quoted=act.form.get("quoted") == "yes",
    )


def _hear_guest(act: ConsoleAct) -> Made:
    # someone who is no delegate addresses the body, perhaps in the name of others
    return act.procedure_act(
        "hear-guest",
        name=_field(act.form, "name"),
        words=_field(act.form, "words"),
        in_name_of=act.form.get("in_name_of") or None,
        quoted=act.form.get("quoted") == "yes",
    )


def _read_report(act: ConsoleAct) -> Made:
    # read by a delegate (full name or id), else by someone named in words
    by = act.delegate("by") if act.form.get("by") else None
    kind = act.form.get("kind") or "report"
    if kind not in ("report", "announcement"):
        raise Invalid("kind", "kind is report or announcement", field="kind")
    return act.procedure_act(
        "read-report",
        subject=_field(act.form, "subject"),
        text=act.form.get("text", ""),
        by=by,
        name=None if by else _field(act.form, "name"),
        in_name_of=act.form.get("in_name_of") or None,
        kind=kind,
    )


def _declare(act: ConsoleAct) -> Made:
    # the result declared with no count: the question put first unless it is already
    question = act.question()
    declared = act.procedure_act(
        "declare-result",
        question=question,
        adopted=act.name == "declare-adopted",
        method=act.form.get("method") or "voice",
        words=act.form.get("words") or None,
    )
    if act.form.get("put") == "yes":
        return [act.procedure_act("put", question=question), declared]
    return declared


def _ruling(act: ConsoleAct) -> Made:
    well = act.form.get("well_taken")
    if well not in ("yes", "no"):
        raise Invalid("well_taken", "rule the point well taken or not", field="well_taken")
    text = act.form.get("text") or (
        "The point is well taken" if well == "yes" else "The point is not well taken"
    )
    return act.procedure_act("ruling", text=text, question=act.question(), well_taken=well == "yes")


def _presence(act: ConsoleAct) -> Made:
    require(act.who.role, "presence.record")
    if act.name == "all-present":
        return c.RecordPresence(act.session, all_present=True)
    if act.name in ("leave", "return"):
        one = (act.delegate(),)
        if act.name == "leave":
            return c.RecordPresence(act.session, left=one)
        return c.RecordPresence(act.session, arrived=one)
    return c.RecordPresence(  # a faction walks out, or back in
        act.session,
        faction=_field(act.form, "faction"),
        faction_leaves=act.name == "walk-out",
        declaration=act.form.get("declaration") or None,
    )


def _adjourn(act: ConsoleAct) -> Made:
    require(act.who.role, "session.close")
    return c.CloseSession(act.session)


# Every act of the console, by the name its form gives.
_ACTS: dict[str, Callable[[ConsoleAct], Made]] = {
    "move": _move,
    "second": lambda a: a.procedure_act(
        "second", question=a.question(), seconder=a.delegate("seconder")
    ),
    "state": lambda a: a.procedure_act("state", question=a.question()),
    "vote": _vote,
    "elect": _elect,
    "count": _count_entered,
    "close-poll": _close_or_cancel,
    "cancel-poll": _close_or_cancel,
    "recognise": _recognise,
    "reply": lambda a: a.procedure_act("reply", delegate=a.delegate()),
    "request-floor": _request_floor,
    "finished": _finished,
    "interject": _interject,
    "take-chair": lambda a: a.procedure_act("take-chair", delegate=a.delegate()),
    "hear-guest": _hear_guest,
    "read-report": _read_report,
    "declare-adopted": _declare,
    "declare-rejected": _declare,
    "time": lambda a: a.procedure_act("yield", reason="time"),
    "close-list": lambda a: a.procedure_act("close-list"),
    "reopen-list": lambda a: a.procedure_act("reopen-list"),
    # the chair strikes a delegate off the speakers' list
    "strike-off": lambda a: a.procedure_act("withdraw-floor-request", delegate=a.delegate()),
    "approve-minutes": _minutes_approval,
    "ruling": _ruling,
    "take-up-item": lambda a: a.procedure_act("take-up-item", item=_field(a.form, "item")),
    "resume": lambda a: a.procedure_act("resume"),
    "all-present": _presence,
    "leave": _presence,
    "return": _presence,
    "walk-out": _presence,
    "walk-in": _presence,
    "adjourn": _adjourn,
    "move-paper": _move_paper,
    "en-bloc": _en_bloc,
    "object-en-bloc": _object_en_bloc,
}


# -- what the console shows --------------------------------------------------------------


def _view(app: Smolny, ident: str) -> dict[str, Any]:
    view = hall.console(app, app.ballots, ident, stamp(app.clock()))
    for poll in view["open_polls"]:  # the roll call of one taken so
        if poll["roll_call"] and poll["state"] == "open":
            poll["roll"] = polls.roll_call(app, poll["id"])
    view["minutes_to_approve"] = approvals.minutes_to_approve(app, ident)
    view["papers"] = sitting_papers.sitting(app, ident)  # a congress's papers, if any
    return {
        **view,
        "methods": METHODS,
        "elections": ELECTIONS,
        "election_methods": ELECTION_METHODS,
        "countings": COUNTINGS,
        "thresholds": polls.CHOICE_THRESHOLDS,
        **WORDS,  # an election's result is drawn as the projector draws it
        **bodies.time_zone(app, session=ident),  # times in the body's own zone
    }
