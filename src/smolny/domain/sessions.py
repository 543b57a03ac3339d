"""Sessions: a body's sitting opened and closed, presence in the hall, motions moved, and
every act of the rules of procedure, run by the engine (`smolny.procedure`).

`run` is how any feature puts acts to the engine: the engine's events for them, tagged
with the session, or the refusal it gives. A joint session of several bodies is
`smolny.domain.joint`'s: the deciders here ask it who sits in a session, whether a body
sits jointly, and what a motion brought from a section says.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from smolny import procedure
from smolny.domain import calendar, checks, joint
from smolny.domain import commands as c
from smolny.domain.errors import Invalid, NotFound, OutOfOrder
from smolny.domain.events import Event
from smolny.domain.state import Assembly, Decider, Fold, Motion, Session
from smolny.record import kinds as k

# questions put off at one sitting come along to the next
_CARRIED = frozenset({"postponed", "referred", "tabled"})


def run(state: Assembly, session: Session, acts: list[procedure.Act]) -> list[Event]:
    """The engine's events for `acts` in turn, tagged with the session; a refusal stops all."""
    rulebook = checks.rulebook_of(state, session)
    sitting = session.procedure
    events: list[Event] = []
    for act in acts:
        outcome = procedure.attempt(rulebook, sitting, act)
        if isinstance(outcome, procedure.Refused):
            raise OutOfOrder(outcome.rule, outcome.reason)
        sitting = outcome.state
        for event in outcome.events:
            data = {"session": session.id, **event.data}
            if event.kind == k.MOTION_MOVED:  # its title, as the minutes will show it
                data["title"] = _title_of(state, rulebook, event.data)
            events.append(Event(event.kind, data))
    return events


def _title_of(state: Assembly, rulebook: procedure.Rulebook, data: dict[str, Any]) -> str:
    # A procedural motion is called by its rulebook name, and what it applies to.
    rule = rulebook.motion(str(data["motion"]))
    name = rule.name if rule is not None else str(data["motion"])
    target = state.motions.get(str(data.get("applies_to") or ""))
    return f"{name}: {target.title}" if target is not None else name


# -- the deciders ----------------------------------------------------------------------


def _open_session(state: Assembly, cmd: c.OpenSession) -> list[Event]:
    sitting = joint.sitting_of(state, cmd.body) if cmd.body in state.bodies else None
    if sitting is not None and sitting.joint is not None:
        # a body sitting in a joint session does not open a sitting of its own
        raise OutOfOrder(
            "session-already-open",
            f"{cmd.body} is already sitting (the joint session {sitting.id})",
        )
    body = checks.body_of(state, cmd.body)
    for other in body.sessions:
        if state.sessions[other].state == "open":
            raise OutOfOrder(
                "session-already-open", f"{body.slug} is already sitting (session {other})"
            )
    data: dict[str, Any] = {
        "session": state.next_id("s"),
        "body": body.slug,
        "title": checks.name(cmd.title, "title"),
    }
    if cmd.opened_by is not None:
        data["opened_by"] = checks.opener(state, body, cmd.opened_by)
    if cmd.scheduled is not None:  # the sitting called earlier opens under its own id
        calendar.scheduled_of(state, cmd.scheduled, body.slug)
        data["session"] = cmd.scheduled
        data["scheduled"] = True
    if cmd.emergency or (cmd.scheduled is not None and state.scheduled[cmd.scheduled]["emergency"]):
        data["emergency"] = True
    return [Event(k.SESSION_OPENED, data)]


def _record_presence(state: Assembly, cmd: c.RecordPresence) -> list[Event]:
    session = checks.open_session(state, cmd.session)
    body = joint.sitting_body(state, session)  # a joint session's: every body's delegates
    acts: list[procedure.Act] = []
    if cmd.all_present:
        absent = sorted(set(body.delegates) - session.present, key=checks.natural)
        if absent:
            acts.append(procedure.ChangePresence(True, tuple(absent), at=cmd.at))
    else:
        for ident in (*cmd.arrived, *cmd.left):
            checks.delegate_in(state, body, ident, "arrived" if ident in cmd.arrived else "left")
        both = set(cmd.arrived) & set(cmd.left)
        if both:
            raise Invalid(
                "presence", f"{sorted(both)[0]} cannot both arrive and leave", field="arrived"
            )
        if cmd.faction is not None:
            if cmd.declaration:
                checks.refuse_hidden(cmd.declaration, "declaration", free_text=True)
            if cmd.faction not in body.factions:
                raise NotFound("unknown-faction", f"{body.slug} has no faction {cmd.faction!r}")
            acts.append(
                procedure.ChangePresence(
                    not cmd.faction_leaves,
                    faction=cmd.faction,
                    declaration=cmd.declaration,
                    at=cmd.at,
                )
            )
        if cmd.arrived:
            acts.append(procedure.ChangePresence(True, tuple(cmd.arrived), at=cmd.at))
        if cmd.left:
            acts.append(procedure.ChangePresence(False, tuple(cmd.left), at=cmd.at))
    if not acts:
        raise OutOfOrder("presence-unchanged", "nobody arrives or leaves: presence is unchanged")
    return run(state, session, acts)


def move_motion(state: Assembly, cmd: c.MoveMotion) -> list[Event]:
    """The events of moving a main motion (a contest of a mandate and the approval of minutes
    are moved so too); one brought from a section takes the section's adopted text."""
    if cmd.brought_from is not None:
        session = checks.open_session(state, cmd.session)
        brought, text, title = joint.brought(state, session, cmd)
        moved = move_motion(state, replace(cmd, text=text, title=title, brought_from=None))
        return [
            Event(e.kind, {**e.data, "brought_from": brought}) if e.kind == k.MOTION_MOVED else e
            for e in moved
        ]
    session = checks.open_session(state, cmd.session)
    body = joint.sitting_body(state, session)
    checks.delegate_in(state, body, cmd.mover, "mover")
    move = procedure.Move(
        id=state.next_id("m"),
        motion=cmd.kind,
        mover=cmd.mover,
        text=checks.text(cmd.text, "text"),
        at=cmd.at,
    )
    title = checks.name(cmd.title, "title")
    events = run(state, session, [move])
    return [
        Event(e.kind, {**e.data, "title": title}) if e.kind == k.MOTION_MOVED else e for e in events
    ]


# The words of an act that are shown as names (a guest's, a report's subject) and those that
# are free text (an amendment's words, a speech, a reason): checked as checks.name and
# checks.text check them (issue 16, text that lies).
_ACT_NAMES = ("name", "in_name_of", "subject", "voice", "title")
_ACT_TEXTS = ("text", "words", "reason", "strike")


def _refuse_hidden_in(act: object) -> None:
    for field in _ACT_NAMES + _ACT_TEXTS:
        value = getattr(act, field, None)
        if isinstance(value, str) and value:
            checks.refuse_hidden(value, field, free_text=field in _ACT_TEXTS)


def _act(state: Assembly, cmd: c.Act) -> list[Event]:
    session = checks.open_session(state, cmd.session)
    act = cmd.act
    if isinstance(act, (procedure.RecordResult, procedure.PutQuestion, procedure.Withdraw)):
        # A ballot is deciding the question: only its close may record the result.
        for motion_id in session.motions:
            for poll_id in state.motions[motion_id].polls:
                if state.polls[poll_id].state == "open":
                    raise OutOfOrder(
                        "poll-open", f"poll {poll_id} on {motion_id} is open: close it first"
                    )
    _refuse_hidden_in(act)
    committee = act.committee if isinstance(act, procedure.Move) else None
    if committee is not None and committee not in state.bodies:  # a committee is a body
        raise NotFound(
            "unknown-body", f"there is no body {committee!r} to refer to", field="committee"
        )
    if isinstance(act, procedure.Move) and act.id == "":
        act = replace(act, id=state.next_id("m"))  # the service names new questions
    if isinstance(act, procedure.ChairRuling) and act.id == "":
        act = replace(act, id=state.next_id("r"))
    return run(state, session, [act])


def _close_session(state: Assembly, cmd: c.CloseSession) -> list[Event]:
    session = checks.open_session(state, cmd.session)
    if session.procedure.stack:
        raise OutOfOrder(
            "questions-pending",
            f"{len(session.procedure.stack)} question(s) are pending: "
            "decide them, or move to adjourn (they are then recorded as no vote taken)",
        )
    for poll in state.polls.values():
        if poll.session == session.id and poll.state in ("open", "scheduled"):
            raise OutOfOrder(
                "poll-open", f"poll {poll.id} is {poll.state}: close or cancel it first"
            )
    return [Event(k.SESSION_CLOSED, {"session": session.id})]


# -- folding the events ----------------------------------------------------------------


def _session_opened(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    body = state.bodies[data["body"]]
    # Everyone registered, nobody yet in the hall: presence comes with the acts that follow.
    # Questions postponed, referred or laid on the table at earlier sittings come along,
    # to be taken up (or from the table) here.
    latest: dict[str, procedure.Question] = {}
    for earlier in body.sessions:  # in order: a later sitting's word on a question wins
        for question in state.sessions[earlier].procedure.questions:
            latest[question.id] = question
    carried = [q for q in latest.values() if q.status in _CARRIED]
    sitting = procedure.State(
        members=len(body.voting_delegates()),
        delegates=tuple(
            procedure.Delegate(d.id, d.faction, d.sent_by) for d in body.delegates.values()
        ),
        questions=tuple(carried),
    )
    session = Session(
        id=data["session"],
        body=data["body"],
        title=data["title"],
        state="open",
        opened_at=at,
        opened_by=data.get("opened_by"),
        rulebook=body.rulebook,
        procedure=sitting,
    )
    state.sessions[session.id] = session
    body.sessions.append(session.id)
    state.count_id(session.id)
    for question in carried:  # the question's home is now this sitting
        state.motions[question.id].session = session.id
        session.motions.append(question.id)


def _session_closed(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    session = state.sessions[data["session"]]
    session.state = "closed"
    session.closed_at = at


def _sitting_acted(state: Assembly, data: dict[str, Any], at: str, actor: str, kind: str) -> None:
    # An act of the rules of procedure: the session's engine state folds it.
    if "session" not in data:
        return
    session = state.sessions[data["session"]]
    inner = {k: v for k, v in data.items() if k not in ("session", "title")}
    session.procedure = procedure.apply(session.procedure, procedure.Event(kind, inner))
    if kind == k.MOTION_MOVED:
        motion = Motion(
            id=inner["question"],
            session=session.id,
            body=session.body,
            title=str(data.get("title") or inner["motion"]),
        )
        state.motions[motion.id] = motion
        session.motions.append(motion.id)
        state.count_id(motion.id)
    elif kind in k.DECIDING:
        decided = state.motions.get(inner["question"])
        if decided is not None:
            decided.decision = data
        if decided is not None and decided.polls:
            poll = state.polls[decided.polls[-1]]
            if poll.state == "closed" and poll.decision is None:
                poll.decision = data
    elif kind == k.SESSION_ADJOURNED:
        session.state = "closed"
        session.closed_at = at


def _engine_fold(kind: str) -> Fold:
    # the fold of one kind the engine records (the engine's fold takes the kind)
    def fold(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
        _sitting_acted(state, data, at, actor, kind)

    return fold


DECIDERS: dict[type[c.Command], Decider] = {
    c.OpenSession: _open_session,
    c.RecordPresence: _record_presence,
    c.MoveMotion: move_motion,
    c.Act: _act,
    c.CloseSession: _close_session,
}

FOLDS: dict[str, Fold] = {
    k.SESSION_OPENED: _session_opened,
    k.SESSION_CLOSED: _session_closed,
    # every kind the procedure engine records, folded by the engine into the sitting's state
    **{kind: _engine_fold(kind) for kind in procedure.EVENT_KINDS},
}
