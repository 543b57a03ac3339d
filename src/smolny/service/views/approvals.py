"""The minutes a sitting may approve: its body's earlier, closed sittings, and the hash a
motion to approve them fixes (docs/minutes.md), for the chair's console."""

from __future__ import annotations

from typing import Any

from smolny.documents.minutes import minutes_hash
from smolny.domain.decide import session_of
from smolny.service.unit_of_work import UnitOfWork
from smolny.service.views.record import minutes


def minutes_hash_of(app: UnitOfWork, ident: str) -> str:
    """The SHA-256 of the canonical Markdown of session `ident`'s minutes as they stand:
    what a motion to approve them fixes (NotFound if there is no such session)."""
    return minutes_hash(minutes(app, ident))


def minutes_to_approve(app: UnitOfWork, ident: str) -> list[dict[str, Any]]:
    """The earlier, closed sittings of session `ident`'s body, latest first: each one's id,
    title, opening moment, and `approval` ("approved", "pending" or None)."""
    with app.lock:
        state = app.state
        found = session_of(state, ident)
        body = state.bodies.get(found.body)
        earlier = [state.sessions[s] for s in (body.sessions if body is not None else [])]
        out = []
        for s in reversed(earlier):
            if s.id == found.id or s.state == "open":
                continue
            record = state.minutes.get(s.id, {})
            approval = "pending" if record.get("pending") else None
            approval = approval or ("approved" if record.get("approved") else None)
            out.append(
                {"id": s.id, "title": s.title, "opened_at": s.opened_at, "approval": approval}
            )
    return out
