"""A sitting's public page (`/sessions/{ident}`): what the record says of it, the same
facts `smolny verify --report --session ID` prints (`smolny.record.sittings`, read through
`service.views.sittings`): who presided, the walkouts with their declarations and the hall
after each, the quorum behind every decision taken after them, each joint body's own
quorum, the answer; and the journal to download and check it with.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, StreamingResponse

from smolny.service.views import sittings
from smolny.web.callers import App
from smolny.web.screens import common as screens
from smolny.web.screens.projector import WORDS

router = APIRouter(include_in_schema=False)


@router.get("/sessions/{ident}", response_class=HTMLResponse)
async def sitting_page(request: Request, ident: str, app: App) -> HTMLResponse:
    """One sitting as the record tells it, in its body's time."""
    found = await run_in_threadpool(sittings.sitting, app, ident)
    return screens.render(request, "sitting.html", {"s": found, "time_zone": found.zone, **WORDS})


@router.get("/record/journal.jsonl")
def journal_file(app: App) -> StreamingResponse:
    """The whole journal, one entry a line, as `smolny journal export` writes it: the
    file `smolny verify FILE.jsonl --report` checks and answers from."""
    return StreamingResponse(
        sittings.journal_download(app),
        media_type="application/x-ndjson",
        headers={"Content-Disposition": 'attachment; filename="journal.jsonl"'},
    )
