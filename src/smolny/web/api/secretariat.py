"""The secretariat's acts over HTTP: a body's roll searched and paged, delegates corrected
(one or many in one act), a sitting's agenda drafted and adopted as its rulebook says. The
agenda's items are taken up by the act `take-up-item` (`POST /api/v1/sessions/{ident}/acts`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from pydantic import Field

from smolny.domain import commands as c
from smolny.record import kinds as k
from smolny.service.permissions import require
from smolny.service.views import roll
from smolny.web.api.core import Strict, _entries
from smolny.web.callers import App, Who

router = APIRouter(prefix="/api/v1")


class DelegateChangeIn(Strict):
    delegate: str = Field(max_length=32)
    name: str | None = Field(None, max_length=200)
    # a faction's short name; null takes the delegate out of any faction; left out: unchanged
    faction: str | None = Field(None, max_length=63)
    voting: bool | None = None
    weight: int | None = None


class AmendDelegatesIn(Strict):
    changes: list[DelegateChangeIn] = Field(min_length=1, max_length=10_000)


class AgendaItemIn(Strict):
    title: str = Field(max_length=200)
    reporter: str | None = Field(None, max_length=200)
    starts: str | None = Field(None, max_length=5, description="a time of day, HH:MM")
    minutes: int | None = None
    item: str | None = Field(None, max_length=32, description="kept from the draft before")
    order_of_the_day: bool = False


class DraftAgendaIn(Strict):
    items: list[AgendaItemIn] = Field(min_length=1, max_length=200)


class AdoptAgendaIn(Strict):
    mover: str | None = Field(None, max_length=32, description="under adoption by a vote")


@router.get("/bodies/{slug}/roll", summary="A body's delegates, searched and paged")
def body_roll(
    slug: str,
    app: App,
    q: str = Query("", max_length=200),
    faction: str = Query("", max_length=63),
    sent_by: str = Query("", max_length=200),
    status: str = Query("", max_length=32),
    page: int = Query(1, ge=1, le=1_000_000),
    per_page: int = Query(roll.PER_PAGE, ge=1, le=roll.MAX_PER_PAGE),
) -> dict[str, Any]:
    found = roll.delegates_page(
        app,
        slug,
        set(),
        query=q,
        faction=faction,
        sent_by=sent_by,
        status=status,
        page=page,
        per_page=per_page,
    )
    for row in found["rows"]:
        row.pop("coded")  # who holds an access code is the secretariat's, not the record's
    return found


@router.post(
    "/bodies/{slug}/delegates/amend",
    summary="Correct delegates: name, faction, vote or voice, weight; one or many in one act",
)
def amend_delegates(slug: str, body: AmendDelegatesIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "delegates.amend")
    changes = tuple(
        c.DelegateChange(
            ch.delegate,
            name=ch.name,
            faction=ch.faction,
            no_faction="faction" in ch.model_fields_set and ch.faction is None,
            voting=ch.voting,
            weight=ch.weight,
        )
        for ch in body.changes
    )
    entries = app.execute(c.AmendDelegates(slug, changes), by=who)
    return {"delegates": entries[0].data["delegates"], "entries": _entries(entries)}


@router.post("/sessions/{ident}/agenda", summary="Draft a sitting's agenda (before adoption)")
def draft_agenda(ident: str, body: DraftAgendaIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "agenda.draft")
    items = tuple(
        c.AgendaDraftItem(i.title, i.reporter, i.starts, i.minutes, i.item, i.order_of_the_day)
        for i in body.items
    )
    entries = app.execute(c.DraftAgenda(ident, items), by=who)
    return {"items": entries[0].data["items"], "entries": _entries(entries)}


@router.post(
    "/sessions/{ident}/agenda/adopt",
    summary="Adopt the draft agenda as the rulebook says: by the chair's declaration, or a "
    "motion moved by `mover` and put to the body",
)
def adopt_agenda(ident: str, body: AdoptAgendaIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "agenda.adopt")
    entries = app.execute(c.AdoptAgenda(ident, mover=body.mover), by=who)
    adopted = any(e.kind == k.AGENDA_ADOPTED for e in entries)
    motion = next((e.data["question"] for e in entries if e.kind == k.MOTION_MOVED), None)
    return {"adopted": adopted, "motion": motion, "entries": _entries(entries)}
