"""Problem documents (RFC 9457) for every refusal: a status, a title, the rule, the field.

No request ever gets a traceback: anything unexpected becomes a 500 problem document
with no detail, and is logged with the request's id for the administrator.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from smolny.domain.errors import Refusal
from smolny.service.storage import UNAVAILABLE

log = logging.getLogger(__name__)
MEDIA_TYPE = "application/problem+json"

TITLES = {
    400: "Bad request",
    401: "Not logged in",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Not in order",
    413: "Too large",
    415: "Unsupported media type",
    422: "Invalid input",
    429: "Too many requests",
    500: "Internal error",
    503: "Unavailable",
}


def problem(
    status: int,
    rule: str,
    detail: str,
    *,
    instance: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    """A problem document response; `rule` names the check that refused, as `type`."""
    body: dict[str, Any] = {
        "type": f"/problems/{rule}",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "rule": rule,
    }
    if instance is not None:
        body["instance"] = instance
    body.update({k: v for k, v in extra.items() if v is not None})
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


# the refusals any operation of the API may answer, each a problem document
REFUSALS = (400, 401, 403, 404, 409, 413, 415, 422, 429, 503)
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "A problem document (RFC 9457); `rule` names the check that refused.",
    "required": ["type", "title", "status", "detail", "rule"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "rule": {"type": "string"},
        "instance": {"type": "string"},
        "field": {"type": "string"},
        "errors": {"type": "array"},
    },
}


def declare(app: FastAPI) -> None:
    """Declare in `app`'s OpenAPI document the problem documents every API operation may
    answer with (FastAPI's own 422 is replaced: ours is a problem document too)."""
    drawn = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        document = drawn()
        document.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        problem_content = {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for item in document.get("paths", {}).values():
            for operation in item.values():
                responses = operation.setdefault("responses", {})
                for status in REFUSALS:
                    responses[str(status)] = {
                        "description": TITLES[status],
                        "content": problem_content,
                    }
        return document

    app.openapi = openapi  # type: ignore[method-assign]


def _location(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p != "body"]
    return ".".join(parts) if parts else "body"


async def _refused(request: Request, exc: Refusal) -> JSONResponse:
    # a refusal names its rule (and the field); 503 and lockouts say when to try again
    headers = {"Retry-After": "1"} if exc.status == 503 else None
    retry_after = getattr(exc, "retry_after", None)  # a lockout, a rate limit
    if retry_after is not None:
        headers = {"Retry-After": str(retry_after)}
    return problem(
        exc.status,
        exc.rule,
        exc.message,
        instance=request.url.path,
        field=exc.field,
        errors=exc.errors,
        headers=headers,
    )


async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
    # a body that is not JSON (400), or fields that do not validate (422, each named)
    errors = exc.errors()
    for error in errors:
        if error.get("type") == "json_invalid":
            position = error.get("loc", ("body", "?"))[-1]
            reason = error.get("ctx", {}).get("error", "invalid JSON")
            return problem(
                400,
                "malformed-json",
                f"the request body is not valid JSON ({reason} at character {position})",
                instance=request.url.path,
            )
    fields = [
        {"field": _location(error.get("loc", ())), "problem": error.get("msg", "invalid")}
        for error in errors
    ]
    first = fields[0] if fields else {"field": "body", "problem": "invalid"}
    return problem(
        422,
        "invalid-input",
        f"{first['field']}: {first['problem']}",
        instance=request.url.path,
        field=first["field"],
        errors=fields,
    )


async def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
    # Starlette's own answers (no such route, method not allowed) as problem documents
    rule = {404: "no-such-resource", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
    detail = exc.detail if isinstance(exc.detail, str) else TITLES.get(exc.status_code, "error")
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"there is nothing at {request.url.path}"
    return problem(
        exc.status_code,
        rule,
        detail,
        instance=request.url.path,
        headers=getattr(exc, "headers", None),
    )


async def _database_down(request: Request, exc: Exception) -> JSONResponse:
    # the database is restarting or unreachable: nothing was written (each act is one
    # transaction), and the client may try again shortly
    log.warning("database unavailable on %s %s: %s", request.method, request.url.path, exc)
    return problem(
        503,
        "database-unavailable",
        "the database does not answer right now; nothing was recorded, try again shortly",
        instance=request.url.path,
        headers={"Retry-After": "2"},
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    incident = uuid.uuid4().hex[:12]
    log.exception("incident %s on %s %s", incident, request.method, request.url.path)
    return problem(
        500,
        "internal-error",
        f"smolny could not complete this request (incident {incident})",
        instance=request.url.path,
    )


def install(app: FastAPI) -> None:
    """Make every error of `app` a problem document."""
    app.add_exception_handler(Refusal, _refused)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _invalid)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    for unavailable in UNAVAILABLE:
        app.add_exception_handler(unavailable, _database_down)
    app.add_exception_handler(Exception, _unexpected)
