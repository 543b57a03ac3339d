"""Ending a login, and the login lockouts an administrator can see and lift.

`POST /api/v1/logout` ends the caller's login (bearer token or cookie) and clears the
cookie; `POST /logout` does the same from a page's header (an htmx act, as every page
act) and sends the browser to the login page. The lockouts (see `service/lockout.py`)
are the administrator's: `GET /api/v1/login/lockouts` lists them, `DELETE` lifts one
(`?key=`) or all.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from smolny.service.permissions import require
from smolny.service.views import accounts
from smolny.web import api, screens

router = APIRouter()


async def _end(request: Request, response: Response, token: str | None) -> None:
    response.delete_cookie(
        api.COOKIE, httponly=True, samesite="strict", secure=request.url.scheme == "https"
    )
    if token:
        await run_in_threadpool(request.app.state.smolny.accounts.end_login, token)


@router.post(
    "/api/v1/logout",
    status_code=204,
    summary="Log out: end the caller's login (its token stops working) and clear the cookie",
    description=(
        "Ends the login that makes this call: the bearer token (or the cookie) that was "
        "sent no longer works from this answer on (in the other serving processes within a "
        "minute). A client that explores the API calls this last, or with a token to spare."
    ),
    responses={204: {"description": "The caller's login has ended: its token no longer works"}},
)
async def log_out(request: Request, response: Response, who: api.Who) -> None:
    await _end(request, response, api._token(request))


@router.post("/logout", response_class=HTMLResponse, include_in_schema=False)
async def log_out_page(request: Request) -> Response:
    """The header's "Log out" button: the login ends, the browser goes to the login page."""
    screens.check_page_act(request)
    response = Response(status_code=204, headers={"HX-Redirect": "/login"})
    await _end(request, response, request.cookies.get(api.COOKIE))
    return response


@router.get("/api/v1/login/lockouts", summary="The login lockouts in force (administrator)")
def lockouts(who: api.Who, app: api.App) -> dict[str, Any]:
    require(who.role, "login.lockouts")
    return accounts.lockouts(app.accounts)


@router.delete(
    "/api/v1/login/lockouts",
    summary=(
        "Lift login lockouts (key=address:A, account:NAME from every address, "
        "account:NAME@A, code:XXXX) or all of them"
    ),
)
def lift_lockouts(
    who: api.Who,
    app: api.App,
    key: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:
    require(who.role, "login.lockouts")
    lifted = app.accounts.login_guard.lift(key, by=who)  # recorded, as the administrator's act
    return {"lifted": lifted}
