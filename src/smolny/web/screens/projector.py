"""The projector: what the hall reads from the back, for the session sitting now.

`GET /projector` follows whichever session is sitting (or offers the sessions to
choose from); `GET /projector/sessions/{id}` shows one. The screen is one fragment
(`.../screen`) that refreshes itself whenever the journal grows; a poll's progress
is updated in place from the stream's progress events. A secret poll shows how many
have voted, never who voted how (nothing here reads a box).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from smolny.i18n import words
from smolny.service.views import bodies, hall
from smolny.web.callers import App
from smolny.web.screens import common as screens

router = APIRouter(include_in_schema=False)


def _now() -> str:
    return datetime.now(UTC).isoformat()


async def _screen(request: Request, app: App, ident: str | None, name: str) -> HTMLResponse:
    view = await run_in_threadpool(hall.projector, app, app.ballots, ident, _now())
    if view.pop("missing"):
        return screens.render(
            request, "projector_missing.html", {"ident": ident, "seq": view["seq"]}, status=404
        )
    zone = bodies.time_zone(app, session=ident) if ident is not None else {}
    return screens.render(request, name, {**view, **WORDS, **zone})


@router.get("/projector", response_class=HTMLResponse)
async def projector(request: Request, app: App) -> HTMLResponse:
    """The session sitting now, followed from one session to the next; else a chooser."""
    return await _screen(request, app, None, "projector.html")


@router.get("/projector/screen", response_class=HTMLResponse)
async def projector_screen(request: Request, app: App) -> HTMLResponse:
    return await _screen(request, app, None, "projector_screen.html")


@router.get("/projector/sessions/{ident}", response_class=HTMLResponse)
async def projector_session(ident: str, request: Request, app: App) -> HTMLResponse:
    """One session on the projector."""
    return await _screen(request, app, ident, "projector.html")


@router.get("/projector/sessions/{ident}/screen", response_class=HTMLResponse)
async def projector_session_screen(ident: str, request: Request, app: App) -> HTMLResponse:
    return await _screen(request, app, ident, "projector_screen.html")


def threshold_text(threshold: str | None) -> str:
    """A threshold in words, in the current language (`smolny.i18n.words`)."""
    return words.threshold(threshold)


def method_text(method: str | None) -> str:
    """How a poll was taken, in words."""
    return words.voting_method(method)


def answer_text(answer: str) -> str:
    """A yes/no/abstain answer in words (an option's name as it is)."""
    return words.answer(answer)


def stage_text(stage: dict[str, Any]) -> str:
    """What a stage of a count did, in words."""
    return words.stage(str(stage.get("action")))


WORDS: dict[str, Any] = {
    "threshold_text": threshold_text,
    "method_text": method_text,
    "answer_text": answer_text,
    "stage_text": stage_text,
}
