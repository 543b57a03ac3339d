"""The roll of a body as the secretariat works through it: its delegates searched (by name,
faction, sending body, status) and paged, each row with what the secretariat edits.

A body of 10,000 delegates is read a page at a time: the filter runs over the body's
delegates under the lock (no copies of the whole roll leave it), and only the page's rows
are built.
"""

from __future__ import annotations

from typing import Any

from smolny.domain.decide import body_of
from smolny.domain.state import Body, Delegate
from smolny.service.unit_of_work import UnitOfWork

PER_PAGE = 50
MAX_PER_PAGE = 500
# the statuses a delegate may be filtered by, beyond their mandate's (seated, pending...)
VOTE_STATUSES = ("voting", "consultative", "coded", "uncoded")


def _matches(
    d: Delegate, words: list[str], faction: str, sent_by: str, status: str, coded: set[str]
) -> bool:
    if words:
        haystack = f"{d.name} {d.id} {d.sent_by or ''}".casefold()
        if not all(w in haystack for w in words):
            return False
    if faction and (d.faction or "-") != faction:
        return False
    if sent_by and (d.sent_by or "").casefold() != sent_by.casefold():
        return False
    if status == "voting":
        return d.voting
    if status == "consultative":
        return not d.voting
    if status == "coded":
        return d.id in coded
    if status == "uncoded":
        return d.id not in coded
    return not status or d.status == status


def delegates_page(
    app: UnitOfWork,
    slug: str,
    coded: set[str],
    *,
    query: str = "",
    faction: str = "",
    sent_by: str = "",
    status: str = "",
    page: int = 1,
    per_page: int = PER_PAGE,
) -> dict[str, Any]:
    """One page of a body's delegates that match: `query` (words of the name, id or sending
    body), `faction` (a slug, or "-" for none), `sent_by`, `status` (a mandate's status, or
    one of `VOTE_STATUSES`); with the counts, the page's bounds and what the filters offer.
    NotFound if there is no body `slug`."""
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    words = query.casefold().split()
    sent_by = sent_by.strip()
    with app.lock:
        found = body_of(app.state, slug)
        matching = [
            d
            for d in found.delegates.values()
            if _matches(d, words, faction, sent_by, status, coded)
        ]
        pages = max(1, -(-len(matching) // per_page))
        page = max(1, min(page, pages))
        start = (page - 1) * per_page
        rows = [_row(found, d, coded) for d in matching[start : start + per_page]]
        return {
            "slug": found.slug,
            "name": found.name,
            "rows": rows,
            "total": len(found.delegates),
            "matching": len(matching),
            "page": page,
            "pages": pages,
            "per_page": per_page,
            "first": start + 1 if rows else 0,
            "last": start + len(rows),
            "factions": [{"slug": f.slug, "name": f.name} for f in found.factions.values()],
            "sending": sorted({d.sent_by for d in found.delegates.values() if d.sent_by}),
            "statuses": sorted({d.status for d in found.delegates.values()}),
            "filters": {
                "q": query,
                "faction": faction,
                "sent_by": sent_by,
                "status": status,
            },
            "open_sitting": any(app.state.sessions[s].state == "open" for s in found.sessions),
        }


def _row(found: Body, d: Delegate, coded: set[str]) -> dict[str, Any]:
    return {
        "id": d.id,
        "name": d.name,
        "faction": d.faction,
        "faction_name": found.factions[d.faction].name
        if d.faction in found.factions
        else d.faction,
        "voting": d.voting,
        "weight": d.weight,
        "sent_by": d.sent_by,
        "status": d.status,
        "coded": d.id in coded,
    }


def delegate(app: UnitOfWork, slug: str, ident: str, coded: set[str]) -> dict[str, Any] | None:
    """One delegate of body `slug` as a row of the roll (None if not of that body)."""
    with app.lock:
        found = body_of(app.state, slug)
        d = found.delegates.get(ident)
        return _row(found, d, coded) if d is not None else None
