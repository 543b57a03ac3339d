"""Amendments as changes to the text, and the names a console completes, in the API.

`POST /api/v1/sessions/{id}/amendments/preview`: the text of a pending question as an
amendment would change it (nothing recorded): the text, the text as amended, the segments
kept, struck and inserted, and the amendment in words; a place not in the text is refused
(409, rule `amendment-place`) naming it. The same change moves an amendment through
`POST /api/v1/sessions/{id}/acts` (`{"act": "move", "motion": "amend", "operation": ...}`).

`GET /api/v1/sessions/{id}/delegates?q=`: the delegates of a sitting fitting what is typed,
best first, paged.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query
from fastapi.concurrency import run_in_threadpool
from pydantic import Field

from smolny import procedure
from smolny.domain.errors import Invalid
from smolny.service.permissions import require
from smolny.service.views import amendments, completion
from smolny.web.api.core import Strict
from smolny.web.callers import App, Who

router = APIRouter(prefix="/api/v1")

Words = Annotated[str, Field(max_length=100_000)]
Operation = Literal["insert", "strike", "strike-insert", "substitute"]


class Place(Strict):
    """Where an amendment acts, and what it does there (see docs/record-format.md)."""

    operation: Operation = Field(description="insert, strike, strike-insert or substitute")
    text: Words = Field("", description="the words inserted (none for a strike)")
    strike: Words | None = Field(None, description="strike, strike-insert: the words struck")
    after: Words | None = Field(None, description="insert: after these words")
    before: Words | None = Field(None, description="insert: before these words")
    occurrence: int = Field(1, ge=1, le=100_000, description="which time the words occur")
    words: list[int] | None = Field(
        None,
        min_length=2,
        max_length=2,
        description="the place by word offsets [from, to) instead (an insert: from = to)",
    )


class PreviewIn(Place):
    applies_to: str | None = Field(
        None, max_length=32, description="the question amended (default: the one pending)"
    )


def change_of(place: Place) -> procedure.Change:
    """The engine's change for an amendment's place as the API gives it."""
    if place.after is not None and place.before is not None:
        raise Invalid("place", "insert after some words or before some, not both", field="after")
    span = (place.words[0], place.words[1]) if place.words is not None else None
    return procedure.Change(
        place.operation,
        place.text,
        strike=place.strike,
        after=place.after,
        before=place.before,
        occurrence=place.occurrence,
        span=span,
    )


@router.post(
    "/sessions/{ident}/amendments/preview",
    summary="The text of a pending question as an amendment would change it (nothing recorded)",
)
async def preview(
    ident: str, body: Annotated[PreviewIn, Body()], who: Who, app: App
) -> dict[str, Any]:
    require(who.role, "amendment.preview")
    return await run_in_threadpool(amendments.preview, app, ident, change_of(body), body.applies_to)


@router.get(
    "/sessions/{ident}/delegates",
    summary="The delegates of a sitting whose name, id or faction begins as typed, paged",
)
async def delegates(
    ident: str,
    app: App,
    q: Annotated[str, Query(max_length=completion.QUERY_MAX)] = "",
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=completion.PAGE_MAX)] = 20,
) -> dict[str, Any]:
    return await run_in_threadpool(completion.delegates, app, ident, q, offset, limit)
