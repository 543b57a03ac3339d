"""Presence: delegates registered, arriving and leaving, and the quorum lost or regained."""

from __future__ import annotations

from dataclasses import replace

import smolny.procedure.acts as a
from smolny.procedure.events import JSONValue
from smolny.procedure.quorum import quorum_status
from smolny.procedure.session import NotInOrder, Session
from smolny.procedure.state import Delegate, Time
from smolny.record import kinds as k


def change_presence(session: Session, act: a.ChangePresence) -> None:
    """Delegates (named, or a whole faction) arrive or leave; a leaving speaker yields."""
    state = session.state
    changing = _changing(session, act)
    before = state.quorate
    moved = set(changing)
    after = quorum_status(
        session.rulebook,
        replace(
            state,
            delegates=tuple(
                replace(d, present=act.present) if d.id in moved else d for d in state.delegates
            ),
        ),
    )
    session.emit(
        k.PRESENCE_CHANGED,
        delegates=list(changing),
        faction=act.faction,
        present=act.present,
        declaration=act.declaration,
        at=act.at,
        **after.record(),
    )
    if not act.present:
        _speakers_leave(session, moved, act.at)
    _quorum_change(session, before, act.at)


def _changing(session: Session, act: a.ChangePresence) -> list[str]:
    """The delegates whose presence the act changes, in the order named, then the faction's."""
    state = session.state
    ids = list(act.delegates)
    registered = {d.id: d for d in state.delegates}  # a whole congress may arrive at once
    for delegate_id in ids:
        if delegate_id not in registered:
            raise NotInOrder("not-a-delegate", f"{delegate_id} is not a registered delegate")
    if act.faction is not None:
        members = [d.id for d in state.delegates if d.faction == act.faction]
        if not members:
            raise NotInOrder("unknown-faction", f"No delegate belongs to {act.faction}")
        named = set(ids)
        ids += [m for m in members if m not in named]
    changing = [i for i in ids if registered[i].present != act.present]
    if not ids:
        raise NotInOrder("presence", "Name the delegates or the faction")
    if not changing:
        raise NotInOrder("presence", f"Nobody named is {'absent' if act.present else 'present'}")
    return changing


def _speakers_leave(session: Session, leaving: set[str], at: Time | None) -> None:
    """A speaker who leaves yields the floor, as does one waiting to resume."""
    floor = session.state.floor
    if floor is not None and floor.delegate in leaving:
        session.emit(
            k.FLOOR_YIELDED,
            delegate=floor.delegate,
            question=floor.question,
            reason="left",
            at=at,
        )
    for waiting in session.state.interrupted:
        if waiting.delegate in leaving:
            session.emit(
                k.FLOOR_YIELDED,
                delegate=waiting.delegate,
                question=waiting.question,
                reason="left",
                interrupted=True,
                at=at,
            )


def register(session: Session, act: a.Register) -> None:
    """A delegate registered during the session (in a joint session, for one of its bodies)."""
    state = session.state
    if state.delegate(act.delegate) is not None:
        raise NotInOrder("duplicate-id", f"{act.delegate} is registered already")
    before = state.quorate
    if state.bodies and act.sits_for not in [b.slug for b in state.bodies]:
        raise NotInOrder(
            "sits-for", f"{act.delegate}: say which of the bodies sitting they are a delegate of"
        )
    newcomer = Delegate(act.delegate, act.faction, act.body, act.present, act.sits_for)
    after = quorum_status(session.rulebook, replace(state, delegates=(*state.delegates, newcomer)))
    joint: dict[str, JSONValue] = {"sits_for": act.sits_for} if act.sits_for else {}
    session.emit(
        k.DELEGATE_REGISTERED,
        delegate=act.delegate,
        faction=act.faction,
        body=act.body,
        present=act.present,
        at=act.at,
        **joint,
        **after.record(),
    )
    _quorum_change(session, before, act.at)


def _quorum_change(session: Session, before: bool, at: Time | None) -> None:
    status = session.quorum()
    figures = {key: v for key, v in status.record().items() if key != "quorate"}
    if before and not status.quorate:
        session.emit(k.QUORUM_LOST, at=at, **figures)
    elif not before and status.quorate:
        session.emit(k.QUORUM_REGAINED, at=at, **figures)
