"""Server-rendered pages: the public view of the record as it happens."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, PlainTextResponse
from fastapi.templating import Jinja2Templates

from smolny.web import views
from smolny.web.api import App

templates = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))
router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, app: App) -> HTMLResponse:
    with app.lock:
        state = app.state
        bodies: list[dict[str, Any]] = []
        for body in state.bodies.values():
            summary = views.body_summary(state, body)
            summary["sessions_detail"] = [
                views.session_detail(state, state.sessions[s]) for s in body.sessions
            ]
            bodies.append(summary)
        seq, head = state.seq, state.head
    recent = [json.loads(line) for _, line in views.journal_lines(app, max(0, seq - 15), 15)]
    return templates.TemplateResponse(
        request,
        "overview.html",
        {"bodies": bodies, "seq": seq, "head": head, "recent": recent},
    )


@router.get("/problems/{rule}", response_class=PlainTextResponse)
def problem_type(rule: str) -> str:
    return (
        f"smolny problem type '{rule}': the request was refused by the check named '{rule}'. "
        "The problem document's 'detail' says what was wrong and 'field' where."
    )
