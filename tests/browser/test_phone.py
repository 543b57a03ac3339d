"""The delegate's phone in a real browser: log in with the access code, read the question,
ask for the floor, vote with buttons found by their accessible names, keep the receipt;
on a 360 px screen over a throttled connection too."""

from __future__ import annotations

import re
import time
from typing import Any

import httpx

from hall import Hall, assert_accessible, screenshot

PHONE = {"width": 360, "height": 740}
SLOW_3G = {  # Chrome DevTools' "Slow 3G" preset
    "offline": False,
    "latency": 400,
    "downloadThroughput": 500 * 1024 // 8,
    "uploadThroughput": 500 * 1024 // 8,
}


class Chair:
    """The chair acting over the JSON API."""

    def __init__(self, hall: Hall) -> None:
        self.hall = hall
        answer = httpx.post(
            hall.url + "/api/v1/login",
            json={"username": hall.chair[0], "password": hall.chair[1]},
        )
        answer.raise_for_status()
        self.headers = {"Authorization": f"Bearer {answer.json()['token']}"}

    def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        answer = httpx.post(self.hall.url + "/api/v1" + path, json=body, headers=self.headers)
        assert answer.status_code < 300, answer.text
        return answer.json()

    def act(self, **act: Any) -> Any:
        return self.post(f"/sessions/{self.hall.session}/acts", act)

    def motion(self, title: str, text: str) -> str:
        mover, seconder = self.hall.delegates[-2:]
        body = {"title": title, "text": text, "mover": mover}
        motion = str(self.post(f"/sessions/{self.hall.session}/motions", body)["motion"])
        self.act(act="second", question=motion, seconder=seconder)
        self.act(act="state", question=motion)
        return motion

    def poll(self, motion: str, method: str) -> str:
        return str(self.post(f"/motions/{motion}/polls", {"method": method})["poll"])


def log_in_with_code(page: Any, hall: Hall, delegate: str) -> None:
    page.goto(hall.url + "/login?next=/phone")
    page.get_by_label("Access code (from your slip)").fill(hall.codes[delegate])
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(hall.url + "/phone")  # ("**/phone" would match /login?next=/phone)


def test_a_delegate_reads_the_question_asks_for_the_floor_and_votes_in_secret(
    browser: Any, hall: Hall
) -> None:
    chair = Chair(hall)
    motion = chair.motion("Decree on peace", "The congress proposes an immediate peace.")
    delegate = hall.delegates[0]
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    log_in_with_code(page, hall, delegate)
    page.get_by_role("heading", name=hall.names[delegate]).wait_for()
    page.get_by_text("The congress proposes an immediate peace.").wait_for()
    assert_accessible(page, "phone, a question before the body")

    page.get_by_role("button", name="Ask for the floor: for").click()
    page.get_by_text("You are on the speakers' list, number 1, to speak for.").wait_for()
    assert_accessible(page, "phone, on the speakers' list")

    chair.act(act="recognise")  # the chair gives the delegate the floor
    page.get_by_text("You have the floor.").wait_for(timeout=5000)
    chair.act(act="yield")
    poll = chair.poll(motion, "electronic-secret")  # the page hears it over the stream
    yes = page.get_by_role("button", name="Vote yes on: Decree on peace")
    yes.wait_for(timeout=5000)
    assert page.get_by_role("button", name="Vote no on: Decree on peace").is_visible()
    assert_accessible(page, "phone, a poll open")
    yes.scroll_into_view_if_needed()
    screenshot(page, "delegate-phone")
    yes.click()
    receipt = page.locator("#receipts .receipt")
    receipt.wait_for()
    assert re.fullmatch(r"[0-9a-f]{64}", receipt.inner_text().strip())
    assert page.get_by_role("status").filter(has_text="Keep this receipt").count() == 1
    page.get_by_text("You have voted.").wait_for()
    assert page.get_by_role("button", name="Vote yes on: Decree on peace").count() == 0
    assert_accessible(page, "phone, voted with a receipt")
    screenshot(page, "delegate-phone-receipt")

    chair.post(f"/polls/{poll}/close")
    page.get_by_text("The poll is closed.").wait_for(timeout=5000)
    assert page.get_by_text("Adopted.").is_visible()
    assert_accessible(page, "phone, the result")
    found = httpx.get(
        f"{hall.url}/api/v1/polls/{poll}/box", params={"receipt": receipt.inner_text().strip()}
    )
    assert found.status_code == 200 and '\\"choice\\":\\"yes\\"' in found.text
    context.close()


def test_a_refusal_is_shown_in_place(browser: Any, hall: Hall) -> None:
    chair = Chair(hall)
    motion = chair.motion("Stale", "A stale page.")
    poll = chair.poll(motion, "electronic-named")
    delegate = hall.delegates[1]
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.route("**/api/v1/stream*", lambda route: route.abort())  # a page that hears nothing
    log_in_with_code(page, hall, delegate)
    yes = page.get_by_role("button", name="Vote yes on: Stale")
    yes.wait_for()
    chair.post(f"/polls/{poll}/close")  # the page is stale now
    yes.click()
    alert = page.get_by_role("alert")
    alert.filter(has_text="is closed").wait_for()
    assert_accessible(page, "phone, a refusal")
    context.close()


def test_a_vote_on_a_small_screen_over_slow_3g(browser: Any, hall: Hall) -> None:
    chair = Chair(hall)
    motion = chair.motion("Land", "All land to the peasants' committees.")
    poll = chair.poll(motion, "electronic-named")
    delegate = hall.delegates[2]
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    started = time.monotonic()
    log_in_with_code(page, hall, delegate)
    page.get_by_role("button", name="Vote no on: Land").click()
    page.get_by_text("You have voted.").wait_for(timeout=20_000)
    took = time.monotonic() - started
    assert took < 20, f"logging in and voting over slow 3G took {took:.1f} s"
    # one column: nothing wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    sizes = page.evaluate(
        "[...document.querySelectorAll('main button')].map(b => b.getBoundingClientRect().height)"
    )
    assert sizes and min(sizes) >= 48
    answer = httpx.get(f"{hall.url}/api/v1/polls/{poll}/progress")
    assert answer.json()["voted"] == 1
    context.close()
