"""First login and the staff accounts in a real browser: a one-time password leads to the
page that sets one's own (a weak or unchanged one refused in view), then on to the
console; the administrator creates, resets, disables and enables accounts; the one staff
navigation is on every staff screen, its links work, and it folds into a menu at 360 px."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hall import Hall, assert_accessible, screenshot, wait_until
from smolny.service.app import Smolny

GOOD = "brass lantern velvet harbour"


def _open(tmp_path: Path) -> Smolny:
    """The hall's database, opened beside its server (as `smolny admin` would)."""
    return Smolny.open(f"sqlite:///{tmp_path / 'hall.sqlite3'}")


def _one_time_admin(tmp_path: Path) -> str:
    app = _open(tmp_path)
    try:
        return app.accounts.create_account("root", "admin")[1]
    finally:
        app.close()


def _log_in(page: Any, hall: Hall, username: str, password: str, next_path: str) -> None:
    page.goto(f"{hall.url}/login?staff=1&next={next_path}")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()


def _refused_in_view(page: Any, words: str) -> None:
    refusal = page.locator("#password-answer .refusal")
    refusal.filter(has_text=words).wait_for()
    wait_until(page, "document.activeElement && document.activeElement.matches('.refusal')")
    box = refusal.bounding_box()
    height = page.viewport_size["height"]
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height, box


def _set(page: Any, new: str, again: str | None = None) -> None:
    page.get_by_label("New password", exact=True).fill(new)
    page.get_by_label("The new password again").fill(new if again is None else again)
    page.get_by_role("button", name="Set my password and go on").click()


@pytest.mark.parametrize("width", [1280, 360])
def test_a_one_time_password_leads_to_ones_own_then_on_to_the_console(
    browser: Any, hall: Hall, tmp_path: Path, width: int
) -> None:
    one_time = _one_time_admin(tmp_path)
    context = browser.new_context(viewport={"width": width, "height": 800 if width > 400 else 740})
    page = context.new_page()
    page.set_default_timeout(15_000)
    console = f"/chair/sessions/{hall.session}"
    _log_in(page, hall, "root", one_time, console)
    page.wait_for_url(f"{hall.url}/account/password?next={console}")
    page.get_by_role("heading", name="Choose your own password").wait_for()
    assert page.locator(".staff-links").count() == 0  # nothing else until it is set
    assert_accessible(page, "the password page")
    _set(page, one_time)
    _refused_in_view(page, "must differ")
    _set(page, "password1234")
    _refused_in_view(page, "too easy to guess")
    assert page.get_by_label("New password", exact=True).get_attribute("aria-invalid") == "true"
    _set(page, GOOD, GOOD + "!")
    _refused_in_view(page, "differ")
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll
    if width > 400:
        screenshot(page, "first-password-refused")
    page.goto(f"{hall.url}/secretary")  # any staff screen leads back here until it is set
    page.wait_for_url(f"{hall.url}/account/password?next=/secretary")
    page.goto(f"{hall.url}/account/password?next={console}")
    _set(page, GOOD)
    page.wait_for_url(f"{hall.url}{console}")
    page.locator(".staff-menu").wait_for(state="attached")
    assert context.request.get(f"{hall.url}/api/v1/me").json()["name"] == "root"
    login = context.request.post(
        f"{hall.url}/api/v1/login", data={"username": "root", "password": one_time}
    )
    assert login.status == 401  # the one-time password is gone
    context.close()


def test_the_administrator_creates_resets_disables_and_enables_an_account(
    browser: Any, hall: Hall, tmp_path: Path
) -> None:
    app = _open(tmp_path)
    app.accounts.create_account("root", "admin", password=GOOD)
    app.close()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    _log_in(page, hall, "root", GOOD, "/accounts")
    page.wait_for_url(f"{hall.url}/accounts")
    assert_accessible(page, "the accounts page")
    page.get_by_label("User name").fill("vera")
    page.get_by_label("Role").select_option("secretary")
    page.get_by_label("Works for").select_option("congress")
    page.get_by_role("button", name="Create the account").click()
    shown = page.locator("#one-time-passwords .ok").filter(has_text="Account vera created")
    shown.wait_for()
    first = shown.locator("code.password").inner_text()
    row = page.locator("tr", has=page.get_by_role("rowheader", name="vera"))
    assert "one-time password" in row.inner_text() and "Test Congress" in row.inner_text()
    assert page.get_by_label("User name").input_value() == ""  # ready for the next one
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "accounts")

    page.get_by_label("User name").fill("vera")  # a second vera is refused by the form
    page.get_by_role("button", name="Create the account").click()
    page.locator("#create-answer .refusal").filter(has_text="exists already").wait_for()

    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Reset the password of vera").click()
    again = page.locator("#one-time-passwords .ok").filter(has_text="new one-time password")
    again.wait_for()
    second = again.locator("code.password").inner_text()
    assert second != first
    other = browser.new_context()
    old = other.request.post(
        f"{hall.url}/api/v1/login", data={"username": "vera", "password": first}
    )
    assert old.status == 401

    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Disable vera").click()
    page.locator("#accounts-answer .ok").filter(has_text="vera is disabled").wait_for()
    assert "disabled" in row.inner_text()
    refused = other.request.post(
        f"{hall.url}/api/v1/login", data={"username": "vera", "password": second}
    )
    assert refused.status == 401 and refused.json()["rule"] == "account-disabled"
    assert_accessible(page, "the accounts page after acts")

    row.get_by_role("button", name="Enable vera").click()
    page.locator("#accounts-answer .ok").filter(has_text="vera is enabled").wait_for()
    allowed = other.request.post(
        f"{hall.url}/api/v1/login", data={"username": "vera", "password": second}
    )
    assert allowed.ok and allowed.json()["must_change_password"]
    own = page.locator("tr", has=page.get_by_role("rowheader", name="root"))
    assert own.get_by_role("button", name="Disable root").count() == 0  # never oneself
    other.close()
    context.close()


def test_the_staff_navigation_is_on_every_staff_screen_and_its_links_work(
    browser: Any, hall: Hall, tmp_path: Path
) -> None:
    app = _open(tmp_path)
    app.accounts.create_account("root", "admin", password=GOOD)
    app.close()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    _log_in(page, hall, "root", GOOD, f"/chair/sessions/{hall.session}")
    page.wait_for_url(f"{hall.url}/chair/sessions/{hall.session}")
    hand = page.locator(".in-hand")
    assert "Test Congress" in hand.inner_text()  # the sitting shown names its body
    screens = ["/secretary", "/chair", f"/chair/sessions/{hall.session}", "/accounts"]
    screens.append("/account/password")
    for path in screens:
        page.goto(hall.url + path)
        nav = page.get_by_role("navigation", name="Staff screens")
        names = nav.get_by_role("link").all_inner_texts()
        assert names == [
            "Secretariat",
            "Console",
            "Projector",
            "Minutes",
            "Public record",
            "Accounts",
        ], (path, names)
        assert "Test Congress" in hand.inner_text(), path  # kept from screen to screen
        for link in nav.get_by_role("link").all():
            href = link.get_attribute("href")
            assert context.request.get(hall.url + href).ok, (path, href)
    assert nav.get_by_role("link", name="Console").get_attribute("href") == (
        f"/chair/sessions/{hall.session}"
    )
    page.goto(f"{hall.url}/chair/sessions/{hall.session}")
    screenshot(page, "staff-navigation")

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{hall.url}/secretary")
    menu = page.get_by_role("button", name="Menu")
    assert not page.get_by_role("link", name="Console").is_visible()
    menu.click()
    page.get_by_role("link", name="Console").click()
    page.wait_for_url(f"{hall.url}/chair/sessions/{hall.session}")
    assert_accessible(page, "the console's header at 360 px")
    context.close()


def test_each_created_accounts_one_time_password_stays_listed_newest_first(
    browser: Any, hall: Hall, tmp_path: Path
) -> None:
    app = _open(tmp_path)
    app.accounts.create_account("root", "admin", password=GOOD)
    app.close()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    _log_in(page, hall, "root", GOOD, "/accounts")
    page.wait_for_url(f"{hall.url}/accounts")
    given: dict[str, str] = {}
    for name in ("olga", "pavel", "vera"):
        page.get_by_label("User name").fill(name)
        page.get_by_role("button", name="Create the account").click()
        shown = page.locator("#one-time-passwords .ok").filter(has_text=f"Account {name} created")
        shown.wait_for()
        # the newest in view, the focus on it (read out), at the top of the stack
        wait_until(page, "document.activeElement.matches('#one-time-passwords .ok:first-child')")
        assert shown.is_visible() and name in page.evaluate("document.activeElement.innerText")
        given[name] = shown.locator("code.password").inner_text().strip()
    answers = page.locator("#one-time-passwords .ok")
    assert answers.count() == 3  # none replaced by the next: each kept until the page is left
    texts = answers.all_inner_texts()
    for text, name in zip(texts, ("vera", "pavel", "olga"), strict=True):  # newest first
        assert f"Account {name} created" in text and given[name] in text
    assert len(set(given.values())) == 3
    # an act that gives no password takes the list's own slot, the passwords stay
    page.once("dialog", lambda dialog: dialog.accept())
    row = page.locator("tr", has=page.get_by_role("rowheader", name="olga"))
    row.get_by_role("button", name="Disable olga").click()
    page.locator("#accounts-answer .ok").filter(has_text="olga is disabled").wait_for()
    assert answers.count() == 3
    assert_accessible(page, "the accounts page, three one-time passwords")
    page.reload()
    assert page.locator("#one-time-passwords .ok").count() == 0  # gone with the page
    context.close()
