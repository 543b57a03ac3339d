"""A congress's motions book on the public site (issue 19, docs/papers.md): the book as it
stands, drawn again on every request as the papers move on (`/congresses/{slug}/book`),
each paper on its own page (`.../book/{number}`), the book as PDF and Markdown, and its
canonical content (`book.json`, the bytes whose SHA-256 a final edition fixes). With
`?edition=N`, each of them is that final edition, drawn again from the journal up to the
entry it covers, and the page says whether it matches the hash in the record.

Public, as the record the book is drawn from is.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from smolny.documents import book as document
from smolny.domain.errors import Refusal
from smolny.service.views import book as views
from smolny.web import i18n
from smolny.web.callers import App
from smolny.web.screens import common as screens

router = APIRouter(include_in_schema=False)
Edition = Annotated[int | None, Query(ge=1, le=1_000_000)]


def _missing(request: Request, refusal: Refusal) -> HTMLResponse:
    said = i18n._("There is no motions book here: %(reason)s", reason=refusal.message)
    return screens.render(request, "document_missing.html", {"said": said}, status=404)


def _context(drawn: dict[str, Any], book: document.Book, edition: int | None) -> dict[str, Any]:
    slug = book.slug
    query = f"?edition={edition}" if edition is not None else ""
    latest = drawn["editions"][-1] if drawn["editions"] else None
    return {
        "book": book,
        "slug": slug,
        "edition": edition,
        "query": query,
        "sha256": drawn["sha256"],
        "editions": drawn["editions"],
        "is_latest": latest is not None and edition is None and latest["sha256"] == drawn["sha256"],
        "latest": latest,
        "canonical": f"/congresses/{slug}/book.json{query}",
    }


@router.get("/congresses/{slug}/book", response_class=HTMLResponse)
async def book_page(slug: str, request: Request, app: App, edition: Edition = None) -> HTMLResponse:
    """The motions book as it stands (or final edition `edition`), in the reader's language."""
    try:
        drawn = await run_in_threadpool(views.book, app, slug, edition)
    except Refusal as refusal:
        return _missing(request, refusal)
    book = document.build(drawn, i18n.choose(request))
    return screens.render(request, "book_page.html", _context(drawn, book, edition))


@router.get("/congresses/{slug}/book/{number}", response_class=HTMLResponse)
async def book_paper(
    slug: str, number: str, request: Request, app: App, edition: Edition = None
) -> HTMLResponse:
    """One paper of the book: a motion or composite with its amendments, or an amendment."""
    try:
        drawn = await run_in_threadpool(views.book, app, slug, edition)
    except Refusal as refusal:
        return _missing(request, refusal)
    book = document.build(drawn, i18n.choose(request))
    found = book.entry(number[:16])
    if found is None:
        said = i18n._("The motions book has no paper %(number)s.", number=number[:16])
        return screens.render(request, "document_missing.html", {"said": said}, status=404)
    context = {**_context(drawn, book, edition), "paper": found}
    context["amendment"] = isinstance(found, document.Amendment)
    return screens.render(request, "book_paper.html", context)


async def _file(request: Request, app: App, slug: str, edition: int | None, fmt: str) -> Response:
    try:
        drawn = await run_in_threadpool(views.book, app, slug, edition)
    except Refusal as refusal:
        return _missing(request, refusal)
    name = f"{slug}-motions-book" + (f"-edition-{edition}" if edition is not None else "")
    if fmt == "json":
        data = views.canonical_text(drawn["content"]).encode("utf-8")
        media = "application/json"
    else:
        data = await run_in_threadpool(document.render, drawn, fmt, i18n.choose(request))
        media = document.FORMATS[fmt]
    disposition = f'inline; filename="{name}.{fmt}"'
    return Response(data, media_type=media, headers={"Content-Disposition": disposition})


@router.get("/congresses/{slug}/book.pdf")
async def book_pdf(slug: str, request: Request, app: App, edition: Edition = None) -> Response:
    """The book as a numbered PDF with its table of contents."""
    return await _file(request, app, slug, edition, "pdf")


@router.get("/congresses/{slug}/book.md")
async def book_markdown(slug: str, request: Request, app: App, edition: Edition = None) -> Response:
    """The book as Markdown."""
    return await _file(request, app, slug, edition, "md")


@router.get("/congresses/{slug}/book.json")
async def book_canonical(
    slug: str, request: Request, app: App, edition: Edition = None
) -> Response:
    """The book's canonical content: the exact bytes whose SHA-256 a final edition fixes."""
    return await _file(request, app, slug, edition, "json")
