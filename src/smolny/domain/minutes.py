"""The minutes' corrections and approval, as acts of the record.

The minutes themselves are drawn from the journal (`smolny.documents.minutes`) and never
stored: the secretary corrects them by a `minutes.corrected` entry, and a body approves
them by a main motion at a later sitting (`minutes.approval-moved`); its adoption records
`minutes.approved`, its rejection `minutes.not-approved`, each with the SHA-256 of the
canonical Markdown that was put to the body (`approvals_decided`, which
`smolny.domain.registry` runs after every command). See docs/minutes.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from smolny.domain import checks, sessions
from smolny.domain import commands as c
from smolny.domain.checks import session_of
from smolny.domain.errors import Invalid, OutOfOrder
from smolny.domain.events import Event
from smolny.domain.state import Assembly, Decider, Fold
from smolny.record import kinds as k

_HASH = re.compile(r"[0-9a-f]{64}")


def _record(state: Assembly, session: str) -> dict[str, Any]:
    return state.minutes.setdefault(session, {"corrections": 0, "pending": None, "approved": None})


def _closed(state: Assembly, ident: str, field: str) -> None:
    session = session_of(state, ident)
    if session.state != "closed":
        raise OutOfOrder(
            "session-not-closed",
            f"session {ident} is {session.state}: its minutes are corrected and approved "
            "once it is closed",
            field=field,
        )


def _correct_minutes(state: Assembly, cmd: c.CorrectMinutes) -> list[Event]:
    _closed(state, cmd.session, "session")
    pending = state.minutes.get(cmd.session, {}).get("pending")
    if pending is not None:
        raise OutOfOrder(
            "approval-pending",
            f"the approval of the minutes of {cmd.session} is before the body (motion "
            f"{pending}): decide it first",
            field="session",
        )
    return [
        Event(
            k.MINUTES_CORRECTED,
            {
                "session": cmd.session,
                "what": checks.name(cmd.what, "what"),
                "correction": checks.text(cmd.correction, "correction"),
                "reason": checks.text(cmd.reason, "reason"),
            },
        )
    ]


def _move_approval(state: Assembly, cmd: c.MoveApproval) -> list[Event]:
    sitting = checks.open_session(state, cmd.session)
    _closed(state, cmd.minutes, "minutes")
    earlier = state.sessions[cmd.minutes]
    if earlier.body != sitting.body:
        raise OutOfOrder(
            "other-body",
            f"the minutes of {cmd.minutes} are of {earlier.body}: only {earlier.body} "
            "approves them",
            field="minutes",
        )
    if not isinstance(cmd.hash, str) or not _HASH.fullmatch(cmd.hash):
        raise Invalid("hash", "hash must be 64 lower-case hex digits (SHA-256)", field="hash")
    pending = state.minutes.get(cmd.minutes, {}).get("pending")
    if pending is not None:
        raise OutOfOrder(
            "approval-pending",
            f"the approval of the minutes of {cmd.minutes} is before the body already "
            f"(motion {pending})",
            field="minutes",
        )
    moved = sessions.move_motion(
        state,
        c.MoveMotion(
            cmd.session,
            f"Approval of the minutes: {earlier.title}",
            f"That the minutes of {earlier.title} ({cmd.minutes}) be approved",
            cmd.mover,
            at=cmd.at,
        ),
    )
    motion = next(e.data["question"] for e in moved if e.kind == k.MOTION_MOVED)
    approval = {
        "session": cmd.session,
        "minutes": cmd.minutes,
        "motion": motion,
        "hash": cmd.hash,
    }
    return [*moved, Event(k.MINUTES_APPROVAL_MOVED, approval)]


def approvals_decided(state: Assembly, events: Iterable[Event]) -> list[Event]:
    """For each approval motion `events` decide: `minutes.approved` or `minutes.not-approved`."""
    if not state.minutes:
        return []
    out: list[Event] = []
    for event in events:
        if event.kind not in k.DECIDING:
            continue
        motion = event.data.get("question")
        for session, record in state.minutes.items():
            if record["pending"] is None or record["pending"][0] != motion:
                continue
            data = {
                "session": event.data.get("session"),
                "minutes": session,
                "motion": motion,
                "hash": record["pending"][1],
            }
            approved = k.adopted(event.kind, event.data)
            kind = k.MINUTES_APPROVED if approved else k.MINUTES_NOT_APPROVED
            out.append(Event(kind, data))
    return out


def _on_corrected(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    _record(state, data["session"])["corrections"] += 1


def _on_moved(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    _record(state, data["minutes"])["pending"] = (data["motion"], data["hash"])


def _on_approved(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    record = _record(state, data["minutes"])
    record["pending"] = None
    record["approved"] = data["hash"]


def _on_not_approved(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    _record(state, data["minutes"])["pending"] = None


DECIDERS: dict[type[c.Command], Decider] = {
    c.CorrectMinutes: _correct_minutes,
    c.MoveApproval: _move_approval,
}

FOLDS: dict[str, Fold] = {
    k.MINUTES_CORRECTED: _on_corrected,
    k.MINUTES_APPROVAL_MOVED: _on_moved,
    k.MINUTES_APPROVED: _on_approved,
    k.MINUTES_NOT_APPROVED: _on_not_approved,
}
