"""The one PDF engine of the documents, and their templates and fonts.

Every printable document (the minutes, the access-code slips, a resolution's poster) is
an HTML page with print CSS, laid out by WeasyPrint. The fonts ship with smolny
(`smolny/documents/fonts`: DejaVu Sans for names in Cyrillic, Greek and Latin, DejaVu Sans
Mono Bold for access codes), so that no system font is needed; WeasyPrint needs the
system's Pango (libpango-1.0-0).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
FONTS = HERE / "fonts"
SANS = FONTS / "DejaVuSans.ttf"
MONO_BOLD = FONTS / "DejaVuSansMono-Bold.ttf"


class PdfUnavailable(RuntimeError):
    """WeasyPrint, or the Pango library under it, cannot be loaded."""


@cache
def _environment() -> Any:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def page(template: str, **values: object) -> str:
    """The HTML of a document's template (`smolny/documents/templates`), filled in."""
    return str(_environment().get_template(template).render(**values))


def font_faces() -> dict[str, str]:
    """The shipped fonts' file addresses, for the templates' @font-face rules."""
    return {"sans": SANS.as_uri(), "mono_bold": MONO_BOLD.as_uri()}


def write_pdf(html: str) -> bytes:
    """The PDF WeasyPrint draws from `html`; PdfUnavailable when it cannot be loaded."""
    try:
        from weasyprint import HTML  # type: ignore[import-untyped]
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(
            "cannot make a PDF: WeasyPrint could not be loaded "
            f"({str(exc).splitlines()[0] if str(exc) else type(exc).__name__}); "
            "install the system package libpango-1.0-0 (and pip install weasyprint)"
        ) from None
    data: bytes = HTML(string=html, base_url=str(FONTS)).write_pdf()
    return data
