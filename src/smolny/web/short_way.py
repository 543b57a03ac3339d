"""What the short ways through the application share (the vote's `web.app.LeanRoute`, the
access-code login's `web.lean_login.LeanLogin`): the JSON body read whole within a
limit, replayed to FastAPI when the ordinary way must answer after all, and an
exception answered by the application's own handler, as FastAPI would answer it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send

Handler = Callable[[Request, Exception], Awaitable[Response]]


def json_media(content_type: bytes) -> bool:
    """Whether a request's content type is JSON (application/json, or application/...+json)."""
    media = content_type.split(b";", 1)[0].strip().lower()
    return media == b"application/json" or (
        media.startswith(b"application/") and media.endswith(b"+json")
    )


async def read_body(receive: Receive, limit: int) -> tuple[bytes, bool] | None:
    """The request's body and whether more of it is left unread (it went over `limit`);
    None when the client left before sending it (nothing to answer)."""
    chunks: list[bytes] = []
    size = 0
    more = True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            return None
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        more = message.get("more_body", False)
        if more and size > limit:
            break
    return b"".join(chunks), more


def replay(body: bytes, more: bool, receive: Receive) -> Receive:
    """`receive` giving what was read of the request first, then the rest of it."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": more}
        return await receive()

    return replayed


async def answer_error(
    app: FastAPI, exc: Exception, scope: Scope, receive: Receive, send: Send
) -> None:
    """Answer `exc` with the application's handler for it, as FastAPI would: found by the
    exception's classes; one for any `Exception` (an unexpected error, 500) answers and
    the exception goes on up, for the server to log and to close the connection, as
    starlette's ServerErrorMiddleware has it; no handler at all, it goes up at once."""
    handlers: dict[Any, Handler] = app.exception_handlers  # type: ignore[assignment]
    for cls in type(exc).__mro__:
        if cls in handlers:
            response = await handlers[cls](Request(scope, receive), exc)
            await response(scope, receive, send)
            if cls is Exception:
                raise exc
            return
    raise exc
