"""A congress's papers at the sitting in a real browser: the agenda editor adds the admitted
motions as items linked to their papers; the chair takes up M1 on the console, reads its
text and the committee's recommendation, and moves it in its own words; when it is put to a
named vote, Bob's phone shows his council's instruction beside the ballot, in words; the
council's report back page then says he departed from it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import sample_papers
from hall import assert_accessible, screenshot, wait_until
from servers import Server
from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny

PASSWORD = "a chair's long password for tests"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def congress(tmp_path: Path) -> Iterator[tuple[Server, str, dict[str, str]]]:
    """The union's congress (tests/sample_papers.py) under its own rulebook, its sitting open
    with all present; the chair's and Leeds's accounts; access codes for Ann and Bob."""
    rules = tmp_path / "union-rules.toml"
    rules.write_text(sample_papers.DECLARED, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'papers.sqlite3'}"
    app = Smolny.open(url, rulebooks=[sample_papers.rules(sample_papers.DECLARED, "union-rules")])
    sample_papers.fill(app, "union-rules")
    app.accounts.create_account("chair", "chair", password=PASSWORD)
    app.accounts.create_account("leeds-sec", "secretary", password=PASSWORD)
    app.execute(c.AttachAccount("leeds-sec", "leeds"))
    chair = Principal("a1", "chair", "chair")
    session = app.execute(c.OpenSession("congress", "First sitting"), by=chair)[0].data["session"]
    app.execute(c.RecordPresence(session, all_present=True), by=chair)
    codes = app.accounts.issue_access_codes("congress", ["d1", "d2"])
    app.close()
    server = Server(url, "--rulebook", str(rules))
    yield server, str(session), codes
    server.stop()


def staff(browser: Any, server: Server, username: str) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    answer = context.request.post(
        server.url + "/api/v1/login", data={"username": username, "password": PASSWORD}
    )
    assert answer.ok, answer.text()
    return context


def test_the_console_takes_up_a_paper_and_the_phone_shows_the_instruction(
    browser: Any, congress: tuple[Server, str, dict[str, str]]
) -> None:
    server, session, codes = congress
    chair = staff(browser, server, "chair")
    page = chair.new_page()
    page.set_default_timeout(15_000)

    # the agenda from the papers: every admitted motion, in number order, then declared
    page.goto(f"{server.url}/secretary/sessions/{session}/agenda")
    page.get_by_role("heading", name="The congress's motions").wait_for()
    assert page.get_by_text("the committee recommends: oppose").count() == 1  # M3
    page.get_by_role("button", name="Add them all, in number order").click()
    page.locator("#agenda-answer").get_by_text("On the draft: M1, M2, M3, M4.").wait_for()
    assert page.get_by_label("Item 1: title").input_value() == "M1: Pay"
    page.get_by_role("button", name="Declare the agenda adopted").click()
    page.get_by_text("The agenda is adopted.").first.wait_for()

    # the console: M1 taken up, its text and recommendation shown, moved in its own words
    page.goto(f"{server.url}/chair/sessions/{session}")
    page.get_by_role("button", name="Take up: M1: Pay").click()
    paper = page.locator("#paper-now")
    paper.get_by_text("Pay matter.").wait_for()
    assert "The committee recommends: support" in paper.inner_text()
    assert "reason for M1" in paper.inner_text()
    page.locator("#paper-mover").fill("d1")
    page.get_by_role("button", name="Move M1 in its own words").click()
    immediate = page.locator("#immediate")
    immediate.get_by_text("M1: Pay").wait_for()
    assert "Pay matter." in immediate.inner_text()
    assert "Congress resolves." in immediate.inner_text()
    paper.get_by_text("Before the body as question").wait_for()
    assert_accessible(page, "the console, a paper taken up")
    screenshot(page, "console-paper-1280")
    question = immediate.get_attribute("data-question")

    # seconded, stated and put to a named vote (over the API, as the console does)
    api = server.url + "/api/v1"
    for act in (
        {"act": "second", "question": question, "seconder": "d3"},
        {"act": "state", "question": question},
    ):
        assert chair.request.post(f"{api}/sessions/{session}/acts", data=act).ok
    opened = chair.request.post(
        f"{api}/motions/{question}/polls", data={"method": "electronic-named"}
    )
    assert opened.ok, opened.text()
    poll = opened.json()["poll"]

    # Bob's phone: Leeds's instruction beside the ballot, in words
    bob = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    phone = bob.new_page()
    phone.set_default_timeout(15_000)
    phone.goto(server.url + "/login?next=/phone")
    phone.get_by_label("Access code (from your slip)").fill(codes["d2"])
    phone.get_by_role("button", name="Log in").click()
    phone.wait_for_url(server.url + "/phone")
    phone.get_by_role("button", name="Vote no on: M1: Pay").wait_for()
    said = phone.locator("#instruction")
    assert "Leeds council instructs you to vote for M1 “Pay”." in said.inner_text()
    assert_accessible(phone, "the phone, a ballot with an instruction")
    screenshot(phone, "phone-instruction-390")
    phone.get_by_role("button", name="Vote no on: M1: Pay").click()
    phone.locator("#ballot .voted").wait_for()
    wait_until(phone, "document.querySelectorAll('#instruction').length === 1")
    assert chair.request.post(f"{api}/polls/{poll}/close", data={}).ok

    # the report back: the Leeds page says Bob departed from the instruction
    leeds = staff(browser, server, "leeds-sec").new_page()
    leeds.goto(f"{server.url}/councils/leeds/report")
    row = leeds.locator("li.departed[data-delegate='d2']")
    row.wait_for()
    assert "instructed to vote for, voted against" in row.inner_text()
    assert_accessible(leeds, "the report back to a council")
    leeds.set_viewport_size({"width": 360, "height": 740})  # no sideways scroll on a phone
    wait_until(leeds, "document.documentElement.scrollWidth <= window.innerWidth")
