"""A congress's papers at its sitting over HTTP (docs/papers.md, "At the sitting"): the
agenda from the admitted papers, a paper moved in its own words, motions taken together and
objections to them; and the report back to a council of how its delegates voted in each
named vote on a paper, and who departed from its instructions (public, as named votes and
instructions are)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import Field
from starlette.status import HTTP_201_CREATED

from smolny.domain import commands as c
from smolny.record import kinds as k
from smolny.service.permissions import require
from smolny.service.views import sitting_papers
from smolny.web.api.core import _entries
from smolny.web.callers import App, Who
from smolny.web.schemas import Strict

router = APIRouter(prefix="/api/v1")

Number = Field(max_length=16)


class AgendaPapersIn(Strict):
    papers: list[Annotated[str, Number]] = Field(default_factory=list, max_length=100)


class PaperMotionIn(Strict):
    paper: str = Number
    mover: str = Field(max_length=63)


class EnBlocIn(Strict):
    papers: list[Annotated[str, Number]] = Field(min_length=2, max_length=100)
    mover: str = Field(max_length=63)


class ObjectionIn(Strict):
    paper: str = Number
    objector: str | None = Field(None, max_length=63)


def _put(entries: list[Any]) -> dict[str, Any]:
    put = next(e for e in entries if e.kind == k.PAPER_PUT)
    return {
        "question": put.data["question"],
        "papers": put.data["papers"],
        "entries": _entries(entries),
    }


@router.post(
    "/sessions/{ident}/agenda/papers",
    summary="Add the congress's admitted motions and composites to the draft agenda",
)
def agenda_from_papers(ident: str, body: AgendaPapersIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "agenda.draft")
    entries = app.execute(c.AgendaFromPapers(ident, tuple(body.papers)), by=who)
    return {"items": entries[0].data["items"], "entries": _entries(entries)}


@router.post(
    "/sessions/{ident}/papers",
    status_code=HTTP_201_CREATED,
    summary="Move a paper as a main motion, in its own words",
)
def move_paper(ident: str, body: PaperMotionIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "motion.move")
    return _put(app.execute(c.MovePaperMotion(ident, body.paper, body.mover), by=who))


@router.post(
    "/sessions/{ident}/en-bloc",
    status_code=HTTP_201_CREATED,
    summary="Put motions the committee supports to one vote, where the rulebook allows it",
)
def en_bloc(ident: str, body: EnBlocIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "motion.move")
    return _put(app.execute(c.MoveEnBloc(ident, tuple(body.papers), body.mover), by=who))


@router.post(
    "/sessions/{ident}/en-bloc/{question}/objections",
    summary="Object to a motion being taken together with others",
)
def object_en_bloc(
    ident: str, question: str, body: ObjectionIn, who: Who, app: App
) -> dict[str, Any]:
    require(who.role, "papers.object")
    objector = body.objector or (who.id if who.role == "delegate" else "")
    entries = app.execute(c.ObjectEnBloc(ident, question, body.paper, objector), by=who)
    return {"entries": _entries(entries)}


@router.get(
    "/councils/{slug}/report",
    summary="How a council's delegates voted in named votes on papers, and who departed",
)
def council_report(
    slug: str, app: App, poll: Annotated[str | None, Query(max_length=63)] = None
) -> dict[str, Any]:
    return sitting_papers.council_report(app, slug, poll)
