"""The console's acts on a congress's papers over HTTP: motions the committee supports
ticked and put to one vote, a council's objection taking one out, shown in the question;
refused (the rule named, nothing recorded) where the rulebook lets no motions be taken
together, and said so on the console instead of the form."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

import sample_papers
from smolny.service.app import Smolny
from smolny.web.app import create_app

HX = {"HX-Request": "true"}
PASSWORD = "a-password-long-enough-for-tests"


def console(sqlite_url: str, text: str) -> Iterator[tuple[TestClient, Smolny, str]]:
    service = Smolny.open(sqlite_url, rulebooks=[sample_papers.rules(text, "union-rules")])
    sample_papers.fill(service, "union-rules")
    service.accounts.create_account("chair", "chair", password=PASSWORD)
    session = sample_papers.sitting(service)
    with TestClient(create_app(service)) as client:
        login = {"username": "chair", "password": PASSWORD}
        assert client.post("/api/v1/login", json=login).status_code == 200
        yield client, service, session
    service.close()


@pytest.fixture
def hall(sqlite_url: str) -> Iterator[tuple[TestClient, Smolny, str]]:
    yield from console(sqlite_url, sample_papers.DECLARED)


def act(client: TestClient, session: str, **form: str) -> Any:
    return client.post(f"/chair/sessions/{session}/act", data=form, headers=HX)


def test_motions_ticked_are_put_together_and_an_objection_takes_one_out(hall: Any) -> None:
    client, app, session = hall
    page = client.get(f"/chair/sessions/{session}")
    assert "Take motions together" in page.text
    assert 'name="paper-M3"' not in page.text  # the committee opposes M3: not offered
    page = act(client, session, **{"act": "en-bloc", "paper-M1": "1", "paper-M4": "1"}, mover="Ann")
    assert page.status_code == 200, page.text
    assert "Taken together: M1, M4" in page.text
    question = next(iter(app.state.sessions[session].papers))
    page = act(
        client, session, act="object-en-bloc", question=question, paper="M4", objector="hull"
    )
    assert page.status_code == 200, page.text
    assert "Taken together: M1" in page.text and "Taken together: M1, M4" not in page.text


def test_refused_where_the_rulebook_takes_each_motion_on_its_own(sqlite_url: str) -> None:
    text = sample_papers.DECLARED.replace("en-bloc = true", "en-bloc = false")
    for client, app, session in console(sqlite_url, text):
        page = client.get(f"/chair/sessions/{session}")
        assert "each motion is put on its own" in page.text
        assert "Take motions together" not in page.text
        before = app.state.seq
        page = act(
            client, session, **{"act": "en-bloc", "paper-M1": "1", "paper-M2": "1"}, mover="d1"
        )
        assert page.status_code == 409 and 'data-rule="en-bloc"' in page.text
        assert "[papers] en-bloc = false" in page.text
        assert app.state.seq == before


def test_a_delegate_objects_from_the_phone(hall: Any) -> None:
    client, app, session = hall
    act(client, session, **{"act": "en-bloc", "paper-M1": "1", "paper-M4": "1"}, mover="Ann")
    question = next(iter(app.state.sessions[session].papers))
    code = app.accounts.issue_access_codes("congress", ["d4"])["d4"]
    client.cookies.clear()
    assert client.post("/api/v1/login", json={"access_code": code}).status_code == 200
    sitting = client.get("/phone/sitting")
    assert "Taken together: M1, M4" in sitting.text
    assert "I object to taking M4 together" in sitting.text
    answer = client.post(
        "/phone/en-bloc/objection", data={"question": question, "paper": "M4"}, headers=HX
    )
    assert answer.status_code == 200, answer.text
    assert "Your objection is recorded" in answer.text
    assert app.state.sessions[session].papers[question]["objections"][0]["objector"] == "d4"
    assert "I object to taking" not in client.get("/phone/sitting").text  # one motion left
