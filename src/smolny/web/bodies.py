"""A cap on every request's body, answered 413 before the body is read.

Every request reaches the application through `Application.__call__`, which asks here
first: a body whose Content-Length is over the cap is refused at once, nothing of it
read; a body sent without one (chunked) is counted as it is read, and refused as soon as
it passes the cap, wherever it is being read (FastAPI's JSON, a page's form, a file, the
vote's short way). The routes' own, smaller caps (a form's, a roster file's) still apply
within this one.

Most bodies are small (a vote, a motion, a form: `BODY_MAX_BYTES`); a few routes take
files or long lists (`LARGE_BODIES`: `LARGE_BODY_MAX_BYTES`).
"""

from __future__ import annotations

import re

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Message, Receive, Scope

from smolny.web.problems import problem

BODY_MAX_BYTES = 1 << 20  # 1 MiB: a vote, a motion's text (100,000 characters), a form
ROSTER_MAX_BYTES = 10_000_000  # a roster or mandates file, in the API and on the secretary's pages
LARGE_BODY_MAX_BYTES = 16 << 20  # 16 MiB: a roster or mandates file (10 MB), a BLT to count
# (method, path) of the routes taking files or long lists
LARGE_BODIES = (
    ("POST", "/api/v1/count"),  # a BLT file of up to 5,000,000 characters, as JSON
    ("POST", "/api/v1/bodies/{slug}/delegates"),  # up to 20,000 delegates at once
    ("POST", "/api/v1/bodies/{slug}/delegates/import"),
    ("POST", "/api/v1/mandates/import"),
    ("POST", "/secretary/bodies/{slug}/delegates/import"),
    ("POST", "/secretary/mandates/import"),
)
_LARGE = [
    (method, re.compile(re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(path)) + "$"))
    for method, path in LARGE_BODIES
]


class BodyTooLarge(HTTPException):
    """A request body over its cap (an HTTPException, so that FastAPI's reading of a body
    lets it through as it is instead of calling it a body it could not parse)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit} bytes")
        self.limit = limit


def cap_of(scope: Scope) -> int:
    """The most bytes the body of the request `scope` may have."""
    method, path = scope.get("method", ""), scope.get("path", "")
    for large_method, pattern in _LARGE:
        if method == large_method and pattern.match(path):
            return LARGE_BODY_MAX_BYTES
    return BODY_MAX_BYTES


def declared_length(scope: Scope) -> int | None:
    """The body's length as the request's Content-Length says (None: not said, or not a
    number, which the server has refused already)."""
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


def refusal(scope: Scope) -> Response | None:
    """The 413 for a request whose Content-Length is over its cap, or None."""
    length = declared_length(scope)
    if length is None or length <= BODY_MAX_BYTES:
        return None  # the common case, decided without looking at the path
    limit = cap_of(scope)
    return too_large(scope, BodyTooLarge(limit)) if length > limit else None


def capped(scope: Scope, receive: Receive) -> Receive:
    """`receive`, raising `BodyTooLarge` once the body read passes its cap."""
    seen = 0
    limit = BODY_MAX_BYTES  # raised to the route's cap the first time it is passed

    async def receive_capped() -> Message:
        nonlocal seen, limit
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                limit = cap_of(scope)
                if seen > limit:
                    raise BodyTooLarge(limit)
        return message

    return receive_capped


def too_large(scope: Scope, exc: BodyTooLarge) -> Response:
    """The problem document refusing a body over its cap; the connection is closed after
    it, as the rest of the body is not read."""
    return problem(
        413,
        "too-large",
        str(exc.detail),
        instance=scope.get("path"),
        headers={"Connection": "close"},
    )


async def handler(request: Request, exc: Exception) -> Response:
    """The exception handler answering `BodyTooLarge` raised while a route read its body."""
    assert isinstance(exc, BodyTooLarge)
    return too_large(request.scope, exc)
