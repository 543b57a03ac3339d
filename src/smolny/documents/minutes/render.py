"""The minutes as files: Markdown, HTML (printable, self-contained) and PDF (WeasyPrint)."""

from __future__ import annotations

import datetime as dt

from smolny import i18n
from smolny.documents import pdf as engine
from smolny.documents.minutes.document import Document, build, markdown, status_lines
from smolny.documents.minutes.model import Minutes

FORMATS = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


def html(doc: Document, for_print: bool = False) -> str:
    """The minutes as one self-contained HTML page (styles inline, printable)."""
    font = engine.SANS.as_uri() if for_print else None
    return engine.page("minutes.html", doc=doc, font=font)


def pdf(doc: Document) -> bytes:
    """The minutes as PDF, drawn by WeasyPrint from the HTML (fonts shipped with smolny)."""
    return engine.write_pdf(html(doc, for_print=True))


def render(
    minutes: Minutes, fmt: str, lang: str | None = None, zone: dt.tzinfo | None = None
) -> bytes:
    """The minutes in `fmt` (md, html, pdf), in `lang` (default: the body's language), times
    in `zone` (default: the body's), with the status of their approval at the end."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    chosen = lang or minutes.language
    if chosen not in i18n.LANGUAGES:
        chosen = i18n.DEFAULT
    doc = build(minutes, chosen, zone)
    doc.status = status_lines(minutes, chosen)
    if fmt == "md":
        return markdown(doc).encode("utf-8")
    if fmt == "html":
        return html(doc).encode("utf-8")
    return pdf(doc)
