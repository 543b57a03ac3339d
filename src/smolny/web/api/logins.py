"""Ending a login, and the login lockouts an administrator can see and lift.

`POST /api/v1/logout` ends the caller's login (bearer token or cookie) and clears the
cookie (a page's header does the same with `POST /logout`, `web/screens/login.py`). The
lockouts (see `service/lockout.py`) are the administrator's: `GET /api/v1/login/lockouts`
lists them, `DELETE` lifts one (`?key=`) or all.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from smolny.service.permissions import require
from smolny.service.views import accounts
from smolny.web import callers

router = APIRouter()


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
async def log_out(request: Request, response: Response, who: callers.Who) -> None:
    await callers.end_login(request, response, callers.token_of(request))


@router.get("/api/v1/login/lockouts", summary="The login lockouts in force (administrator)")
def lockouts(who: callers.Who, app: callers.App) -> dict[str, Any]:
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
    who: callers.Who,
    app: callers.App,
    key: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:
    require(who.role, "login.lockouts")
    lifted = app.accounts.login_guard.lift(key, by=who)  # recorded, as the administrator's act
    return {"lifted": lifted}
