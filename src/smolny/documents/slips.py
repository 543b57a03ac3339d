"""Access-code slips as a printable PDF: eight to an A4 page, with cut lines.

Each slip gives the delegate's name, body and faction, their access code in large type,
and a QR code of the login address with the code in it, so that a phone's camera logs
the delegate in. The fonts are DejaVu Sans (names in Cyrillic, Greek and Latin) and
DejaVu Sans Mono Bold (the code: every symbol as wide as the next, none misread),
shipped in `smolny/assets/fonts` so that no system font is needed. The QR code is drawn
by segno as a PNG and placed as an image, pixel for pixel.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import segno
from fpdf import FPDF

FONTS = Path(__file__).resolve().parent.parent / "assets" / "fonts"
SANS = FONTS / "DejaVuSans.ttf"
MONO_BOLD = FONTS / "DejaVuSansMono-Bold.ttf"

PAGE_W, PAGE_H = 210.0, 297.0  # A4, millimetres
COLUMNS, ROWS = 2, 4
SLIP_W, SLIP_H = PAGE_W / COLUMNS, PAGE_H / ROWS
MARGIN = 7.0
QR_SIZE = 32.0  # millimetres, quiet zone included

WORDS = {
    "en": {
        "faction": "Faction",
        "code": "Access code",
        "keep": "Keep this slip; it lets you vote.",
        "or": "Or open {host}/login and type the code.",
    },
    "ru": {
        "faction": "Фракция",
        "code": "Код доступа",
        "keep": "Сохраните этот листок: по нему вы голосуете.",
        "or": "Или откройте {host}/login и введите код.",
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


def qr_png(url: str) -> bytes:
    """The QR code of `url` as a PNG, four pixels a module, with its quiet zone."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=4, border=4)
    return buffer.getvalue()


def render(slips: Sequence[Slip], language: str = "en") -> bytes:
    """The slips as a PDF: eight to an A4 page, cut lines between them."""
    words = WORDS.get(language.split("-")[0], WORDS["en"])
    pdf = _document()
    per_page = COLUMNS * ROWS
    for index, slip in enumerate(slips):
        if index % per_page == 0:
            pdf.add_page()
            _cut_lines(pdf)
        row, column = divmod(index % per_page, COLUMNS)
        _slip(pdf, slip, column * SLIP_W, row * SLIP_H, words)
    return bytes(pdf.output())


def _document() -> FPDF:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_creator("smolny")
    pdf.set_title("Access codes")
    pdf.add_font("Sans", "", str(SANS))
    pdf.add_font("Mono", "B", str(MONO_BOLD))
    return pdf


def _cut_lines(pdf: FPDF) -> None:
    pdf.set_draw_color(150, 150, 150)
    pdf.set_line_width(0.2)
    with pdf.local_context():
        pdf.set_dash_pattern(dash=2, gap=2)
        for column in range(1, COLUMNS):
            pdf.line(column * SLIP_W, 0, column * SLIP_W, PAGE_H)
        for row in range(1, ROWS):
            pdf.line(0, row * SLIP_H, PAGE_W, row * SLIP_H)


def _slip(pdf: FPDF, slip: Slip, x: float, y: float, words: dict[str, str]) -> None:
    text_w = SLIP_W - 2 * MARGIN - QR_SIZE - 3
    left, top = x + MARGIN, y + MARGIN
    pdf.set_text_color(90, 90, 90)
    pdf.set_font("Sans", size=8)
    pdf.set_xy(left, top)
    pdf.multi_cell(text_w, 3.6, _fit(pdf, slip.body, text_w, 2), align="L")
    pdf.set_text_color(0, 0, 0)
    size = 13.0
    pdf.set_font("Sans", size=size)
    while size > 8 and _fit(pdf, slip.name, text_w, 2) != slip.name:
        size -= 0.5
        pdf.set_font("Sans", size=size)
    pdf.set_x(left)
    pdf.multi_cell(text_w, size * 0.45, _fit(pdf, slip.name, text_w, 2), align="L")
    if slip.faction:
        pdf.set_font("Sans", size=9)
        pdf.set_x(left)
        pdf.multi_cell(
            text_w, 4.2, _fit(pdf, f"{words['faction']}: {slip.faction}", text_w, 2), align="L"
        )
    pdf.image(
        io.BytesIO(qr_png(slip.url)),
        x=x + SLIP_W - MARGIN - QR_SIZE,
        y=top - 2,
        w=QR_SIZE,
        h=QR_SIZE,
    )
    code_top = y + MARGIN + QR_SIZE + 1
    pdf.set_font("Sans", size=8)
    pdf.set_text_color(90, 90, 90)
    pdf.set_xy(left, code_top)
    pdf.cell(SLIP_W - 2 * MARGIN, 4, words["code"])
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("Mono", "B", size=19)
    pdf.set_xy(left, code_top + 4.5)
    pdf.cell(SLIP_W - 2 * MARGIN, 8, slip.code)
    pdf.set_font("Sans", size=8.5)
    pdf.set_xy(left, code_top + 14)
    pdf.cell(SLIP_W - 2 * MARGIN, 4, words["keep"])
    host = urlsplit(slip.url)
    pdf.set_font("Sans", size=7)
    pdf.set_text_color(90, 90, 90)
    pdf.set_xy(left, code_top + 18.5)
    shown = f"{host.netloc}{host.path.removesuffix('/login')}"
    pdf.cell(SLIP_W - 2 * MARGIN, 4, _fit(pdf, words["or"].format(host=shown), SLIP_W - 14, 1))
    pdf.set_text_color(0, 0, 0)


def _fit(pdf: FPDF, text: str, width: float, lines: int) -> str:
    # What fits in `lines` lines of `width` as multi_cell wraps it, cut with an ellipsis.
    wrapped = pdf.multi_cell(width, 4, text, dry_run=True, output="LINES")
    if len(wrapped) <= lines:
        return text
    kept = " ".join(wrapped[:lines])
    while kept and len(pdf.multi_cell(width, 4, kept + "…", dry_run=True, output="LINES")) > lines:
        kept = kept[:-1]
    return kept.rstrip() + "…"
