"""The secretariat's screen in a real browser: the admin logs in, creates a body, imports a
roster with a bad row (listed), imports it corrected, and accepts a mandate."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hall import assert_accessible, screenshot
from servers import Server
from smolny.domain import commands as c
from smolny.service.app import Smolny

ADMIN_PASSWORD = "admin-password-for-tests"


@pytest.fixture
def secretariat(tmp_path: Path) -> Iterator[Server]:
    """A congress with a faction, a council sending it a mandate, and an admin account."""
    url = f"sqlite:///{tmp_path / 'secretariat.sqlite3'}"
    app = Smolny.open(url)
    app.accounts.create_account("admin", "admin", password=ADMIN_PASSWORD)
    app.execute(c.CreateBody("petrograd", "Petrograd Soviet", "council"))
    app.execute(c.CreateBody("congress", "Second Congress"))
    app.execute(c.FormFaction("congress", "bolsheviks", "Bolsheviks"))
    app.execute(
        c.IssueMandate("petrograd", "congress", "Trotsky", "bolsheviks", substitutes=("Kamenev",))
    )
    app.close()
    server = Server(url)
    yield server
    server.stop()


def roster(page: Any, text: str) -> None:
    page.set_input_files(
        "#import-file",
        files=[{"name": "roster.csv", "mimeType": "text/csv", "buffer": text.encode()}],
    )
    page.get_by_role("button", name="Import").first.click()


def test_the_admin_sets_up_imports_and_checks_credentials(
    browser: Any, secretariat: Server
) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{secretariat.url}/login?staff=1&next=/secretary")
    page.get_by_label("User name").fill("admin")
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: url.endswith("/secretary") and "/login" not in url)
    page.goto(f"{secretariat.url}/secretary?body=congress")
    page.locator("body[data-live=open]").wait_for()
    assert_accessible(page, "secretary")

    # a body, created from the form; the tree shows it live
    page.locator("#body-name").fill("Moscow Soviet")
    page.locator("#body-slug").fill("moscow")
    page.locator("#body-kind").select_option("council")
    page.get_by_role("button", name="Create the body").click()
    page.locator("#create-body-result .ok").wait_for()
    page.locator("#tree").get_by_role("link", name="Moscow Soviet").wait_for()

    # a roster with a bad row: listed with its row and column, nothing imported
    roster(page, "name,faction\nLenin,bolsheviks\nMartov,mensheviks\n")
    problems = page.locator("#import-result table")
    problems.wait_for()
    assert (
        "mensheviks" in problems.inner_text() and "3" in problems.locator("td").first.inner_text()
    )
    assert page.locator("#body-view").get_by_text("Lenin").count() == 0
    assert_accessible(page, "secretary, import refused")

    # corrected, imported; the delegates appear
    roster(page, "name,faction\nLenin,bolsheviks\nMartov,\n")
    page.locator("#import-result").get_by_text("2 delegates added.").wait_for()
    page.locator("#body-view").get_by_text("Lenin").wait_for()

    # the credentials committee accepts Trotsky's mandate
    page.get_by_role("button", name="Accept the mandate of Trotsky").click()
    page.locator("#credentials").get_by_text("The mandate of Trotsky is accepted.").wait_for()
    assert page.locator("#credentials").get_by_text("Kamenev").count() == 1  # his substitute
    assert_accessible(page, "secretary, mandate accepted")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "secretary")
    context.close()
