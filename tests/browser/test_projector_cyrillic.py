"""An STV election among candidates named in Cyrillic and accented Latin, in a real
browser: two delegates rank on their phones (one name sent as NFD by the API), the rest
through the API, the chair closes it, the projector names the elected, and the record
still verifies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from click.testing import CliRunner

from hall import Hall, assert_accessible, screenshot
from smolny.cli.verify import verify

from .test_phone_ballot import Chair, phone

CANDIDATES = ["Ленин", "Мартов", "Спиридонова", "Siân", "José"]
JOSE_NFD = "Jose\u0301"  # the same candidate, e and a combining acute accent


def vote_by_api(hall: Hall, delegate: str, poll: str, ranking: list[str]) -> None:
    with httpx.Client(base_url=hall.url + "/api/v1", timeout=15) as client:
        login = client.post("/login", json={"access_code": hall.codes[delegate]})
        token = login.raise_for_status().json()["token"]
        answer = client.post(
            f"/polls/{poll}/votes",
            json={"ranking": ranking},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert answer.status_code < 300, answer.text


def test_an_stv_election_of_cyrillic_names_closes_and_the_projector_names_the_elected(
    browser: Any, hall: Hall, tmp_path: Path
) -> None:
    chair = Chair(hall)
    phones = [phone(browser, hall, d) for d in hall.delegates[:2]]
    opened = chair.post(
        f"/sessions/{hall.session}/polls",
        {
            "title": "Центральный исполнительный комитет",
            "question": "ranked",
            "options": CANDIDATES,
            "seats": 2,
            "counting": "scottish-stv",
            "method": "electronic-secret",
        },
    )
    poll = str(opened["poll"])
    for _context, page in phones:
        page.get_by_label("Preference 1").wait_for(timeout=15000)
        page.get_by_label("Preference 1").select_option("Ленин")
        page.get_by_label("Preference 2").select_option("Мартов")
        name = "Cast this ranking on: Центральный исполнительный комитет"
        page.get_by_role("button", name=name).click()
        page.locator("#receipts .receipt").wait_for(timeout=15000)
    screenshot(phones[0][1], "phone-390-cyrillic-ranking-cast")
    for context, _ in phones:
        context.close()
    # the quota of 6 papers for 2 seats is 6 // 3 + 1 = 3: Ленин has 4 first preferences,
    # his surplus goes on to Мартов, who is elected when the rest are excluded
    others = hall.delegates[2:6]
    rankings = [["Ленин", "Мартов"], ["Ленин", "Мартов"], ["Мартов"], [JOSE_NFD, "Siân"]]
    for delegate, ranking in zip(others, rankings, strict=True):
        vote_by_api(hall, delegate, poll, ranking)
    closed = chair.post(f"/polls/{poll}/close")
    assert closed

    viewer = browser.new_context(viewport={"width": 1280, "height": 720})
    page = viewer.new_page()
    page.goto(hall.url + "/projector")
    verdict = page.locator("p.verdict")
    verdict.wait_for(timeout=15000)
    assert "Ленин, Мартов" in verdict.inner_text(), verdict.inner_text()
    names = page.locator("table.stages tbody th").all_inner_texts()
    for name in CANDIDATES:  # José as recorded, in NFC, once
        assert sum(name in n for n in names) == 1, (name, names)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert_accessible(page, "projector with an STV count of Cyrillic names")
    screenshot(page, "projector-stv-cyrillic-1280x720", full_page=True)
    viewer.close()

    database = f"sqlite:///{tmp_path / 'hall.sqlite3'}"  # the hall's (tests/hall.py)
    result = CliRunner().invoke(verify, ["--db", database])
    assert result.exit_code == 0 and result.output.startswith("OK:"), result.output
