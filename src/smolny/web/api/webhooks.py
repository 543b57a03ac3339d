"""The webhooks API (admin only): subscribe a member council, list, remove; and the
minutes of a session over the API."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import Field
from starlette.status import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from smolny.domain.errors import Forbidden, Unavailable
from smolny.service import webhooks
from smolny.service.app import Principal
from smolny.service.views import record
from smolny.web.callers import App, Who
from smolny.web.schemas import Strict

router = APIRouter(prefix="/api/v1")


class WebhookIn(Strict):
    url: str = Field(max_length=2000)
    secret: str = Field(max_length=1000)
    body: str = Field(max_length=63)
    what: Literal["resolutions", "decisions", "all", "report"] = "resolutions"
    replay: bool = False


def _admin(who: Principal) -> None:
    if who.role != "admin":
        raise Forbidden("forbidden", f"webhooks are managed by the admin; you are {who.role}")


@router.post("/webhooks", status_code=HTTP_201_CREATED, summary="Subscribe a webhook")
def add_webhook(body: WebhookIn, who: Who, app: App) -> dict[str, object]:
    _admin(who)
    found = webhooks.subscribe(app, body.url, body.secret, body.body, body.what, body.replay)
    return found.as_json()


@router.get("/webhooks", summary="The webhooks and how their deliveries stand")
def list_webhooks(who: Who, app: App) -> list[dict[str, object]]:
    _admin(who)
    return [s.as_json() for s in webhooks.subscriptions(app)]


@router.delete("/webhooks/{ident}", status_code=HTTP_204_NO_CONTENT, summary="Remove a webhook")
def remove_webhook(ident: str, who: Who, app: App) -> Response:
    _admin(who)
    webhooks.unsubscribe(app, ident)
    return Response(status_code=HTTP_204_NO_CONTENT)


@router.get("/sessions/{ident}/minutes", summary="The minutes of a session (md, html, pdf)")
async def session_minutes(
    ident: str,
    app: App,
    format: Annotated[Literal["md", "html", "pdf"], Query()] = "md",
    lang: Annotated[Literal["en", "ru"] | None, Query()] = None,
) -> Response:
    from smolny.documents.minutes import FORMATS

    data = await run_in_threadpool(_minutes, app, ident, format, lang)
    return Response(data, media_type=FORMATS[format])


def _minutes(app: App, ident: str, fmt: str, lang: str | None) -> bytes:
    from smolny.documents.minutes import PdfUnavailable, render

    minutes = record.minutes(app, ident)
    try:
        return render(minutes, fmt, lang)
    except PdfUnavailable as exc:
        raise Unavailable("pdf", str(exc)) from None
