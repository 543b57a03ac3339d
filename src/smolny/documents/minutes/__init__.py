"""The minutes of a session: drawn from the journal alone (`draw`), put in words in the
minutes' language (`build`), written as Markdown, HTML or PDF (`render`), and fixed by the
SHA-256 of their canonical Markdown when approved (`minutes_hash`). See docs/minutes.md."""

from smolny.documents.minutes.document import (
    Document,
    Line,
    build,
    canonical_markdown,
    markdown,
    minutes_hash,
    status_lines,
    zone_named,
)
from smolny.documents.minutes.draw import draw
from smolny.documents.minutes.model import (
    Minutes,
    Paragraph,
    PollRecord,
    SessionListing,
    UnknownSession,
    paragraph_ref,
    sessions,
)
from smolny.documents.minutes.render import FORMATS, html, pdf, render
from smolny.documents.pdf import PdfUnavailable

__all__ = [
    "FORMATS",
    "Document",
    "Line",
    "Minutes",
    "Paragraph",
    "PdfUnavailable",
    "PollRecord",
    "SessionListing",
    "UnknownSession",
    "build",
    "canonical_markdown",
    "draw",
    "html",
    "markdown",
    "minutes_hash",
    "paragraph_ref",
    "pdf",
    "render",
    "sessions",
    "status_lines",
    "zone_named",
]
