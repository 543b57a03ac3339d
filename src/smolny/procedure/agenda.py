"""The order of business: changing the agenda, taking up its items, the orders of the day,
questions taken up again, and resuming after a recess."""

from __future__ import annotations

import smolny.procedure.acts as a
import smolny.procedure.state as st
from smolny.procedure.events import JSONValue
from smolny.procedure.session import NotInOrder, Session, called
from smolny.procedure.state import Time
from smolny.record import kinds as k


def take_up_orders(session: Session, at: Time | None) -> None:
    """Take up the order of the day that is due, setting aside the pending business."""
    due = next(
        (i for i in session.state.agenda if i.order_of_the_day and i.status == "waiting"), None
    )
    if due is None:
        return
    if session.state.stack:
        # RONR §18: the pending business is interrupted, to be taken up again afterwards
        session.emit(
            k.MOTION_POSTPONED,
            questions=list(session.state.stack),
            until="after the orders of the day",
            at=at,
        )
    if session.state.floor is not None:
        session.emit(
            k.FLOOR_YIELDED,
            delegate=session.state.floor.delegate,
            question=session.state.floor.question,
            reason="orders of the day",
            at=at,
        )
    session.emit(k.AGENDA_ITEM_TAKEN_UP, item=due.id, at=at)


def _item_data(item: a.AgendaEntry) -> dict[str, JSONValue]:
    data: dict[str, JSONValue] = {
        "item": item.id,
        "title": item.title,
        "order_of_the_day": item.order_of_the_day,
    }
    for key in ("reporter", "starts", "minutes"):
        if getattr(item, key) is not None:
            value: JSONValue = getattr(item, key)
            data[key] = value
    return data


def adopt_agenda(session: Session, act: a.AdoptAgenda) -> None:
    """The sitting's first agenda, adopted as the rulebook's `[agenda]` says."""
    session.check_open()
    if session.state.agenda_adopted:
        raise NotInOrder(
            "agenda-adopted",
            "The agenda has been adopted: it changes only by a decision of the body",
        )
    if not act.items:
        raise NotInOrder("agenda-empty", "An agenda needs at least one item")
    ids = [item.id for item in act.items]
    if len(set(ids)) != len(ids):
        raise NotInOrder("duplicate-id", "An agenda item appears twice")
    how = session.rulebook.agenda_adoption
    if how == "vote":
        decision = session.state.question(act.decision) if act.decision else None
        if decision is None or decision.status != st.ADOPTED:
            raise NotInOrder(
                "agenda-by-vote",
                "Under this rulebook the body adopts its agenda by a vote: "
                "move that the agenda be adopted and put it to the vote",
            )
    elif act.decision is not None:
        raise NotInOrder(
            "agenda-by-declaration",
            "Under this rulebook the chair declares the agenda adopted: no vote is taken",
        )
    data: dict[str, JSONValue] = {
        "items": [_item_data(i) for i in act.items],
        "by": how,
        "at": act.at,
    }
    if act.decision is not None:
        data["decision"] = act.decision
    session.emit(k.AGENDA_ADOPTED, **data)


def change_agenda(session: Session, act: a.ChangeAgenda) -> None:
    """A new agenda, by an adopted decision; items already taken up stay on it."""
    session.check_open()
    decision = session.state.question(act.decision)
    if decision is None or decision.status != st.ADOPTED:
        raise NotInOrder(
            "agenda-by-decision",
            "The agenda can be changed only by a decision of the body: "
            f"{act.decision!r} is not an adopted question",
        )
    ids = [item.id for item in act.items]
    if len(set(ids)) != len(ids):
        raise NotInOrder("duplicate-id", "An agenda item appears twice")
    for item in session.state.agenda:
        if item.status != "waiting" and item.id not in ids:
            raise NotInOrder(
                "agenda-done", f"The item {item.title!r} has been taken up and cannot be dropped"
            )
    session.emit(
        k.AGENDA_CHANGED,
        items=[
            {"item": i.id, "title": i.title, "order_of_the_day": i.order_of_the_day}
            for i in act.items
        ],
        decision=act.decision,
        at=act.at,
    )


def take_up_item(session: Session, act: a.TakeUpItem) -> None:
    """The next agenda item, when nothing is pending and nobody has the floor."""
    session.check_open()
    item = next((i for i in session.state.agenda if i.id == act.item), None)
    if item is None:
        raise NotInOrder("agenda-item", f"There is no agenda item {act.item!r}")
    if item.status != "waiting":
        raise NotInOrder("agenda-item", f"The item {item.title!r} is {item.status}")
    top = session.state.top()
    if top is not None:
        raise NotInOrder(
            "precedence", f"The next item is not in order: {called(session.rule(top))} is pending"
        )
    if session.state.floor is not None:
        raise NotInOrder("floor", f"{session.state.floor.delegate} has the floor")
    session.emit(k.AGENDA_ITEM_TAKEN_UP, item=item.id, at=act.at)


def take_up_question(session: Session, act: a.TakeUpQuestion) -> None:
    """A postponed or referred question taken up again, with those adhering to it."""
    session.check_open()
    question = session.question(act.question)
    rule = session.rule(question)
    if question.status not in (st.POSTPONED, st.REFERRED):
        raise NotInOrder(
            "not-postponed", f"{rule.name} {question.id!r} is {question.status}, not postponed"
        )
    head = next((q for q in session.state.questions if question.id in q.adhering), None)
    if head is not None:
        raise NotInOrder(
            "adhering",
            f"{rule.name} {question.id!r} goes with {head.id!r}: take up {head.id!r} instead",
        )
    top = session.state.top()
    if top is not None:
        raise NotInOrder(
            "precedence", f"{rule.name} cannot be taken up: {called(session.rule(top))} is pending"
        )
    session.check_quorum("Taking up the question")
    session.emit(k.QUESTION_TAKEN_UP, questions=[question.id, *question.adhering], at=act.at)


def resume(session: Session, act: a.Resume) -> None:
    """The session resumes after a recess."""
    if session.state.status != "recessed":
        raise NotInOrder("not-recessed", "The session is not in recess")
    session.emit(k.SESSION_RESUMED, at=act.at)
