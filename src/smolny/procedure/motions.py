"""Motions: moving one (checked by `precedence`), seconding, stating and withdrawing it,
the motions a demand settles, and the chair's rulings on those the chair decides."""

from __future__ import annotations

import smolny.procedure.acts as a
import smolny.procedure.state as st
from smolny.procedure.agenda import take_up_orders
from smolny.procedure.events import JSONValue
from smolny.procedure.precedence import check_conditions, check_precedence, target
from smolny.procedure.rulebook import MotionRule
from smolny.procedure.session import (
    NotInOrder,
    Session,
    adhering_from,
    called,
    threshold_for,
)
from smolny.procedure.text import quoted, resolve
from smolny.record import kinds as k


def move(session: Session, act: a.Move) -> None:
    """A motion moved: in order if the mover may move it now and it takes precedence."""
    session.check_open()
    rule = session.rulebook.motion(act.motion)
    if rule is None:
        raise NotInOrder("unknown-motion", f"{act.motion!r} is not a motion under these rules")
    _check_mover(session, rule, act)
    if act.change is not None and rule.effect != "amend":
        raise NotInOrder(
            "not-an-amendment", f"{rule.name} is not an amendment: it changes no words of a text"
        )
    target_id = target(session, rule, act)
    check_precedence(session, rule, target_id)
    check_conditions(session, rule, act, target_id)
    if rule.on_demand:
        _on_demand(session, rule, act, target_id)
        return
    _moved(session, rule, act, target_id)


def _check_mover(session: Session, rule: MotionRule, act: a.Move) -> None:
    """The id is new, the mover present, and the moment right: not during a vote (unless the
    motion concerns the vote), not before the last motion is stated, not over a speaker."""
    state = session.state
    name = rule.name
    if state.question(act.id) is not None or state.ruling(act.id) is not None:
        raise NotInOrder("duplicate-id", f"{name}: the id {act.id!r} is already in use")
    session.check_present(act.mover, name)
    session.check_quorum(name, rule)
    top = state.top()
    if top is not None and top.status == st.VOTING and rule.target != "voting":
        raise NotInOrder(
            "voting",
            f"{name} is not in order: the question on {called(session.rule(top))} "
            "is being put to the vote",
        )
    if top is not None and top.status == st.MOVED and rule.motion_class != "incidental":
        raise NotInOrder(
            "not-stated",
            f"{name} is not in order: {called(session.rule(top))} is awaiting "
            + ("the chair's ruling" if not session.rule(top).decided_by_vote else "statement"),
        )
    floor = state.floor
    if floor is not None and floor.delegate != act.mover and not rule.interrupts:
        raise NotInOrder("floor", f"{name} is not in order: {floor.delegate} has the floor")


def _moved(session: Session, rule: MotionRule, act: a.Move, target_id: str | None) -> None:
    """The motion is before the body: the mover's speech ends, or another's is interrupted."""
    floor = session.state.floor
    interrupts = floor is not None and floor.delegate != act.mover
    if floor is not None and not interrupts:
        session.emit(
            k.FLOOR_YIELDED,
            delegate=floor.delegate,
            question=floor.question,
            reason="moved a motion",
            at=act.at,
        )
    if interrupts:
        assert floor is not None
        session.emit(k.FLOOR_INTERRUPTED, delegate=floor.delegate, by=act.mover, at=act.at)
    text, strike = act.text, act.strike
    change: dict[str, JSONValue] | None = None
    amended = session.state.question(target_id) if target_id else None
    if act.change is not None and amended is not None:
        # the place found in the text as it stands, kept by word offsets
        edit = resolve(amended.amended_text, act.change)
        text, strike = edit.inserted, quoted(amended.amended_text, edit.start, edit.end) or None
        change = {"operation": edit.operation, "span": [edit.start, edit.end]}
    elif act.change is not None:
        raise NotInOrder("not-pending", f"{rule.name}: no question is pending to amend")
    session.emit(
        k.MOTION_MOVED,
        question=act.id,
        motion=act.motion,
        text=text,
        mover=act.mover,
        applies_to=target_id,
        strike=strike,
        until=act.until,
        committee=act.committee,
        speech_seconds=act.speech_seconds,
        speeches_per_member=act.speeches_per_member,
        parts=list(act.parts),
        notice=act.notice,
        interrupts=interrupts,
        appeal=rule.target == "ruling",
        at=act.at,
        **({"change": change} if change is not None else {}),
    )


def _on_demand(session: Session, rule: MotionRule, act: a.Move, target_id: str | None) -> None:
    """A motion one member's demand settles: the chair must comply."""
    if rule.effect == "division-of-assembly" and target_id is not None:
        session.emit(k.DIVISION_DEMANDED, question=target_id, by=act.mover, at=act.at)
        return
    if rule.effect == "orders-of-the-day":
        session.emit(k.ORDERS_CALLED, by=act.mover, at=act.at)
        take_up_orders(session, act.at)
        return
    session.emit(k.DEMAND_MADE, motion=rule.key, by=act.mover, question=target_id, at=act.at)


def second(session: Session, act: a.Second) -> None:
    """A second to the motion just moved, by another delegate present."""
    session.check_open()
    question = session.question(act.question)
    rule = session.rule(question)
    if question.status != st.MOVED or question.id not in session.state.stack:
        raise NotInOrder("second", f"{rule.name} cannot be seconded now: it is {question.status}")
    if not rule.second:
        raise NotInOrder("second", f"{rule.name} needs no second")
    if question.seconder is not None:
        raise NotInOrder("second", f"{rule.name} has been seconded already")
    if act.seconder == question.mover:
        raise NotInOrder("second", f"{rule.name}: the mover cannot second their own motion")
    session.check_present(act.seconder, "Second")
    session.emit(k.MOTION_SECONDED, question=question.id, seconder=act.seconder, at=act.at)


def state_question(session: Session, act: a.StateQuestion) -> None:
    """The chair states the question on the motion just moved (and seconded, if it must be)."""
    session.check_open()
    question = session.question(act.question)
    rule = session.rule(question)
    if session.state.top() != question or question.status != st.MOVED:
        raise NotInOrder(
            "not-pending", f"{rule.name} cannot be stated: it is not the motion just moved"
        )
    if not rule.decided_by_vote:
        raise NotInOrder("chair-decides", f"{rule.name} is not stated: the chair rules on it")
    if rule.second and question.seconder is None:
        raise NotInOrder(
            "second-required", f"The question cannot be stated: {rule.name} needs a second"
        )
    session.check_quorum("Stating the question", rule)
    session.emit(
        k.QUESTION_STATED,
        question=question.id,
        motion=question.motion,
        text=question.amended_text,
        debatable=rule.debatable,
        threshold=threshold_for(session.rulebook, question),
        at=act.at,
    )


def withdraw(session: Session, act: a.Withdraw) -> None:
    """The mover withdraws the motion: freely before it is stated, by consent after."""
    session.check_open()
    question = session.question(act.question)
    rule = session.rule(question)
    if question.id not in session.state.stack:
        raise NotInOrder("not-pending", f"{rule.name} is not pending")
    if act.by != question.mover:
        raise NotInOrder("not-mover", f"Only the mover, {question.mover}, may withdraw it")
    if session.state.stack[-1] != question.id:
        raise NotInOrder(
            "precedence", f"{rule.name} cannot be withdrawn now: other motions adhere to it"
        )
    if question.status == st.VOTING:
        raise NotInOrder("voting", f"{rule.name} cannot be withdrawn: it is being put to the vote")
    if question.status == st.PENDING and not act.consent:
        raise NotInOrder(
            "withdraw-objected",
            f"{rule.name} has been stated: it may be withdrawn only by consent or by vote",
        )
    session.emit(k.MOTION_WITHDRAWN, questions=[question.id], by=act.by, at=act.at)
    session.end_interruption(question)


def set_aside(session: Session, act: a.SetAside) -> None:
    """The chair leaves a pending motion (and those adhering to it) with no vote taken,
    saying why; the body goes on to other business."""
    session.check_open()
    question = session.question(act.question)
    rule = session.rule(question)
    if question.id not in session.state.stack:
        raise NotInOrder("not-pending", f"{rule.name} is not pending")
    if question.status == st.VOTING:
        raise NotInOrder(
            "voting", f"{rule.name} is being put to the vote: the vote must be finished first"
        )
    if not act.reason.strip():
        raise NotInOrder("reason", "Say why no vote is taken on it: the record keeps the reason")
    session.emit(
        k.MOTION_SET_ASIDE,
        questions=list(adhering_from(session, question.id)),
        reason=act.reason.strip(),
        at=act.at,
    )
    session.end_interruption(question)


def chair_ruling(session: Session, act: a.ChairRuling) -> None:
    """The chair rules, on a motion the chair decides or on a point raised."""
    session.check_open()
    state = session.state
    if state.ruling(act.id) is not None or state.question(act.id) is not None:
        raise NotInOrder("duplicate-id", f"The ruling: the id {act.id!r} is already in use")
    question = session.question(act.question) if act.question is not None else None
    if question is not None:
        rule = session.rule(question)
        if rule.decided_by_vote or state.top() != question:
            raise NotInOrder(
                "not-pending", f"The chair does not rule on {called(rule)} {question.id!r}"
            )
    session.emit(
        k.RULING_MADE,
        ruling=act.id,
        question=act.question,
        well_taken=act.well_taken,
        text=act.text,
        at=act.at,
    )
    if question is not None:
        if act.well_taken and session.rule(question).effect == "orders-of-the-day":
            take_up_orders(session, act.at)
        session.end_interruption(question)
