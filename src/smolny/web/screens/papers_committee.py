"""The congress's papers for its secretariat and its standing orders committee
(`/papers/{congress}`, issue 19): the deadlines (set here), every paper with its number,
title, council, state and recommendation, the moves the workflow offers from its state in
the roles the viewer may act in (a reason asked where the workflow wants one), the
committee's recommendation, amendments shown as changes to the text, and composites:
admitted motions chosen, proposed, their movers' consents seen, made.

A move made from a council's page (as the mover) comes here too. Each answer is said in the
paper's (or the form's) own answer slot, focused and announced (`screens.papers`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from smolny.domain import commands as c
from smolny.domain.errors import Invalid, Refusal
from smolny.service.permissions import ROLE_ACTS
from smolny.service.views import paper_desk
from smolny.web.i18n import _
from smolny.web.screens import common as screens
from smolny.web.screens.papers import (
    act,
    answer,
    congress_context,
    field,
    in_language,
    page_refused,
    paragraphs,
    redraw,
    service,
    viewer,
    words_for,
)

router = APIRouter(include_in_schema=False)


@router.get("/papers/{congress}", response_class=HTMLResponse, response_model=None)
async def congress_page(request: Request, congress: str) -> Response:
    try:
        who = await viewer(request)
        council = paper_desk.account_council(service(request), who.id)
        if council is not None:  # a council's account: its own council's page
            address = f"/papers/{quote(congress)}/councils/{quote(council)}"
            return RedirectResponse(address, status_code=303)
        with in_language(request):
            context = congress_context(request, who, congress)
    except Refusal as exc:
        return page_refused(request, exc)
    response = screens.render(request, "papers_congress.html", context)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/papers/{congress}/list", response_class=HTMLResponse)
async def papers_part(request: Request, congress: str) -> HTMLResponse:
    """The papers, as the page's live part redraws them."""
    try:
        who = await viewer(request)
        with in_language(request):
            context = congress_context(request, who, congress)
    except Refusal as exc:
        return page_refused(request, exc)
    return screens.render(request, "_papers_congress_list.html", context)


def _moment(form: FormData, name: str) -> str | None:
    """A time from a `datetime-local` field, read in UTC, as ISO 8601 with its zone."""
    value = field(form, name)
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise Invalid("time-format", _("Give the date and the time."), field=name) from None
    return moment.replace(tzinfo=moment.tzinfo or dt.UTC).isoformat().replace("+00:00", "Z")


@router.post("/papers/{congress}/deadlines", response_class=HTMLResponse)
async def set_deadlines(request: Request, congress: str) -> HTMLResponse:
    slot = "deadlines-answer"

    def build(form: FormData) -> c.Command:
        motions = _moment(form, "motions")
        if motions is None:
            raise Invalid("motions", _("Give the deadline for motions."), field="motions")
        return c.SetDeadlines(congress, motions, _moment(form, "amendments"))

    def then(entries: list[Any]) -> HTMLResponse:
        return answer(request, slot, _("The deadlines are set."), reload=True)

    return await act(request, slot, "papers.secretariat", build, then)


def _role(form: FormData) -> str | tuple[str, ...]:
    """The act the move's role needs (an unknown role: any of them, and the domain names
    the roles)."""
    role = field(form, "role")
    return ROLE_ACTS[role] if role in ROLE_ACTS else tuple(ROLE_ACTS.values())


@router.post("/papers/{congress}/papers/{number}/moves", response_class=HTMLResponse)
async def move(request: Request, congress: str, number: str) -> HTMLResponse:
    slot = f"answer-{number}"
    seen: dict[str, str] = {}

    def build(form: FormData) -> c.Command:
        seen["council"] = field(form, "council")
        to, role, reason = field(form, "to"), field(form, "role"), field(form, "reason")
        return c.MovePaper(congress, number, to, role, reason)

    def then(entries: list[Any]) -> HTMLResponse:
        end = entries[0].data["to"]
        name = paper_desk.state_name(service(request), congress, end)
        words = words_for()["STATES"].get(name, name)
        message = _("%(number)s is now: %(state)s.", number=number, state=words)
        return redraw(request, congress, seen["council"], slot, message)

    return await act(request, slot, _role, build, then)


@router.post("/papers/{congress}/papers/{number}/recommendation", response_class=HTMLResponse)
async def recommend(request: Request, congress: str, number: str) -> HTMLResponse:
    slot = f"answer-{number}"

    def build(form: FormData) -> c.Command:
        return c.Recommend(congress, number, field(form, "stance"), field(form, "reason"))

    def then(entries: list[Any]) -> HTMLResponse:
        stance = entries[0].data["stance"]
        words = words_for()["STANCES"].get(stance, stance)
        message = _("The committee recommends %(number)s: %(stance)s.", number=number, stance=words)
        return redraw(request, congress, "", slot, message)

    return await act(request, slot, "papers.committee", build, then)


@router.post("/papers/{congress}/composites", response_class=HTMLResponse)
async def propose(request: Request, congress: str) -> HTMLResponse:
    slot = "composite-answer"

    def build(form: FormData) -> c.Command:
        motions = tuple(str(m) for m in form.getlist("motions"))
        return c.ProposeComposite(
            congress, motions, field(form, "title"), paragraphs(form, "paragraphs")
        )

    def then(entries: list[Any]) -> HTMLResponse:
        data = entries[0].data
        message = _(
            "Composite %(number)s of %(motions)s is proposed: it waits for the movers' consent.",
            number=data["paper"],
            motions=", ".join(data["motions"]),
        )
        return redraw(request, congress, "", slot, message)

    return await act(request, slot, "papers.committee", build, then)


@router.post("/papers/{congress}/composites/{number}/make", response_class=HTMLResponse)
async def make(request: Request, congress: str, number: str) -> HTMLResponse:
    slot = f"answer-{number}"

    def then(entries: list[Any]) -> HTMLResponse:
        data = entries[0].data
        message = _(
            "Composite %(number)s is made: it takes the place of %(motions)s.",
            number=number,
            motions=", ".join(data["motions"]),
        )
        return redraw(request, congress, "", slot, message)

    return await act(
        request, slot, "papers.committee", lambda form: c.MakeComposite(congress, number), then
    )
