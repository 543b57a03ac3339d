"""Joint sessions over HTTP: opening one of two or more bodies, the presidiums making place
for each other, and a section's resolution brought to the whole."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import Field
from starlette.status import HTTP_201_CREATED

from smolny.domain import commands as c
from smolny.record import kinds as k
from smolny.service.permissions import require
from smolny.service.views import sessions
from smolny.web.api.core import _entries
from smolny.web.callers import App, Who
from smolny.web.schemas import Strict

router = APIRouter(prefix="/api/v1")


class JointSessionIn(Strict):
    bodies: list[str] = Field(min_length=1, max_length=100)
    title: str = Field(max_length=200)
    opened_by: str | None = Field(None, max_length=32)


class PresidiumIn(Strict):
    # named in the API document as before the web was split (two models share the name)
    __module__ = "smolny.web.joint"
    body: str = Field(max_length=63)
    makes_place: str | None = Field(None, max_length=63)


PresidiumIn.model_rebuild(_types_namespace=globals())  # its fields, read in this module


class BroughtIn(Strict):
    brought_from: str = Field(max_length=32)
    mover: str = Field(max_length=32)  # the section's reporter, a delegate of the sitting
    title: str = Field("", max_length=200)  # default: the section's title for it
    text: str = ""  # default: the section's text as adopted; if given, it must be that


@router.post(
    "/joint-sessions", status_code=HTTP_201_CREATED, summary="Open a joint session of bodies"
)
def open_joint_session(body: JointSessionIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "joint-session.open")
    command = c.OpenJointSession(tuple(body.bodies), body.title, body.opened_by)
    entries = app.execute(command, by=who)
    return {"session": entries[0].data["session"], "entries": _entries(entries)}


@router.get("/joint-sessions/{ident}", summary="A joint session: each body's presence")
def get_joint_session(ident: str, app: App) -> dict[str, Any]:
    return sessions.joint_session(app, ident)


@router.post("/joint-sessions/{ident}/presidium", summary="A presidium takes its place")
def seat_presidium(ident: str, body: PresidiumIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "joint-session.presidium")
    entries = app.execute(c.SeatPresidium(ident, body.body, body.makes_place), by=who)
    return {"platform": entries[0].data["platform"], "entries": _entries(entries)}


@router.post(
    "/sessions/{ident}/motions/brought",
    status_code=HTTP_201_CREATED,
    summary="Bring a section's adopted resolution to the whole",
)
def bring_motion(ident: str, body: BroughtIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "motion.move")
    command = c.MoveMotion(ident, body.title, body.text, body.mover, brought_from=body.brought_from)
    entries = app.execute(command, by=who)
    moved = next(e.data for e in entries if e.kind == k.MOTION_MOVED)
    return {"motion": moved["question"], "entries": _entries(entries)}
