"""Security headers on every response: a strict Content-Security-Policy and the usual others.

Added by wrapping `send`, so that every answer carries them whichever way it was made:
FastAPI's routes, the vote's short way (`LeanRoute`), static files, problem documents and
errors. The headers are built once; each response costs one list concatenation.

The pages load only their own scripts and stylesheets (no inline script, style or event
attribute anywhere; htmx runs with `allowEval: false`), so the policy allows nothing but
'self'. That holds for the API's documentation page too (/docs): Swagger UI is served
from the package itself and started by a script of ours (web/screens/api_docs.py), so no page
has a policy of its own.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'self'; object-src 'none'"
)
HSTS = b"max-age=31536000; includeSubDomains"

_COMMON: list[tuple[bytes, bytes]] = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (
        b"permissions-policy",
        b"camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    ),
]
_PLAIN = [(b"content-security-policy", POLICY.encode()), *_COMMON]
_HSTS = [(b"strict-transport-security", HSTS)]
_MARK = "smolny.secured"  # in the request's scope once its `send` adds the headers


def headers_for(scope: Scope) -> list[tuple[bytes, bytes]]:
    """The security headers for a response to the request `scope`."""
    if scope.get("scheme") == "https":
        return _PLAIN + _HSTS
    return _PLAIN


def secured(scope: Scope, send: Send) -> Send:
    """`send`, adding the security headers to the response's start (a header the
    application set itself is kept, not doubled). Once per request: an inner layer
    asking again gets `send` as it is."""
    if scope.get(_MARK):
        return send
    scope[_MARK] = True
    extra = headers_for(scope)

    async def send_secured(message: Message) -> None:
        if message["type"] == "http.response.start":
            present = message.get("headers") or []
            if present:
                names = {name.lower() for name, _ in present}
                added = [pair for pair in extra if pair[0] not in names]
            else:
                added = extra
            message["headers"] = [*present, *added]
        await send(message)

    return send_secured


class SecurityHeaders:
    """Pure-ASGI middleware putting the security headers on every HTTP response; `smolny
    serve` puts it outside the flood limits, whose refusals never reach the application
    (which adds the headers itself, see `web.app.Application`)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.app(scope, receive, secured(scope, send))
