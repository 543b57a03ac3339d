"""No screen scrolls sideways on a 360 px phone: the public page, the whole record, the
projector, the delegate's phone, the published box, the minutes in the page, the chair's
sessions and console, the secretariat; in English and in Russian (longer words)."""

from __future__ import annotations

from typing import Any

import pytest

from hall import Hall, log_in, wait_until

NARROW = {"width": 360, "height": 740}


def sitting_with_a_closed_secret_vote(browser: Any, hall: Hall) -> str:
    chair = browser.new_context()
    log_in(chair, hall, "chair")
    session = hall.session
    moved = chair.request.post(
        f"{hall.url}/api/v1/sessions/{session}/motions",
        data={"title": "Decree on peace", "text": "A just peace.", "mover": hall.delegates[0]},
    ).json()
    act = f"{hall.url}/api/v1/sessions/{session}/acts"
    chair.request.post(
        act, data={"act": "second", "question": moved["motion"], "seconder": hall.delegates[1]}
    )
    chair.request.post(act, data={"act": "state", "question": moved["motion"]})
    poll = chair.request.post(
        f"{hall.url}/api/v1/motions/{moved['motion']}/polls", data={"method": "electronic-secret"}
    ).json()["poll"]
    for d in hall.delegates[:3]:
        voter = browser.new_context()
        log_in(voter, hall, d)
        voter.request.post(f"{hall.url}/api/v1/polls/{poll}/votes", data={"choice": "yes"})
        voter.close()
    chair.request.post(f"{hall.url}/api/v1/polls/{poll}/close", data={})
    chair.close()
    return str(poll)


def widths(
    browser: Any, hall: Hall, who: str | None, paths: list[str], lang: str
) -> dict[str, int]:
    context = browser.new_context(viewport=NARROW, is_mobile=True)
    if who is not None:
        log_in(context, hall, who)
    page = context.new_page()
    wide = {}
    for path in paths:
        page.goto(f"{hall.url}{path}{'&' if '?' in path else '?'}lang={lang}")
        wait_until(page, "document.readyState === 'complete'")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROW["width"]:
            wide[path] = width
    context.close()
    return wide


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_public_and_delegate_screens_fit_360_px(browser: Any, hall: Hall, lang: str) -> None:
    poll = sitting_with_a_closed_secret_vote(browser, hall)
    public = ["/", "/record", "/projector", f"/box/{poll}", f"/minutes/{hall.session}"]
    wide = widths(browser, hall, None, public, lang)
    wide |= widths(browser, hall, hall.delegates[0], ["/phone"], lang)
    assert not wide, f"sideways scroll at 360 px ({lang}): {wide}"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_chairs_sessions_fit_360_px(browser: Any, hall: Hall, lang: str) -> None:
    sitting_with_a_closed_secret_vote(browser, hall)
    wide = widths(browser, hall, "chair", ["/chair"], lang)
    assert not wide, f"sideways scroll at 360 px ({lang}): {wide}"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_console_and_the_secretariat_fit_360_px(browser: Any, hall: Hall, lang: str) -> None:
    sitting_with_a_closed_secret_vote(browser, hall)
    staff = [f"/chair/sessions/{hall.session}", "/secretary"]
    wide = widths(browser, hall, "chair", staff, lang)
    assert not wide, f"sideways scroll at 360 px ({lang}): {wide}"


# what a chair pastes: a title and words with no space to break at, a link in the text
LONG_TITLE = "Wages_of_compositors_in_the_printshops_of_Petrograd"
LINK = "https://union.example.org/resolutions/2026/wages-of-compositors"


def a_stated_motion(browser: Any, hall: Hall) -> None:
    chair = browser.new_context()
    log_in(chair, hall, "chair")
    moved = chair.request.post(
        f"{hall.url}/api/v1/sessions/{hall.session}/motions",
        data={
            "title": LONG_TITLE,
            "text": f"The congress demands a wage of forty roubles (see {LINK}).",
            "mover": hall.delegates[0],
        },
    ).json()
    act = f"{hall.url}/api/v1/sessions/{hall.session}/acts"
    for body in (
        {"act": "second", "question": moved["motion"], "seconder": hall.delegates[1]},
        {"act": "state", "question": moved["motion"]},
    ):
        answer = chair.request.post(act, data=body)
        assert answer.ok, answer.text()
    chair.close()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_consoles_amendment_form_open_fits_360_px(browser: Any, hall: Hall, lang: str) -> None:
    a_stated_motion(browser, hall)
    context = browser.new_context(viewport=NARROW, is_mobile=True)
    log_in(context, hall, "chair")
    page = context.new_page()
    page.goto(f"{hall.url}/chair/sessions/{hall.session}?lang={lang}")
    wait_until(page, "document.readyState === 'complete'")
    page.locator("#move-summary").click()
    page.locator("#move-motion").select_option("amend")
    page.locator("#move-operation").wait_for()
    page.locator("#move-strike").fill(LINK)
    page.locator("#move-words").fill(LINK.replace("2026", "2027"))
    page.locator("#amendment-preview ins").wait_for()
    wide = {}
    for operation in ("strike-insert", "insert", "strike", "substitute"):
        page.locator("#move-operation").select_option(operation)
        page.locator("#move-form").scroll_into_view_if_needed()
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROW["width"]:
            wide[operation] = width
    context.close()
    assert not wide, f"the open amendment form scrolls sideways at 360 px ({lang}): {wide}"
