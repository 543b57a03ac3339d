"""A congress's papers over HTTP (issue 19): deadlines, motions and amendments from the
councils, moves in the workflow, the standing orders committee's recommendations and
composites, the councils' instructions to their delegates, and the papers as they stand.

An account attached to a council (`POST /accounts/{username}/council`) acts for that council
only; a move needs the act of the role it is made in (`permissions.ROLE_ACTS`).
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import Field
from starlette.status import HTTP_201_CREATED

from smolny.domain import commands as c
from smolny.service.permissions import ROLE_ACTS, require
from smolny.service.views import papers
from smolny.web.api.core import _entries
from smolny.web.callers import App, Who
from smolny.web.schemas import Strict

router = APIRouter(prefix="/api/v1")

Slug = Field(max_length=63)
Paragraphs = Field(min_length=1, max_length=200)
People = Field(min_length=1, max_length=50)


class AttachIn(Strict):
    council: str = Slug


class DeadlinesIn(Strict):
    motions: str = Field(max_length=40)
    amendments: str | None = Field(None, max_length=40)
    workflow: str = Field("union-congress", max_length=63)


class MotionIn(Strict):
    council: str = Slug
    title: str = Field(max_length=200)
    paragraphs: list[str] = Paragraphs
    movers: list[str] = People
    supporters: list[str] = Field(default_factory=list, max_length=100)
    emergency: bool = False


class AmendmentIn(Strict):
    council: str = Slug
    motion: str = Field(max_length=16)
    paragraph: int = Field(ge=0, le=10_000)
    change: Literal["replace", "delete", "insert-after"]
    text: str = ""
    movers: list[str] = People
    supporters: list[str] = Field(default_factory=list, max_length=100)


class MoveIn(Strict):
    to: str = Field(max_length=63)
    role: Literal["secretariat", "committee", "congress", "mover"]
    reason: str = ""


class RecommendationIn(Strict):
    stance: Literal["support", "oppose", "refer"]
    reason: str


class CompositeIn(Strict):
    motions: list[str] = Field(min_length=2, max_length=50)
    title: str = Field(max_length=200)
    paragraphs: list[str] = Paragraphs


class ConsentIn(Strict):
    motion: str = Field(max_length=16)


class InstructionIn(Strict):
    council: str = Slug
    instruction: Literal["for", "against", "free"]
    delegates: list[str] = Field(default_factory=list, max_length=1000)


def _paper(entries: list[Any]) -> dict[str, Any]:
    return {"paper": entries[0].data["paper"], "entries": _entries(entries)}


@router.post("/accounts/{username}/council", summary="A staff account works for a council")
def attach_account(username: str, body: AttachIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "account.attach")
    entries = app.execute(c.AttachAccount(username, body.council), by=who)
    return {"account": entries[0].data["account"], "entries": _entries(entries)}


@router.post("/congresses/{slug}/deadlines", summary="Set a congress's deadlines for papers")
def set_deadlines(slug: str, body: DeadlinesIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "papers.secretariat")
    command = c.SetDeadlines(slug, body.motions, body.amendments, body.workflow)
    return {"entries": _entries(app.execute(command, by=who))}


@router.get("/congresses/{slug}/papers", summary="A congress's papers, with their states")
def list_papers(slug: str, app: App) -> dict[str, Any]:
    return papers.congress_papers(app, slug)


@router.get("/congresses/{slug}/papers/{number}", summary="One paper, its moves and amendments")
def get_paper(slug: str, number: str, app: App) -> dict[str, Any]:
    return papers.paper(app, slug, number)


@router.post(
    "/congresses/{slug}/motions", status_code=HTTP_201_CREATED, summary="A council's motion"
)
def submit_motion(slug: str, body: MotionIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "papers.submit")
    command = c.SubmitMotion(
        slug,
        body.council,
        body.title,
        tuple(body.paragraphs),
        tuple(body.movers),
        tuple(body.supporters),
        body.emergency,
    )
    return _paper(app.execute(command, by=who))


@router.post(
    "/congresses/{slug}/amendments",
    status_code=HTTP_201_CREATED,
    summary="A council's amendment to a paragraph of a motion",
)
def submit_amendment(slug: str, body: AmendmentIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "papers.submit")
    command = c.SubmitAmendment(
        slug,
        body.council,
        body.motion,
        body.paragraph,
        body.change,
        body.text,
        tuple(body.movers),
        tuple(body.supporters),
    )
    return _paper(app.execute(command, by=who))


@router.post("/congresses/{slug}/papers/{number}/moves", summary="Move a paper in the workflow")
def move_paper(slug: str, number: str, body: MoveIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, ROLE_ACTS[body.role])
    command = c.MovePaper(slug, number, body.to, body.role, body.reason)
    return _paper(app.execute(command, by=who))


@router.post(
    "/congresses/{slug}/papers/{number}/recommendation",
    summary="The standing orders committee's recommendation",
)
def recommend(slug: str, number: str, body: RecommendationIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "papers.committee")
    command = c.Recommend(slug, number, body.stance, body.reason)
    return _paper(app.execute(command, by=who))


@router.post(
    "/congresses/{slug}/papers/{number}/instructions",
    summary="A sending council instructs its delegates on a paper",
)
def instruct(slug: str, number: str, body: InstructionIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "papers.submit")
    command = c.InstructDelegates(
        slug, body.council, number, body.instruction, tuple(body.delegates)
    )
    entries = app.execute(command, by=who)
    return {"delegates": entries[0].data["delegates"], "entries": _entries(entries)}


@router.get(
    "/congresses/{slug}/papers/{number}/instructions",
    summary="The instructions on a paper; with ?poll=, who departed from them in that vote",
)
def get_instructions(slug: str, number: str, app: App, poll: str | None = None) -> dict[str, Any]:
    return papers.instructions(app, slug, number, poll)


@router.post(
    "/congresses/{slug}/composites",
    status_code=HTTP_201_CREATED,
    summary="Propose a composite of several motions",
)
def propose_composite(slug: str, body: CompositeIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "papers.committee")
    command = c.ProposeComposite(slug, tuple(body.motions), body.title, tuple(body.paragraphs))
    return _paper(app.execute(command, by=who))


@router.post(
    "/congresses/{slug}/composites/{number}/consents",
    summary="A motion's council consents to its composite",
)
def consent(slug: str, number: str, body: ConsentIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "papers.submit")
    return _paper(app.execute(c.ConsentToComposite(slug, number, body.motion), by=who))


@router.post(
    "/congresses/{slug}/composites/{number}/make",
    summary="Make the composite, once every mover has consented",
)
def make_composite(slug: str, number: str, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "papers.committee")
    return _paper(app.execute(c.MakeComposite(slug, number), by=who))
