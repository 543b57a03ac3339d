"""An STV election of 2 among 8 on a 1280x720 projector in a real browser: every
candidate named (never by number), the count condensed to fit the screen without
scrolling, the full count on the public page; the minutes of the sitting name the elected
and are one click from the public page."""

from __future__ import annotations

from typing import Any

from hall import Hall, assert_accessible, log_in, screenshot

CANDIDATES = [
    "Alexandra Kollontai",
    "Yakov Sverdlov",
    "Maria Spiridonova",
    "Lev Kamenev",
    "Moisei Uritsky",
    "Grigory Zinoviev",
    "Inessa Armand",
    "Fyodor Dan",  # ranked by nobody: never excluded by name before the count ends
]
RANKINGS = [
    [0, 1, 2, 3, 4],
    [1, 0, 3, 2],
    [2, 1, 0],
    [3, 4, 0, 1, 2],
    [0, 2, 4],
    [1, 3, 5, 6],
]


def post(context: Any, hall: Hall, path: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = context.request.post(hall.url + "/api/v1" + path, data=body)
    assert answer.ok, answer.text()
    result: dict[str, Any] = answer.json()
    return result


def elect(browser: Any, hall: Hall) -> str:
    chair = browser.new_context()
    log_in(chair, hall, "chair")
    opened = post(
        chair,
        hall,
        f"/sessions/{hall.session}/polls",
        {
            "title": "Central Executive Committee",
            "question": "ranked",
            "options": CANDIDATES,
            "seats": 2,
            "counting": "scottish-stv",
            "method": "electronic-secret",
        },
    )
    for delegate, ranking in zip(hall.delegates, RANKINGS, strict=True):
        voter = browser.new_context()
        log_in(voter, hall, delegate)
        post(
            voter,
            hall,
            f"/polls/{opened['poll']}/votes",
            {"ranking": [CANDIDATES[k] for k in ranking]},
        )
        voter.close()
    post(chair, hall, f"/polls/{opened['poll']}/close", {})
    chair.close()
    return str(opened["poll"])


def test_an_stv_count_names_everyone_and_fits_a_1280_by_720_projector(
    browser: Any, hall: Hall
) -> None:
    elect(browser, hall)
    viewer = browser.new_context(viewport={"width": 1280, "height": 720})
    page = viewer.new_page()
    page.goto(hall.url + "/projector")
    page.locator("table.stages").wait_for()
    screenshot(page, "projector-stv-1280x720", full_page=True)
    assert page.evaluate("document.documentElement.scrollHeight") <= 720
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    names = page.locator("table.stages tbody th").all_inner_texts()
    for name in CANDIDATES:
        assert any(name in n for n in names), (name, names)
    assert not any(n.strip().isdigit() for n in names), names
    assert (
        "single transferable vote (Scottish rules)" in page.locator(".count-summary").inner_text()
    )
    assert "scottish-stv" not in page.locator("main").inner_text()
    assert_accessible(page, "projector with an STV count")
    viewer.close()


def test_the_public_page_shows_the_whole_count_and_links_the_documents(
    browser: Any, hall: Hall
) -> None:
    poll = elect(browser, hall)
    viewer = browser.new_context(viewport={"width": 1280, "height": 800})
    page = viewer.new_page()
    page.goto(hall.url + "/")
    page.locator("table.stages").wait_for()
    assert page.locator("table.stages thead th").count() >= 8  # every stage, not condensed
    for name in CANDIDATES:
        assert page.locator("table.stages tbody th", has_text=name).count() == 1
    screenshot(page, "public-stv-1280", full_page=True)
    assert page.locator(f'a[href="/box/{poll}"]').count() >= 1
    page.get_by_role("link", name="Minutes").first.click()
    page.wait_for_url(f"**/minutes/{hall.session}")
    text = page.locator("main").inner_text()
    assert "Elected (single transferable vote (Scottish rules)):" in text
    assert "elected: " in text and "Yes 0" not in text
    for fmt in ("pdf", "md"):
        assert page.locator(f'a[href*="minutes?format={fmt}"]').count() == 1
    assert_accessible(page, "the minutes in the page")
    screenshot(page, "minutes-page-1280", full_page=True)
    viewer.close()
