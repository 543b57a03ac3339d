"""The chair's console: one session run from one screen, one act per click or key.

`GET /chair` lists the sessions staff may run; `GET /chair/sessions/{id}` is the console,
made of parts (agenda, question, floor, poll, presence) that refresh themselves when the
journal grows (`GET /chair/sessions/{id}/parts/{part}`). Every act is `POST
/chair/sessions/{id}/act` (a form, sent by htmx) running one command through the service;
it answers with the whole console redrawn, or with the rule and reason of a refusal,
shown in place.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from smolny import procedure
from smolny.domain import commands as c
from smolny.domain import polls
from smolny.domain.decide import motion_of, poll_of, session_of
from smolny.domain.errors import Forbidden, Invalid, NotFound, Refusal
from smolny.domain.state import Assembly, Session
from smolny.service.app import Principal, Smolny, stamp
from smolny.service.permissions import STAFF, require
from smolny.web import i18n, screens, views
from smolny.web import polls as polls_api
from smolny.web.projector import WORDS, poll_result

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
ABSENT_SHOWN = 200  # the absent delegates listed by name; the rest counted

# the engine's acts are the chair's (and the admin's)
_CHAIR = frozenset({"admin", "chair"})


async def _staff(request: Request) -> Principal:
    who = await screens.login_required(request)
    if who.role not in STAFF:
        raise Forbidden("forbidden", f"the chair's console is for staff; you are {who.role}")
    return who


def _forbidden_page(request: Request, exc: Refusal) -> HTMLResponse:
    return screens.render(
        request, "chair_forbidden.html", {"rule": exc.rule, "reason": exc.message}, status=403
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
    with app.lock:
        state = app.state
        found = [
            {
                "id": s.id,
                "title": s.title,
                "state": s.state,
                "body": state.bodies[s.body].name if s.body in state.bodies else s.body,
                "opened_at": s.opened_at,
                "present": len(s.present),
            }
            for s in state.sessions.values()
        ]
        seq = state.seq
    found.sort(key=lambda s: (s["state"] != "open", _natural(s["id"])))
    return screens.render(request, "chair_sessions.html", {"sessions": found, "seq": seq})


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
        return screens.render(
            request, "chair_forbidden.html", {"rule": exc.rule, "reason": exc.message}, status=404
        )
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


def _delegate(state: Assembly, session: Session, ref: str, field: str) -> str:
    """A delegate of the session named by id (d7), number (7) or full name."""
    sitting = {d.id for d in session.procedure.delegates}
    for candidate in (ref, f"d{ref}"):
        if candidate in sitting:
            return candidate
    folded = ref.casefold()
    named = [d for d in sitting if state.delegates[d].name.casefold() == folded]
    if len(named) == 1:
        return named[0]
    why = "names several delegates" if named else "is no delegate of this session"
    raise Invalid("delegate", f"{ref!r} {why}: give the id (d7)", field=field)


def _own_question(state: Assembly, session: Session, ident: str) -> str:
    motion = motion_of(state, ident)
    if motion.session != session.id:
        raise NotFound("unknown-question", f"{ident} is not a question of {session.id}")
    return motion.id


def _own_poll(state: Assembly, session: Session, ident: str) -> str:
    poll = poll_of(state, ident)
    if poll.session != session.id:
        raise NotFound("unknown-poll", f"{ident} is not a poll of {session.id}")
    return poll.id


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
        body = polls_api.ElectionIn.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = str(error["loc"][0]) if error.get("loc") else "form"
        field = {"question": "kind", "options": "candidates"}.get(where, where)
        raise Invalid("invalid-input", f"{field}: {error['msg']}", field=field) from None
    return polls_api.election(session, body)


def _chair(who: Principal, what: str) -> None:
    if who.role not in _CHAIR:
        raise Forbidden("forbidden", f"{what} needs the role admin or chair; you are {who.role}")


def _perform(app: Smolny, who: Principal, ident: str, form: dict[str, str]) -> None:
    name = _field(form, "act")
    with app.lock:
        state = app.state
        session = session_of(state, ident)
        command = _command(state, session, who, name, form)
    if isinstance(command, tuple):  # a poll's close or cancellation reads its box
        kind, poll, reason = command
        if kind == "close":
            app.ballots.close_poll(poll, by=who)
        else:
            app.ballots.cancel_poll(poll, reason, by=who)
        return
    app.execute(command, by=who)


def _command(
    state: Assembly, session: Session, who: Principal, name: str, form: dict[str, str]
) -> c.Command | tuple[str, str, str]:
    s = session.id

    def engine(act: procedure.Act) -> c.Command:
        _chair(who, name)
        return c.Act(s, act)

    def delegate(field: str = "delegate") -> str:
        return _delegate(state, session, _field(form, field), field)

    def question() -> str:
        return _own_question(state, session, _field(form, "question"))

    match name:
        case "move":
            require(who.role, "motion.move")
            motion = form.get("motion") or "main"
            mover = delegate("mover")
            if motion == "main":
                return c.MoveMotion(s, _field(form, "title"), _field(form, "text"), mover)
            return engine(procedure.Move("", motion, mover, text=form.get("text", "")))
        case "second":
            return engine(procedure.Second(question(), delegate("seconder")))
        case "state":
            return engine(procedure.StateQuestion(question()))
        case "vote":
            require(who.role, "poll.open")
            method = form.get("method") or "electronic-named"
            if method not in METHODS:
                raise Invalid(
                    "method", f"method must be one of {', '.join(METHODS)}", field="method"
                )
            return c.OpenPoll(question(), method=method)
        case "elect":
            require(who.role, "poll.open")
            return _election(s, form)
        case "count":
            require(who.role, "poll.count")
            poll = _own_poll(state, session, _field(form, "poll"))
            answers = polls.Question.of(state.polls[poll].opened).answers()
            if answers == polls.YES_NO:
                counts = {k: _count(form, k) for k in answers}
            else:  # an election's options, by their place (a name may be anything)
                counts = {k: _count(form, f"n{i}") for i, k in enumerate(answers)}
            return c.EnterCount(poll, counts)
        case "close-poll" | "cancel-poll":
            require(who.role, "poll.close")
            poll = _own_poll(state, session, _field(form, "poll"))
            if name == "close-poll":
                return ("close", poll, "")
            return ("cancel", poll, _field(form, "reason"))
        case "recognise":
            ref = form.get("delegate", "")
            return engine(
                procedure.Recognise(_delegate(state, session, ref, "delegate") if ref else None)
            )
        case "reply":
            return engine(procedure.Reply(delegate()))
        case "request-floor":
            side = form.get("side") or None
            if side not in (None, "for", "against"):
                raise Invalid("side", "side is for, against or none", field="side")
            return engine(procedure.RequestFloor(delegate(), side))
        case "finished":
            return engine(procedure.Yield("finished"))
        case "time":
            return engine(procedure.Yield("time"))
        case "close-list":
            return engine(procedure.CloseList())
        case "ruling":
            well = form.get("well_taken")
            if well not in ("yes", "no"):
                raise Invalid("well_taken", "rule the point well taken or not", field="well_taken")
            text = form.get("text") or (
                "The point is well taken" if well == "yes" else "The point is not well taken"
            )
            return engine(procedure.ChairRuling("", text, question(), well == "yes"))
        case "take-up-item":
            return engine(procedure.TakeUpItem(_field(form, "item")))
        case "resume":
            return engine(procedure.Resume())
        case "all-present":
            require(who.role, "presence.record")
            return c.RecordPresence(s, all_present=True)
        case "leave" | "return":
            require(who.role, "presence.record")
            one = (delegate(),)
            return (
                c.RecordPresence(s, left=one)
                if name == "leave"
                else c.RecordPresence(s, arrived=one)
            )
        case "walk-out" | "walk-in":
            require(who.role, "presence.record")
            return c.RecordPresence(
                s,
                faction=_field(form, "faction"),
                faction_leaves=name == "walk-out",
                declaration=form.get("declaration") or None,
            )
        case "adjourn":
            require(who.role, "session.close")
            return c.CloseSession(s)
    raise Invalid("act", f"the console knows no act {name!r}", field="act")


# -- what the console shows --------------------------------------------------------------


def _natural(ident: str) -> tuple[str, int]:
    prefix = ident.rstrip("0123456789")
    return prefix, int(ident[len(prefix) :] or 0)


def _view(app: Smolny, ident: str) -> dict[str, Any]:
    now = stamp(app.clock())
    with app.lock:
        state = app.state
        session = session_of(state, ident)
        view = _draw(state, session, now)
        view["seq"] = state.seq
    for poll in view["open_polls"]:
        if poll["method"] not in TELLERS:
            poll["voted"] = app.ballots.progress(poll["id"])["voted"]
    return view


def _name(state: Assembly, delegate: str | None) -> str:
    if delegate is None:
        return ""
    found = state.delegates.get(delegate)
    return found.name if found is not None else delegate


def _draw(state: Assembly, session: Session, now: str) -> dict[str, Any]:
    detail = views.session_detail(state, session, now) | {"motions": []}
    sitting = session.procedure
    rulebook = state.rulebooks.get(session.rulebook)
    names = {
        f.slug: f.name
        for b in (session.joint or {}).get("bodies", [session.body])
        if isinstance(b, str) and b in state.bodies
        for f in state.bodies[b].factions.values()
    }

    def rule_name(key: str) -> str:
        rule = rulebook.motion(key) if rulebook is not None else None
        return rule.name if rule is not None else key

    stack = []
    for position, qid in enumerate(reversed(sitting.stack)):
        q = sitting.question(qid)
        if q is None:
            continue
        rule = rulebook.motion(q.motion) if rulebook is not None else None
        motion = state.motions.get(qid)
        stack.append(
            {
                "id": q.id,
                "motion": q.motion,
                "name": rule_name(q.motion),
                "title": motion.title if motion is not None else rule_name(q.motion),
                "text": q.amended_text,
                "amended": q.amended_text != q.text,
                "status": q.status,
                "mover": _name(state, q.mover),
                "seconder": _name(state, q.seconder),
                "needs_second": bool(rule and rule.second and q.seconder is None),
                "by_vote": bool(rule is None or rule.decided_by_vote),
                "debatable": bool(rule and rule.debatable),
                "top": position == 0,
            }
        )
    in_order = []
    mover = next(iter(sorted(session.present, key=_natural)), None)
    if rulebook is not None and session.state == "open":
        in_order = [
            {"key": rule.key, "name": rule.name, "ok": why is None, "why": why or ""}
            for rule, why in views.in_order(rulebook, sitting, mover)
        ]
    floor = detail["floor"]
    if floor is not None:
        floor["name"] = _name(state, floor["delegate"])
        floor["up"] = floor["seconds_left"] is not None and floor["seconds_left"] <= 0
    next_up = None
    if rulebook is not None:
        from smolny.procedure.speakers import next_request

        waiting = next_request(rulebook, sitting)
        next_up = waiting.delegate if waiting is not None else None
    speakers = [
        {**s, "name": _name(state, s["delegate"]), "next": s["delegate"] == next_up}
        for s in detail["speakers"]
    ]
    # presence by faction, with the absent named in a details list
    registered = Counter(d.faction for d in sitting.delegates)
    present = Counter(d.faction for d in sitting.delegates if d.present)
    factions = [
        {
            "slug": slug or "",
            "name": names.get(slug or "", slug) if slug else i18n._("unaffiliated"),
            "present": present.get(slug, 0),
            "registered": count,
        }
        for slug, count in sorted(registered.items(), key=lambda kv: str(kv[0] or "~"))
    ]
    absent_ids = sorted((d.id for d in sitting.delegates if not d.present), key=_natural)
    absent = [{"id": d, "name": _name(state, d)} for d in absent_ids[:ABSENT_SHOWN]]
    # polls of this session: the open ones, and the last closed
    held = sorted(
        (p for p in state.polls.values() if p.session == session.id), key=lambda p: _natural(p.id)
    )
    open_polls = []
    for p in held:
        if p.state != "open":
            continue
        entered = {k or "hall": v["counts"] for k, v in p.counts.items()}
        open_polls.append(
            {
                "id": p.id,
                "motion": p.motion,
                "title": p.title,
                "method": p.method,
                "eligible": len(p.eligible),
                "voted": sum(sum(int(n) for n in e.values()) for e in entered.values()),
                "counts": entered,
                "tellers": p.method in TELLERS,
                "answers": polls.Question.of(p.opened).answers(),
            }
        )
    decided = [state.motions[m] for m in session.motions if state.motions[m].decision is not None]
    last = max(
        decided, key=lambda m: str(m.decision.get("at", "")) if m.decision else "", default=None
    )
    result = None
    if last is not None and last.decision is not None:
        d = last.decision
        result = {
            "question": last.id,
            "title": last.title,
            "status": (sitting.question(last.id) or procedure.Question("", "", "", "", "")).status,
            "yes": d.get("yes"),
            "no": d.get("no"),
            "abstain": d.get("abstain"),
            "explanation": d.get("explanation", ""),
            "method": d.get("method", ""),
        }
    # an election closed after the last motion's vote is the last result
    closed = [p for p in held if p.state == "closed"]
    if closed and closed[-1].motion is None:
        result = {"election": True, **poll_result(state, closed[-1])}
    agenda = detail["agenda"]
    next_item = next((i for i in agenda if i["status"] == "waiting"), None)
    return {
        "session": detail,
        "open": session.state == "open" and sitting.status == "open",
        "stack": stack,
        "top": stack[0] if stack else None,
        "in_order": in_order,
        "floor": floor,
        "speakers": speakers,
        "factions": factions,
        "absent": absent,
        "absent_more": max(0, len(absent_ids) - ABSENT_SHOWN),
        "open_polls": open_polls,
        "result": result,
        "agenda": agenda,
        "next_item": next_item,
        "methods": METHODS,
        "elections": ELECTIONS,
        "election_methods": ELECTION_METHODS,
        "countings": COUNTINGS,
        "thresholds": polls.CHOICE_THRESHOLDS,
        "speech_seconds": rulebook.debate.speech_seconds if rulebook is not None else None,
        "rulebook_loaded": rulebook is not None,
        **WORDS,  # an election's result is drawn as the projector draws it
    }
