"""Deciding commands: given the state and a command, the events it causes, or a refusal.

`decide` never changes the state; the service layer records the events and then
folds them in with `Assembly.apply`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from smolny import procedure
from smolny.counting.apportionment import (
    ApportionmentError,
    DeclinedSeats,
    TieBreak,
    method_named,
)
from smolny.domain import commands as c
from smolny.domain.errors import Invalid, NotFound, OutOfOrder
from smolny.domain.events import Event
from smolny.domain.roster import Roster, check_roster
from smolny.domain.state import Assembly, Body, Motion, Poll, Session

BODY_KINDS = ("congress", "council", "executive-committee", "committee", "section", "presidium")
ROLES = ("admin", "chair", "secretary")
CHOICES = ("yes", "no", "abstain")
MAX_NAME = 200
MAX_TEXT = 100_000
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
_USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,62}")


def decide(state: Assembly, command: c.Command) -> list[Event]:
    """The events `command` causes in `state`, or a Refusal saying why not."""
    handler = _DECIDERS[type(command)]
    return handler(state, command)


# -- checks shared by the deciders -------------------------------------------------


def _name(value: str, field: str, limit: int = MAX_NAME) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise Invalid("required", f"{field} must not be empty", field=field)
    if len(text) > limit:
        raise Invalid("too-long", f"{field} is longer than {limit} characters", field=field)
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in text):
        raise Invalid("control-characters", f"{field} holds control characters", field=field)
    return text


def _slug(value: str, field: str) -> str:
    if not isinstance(value, str) or not _SLUG.fullmatch(value):
        raise Invalid(
            "slug",
            f"{field} must be 1-63 lower-case letters, digits or hyphens, starting with a "
            f"letter or digit (got {value!r})",
            field=field,
        )
    return value


def body_of(state: Assembly, slug: str) -> Body:
    """The body named `slug`, or NotFound."""
    body = state.bodies.get(slug)
    if body is None:
        raise NotFound("unknown-body", f"there is no body {slug!r}", field="body")
    return body


def session_of(state: Assembly, ident: str) -> Session:
    """The session `ident`, or NotFound."""
    session = state.sessions.get(ident)
    if session is None:
        raise NotFound("unknown-session", f"there is no session {ident!r}", field="session")
    return session


def motion_of(state: Assembly, ident: str) -> Motion:
    """The motion `ident`, or NotFound."""
    motion = state.motions.get(ident)
    if motion is None:
        raise NotFound("unknown-motion", f"there is no motion {ident!r}", field="motion")
    return motion


def poll_of(state: Assembly, ident: str) -> Poll:
    """The poll `ident`, or NotFound."""
    poll = state.polls.get(ident)
    if poll is None:
        raise NotFound("unknown-poll", f"there is no poll {ident!r}", field="poll")
    return poll


def _open_session(state: Assembly, ident: str) -> Session:
    session = session_of(state, ident)
    if session.state != "open":
        raise OutOfOrder("session-not-open", f"session {ident} is {session.state}, not open")
    return session


def _delegate_in(state: Assembly, body: Body, ident: str, field: str) -> str:
    if ident not in body.delegates:
        raise NotFound(
            "unknown-delegate", f"{ident!r} is not a delegate of {body.slug}", field=field
        )
    return ident


# -- the deciders ----------------------------------------------------------------------


def _create_body(state: Assembly, cmd: c.CreateBody) -> list[Event]:
    slug = _slug(cmd.slug, "slug")
    if slug in state.bodies:
        raise OutOfOrder("duplicate-body", f"a body {slug!r} exists already", field="slug")
    if cmd.kind not in BODY_KINDS:
        raise Invalid("body-kind", f"kind must be one of {', '.join(BODY_KINDS)}", field="kind")
    if cmd.parent is not None:
        body_of(state, cmd.parent)
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?", cmd.language):
        raise Invalid("language", "language must be a tag such as en or ru", field="language")
    if cmd.rulebook not in state.rulebooks:
        raise Invalid(
            "rulebook",
            f"no rulebook {cmd.rulebook!r}; there are {', '.join(sorted(state.rulebooks))}",
            field="rulebook",
        )
    data: dict[str, Any] = {
        "body": slug,
        "name": _name(cmd.name, "name"),
        "kind": cmd.kind,
        "language": cmd.language,
        "rulebook": cmd.rulebook,
    }
    if cmd.parent is not None:
        data["parent"] = cmd.parent
    return [Event("body.created", data)]


def _form_faction(state: Assembly, cmd: c.FormFaction) -> list[Event]:
    body = body_of(state, cmd.body)
    slug = _slug(cmd.slug, "slug")
    if slug in body.factions:
        raise OutOfOrder("duplicate-faction", f"{body.slug} has a faction {slug!r} already")
    return [
        Event(
            "faction.formed", {"body": body.slug, "faction": slug, "name": _name(cmd.name, "name")}
        )
    ]


def _register_delegates(state: Assembly, cmd: c.RegisterDelegates) -> list[Event]:
    body = body_of(state, cmd.body)
    if not cmd.delegates:
        raise Invalid("required", "no delegates given", field="delegates")
    return [_register_delegates_into(state, body, cmd.delegates)]


def _register_delegates_into(
    state: Assembly, body: Body, delegates: tuple[c.NewDelegate, ...], first: int = 0
) -> Event:
    items: list[dict[str, Any]] = []
    for index, new in enumerate(delegates, start=first):
        where = f"delegates[{index}]"
        if new.faction is not None and new.faction not in body.factions:
            raise NotFound(
                "unknown-faction",
                f"{where}: {body.slug} has no faction {new.faction!r}",
                field=f"{where}.faction",
            )
        if (
            isinstance(new.weight, bool)
            or not isinstance(new.weight, int)
            or not (1 <= new.weight <= 1_000_000)
        ):
            raise Invalid(
                "weight",
                f"{where}: weight must be a whole number from 1 to 1000000",
                field=f"{where}.weight",
            )
        item: dict[str, Any] = {
            "delegate": state.next_id("d", offset=index),
            "name": _name(new.name, f"{where}.name"),
            "voting": bool(new.voting),
            "weight": new.weight,
        }
        if new.faction is not None:
            item["faction"] = new.faction
        if new.sent_by is not None:
            item["sent_by"] = _name(new.sent_by, f"{where}.sent_by")
        items.append(item)
    return Event("delegates.registered", {"body": body.slug, "delegates": items})


def _import_roster(state: Assembly, cmd: c.ImportRoster) -> list[Event]:
    checked = check_roster(state, cmd.body, cmd.header, cmd.rows)
    if not isinstance(checked, Roster):
        lines = [p.describe() for p in checked]
        raise Invalid(
            "roster",
            f"{cmd.source}: {len(checked)} problem(s), nothing imported: "
            + "; ".join(lines[:5])
            + ("; ..." if len(lines) > 5 else ""),
            field="file",
            errors=[{"row": p.row, "column": p.column, "problem": p.problem} for p in checked],
        )
    events: list[Event] = []
    offset = 0
    for body, delegates in checked.by_body.items():
        # one registration per body, numbered on from those before it in this import
        events.append(_register_delegates_into(state, state.bodies[body], delegates, offset))
        offset += len(delegates)
    return events


def _open_session_cmd(state: Assembly, cmd: c.OpenSession) -> list[Event]:
    body = body_of(state, cmd.body)
    for other in body.sessions:
        if state.sessions[other].state == "open":
            raise OutOfOrder(
                "session-already-open", f"{body.slug} is already sitting (session {other})"
            )
    data: dict[str, Any] = {
        "session": state.next_id("s"),
        "body": body.slug,
        "title": _name(cmd.title, "title"),
    }
    if cmd.opened_by is not None:
        data["opened_by"] = _delegate_in(state, body, cmd.opened_by, "opened_by")
    return [Event("session.opened", data)]


def _record_presence(state: Assembly, cmd: c.RecordPresence) -> list[Event]:
    session = _open_session(state, cmd.session)
    body = state.bodies[session.body]
    acts: list[procedure.Act] = []
    if cmd.all_present:
        absent = sorted(set(body.delegates) - session.present, key=_natural)
        if absent:
            acts.append(procedure.ChangePresence(True, tuple(absent), at=cmd.at))
    else:
        for ident in (*cmd.arrived, *cmd.left):
            _delegate_in(state, body, ident, "arrived" if ident in cmd.arrived else "left")
        both = set(cmd.arrived) & set(cmd.left)
        if both:
            raise Invalid(
                "presence", f"{sorted(both)[0]} cannot both arrive and leave", field="arrived"
            )
        if cmd.faction is not None:
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
    return _run(state, session, acts)


def rulebook_of(state: Assembly, session: Session) -> procedure.Rulebook:
    """The rulebook a session sits under, or a refusal saying how to load it."""
    rulebook = state.rulebooks.get(session.rulebook)
    if rulebook is None:
        raise OutOfOrder(
            "rulebook-not-loaded",
            f"{session.body} sits under the rulebook {session.rulebook!r}, which this server "
            "has not loaded: start smolny with --rulebook FILE",
        )
    return rulebook


def _run(state: Assembly, session: Session, acts: list[procedure.Act]) -> list[Event]:
    """The engine's events for `acts` in turn, tagged with the session; a refusal stops all."""
    rulebook = rulebook_of(state, session)
    sitting = session.procedure
    events: list[Event] = []
    for act in acts:
        outcome = procedure.attempt(rulebook, sitting, act)
        if isinstance(outcome, procedure.Refused):
            raise OutOfOrder(outcome.rule, outcome.reason)
        sitting = outcome.state
        for event in outcome.events:
            data = {"session": session.id, **event.data}
            if event.kind == "motion.moved":  # its title, as the minutes will show it
                data["title"] = _title_of(state, rulebook, event.data)
            events.append(Event(event.kind, data))
    return events


def _title_of(state: Assembly, rulebook: procedure.Rulebook, data: dict[str, Any]) -> str:
    # A procedural motion is called by its rulebook name, and what it applies to.
    rule = rulebook.motion(str(data["motion"]))
    name = rule.name if rule is not None else str(data["motion"])
    target = state.motions.get(str(data.get("applies_to") or ""))
    return f"{name}: {target.title}" if target is not None else name


def _natural(ident: str) -> tuple[str, int]:
    prefix = ident.rstrip("0123456789")
    return prefix, int(ident[len(prefix) :] or 0)


def _move_motion(state: Assembly, cmd: c.MoveMotion) -> list[Event]:
    session = _open_session(state, cmd.session)
    body = state.bodies[session.body]
    _delegate_in(state, body, cmd.mover, "mover")
    move = procedure.Move(
        id=state.next_id("m"),
        motion=cmd.kind,
        mover=cmd.mover,
        text=_name(cmd.text, "text", MAX_TEXT),
        at=cmd.at,
    )
    title = _name(cmd.title, "title")
    events = _run(state, session, [move])
    return [
        Event(e.kind, {**e.data, "title": title}) if e.kind == "motion.moved" else e for e in events
    ]


def _act(state: Assembly, cmd: c.Act) -> list[Event]:
    session = _open_session(state, cmd.session)
    act = cmd.act
    if isinstance(act, (procedure.RecordResult, procedure.PutQuestion, procedure.Withdraw)):
        # A ballot is deciding the question: only its close may record the result.
        for motion_id in session.motions:
            for poll_id in state.motions[motion_id].polls:
                if state.polls[poll_id].state == "open":
                    raise OutOfOrder(
                        "poll-open", f"poll {poll_id} on {motion_id} is open: close it first"
                    )
    committee = act.committee if isinstance(act, procedure.Move) else None
    if committee is not None and committee not in state.bodies:  # a committee is a body
        raise NotFound(
            "unknown-body", f"there is no body {committee!r} to refer to", field="committee"
        )
    if isinstance(act, procedure.Move) and act.id == "":
        act = replace(act, id=state.next_id("m"))  # the service names new questions
    if isinstance(act, procedure.ChairRuling) and act.id == "":
        act = replace(act, id=state.next_id("r"))
    return _run(state, session, [act])


def _open_poll(state: Assembly, cmd: c.OpenPoll) -> list[Event]:
    motion = motion_of(state, cmd.motion)
    session = _open_session(state, motion.session)
    for poll_id in motion.polls:
        if state.polls[poll_id].state == "open":
            raise OutOfOrder("poll-already-open", f"poll {poll_id} on {motion.id} is still open")
    if cmd.method != "electronic-named":
        raise Invalid("method", "method must be electronic-named", field="method")
    put = _run(state, session, [procedure.PutQuestion(motion.id, at=cmd.at)])
    stated = next(e.data for e in put if e.kind == "question.put")
    body = state.bodies[session.body]
    present = session.present
    eligible = [
        [d.id, d.weight]
        for d in sorted(body.voting_delegates(), key=lambda d: _natural(d.id))
        if d.id in present
    ]
    if not eligible:
        raise OutOfOrder("nobody-eligible", "no delegate with a vote is present")
    return [
        *put,
        Event(
            "poll.opened",
            {
                "poll": state.next_id("p"),
                "motion": motion.id,
                "session": session.id,
                "body": body.slug,
                "method": cmd.method,
                "question": "yes-no-abstain",
                "threshold": stated["threshold"],
                "eligible": eligible,
                "present": len(present),
                "quorum": stated["quorum"],
                "members": session.procedure.members,
            },
        ),
    ]


def _close_poll(state: Assembly, cmd: c.ClosePoll) -> list[Event]:
    poll = poll_of(state, cmd.poll)
    if poll.state != "open":
        raise OutOfOrder("poll-closed", f"poll {poll.id} is closed already")
    session = state.sessions[poll.session]
    heads = {choice: cmd.box.heads.get(choice, 0) for choice in CHOICES}
    weights = {choice: cmd.box.weights.get(choice, 0) for choice in CHOICES}
    if sum(heads.values()) != cmd.box.ballots:
        raise OutOfOrder("box-inconsistent", "the box's count does not add up to its ballots")
    weighted = any(w != 1 for w in poll.eligible.values())
    counted = weights if weighted else heads
    closed = Event(
        "poll.closed",
        {
            "poll": poll.id,
            "motion": poll.motion,
            "session": session.id,
            "box": {"ballots": cmd.box.ballots, "digest": cmd.box.digest},
            "heads": heads,
            "weights": weights,
            "unit": "weight" if weighted else "heads",
            "eligible": len(poll.eligible),
            "present": len(session.present),
        },
    )
    result = procedure.RecordResult(
        poll.motion,
        counted["yes"],
        counted["no"],
        counted["abstain"],
        unit="weight" if weighted else "heads",
        method="ballot",
        present=poll.present_at_open,
        quorum=poll.quorum_at_open,
        members=poll.members_at_open,
        at=cmd.at,
    )
    return [closed, *_run(state, session, [result])]


def _cancel_poll(state: Assembly, cmd: c.CancelPoll) -> list[Event]:
    poll = poll_of(state, cmd.poll)
    if poll.state != "open":
        raise OutOfOrder("poll-closed", f"poll {poll.id} is {poll.state} already")
    session = state.sessions[poll.session]
    reason = _name(cmd.reason, "reason", MAX_TEXT)
    cancelled = Event(
        "poll.cancelled",
        {
            "poll": poll.id,
            "motion": poll.motion,
            "session": session.id,
            "reason": reason,
            "box": {"ballots": cmd.ballots, "digest": cmd.digest},
        },
    )
    return [cancelled, *_run(state, session, [procedure.CancelVote(poll.motion, reason, cmd.at)])]


def _close_session(state: Assembly, cmd: c.CloseSession) -> list[Event]:
    session = _open_session(state, cmd.session)
    if session.procedure.stack:
        raise OutOfOrder(
            "questions-pending",
            f"{len(session.procedure.stack)} question(s) are pending: "
            "decide them, or move to adjourn (they are then recorded as no vote taken)",
        )
    for motion_id in session.motions:
        for poll_id in state.motions[motion_id].polls:
            if state.polls[poll_id].state == "open":
                raise OutOfOrder("poll-open", f"poll {poll_id} is still open: close it first")
    return [Event("session.closed", {"session": session.id})]


def _allot_presidium(state: Assembly, cmd: c.AllotPresidium) -> list[Event]:
    body = body_of(state, cmd.body)
    claiming = list(cmd.factions) if cmd.factions is not None else list(body.factions)
    for slug in (*claiming, *cmd.declined, *cmd.reserved):
        if slug not in body.factions:
            raise NotFound(
                "unknown-faction", f"{body.slug} has no faction {slug!r}", field="factions"
            )
        if slug not in claiming:
            raise Invalid("faction-not-claiming", f"{slug} does not claim seats", field="factions")
    delegates = {slug: 0 for slug in claiming}
    for delegate in body.voting_delegates():
        if delegate.faction in delegates:
            delegates[delegate.faction] += 1
    if isinstance(cmd.seats, bool) or not isinstance(cmd.seats, int) or not 1 <= cmd.seats <= 1000:
        raise Invalid("seats", "seats must be a whole number from 1 to 1000", field="seats")
    try:
        method = method_named(cmd.method)
        declined_seats = DeclinedSeats(cmd.declined_seats)
    except (ApportionmentError, ValueError) as exc:
        raise Invalid("apportionment", str(exc), field="method") from None
    try:
        result = method.evaluate(
            delegates,
            cmd.seats,
            declined=cmd.declined,
            declined_seats=declined_seats,
            reserved=cmd.reserved,
            tie_break=TieBreak(order=cmd.lot),
        )
    except ApportionmentError as exc:
        raise OutOfOrder("apportionment", str(exc)) from None
    return [
        Event(
            "presidium.allotted",
            {
                "body": body.slug,
                "seats": cmd.seats,
                "method": method.key,
                "delegates": delegates,
                "declined": list(cmd.declined),
                "declined_seats": declined_seats.value,
                "reserved": list(cmd.reserved),
                "result": result.record(),
            },
        )
    ]


def _take_up_seats(state: Assembly, cmd: c.TakeUpSeats) -> list[Event]:
    body = body_of(state, cmd.body)
    if body.presidium is None:
        raise OutOfOrder("no-presidium", f"{body.slug} has no presidium allotted")
    share = next(
        (f for f in body.presidium["result"]["factions"] if f["name"] == cmd.faction), None
    )
    if share is None or not share["reserved"]:
        raise OutOfOrder(
            "no-reserved-seats", f"{cmd.faction} holds no reserved seats in the presidium"
        )
    return [
        Event(
            "presidium.seats-taken-up",
            {"body": body.slug, "faction": cmd.faction, "seats": share["reserved"]},
        )
    ]


def _issue_access_codes(state: Assembly, cmd: c.IssueAccessCodes) -> list[Event]:
    body = body_of(state, cmd.body)
    if not cmd.delegates:
        raise Invalid("required", "no delegates given", field="delegates")
    for ident in cmd.delegates:
        _delegate_in(state, body, ident, "delegates")
    if len(set(cmd.delegates)) != len(cmd.delegates):
        raise Invalid("duplicate", "a delegate is named twice", field="delegates")
    return [Event("access-codes.issued", {"body": body.slug, "delegates": list(cmd.delegates)})]


def _create_account(state: Assembly, cmd: c.CreateAccount) -> list[Event]:
    if not isinstance(cmd.username, str) or not _USERNAME.fullmatch(cmd.username):
        raise Invalid(
            "username",
            "username must be 1-63 letters, digits, dots, hyphens or underscores",
            field="username",
        )
    if cmd.role not in ROLES:
        raise Invalid("role", f"role must be one of {', '.join(ROLES)}", field="role")
    taken = {a["username"].lower() for a in state.accounts.values()}
    if cmd.username.lower() in taken:
        raise OutOfOrder("duplicate-account", f"an account {cmd.username!r} exists already")
    return [
        Event(
            "account.created",
            {"account": state.next_id("a"), "username": cmd.username, "role": cmd.role},
        )
    ]


_DECIDERS: dict[type, Callable[[Assembly, Any], list[Event]]] = {
    c.CreateBody: _create_body,
    c.FormFaction: _form_faction,
    c.RegisterDelegates: _register_delegates,
    c.OpenSession: _open_session_cmd,
    c.RecordPresence: _record_presence,
    c.MoveMotion: _move_motion,
    c.OpenPoll: _open_poll,
    c.ClosePoll: _close_poll,
    c.CancelPoll: _cancel_poll,
    c.Act: _act,
    c.CloseSession: _close_session,
    c.CreateAccount: _create_account,
    c.AllotPresidium: _allot_presidium,
    c.TakeUpSeats: _take_up_seats,
    c.IssueAccessCodes: _issue_access_codes,
    c.ImportRoster: _import_roster,
}
