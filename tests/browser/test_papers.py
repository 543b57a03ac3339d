"""A congress's papers in a real browser (issue 19): a council's secretary, from the page
their login lands on, submits a motion and an amendment (the motion's text previewed as
amended, a paragraph it does not have refused); the standing orders committee rules motions
out and admits them, recommends, proposes a composite that cannot be made until every
mover's council has consented, then makes it; a motion after the deadline is refused with
the deadline named; the council instructs its delegates. Every answer is said by its form,
in view, focused; no sideways scroll at 360 px."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hall import assert_accessible, focused_in, screenshot
from papers_congress import PASSWORD, make_papers_congress
from servers import Server
from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny


@pytest.fixture
def congress(tmp_path: Path) -> Iterator[Server]:
    """The union congress, York's and Hull's motions in (M1, M2), served."""
    url = f"sqlite:///{tmp_path / 'papers.sqlite3'}"
    app = Smolny.open(url)
    make_papers_congress(app)
    sec = Principal("system", "system", "admin")
    for council, title, text in (
        ("york", "Fair pay for all", "Congress demands fair pay for all members."),
        ("hull", "The weather", "Congress regrets the weather in Hull."),
    ):
        app.execute(c.SubmitMotion("congress", council, title, (text,), ("A. Mover",)), by=sec)
    app.close()
    server = Server(url)
    yield server
    server.stop()


def logged_in(browser: Any, server: Server, username: str, width: int = 1280) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900})
    answer = context.request.post(
        server.url + "/api/v1/login", data={"username": username, "password": PASSWORD}
    )
    assert answer.ok, answer.text()
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def said(page: Any, slot: str, words: str) -> None:
    """`words` are said in the answer slot `slot`, which has the focus and is in view."""
    page.locator(slot).get_by_text(words).wait_for()
    assert focused_in(page, slot), f"the focus is not on {slot}"


WIDEST = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth)
    .slice(0, 8).map(e => `${e.tagName}#${e.id}.${e.className}`)"""


def no_sideways_scroll(page: Any) -> None:
    wide = page.evaluate(WIDEST)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), wide


def test_papers_from_submission_to_composite_and_instructions(
    browser: Any, congress: Server
) -> None:
    leeds = logged_in(browser, congress, "leeds-sec")
    # the page the login lands on leads to the council's papers
    leeds.goto(congress.url + "/secretary")
    leeds.get_by_role("link", name="Our papers to Union Congress 2027").click()
    leeds.wait_for_url("**/papers/congress/councils/leeds")
    deadlines = leeds.locator("#deadlines")
    assert "1 January 2999" in deadlines.inner_text()
    assert "closes in" in deadlines.inner_text()

    # a motion: title, paragraphs, movers
    leeds.get_by_label("Title").fill("Pay and conditions")
    leeds.get_by_label("Text (a blank line between paragraphs)").fill(
        "Congress notes that pay has fallen.\n\nCongress resolves to fight for pay."
    )
    leeds.locator("#motion-movers").fill("J. Smith\nA. Jones")
    leeds.get_by_role("button", name="Submit the motion").click()
    said(leeds, "#motion-answer", "Motion M3 “Pay and conditions” is submitted.")
    assert leeds.get_by_label("Title").input_value() == ""  # the form emptied for the next
    leeds.locator("#our-papers").get_by_text("Pay and conditions").wait_for()

    # an amendment to its second paragraph, previewed as the text would read
    leeds.locator("#amend-motion option[value=M3]").wait_for(state="attached")
    leeds.locator("#amendment").get_by_label("Motion", exact=True).select_option("M3")
    leeds.locator("#amend-preview").get_by_text("as it stands").wait_for()
    leeds.get_by_label("Paragraph (its number; 0 to insert before the first)").fill("7")
    leeds.get_by_label("New text of the paragraph").fill("Congress resolves to strike for pay.")
    leeds.locator("#amend-preview").get_by_text("there is no paragraph 7").wait_for()
    leeds.locator("#amend-movers").fill("J. Smith")
    leeds.get_by_role("button", name="Submit the amendment").click()
    said(leeds, "#amendment-answer", "M3 has paragraphs 1 to 2: there is no paragraph 7.")
    assert leeds.locator("#amendment-answer [data-rule=no-such-paragraph]").count() == 1
    leeds.get_by_label("Paragraph (its number; 0 to insert before the first)").fill("2")
    leeds.locator("#amend-preview del").get_by_text("fight").wait_for()
    assert "strike" in leeds.locator("#amend-preview ins").inner_text()
    assert_accessible(leeds, "a council's page, an amendment previewed")
    screenshot(leeds, "papers-council-1280", full_page=True)
    leeds.get_by_role("button", name="Submit the amendment").click()
    said(leeds, "#amendment-answer", "Amendment A1 to M3 is submitted.")

    # the committee: rulings (a reason asked for), admissions, a recommendation
    sec = logged_in(browser, congress, "sec")
    sec.goto(congress.url + "/papers/congress")
    nav = sec.get_by_role("navigation", name="Staff screens")
    assert nav.get_by_role("link", name="Papers").get_attribute("href") == "/papers/congress"
    hull = sec.locator("#paper-M2")
    hull.get_by_role("button", name="Move to “Ruled out of order”").click()
    said(sec, "#answer-M2", "Give the reason")
    sec.locator("#paper-M2").get_by_label("Reason for “Ruled out of order”").fill(
        "Not the union's business"
    )
    sec.locator("#paper-M2").get_by_role("button", name="Move to “Ruled out of order”").click()
    said(sec, "#answer-M2", "M2 is now: Ruled out of order.")
    assert "Not the union's business" in sec.locator("#paper-M2").inner_text()
    for number in ("M1", "M3"):
        sec.locator(f"#paper-{number}").get_by_role("button", name="Move to “Admitted”").click()
        said(sec, f"#answer-{number}", f"{number} is now: Admitted.")
    # the amendment shows as a change to the motion's text
    amendment = sec.locator("#paper-A1")
    assert "Amendment to M3 “Pay and conditions”" in amendment.inner_text()
    amendment.locator("summary").click()
    amendment.locator("del").get_by_text("fight").wait_for()
    paper = sec.locator("#paper-M1")
    paper.get_by_label("The committee recommends").select_option("support")
    paper.get_by_label("Its reason").fill("A fair claim")
    paper.get_by_role("button", name="Recommend").click()
    said(sec, "#answer-M1", "The committee recommends M1: support.")
    assert "A fair claim" in sec.locator("#paper-M1 .recommendation").inner_text()

    # a composite of M1 and M3: proposed, refused until both councils consent, then made
    form = sec.locator("#composite")
    form.get_by_label("M1 · Fair pay for all (York Trades Council)").check()
    form.get_by_label("M3 · Pay and conditions (Leeds Trades Council)").check()
    form.get_by_label("Title").fill("Pay")
    form.get_by_label("Text (a blank line between paragraphs)").fill("Congress demands pay.")
    form.get_by_role("button", name="Propose the composite").click()
    said(sec, "#composite-answer", "Composite C1 of M1, M3 is proposed")
    sec.locator("#paper-C1").get_by_role("button", name="Make composite C1").click()
    said(sec, "#answer-C1", "M1 (York Trades Council), M3 (Leeds Trades Council) have not")
    assert sec.locator("#answer-C1 [data-rule=composite-consent]").count() == 1
    assert_accessible(sec, "the congress's papers, a composite refused")
    screenshot(sec, "papers-congress-1280", full_page=True)

    leeds.reload()
    leeds.get_by_role("button", name="Consent to composite M3 into C1").click()
    said(leeds, "#consent-answer", "Consent given: M3 may be composited into C1.")
    york = sec.context.new_page()  # the secretariat consents on York's behalf
    york.set_default_timeout(15_000)
    york.goto(congress.url + "/papers/congress/councils/york")
    york.get_by_role("button", name="Consent to composite M1 into C1").click()
    said(york, "#consent-answer", "Consent given: M1 may be composited into C1.")
    york.close()
    sec.reload()
    sec.locator("#paper-C1").get_by_role("button", name="Make composite C1").click()
    said(sec, "#answer-C1", "Composite C1 is made: it takes the place of M1, M3.")
    assert "Composited" in sec.locator("#paper-M3 .state").inner_text()

    # the deadline for motions passes: a late motion is refused, the deadline named
    sec.get_by_label("Motions by").fill("2020-01-01T10:00")
    sec.get_by_label("Amendments by (empty: as for motions)").fill("2999-01-01T00:00")
    sec.get_by_role("button", name="Set the deadlines").click()
    said(sec, "#deadlines-answer", "The deadlines are set.")
    leeds.reload()
    assert "closed" in leeds.locator("#deadlines").inner_text()
    leeds.get_by_label("Title").fill("Too late")
    leeds.get_by_label("Text (a blank line between paragraphs)").fill("Congress is late.")
    leeds.locator("#motion-movers").fill("J. Smith")
    leeds.get_by_role("button", name="Submit the motion").click()
    said(leeds, "#motion-answer", "The deadline for motions was 1 January 2020, 10:00:00 UTC")
    assert leeds.locator("#motion-answer [data-rule=submission-deadline]").count() == 1

    # the council instructs its delegates on the composite: all, then one chosen
    instruct = leeds.locator("#instruct")
    instruct.get_by_label("Motion").select_option("C1")
    instruct.get_by_label("vote against").check()
    instruct.get_by_role("button", name="Give the instruction").click()
    said(leeds, "#instruction-answer", "2 delegates are instructed on C1: vote against.")
    instruct.get_by_label("free").check()
    instruct.get_by_label("those chosen below").check()
    instruct.get_by_label("Leeds delegate 2").check()
    instruct.get_by_role("button", name="Give the instruction").click()
    said(leeds, "#instruction-answer", "1 delegate is instructed on C1: free.")
    given = leeds.locator("#given")
    given.get_by_text("Leeds delegate 2: free").wait_for()
    assert "Leeds delegate 1: vote against" in given.inner_text()

    # a phone's width: nothing runs off sideways, on either page
    for page, where in ((leeds, "council"), (sec, "congress")):
        page.set_viewport_size({"width": 360, "height": 740})
        page.reload()
        no_sideways_scroll(page)
        screenshot(page, f"papers-{where}-360")
