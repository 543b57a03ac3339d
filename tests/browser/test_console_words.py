"""The chair's console names people, motions, votes and sittings in words: no delegate's,
poll's, motion's or sitting's identifier (d3, p1, m2, s1) beside the names, on the console
or on the public page of the sitting (the identifiers stay in data attributes)."""

from __future__ import annotations

import re
from typing import Any

from hall import Hall, log_in

IDENTIFIER = re.compile(r"\b[dpms]\d+\b")


def _chair(browser: Any, hall: Hall) -> Any:
    chair = browser.new_context()
    log_in(chair, hall, "chair")
    return chair


def _act(chair: Any, hall: Hall, **body: Any) -> Any:
    answer = chair.request.post(f"{hall.url}/api/v1/sessions/{hall.session}/acts", data=body)
    assert answer.ok, answer.text()
    return answer.json()


def _amendment_debated(chair: Any, hall: Hall) -> str:
    """A decree and an amendment to it, stated; a speaker waiting; a delegate gone."""
    d = hall.delegates
    main = chair.request.post(
        f"{hall.url}/api/v1/sessions/{hall.session}/motions",
        data={"title": "Decree on peace", "text": "A just peace, bread and land.", "mover": d[0]},
    ).json()["motion"]
    _act(chair, hall, act="second", question=main, seconder=d[1])
    _act(chair, hall, act="state", question=main)
    amend = _act(
        chair,
        hall,
        act="move",
        motion="amend",
        mover=d[2],
        change={"operation": "strike-insert", "strike": "bread", "words": "freedom"},
    )["events"][0]["question"]
    _act(chair, hall, act="second", question=amend, seconder=d[3])
    _act(chair, hall, act="state", question=amend)
    _act(chair, hall, act="request-floor", delegate=d[4], side="for")
    left = chair.request.post(
        f"{hall.url}/api/v1/sessions/{hall.session}/presence", data={"left": [d[5]]}
    )
    assert left.ok, left.text()
    return str(amend)


def _shown(page: Any) -> str:
    page.evaluate("document.querySelectorAll('#console details').forEach(d => d.open = true)")
    return str(page.locator("main").inner_text())


def test_the_console_names_people_and_motions_in_words(browser: Any, hall: Hall) -> None:
    chair = _chair(browser, hall)
    amend = _amendment_debated(chair, hall)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    log_in(context, hall, "chair")
    page = context.new_page()
    page.goto(f"{hall.url}/chair/sessions/{hall.session}")
    page.locator("#chair-floor .speakers").wait_for()
    shown = _shown(page)
    # what a chair reads: the names, not the identifiers
    for name in (hall.names[hall.delegates[4]], hall.names[hall.delegates[5]]):
        assert name in shown
    assert "Decree on peace" in shown
    assert not IDENTIFIER.findall(shown), IDENTIFIER.findall(shown)
    # the identifiers stay where the page's own acts need them
    assert page.locator(f"[data-delegate='{hall.delegates[4]}']").count() >= 1
    # a roll call: the delegate called and the roll, by name
    _act(chair, hall, act="recognise")
    _act(chair, hall, act="yield", reason="finished")
    poll = chair.request.post(
        f"{hall.url}/api/v1/motions/{amend}/polls", data={"method": "roll-call"}
    )
    assert poll.ok, poll.text()
    page.goto(f"{hall.url}/chair/sessions/{hall.session}")
    page.locator(".roll-call .big", has_text="Called:").wait_for()
    shown = _shown(page)
    assert not IDENTIFIER.findall(shown), IDENTIFIER.findall(shown)
    # the public page of the sitting: its body, not "sitting s1"
    page.goto(f"{hall.url}/sessions/{hall.session}")
    assert not IDENTIFIER.findall(page.locator("article p.muted").first.inner_text())
    chair.close()
    context.close()
