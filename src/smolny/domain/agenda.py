"""A sitting's agenda: drafted by the secretariat or the chair, then adopted as the body's
rulebook says (its `[agenda] adoption`).

- `DraftAgenda` records the draft (`agenda.drafted`), in order, each item with its title,
  reporter, time and length; a new draft replaces the one before, until the agenda is adopted.
- `AdoptAgenda` adopts it: under adoption "declaration" the chair's declaration is the
  engine's `agenda.adopted` at once; under "vote" a main motion "That the agenda be adopted"
  is moved (`agenda.adoption-moved` names it), and when the body adopts that motion the
  agenda is adopted in the same unit of work (`agendas_decided`, a reaction).

The items are then taken up one by one by the engine's `TakeUpItem`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from smolny import procedure
from smolny.domain import checks, sessions
from smolny.domain import commands as c
from smolny.domain.errors import Invalid, OutOfOrder
from smolny.domain.events import Event
from smolny.domain.state import Assembly, Decider, Fold, Session
from smolny.record import kinds as k

MAX_ITEMS = 200
MAX_MINUTES = 24 * 60
# an adoption motion in these is before the body (decided, withdrawn or put off, it is not)
_BEFORE_THE_BODY = frozenset({"moved", "pending", "voting"})
_CLOCK = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")


def not_adopted(session: Session) -> None:
    """Refuse a change to the draft once the agenda is adopted or its adoption is moved."""
    if session.procedure.agenda_adopted:
        raise OutOfOrder(
            "agenda-adopted",
            "the agenda has been adopted: it changes only by a decision of the body",
        )
    motion = session.procedure.question(session.agenda_motion or "")
    if motion is not None and motion.status in _BEFORE_THE_BODY:
        raise OutOfOrder(
            "agenda-before-the-body",
            f"the adoption of the agenda is before the body (motion {session.agenda_motion}): "
            "the draft cannot change while it is",
        )


def _item(state: Assembly, item: c.AgendaDraftItem, index: int, known: set[str]) -> dict[str, Any]:
    where = f"items[{index}]"
    data: dict[str, Any] = {"title": checks.name(item.title, f"{where}.title")}
    if item.item is not None:
        if item.item not in known:
            raise Invalid(
                "agenda-item", f"{where}: there is no drafted item {item.item!r}", field=where
            )
        data["item"] = item.item
    if item.reporter is not None and item.reporter.strip():
        data["reporter"] = checks.name(item.reporter, f"{where}.reporter")
    if item.starts is not None and item.starts.strip():
        if not _CLOCK.fullmatch(item.starts.strip()):
            raise Invalid(
                "agenda-time",
                f"{where}.starts: a time of day is written HH:MM, such as 09:30",
                field=f"{where}.starts",
            )
        data["starts"] = item.starts.strip()
    if item.minutes is not None:
        minutes = item.minutes
        if isinstance(minutes, bool) or not isinstance(minutes, int):
            raise Invalid("agenda-minutes", f"{where}.minutes must be a whole number")
        if not 1 <= minutes <= MAX_MINUTES:
            raise Invalid(
                "agenda-minutes",
                f"{where}.minutes must be from 1 to {MAX_MINUTES}",
                field=f"{where}.minutes",
            )
        data["minutes"] = minutes
    data["order_of_the_day"] = bool(item.order_of_the_day)
    return data


def _draft_agenda(state: Assembly, cmd: c.DraftAgenda) -> list[Event]:
    session = checks.open_session(state, cmd.session)
    not_adopted(session)
    if not cmd.items:
        raise Invalid("agenda-empty", "an agenda needs at least one item", field="items")
    if len(cmd.items) > MAX_ITEMS:
        raise Invalid("agenda-long", f"an agenda has at most {MAX_ITEMS} items", field="items")
    known = {str(i["item"]) for i in session.agenda_draft or ()}
    items = [_item(state, item, n, known) for n, item in enumerate(cmd.items)]
    kept = [i["item"] for i in items if "item" in i]
    papers = {str(i["item"]): i["paper"] for i in session.agenda_draft or () if i.get("paper")}
    for data in items:  # an item drafted from a paper stays linked to it
        if data.get("item") in papers:
            data["paper"] = papers[data["item"]]
    if len(set(kept)) != len(kept):
        raise Invalid("duplicate-id", "an agenda item is given twice", field="items")
    fresh = 0
    for data in items:
        if "item" not in data:
            data["item"] = state.next_id("i", offset=fresh)
            fresh += 1
    ordered = [{"item": d.pop("item"), **d} for d in items]
    return [Event(k.AGENDA_DRAFTED, {"session": session.id, "items": ordered})]


def _entries(draft: Iterable[dict[str, Any]]) -> tuple[procedure.AgendaEntry, ...]:
    return tuple(
        procedure.AgendaEntry(
            id=i["item"],
            title=i["title"],
            order_of_the_day=bool(i.get("order_of_the_day", False)),
            reporter=i.get("reporter"),
            starts=i.get("starts"),
            minutes=i.get("minutes"),
        )
        for i in draft
    )


def _adopt_agenda(state: Assembly, cmd: c.AdoptAgenda) -> list[Event]:
    session = checks.open_session(state, cmd.session)
    not_adopted(session)
    if not session.agenda_draft:
        raise OutOfOrder("no-draft", "there is no draft agenda to adopt: draft it first")
    rulebook = checks.rulebook_of(state, session)
    if rulebook.agenda_adoption == "declaration":
        act = procedure.AdoptAgenda(_entries(session.agenda_draft), None, cmd.at)
        return sessions.run(state, session, [act])
    if cmd.mover is None or not cmd.mover.strip():
        raise Invalid(
            "agenda-by-vote",
            f"under {rulebook.name} the body adopts its agenda by a vote: "
            "name the delegate who moves its adoption",
            field="mover",
        )
    titles = "; ".join(f"{n}. {i['title']}" for n, i in enumerate(session.agenda_draft, 1))
    moved = sessions.move_motion(
        state,
        c.MoveMotion(
            cmd.session,
            "Adoption of the agenda",
            f"That the agenda be adopted: {titles}",
            cmd.mover,
            at=cmd.at,
        ),
    )
    motion = next(e.data["question"] for e in moved if e.kind == k.MOTION_MOVED)
    return [*moved, Event(k.AGENDA_ADOPTION_MOVED, {"session": session.id, "motion": motion})]


def agendas_decided(state: Assembly, events: Iterable[Event]) -> list[Event]:
    """For an adoption motion `events` adopt: the agenda adopted, as drafted (a rejected one
    frees the draft to be changed and moved again)."""
    done = list(events)
    out: list[Event] = []
    for n, event in enumerate(done):
        if event.kind != k.MOTION_ADOPTED:
            continue
        session = state.sessions.get(str(event.data.get("session")))
        if session is None or session.agenda_motion != event.data.get("question"):
            continue
        sitting = session.procedure
        for before in done[: n + 1]:  # the sitting as these events leave it
            if before.kind in procedure.EVENT_KINDS and before.data.get("session") == session.id:
                inner = {x: v for x, v in before.data.items() if x not in ("session", "title")}
                sitting = procedure.apply(sitting, procedure.Event(before.kind, inner))
        act = procedure.AdoptAgenda(
            _entries(session.agenda_draft or ()), session.agenda_motion, event.data.get("at")
        )
        out += sessions.run(state, replace(session, procedure=sitting), [act])
    return out


def item_now(session: Session) -> dict[str, Any] | None:
    """The agenda item the sitting is on: its number on the agenda, id and title (or None)."""
    for number, item in enumerate(session.procedure.agenda, 1):
        if item.status == "current":
            return {"number": number, "id": item.id, "title": item.title}
    return None


def _on_drafted(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    session = state.sessions[data["session"]]
    session.agenda_draft = [dict(i) for i in data["items"]]
    for item in data["items"]:
        state.count_id(item["item"])


def _on_adoption_moved(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    state.sessions[data["session"]].agenda_motion = data["motion"]


DECIDERS: dict[type[c.Command], Decider] = {
    c.DraftAgenda: _draft_agenda,
    c.AdoptAgenda: _adopt_agenda,
}

FOLDS: dict[str, Fold] = {
    k.AGENDA_DRAFTED: _on_drafted,
    k.AGENDA_ADOPTION_MOVED: _on_adoption_moved,
}
