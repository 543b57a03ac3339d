"""A congress's motions book over HTTP (issue 19, docs/papers.md): the book's canonical
content as it stands with its final editions, and the secretariat's act fixing a final
edition by the SHA-256 of that content (`motions-book.fixed`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.status import HTTP_201_CREATED

from smolny.service.permissions import require
from smolny.service.views import book
from smolny.web.api.core import _entries
from smolny.web.callers import App, Who

router = APIRouter(prefix="/api/v1")


@router.get("/congresses/{slug}/book", summary="A congress's motions book and its final editions")
def get_book(slug: str, app: App) -> dict[str, Any]:
    drawn = book.book(app, slug)
    return {
        "congress": slug,
        "sha256": drawn["sha256"],
        "seq": drawn["seq"],
        "editions": drawn["editions"],
        "content": drawn["content"],
    }


@router.post(
    "/congresses/{slug}/book/final",
    status_code=HTTP_201_CREATED,
    summary="Fix a final edition of the motions book by its hash",
)
def fix_book(slug: str, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "papers.secretariat")
    # drawn and recorded in one unit of work: no entry comes between
    entries = app.run(lambda tx: book.fixing(app, slug), by=who)
    fixed = entries[0].data
    return {
        "edition": fixed["edition"],
        "sha256": fixed["sha256"],
        "covers": fixed["covers"],
        "entries": _entries(entries),
    }
