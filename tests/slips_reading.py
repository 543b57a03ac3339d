"""Reading access-code slips back: the PDF's text and every QR code on it, decoded."""

from __future__ import annotations

import io
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import zxingcpp
from pypdf import PdfReader


@dataclass
class Slips:
    pages: int
    text: str  # all the pages' text
    urls: list[str]  # what each QR code says, decoded from the image in the PDF

    def codes(self) -> list[str]:
        """The access codes in the QR codes' addresses."""
        return [parse_qs(urlsplit(url).query)["code"][0] for url in self.urls]


def read_slips(pdf: bytes) -> Slips:
    """Parse the PDF, take its text, and decode every QR code image on every page."""
    reader = PdfReader(io.BytesIO(pdf))
    texts: list[str] = []
    urls: list[str] = []
    for page in reader.pages:
        texts.append(page.extract_text())
        for image in page.images:
            found = zxingcpp.read_barcodes(image.image)
            assert len(found) == 1, f"an image holding {len(found)} codes"
            assert found[0].format == zxingcpp.BarcodeFormat.QRCode
            urls.append(found[0].text)
    return Slips(len(reader.pages), "\n".join(texts), urls)
