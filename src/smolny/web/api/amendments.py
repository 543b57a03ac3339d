"""Amendments as changes to the text, and the names a console completes, in the API.

`POST /api/v1/sessions/{id}/amendments/preview`: the text of a pending question as an
amendment would change it (nothing recorded): the text, the text as amended, the segments
kept, struck and inserted, and the amendment in words; a place not in the text is refused
(409, rule `amendment-place`) naming it. The same change moves an amendment through
`POST /api/v1/sessions/{id}/acts` (`{"act": "move", "motion": "amend", "change": {...}}`).

`GET /api/v1/sessions/{id}/delegates?q=`: the delegates of a sitting fitting what is typed,
best first, paged.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query
from fastapi.concurrency import run_in_threadpool
from pydantic import Field

from smolny.service.permissions import require
from smolny.service.views import amendments, completion
from smolny.web.callers import App, Who
from smolny.web.schemas import ChangeIn

router = APIRouter(prefix="/api/v1")


class PreviewIn(ChangeIn):
    applies_to: str | None = Field(
        None, max_length=32, description="the question amended (default: the one pending)"
    )


@router.post(
    "/sessions/{ident}/amendments/preview",
    summary="The text of a pending question as an amendment would change it (nothing recorded)",
)
async def preview(
    ident: str, body: Annotated[PreviewIn, Body()], who: Who, app: App
) -> dict[str, Any]:
    require(who.role, "amendment.preview")
    return await run_in_threadpool(amendments.preview, app, ident, body.change(), body.applies_to)


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
