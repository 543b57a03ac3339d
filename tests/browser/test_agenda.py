"""The agenda in a real browser: the chair drafts it (items added, moved, removed, with
reporters and times; a refused draft answered by the form, in view), declares it adopted
as the body's standing orders say, takes its first item up from the console; the item now
shows on the phone, the projector and the public page; on a desktop and a 360 px phone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hall import assert_accessible, focused_field, focused_in, screenshot
from servers import Server
from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny

CHAIR_PASSWORD = "a chair's long password for tests"


@pytest.fixture
def sitting(tmp_path: Path) -> Iterator[tuple[Server, str, str]]:
    """A body under plain standing orders (the chair declares the agenda), its sitting open,
    a delegate's access code."""
    url = f"sqlite:///{tmp_path / 'agenda.sqlite3'}"
    app = Smolny.open(url)
    app.accounts.create_account("chair", "chair", password=CHAIR_PASSWORD)
    app.execute(c.CreateBody("soviet", "Petrograd Soviet", rulebook="standing-orders"))
    entries = app.execute(
        c.RegisterDelegates("soviet", tuple(c.NewDelegate(f"Deputy {i}") for i in range(3)))
    )
    delegate = entries[0].data["delegates"][0]["delegate"]
    chair = Principal("a1", "chair", "chair")
    session = app.execute(c.OpenSession("soviet", "Evening sitting"), by=chair)[0].data["session"]
    app.execute(c.RecordPresence(session, all_present=True), by=chair)
    code = app.accounts.issue_access_codes("soviet", [delegate])[delegate]
    app.close()
    server = Server(url)
    yield server, session, code
    server.stop()


def test_an_agenda_built_declared_adopted_and_taken_up(
    browser: Any, sitting: tuple[Server, str, str]
) -> None:
    server, session, code = sitting
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    answer = context.request.post(
        server.url + "/api/v1/login", data={"username": "chair", "password": CHAIR_PASSWORD}
    )
    assert answer.ok
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{server.url}/secretary/sessions/{session}/agenda")
    page.get_by_text("the chair declares the agenda adopted").wait_for()

    # three items: titles, a reporter, a time, a length; the last moved to the top
    page.get_by_label("Item 1: title").fill("Reports of the deputies")
    page.get_by_label("Reporter").first.fill("The secretary")
    page.get_by_role("button", name="Add an item").click()
    focused_field(page, "title")
    page.get_by_label("Item 2: title").fill("Peace")
    page.get_by_role("button", name="Add an item").click()
    page.get_by_label("Item 3: title").fill("Land")
    page.get_by_label("Length, minutes").nth(2).fill("0")
    page.get_by_role("button", name="Move item 3 up").click()
    page.get_by_role("button", name="Move item 2 up").click()
    assert page.get_by_label("Item 1: title").input_value() == "Land"
    # refused (no item is given 0 minutes): said below the form, focused, what was typed kept
    page.get_by_role("button", name="Save the draft").click()
    page.locator("#agenda-answer .refusal").wait_for()
    assert focused_in(page, "#agenda-answer")
    assert page.get_by_label("Item 1: title").input_value() == "Land"
    assert_accessible(page, "agenda, a draft refused")
    page.get_by_label("Length, minutes").first.fill("30")
    page.get_by_role("button", name="Save the draft").click()
    page.locator("#agenda-answer").get_by_text("The draft is saved: 3 items.").wait_for()
    assert focused_in(page, "#agenda-answer")
    screenshot(page, "agenda-draft-1280")

    page.get_by_role("button", name="Declare the agenda adopted").click()
    page.locator("#agenda-answer").get_by_text("The agenda is adopted.").wait_for()
    assert [t.strip() for t in page.locator("ol.agenda-list li strong").all_inner_texts()] == [
        "Land",
        "Reports of the deputies",
        "Peace",
    ]
    assert_accessible(page, "agenda adopted")

    # taken up from the console
    page.goto(f"{server.url}/chair/sessions/{session}")
    page.get_by_role("button", name="Take up: Land").click()
    page.locator("#chair-agenda").get_by_text("Now: item 1 — Land").wait_for()
    screenshot(page, "console-agenda-1280")

    # shown on the projector and the public page
    page.goto(f"{server.url}/projector/sessions/{session}")
    page.get_by_text("Land").first.wait_for()
    assert "1" in page.locator(".item").inner_text()
    page.goto(f"{server.url}/")
    page.get_by_text("Now: item 1 — Land").first.wait_for()
    context.close()

    # the delegate's phone, 360 px wide
    phone = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    assert phone.request.post(server.url + "/api/v1/login", data={"access_code": code}).ok
    small = phone.new_page()
    small.set_default_timeout(15_000)
    small.goto(f"{server.url}/phone")
    small.get_by_text("Now: item 1 — Land").wait_for()
    assert small.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(small, "phone-item-360")
    phone.close()

    # the agenda's page on a phone
    chair_phone = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    assert chair_phone.request.post(
        server.url + "/api/v1/login", data={"username": "chair", "password": CHAIR_PASSWORD}
    ).ok
    small = chair_phone.new_page()
    small.goto(f"{server.url}/secretary/sessions/{session}/agenda")
    small.get_by_text("The agenda is adopted.").wait_for()
    assert small.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(small, "agenda-360")
    chair_phone.close()


@pytest.fixture
def by_vote(tmp_path: Path) -> Iterator[tuple[Server, str]]:
    """A body under Robert's Rules (the body adopts its agenda by a vote), its sitting open
    with a draft agenda."""
    url = f"sqlite:///{tmp_path / 'vote.sqlite3'}"
    app = Smolny.open(url)
    app.accounts.create_account("chair", "chair", password=CHAIR_PASSWORD)
    app.execute(c.CreateBody("soviet", "Petrograd Soviet"))
    deputies = tuple(c.NewDelegate(f"Deputy {i}") for i in range(3))
    app.execute(c.RegisterDelegates("soviet", deputies))
    chair = Principal("a1", "chair", "chair")
    session = app.execute(c.OpenSession("soviet", "Morning sitting"), by=chair)[0].data["session"]
    app.execute(c.RecordPresence(session, all_present=True), by=chair)
    items = (c.AgendaDraftItem("Peace"), c.AgendaDraftItem("Land"))
    app.execute(c.DraftAgenda(session, items), by=chair)
    app.close()
    server = Server(url)
    yield server, session
    server.stop()


def test_a_refused_adoption_is_answered_by_its_form(
    browser: Any, by_vote: tuple[Server, str]
) -> None:
    server, session = by_vote
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    answer = context.request.post(
        server.url + "/api/v1/login", data={"username": "chair", "password": CHAIR_PASSWORD}
    )
    assert answer.ok
    page = context.new_page()
    page.set_default_timeout(15_000)

    # the agenda's page: the refusal by the adoption's form, in view, focused, announced
    page.goto(f"{server.url}/secretary/sessions/{session}/agenda")
    page.get_by_label("Moved by (a delegate)").fill("Nobody at all")
    page.get_by_role("button", name="Move the adoption of the agenda").click()
    refusal = page.locator("#agenda-answer .refusal")
    refusal.wait_for()
    assert focused_in(page, "#agenda-answer")
    assert page.locator("#agenda-answer .refusal[role=alert]").count() == 1
    form = page.locator("form.adopt").bounding_box()
    said = page.locator("#agenda-answer").bounding_box()
    assert form is not None and said is not None
    assert 0 <= said["y"] - (form["y"] + form["height"]) < 200  # just below the form
    assert_accessible(page, "agenda, an adoption refused")

    # the console's adoption likewise
    page.goto(f"{server.url}/chair/sessions/{session}")
    page.locator("#agenda-mover").fill("Nobody at all")
    page.locator("#agenda-mover").press("Escape")
    page.get_by_role("button", name="Move the adoption of the agenda").click()
    page.locator("#agenda-console-answer .refusal").wait_for()
    assert focused_in(page, "#agenda-console-answer")
    assert page.locator("#agenda-console-answer [role=alert]").count() == 1
    assert_accessible(page, "console, an adoption refused")
    context.close()
