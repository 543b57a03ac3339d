"""The web application: the JSON API, its OpenAPI document, the live stream and the pages.

The vote route is the one call a whole congress makes within seconds, so it takes a
short way through the application (`LeanRoute`): its endpoint is called directly, with
the same request body validation, the same principal and the same problem documents,
without FastAPI's per-request routing and dependency machinery (which costs more than
the vote itself). Anything out of the ordinary on that route (no remembered login, a
body that does not validate, another content type, dependency overrides) takes the
ordinary way, so the answer is always the one FastAPI would give.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pydantic_core
from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.datastructures import DefaultPlaceholder
from fastapi.routing import APIRoute, serialize_response
from starlette.convertors import StringConvertor
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

import smolny
from smolny.service import webhooks
from smolny.service.app import Smolny
from smolny.web import bodies, callers, problems, security, short_way, whole
from smolny.web.api import accounts as account_routes
from smolny.web.api import acts, core, counting, live, logins, polls
from smolny.web.api import amendments as amendment_routes
from smolny.web.api import book as book_routes
from smolny.web.api import joint as joint_routes
from smolny.web.api import mandates as mandates_routes
from smolny.web.api import papers as papers_routes
from smolny.web.api import secretariat as secretariat_routes
from smolny.web.api import sitting_papers as sitting_papers_routes
from smolny.web.api import tree as tree_routes
from smolny.web.api import webhooks as webhook_routes
from smolny.web.lean_login import LeanLogin
from smolny.web.screens import (
    accounts,
    api_docs,
    chair_sittings,
    console,
    council_report,
    documents,
    login,
    pages,
    papers_committee,
    phone,
    projector,
    publication,
    secretary,
    secretary_agenda,
    secretary_roll,
    sitting,
)
from smolny.web.screens import amendments as console_amendments
from smolny.web.screens import book as book_pages
from smolny.web.screens import common as screens
from smolny.web.screens import papers as paper_screens

STATIC = Path(screens.__file__).with_name("static")
LEAN_BODY_LIMIT = 1 << 20  # a larger body takes the ordinary way
# (method, path) of the routes taken the short way
LEAN_ROUTES = (("POST", "/api/v1/polls/{ident}/votes"),)


def create_app(service: Smolny, *, close_on_shutdown: bool = False) -> FastAPI:
    """A FastAPI application serving `service`."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        service.timekeeper.start()  # polls opened and closed at their times; progress
        deliverer = webhooks.Deliverer(service)  # publications to member councils
        deliverer.start()
        yield
        deliverer.stop()
        service.timekeeper.stop()
        if close_on_shutdown:
            service.close()

    app = Application(
        title="smolny",
        version=smolny.__version__,
        description="Councils, congresses and their committees, with a verifiable record.",
        lifespan=lifespan,
        # the documentation page is our own (web/screens/api_docs.py: Swagger UI from the package,
        # under the strict policy); FastAPI's pages load theirs from a CDN
        docs_url=None,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
    )
    app.state.smolny = service
    problems.install(app)
    app.add_exception_handler(bodies.BodyTooLarge, bodies.handler)  # over the body cap: 413
    problems.declare(app)  # the problem documents, in the OpenAPI document
    screens.install(app)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.include_router(core.router)
    app.include_router(logins.router)  # logout; the login lockouts
    app.include_router(account_routes.router)  # the staff accounts: list, reset, disable
    app.include_router(login.router)  # /login, where a slip's QR code leads; /logout
    app.include_router(polls.router)
    app.include_router(acts.router)
    app.include_router(amendment_routes.router)  # previews of amendments; names completed
    app.include_router(counting.router)
    app.include_router(live.router)
    app.include_router(mandates_routes.router)
    app.include_router(tree_routes.router)
    app.include_router(joint_routes.router)
    app.include_router(papers_routes.router)  # a congress's papers: /api/v1/congresses
    app.include_router(sitting_papers_routes.router)  # papers at the sitting; reports back
    app.include_router(book_routes.router)  # its motions book, final editions fixed
    app.include_router(console.router)  # the chair's console: /chair
    app.include_router(chair_sittings.router)  # a sitting opened or called from /chair
    app.include_router(console_amendments.router)  # its preview of an amendment
    app.include_router(phone.router)  # the delegate's phone: /phone
    app.include_router(projector.router)  # the projector: /projector
    app.include_router(secretary.router)  # the secretary and the admin: /secretary
    app.include_router(secretary_roll.router)  # a body's page, its roll: /secretary/bodies
    app.include_router(secretary_agenda.router)  # a sitting's agenda: /secretary/sessions
    app.include_router(secretariat_routes.router)  # the roll, delegates amended, the agenda
    app.include_router(accounts.router)  # /accounts, /account/password, /hand
    app.include_router(paper_screens.router)  # a council's papers: /papers/{c}/councils/{x}
    app.include_router(papers_committee.router)  # the congress's papers: /papers/{congress}
    app.include_router(webhook_routes.router)  # webhooks; a session's minutes
    app.include_router(publication.router)  # resolutions, posters, feeds
    app.include_router(documents.router)  # the minutes in the page; a poll's box in words
    app.include_router(book_pages.router)  # a congress's motions book: /congresses/{slug}/book
    app.include_router(sitting.router)  # a sitting as the record tells it: /sessions/{id}
    app.include_router(council_report.router)  # the report back to a council: /councils
    app.include_router(api_docs.router)  # the API's documentation: /docs
    app.include_router(pages.router)  # the public page: /
    routers = (core.router, polls.router, acts.router, counting.router, live.router)
    for method, path in LEAN_ROUTES:
        route = next(
            r
            for router in routers
            for r in router.routes
            if isinstance(r, APIRoute) and r.path == path and method in r.methods
        )
        app.lean_routes.append(LeanRoute(app, route, method))
    app.lean_routes.append(LeanLogin(app))  # a delegate's login with an access code
    app.lean_routes.append(live.LeanStream(app))  # a live screen: no layer held for hours
    return app


class Application(FastAPI):
    """FastAPI, with a few hot routes answered the short way (see `LeanRoute`)."""

    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        self.lean_routes: list[LeanRoute | LeanLogin | live.LeanStream] = []
        self._tracing: bool | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":  # the security headers, on the short way too
            send = security.secured(scope, send)
            refused = bodies.refusal(scope)  # a body over its cap: 413, nothing of it read
            if refused is not None:
                await refused(scope, receive, send)
                return
            receive = bodies.capped(scope, receive)
        if (
            scope["type"] == "http"
            and self.lean_routes
            and not self.dependency_overrides
            and not self._traced()
        ):
            for route in self.lean_routes:
                try:
                    handled = await route.handle(scope, receive, send)
                except bodies.BodyTooLarge as exc:  # read before any answer was begun
                    await bodies.too_large(scope, exc)(scope, receive, send)
                    return
                if handled:
                    return
        await super().__call__(scope, receive, send)

    def _traced(self) -> bool:
        # FastAPI's OpenTelemetry instrumentation, when configured (before serving), sees
        # every request; asked once, as asking costs more than a vote's routing
        if self._tracing is None:
            telemetry = getattr(self, "_native_telemetry", None)
            self._tracing = telemetry is not None and bool(telemetry.enabled())
        return self._tracing


class NotLean(Exception):
    """A route whose signature the short way does not know: it keeps the ordinary way."""


class LeanRoute:
    """One API route served by calling its endpoint directly.

    The route may take string path parameters, one JSON body model and the `Who` and
    `App` dependencies, and answer with JSON; `handle` serves a request when it is a
    logged-in principal's call this process remembers, with a JSON body that validates,
    and otherwise leaves it (untouched, its body replayed) to FastAPI.
    """

    def __init__(self, app: FastAPI, route: APIRoute, method: str) -> None:
        dependant = route.dependant
        known: dict[Callable[..., Any], str] = {callers.principal: "who", callers.smolny: "app"}
        if (
            dependant.query_params
            or dependant.header_params
            or dependant.cookie_params
            or len(dependant.body_params) != 1
            or route.body_field is None
            or route._embed_body_fields
            or route.dependencies
            or dependant.request_param_name
            or dependant.response_param_name
            or dependant.background_tasks_param_name
            or dependant.security_scopes_param_name
            or route.is_json_stream
            or route.is_sse_stream
            or not isinstance(route.response_class, DefaultPlaceholder)
            or route.max_body_size is not None
            or not all(isinstance(c, StringConvertor) for c in route.param_convertors.values())
            or any(d.call not in known for d in dependant.dependencies)
        ):
            raise NotLean(f"{method} {route.path} cannot be served the short way")
        assert dependant.call is not None
        self.app = app
        self.route = route
        self.method = method
        self.regex = route.path_regex
        self.endpoint = dependant.call
        self.is_coroutine = inspect.iscoroutinefunction(dependant.call)
        self.body_name = dependant.body_params[0].name
        self.body_field = route.body_field
        self.dependencies = [(d.name, known[d.call]) for d in dependant.dependencies]
        # the usual answer's headers but its length, plain and over TLS (see `web.whole`)
        self.heads = [
            whole.checked([(b"content-type", b"application/json"), *security.headers_for(s)])
            for s in ({"scheme": "http"}, {"scheme": "https"})
        ]

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> bool:
        """Serve the request and return True, or return False having consumed nothing."""
        if scope["method"] != self.method or scope.get("root_path"):
            return False
        match = self.regex.match(scope["path"])
        if match is None:
            return False
        service: Smolny = self.app.state.smolny
        token: str | None = None
        cookie: str | None = None
        content_type = b""
        length = 0
        authorization: bytes | None = None
        for name, value in scope["headers"]:  # the first of each, as starlette reads them
            if name == b"authorization":
                authorization = value if authorization is None else authorization
            elif name == b"content-type":
                content_type = content_type or value
            elif name == b"content-length":
                length = int(value) if value.isdigit() else LEAN_BODY_LIMIT + 1
            elif name == b"cookie" and cookie is None:
                cookie = value.decode("latin-1")
        if authorization is not None and authorization[:7].lower() == b"bearer ":
            token = authorization[7:].decode("latin-1").strip()
        elif cookie is not None:
            token = callers.login_cookie(cookie)
        who = service.accounts.known_login(token) if token else None
        if who is None or who.must_change_password:
            return False  # the database is asked, or the refusal given, the ordinary way
        if not short_way.json_media(content_type) or length > LEAN_BODY_LIMIT:
            return False
        read = await short_way.read_body(receive, LEAN_BODY_LIMIT)
        if read is None:  # the client left: nothing to answer
            return True
        body, more = read
        value = None if more else self._body(body)
        if value is None:  # empty, not JSON, not valid, too long: FastAPI says what is wrong
            await super_call(self.app, scope, short_way.replay(body, more, receive), send)
            return True
        arguments: dict[str, Any] = dict(match.groupdict())
        arguments[self.body_name] = value
        for name, kind in self.dependencies:
            arguments[name] = who if kind == "who" else service
        try:
            if self.is_coroutine:
                raw = await self.endpoint(**arguments)
            else:
                raw = await run_in_threadpool(self.endpoint, **arguments)
            content = self._plain(raw)
            if content is not None:  # the usual answer: sent as FastAPI would send it
                status = self.route.status_code or 200
                head = self.heads[scope.get("scheme") == "https"]
                if whole.write(scope, status, head, content):  # at once, where it can be
                    return True
                await send(
                    {
                        "type": "http.response.start",
                        "status": self.route.status_code or 200,
                        "headers": [
                            (b"content-length", str(len(content)).encode()),
                            (b"content-type", b"application/json"),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": content})
                return True
            response = await self._response(raw)
        except Exception as exc:
            await short_way.answer_error(self.app, exc, scope, receive, send)
            return True
        await response(scope, receive, send)
        return True

    def _plain(self, raw: Any) -> bytes | None:
        # The JSON of an endpoint's answer made only of objects with text keys, arrays,
        # text, integers, booleans and nulls, with the route's default response: the same
        # bytes as FastAPI's (pydantic's compact JSON, UTF-8 unescaped); None otherwise.
        route = self.route
        if (
            type(raw) is not dict
            or not isinstance(route.response_class, DefaultPlaceholder)
            or route.response_model_include is not None
            or route.response_model_exclude is not None
            or route.response_model_exclude_none
            or not _plain_json(raw)
        ):
            return None
        try:  # (pydantic's own encoder: for such JSON, json.dumps's compact bytes, faster)
            return pydantic_core.to_json(raw)
        except (pydantic_core.PydanticSerializationError, ValueError):  # a lone surrogate
            return None

    def _body(self, body: bytes) -> Any | None:
        if not body:
            return None
        try:
            obj = json.loads(body)
        except ValueError:
            return None
        value, errors = self.body_field.validate(obj, {}, loc=("body",))
        return None if errors else value

    async def _response(self, raw: Any) -> Response:
        # as FastAPI answers (fastapi.routing.get_request_handler), byte for byte
        route = self.route
        if isinstance(raw, Response):
            return raw
        dump_json = route.response_field is not None
        content = await serialize_response(
            field=route.response_field,
            response_content=raw,
            include=route.response_model_include,
            exclude=route.response_model_exclude,
            by_alias=route.response_model_by_alias,
            exclude_unset=route.response_model_exclude_unset,
            exclude_defaults=route.response_model_exclude_defaults,
            exclude_none=route.response_model_exclude_none,
            is_coroutine=True,
            dump_json=dump_json,
        )
        status = route.status_code or 200
        if dump_json:
            return Response(content, status_code=status, media_type="application/json")
        response_class: type[Response] = route.response_class.value  # type: ignore[union-attr]
        return response_class(content, status_code=status)


def _plain_json(value: Any) -> bool:
    """True when `value` is made only of dicts with text keys, lists, text, integers,
    booleans and None (each of exactly those types): JSON that every encoder writes alike."""
    todo = [value]
    while todo:
        item = todo.pop()
        kind = type(item)
        if kind is dict:
            for key, inner in item.items():
                if type(key) is not str:
                    return False
                todo.append(inner)
        elif kind is list:
            todo.extend(item)
        elif not (kind is str or kind is int or kind is bool or item is None):
            return False
    return True


async def super_call(app: FastAPI, scope: Scope, receive: Receive, send: Send) -> None:
    """The ordinary way through FastAPI."""
    await FastAPI.__call__(app, scope, receive, send)
