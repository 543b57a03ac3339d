"""A congress's papers on the screens (issue 19), without a browser: each form's refusal
names its rule in words (the deadline written out, councils and delegates by name) and
records nothing; each page offers only the moves the viewer's role may make; a council's
account keeps to its own council's page; the Russian pages are in Russian."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from papers_congress import PASSWORD, make_papers_congress
from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny
from smolny.web.app import create_app

PAGE = {"HX-Request": "true"}
LEEDS = "/papers/congress/councils/leeds"


@pytest.fixture
def client(service: Smolny) -> Iterator[tuple[TestClient, Smolny, dict[str, Any]]]:
    made = make_papers_congress(service)
    service.accounts.create_account("admin", "admin", password=PASSWORD)
    with TestClient(create_app(service)) as api:
        yield api, service, made


def log_in(api: TestClient, username: str) -> None:
    api.cookies.clear()
    answer = api.post("/api/v1/login", json={"username": username, "password": PASSWORD})
    assert answer.status_code == 200, answer.text


def refused(api: TestClient, app: Smolny, path: str, form: dict[str, Any], rule: str) -> str:
    """POST the form from the page: refused naming `rule`, in the form's own answer slot,
    nothing recorded; the words said."""
    before = app.state.seq
    answer = api.post(path, data=form, headers=PAGE)
    assert answer.status_code in (403, 409, 422), answer.text
    assert f'data-rule="{rule}"' in answer.text, answer.text
    assert (
        answer.headers["HX-Retarget"].endswith("answer")
        or "answer-" in answer.headers["HX-Retarget"]
    )
    assert app.state.seq == before
    return answer.text


def motion(title: str = "Pay") -> dict[str, str]:
    return {
        "title": title,
        "paragraphs": "Congress notes.\n\nCongress resolves\nto act.",
        "movers": "A. Mover\nB. Mover",
    }


def test_a_council_submits_and_every_refusal_is_said_in_words(
    client: tuple[TestClient, Smolny, dict[str, Any]],
) -> None:
    api, app, made = client
    log_in(api, "leeds-sec")
    assert api.get("/papers", follow_redirects=False).headers["location"] == LEEDS
    assert "Our papers to Union Congress 2027" in api.get("/secretary").text
    done = api.post(f"{LEEDS}/motions", data=motion(), headers=PAGE)
    assert done.status_code == 200 and "Motion M1 “Pay” is submitted." in done.text
    assert app.state.papers["congress"].papers["M1"].paragraphs == (
        "Congress notes.",
        "Congress resolves to act.",
    )
    # the preview: the motion's text as amended, struck and inserted words marked
    change = {"motion": "M1", "paragraph": "2", "change": "replace", "text": "Congress acts."}
    shown = api.post(f"{LEEDS}/amendment-preview", data=change, headers=PAGE).text
    assert "<del>" in shown and "<ins>" in shown and "resolves" in shown
    text = refused(
        api,
        app,
        f"{LEEDS}/amendments",
        {**change, "paragraph": "9", "movers": "A"},
        "no-such-paragraph",
    )
    assert "M1 has paragraphs 1 to 2: there is no paragraph 9." in text
    york = made["delegates"]["york"][0]
    text = refused(
        api,
        app,
        f"{LEEDS}/instructions",
        {"paper": "M1", "instruction": "for", "whom": "chosen", "delegates": york},
        "instruction-sender",
    )
    assert "this council did not send: York delegate 1" in text
    # another council's page is not this account's
    assert api.get("/papers/congress/councils/york").status_code == 403
    refused(api, app, "/papers/congress/councils/york/motions", motion(), "council-account")
    # nor are the committee's acts
    refused(
        api,
        app,
        "/papers/congress/papers/M1/moves",
        {"to": "admitted", "role": "committee"},
        "council-account",
    )

    log_in(api, "sec")
    api.post("/papers/congress/deadlines", data={"motions": "2020-05-01T09:30"}, headers=PAGE)
    text = refused(api, app, f"{LEEDS}/motions", motion("Late"), "submission-deadline")
    assert "The deadline for motions was 1 May 2020, 09:30:00 UTC" in text


def test_the_committee_sees_only_its_moves_and_a_composite_waits_for_consent(
    client: tuple[TestClient, Smolny, dict[str, Any]],
) -> None:
    api, app, _made = client
    log_in(api, "sec")
    for council in ("leeds", "york"):
        api.post(f"/papers/congress/councils/{council}/motions", data=motion(), headers=PAGE)
    page = api.get("/papers/congress").text
    assert "Move to “Admitted”" in page and "Move to “Adopted”" not in page  # not the chair's
    text = refused(
        api,
        app,
        "/papers/congress/papers/M1/moves",
        {"to": "ruled-out-of-order", "role": "committee"},
        "reason-needed",
    )
    assert "Give the reason" in text
    text = refused(
        api,
        app,
        "/papers/congress/papers/M1/moves",
        {"to": "adopted", "role": "congress"},
        "forbidden",
    )
    text = refused(
        api,
        app,
        "/papers/congress/papers/M1/moves",
        {"to": "rejected", "role": "committee"},
        "workflow-move",
    )
    assert "From “Submitted” the workflow moves a paper only to: Admitted" in text
    for number in ("M1", "M2"):
        moved = api.post(
            f"/papers/congress/papers/{number}/moves",
            data={"to": "admitted", "role": "committee"},
            headers=PAGE,
        )
        assert f"{number} is now: Admitted." in moved.text
    proposed = api.post(
        "/papers/congress/composites",
        data={"motions": ["M1", "M2"], "title": "Pay", "paragraphs": "Congress demands pay."},
        headers=PAGE,
    )
    assert "Composite C1 of M1, M2 is proposed" in proposed.text
    text = refused(api, app, "/papers/congress/composites/C1/make", {}, "composite-consent")
    assert "M1 (Leeds Trades Council), M2 (York Trades Council) have not consented" in text

    api.post(f"{LEEDS}/motions", data=motion("Weather"), headers=PAGE)
    ruled = {"to": "ruled-out-of-order", "role": "committee", "reason": "Not our business"}
    assert "M3 is now: Ruled out of order." in (
        api.post("/papers/congress/papers/M3/moves", data=ruled, headers=PAGE).text
    )

    log_in(api, "leeds-sec")  # the mover appeals from the council's page
    page = api.get(LEEDS).text
    assert "Not our business" in page and "Move to “Ruling appealed to the congress”" in page
    appeal = {"to": "appealed", "role": "mover", "council": "leeds"}
    refused(api, app, "/papers/congress/papers/M3/moves", appeal, "reason-needed")
    appealed = api.post(
        "/papers/congress/papers/M3/moves", data={**appeal, "reason": "It is"}, headers=PAGE
    )
    assert appealed.headers["HX-Retarget"] == "#council-papers"
    assert "M3 is now: Ruling appealed to the congress." in appealed.text

    log_in(api, "chair")  # the chair records the congress's decisions, and nothing else
    page = api.get("/papers/congress").text
    assert "as the standing orders committee" not in page and "Move to “Adopted”" in page
    assert "Move to “Out of order (the congress upheld the ruling)”" in page
    assert "Recommendation on" not in page


def test_the_pages_are_in_russian(client: tuple[TestClient, Smolny, dict[str, Any]]) -> None:
    api, _app, _made = client
    log_in(api, "leeds-sec")
    api.post(f"{LEEDS}/motions", data=motion(), headers=PAGE)
    page = api.get(f"{LEEDS}?lang=ru").text
    assert "Внести резолюцию" in page and "Внесена" in page and "Submit" not in page
    log_in(api, "sec")
    page = api.get("/papers/congress?lang=ru").text
    assert "Перевести в «Допущена к рассмотрению»" in page and "Move to" not in page


def test_a_congress_without_deadlines_has_them_set_from_its_page(
    client: tuple[TestClient, Smolny, dict[str, Any]],
) -> None:
    api, app, _made = client
    app.execute(
        c.CreateBody("spring", "Spring Congress"), by=Principal("system", "system", "admin")
    )
    log_in(api, "sec")
    assert "takes no papers yet: set its deadlines" in api.get("/papers").text
    page = api.get("/papers/spring").text
    assert "The congress takes no papers until its deadlines are set." in page
    assert "Set the deadlines" in page and "Propose a composite" not in page
    set_ = api.post("/papers/spring/deadlines", data={"motions": ""}, headers=PAGE)
    assert 'data-rule="motions"' in set_.text and "spring" not in app.state.papers
    set_ = api.post("/papers/spring/deadlines", data={"motions": "2999-03-01T17:00"}, headers=PAGE)
    assert "The deadlines are set." in set_.text
    assert app.state.papers["spring"].motions_by == "2999-03-01T17:00:00Z"
    assert "1 March 2999, 17:00:00 UTC" in api.get("/papers/spring").text
