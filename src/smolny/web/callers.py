"""Who is calling and the application serving the call: what the API and the screens share.

The FastAPI dependencies `App` (the service) and `Who` (the caller's principal, from the
bearer token or the login cookie), the login cookie's name, and the record's largest integer.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from starlette.requests import cookie_parser

from smolny.domain.errors import Forbidden, Refusal, Unauthenticated
from smolny.service.app import Principal, Smolny

COOKIE = "smolny_login"
MAX_SEQ = 2**53 - 1  # the record's largest integer


async def smolny(request: Request) -> Smolny:
    """The application serving this request."""
    app: Smolny = request.app.state.smolny
    return app


def token_of(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip()
    return request.cookies.get(COOKIE)


def login_cookie(header: str) -> str | None:
    """The login token in a Cookie header, read as `request.cookies` reads it."""
    return cookie_parser(header).get(COOKIE)


class NotJson(Refusal):
    """A write authenticated by the login cookie alone was not sent as JSON."""

    status = 415


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def is_json(content_type: str) -> bool:
    """True for application/json and application/*+json."""
    media = content_type.partition(";")[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


async def principal(request: Request, app: Annotated[Smolny, Depends(smolny)]) -> Principal:
    """Who is calling, from the bearer token or the login cookie; 401 if nobody.

    A write that only the cookie authenticates must be sent as JSON (415 otherwise): a
    form on another site can send a cookie but not that content type without asking
    (CORS), so no other site can make a logged-in browser act here."""
    token = token_of(request)
    if (
        request.method not in SAFE_METHODS
        and token is not None
        and request.headers.get("authorization", "")[:7].lower() != "bearer "
        and not is_json(request.headers.get("content-type", ""))
    ):
        raise NotJson(
            "json-required",
            "a write with the login cookie must be sent as application/json "
            "(or use a bearer token)",
        )
    who = None
    if token:
        # most calls are answered from memory; only an unknown token costs a database read
        who = app.accounts.known_login(token)
        if who is None:
            who = await run_in_threadpool(app.accounts.who, token)
    if who is None:
        raise Unauthenticated(
            "not-logged-in", "log in first: no valid bearer token or login cookie"
        )
    if who.must_change_password and request.url.path != "/api/v1/account/password":
        raise Forbidden(
            "password-change-required",
            "this account has a one-time password: change it at /api/v1/account/password first",
        )
    return who


App = Annotated[Smolny, Depends(smolny)]
Who = Annotated[Principal, Depends(principal)]


def set_login_cookie(request: Request, response: Response, token: str, app: Smolny) -> None:
    """Keep the login `token` in the browser's login cookie (for the login's whole life)."""
    response.set_cookie(
        COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        max_age=app.accounts.login_policy.absolute_seconds,
    )


async def end_login(request: Request, response: Response, token: str | None) -> None:
    """End the login of `token` (if any) and clear the login cookie."""
    response.delete_cookie(
        COOKIE, httponly=True, samesite="strict", secure=request.url.scheme == "https"
    )
    if token:
        await run_in_threadpool(request.app.state.smolny.accounts.end_login, token)
