"""Documents as pages, one click from the screens that need them: the minutes of a
sitting read in the page (with its PDF and Markdown beside it), and the published box of
a poll in words, where a delegate finds their secret ballot by the receipt their phone
kept ("your ballot is in the box, counted as a vote for").

Both are public, as the record they are drawn from is: the minutes are the journal's, and
a box is published at the close for anyone to check.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from smolny.documents.minutes import build, status_lines
from smolny.domain.errors import NotFound
from smolny.service.views import polls, record
from smolny.web import i18n
from smolny.web.callers import App
from smolny.web.screens import common as screens
from smolny.web.screens.projector import WORDS

router = APIRouter(include_in_schema=False)
RECEIPT = re.compile(r"[0-9a-f]{64}")


@router.get("/box/{poll}", response_class=HTMLResponse)
async def published_box(
    poll: str,
    request: Request,
    app: App,
    receipt: Annotated[str | None, Query(max_length=100)] = None,
) -> HTMLResponse:
    """A poll's published box in words; with `receipt`, whether that ballot is in it and
    how it was counted."""
    try:
        box = await run_in_threadpool(polls.published_box, app, poll)
    except NotFound:
        said = i18n._("There is no poll %(ident)s.", ident=poll)
        return screens.render(request, "document_missing.html", {"said": said}, status=404)
    checked = None
    if receipt is not None:
        wanted = "".join(receipt.split()).lower()
        checked = (
            await run_in_threadpool(polls.ballot_by_receipt, app, poll, wanted)
            if RECEIPT.fullmatch(wanted)
            else {"receipt": receipt, "found": False, "answer": None}
        )
    return screens.render(request, "box.html", {"box": box, "checked": checked, **WORDS})


@router.get("/minutes/{session}", response_class=HTMLResponse)
async def minutes_page(session: str, request: Request, app: App) -> HTMLResponse:
    """The minutes of a sitting read in the page, in the reader's language, with the status
    of their approval, and the PDF and the Markdown one click away."""
    try:
        drawn = await run_in_threadpool(record.minutes, app, session)
    except NotFound:
        said = i18n._("There is no session %(ident)s.", ident=session)
        return screens.render(request, "document_missing.html", {"said": said}, status=404)
    lang = i18n.choose(request)
    doc = build(drawn, lang)
    doc.status = status_lines(drawn, lang)
    about = {"id": session, "body": drawn.body}
    return screens.render(request, "minutes_page.html", {"doc": doc, "session": about})
