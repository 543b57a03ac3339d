"""Mandates over HTTP: issue, check credentials, contest, recall, list; import and export.

Issuing, credentials and recalls are the secretariat's (admin, secretary); a contest is
moved by a delegate of the body in their own name, or entered by staff.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import Field
from starlette.status import HTTP_201_CREATED

from smolny.domain import commands as c
from smolny.domain.errors import Forbidden
from smolny.record import kinds as k
from smolny.service.files import MEDIA_TYPES, delegates_file
from smolny.service.permissions import require
from smolny.service.views import bodies
from smolny.web.api.core import ROSTER_BODY, _entries, roster_table
from smolny.web.callers import App, Who
from smolny.web.schemas import Strict

router = APIRouter(prefix="/api/v1")


class MandateIn(Strict):
    sending: str = Field(max_length=63)
    to: str = Field(max_length=63)
    name: str = Field(max_length=200)
    faction: str | None = Field(None, max_length=63)
    voting: bool = True
    weight: int = 1
    term_until: str | None = Field(None, max_length=40)
    substitutes: list[str] = Field(default_factory=list, max_length=100)


class CredentialsIn(Strict):
    accepted: bool
    reason: str = ""
    committee: str | None = Field(None, max_length=63)


class ContestIn(Strict):
    by: str = Field(max_length=32)
    grounds: str


class RecallIn(Strict):
    sending: str = Field(max_length=63)
    reason: str


@router.post("/mandates", status_code=HTTP_201_CREATED, summary="A sending body issues a mandate")
def issue_mandate(body: MandateIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "mandate.issue")
    command = c.IssueMandate(
        body.sending,
        body.to,
        body.name,
        body.faction,
        body.voting,
        body.weight,
        body.term_until,
        tuple(body.substitutes),
    )
    entries = app.execute(command, by=who)
    data = entries[0].data
    return {
        "mandate": data["mandate"],
        "delegate": data["delegate"],
        "substitutes": [s["delegate"] for s in data["substitutes"]],
        "entries": _entries(entries),
    }


@router.get("/mandates", summary="The mandates, all or to one body (?body=)")
def list_mandates(app: App, body: str | None = None) -> list[dict[str, Any]]:
    return list(bodies.mandates(app, body))  # type: ignore[arg-type]


@router.get("/mandates/{ident}", summary="A mandate")
def get_mandate(ident: str, app: App) -> dict[str, Any]:
    return dict(bodies.mandate(app, ident))


@router.post("/mandates/{ident}/credentials", summary="Accept or reject a mandate's credentials")
def check_credentials(ident: str, body: CredentialsIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "mandate.credentials")
    to = bodies.mandate_refs(app, ident)["body"]
    # a delegate of the credentials committee checks for it (`Smolny.execute` names it)
    command = c.CheckCredentials(to, ident, body.accepted, body.reason, body.committee)
    entries = app.execute(command, by=who)
    return {"status": "accepted" if body.accepted else "rejected", "entries": _entries(entries)}


@router.post("/mandates/{ident}/contest", summary="Contest a mandate: the body decides on it")
def contest_mandate(ident: str, body: ContestIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "mandate.contest")
    refs = bodies.mandate_refs(app, ident)
    to, holder = refs["body"], refs["delegate"]
    if who.role == "delegate" and who.id != body.by:
        raise Forbidden(
            "contest-in-own-name",
            f"{who.id} may contest a mandate in their own name, not {body.by}",
        )
    entries = app.execute(c.ContestMandate(to, holder, body.by, body.grounds), by=who)
    contested = entries[0].data
    return {
        "motion": contested["motion"],
        "session": contested["session"],
        "entries": _entries(entries),
    }


@router.post("/mandates/{ident}/recall", summary="The sending body recalls its delegate")
def recall_delegate(ident: str, body: RecallIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "mandate.recall")
    holder = bodies.mandate_refs(app, ident)["delegate"]
    entries = app.execute(c.RecallDelegate(body.sending, holder, body.reason), by=who)
    taken = [e.data["delegate"] for e in entries if e.kind == k.MANDATE_TAKEN_UP]
    return {
        "recalled": holder,
        "taken_up_by": taken[0] if taken else None,
        "entries": _entries(entries),
    }


@router.post(
    "/mandates/import",
    status_code=HTTP_201_CREATED,
    summary="Import mandates from a CSV or XLSX file sent as the request body",
    openapi_extra=ROSTER_BODY,
)
async def import_mandates(request: Request, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "mandate.issue")
    table = await roster_table(request, "mandates")
    command = c.ImportMandates(tuple(table.header), tuple(table.rows))
    entries = await run_in_threadpool(app.execute, command, who)
    return {
        "mandates": [e.data["mandate"] for e in entries if e.kind == k.MANDATE_ISSUED],
        "delegates": [
            d["delegate"]
            for e in entries
            if e.kind == k.DELEGATES_REGISTERED
            for d in e.data["delegates"]
        ]
        + [e.data["delegate"] for e in entries if e.kind == k.MANDATE_ISSUED],
        "entries": _entries(entries),
    }


def export_delegates(app: App, slug: str, fmt: Literal["csv", "xlsx"]) -> Response:
    """The body's delegates as a file the mandates import reads back."""
    data, _ = delegates_file(app, slug, fmt)
    return Response(
        data,
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{slug}-delegates.{fmt}"'},
    )


class CsvFile(Response):
    """A CSV file (documented as such: its answer is no JSON)."""

    media_type = "text/csv"


class XlsxFile(Response):
    """An XLSX workbook (documented as such)."""

    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get(
    "/bodies/{slug}/delegates.csv",
    summary="A body's delegates and mandates as CSV",
    response_class=CsvFile,
    responses={200: {"description": "The delegates, a CSV file (UTF-8)"}},
)
def delegates_csv(slug: str, app: App) -> Response:
    return export_delegates(app, slug, "csv")


@router.get(
    "/bodies/{slug}/delegates.xlsx",
    summary="A body's delegates and mandates as XLSX",
    response_class=XlsxFile,
    responses={
        200: {
            "description": "The delegates, an XLSX workbook",
            "content": {XlsxFile.media_type: {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
def delegates_xlsx(slug: str, app: App) -> Response:
    return export_delegates(app, slug, "xlsx")
