"""`POST /api/v1/sessions/{id}/acts`: every act of the rules of procedure, one endpoint.

The body names the act (`{"act": "second", "question": "m1", "seconder": "d7"}`), its
schema drawn from the act's definition (`web/schemas.py`); the engine accepts it with the
events it causes, or refuses it with the rule (409). A
delegate may do only their own acts (move, second, withdraw, ask for the floor or withdraw
that request), in their own name; the chair and the admin may do any (the chair's
withdrawal of a request strikes the delegate off the speakers' list).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body

from smolny import procedure
from smolny.domain import commands as c
from smolny.domain.errors import Forbidden
from smolny.service.app import Principal
from smolny.service.permissions import require
from smolny.service.views import sessions
from smolny.web.api.core import _entries
from smolny.web.callers import App, Who
from smolny.web.schemas import OWN_ACTS, ActIn, engine_act

router = APIRouter(prefix="/api/v1")


def _as_engine_act(body: Any, who: Principal) -> procedure.Act:
    own = OWN_ACTS.get(body.act)
    require(who.role, "procedure.member" if who.role == "delegate" else "procedure.chair")
    if who.role == "delegate":
        if own is None:
            raise Forbidden("forbidden", f"{body.act} is an act of the chair")
        named = getattr(body, own)
        if named not in (None, who.id):
            raise Forbidden("forbidden", f"a delegate acts only in their own name ({own})")
        if getattr(body, "consent", False):
            raise Forbidden("forbidden", "general consent is found by the chair, not a delegate")
        body = body.model_copy(update={own: who.id})
    elif own is not None and getattr(body, own) is None:
        raise Forbidden("forbidden", f"name the delegate in {own}: the chair acts for no one")
    if body.act == "withdraw-floor-request":
        # a delegate withdraws their own request; the chair strikes anyone off the list
        return engine_act(body, by=who.id if who.role == "delegate" else None)
    return engine_act(body)


@router.post(
    "/sessions/{ident}/acts",
    summary="An act of the rules of procedure: move, second, state, put, floor, rulings, agenda",
)
def act(ident: str, body: Annotated[ActIn, Body()], who: Who, app: App) -> dict[str, Any]:
    entries = app.execute(c.Act(ident, _as_engine_act(body, who)), by=who)
    return {"entries": _entries(entries), "events": [{"kind": e.kind, **e.data} for e in entries]}


@router.get(
    "/sessions/{ident}/in-order",
    summary="Which motions a delegate without the floor could move now, and why not the others",
)
def in_order(ident: str, app: App) -> dict[str, Any]:
    return sessions.in_order(app, ident)
