"""Names completed as typed: the delegates of a sitting whose name, id or number begins
with what the chair has typed so far, for the console's delegate fields (a combobox) and
`GET /api/v1/sessions/{id}/delegates?q=`."""

from __future__ import annotations

from typing import Any

from smolny.domain.decide import session_of
from smolny.domain.errors import Invalid
from smolny.service.unit_of_work import UnitOfWork

PAGE_MAX = 100  # the most delegates one page gives
QUERY_MAX = 200  # the longest text searched for


def _natural(ident: str) -> tuple[str, int]:
    prefix = ident.rstrip("0123456789")
    return prefix, int(ident[len(prefix) :] or 0)


def _rank(query: str, ident: str, name: str, faction: str) -> int | None:
    """How well a delegate fits what is typed (lower is better); None if not at all. Every
    word typed must begin a word of the name (or be the id, the number, the faction)."""
    if not query:
        return 3
    folded = name.casefold()
    if query in (ident, f"d{query}"):
        return 0
    if folded.startswith(query):
        return 1
    words = folded.replace("-", " ").split() + [faction.casefold(), ident]
    typed = query.split()
    if all(any(w.startswith(t) for w in words) for t in typed):
        return 2
    return None


def delegates(
    app: UnitOfWork, ident: str, query: str = "", offset: int = 0, limit: int = 20
) -> dict[str, Any]:
    """The delegates of session `ident` fitting `query` (best first, then by number), a
    page of them from `offset`: each one's id, name, faction's name and presence; with
    the total that fit. NotFound for no such session; Invalid for a page out of bounds."""
    if not 1 <= limit <= PAGE_MAX:
        raise Invalid("limit", f"limit must be 1 to {PAGE_MAX}", field="limit")
    if offset < 0:
        raise Invalid("offset", "offset must be 0 or more", field="offset")
    if len(query) > QUERY_MAX:
        raise Invalid("q", f"q must be at most {QUERY_MAX} characters", field="q")
    typed = " ".join(query.casefold().split())
    with app.lock:
        state = app.state
        found = session_of(state, ident)
        fitting: list[tuple[int, tuple[str, int], dict[str, Any]]] = []
        for d in found.procedure.delegates:
            person = state.delegates.get(d.id)
            name = person.name if person is not None else d.id
            body = state.bodies.get(person.body) if person is not None else None
            faction = body.factions.get(d.faction) if body and d.faction else None
            faction_name = faction.name if faction is not None else (d.faction or "")
            rank = _rank(typed, d.id, name, faction_name)
            if rank is None:
                continue
            shown = {"id": d.id, "name": name, "faction": faction_name, "present": d.present}
            fitting.append((rank, _natural(d.id), shown))
    fitting.sort(key=lambda f: (f[0], f[1]))
    page = [shown for _, _, shown in fitting[offset : offset + limit]]
    return {"delegates": page, "total": len(fitting), "offset": offset, "limit": limit}
