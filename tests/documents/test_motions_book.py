"""The motions book (issue 19, docs/papers.md): the congress's papers as a document, motions
with their paragraphs numbered, amendments as changes to the text, composites with the
motions they replace, the committee's rulings and recommendations with their reasons; a
numbered PDF with a table of contents; final editions fixed by the SHA-256 of the book's
canonical content, checked by drawing the book again from the journal."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import resources

import pytest

from smolny import procedure
from smolny.documents import book as document
from smolny.domain import commands as c
from smolny.domain.errors import Refusal
from smolny.service.app import Principal, Smolny
from smolny.service.views import book as views

ROBERT = (resources.files("smolny.procedure") / "rulebooks" / "robert.toml").read_text()
RULES = procedure.parse_rulebook(ROBERT, "union-rules.toml")
SECRETARY = Principal("a1", "secretary", "secretary")


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2027, 2, 1, 12, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def app() -> Iterator[Smolny]:
    """A congress of three councils with two motions, an amendment, a ruling out of order,
    a composite and recommendations."""
    service = Smolny.in_memory(clock=Clock(), rulebooks=[RULES])
    run = service.execute
    for slug in ("leeds", "york", "hull"):
        run(c.CreateBody(slug, slug.title() + " council", "council", members=100))
    run(c.CreateBody("congress", "Union congress", rulebook="union-rules"))
    run(c.ConveneCongress("congress", ("leeds", "york", "hull"), "fixed", number=2))
    run(c.SetDeadlines("congress", "2027-03-01T17:00:00+00:00"), by=SECRETARY)
    pay = ("Congress notes the cost of living.", "Congress demands a pay rise.")
    run(c.SubmitMotion("congress", "leeds", "Pay", pay, ("A. Mover",)), by=SECRETARY)
    run(c.SubmitMotion("congress", "york", "Wages", ("Congress wants more.",), ("B. Mover",)))
    run(c.SubmitMotion("congress", "hull", "Football", ("Congress backs Hull City.",), ("C",)))
    text = "Congress demands a pay rise of ten per cent."
    run(c.SubmitAmendment("congress", "york", "M1", 2, "replace", text, ("D. Mover",)))
    run(c.MovePaper("congress", "M3", "ruled-out-of-order", "committee", "not union business"))
    for number in ("M1", "M2", "A1"):
        run(c.MovePaper("congress", number, "admitted", "committee"))
    run(c.Recommend("congress", "A1", "support", "ten per cent is what members asked for"))
    run(c.Recommend("congress", "M2", "oppose", "it says nothing a branch can act on"))
    yield service
    service.close()


def composite(app: Smolny) -> None:
    run = app.execute
    run(c.ProposeComposite("congress", ("M1", "M2"), "Pay and wages", ("Congress demands.",)))
    run(c.ConsentToComposite("congress", "C1", "M1"))
    run(c.ConsentToComposite("congress", "C1", "M2"))
    run(c.MakeComposite("congress", "C1"))


def fix(app: Smolny) -> dict[str, object]:
    entries = app.run(lambda tx: views.fixing(app, "congress"), by=SECRETARY)
    return dict(entries[0].data)


def test_the_book_numbers_paragraphs_and_shows_amendments_as_changes(app: Smolny) -> None:
    book = document.build(views.book(app, "congress"), "en")
    text = document.markdown(book)
    assert [m.number for m in book.motions] == ["M1", "M2", "M3"]
    assert "1. Congress notes the cost of living.\n2. Congress demands a pay rise." in text
    assert "#### A1 (York council): to replace paragraph 2" in text
    assert "- Strike: ~~Congress demands a pay rise.~~" in text
    assert "- Insert: **Congress demands a pay rise of ten per cent.**" in text
    # each paper's state in words, the committee's rulings and recommendations with reasons
    m3 = book.entry("M3")
    assert m3 is not None and m3.state.startswith("Ruled out of order, by the standing orders")
    assert "Reason: not union business" in m3.state
    assert "M3: Ruled out of order (the standing orders committee). Reason: not union business" in (
        book.rulings
    )
    assert book.recommendations == [  # in the book's order: M1 with its amendments, M2
        "A1: Support. Reason: ten per cent is what members asked for",
        "M2: Oppose. Reason: it says nothing a branch can act on",
    ]
    assert "**The committee recommends:** Oppose." in text
    assert book.agenda is None and "## Agenda" not in text  # no sitting has an agenda yet


def test_a_composite_shows_the_motions_it_replaces(app: Smolny) -> None:
    composite(app)
    book = document.build(views.book(app, "congress"), "en")
    assert [m.number for m in book.composites] == ["C1"]
    assert book.composites[0].replaces == "Replaces M1 “Pay”; M2 “Wages”."
    m1 = book.entry("M1")
    assert m1 is not None and m1.replaced_by == "Replaced by the composite C1 “Pay and wages”."
    assert m1.state.startswith("Composited")
    assert ("composites", "Composite motions", [("paper-C1", "C1. Pay and wages")]) in (
        book.contents
    )


def test_the_agenda_of_the_congress_sitting_opens_the_book(app: Smolny) -> None:
    session = app.execute(c.OpenSession("congress", "First sitting"))[0].data["session"]
    items = (
        c.AgendaDraftItem("Credentials", "the credentials committee"),
        c.AgendaDraftItem("Pay"),
    )
    app.execute(c.DraftAgenda(session, items))
    book = document.build(views.book(app, "congress"), "en")
    assert book.agenda == ["Credentials (the credentials committee)", "Pay"]
    assert book.contents[0] == ("agenda", "Agenda", [])
    text = document.markdown(book)
    assert "## Agenda\n\nThe agenda of “First sitting”, as drafted (not yet adopted)." in text
    assert "1. Credentials (the credentials committee)\n2. Pay" in text


def test_the_book_in_russian(app: Smolny) -> None:
    text = document.markdown(document.build(views.book(app, "congress"), "ru"))
    assert "Сборник резолюций" in text
    assert "Вычеркнуть:" in text and "Признана не подлежащей рассмотрению" in text


def test_the_pdf_has_numbered_pages_and_a_table_of_contents(app: Smolny) -> None:
    pypdf = pytest.importorskip("pypdf")
    data = document.render(views.book(app, "congress"), "pdf", "en")
    assert data.startswith(b"%PDF")
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    assert len(pages) >= 3  # the title and contents, the motions, the report
    first = pages[0].extract_text()
    assert "Contents" in first and "M1. Pay" in first
    total = len(pages)
    assert f"1 / {total}" in first
    assert f"{total} / {total}" in pages[-1].extract_text()
    assert "Report of the standing orders committee" in pages[-1].extract_text()
    motions = pages[1].extract_text()
    assert re.search(r"1\.\s+Congress notes the cost of living\.", motions)  # numbered
    assert "Strike: Congress demands a pay rise." in motions


def test_a_final_edition_fixes_the_hash_of_the_canonical_content(app: Smolny) -> None:
    before = app.state.seq
    drawn = views.book(app, "congress")
    canonical = views.canonical_text(drawn["content"]).encode("utf-8")
    fixed = fix(app)
    assert fixed == {
        "congress": "congress",
        "edition": 1,
        "sha256": hashlib.sha256(canonical).hexdigest(),
        "covers": before,
    }
    # the same book, nothing new: refused, naming the edition
    with pytest.raises(Refusal) as caught:
        fix(app)
    assert caught.value.rule == "book-unchanged" and "edition 1" in caught.value.message
    # the papers move on: the edition still checks, drawn again up to the entry it covers
    composite(app)
    assert views.book(app, "congress")["sha256"] != fixed["sha256"]
    edition = views.book(app, "congress", edition=1)
    assert edition["matches"] and edition["sha256"] == fixed["sha256"]
    assert [e["matches"] for e in views.check(app, "congress")] == [True]
    assert fix(app)["edition"] == 2
    shown = document.build(views.book(app, "congress", edition=1), "en")
    assert "This book matches the edition fixed in the record." in shown.edition


def test_a_changed_book_fails_the_check(app: Smolny) -> None:
    fix(app)
    drawn = views.book(app, "congress", edition=1)
    recorded = drawn["edition"]["sha256"]
    changed = {**drawn["content"], "papers": drawn["content"]["papers"][:-1]}
    assert views.digest(changed) != recorded
    # a book drawn from other papers than the edition's does not match it
    drawn["sha256"], drawn["matches"] = views.digest(changed), False
    lines = document.build(drawn, "en").edition
    assert any(line.startswith("CHANGED:") for line in lines)


def test_bad_fixes_are_refused_naming_the_rule(app: Smolny) -> None:
    seq = app.state.seq
    stale = c.FixMotionsBook("congress", "0" * 64, seq - 1)
    cases = [
        (stale, "book-changed"),
        (c.FixMotionsBook("congress", "not-a-hash", seq), "sha256"),
        (c.FixMotionsBook("leeds", "0" * 64, seq), "not-a-congress"),
    ]
    for command, rule in cases:
        with pytest.raises(Refusal) as caught:
            app.execute(command, by=SECRETARY)
        assert caught.value.rule == rule
        assert app.state.seq == seq
    with pytest.raises(Refusal) as caught:
        views.book(app, "congress", edition=1)
    assert caught.value.rule == "unknown-edition"
