"""The login page (`/login`, where a slip's QR code leads) and the header's "Log out"
(`POST /logout`)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from smolny.web import callers
from smolny.web.redirects import same_site_path
from smolny.web.screens import common as screens

router = APIRouter(include_in_schema=False)


@router.get("/login", response_class=HTMLResponse)
def login_page(
    request: Request, code: str = "", next: str = "", staff: bool = False
) -> HTMLResponse:
    """The page a slip's QR code opens: the access code filled in, one tap to log in;
    staff log in with their user name and password. `next`: where to go after."""
    safe_next = same_site_path(next) or ""
    response = screens.render(
        request, "login.html", {"code": code[:64], "next": safe_next, "staff": staff}
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@router.post("/logout", response_class=HTMLResponse)
async def log_out_page(request: Request) -> Response:
    """The header's "Log out" button: the login ends, the browser goes to the login page."""
    screens.check_page_act(request)
    response = Response(status_code=204, headers={"HX-Redirect": "/login"})
    await callers.end_login(request, response, request.cookies.get(callers.COOKIE))
    return response
