"""The motions book on the public site, in a real browser (issue 19): from the public page
to the book, a paper's own page, the PDF downloaded, a final edition checked; on a 360 px
phone with no sideways scroll and no serious axe finding, in English and Russian."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hall import assert_accessible, screenshot
from servers import Server
from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny
from smolny.service.views import book as views

PHONE = {"width": 360, "height": 740}
SECRETARY = Principal("a1", "secretary", "secretary")


def build(app: Smolny) -> None:
    """A union congress's papers: three motions, an amendment, a ruling, a composite,
    recommendations, an agenda drafted, and final edition 1 fixed."""
    run = app.execute
    for slug in ("leeds", "york", "hull"):
        run(c.CreateBody(slug, f"{slug.title()} council", "council", members=100))
    run(c.CreateBody("congress", "Union congress"))
    run(c.SetDeadlines("congress", "2027-03-01T17:00:00+00:00"), by=SECRETARY)
    pay = (
        "Congress notes that prices have risen faster than pay for three years.",
        "Congress demands a pay rise for every member.",
    )
    run(c.SubmitMotion("congress", "leeds", "Pay", pay, ("Ann Lee",), ("york",)))
    hours = ("Congress calls for a 32-hour week with no loss of pay.",)
    run(c.SubmitMotion("congress", "york", "Hours", hours, ("Bob Ray",)))
    run(c.SubmitMotion("congress", "hull", "Football", ("Congress backs Hull City.",), ("Cy",)))
    text = "Congress demands a pay rise of ten per cent for every member."
    run(c.SubmitAmendment("congress", "york", "M1", 2, "replace", text, ("Dee Fox",)))
    run(c.MovePaper("congress", "M3", "ruled-out-of-order", "committee", "not union business"))
    for number in ("M1", "M2", "A1"):
        run(c.MovePaper("congress", number, "admitted", "committee"))
    run(c.Recommend("congress", "A1", "support", "ten per cent is what members asked for"))
    run(c.Recommend("congress", "M2", "refer", "the executive should cost it first"))
    session = run(c.OpenSession("congress", "First sitting"))[0].data["session"]
    items = (c.AgendaDraftItem("Credentials"), c.AgendaDraftItem("Pay and hours", "Ann Lee"))
    run(c.DraftAgenda(session, items))
    app.run(lambda tx: views.fixing(app, "congress"), by=SECRETARY)


def test_the_motions_book_in_the_browser(browser: Any, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'book.sqlite3'}"
    app = Smolny.open(url, clock=lambda: datetime(2027, 2, 1, 12, tzinfo=UTC))
    build(app)
    app.close()
    port = int(os.environ.get("SMOLNY_TEST_PORT", "0")) or None
    server = Server(url, port=port)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/?lang=en")
        page.get_by_role("link", name="Motions book").click()
        page.get_by_role("heading", name="Motions book: Union congress").wait_for(timeout=15_000)
        main = page.inner_text("main")
        assert "The book as it stands is final edition 1." in main
        assert "Strike:" in main and "ten per cent" in main and "not union business" in main
        for lang in ("en", "ru"):
            page.goto(f"{server.url}/congresses/congress/book?lang={lang}")
            page.locator("#book").wait_for(timeout=15_000)
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= PHONE["width"], f"the book ({lang}): {wide} px wide at 360 px"
            assert_accessible(page, f"the motions book ({lang})")
        if os.environ.get("SMOLNY_SCREENSHOTS") == "1":
            wide_screens(browser, server.url)
        # a paper on its own page, the amendment as a change to its text
        page.locator('h3 a[href="/congresses/congress/book/M1"]').click()
        page.get_by_role("heading", level=1, name="M1. Pay").wait_for(timeout=15_000)
        assert page.locator("del").first.inner_text() == pay_struck()
        assert_accessible(page, "a paper of the motions book")
        screenshot(page, "book/book-paper-en", full_page=True)
        # the PDF, one click away
        page.goto(f"{server.url}/congresses/congress/book?lang=en")
        with page.expect_download(timeout=30_000) as download:
            page.get_by_role("link", name="PDF").click()
        assert download.value.suggested_filename == "congress-motions-book.pdf"
        assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
        # the final edition, checked against the record
        page.get_by_role("link", name="Edition 1").click()
        page.get_by_text("This book matches the edition fixed in the record.").wait_for(
            timeout=15_000
        )
    finally:
        context.close()
        server.stop()


def wide_screens(browser: Any, url: str) -> None:
    """The book on a laptop for docs/screens/book: its head and editions, and its motions."""
    context = browser.new_context(viewport={"width": 1100, "height": 1000})
    try:
        page = context.new_page()
        page.goto(f"{url}/congresses/congress/book?lang=en")
        page.locator("#book").wait_for(timeout=15_000)
        screenshot(page, "book/book-en")
        page.locator("#motions").scroll_into_view_if_needed()
        page.evaluate("document.getElementById('motions').scrollIntoView()")
        screenshot(page, "book/book-motions-en")
    finally:
        context.close()


def pay_struck() -> str:
    return "Congress demands a pay rise for every member."
