"""A body's time and its calendar: the time zone it keeps (`body.time-zone-set`), sittings
scheduled (`session.scheduled`, an emergency one too) and put off (`session.postponed`)
before they open, notes in the record (`note.added`): a note on an entry, such as that
a value in it is not in the sources, and statements made outside the sitting
(`statement.issued`). A scheduled sitting opens under the id it was given
(`OpenSession(scheduled=...)`, `smolny.domain.sessions`); this module's fold of the
opening strikes it off the calendar."""

from __future__ import annotations

import datetime as dt
from typing import Any

from smolny.domain import checks
from smolny.domain import commands as c
from smolny.domain.checks import MAX_TEXT
from smolny.domain.errors import Invalid, NotFound, OutOfOrder
from smolny.domain.events import Event
from smolny.domain.state import Assembly, Decider, Fold
from smolny.record import kinds as k
from smolny.record.clock import zone_named


def _time(value: str, field: str) -> str:
    """An ISO 8601 time with its zone, as given."""
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (TypeError, ValueError):
        raise Invalid("time-format", f"{field} is not an ISO 8601 time", field=field) from None
    if moment.tzinfo is None:
        raise Invalid("time-zone", f"{field} must say its zone (Z or +HH:MM)", field=field)
    return value


def _set_time_zone(state: Assembly, cmd: c.SetTimeZone) -> list[Event]:
    body = checks.body_of(state, cmd.body)
    try:
        zone_named(cmd.zone)
    except ValueError as exc:
        raise Invalid("time-zone", str(exc), field="zone") from None
    data: dict[str, Any] = {"body": body.slug, "zone": cmd.zone}
    if cmd.name is not None:
        data["name"] = checks.name(cmd.name, "name")
    return [Event(k.BODY_TIME_ZONE_SET, data)]


def _schedule(state: Assembly, cmd: c.ScheduleSession) -> list[Event]:
    body = checks.body_of(state, cmd.body)
    data = {
        "session": state.next_id("s"),
        "body": body.slug,
        "title": checks.name(cmd.title, "title"),
        "scheduled_for": _time(cmd.scheduled_for, "scheduled_for"),
        "emergency": cmd.emergency,
    }
    return [Event(k.SESSION_SCHEDULED, data)]


def scheduled_of(state: Assembly, ident: str, body: str | None = None) -> dict[str, Any]:
    """The sitting scheduled under `ident` and not yet opened (of `body`, if given)."""
    found = state.scheduled.get(ident)
    if found is None or (body is not None and found["body"] != body):
        opened = ident in state.sessions
        raise (OutOfOrder if opened else NotFound)(
            "not-scheduled",
            f"{ident} has opened already"
            if opened
            else f"no sitting {ident} is scheduled" + (f" for {body}" if body else ""),
            field="session",
        )
    return found


def _postpone(state: Assembly, cmd: c.PostponeSession) -> list[Event]:
    scheduled_of(state, cmd.session)
    reason = checks.trimmed(cmd.reason)
    if len(reason) > MAX_TEXT:
        raise Invalid("too-long", f"reason is longer than {MAX_TEXT} characters", field="reason")
    checks.refuse_hidden(reason, "reason", free_text=True)
    to = _time(cmd.to, "to") if cmd.to is not None else None
    return [Event(k.SESSION_POSTPONED, {"session": cmd.session, "to": to, "reason": reason})]


def _note(state: Assembly, cmd: c.AddNote) -> list[Event]:
    if isinstance(cmd.about, bool) or not 1 <= cmd.about <= state.seq:
        raise NotFound(
            "unknown-entry",
            f"there is no entry {cmd.about} to note (1 to {state.seq})",
            field="about",
        )
    data: dict[str, Any] = {"about": cmd.about, "text": checks.text(cmd.text, "text")}
    if cmd.field is not None:
        data["field"] = checks.name(cmd.field, "field")
    if cmd.session is not None:
        data["session"] = checks.session_of(state, cmd.session).id
    return [Event(k.NOTE_ADDED, data)]


def _statement(state: Assembly, cmd: c.IssueStatement) -> list[Event]:
    body = checks.body_of(state, cmd.body)
    data: dict[str, Any] = {
        "body": body.slug,
        "name": checks.name(cmd.name, "name"),
        "text": checks.name(cmd.text, "text", MAX_TEXT),
    }
    if cmd.in_name_of is not None:
        data["in_name_of"] = checks.name(cmd.in_name_of, "in_name_of")
    if cmd.about_session is not None:
        data["session"] = checks.session_of(state, cmd.about_session).id
    if cmd.at is not None:
        data["at"] = checks.when(cmd.at, "at")
    return [Event(k.STATEMENT_ISSUED, data)]


def _on_zone(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    body = state.bodies[data["body"]]
    body.time_zone, body.time_zone_name = data["zone"], data.get("name")


def _on_scheduled(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    state.scheduled[data["session"]] = {**data, "postponed": []}
    state.count_id(data["session"])


def _on_postponed(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    state.scheduled[data["session"]]["postponed"].append(data)


def _on_opened(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    if data.get("scheduled"):  # called earlier: off the calendar, now sitting
        state.scheduled.pop(data["session"], None)


DECIDERS: dict[type[c.Command], Decider] = {
    c.SetTimeZone: _set_time_zone,
    c.ScheduleSession: _schedule,
    c.PostponeSession: _postpone,
    c.AddNote: _note,
    c.IssueStatement: _statement,
}

FOLDS: dict[str, Fold] = {
    k.BODY_TIME_ZONE_SET: _on_zone,
    k.SESSION_SCHEDULED: _on_scheduled,
    k.SESSION_POSTPONED: _on_postponed,
    k.SESSION_OPENED: _on_opened,
}
