"""Deciding commands: given the state and a command, the events it causes, or a refusal.

`decide` never changes the state; the service layer records the events and then
folds them in with `Assembly.apply`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from smolny import procedure
from smolny.counting.apportionment import (
    ApportionmentError,
    DeclinedSeats,
    TieBreak,
    method_named,
)
from smolny.counting.stv import CountError
from smolny.domain import commands as c
from smolny.domain import polls
from smolny.domain.errors import Invalid, NotFound, OutOfOrder
from smolny.domain.events import Event
from smolny.domain.roster import Roster, check_roster, nothing_imported
from smolny.domain.state import Assembly, Body, Motion, Poll, Session
from smolny.procedure.quorum import state_quorum

BODY_KINDS = ("congress", "council", "executive-committee", "committee", "section", "presidium")
# the roles of staff accounts (who may do what: smolny.service.permissions)
ROLES = ("admin", "chair", "secretary", "credentials", "teller", "observer")
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
        raise nothing_imported("roster", cmd.source, checked)
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
        data["opened_by"] = _opener(state, body, cmd.opened_by)
    return [Event("session.opened", data)]


def _opener(state: Assembly, body: Body, ident: str) -> str:
    # A delegate of the body, or of an executive committee it elected (its child) or that
    # convened it (its parent): Dan of the outgoing executive opened the Second Congress.
    if ident in body.delegates:
        return ident
    delegate = state.delegates.get(ident)
    executive = state.bodies[delegate.body] if delegate is not None else None
    if (
        executive is not None
        and executive.kind == "executive-committee"
        and (executive.parent == body.slug or body.parent == executive.slug)
    ):
        return ident
    raise NotFound(
        "unknown-delegate",
        f"{ident!r} is not a delegate of {body.slug} nor of an executive committee it elected",
        field="opened_by",
    )


def _record_presence(state: Assembly, cmd: c.RecordPresence) -> list[Event]:
    session = _open_session(state, cmd.session)
    body = _joint.sitting_body(state, session)  # a joint session's: every body's delegates
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
    # a contested mandate's fate; approved minutes
    return (
        events
        + _mandates.contests_decided(state, events)
        + _minutes.approvals_decided(state, events)
    )


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
    body = _joint.sitting_body(state, session)
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


def _when(value: str | None, field: str) -> str | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise Invalid(
            "time", f"{field} must be a time such as 2026-11-07T22:40:00Z", field=field
        ) from None
    if moment.tzinfo is None:
        raise Invalid("time", f"{field} must give its time zone (e.g. Z)", field=field)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _question_of(cmd: c.OpenPoll) -> polls.Question:
    if cmd.question not in polls.QUESTIONS:
        raise Invalid(
            "question", f"question must be one of {', '.join(polls.QUESTIONS)}", field="question"
        )
    if cmd.question == "yes-no-abstain":
        if cmd.options:
            raise Invalid("options", "a yes/no/abstain question has no options", field="options")
        return polls.Question()
    try:
        options = polls.check_options(cmd.options)
    except ValueError as exc:
        raise Invalid("options", str(exc), field="options") from None
    least = 2 if cmd.question == "choice" else 1
    if len(options) < least:
        raise Invalid("options", f"a {cmd.question} poll needs {least} options", field="options")
    seats = cmd.seats
    most = 100_000 if cmd.question == "list" else len(options)
    if isinstance(seats, bool) or not isinstance(seats, int) or not 1 <= seats <= most:
        raise Invalid("seats", f"seats must be a whole number from 1 to {most}", field="seats")
    counting = cmd.counting
    allowed: tuple[str, ...] = ()
    if cmd.question == "ranked":
        allowed, counting = polls.RANKED_COUNTS, counting or "scottish-stv"
    elif cmd.question == "list":
        allowed, counting = polls.LIST_COUNTS, counting or "sainte-lague"
    if counting is not None and counting not in allowed:
        raise Invalid(
            "counting",
            f"a {cmd.question} poll is counted by " + (", ".join(allowed) or "no method"),
            field="counting",
        )
    if counting == "irv" and seats != 1:
        raise Invalid("seats", "instant-runoff fills one seat: for more, use STV", field="seats")
    ranks_most = polls.most_candidates(counting) if cmd.question == "ranked" and counting else None
    if ranks_most is not None and len(options) > ranks_most:
        raise Invalid(
            "options", f"{counting} ranks at most {ranks_most} candidates", field="options"
        )
    if cmd.threshold not in polls.CHOICE_THRESHOLDS:
        raise Invalid(
            "threshold",
            f"threshold must be one of {', '.join(polls.CHOICE_THRESHOLDS)}",
            field="threshold",
        )
    return polls.Question(cmd.question, options, seats, counting, cmd.threshold)


def _open_poll(state: Assembly, cmd: c.OpenPoll) -> list[Event]:
    if cmd.method not in polls.METHODS:
        raise Invalid("method", f"method must be one of {', '.join(polls.METHODS)}", field="method")
    if cmd.presence not in polls.PRESENCE_RULES:
        raise Invalid("presence", "presence must be 'present' or 'all'", field="presence")
    question = _question_of(cmd)
    if cmd.method in polls.TELLER_METHODS and question.kind in ("multiple", "ranked"):
        raise Invalid(
            "method", f"a {question.kind} ballot cannot be taken by {cmd.method}", field="method"
        )
    if cmd.method in polls.TELLER_METHODS and cmd.presence == "all":
        raise Invalid(
            "presence",
            f"tellers count the hands in the hall: a {cmd.method} vote takes those present",
            field="presence",
        )
    if cmd.sections and cmd.method not in polls.TELLER_METHODS:
        raise Invalid("sections", "only tellers count by sections", field="sections")
    sections = tuple(_name(name, "sections") for name in cmd.sections)
    if len(set(sections)) != len(sections):
        raise Invalid("sections", "a section is named twice", field="sections")
    scheduled = None
    if cmd.poll is not None:
        scheduled = poll_of(state, cmd.poll)
        if scheduled.state != "scheduled":
            raise OutOfOrder("not-scheduled", f"poll {scheduled.id} is {scheduled.state}")
    motion = None
    if question.kind == "yes-no-abstain":
        if cmd.motion is None:
            raise Invalid("required", "a yes/no/abstain poll is on a motion", field="motion")
        motion = motion_of(state, cmd.motion)
        session = _open_session(state, motion.session)
        for poll_id in motion.polls:
            if state.polls[poll_id].state == "open" or (
                state.polls[poll_id].state == "scheduled" and poll_id != cmd.poll
            ):
                raise OutOfOrder(
                    "poll-already-open", f"poll {poll_id} on {motion.id} is still open"
                )
        title = motion.title
    else:
        if cmd.motion is not None:
            raise Invalid(
                "question",
                "a motion is put as yes/no/abstain; elections are held in a session",
                field="question",
            )
        if cmd.session is None:
            raise Invalid("required", "an election or choice is held in a session", field="session")
        session = _open_session(state, cmd.session)
        title = _name(cmd.title or "", "title")
    opens_at, closes_at = _when(cmd.opens_at, "opens_at"), _when(cmd.closes_at, "closes_at")
    now = cmd.at or ""
    if closes_at is not None and closes_at <= max(now, opens_at or ""):
        raise Invalid("time", "closes_at must come after the poll opens", field="closes_at")
    body = _joint.sitting_body(state, session)
    poll_id = cmd.poll or state.next_id("p")
    settings: dict[str, Any] = {
        "poll": poll_id,
        **({"motion": motion.id} if motion is not None else {}),
        "session": session.id,
        "body": body.slug,
        "title": title,
        "method": cmd.method,
        "question": question.kind,
    }
    if question.kind != "yes-no-abstain":
        settings.update(options=list(question.options), seats=question.seats)
        if question.counting is not None:
            settings["counting"] = question.counting
        if question.kind == "choice":
            settings["choice_threshold"] = question.threshold
    settings.update(presence=cmd.presence, changeable=bool(cmd.changeable))
    if sections:
        settings["sections"] = list(sections)
    # a joint session counting by body: the tellers count each body apart, a box is split
    settings.update(_joint.poll_settings(state, session, cmd.method, question.kind, sections))
    if closes_at is not None:
        settings["closes_at"] = closes_at
    if opens_at is not None and opens_at > now and scheduled is None:
        return [Event("poll.scheduled", {**settings, "opens_at": opens_at})]
    if scheduled is not None:
        # a scheduled poll opens as it was scheduled: the same motion or election, method
        # and question (the timekeeper passes them on from `poll.scheduled`)
        planned = {k: v for k, v in scheduled.opened.items() if k != "opens_at"}
        differ = sorted(
            k for k in planned.keys() | settings.keys() if planned.get(k) != settings.get(k)
        )
        if differ:
            raise Invalid(
                "schedule",
                f"poll {scheduled.id} was scheduled with other settings ({', '.join(differ)})",
                field="poll",
            )
    rulebook = rulebook_of(state, session)
    if motion is not None:
        put = _run(state, session, [procedure.PutQuestion(motion.id, at=cmd.at)])
        stated = next(e.data for e in put if e.kind == "question.put")
        threshold, quorum = stated["threshold"], stated["quorum"]
    else:
        put = []
        quorum = state_quorum(rulebook.quorum, session.procedure)
        if len(session.present) < quorum:
            raise OutOfOrder(
                "quorum",
                f"The poll cannot be opened: there is no quorum "
                f"({len(session.present)} present, {quorum} needed)",
            )
        threshold = question.threshold if question.kind == "choice" else "none"
    register, proxies = _register(state, body, session, cmd.presence, cmd.at)
    if not register:
        raise OutOfOrder("nobody-eligible", "no delegate with a vote is present")
    # voters on the register outside the hall: absent delegators voted for by their proxy
    # holders, or (presence "all") absent delegates; they take part as if present
    absent = sum(1 for delegate, _ in register if delegate not in session.present)
    return [
        *put,
        Event(
            "poll.opened",
            {
                **settings,
                "threshold": threshold,
                "eligible": register,
                "proxies": proxies,
                "present": len(session.present),
                **({"absent": absent} if absent else {}),
                "quorum": quorum,
                "members": session.procedure.members,
                **_joint.poll_presence(state, session),  # a joint session's, body by body
            },
        ),
    ]


def _register(
    state: Assembly, body: Body, session: Session, presence: str, at: str | None = None
) -> tuple[list[list[Any]], list[list[str]]]:
    # Who may vote, with what weight, and which proxies are in force: taken at the opening.
    present = session.present
    may_vote = {d.id: d for d in body.delegates.values() if d.why_no_vote(at) is None}
    proxies = {
        delegator: holder
        for delegator, holder in body.proxies.items()
        if delegator in may_vote and holder in may_vote
    }
    if presence == "present":
        # a delegator in the hall votes in person; one outside is voted for by a holder inside
        proxies = {d: h for d, h in proxies.items() if d not in present and h in present}
        voters = [d for d in may_vote.values() if d.id in present or d.id in proxies]
    else:
        voters = list(may_vote.values())
    voters.sort(key=lambda d: _natural(d.id))
    return (
        [[d.id, d.weight] for d in voters],
        [[d, proxies[d]] for d in sorted(proxies, key=_natural)],
    )


def _enter_count(state: Assembly, cmd: c.EnterCount) -> list[Event]:
    poll = poll_of(state, cmd.poll)
    if poll.state != "open":
        raise OutOfOrder("poll-closed", f"poll {poll.id} is {poll.state}")
    if poll.method not in polls.TELLER_METHODS:
        raise OutOfOrder(
            "not-counted-by-tellers", f"poll {poll.id} is a {poll.method} vote: its box counts it"
        )
    if poll.sections:
        if cmd.section not in poll.sections:
            raise Invalid(
                "section",
                f"poll {poll.id} is counted by section: name one of {', '.join(poll.sections)}",
                field="section",
            )
    elif cmd.section is not None:
        raise Invalid("section", f"poll {poll.id} is counted for the whole hall", field="section")
    answers = polls.Question.of(poll.opened).answers()
    counts: dict[str, int] = {}
    for key, value in cmd.counts.items():
        if key not in answers:
            raise Invalid("counts", f"{key!r} is not an answer of this poll", field="counts")
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise Invalid("counts", f"the count for {key} must be a whole number", field="counts")
        counts[key] = value
    counts = {key: counts.get(key, 0) for key in answers}
    section = cmd.section
    body = state.bodies[poll.body]
    limit, where = len(poll.eligible), "on the register of the poll"
    if section is not None and section in body.factions:
        limit = sum(1 for d in poll.eligible if state.delegates[d].faction == section)
        where = f"of {section} on the register of the poll"
    by_body = _joint.count_limit(state, poll, section)  # a joint session's body, counted apart
    if by_body is not None:
        limit, where = by_body, f"of {section} on the register of the poll"
    if polls.teller_total(counts) > limit:
        raise Invalid(
            "count-exceeds-present",
            f"the tellers count {polls.teller_total(counts)} votes but only {limit} delegates "
            f"{where} were present",
            field="counts",
        )
    others = sum(
        polls.teller_total(entry["counts"])
        for key, entry in poll.counts.items()
        if key != (section or "")
    )
    if others + polls.teller_total(counts) > len(poll.eligible):
        raise Invalid(
            "count-exceeds-present",
            f"the sections' counts add up to {others + polls.teller_total(counts)}, "
            f"more than the {len(poll.eligible)} present",
            field="counts",
        )
    data: dict[str, Any] = {"poll": poll.id, "session": poll.session, "counts": counts}
    if section is not None:
        data["section"] = section
    if cmd.tellers:
        data["tellers"] = [_name(t, "tellers") for t in cmd.tellers]
    return [Event("poll.count-entered", data)]


def _close_poll(state: Assembly, cmd: c.ClosePoll) -> list[Event]:
    poll = poll_of(state, cmd.poll)
    if poll.state != "open":
        raise OutOfOrder("poll-closed", f"poll {poll.id} is {poll.state}, not open")
    session = state.sessions[poll.session]
    question = polls.Question.of(poll.opened)
    needed = poll.quorum_at_open or 0
    rulebook = rulebook_of(state, session)
    exempt = False
    if poll.motion is not None:
        pending = session.procedure.question(poll.motion)
        rule = rulebook.motion(pending.motion) if pending is not None else None
        exempt = rule is not None and rule.without_quorum
    # The quorum at the close: those in the hall now, or those who voted if more (a vote
    # taken by a quorum stands though some leave before the chair closes it).
    took_part = sum(polls.teller_total(e["counts"]) for e in poll.counts.values())
    if cmd.box is not None:
        took_part = cmd.box.roll[0] if cmd.box.roll is not None else cmd.box.ballots
    if not exempt and max(len(session.present), took_part) < needed:
        raise OutOfOrder(
            "quorum",
            f"poll {poll.id} cannot be closed without a quorum ({len(session.present)} present, "
            f"{took_part} voted, {needed} needed): wait for delegates to return, or cancel "
            "the poll",
        )
    data: dict[str, Any] = {"poll": poll.id, "session": session.id}
    if poll.motion is not None:
        data["motion"] = poll.motion
    if poll.method in polls.TELLER_METHODS:
        expected = poll.sections or ("",)
        missing = [s or "the hall" for s in expected if s not in poll.counts]
        if missing:
            raise OutOfOrder("counts-missing", f"the tellers have not counted {', '.join(missing)}")
        tally = polls.empty_tally(question)
        for entry in poll.counts.values():
            for key, value in entry["counts"].items():
                tally.heads[key] += value
                tally.weights[key] += value
                tally.ballots += value
        weighted = False
        seed_from = state.head
        if poll.sections:
            data["sections"] = {k: v["counts"] for k, v in sorted(poll.counts.items())}
    else:
        if cmd.box is None:
            raise OutOfOrder("box-missing", f"poll {poll.id} is counted from its box")
        tally = cmd.box.tally
        if tally.ballots != cmd.box.ballots:
            raise OutOfOrder("box-inconsistent", "the box's count does not add up to its ballots")
        weighted = poll.weighted
        seed_from = cmd.box.digest
        data["box"] = {"ballots": cmd.box.ballots, "digest": cmd.box.digest}
        if cmd.box.roll is not None:
            data["roll"] = {"voters": cmd.box.roll[0], "digest": cmd.box.roll[1]}
    data.update(tally.record(question.kind))
    data.update(
        unit="weight" if weighted else "heads",
        eligible=len(poll.eligible),
        present=len(session.present),
    )
    if question.kind == "yes-no-abstain":
        counted = tally.weights if weighted else tally.heads
        method = {"roll-call": "roll-call", "standing": "rising"}.get(poll.method, "ballot")
        if poll.method == "show-of-hands":
            method = "show-of-hands"
        result = procedure.RecordResult(
            str(poll.motion),
            counted["yes"],
            counted["no"],
            counted["abstain"],
            unit="weight" if weighted else "heads",
            method=method,
            present=poll.present_at_open + poll.absent_at_open,
            quorum=poll.quorum_at_open,
            members=poll.members_at_open,
            at=cmd.at,
            by_body=_joint.body_results(state, poll, cmd.box),  # a joint poll counted by body
        )
        if result.by_body is not None:
            data["by_body"] = {
                slug: {"yes": r.yes, "no": r.no, "abstain": r.abstain}
                for slug, r in result.by_body.items()
            }
        return [Event("poll.closed", data), *_run(state, session, [result])]
    try:
        data["outcome"] = polls.outcome(
            question, tally, weighted, polls.lot_seed(poll.id, seed_from)
        )
    except (CountError, ApportionmentError) as exc:
        raise OutOfOrder("count", f"poll {poll.id} cannot be counted: {exc}") from None
    return [Event("poll.closed", data)]


def _cancel_poll(state: Assembly, cmd: c.CancelPoll) -> list[Event]:
    poll = poll_of(state, cmd.poll)
    if poll.state not in ("open", "scheduled"):
        raise OutOfOrder("poll-closed", f"poll {poll.id} is {poll.state} already")
    session = state.sessions[poll.session]
    reason = _name(cmd.reason, "reason", MAX_TEXT)
    data: dict[str, Any] = {"poll": poll.id, "session": session.id, "reason": reason}
    if poll.motion is not None:
        data["motion"] = poll.motion
    if poll.state == "open" and poll.method not in polls.TELLER_METHODS:
        data["box"] = {"ballots": cmd.ballots, "digest": cmd.digest}
        if cmd.roll is not None:
            data["roll"] = {"voters": cmd.roll[0], "digest": cmd.roll[1]}
    cancelled = Event("poll.cancelled", data)
    if poll.motion is None or poll.state == "scheduled":
        return [cancelled]
    return [cancelled, *_run(state, session, [procedure.CancelVote(poll.motion, reason, cmd.at)])]


def _give_proxy(state: Assembly, cmd: c.GiveProxy) -> list[Event]:
    body = body_of(state, cmd.body)
    delegator = state.delegates[_delegate_in(state, body, cmd.delegator, "delegator")]
    holder = state.delegates[_delegate_in(state, body, cmd.holder, "holder")]
    if delegator.id == holder.id:
        raise Invalid("proxy-self", "a delegate cannot give their proxy to themselves")
    for person, field in ((delegator, "delegator"), (holder, "holder")):
        why = person.why_no_vote()
        if why is not None:
            raise OutOfOrder("no-vote", f"no proxy: {why}", field=field)
    given = body.proxies.get(delegator.id)
    if given is not None:
        raise OutOfOrder(
            "proxy-given",
            f"{delegator.id} has given their proxy to {given} already: withdraw it first",
            field="delegator",
        )
    if holder.id in body.proxies:
        raise OutOfOrder(
            "proxy-chain",
            f"{holder.id} has given their own proxy to {body.proxies[holder.id]}: "
            "proxies do not pass on",
            field="holder",
        )
    held = sorted(d for d, h in body.proxies.items() if h == delegator.id)
    if held:
        raise OutOfOrder(
            "proxy-chain",
            f"{delegator.id} holds the proxy of {', '.join(held)}: proxies do not pass on",
            field="delegator",
        )
    return [
        Event("proxy.given", {"body": body.slug, "delegator": delegator.id, "holder": holder.id})
    ]


def _withdraw_proxy(state: Assembly, cmd: c.WithdrawProxy) -> list[Event]:
    body = body_of(state, cmd.body)
    _delegate_in(state, body, cmd.delegator, "delegator")
    holder = body.proxies.get(cmd.delegator)
    if holder is None:
        raise OutOfOrder("no-proxy", f"{cmd.delegator} has given no proxy")
    return [
        Event("proxy.withdrawn", {"body": body.slug, "delegator": cmd.delegator, "holder": holder})
    ]


def _suspend_mandate(state: Assembly, cmd: c.SuspendMandate) -> list[Event]:
    body = body_of(state, cmd.body)
    delegate = state.delegates[_delegate_in(state, body, cmd.delegate, "delegate")]
    reason = _name(cmd.reason, "reason", MAX_TEXT)
    if cmd.restore:
        if delegate.suspended is None:
            raise OutOfOrder("not-suspended", f"the mandate of {delegate.id} is not suspended")
        kind = "mandate.restored"
    else:
        if delegate.suspended is not None:
            raise OutOfOrder("suspended", f"the mandate of {delegate.id} is suspended already")
        kind = "mandate.suspended"
    return [Event(kind, {"body": body.slug, "delegate": delegate.id, "reason": reason})]


def _take_up_mandate(state: Assembly, cmd: c.TakeUpMandate) -> list[Event]:
    body = body_of(state, cmd.body)
    substitute = state.delegates[_delegate_in(state, body, cmd.substitute, "substitute")]
    replaced = state.delegates[_delegate_in(state, body, cmd.replaces, "replaces")]
    if substitute.voting or substitute.replaced_by is not None:
        raise OutOfOrder(
            "not-a-substitute",
            f"{substitute.id} holds a mandate of their own and cannot take up another",
            field="substitute",
        )
    if not replaced.voting:
        raise OutOfOrder(
            "no-mandate", f"{replaced.id} holds no voting mandate to take up", field="replaces"
        )
    return [
        Event(
            "mandate.taken-up",
            {
                "body": body.slug,
                "delegate": substitute.id,
                "replaces": replaced.id,
                "weight": replaced.weight,
            },
        )
    ]


def _close_session(state: Assembly, cmd: c.CloseSession) -> list[Event]:
    session = _open_session(state, cmd.session)
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
    c.EnterCount: _enter_count,
    c.GiveProxy: _give_proxy,
    c.WithdrawProxy: _withdraw_proxy,
    c.SuspendMandate: _suspend_mandate,
    c.TakeUpMandate: _take_up_mandate,
    c.CancelPoll: _cancel_poll,
    c.Act: _act,
    c.CloseSession: _close_session,
    c.CreateAccount: _create_account,
    c.AllotPresidium: _allot_presidium,
    c.TakeUpSeats: _take_up_seats,
    c.IssueAccessCodes: _issue_access_codes,
    c.ImportRoster: _import_roster,
}

# Mandates, credentials, contests and recalls: their module registers its deciders in
# _DECIDERS and its state handlers (imported last: it builds on the helpers above).
from smolny.domain import mandates as _mandates  # noqa: E402

# The tree of bodies, factions' members and declarations, the chair's rota.
from smolny.domain import tree as _tree  # noqa: E402

_DECIDERS.update(_tree.DECIDERS)

# Joint sessions of several bodies, a section's resolution brought to the whole.
from smolny.domain import joint as _joint  # noqa: E402

_DECIDERS.update(_joint.deciders(_DECIDERS))

# The minutes' corrections and approval (it registers its deciders and handlers).
from smolny.domain import minutes as _minutes  # noqa: E402
