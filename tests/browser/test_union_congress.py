"""The union example end to end in a real browser (issue 19): Leeds's secretary submits a
motion and an amendment (previewed); York's motion comes in; a late motion is refused with
the deadline named; the committee admits and recommends; Leeds instructs its delegates; the
public motions book shows the papers and its PDF answers; the agenda is built from the papers
and adopted; the chair takes the motion up and moves it in its own words; in a named vote a
Leeds delegate votes against the instruction his phone shows; the report back to Leeds says
so, on its page and in its feed. Screenshots of each step in docs/screens/union/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import sample_papers
from browser.test_papers import logged_in, said
from hall import assert_accessible, screenshot, wait_until
from papers_congress import make_papers_congress
from servers import Server
from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny

PHONE = {"width": 390, "height": 844}


def shown(page: Any, slot: str, words: str) -> None:
    """`words` are said in `slot` (not said(): on the committee's page, papers admitted one
    after another, the focus leaves the answer slot a moment after it came; issue 19)."""
    page.locator(slot).get_by_text(words).wait_for()


def shot(page: Any, name: str, full_page: bool = False) -> None:
    screenshot(page, f"union/{name}", full_page=full_page)


@pytest.fixture
def union(tmp_path: Path) -> Iterator[tuple[Server, str, dict[str, list[str]], dict[str, str]]]:
    """The union congress (tests/papers_congress.py) under a rulebook adopting agendas by
    declaration; its sitting open, all present; access codes for Leeds's delegates."""
    rules = tmp_path / "union-rules.toml"
    rules.write_text(sample_papers.DECLARED, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'union.sqlite3'}"
    app = Smolny.open(url, rulebooks=[sample_papers.rules(sample_papers.DECLARED, "union-rules")])
    delegates = make_papers_congress(app, rulebook="union-rules")["delegates"]
    chair = Principal("a1", "chair", "chair")
    session = app.execute(c.OpenSession("congress", "First sitting"), by=chair)[0].data["session"]
    app.execute(c.RecordPresence(session, all_present=True), by=chair)
    codes = app.accounts.issue_access_codes("congress", delegates["leeds"])
    app.close()
    server = Server(url, "--rulebook", str(rules))
    yield server, str(session), delegates, codes
    server.stop()


def test_the_union_congress_from_submission_to_report_back(
    browser: Any, union: tuple[Server, str, dict[str, list[str]], dict[str, str]]
) -> None:
    server, session, delegates, codes = union
    ann, bob = delegates["leeds"]

    # 1. Leeds's secretary submits a motion
    leeds = logged_in(browser, server, "leeds-sec")
    leeds.goto(server.url + "/papers/congress/councils/leeds")
    leeds.get_by_label("Title").fill("Pay and conditions")
    leeds.get_by_label("Text (a blank line between paragraphs)").fill(
        "Congress notes that pay has fallen.\n\nCongress resolves to fight for pay."
    )
    leeds.locator("#motion-movers").fill("J. Smith\nA. Jones")
    leeds.get_by_role("button", name="Submit the motion").click()
    said(leeds, "#motion-answer", "Motion M1 “Pay and conditions” is submitted.")
    shot(leeds, "01-motion-submitted")

    # 2. an amendment to its second paragraph, previewed, then submitted
    leeds.locator("#amend-motion option[value=M1]").wait_for(state="attached")
    leeds.locator("#amendment").get_by_label("Motion", exact=True).select_option("M1")
    leeds.locator("#amend-preview").get_by_text("as it stands").wait_for()
    leeds.get_by_label("Paragraph (its number; 0 to insert before the first)").fill("2")
    leeds.get_by_label("New text of the paragraph").fill("Congress resolves to strike for pay.")
    leeds.locator("#amend-movers").fill("J. Smith")
    leeds.locator("#amend-preview del").get_by_text("fight").wait_for()
    assert "strike" in leeds.locator("#amend-preview ins").inner_text()
    assert_accessible(leeds, "a council's page, an amendment previewed")
    shot(leeds, "02-amendment-preview", full_page=True)
    leeds.get_by_role("button", name="Submit the amendment").click()
    said(leeds, "#amendment-answer", "Amendment A1 to M1 is submitted.")

    # 3. York's motion (the secretariat submits on York's behalf)
    sec = logged_in(browser, server, "sec")
    sec.goto(server.url + "/papers/congress/councils/york")
    sec.get_by_label("Title").fill("Shorter hours")
    sec.get_by_label("Text (a blank line between paragraphs)").fill(
        "Congress calls for a 32-hour week with no loss of pay."
    )
    sec.locator("#motion-movers").fill("B. Ray")
    sec.get_by_role("button", name="Submit the motion").click()
    said(sec, "#motion-answer", "Motion M2 “Shorter hours” is submitted.")
    shot(sec, "03-york-motion")

    # 4. the deadline for motions passes: a late motion is refused, the deadline named
    sec.goto(server.url + "/papers/congress")
    sec.get_by_label("Motions by").fill("2020-01-01T10:00")
    sec.get_by_label("Amendments by (empty: as for motions)").fill("2999-01-01T00:00")
    sec.get_by_role("button", name="Set the deadlines").click()
    said(sec, "#deadlines-answer", "The deadlines are set.")
    leeds.reload()
    leeds.get_by_label("Title").fill("Too late")
    leeds.get_by_label("Text (a blank line between paragraphs)").fill("Congress is late.")
    leeds.locator("#motion-movers").fill("J. Smith")
    leeds.get_by_role("button", name="Submit the motion").click()
    said(leeds, "#motion-answer", "The deadline for motions was 1 January 2020, 10:00:00 UTC")
    assert leeds.locator("#motion-answer [data-rule=submission-deadline]").count() == 1
    shot(leeds, "04-late-motion-refused")

    # 5. the committee admits the papers and recommends
    sec.reload()
    for number in ("M1", "M2", "A1"):
        sec.locator(f"#paper-{number}").get_by_role("button", name="Move to “Admitted”").click()
        shown(sec, f"#answer-{number}", f"{number} is now: Admitted.")
    paper = sec.locator("#paper-M1")
    paper.get_by_label("The committee recommends").select_option("support")
    paper.get_by_label("Its reason").fill("A fair claim")
    paper.get_by_role("button", name="Recommend").click()
    shown(sec, "#answer-M1", "The committee recommends M1: support.")
    assert_accessible(sec, "the congress's papers, admitted and recommended")
    shot(sec, "05-committee", full_page=True)

    # 6. Leeds instructs its delegates to vote for M1
    leeds.reload()
    instruct = leeds.locator("#instruct")
    instruct.get_by_label("Motion").select_option("M1")
    instruct.get_by_label("vote for").check()
    instruct.get_by_role("button", name="Give the instruction").click()
    said(leeds, "#instruction-answer", "2 delegates are instructed on M1: vote for.")
    shot(leeds, "06-instruction")

    # 7. the public motions book shows the papers; its PDF answers a PDF
    public = browser.new_context(viewport={"width": 1100, "height": 1000})
    book = public.new_page()
    book.set_default_timeout(15_000)
    book.goto(f"{server.url}/congresses/congress/book?lang=en")
    book.get_by_role("heading", name="Motions book: Union Congress 2027").wait_for()
    main = book.inner_text("main")
    for words in ("Pay and conditions", "Shorter hours", "A fair claim", "strike"):
        assert words in main, words
    assert "Too late" not in main
    assert_accessible(book, "the motions book")
    shot(book, "07-book")
    book.evaluate("document.getElementById('motions').scrollIntoView()")
    shot(book, "08-book-motions")
    href = book.get_by_role("link", name="PDF").first.get_attribute("href")
    pdf = public.request.get(server.url + href)
    assert pdf.ok and pdf.body().startswith(b"%PDF"), href
    book.goto(f"{server.url}/congresses/congress/book/M1?lang=en")
    book.get_by_role("heading", level=1, name="M1. Pay and conditions").wait_for()
    shot(book, "09-book-paper", full_page=True)
    public.close()

    # 8. the agenda from the papers, adopted
    chair = logged_in(browser, server, "chair")
    chair.goto(f"{server.url}/secretary/sessions/{session}/agenda")
    chair.get_by_role("heading", name="The congress's motions").wait_for()
    chair.get_by_role("button", name="Add them all, in number order").click()
    chair.locator("#agenda-answer").get_by_text("On the draft: M1, M2").wait_for()
    assert chair.get_by_label("Item 1: title").input_value() == "M1: Pay and conditions"
    shot(chair, "10-agenda-drafted")
    chair.get_by_role("button", name="Declare the agenda adopted").click()
    chair.get_by_text("The agenda is adopted.").first.wait_for()

    # 9. the chair takes M1 up and moves it in its own words
    chair.goto(f"{server.url}/chair/sessions/{session}")
    chair.get_by_role("button", name="Take up: M1: Pay and conditions").click()
    now = chair.locator("#paper-now")
    now.get_by_text("Congress notes that pay has fallen.").wait_for()
    assert "The committee recommends: support" in now.inner_text()
    chair.locator("#paper-mover").fill(ann)
    chair.get_by_role("button", name="Move M1 in its own words").click()
    immediate = chair.locator("#immediate")
    immediate.get_by_text("M1: Pay and conditions").wait_for()
    assert "Congress resolves to fight for pay." in immediate.inner_text()
    assert_accessible(chair, "the console, a paper taken up")
    shot(chair, "11-console-moved")
    question = immediate.get_attribute("data-question")

    # 10. seconded, stated and put to an electronic named vote (over the API, as the console)
    api = server.url + "/api/v1"
    for act in (
        {"act": "second", "question": question, "seconder": delegates["york"][0]},
        {"act": "state", "question": question},
    ):
        answer = chair.context.request.post(f"{api}/sessions/{session}/acts", data=act)
        assert answer.ok, answer.text()
    opened = chair.context.request.post(
        f"{api}/motions/{question}/polls", data={"method": "electronic-named"}
    )
    assert opened.ok, opened.text()
    poll = opened.json()["poll"]

    # 11. Leeds delegate 2's phone shows the instruction; he votes against it
    phone_context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    phone = phone_context.new_page()
    phone.set_default_timeout(15_000)
    phone.goto(server.url + "/login?next=/phone")
    phone.get_by_label("Access code (from your slip)").fill(codes[bob])
    phone.get_by_role("button", name="Log in").click()
    phone.wait_for_url(server.url + "/phone")
    no = phone.get_by_role("button", name="Vote no on: M1: Pay and conditions")
    no.wait_for()
    assert (
        "instructs you to vote for M1 “Pay and conditions”."
        in phone.locator("#instruction").inner_text()
    )
    assert_accessible(phone, "the phone, a ballot with an instruction")
    shot(phone, "12-phone-instruction")
    no.click()
    phone.locator("#ballot .voted").wait_for()
    wait_until(phone, "document.querySelectorAll('#instruction').length === 1")
    shot(phone, "13-phone-voted")
    assert chair.context.request.post(f"{api}/polls/{poll}/close", data={}).ok

    # 12. the report back to Leeds: the page shows the departure, the feed has the item
    leeds.goto(f"{server.url}/councils/leeds/report")
    row = leeds.locator(f"li.departed[data-delegate='{bob}']")
    row.wait_for()
    assert "instructed to vote for, voted against" in row.inner_text()
    assert_accessible(leeds, "the report back to a council")
    shot(leeds, "14-report-back", full_page=True)
    feed = leeds.context.request.get(f"{server.url}/councils/leeds/report.json")
    assert feed.ok
    [item] = feed.json()["items"]
    assert item["id"] == f"urn:smolny:report:leeds:{poll}"
    assert "Leeds delegate 2 (M1): instructed to vote for, voted against" in item["content_text"]
    # Leeds delegate 1 did not vote: that too is a departure from the instruction
    assert "Leeds delegate 1 (M1): instructed to vote for, did not vote" in item["content_text"]
    assert item["_smolny"]["departures"] == 2
