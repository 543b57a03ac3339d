"""Reading access-code slips back: the PDF's text and every QR code on it, decoded.

The QR codes are vector drawings (SVG), so each page is drawn as a printer would draw it
(pypdfium2, 200 dots per inch) and every code on the picture is decoded, in the order of
the slips: row by row, left to right.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pypdfium2
import zxingcpp
from pypdf import PdfReader

DPI = 200
ROWS = 4  # slips down an A4 page


@dataclass
class Slips:
    pages: int
    text: str  # all the pages' text
    urls: list[str]  # what each QR code says, decoded from the printed page, in slip order

    def codes(self) -> list[str]:
        """The access codes in the QR codes' addresses."""
        return [parse_qs(urlsplit(url).query)["code"][0] for url in self.urls]


def read_slips(pdf: bytes) -> Slips:
    """Parse the PDF, take its text, and decode every QR code printed on every page."""
    reader = PdfReader(io.BytesIO(pdf))
    texts = [page.extract_text() for page in reader.pages]
    urls: list[str] = []
    document = pypdfium2.PdfDocument(pdf)
    try:
        for page in document:
            picture = page.render(scale=DPI / 72).to_pil()
            found = zxingcpp.read_barcodes(picture)
            assert all(f.format == zxingcpp.BarcodeFormat.QRCode for f in found)
            row_height = picture.height / ROWS
            found.sort(
                key=lambda f: (
                    int(f.position.top_left.y // row_height),
                    f.position.top_left.x,
                )
            )
            urls.extend(f.text for f in found)
    finally:
        document.close()
    return Slips(len(reader.pages), "\n".join(texts), urls)
