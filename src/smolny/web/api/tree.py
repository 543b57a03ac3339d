"""The tree of bodies over HTTP: membership, convening a congress, factions' members and
declarations, the presidium's chair and rota, and access-code slips as a PDF."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request, Response
from pydantic import Field
from starlette.status import HTTP_201_CREATED

from smolny.domain import commands as c
from smolny.service.permissions import require
from smolny.service.views import bodies
from smolny.web.api.core import _entries
from smolny.web.callers import App, Who
from smolny.web.schemas import Strict
from smolny.web.slips import slips_download

router = APIRouter(prefix="/api/v1")


class MembershipIn(Strict):
    members: int


class ConveneIn(Strict):
    councils: list[str] = Field(min_length=1, max_length=10_000)
    rule: Literal["fixed", "per-members", "apportioned"]
    number: int | None = None
    seats: int | None = None
    method: Literal[
        "dhondt", "sainte-lague", "modified-sainte-lague", "huntington-hill", "hare", "droop"
    ] = "hare"
    lot: list[str] | None = Field(None, max_length=10_000)


class FactionMembershipIn(Strict):
    faction: str | None = Field(max_length=63)  # None: the delegate leaves their faction


class DeclarationIn(Strict):
    faction: str = Field(max_length=63)
    text: str
    by: str = Field(max_length=32)


class ChairIn(Strict):
    chairs: list[str] = Field(min_length=1, max_length=100)
    rota: Literal["fixed", "per-session", "per-item"] = "fixed"


class SlipsIn(Strict):
    delegates: list[str] | None = Field(None, max_length=20_000)
    base_url: str | None = Field(None, max_length=500)


@router.post("/bodies/{slug}/membership", summary="Set a council's (or section's) membership")
def set_membership(slug: str, body: MembershipIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "body.membership")
    entries = app.execute(c.SetMembership(slug, body.members), by=who)
    return {"members": body.members, "entries": _entries(entries)}


@router.post(
    "/bodies/{slug}/convene",
    status_code=HTTP_201_CREATED,
    summary="Convene a congress from councils: each council's delegates by a rule",
)
def convene(slug: str, body: ConveneIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "congress.convene")
    command = c.ConveneCongress(
        slug,
        tuple(body.councils),
        body.rule,
        body.number,
        body.seats,
        body.method,
        tuple(body.lot) if body.lot is not None else None,
    )
    entries = app.execute(command, by=who)
    data = entries[0].data
    return {
        "allocation": {item["council"]: item["delegates"] for item in data["councils"]},
        "apportionment": data.get("apportionment"),
        "entries": _entries(entries),
    }


@router.post(
    "/bodies/{slug}/delegates/{delegate}/faction",
    summary="A delegate joins a faction (or, with faction null, leaves theirs)",
)
def faction_membership(
    slug: str, delegate: str, body: FactionMembershipIn, who: Who, app: App
) -> dict[str, Any]:
    require(who.role, "faction.membership")
    command: c.Command = (
        c.LeaveFaction(slug, delegate)
        if body.faction is None
        else c.JoinFaction(slug, delegate, body.faction)
    )
    entries = app.execute(command, by=who)
    return {"faction": body.faction, "entries": _entries(entries)}


@router.post(
    "/sessions/{ident}/declarations",
    status_code=HTTP_201_CREATED,
    summary="A declaration in a faction's name, by one of its delegates",
)
def declare(ident: str, body: DeclarationIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "faction.declare")
    entries = app.execute(c.Declare(ident, body.faction, body.text, body.by), by=who)
    return {"entries": _entries(entries)}


@router.post("/bodies/{slug}/chair", summary="Set the presidium's chair, or its rota of chairs")
def set_chair(slug: str, body: ChairIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "presidium.chair")
    entries = app.execute(c.SetChair(slug, tuple(body.chairs), body.rota), by=who)
    return {"chair": bodies.chair(app, slug), "entries": _entries(entries)}


@router.post(
    "/bodies/{slug}/access-slips",
    summary="Issue new access codes and return their slips as a PDF (the codes' only copy)",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "The slips"}},
)
async def access_slips(slug: str, body: SlipsIn, request: Request, who: Who, app: App) -> Response:
    require(who.role, "access-codes.issue")
    base = body.base_url or str(request.base_url).rstrip("/")
    return await slips_download(app, slug, body.delegates, base, who)
