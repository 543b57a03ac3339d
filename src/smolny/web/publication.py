"""Publication: the register of resolutions as public pages, a printable poster of an
adopted text, and Atom feeds of resolutions and results.

Everything here is drawn from the journal by `smolny.record.publication` (resolutions
numbered by `smolny.record.register`, as `smolny verify --report` numbers them). The
publications are folded once and kept per application, up to the journal's last entry:
each request reads only the entries appended since (`Publications.current`).
"""

from __future__ import annotations

import threading
import weakref
from datetime import UTC, datetime
from typing import Annotated, Any
from xml.sax.saxutils import escape, quoteattr

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from smolny.adapters import journal
from smolny.adapters.database import read_transaction
from smolny.documents.poster import poster_pdf
from smolny.domain.errors import NotFound
from smolny.record.publication import Publication, Publisher, entry_of
from smolny.record.quorums import replay
from smolny.record.register import Resolution
from smolny.service.app import Smolny
from smolny.web import i18n, screens
from smolny.web.api import App
from smolny.web.projector import WORDS

router = APIRouter(include_in_schema=False)
FEED_SIZE = 50  # the latest publications a feed carries
ATOM = "http://www.w3.org/2005/Atom"


class Publications:
    """One application's publications, folded from its journal and kept up to date."""

    def __init__(self, app: Smolny) -> None:
        self.app = app
        self.publisher = Publisher()
        self.first_hash = ""  # the record's first entry names the record in feed ids
        self.lock = threading.Lock()

    def current(self) -> Publisher:
        """The publisher, having folded every entry the database holds now."""
        with self.lock:
            with read_transaction(self.app.engine) as conn:
                rows = journal.lines(conn, after=self.publisher.seq)
            for _, text in rows:
                entry = entry_of(text)
                if entry.seq == 1:
                    self.first_hash = entry.hash
                self.publisher.fold(entry)
            return self.publisher


_kept: weakref.WeakKeyDictionary[Smolny, Publications] = weakref.WeakKeyDictionary()
_kept_lock = threading.Lock()


def publications_of(app: Smolny) -> Publications:
    """The application's publications (made on first use)."""
    with _kept_lock:
        found = _kept.get(app)
        if found is None:
            found = _kept[app] = Publications(app)
        return found


def register(app: Smolny) -> dict[str, list[Resolution]]:
    """Each body's register of resolutions, up to the journal's last entry."""
    publisher = publications_of(app).current()
    return {body: list(found) for body, found in publisher.registrar.resolutions.items()}


def _body_name(app: Smolny, slug: str) -> str:
    with app.lock:
        body = app.state.bodies.get(slug)
        if body is None:
            raise NotFound("body", f"there is no body {slug!r}", field="slug")
        return body.name


def _resolution(app: Smolny, slug: str, number: int) -> Publication:
    publisher = publications_of(app).current()
    numbered = [
        p
        for p in publisher.publications
        if p.kind == "resolution" and p.body == slug and p.number == number
    ]
    if not numbered:
        count = len(publisher.registrar.resolutions.get(slug, []))
        raise NotFound(
            "resolution",
            f"{slug} has no resolution {number} (it has {count})",
            field="number",
        )
    return numbered[0]


def _presence(app: Smolny, found: Publication, lang: str) -> list[dict[str, Any]]:
    """Who was present behind the decision, by faction, replayed from the journal."""
    with i18n.active(lang):
        return _replayed_presence(app, found)


def _replayed_presence(app: Smolny, found: Publication) -> list[dict[str, Any]]:
    with read_transaction(app.engine) as conn:
        rows = journal.lines(conn, after=0, limit=found.seq)
    replayed = replay(entry_of(text) for _, text in rows)
    behind = next((d for d in replayed.decisions if d.decision.seq == found.seq), None)
    if behind is None:
        return []
    by_faction: dict[str, list[str]] = {}
    for ident in behind.present:
        faction = replayed.factions.get(ident)
        label = (
            replayed.faction_names.get((behind.body, faction), faction)
            if faction
            else i18n._("no faction")
        )
        by_faction.setdefault(str(label), []).append(replayed.names.get(ident, ident))
    return [
        {"faction": label, "count": len(names), "names": sorted(names)}
        for label, names in sorted(by_faction.items(), key=lambda f: (-len(f[1]), f[0]))
    ]


def _session_title(app: Smolny, session: str) -> str:
    with app.lock:
        found = app.state.sessions.get(session)
        return found.title if found is not None else session


@router.get("/bodies/{slug}/resolutions", response_class=HTMLResponse)
async def resolutions_page(request: Request, slug: str, app: App) -> HTMLResponse:
    """A body's register of resolutions."""
    name = _body_name(app, slug)
    numbered = (await run_in_threadpool(register, app)).get(slug, [])
    publisher = publications_of(app).publisher
    by_seq = {p.seq: p for p in publisher.publications}
    rows = [
        {"resolution": r, "figures": by_seq[r.seq].figures if r.seq in by_seq else {}}
        for r in numbered
    ]
    return screens.render(
        request,
        "publication_register.html",
        {"slug": slug, "body": name, "rows": rows, **WORDS},
    )


@router.get("/bodies/{slug}/resolutions/{number}", response_class=HTMLResponse)
async def resolution_page(request: Request, slug: str, number: int, app: App) -> HTMLResponse:
    """One resolution: the text as adopted, the decision's figures, the presence behind
    it, its entry in the record and how to check it."""
    name = _body_name(app, slug)
    found = await run_in_threadpool(_resolution, app, slug, number)
    presence = await run_in_threadpool(_presence, app, found, i18n.choose(request))
    return screens.render(
        request,
        "publication_resolution.html",
        {
            "slug": slug,
            "body": name,
            "r": found,
            "d": found.figures,
            "session": _session_title(app, found.session),
            "presence": presence,
            **WORDS,
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
    name = _body_name(app, slug)
    found = await run_in_threadpool(_resolution, app, slug, number)
    lang = i18n.choose(request)
    if format == "html":
        return screens.render(
            request,
            "publication_poster.html",
            {"slug": slug, "body": name, "r": found, "d": found.figures},
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
    kept = publications_of(app)
    publisher = kept.current()
    chosen = [
        p
        for p in publisher.publications
        if p.kind in ("resolution", "result") and (slug is None or p.body == slug)
    ]
    chosen = chosen[-FEED_SIZE:][::-1]
    base = str(request.base_url).rstrip("/")
    record = kept.first_hash or "empty"
    self_path = f"/bodies/{slug}/feed.atom" if slug else "/feed.atom"
    feed_id = f"urn:smolny:feed:{record}:{slug or 'all'}"
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


def _names(app: Smolny) -> dict[str, str]:
    with app.lock:
        return {slug: body.name for slug, body in app.state.bodies.items()}


async def _feed(request: Request, app: Smolny, slug: str | None) -> Response:
    lang = i18n.choose(request)
    names = _names(app)
    text = await run_in_threadpool(atom, request, app, slug, names, lang)
    return Response(text, media_type="application/atom+xml; charset=utf-8")


@router.get("/feed.atom")
async def feed_all(request: Request, app: App) -> Response:
    """Resolutions and results of every body, as an Atom feed."""
    return await _feed(request, app, None)


@router.get("/bodies/{slug}/feed.atom")
async def feed_body(request: Request, slug: str, app: App) -> Response:
    """A body's resolutions and results, as an Atom feed."""
    _body_name(app, slug)
    return await _feed(request, app, slug)
