"""The phone at 390x844 in a real browser: when a vote opens, its ballot comes to the top
of the screen with its question, whatever the delegate was reading; a refused ballot is
answered by the ballot, in view and focused; a secret ballot's receipt stays on the phone
after the close and a reload, finds the ballot in the published box in words, and is gone
once forgotten."""

from __future__ import annotations

from typing import Any

import httpx

from hall import Hall, assert_accessible, screenshot, wait_until

PHONE = {"width": 390, "height": 844}


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

    def motion(self, title: str, text: str) -> str:
        mover, seconder = self.hall.delegates[-2:]
        body = {"title": title, "text": text, "mover": mover}
        motion = str(self.post(f"/sessions/{self.hall.session}/motions", body)["motion"])
        acts = f"/sessions/{self.hall.session}/acts"
        self.post(acts, {"act": "second", "question": motion, "seconder": seconder})
        self.post(acts, {"act": "state", "question": motion})
        return motion

    def poll(self, motion: str, method: str) -> str:
        return str(self.post(f"/motions/{motion}/polls", {"method": method})["poll"])


def log_in_with_code(page: Any, hall: Hall, delegate: str) -> None:
    page.goto(hall.url + "/login?next=/phone")
    page.get_by_label("Access code (from your slip)").fill(hall.codes[delegate])
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(hall.url + "/phone")


CANDIDATES = ["Alexandra Kollontai", "Yakov Sverdlov", "Maria Spiridonova"]


def in_view(page: Any, selector: str) -> None:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (selector, box)
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (selector, box)


def phone(browser: Any, hall: Hall, delegate: str) -> tuple[Any, Any]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    log_in_with_code(page, hall, delegate)
    wait_until(page, "document.body.dataset.live === 'open'")
    return context, page


def test_the_ballot_comes_to_the_top_when_a_vote_opens(browser: Any, hall: Hall) -> None:
    chair = Chair(hall)
    motion = chair.motion("Decree on land", "All land to the peasants' committees.\n" * 12)
    context, page = phone(browser, hall, hall.delegates[0])
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # reading the bottom
    chair.poll(motion, "electronic-secret")
    page.get_by_role("button", name="Vote yes on: Decree on land").wait_for(timeout=5000)
    wait_until(page, "document.activeElement && document.activeElement.id === 'vote-heading'")
    for selector in (
        "#vote-heading",
        "#ballot button.yes",
        "#ballot button.no",
        "#ballot button.abstain",
    ):
        in_view(page, selector)
    assert "Decree on land" in page.locator("#vote-heading").inner_text()
    assert_accessible(page, "phone, a vote just opened")
    screenshot(page, "phone-390-vote-opened")
    context.close()


def test_a_refused_ranking_is_answered_by_the_ballot(browser: Any, hall: Hall) -> None:
    chair = Chair(hall)
    context, page = phone(browser, hall, hall.delegates[1])
    chair.post(
        f"/sessions/{hall.session}/polls",
        {
            "title": "Presidium",
            "question": "ranked",
            "options": CANDIDATES,
            "seats": 1,
            "method": "electronic-secret",
        },
    )
    page.get_by_label("Preference 1").wait_for(timeout=5000)
    page.get_by_label("Preference 1").select_option(CANDIDATES[0])
    page.get_by_label("Preference 2").select_option(CANDIDATES[0])
    page.get_by_role("button", name="Cast this ranking on: Presidium").click()
    refusal = page.locator("#ballot .refusal")
    refusal.wait_for(timeout=5000)
    assert "named twice" in refusal.inner_text()
    in_view(page, "#ballot .refusal")
    wait_until(page, "document.activeElement && document.activeElement.matches('.refusal')")
    assert page.locator("#ballot [role=alert] .refusal").count() == 1
    assert_accessible(page, "phone, a refused ranking")
    screenshot(page, "phone-390-refused-ranking")
    context.close()


def test_a_secret_receipt_stays_on_the_phone_until_forgotten(browser: Any, hall: Hall) -> None:
    chair = Chair(hall)
    motion = chair.motion("Decree on peace", "The congress proposes an immediate peace.")
    poll = chair.poll(motion, "electronic-secret")
    context, page = phone(browser, hall, hall.delegates[2])
    page.get_by_role("button", name="Vote no on: Decree on peace").click()
    receipt = page.locator("#receipts .receipt").inner_text().strip()
    chair.post(f"/polls/{poll}/close")
    page.get_by_text("The poll is closed.").wait_for(timeout=5000)
    page.reload()
    kept = page.locator("#kept .kept-receipt")
    kept.wait_for()
    assert receipt in kept.inner_text() and "Decree on peace" in kept.inner_text()
    assert_accessible(page, "phone, a receipt kept after the close")
    screenshot(page, "phone-390-receipt-kept")

    page.get_by_role("link", name="Find my ballot in the box").click()
    page.wait_for_url(f"**/box/{poll}?receipt={receipt}")
    said = page.locator("#checked")
    assert "Your ballot is in the box, counted as a vote against." in said.inner_text()
    assert page.locator("li.mine").count() == 1
    assert_accessible(page, "the published box, a ballot found by its receipt")
    screenshot(page, "box-390-found")
    page.go_back()

    page.get_by_role("button", name="Forget: Decree on peace").click()
    assert page.locator("#kept .kept-receipt").count() == 0
    page.reload()
    page.locator("#ballot").wait_for()
    assert page.locator("#kept .kept-receipt").count() == 0
    assert page.locator("#kept").is_hidden()
    context.close()


def test_a_receipt_is_not_shown_beneath_the_next_ballot(browser: Any, hall: Hall) -> None:
    chair = Chair(hall)
    motion = chair.motion("Decree on peace", "The congress proposes an immediate peace.")
    poll = chair.poll(motion, "electronic-secret")
    context, page = phone(browser, hall, hall.delegates[3])
    page.get_by_role("button", name="Vote yes on: Decree on peace").click()
    receipt = page.locator("#receipts .receipt").inner_text().strip()
    chair.post(f"/polls/{poll}/close")
    page.get_by_text("The poll is closed.").wait_for(timeout=15_000)
    assert receipt in page.locator("#receipts").inner_text()  # still its poll's, after the close

    # the next vote opens: its ballot comes clean, the old receipt is not beneath it
    following = chair.motion("Decree on land", "All land to the peasants' committees.")
    chair.poll(following, "electronic-secret")
    page.get_by_role("button", name="Vote yes on: Decree on land").wait_for(timeout=15_000)
    wait_until(page, "!document.querySelector('#receipts .receipt')")
    assert receipt not in page.locator("#ballot").inner_text()
    assert "Your receipt" not in page.locator("#receipts").inner_text()
    # and still reachable: kept on the phone, with its way to the published box
    kept = page.locator("#kept .kept-receipt", has_text="Decree on peace")
    assert receipt in kept.inner_text()
    link = kept.get_by_role("link", name="Find my ballot in the box")
    assert link.get_attribute("href") == f"/box/{poll}?receipt={receipt}"
    assert_accessible(page, "phone, the next vote open after a secret one")

    # the new ballot's own receipt, once cast
    page.get_by_role("button", name="Vote no on: Decree on land").click()
    page.locator("#receipts .receipt").wait_for()
    assert page.locator("#receipts .receipt").inner_text().strip() != receipt
    context.close()
