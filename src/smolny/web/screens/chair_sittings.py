"""Sittings opened or called from the chair's list of sessions (`GET /chair`), so that a
body with no sitting open (or none at all) can be brought to order from there: a sitting
of the chosen body opened now (`OpenSession`), or called for a day and time
(`ScheduleSession`) and opened when it comes (`OpenSession(scheduled=...)`).

An opening answers with `HX-Redirect` to the new sitting's console; a call with the
answer beside the form and the list of called sittings redrawn. A refusal is shown beside
the form (its answer slot), focused and announced, nothing recorded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from smolny.domain import commands as c
from smolny.domain.errors import Invalid, Refusal
from smolny.service.app import Principal, Smolny
from smolny.service.permissions import PERMISSIONS
from smolny.service.views import bodies, hall
from smolny.web import i18n
from smolny.web.i18n import _
from smolny.web.screens import common as screens
from smolny.web.screens import secretary as sec

router = APIRouter(include_in_schema=False)


def context(request: Request, who: Principal) -> dict[str, Any]:
    """What the list of sessions adds: the bodies to open a sitting of, the sittings called
    and not yet opened (each time in its body's zone, in the page's language), and whether
    the viewer may open one."""
    app: Smolny = request.app.state.smolny
    called = hall.scheduled(app)
    with i18n.active(i18n.choose(request)):
        for s in called:
            zone = bodies.time_zone(app, s["body"]).get("time_zone")
            s["when_text"] = i18n.when(s["when"], "long", zone) if s["when"] else ""
    return {
        "bodies": sorted(bodies.names(app).items(), key=lambda b: b[1].casefold()),
        "scheduled": called,
        "may_open": who.role in PERMISSIONS["session.open"],
    }


def _scheduled_for(app: Smolny, slug: str, form: FormData) -> str:
    """The day and time typed (a `datetime-local` field: no zone), in the body's own time
    zone (UTC when it has none), as the ISO 8601 time `ScheduleSession` takes."""
    typed = sec.field(form, "scheduled_for")
    if not typed:
        raise Invalid(
            "required",
            _("Give the day and time the sitting is called for."),
            field="scheduled_for",
        )
    try:
        moment = dt.datetime.fromisoformat(typed)
    except ValueError:
        raise Invalid(
            "time-format", _("The day and time are not a date and time."), field="scheduled_for"
        ) from None
    if moment.tzinfo is None:
        zone = bodies.time_zone(app, slug).get("time_zone") or dt.UTC
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _body(app: Smolny, form: FormData) -> str:
    slug = sec.field(form, "body")
    if not slug:
        raise Invalid("body", _("Choose the body that sits."), field="body")
    bodies.name(app, slug)  # NotFound, in words, if there is no such body
    return slug


@router.post("/chair/sessions", response_class=HTMLResponse)
async def open_or_call(request: Request) -> HTMLResponse:
    """A sitting of the chosen body opened now (the browser goes to its console), or
    called for the day and time given."""
    who = await screens.login_required(request)
    app: Smolny = request.app.state.smolny
    try:
        screens.check_page_act(request)
        sec.allowed(who, "session.open")
        form = await sec.read_form(request)
        slug = _body(app, form)
        title = sec.field(form, "title")
        if sec.field(form, "when") == "later":
            command: c.Command = c.ScheduleSession(slug, title, _scheduled_for(app, slug, form))
        else:
            command = c.OpenSession(slug, title)
        entries = await run_in_threadpool(app.execute, command, who)
    except Refusal as exc:
        return sec.in_place(request, exc)
    data = entries[0].data
    if isinstance(command, c.OpenSession):
        return _to_console(request, data["session"])
    return screens.render(request, "_chair_called.html", {"called": data, **context(request, who)})


@router.post("/chair/scheduled/{ident}/open", response_class=HTMLResponse)
async def open_called(request: Request, ident: str) -> HTMLResponse:
    """A sitting called earlier, opened now under its own id: to its console."""
    who = await screens.login_required(request)
    app: Smolny = request.app.state.smolny
    try:
        screens.check_page_act(request)
        sec.allowed(who, "session.open")
        found = next((s for s in hall.scheduled(app) if s["id"] == ident), None)
        if found is None:
            raise Invalid("not-scheduled", _("No sitting %(id)s is called.", id=ident))
        command = c.OpenSession(found["body"], found["title"], scheduled=ident)
        await run_in_threadpool(app.execute, command, who)
    except Refusal as exc:
        response = sec.in_place(request, exc)
        response.headers["HX-Retarget"] = "global #scheduled-answer"
        return response
    return _to_console(request, ident)


def _to_console(request: Request, session: str) -> HTMLResponse:
    """The browser sent on to the console of the sitting just opened."""
    response = HTMLResponse("", status_code=200)
    response.headers["HX-Redirect"] = f"/chair/sessions/{session}"
    return response
