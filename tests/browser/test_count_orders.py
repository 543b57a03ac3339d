"""A Schulze and a Borda election of five candidates on a 1280x720 projector in a real
browser: the pairwise matrix (or the points table) and the order fit the screen, readable
and accessible."""

from __future__ import annotations

from typing import Any

from hall import Hall, assert_accessible, log_in, screenshot

CANDIDATES = [
    "Alexandra Kollontai",
    "Yakov Sverdlov",
    "Maria Spiridonova",
    "Lev Kamenev",
    "Moisei Uritsky",
]
RANKINGS = [
    [0, 1, 2, 3, 4],
    [1, 0, 3, 2],
    [2, 1, 0],
    [3, 4, 0, 1, 2],
    [0, 2, 4],
    [1, 3],
]


def post(context: Any, hall: Hall, path: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = context.request.post(hall.url + "/api/v1" + path, data=body)
    assert answer.ok, answer.text()
    result: dict[str, Any] = answer.json()
    return result


def hold(browser: Any, hall: Hall, counting: str) -> None:
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
            "counting": counting,
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


def fits(page: Any, selector: str) -> None:
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1280, (selector, box)
    assert box["y"] + box["height"] <= 720, (selector, box)


def test_a_schulze_election_fits_a_1280_by_720_projector(browser: Any, hall: Hall) -> None:
    hold(browser, hall, "schulze")
    viewer = browser.new_context(viewport={"width": 1280, "height": 720})
    page = viewer.new_page()
    page.goto(hall.url + "/projector")
    page.locator("table.matrix.pairwise").wait_for()
    for selector in ("table.matrix.pairwise", "ol.places", ".verdict"):
        fits(page, selector)
    assert page.locator("table.matrix.pairwise tbody tr").count() == len(CANDIDATES)
    assert page.locator("table.matrix.pairwise thead th", has_text="Maria Spiridonova").count() == 1
    assert_accessible(page, "projector with a Schulze count")
    screenshot(page, "projector-schulze")
    viewer.close()


def test_a_borda_election_fits_a_1280_by_720_projector(browser: Any, hall: Hall) -> None:
    hold(browser, hall, "borda")
    viewer = browser.new_context(viewport={"width": 1280, "height": 720})
    page = viewer.new_page()
    page.goto(hall.url + "/projector")
    page.locator("table.points").wait_for()
    for selector in ("table.points", "ol.places", ".verdict"):
        fits(page, selector)
    assert page.locator("table.points tbody tr").count() == len(CANDIDATES) + 1  # and the total
    assert_accessible(page, "projector with a Borda count")
    screenshot(page, "projector-borda")
    viewer.close()
