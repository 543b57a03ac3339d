"""Access-code slips as a printable PDF: eight to an A4 page, with cut lines.

Each slip gives the delegate's name, body and faction, their access code in large type,
and a QR code of the login address with the code in it, so that a phone's camera logs
the delegate in. The page is HTML and CSS (`templates/slips.html`) drawn by the documents'
one PDF engine (`smolny.documents.pdf`): DejaVu Sans for the names (Cyrillic, Greek and
Latin), DejaVu Sans Mono Bold for the code (every symbol as wide as the next, none
misread), and the QR code as an SVG drawn by segno, sharp at any printer's resolution.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import segno

from smolny.documents import pdf as engine

PER_PAGE = 8  # two columns of four slips on an A4 page

WORDS = {
    "en": {
        "faction": "Faction",
        "code": "Access code",
        "keep": "Keep this slip; it lets you vote.",
        "keep-voice": "Keep this slip; it lets you follow the sitting and ask for the floor "
        "(a voice, no vote).",
        "or": "Or open {host}/login and type the code.",
        "title": "Access codes",
    },
    "ru": {
        "faction": "Фракция",
        "code": "Код доступа",
        "keep": "Сохраните этот листок: по нему вы голосуете.",
        "keep-voice": "Сохраните этот листок: по нему вы следите за заседанием и просите слова "
        "(совещательный голос, без права голосования).",
        "or": "Или откройте {host}/login и введите код.",
        "title": "Коды доступа",
    },
}


class SlipError(ValueError):
    """Slips cannot be made from what was given (a bad base address)."""


@dataclass(frozen=True)
class Slip:
    """What one slip shows."""

    name: str
    body: str
    faction: str | None
    code: str
    url: str  # the login address with the code, as the QR code holds it
    voting: bool = True  # False: a consultative delegate, a voice and no vote


def login_url(base_url: str, code: str) -> str:
    """The address that logs a delegate in with `code`: BASE/login?code=CODE."""
    return f"{base_url.rstrip('/')}/login?{urlencode({'code': code})}"


def check_base_url(base_url: str) -> str:
    """`base_url` if it is an http(s) address with a host and no query; else SlipError."""
    try:
        parts = urlsplit(base_url)
    except ValueError as exc:
        raise SlipError(f"{base_url!r} is not an address: {exc}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SlipError(
            f"{base_url!r} is not an http(s) address with a host, such as https://vote.example.org"
        )
    if parts.query or parts.fragment:
        raise SlipError(f"{base_url!r}: the base address takes no query or fragment")
    if any(ch.isspace() or ord(ch) < 32 for ch in base_url):
        raise SlipError(f"{base_url!r}: the base address holds a space or a control character")
    return base_url.rstrip("/")


def qr_svg(url: str) -> str:
    """The QR code of `url` as an SVG data address, with its quiet zone, scaled by its page."""
    code = segno.make(url, error="m", micro=False)
    return str(code.svg_data_uri(border=4, omitsize=True, nl=False))


def page(slips: Sequence[Slip], language: str = "en") -> str:
    """The slips as one HTML page with print CSS: eight to an A4 sheet."""
    words = WORDS.get(language.split("-")[0], WORDS["en"])
    shown = [
        {
            "slip": slip,
            "qr": qr_svg(slip.url),
            "faction": f"{words['faction']}: {slip.faction}" if slip.faction else None,
            "or": words["or"].format(host=_host(slip.url)),
        }
        for slip in slips
    ]
    sheets = [shown[i : i + PER_PAGE] for i in range(0, len(shown), PER_PAGE)]
    return engine.page(
        "slips.html",
        sheets=sheets,
        words=words,
        lang=language.split("-")[0],
        fonts=engine.font_faces(),
    )


def render(slips: Sequence[Slip], language: str = "en") -> bytes:
    """The slips as a PDF: eight to an A4 page, cut lines between them."""
    return engine.write_pdf(page(slips, language))


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path.removesuffix('/login')}"
