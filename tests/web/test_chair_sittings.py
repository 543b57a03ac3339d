"""Sittings opened or called from the chair's list of sessions (`/chair`): opened now (to
the new console), called for a day and time in the body's zone and opened when it comes;
bad input refused with its rule, nothing written; only those who may open a sitting."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sample_congress import CHAIR_PASSWORD, make_congress
from smolny.domain import commands as c
from smolny.service.app import Smolny
from smolny.web.app import create_app

HX = {"HX-Request": "true"}


@pytest.fixture
def hall(sqlite_service: Smolny) -> Iterator[tuple[TestClient, Smolny, str]]:
    """The congress with its first sitting adjourned: none open."""
    congress = make_congress(sqlite_service, size=4)
    session = str(congress["session"])
    sqlite_service.execute(c.CloseSession(session))
    with TestClient(create_app(sqlite_service)) as client:
        login = {"username": "chair", "password": CHAIR_PASSWORD}
        assert client.post("/api/v1/login", json=login).status_code == 200
        yield client, sqlite_service, session


def sitting(client: TestClient, **form: str) -> Any:
    return client.post("/chair/sessions", data=form, headers=HX)


def test_the_list_offers_to_open_or_call_a_sitting(hall: Any) -> None:
    client, _, _ = hall
    page = client.get("/chair")
    assert page.status_code == 200
    assert 'hx-post="/chair/sessions"' in page.text and 'value="congress"' in page.text
    assert 'name="scheduled_for"' in page.text
    assert "Открыть заседание сейчас" in client.get("/chair?lang=ru").text


def test_a_sitting_opened_now_sends_the_browser_to_its_console(hall: Any) -> None:
    client, app, first = hall
    answer = sitting(client, body="congress", title="Second sitting", when="now")
    assert answer.status_code == 200
    opened = [s for s in app.state.sessions.values() if s.id != first]
    assert [(s.title, s.state) for s in opened] == [("Second sitting", "open")]
    assert answer.headers["HX-Redirect"] == f"/chair/sessions/{opened[0].id}"
    # the body sits now: another is refused by the form, with the engine's rule
    seq = app.state.seq
    again = sitting(client, body="congress", title="Third", when="now")
    assert again.status_code == 409 and 'data-rule="session-already-open"' in again.text
    assert "HX-Redirect" not in again.headers and app.state.seq == seq


def test_a_sitting_called_in_the_bodys_zone_and_opened_when_it_comes(hall: Any) -> None:
    client, app, _ = hall
    app.execute(c.SetTimeZone("congress", "Europe/Moscow"))
    answer = sitting(
        client, body="congress", title="Evening", when="later", scheduled_for="2030-11-07T18:30"
    )
    assert answer.status_code == 200, answer.text
    (ident, called), *_ = app.state.scheduled.items()
    assert called["title"] == "Evening"
    assert called["scheduled_for"] == "2030-11-07T15:30:00Z"  # 18:30 in Moscow
    assert "Sitting “Evening” called for 7 November 2030, 18:30:00" in answer.text
    assert 'id="scheduled" class="panel"' in answer.text and 'hx-swap-oob="true"' in answer.text
    assert f'hx-post="/chair/scheduled/{ident}/open"' in client.get("/chair").text

    opened = client.post(f"/chair/scheduled/{ident}/open", headers=HX)
    assert opened.status_code == 200
    assert opened.headers["HX-Redirect"] == f"/chair/sessions/{ident}"
    assert app.state.sessions[ident].state == "open" and ident not in app.state.scheduled
    seq = app.state.seq
    twice = client.post(f"/chair/scheduled/{ident}/open", headers=HX)
    assert twice.status_code == 422 and 'data-rule="not-scheduled"' in twice.text
    assert twice.headers["HX-Retarget"] == "global #scheduled-answer"
    assert app.state.seq == seq


@pytest.mark.parametrize(
    ("form", "status", "rule"),
    [
        ({"body": "congress", "title": "Evening", "when": "later"}, 422, "scheduled_for"),
        (
            {"body": "congress", "title": "Evening", "when": "later", "scheduled_for": "soon"},
            422,
            "time-format",
        ),
        ({"body": "", "title": "Evening", "when": "now"}, 422, "body"),
        ({"body": "nowhere", "title": "Evening", "when": "now"}, 404, "body"),
        ({"body": "congress", "title": "", "when": "now"}, 422, "required"),
    ],
)
def test_bad_input_is_refused_with_its_rule_and_nothing_written(
    hall: Any, form: dict[str, str], status: int, rule: str
) -> None:
    client, app, _ = hall
    seq = app.state.seq
    answer = sitting(client, **form)
    assert answer.status_code == status, answer.text
    assert f'data-rule="{rule}"' in answer.text
    assert app.state.seq == seq and not app.state.scheduled


def test_only_those_who_may_open_a_sitting_and_only_from_the_page(
    sqlite_service: Smolny,
) -> None:
    make_congress(sqlite_service, size=2)
    password = "a clerk's password for tests"
    sqlite_service.accounts.create_account("clerk", "secretary", password=password)
    with TestClient(create_app(sqlite_service)) as client:
        seq = sqlite_service.state.seq
        login = {"username": "chair", "password": CHAIR_PASSWORD}
        assert client.post("/api/v1/login", json=login).status_code == 200
        # without htmx's header (a form on another site): refused
        refused = client.post("/chair/sessions", data={"body": "congress", "title": "X"})
        assert refused.status_code == 403 and "page-act" in refused.text
        assert sqlite_service.state.seq == seq
    with TestClient(create_app(sqlite_service)) as client:
        assert (
            client.post(
                "/api/v1/login", json={"username": "clerk", "password": password}
            ).status_code
            == 200
        )
        page = client.get("/chair")
        assert page.status_code == 200 and 'hx-post="/chair/sessions"' not in page.text
        assert sitting(client, body="congress", title="X", when="now").status_code == 403
        assert sqlite_service.state.seq == seq
