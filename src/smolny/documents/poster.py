"""A resolution's poster: its body, number, title and text, with the vote and the entry of
the record it was adopted at, laid out for an A4 wall and drawn by the documents' one PDF
engine. The words are the publication catalogue's (`locale/ru/LC_MESSAGES/publication.po`).
"""

from __future__ import annotations

from smolny import i18n
from smolny.documents import pdf as engine
from smolny.i18n import _
from smolny.record.publication import Publication


def poster_page(body: str, found: Publication, lang: str) -> str:
    """The poster of a resolution as HTML with print CSS, in `lang`."""
    with i18n.active(lang):
        d = found.figures
        return engine.page(
            "poster.html",
            lang=lang,
            fonts=engine.font_faces(),
            title=f"{body}: {found.title}",
            body=body.upper(),
            number=_("Resolution №%(number)s", number=found.number),
            heading=found.title,
            text=found.text,
            figures=_(
                "Adopted %(when)s: %(yes)s for, %(no)s against, %(abstain)s abstaining; "
                "%(present)s present.",
                when=i18n.when(found.at, "long"),
                yes=i18n.number(d.get("yes")),
                no=i18n.number(d.get("no")),
                abstain=i18n.number(d.get("abstain")),
                present=i18n.number(d.get("present_count")),
            )
            if "yes" in d
            else _(  # declared by the chair: the record holds no figures
                "Adopted %(when)s, declared by the chair; the votes were not counted; "
                "%(present)s present.",
                when=i18n.when(found.at, "long"),
                present=i18n.number(d.get("present_count")),
            ),
            entry=_("Entry %(seq)s of the record, hash %(hash)s", seq=found.seq, hash=found.hash),
        )


def poster_pdf(body: str, found: Publication, lang: str) -> bytes:
    """The poster of a resolution as a PDF, in `lang`."""
    return engine.write_pdf(poster_page(body, found, lang))
