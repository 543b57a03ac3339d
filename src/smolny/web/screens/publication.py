"""Publication: the register of resolutions as public pages, a printable poster of an
adopted text, and Atom feeds of resolutions and results.

Everything here is drawn from the journal by `smolny.record.publication` (resolutions
numbered by `smolny.record.register`, as `smolny verify --report` numbers them). The
publications are folded once and kept per application, up to the journal's last entry:
each request reads only the entries appended since (`Publications.current`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from xml.sax.saxutils import escape, quoteattr

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from smolny.documents.poster import poster_pdf
from smolny.service.app import Smolny
from smolny.service.views import bodies, record
from smolny.service.views.record import Publication
from smolny.web import i18n
from smolny.web.callers import App
from smolny.web.screens import common as screens
from smolny.web.screens.projector import WORDS

router = APIRouter(include_in_schema=False)
FEED_SIZE = 50  # the latest publications a feed carries
ATOM = "http://www.w3.org/2005/Atom"


def _presence(app: Smolny, found: Publication, lang: str) -> list[dict[str, Any]]:
    """Who was present behind the decision, by faction, replayed from the journal."""
    with i18n.active(lang):
        return record.presence(app, found, i18n._("no faction"))


@router.get("/bodies/{slug}/resolutions", response_class=HTMLResponse)
async def resolutions_page(request: Request, slug: str, app: App) -> HTMLResponse:
    """A body's register of resolutions."""
    name = bodies.name(app, slug)
    rows = await run_in_threadpool(record.register_of, app, slug)
    return screens.render(
        request,
        "publication_register.html",
        {"slug": slug, "body": name, "rows": rows, **WORDS, **bodies.time_zone(app, slug)},
    )


@router.get("/bodies/{slug}/resolutions/{number}", response_class=HTMLResponse)
async def resolution_page(request: Request, slug: str, number: int, app: App) -> HTMLResponse:
    """One resolution: the text as adopted, the decision's figures, the presence behind
    it, its entry in the record and how to check it."""
    name = bodies.name(app, slug)
    found = await run_in_threadpool(record.resolution, app, slug, number)
    presence = await run_in_threadpool(_presence, app, found, i18n.choose(request))
    return screens.render(
        request,
        "publication_resolution.html",
        {
            "slug": slug,
            "body": name,
            "r": found,
            "d": found.figures,
            "session": record.session_title(app, found.session),
            "presence": presence,
            **WORDS,
            **bodies.time_zone(app, slug),
        },
    )


@router.get("/bodies/{slug}/resolutions/{number}/poster")
async def poster(
    request: Request,
    slug: str,
    number: int,
    app: App,
    format: Annotated[str, Query(pattern="^(pdf|html)$")] = "pdf",
) -> Response:
    """A printable poster of an adopted text: PDF, or HTML with print CSS."""
    name = bodies.name(app, slug)
    found = await run_in_threadpool(record.resolution, app, slug, number)
    lang = i18n.choose(request)
    if format == "html":
        return screens.render(
            request,
            "publication_poster.html",
            {
                "slug": slug,
                "body": name,
                "r": found,
                "d": found.figures,
                **WORDS,
                **bodies.time_zone(app, slug),
            },
        )
    data = await run_in_threadpool(poster_pdf, name, found, lang)
    return Response(
        data,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{slug}-{number}.pdf"'},
    )


# -- feeds -------------------------------------------------------------------------------


def _stamp(at: str) -> str:
    # Atom wants RFC 3339; the record's times are already UTC with microseconds and 'Z'
    return at if at else datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _feed_title(found: Publication) -> str:
    if found.kind == "resolution":
        return i18n._("Resolution %(number)s: %(title)s", number=found.number, title=found.title)
    return i18n._("Result: %(title)s", title=found.title)


def _feed_summary(found: Publication) -> str:
    d = found.figures
    if found.kind == "resolution" and "yes" not in d:  # declared by the chair, not counted
        return i18n._(
            "Adopted by %(method)s, declared by the chair; the votes were not counted; "
            "%(present)s present, quorum %(quorum)s.",
            method=d.get("method"),
            present=d.get("present_count"),
            quorum=d.get("quorum"),
        )
    if found.kind == "resolution":
        return i18n._(
            "Adopted: %(yes)s for, %(no)s against, %(abstain)s abstaining; %(present)s present, "
            "quorum %(quorum)s.",
            yes=d.get("yes"),
            no=d.get("no"),
            abstain=d.get("abstain"),
            present=d.get("present_count"),
            quorum=d.get("quorum"),
        )
    heads = d.get("heads") or {}
    shown = ", ".join(f"{answer}: {count}" for answer, count in dict(heads).items())
    outcome = d.get("outcome") or {}
    elected = outcome.get("elected") if isinstance(outcome, dict) else None
    if elected:
        shown += "; " + i18n._("elected: %(names)s", names=", ".join(map(str, elected)))
    return shown


def atom(request: Request, app: Smolny, slug: str | None, names: dict[str, str], lang: str) -> str:
    """The feed of a body (or of all bodies), newest first, as Atom 1.0."""
    with i18n.active(lang):
        return _atom(request, app, slug, names, lang)


def _atom(request: Request, app: Smolny, slug: str | None, names: dict[str, str], lang: str) -> str:
    chosen, first_hash = record.feed(app, slug, FEED_SIZE)
    base = str(request.base_url).rstrip("/")
    named = first_hash or "empty"
    self_path = f"/bodies/{slug}/feed.atom" if slug else "/feed.atom"
    feed_id = f"urn:smolny:feed:{named}:{slug or 'all'}"
    title = names.get(slug, slug) if slug else i18n._("All bodies")
    updated = max((p.at for p in chosen), default="") or _stamp("")
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="{ATOM}" xml:lang={quoteattr(lang)}>',
        f"<id>{escape(feed_id)}</id>",
        f"<title>{escape(i18n._('Resolutions and results: %(title)s', title=title))}</title>",
        f"<updated>{escape(updated)}</updated>",
        f"<author><name>{escape(title)}</name></author>",
        f'<link rel="self" href={quoteattr(base + self_path)}/>',
        f'<link rel="alternate" href={quoteattr(base + "/")}/>',
        "<generator>smolny</generator>",
    ]
    for found in chosen:
        link = (
            f"{base}/bodies/{found.body}/resolutions/{found.number}"
            if found.kind == "resolution"
            else f"{base}/"
        )
        body_name = names.get(found.body, found.body)
        parts += [
            "<entry>",
            f"<id>urn:smolny:entry:{escape(found.hash)}</id>",
            f"<title>{escape(body_name + ': ' + _feed_title(found))}</title>",
            f"<updated>{escape(_stamp(found.at))}</updated>",
            f"<published>{escape(_stamp(found.at))}</published>",
            f'<link rel="alternate" href={quoteattr(link)}/>',
            f"<category term={quoteattr(found.kind)}/>",
            f"<summary>{escape(_feed_summary(found))}</summary>",
        ]
        if found.text:
            parts.append(f'<content type="text">{escape(found.text)}</content>')
        parts.append("</entry>")
    parts.append("</feed>")
    return "\n".join(parts) + "\n"


async def _feed(request: Request, app: Smolny, slug: str | None) -> Response:
    lang = i18n.choose(request)
    names = bodies.names(app)
    text = await run_in_threadpool(atom, request, app, slug, names, lang)
    return Response(text, media_type="application/atom+xml; charset=utf-8")


@router.get("/feed.atom")
async def feed_all(request: Request, app: App) -> Response:
    """Resolutions and results of every body, as an Atom feed."""
    return await _feed(request, app, None)


@router.get("/bodies/{slug}/feed.atom")
async def feed_body(request: Request, slug: str, app: App) -> Response:
    """A body's resolutions and results, as an Atom feed."""
    bodies.name(app, slug)
    return await _feed(request, app, slug)
