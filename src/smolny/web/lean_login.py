"""A delegate's login with an access code, the short way (a whole hall logs in at once).

`POST /api/v1/login` with a JSON body holding `access_code` (and perhaps `next`) and
nothing else is answered here, without FastAPI's routing, dependencies and body model:
the same `code_login` as the route's (the lockouts and the code read in one go, on the
event loop where the store allows it), the same answer byte for byte (status, headers,
the login cookie, body; the security headers are added around every answer alike, see
`web.app.Application`), the same problem documents through the application's own
exception handlers. Anything else on that path (a staff login, a body that is not such
an object, another content type, a root path) takes the ordinary way, its body replayed.
"""

from __future__ import annotations

import json

from fastapi import FastAPI
from pydantic_core import to_json
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from smolny.service.app import Smolny
from smolny.web import short_way
from smolny.web.api.core import code_login, login_answer
from smolny.web.callers import COOKIE

PATH = "/api/v1/login"
BODY_LIMIT = 16 * 1024  # a longer login body takes the ordinary way
CODE_MAX = 64  # as `LoginIn`: access_code at most 64 characters, next 2000
NEXT_MAX = 2000
_MARK = "0TOKEN0"  # a stand-in token, to learn the cookie's header around it


class LeanLogin:
    """`POST /api/v1/login` with an access code, served directly (see the module)."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self._cookies: dict[tuple[bool, int], tuple[bytes, bytes]] = {}

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> bool:
        """Serve the request and return True, or return False having consumed nothing."""
        if scope["path"] != PATH or scope["method"] != "POST" or scope.get("root_path"):
            return False
        content_type = b""
        length = 0
        for name, value in scope["headers"]:  # the first of each, as starlette reads them
            if name == b"content-type":
                content_type = content_type or value
            elif name == b"content-length":
                length = int(value) if value.isdigit() else BODY_LIMIT + 1
        if length > BODY_LIMIT or not short_way.json_media(content_type):
            return False
        read = await short_way.read_body(receive, BODY_LIMIT)
        if read is None:  # the client left: nothing to answer
            return True
        body, more = read
        fields = None if more else _fields(body)
        if fields is None:  # a staff login, or what FastAPI says is wrong
            await FastAPI.__call__(self.app, scope, short_way.replay(body, more, receive), send)
            return True
        code, wanted = fields
        service: Smolny = self.app.state.smolny
        client = scope.get("client")
        try:
            token, who = await code_login(service, client[0] if client else "-", code)
            content = to_json(login_answer(token, who, wanted))
        except Exception as exc:
            await short_way.answer_error(self.app, exc, scope, receive, send)
            return True
        secure = scope.get("scheme") == "https"
        before, after = self._cookie(secure, service.accounts.login_policy.absolute_seconds)
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-length", str(len(content)).encode()),
                    (b"content-type", b"application/json"),
                    (b"set-cookie", before + token.encode("latin-1") + after),
                ],
            }
        )
        await send({"type": "http.response.body", "body": content})
        return True

    def _cookie(self, secure: bool, max_age: int) -> tuple[bytes, bytes]:
        # the login cookie's header as `set_login_cookie` writes it, before and after the
        # token (a token is URL-safe base64 and hex: nothing in it is quoted)
        found = self._cookies.get((secure, max_age))
        if found is None:
            response = Response()
            response.set_cookie(
                COOKIE, _MARK, httponly=True, samesite="strict", secure=secure, max_age=max_age
            )
            header = dict(response.raw_headers)[b"set-cookie"]
            before, _, after = header.partition(_MARK.encode())
            found = self._cookies[(secure, max_age)] = (before, after)
        return found


def _fields(body: bytes) -> tuple[str, str | None] | None:
    # (access code, next) of a body that is exactly {"access_code": ..., "next": ...}
    # (next optional or null) within `LoginIn`'s bounds; None for anything else
    if not body:
        return None
    try:
        obj = json.loads(body)
    except ValueError:
        return None
    if type(obj) is not dict or not 1 <= len(obj) <= 2:
        return None
    code = obj.get("access_code")
    wanted = obj.get("next")
    if (
        type(code) is not str
        or len(code) > CODE_MAX
        or (len(obj) == 2 and "next" not in obj)
        or not (wanted is None or (type(wanted) is str and len(wanted) <= NEXT_MAX))
    ):
        return None
    try:  # text pydantic would take: no lone surrogate (`LoginIn` refuses one, 422)
        code.encode("utf-8")
        if wanted is not None:
            wanted.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return code, wanted
