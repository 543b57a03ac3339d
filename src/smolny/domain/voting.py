"""Voting: polls opened (or scheduled), the tellers' counts, polls closed and cancelled, and
proxies given and withdrawn.

What a poll asks, what a ballot may say and how a box is counted are the pure functions of
`smolny.domain.polls`; a poll on a motion is put and decided by the engine, through
`smolny.domain.sessions.run`; in a joint session `smolny.domain.joint` says who sits, how
the votes are counted by body, and each body's presence.
"""

from __future__ import annotations

from typing import Any

from smolny import procedure
from smolny.counting import bounds
from smolny.counting.apportionment import ApportionmentError
from smolny.counting.stv import CountError
from smolny.domain import checks, joint, polls, sessions
from smolny.domain import commands as c
from smolny.domain.errors import Invalid, OutOfOrder
from smolny.domain.events import Event
from smolny.domain.state import Assembly, Body, Decider, Fold, Motion, Poll, Session
from smolny.procedure.quorum import state_quorum
from smolny.record import kinds as k

# -- opening a poll ----------------------------------------------------------------------


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


def _sections(cmd: c.OpenPoll, question: polls.Question) -> tuple[str, ...]:
    # How the votes are taken fits what is asked; the sections the tellers count apart.
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
    sections = tuple(checks.name(name, "sections") for name in cmd.sections)
    if len(set(sections)) != len(sections):
        raise Invalid("sections", "a section is named twice", field="sections")
    return sections


def _scheduled(state: Assembly, cmd: c.OpenPoll) -> Poll | None:
    # The scheduled poll this opening starts, if it names one.
    if cmd.poll is None:
        return None
    scheduled = checks.poll_of(state, cmd.poll)
    if scheduled.state != "scheduled":
        raise OutOfOrder("not-scheduled", f"poll {scheduled.id} is {scheduled.state}")
    return scheduled


def _where(
    state: Assembly, cmd: c.OpenPoll, question: polls.Question
) -> tuple[Motion | None, Session, str]:
    # The motion put (for a yes/no/abstain question), the sitting, and the poll's title.
    if question.kind == "yes-no-abstain":
        if cmd.motion is None:
            raise Invalid("required", "a yes/no/abstain poll is on a motion", field="motion")
        motion = checks.motion_of(state, cmd.motion)
        session = checks.open_session(state, motion.session)
        for poll_id in motion.polls:
            if state.polls[poll_id].state == "open" or (
                state.polls[poll_id].state == "scheduled" and poll_id != cmd.poll
            ):
                raise OutOfOrder(
                    "poll-already-open", f"poll {poll_id} on {motion.id} is still open"
                )
        return motion, session, motion.title
    if cmd.motion is not None:
        raise Invalid(
            "question",
            "a motion is put as yes/no/abstain; elections are held in a session",
            field="question",
        )
    if cmd.session is None:
        raise Invalid("required", "an election or choice is held in a session", field="session")
    session = checks.open_session(state, cmd.session)
    return None, session, checks.name(cmd.title or "", "title")


def _settings(
    state: Assembly,
    cmd: c.OpenPoll,
    question: polls.Question,
    where: tuple[Motion | None, Session, str],
    sections: tuple[str, ...],
    closes_at: str | None,
) -> dict[str, Any]:
    # What the opening (or the scheduling) records of the poll, before its register.
    motion, session, title = where
    body = joint.sitting_body(state, session)
    settings: dict[str, Any] = {
        "poll": cmd.poll or state.next_id("p"),
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
    settings.update(joint.poll_settings(state, session, cmd.method, question.kind, sections))
    if closes_at is not None:
        settings["closes_at"] = closes_at
    return settings


def _as_scheduled(scheduled: Poll, settings: dict[str, Any]) -> None:
    # A scheduled poll opens as it was scheduled: the same motion or election, method and
    # question (the timekeeper passes them on from `poll.scheduled`).
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


def _put(
    state: Assembly,
    session: Session,
    motion: Motion | None,
    question: polls.Question,
    at: str | None,
) -> tuple[list[Event], Any, int]:
    # The question put by the engine (a motion), or the quorum checked here (an election):
    # the events, the threshold and the quorum the opening records.
    rulebook = checks.rulebook_of(state, session)
    if motion is not None:
        put = sessions.run(state, session, [procedure.PutQuestion(motion.id, at=at)])
        stated = next(e.data for e in put if e.kind == k.QUESTION_PUT)
        return put, stated["threshold"], stated["quorum"]
    quorum = state_quorum(rulebook.quorum, session.procedure)
    if len(session.present) < quorum:
        raise OutOfOrder(
            "quorum",
            f"The poll cannot be opened: there is no quorum "
            f"({len(session.present)} present, {quorum} needed)",
            values={"present": len(session.present), "needed": quorum},
        )
    return [], question.threshold if question.kind == "choice" else "none", quorum


def _open_poll(state: Assembly, cmd: c.OpenPoll) -> list[Event]:
    if cmd.method not in polls.METHODS:
        raise Invalid("method", f"method must be one of {', '.join(polls.METHODS)}", field="method")
    if cmd.presence not in polls.PRESENCE_RULES:
        raise Invalid("presence", "presence must be 'present' or 'all'", field="presence")
    question = _question_of(cmd)
    sections = _sections(cmd, question)
    scheduled = _scheduled(state, cmd)
    where = _where(state, cmd, question)
    motion, session, _ = where
    opens_at = checks.when(cmd.opens_at, "opens_at")
    closes_at = checks.when(cmd.closes_at, "closes_at")
    now = cmd.at or ""
    if closes_at is not None and closes_at <= max(now, opens_at or ""):
        raise Invalid("time", "closes_at must come after the poll opens", field="closes_at")
    settings = _settings(state, cmd, question, where, sections, closes_at)
    if opens_at is not None and opens_at > now and scheduled is None:
        return [Event(k.POLL_SCHEDULED, {**settings, "opens_at": opens_at})]
    if scheduled is not None:
        _as_scheduled(scheduled, settings)
    put, threshold, quorum = _put(state, session, motion, question, cmd.at)
    body = joint.sitting_body(state, session)
    register, proxies = _register(state, body, session, cmd.presence, cmd.at)
    if not register:
        raise OutOfOrder("nobody-eligible", "no delegate with a vote is present")
    try:
        polls.check_bounds(question, len(register))
    except bounds.BoundExceeded as exc:
        raise Invalid(exc.bound, str(exc), field="options") from None
    # voters on the register outside the hall: absent delegators voted for by their proxy
    # holders, or (presence "all") absent delegates; they take part as if present
    absent = sum(1 for delegate, _ in register if delegate not in session.present)
    return [
        *put,
        Event(
            k.POLL_OPENED,
            {
                **settings,
                "threshold": threshold,
                "eligible": register,
                "proxies": proxies,
                "present": len(session.present),
                **({"absent": absent} if absent else {}),
                "quorum": quorum,
                "members": session.procedure.members,
                **joint.poll_presence(state, session),  # a joint session's, body by body
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
    voters.sort(key=lambda d: checks.natural(d.id))
    return (
        [[d.id, d.weight] for d in voters],
        [[d, proxies[d]] for d in sorted(proxies, key=checks.natural)],
    )


# -- the tellers' counts -----------------------------------------------------------------


def _enter_count(state: Assembly, cmd: c.EnterCount) -> list[Event]:
    poll = checks.poll_of(state, cmd.poll)
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
    counts = _counts(poll, cmd.counts)
    _within_register(state, poll, cmd.section, counts)
    data: dict[str, Any] = {"poll": poll.id, "session": poll.session, "counts": counts}
    if cmd.section is not None:
        data["section"] = cmd.section
    if cmd.tellers:
        data["tellers"] = [checks.name(t, "tellers") for t in cmd.tellers]
    return [Event(k.POLL_COUNT_ENTERED, data)]


def _counts(poll: Poll, given: dict[str, int]) -> dict[str, int]:
    # The tellers' counts, checked, with every answer of the poll (0 where none was given).
    answers = polls.Question.of(poll.opened).answers()
    counts: dict[str, int] = {}
    for key, value in given.items():
        if key not in answers:
            raise Invalid("counts", f"{key!r} is not an answer of this poll", field="counts")
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise Invalid("counts", f"the count for {key} must be a whole number", field="counts")
        counts[key] = value
    return {key: counts.get(key, 0) for key in answers}


def _within_register(
    state: Assembly, poll: Poll, section: str | None, counts: dict[str, int]
) -> None:
    # Tellers count no more hands than there are voters on the register (of their section).
    body = state.bodies[poll.body]
    limit, where = len(poll.eligible), "on the register of the poll"
    if section is not None and section in body.factions:
        limit = sum(1 for d in poll.eligible if state.delegates[d].faction == section)
        where = f"of {section} on the register of the poll"
    by_body = joint.count_limit(state, poll, section)  # a joint session's body, counted apart
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


# -- closing and cancelling --------------------------------------------------------------


def _quorum_at_close(state: Assembly, poll: Poll, session: Session, cmd: c.ClosePoll) -> None:
    # The quorum at the close: those in the hall now, or those who voted if more (a vote
    # taken by a quorum stands though some leave before the chair closes it).
    needed = poll.quorum_at_open or 0
    rulebook = checks.rulebook_of(state, session)
    exempt = False
    if poll.motion is not None:
        pending = session.procedure.question(poll.motion)
        rule = rulebook.motion(pending.motion) if pending is not None else None
        exempt = rule is not None and rule.without_quorum
    took_part = sum(polls.teller_total(e["counts"]) for e in poll.counts.values())
    if cmd.box is not None:
        took_part = cmd.box.roll[0] if cmd.box.roll is not None else cmd.box.ballots
    if not exempt and max(len(session.present), took_part) < needed:
        raise OutOfOrder(
            "quorum",
            f"poll {poll.id} cannot be closed without a quorum ({len(session.present)} present, "
            f"{took_part} voted, {needed} needed): wait for delegates to return, or cancel "
            "the poll",
            values={"present": max(len(session.present), took_part), "needed": needed},
        )


def _tellers_tally(
    state: Assembly, poll: Poll, question: polls.Question, data: dict[str, Any]
) -> tuple[polls.Tally, bool, str]:
    # The tellers' counts added up (every section's): the tally, unweighted, and what a lot
    # is drawn from (the record's head).
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
    if poll.sections:
        data["sections"] = {k: v["counts"] for k, v in sorted(poll.counts.items())}
    return tally, False, state.head


def _box_tally(poll: Poll, cmd: c.ClosePoll, data: dict[str, Any]) -> tuple[polls.Tally, bool, str]:
    # The box's count as the service read it: the tally, weighted or not, and what a lot is
    # drawn from (the box's digest).
    if cmd.box is None:
        raise OutOfOrder("box-missing", f"poll {poll.id} is counted from its box")
    tally = cmd.box.tally
    if tally.ballots != cmd.box.ballots:
        raise OutOfOrder("box-inconsistent", "the box's count does not add up to its ballots")
    data["box"] = {"ballots": cmd.box.ballots, "digest": cmd.box.digest}
    if cmd.box.roll is not None:
        data["roll"] = {"voters": cmd.box.roll[0], "digest": cmd.box.roll[1]}
    return tally, poll.weighted, cmd.box.digest


def _decided_by_engine(
    state: Assembly,
    poll: Poll,
    session: Session,
    cmd: c.ClosePoll,
    counted: tuple[polls.Tally, bool],
    data: dict[str, Any],
) -> list[Event]:
    # A yes/no/abstain poll on a motion: its result recorded by the engine, which decides.
    tally, weighted = counted
    votes = tally.weights if weighted else tally.heads
    method = {"roll-call": "roll-call", "standing": "rising"}.get(poll.method, "ballot")
    if poll.method == "show-of-hands":
        method = "show-of-hands"
    result = procedure.RecordResult(
        str(poll.motion),
        votes["yes"],
        votes["no"],
        votes["abstain"],
        unit="weight" if weighted else "heads",
        method=method,
        present=poll.present_at_open + poll.absent_at_open,
        quorum=poll.quorum_at_open,
        members=poll.members_at_open,
        at=cmd.at,
        by_body=joint.body_results(state, poll, cmd.box),  # a joint poll counted by body
    )
    if result.by_body is not None:
        data["by_body"] = {
            slug: {"yes": r.yes, "no": r.no, "abstain": r.abstain}
            for slug, r in result.by_body.items()
        }
    return [Event(k.POLL_CLOSED, data), *sessions.run(state, session, [result])]


def _close_poll(state: Assembly, cmd: c.ClosePoll) -> list[Event]:
    poll = checks.poll_of(state, cmd.poll)
    if poll.state != "open":
        raise OutOfOrder("poll-closed", f"poll {poll.id} is {poll.state}, not open")
    session = state.sessions[poll.session]
    question = polls.Question.of(poll.opened)
    _quorum_at_close(state, poll, session, cmd)
    data: dict[str, Any] = {"poll": poll.id, "session": session.id}
    if poll.motion is not None:
        data["motion"] = poll.motion
    if poll.method in polls.TELLER_METHODS:
        tally, weighted, seed_from = _tellers_tally(state, poll, question, data)
    else:
        tally, weighted, seed_from = _box_tally(poll, cmd, data)
    data.update(tally.record(question.kind))
    data.update(
        unit="weight" if weighted else "heads",
        eligible=len(poll.eligible),
        present=len(session.present),
    )
    if question.kind == "yes-no-abstain":
        return _decided_by_engine(state, poll, session, cmd, (tally, weighted), data)
    try:
        data["outcome"] = polls.outcome(
            question, tally, weighted, polls.lot_seed(poll.id, seed_from)
        )
    except (CountError, ApportionmentError) as exc:
        raise OutOfOrder("count", f"poll {poll.id} cannot be counted: {exc}") from None
    return [Event(k.POLL_CLOSED, data)]


def _cancel_poll(state: Assembly, cmd: c.CancelPoll) -> list[Event]:
    poll = checks.poll_of(state, cmd.poll)
    if poll.state not in ("open", "scheduled"):
        raise OutOfOrder("poll-closed", f"poll {poll.id} is {poll.state} already")
    session = state.sessions[poll.session]
    reason = checks.text(cmd.reason, "reason")
    data: dict[str, Any] = {"poll": poll.id, "session": session.id, "reason": reason}
    if poll.motion is not None:
        data["motion"] = poll.motion
    if poll.state == "open" and poll.method not in polls.TELLER_METHODS:
        data["box"] = {"ballots": cmd.ballots, "digest": cmd.digest}
        if cmd.roll is not None:
            data["roll"] = {"voters": cmd.roll[0], "digest": cmd.roll[1]}
    cancelled = Event(k.POLL_CANCELLED, data)
    if poll.motion is None or poll.state == "scheduled":
        return [cancelled]
    vote = procedure.CancelVote(poll.motion, reason, cmd.at)
    return [cancelled, *sessions.run(state, session, [vote])]


# -- proxies -----------------------------------------------------------------------------


def _give_proxy(state: Assembly, cmd: c.GiveProxy) -> list[Event]:
    body = checks.body_of(state, cmd.body)
    delegator = state.delegates[checks.delegate_in(state, body, cmd.delegator, "delegator")]
    holder = state.delegates[checks.delegate_in(state, body, cmd.holder, "holder")]
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
        Event(k.PROXY_GIVEN, {"body": body.slug, "delegator": delegator.id, "holder": holder.id})
    ]


def _withdraw_proxy(state: Assembly, cmd: c.WithdrawProxy) -> list[Event]:
    body = checks.body_of(state, cmd.body)
    checks.delegate_in(state, body, cmd.delegator, "delegator")
    holder = body.proxies.get(cmd.delegator)
    if holder is None:
        raise OutOfOrder("no-proxy", f"{cmd.delegator} has given no proxy")
    return [
        Event(k.PROXY_WITHDRAWN, {"body": body.slug, "delegator": cmd.delegator, "holder": holder})
    ]


# -- folding the events ------------------------------------------------------------------


def _poll_opened(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    scheduled = state.polls.get(data["poll"])
    poll = Poll(
        id=data["poll"],
        motion=data.get("motion"),
        session=data["session"],
        body=data["body"],
        method=data["method"],
        question=data["question"],
        threshold=data["threshold"],
        state="open",
        eligible={delegate: weight for delegate, weight in data["eligible"]},
        present_at_open=data["present"],
        absent_at_open=data.get("absent", 0),
        quorum_at_open=data.get("quorum"),
        members_at_open=data.get("members"),
        title=data.get("title", ""),
        options=tuple(data.get("options", ())),
        seats=data.get("seats", 1),
        counting=data.get("counting"),
        choice_threshold=data.get("choice_threshold", "majority"),
        changeable=data.get("changeable", False),
        proxies={delegator: holder for delegator, holder in data.get("proxies", ())},
        sections=tuple(data.get("sections", ())),
        closes_at=data.get("closes_at"),
        opened=data,
    )
    state.polls[poll.id] = poll
    if poll.motion is not None and scheduled is None:
        state.motions[poll.motion].polls.append(poll.id)
    state.count_id(poll.id)


def _poll_scheduled(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    poll = Poll(
        id=data["poll"],
        motion=data.get("motion"),
        session=data["session"],
        body=data["body"],
        method=data["method"],
        question=data["question"],
        threshold="",
        state="scheduled",
        eligible={},
        present_at_open=0,
        title=data.get("title", ""),
        options=tuple(data.get("options", ())),
        opens_at=data["opens_at"],
        closes_at=data.get("closes_at"),
        opened=data,
    )
    state.polls[poll.id] = poll
    if poll.motion is not None:
        state.motions[poll.motion].polls.append(poll.id)
    state.count_id(poll.id)


def _count_entered(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    poll = state.polls[data["poll"]]
    poll.counts[data.get("section") or ""] = data


def _poll_closed(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    poll = state.polls[data["poll"]]
    poll.state = "closed"
    poll.result = data


def _poll_cancelled(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    poll = state.polls[data["poll"]]
    poll.state = "cancelled"
    poll.result = data


def _proxy_given(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    state.bodies[data["body"]].proxies[data["delegator"]] = data["holder"]


def _proxy_withdrawn(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    state.bodies[data["body"]].proxies.pop(data["delegator"], None)


DECIDERS: dict[type[c.Command], Decider] = {
    c.OpenPoll: _open_poll,
    c.EnterCount: _enter_count,
    c.ClosePoll: _close_poll,
    c.CancelPoll: _cancel_poll,
    c.GiveProxy: _give_proxy,
    c.WithdrawProxy: _withdraw_proxy,
}

FOLDS: dict[str, Fold] = {
    k.POLL_SCHEDULED: _poll_scheduled,
    k.POLL_OPENED: _poll_opened,
    k.POLL_COUNT_ENTERED: _count_entered,
    k.POLL_CLOSED: _poll_closed,
    k.POLL_CANCELLED: _poll_cancelled,
    k.PROXY_GIVEN: _proxy_given,
    k.PROXY_WITHDRAWN: _proxy_withdrawn,
}
