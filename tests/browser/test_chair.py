"""The chair's console in a real browser: a motion run by keys, acts from elsewhere
shown live, accessibility in its main states."""

from __future__ import annotations

import math
import time
from typing import Any

from hall import Hall, assert_accessible, focused_in, log_in, screenshot, wait_until


def settled(page: Any) -> None:
    """htmx has swapped, settled and wired up what an act drew (keys act on it)."""
    busy = ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added"
    wait_until(page, f"!document.querySelector({busy!r})")
    page.wait_for_timeout(50)


def assert_time_left(remaining: int, given: int, waited: float) -> None:
    """A speaker's time left, read `waited` seconds (by the test's clock) after the floor
    was given for `given` seconds: all of it, less what passed between the act and the
    drawing of the page. On a busy machine that is a second or more; the server counts in
    whole seconds of its clock, which may add one more."""
    assert given - math.ceil(waited) - 1 <= remaining <= given, (remaining, waited)


def _console(browser: Any, hall: Hall) -> tuple[Any, Any]:
    context = browser.new_context()
    log_in(context, hall, "chair")
    page = context.new_page()
    page.goto(f"{hall.url}/chair/sessions/{hall.session}")
    page.locator("#live.open").wait_for()
    return context, page


def test_the_chair_runs_a_motion_by_keys(browser: Any, hall: Hall) -> None:
    context, page = _console(browser, hall)
    assert_accessible(page, "chair console, nothing pending")
    first, second = hall.delegates[0], hall.delegates[1]
    page.keyboard.press("m")  # the form for a motion moved from the floor
    page.get_by_label("Mover (start typing a name)").fill(first)
    page.get_by_label("Title (of a main motion)").fill("Peace")
    page.get_by_label("Text").fill("Peace to all peoples")
    page.get_by_label("Text").press("Escape")
    page.get_by_role("button", name="Record the motion").click()
    page.locator("#immediate", has_text="Peace to all peoples").wait_for()
    settled(page)
    page.keyboard.press("s")  # stating it before a second is refused in place
    page.locator("#refusal [data-rule=second-required]").wait_for()
    page.get_by_label("Seconder (start typing a name)").fill(hall.names[second])
    page.get_by_label("Seconder (start typing a name)").press("Enter")
    page.locator("#immediate", has_text="seconded by").wait_for()
    settled(page)
    page.keyboard.press("s")
    page.get_by_role("button", name="Put to the vote").wait_for()
    settled(page)
    assert page.locator("#refusal").inner_text() == ""  # an accepted act clears the refusal
    assert_accessible(page, "chair console, a question pending")
    page.get_by_label("Method").select_option("show-of-hands")
    page.keyboard.press("v")
    page.get_by_label("yes", exact=True).wait_for()
    settled(page)
    assert_accessible(page, "chair console, a poll open")
    page.get_by_label("yes", exact=True).fill("5")
    page.get_by_label("no", exact=True).fill("1")
    page.get_by_label("no", exact=True).press("Enter")
    page.locator(".poll", has_text="Tellers' count").wait_for()
    settled(page)
    page.keyboard.press("Escape")  # focus stays in the field that sent the count
    page.keyboard.press("c")  # asks first, in the page; Enter says yes
    page.locator("#confirm").wait_for()
    page.keyboard.press("Enter")
    page.locator("#last-result", has_text="Adopted").wait_for()
    assert "5 for, 1 against" in page.locator("#last-result").inner_text()
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "chair-console")
    context.close()


def test_the_console_follows_acts_from_elsewhere(browser: Any, hall: Hall) -> None:
    context, page = _console(browser, hall)
    delegate = hall.delegates[2]
    phone = browser.new_context()
    log_in(phone, hall, delegate)
    asked = phone.request.post(
        f"{hall.url}/api/v1/sessions/{hall.session}/acts",
        data={"act": "request-floor", "side": "against"},
    )
    assert asked.ok, asked.text()
    page.locator("#chair-floor .speakers", has_text=hall.names[delegate]).wait_for(timeout=3000)
    settled(page)
    given = time.monotonic()
    page.keyboard.press("n")  # recognise the next speaker
    page.locator("#speaker", has_text=hall.names[delegate]).wait_for()
    settled(page)
    remaining = int(page.locator(".timer").get_attribute("data-remaining") or "-1")
    waited = time.monotonic() - given
    assert_time_left(remaining, 600, waited)
    assert_accessible(page, "chair console, a speaker on the floor")
    page.keyboard.press("f")
    page.get_by_text("Nobody has the floor.").wait_for()
    phone.close()
    context.close()


def test_the_chair_holds_an_election(browser: Any, hall: Hall) -> None:
    context, page = _console(browser, hall)
    page.get_by_text("Hold an election").click()
    kind = page.get_by_label("Kind of question")
    seats = page.get_by_label("Seats to fill")
    assert not seats.is_visible()  # one of N fills no seats
    kind.select_option("ranked")
    assert seats.is_visible()
    hands = page.locator('#elect-method option[value="show-of-hands"]')
    assert hands.is_disabled()  # a ranked ballot is not taken by hands
    page.get_by_label("Title of the election").fill("Presidium")
    page.get_by_label("Candidates or lists, one a line").fill("A\nB\nC")
    seats.fill("4")  # more seats than candidates: refused in place, the form kept
    page.get_by_role("button", name="Open the election").click()
    page.locator("#refusal [data-rule=seats]").wait_for()
    assert page.get_by_label("Title of the election").input_value() == "Presidium"
    seats.fill("2")
    page.get_by_label("Counting").select_option("meek")
    page.get_by_label("How the votes are taken").select_option("electronic-named")
    page.get_by_role("button", name="Open the election").click()
    page.locator(".poll", has_text="Presidium").wait_for()
    settled(page)
    # the form is reset for the next election: nothing of this one is left in it
    assert page.get_by_label("Title of the election").input_value() == ""
    assert page.get_by_label("Candidates or lists, one a line").input_value() == ""
    assert kind.input_value() == "choice"
    assert not seats.is_visible()
    assert seats.input_value() == "1"
    assert page.get_by_label("Counting").input_value() == ""
    assert page.get_by_label("How the votes are taken").input_value() == "electronic-secret"
    assert not hands.is_disabled()  # one of N may be taken by hands again
    assert_accessible(page, "chair console, an election open")
    context.close()


def adjourn(context: Any, hall: Hall, session: str) -> None:
    closed = context.request.post(
        f"{hall.url}/api/v1/sessions/{session}/close",
        data="{}",
        headers={"Content-Type": "application/json"},
    )
    assert closed.ok, closed.text()


def test_a_sitting_opened_or_called_from_the_list_of_sessions(browser: Any, hall: Hall) -> None:
    context = browser.new_context()
    log_in(context, hall, "chair")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{hall.url}/chair")
    # the congress is sitting: a second sitting is refused by the form, in view, focused
    page.get_by_label("Title of the sitting").fill("Second sitting")
    page.get_by_role("button", name="Open the sitting now").click()
    page.locator("#open-sitting-answer .refusal[data-rule=session-already-open]").wait_for()
    assert focused_in(page, "#open-sitting-answer")
    assert page.get_by_label("Title of the sitting").input_value() == "Second sitting"

    adjourn(context, hall, hall.session)
    page.goto(f"{hall.url}/chair")
    assert page.get_by_label("The body that sits").input_value() == "congress"
    assert_accessible(page, "the chair's sessions, none open")
    # called for a time: said by the form, listed with its time, opened from the list
    page.get_by_label("Title of the sitting").fill("Evening sitting")
    page.get_by_label("Or call it for (the body's own time)").fill("2030-11-07T18:30")
    page.get_by_role("button", name="Call the sitting for that time").click()
    answer = page.locator("#open-sitting-answer .ok")
    answer.wait_for()
    assert "Evening sitting" in answer.inner_text() and "2030" in answer.inner_text()
    assert focused_in(page, "#open-sitting-answer")
    assert page.get_by_label("Title of the sitting").input_value() == ""  # emptied
    called = page.locator("#scheduled li", has_text="Evening sitting")
    called.wait_for()
    assert "18:30" in called.inner_text()
    page.get_by_role("button", name="Open now: Evening sitting").click()
    page.wait_for_url(lambda u: "/chair/sessions/" in u)
    page.locator("h1", has_text="Evening sitting").wait_for()
    page.locator("#console").wait_for()
    evening = page.url.rsplit("/", 1)[1]
    adjourn(context, hall, evening)

    # from the console of a closed sitting, the way to the next; opened now, the browser
    # goes to the new sitting's console
    page.get_by_role("link", name="Open or call the next sitting").click()
    page.wait_for_url(lambda u: u.endswith("/chair#open-sitting"))
    assert page.locator("#scheduled").is_hidden()  # nothing called any more
    page.get_by_label("Title of the sitting").fill("Night sitting")
    page.get_by_role("button", name="Open the sitting now").click()
    page.wait_for_url(lambda u: "/chair/sessions/" in u and not u.endswith(evening))
    page.locator("h1", has_text="Night sitting").wait_for()
    page.locator("#console").wait_for()
    context.close()
