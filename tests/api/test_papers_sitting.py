"""Papers at the sitting over HTTP: the agenda from the papers, motions taken together and
a delegate's objection in their own name (not in another's), a paper not moved while another
main motion is before the body, refusals as problem documents naming the rule with nothing
recorded, and the report back as JSON."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

import sample_papers
from smolny.service.app import Smolny
from smolny.web.app import create_app

API = "/api/v1"
PASSWORD = "a-password-long-enough-for-tests"


@pytest.fixture
def app(sqlite_url: str) -> Iterator[Smolny]:
    rulebook = sample_papers.rules(sample_papers.DECLARED, "union-rules")
    service = Smolny.open(sqlite_url, rulebooks=[rulebook])
    sample_papers.fill(service, "union-rules")
    service.accounts.create_account("chair", "chair", password=PASSWORD)
    yield service
    service.close()


def login(api: TestClient, body: dict[str, str]) -> dict[str, str]:
    answer = api.post(f"{API}/login", json=body)
    assert answer.status_code == 200, answer.text
    api.cookies.clear()
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def problem(api: TestClient, app: Smolny, path: str, who: dict[str, str], body: Any) -> Any:
    before = app.state.seq
    response = api.post(path, json=body, headers=who)
    assert response.headers["content-type"].startswith("application/problem+json")
    assert app.state.seq == before
    return response.status_code, response.json()["rule"]


def test_the_sitting_takes_papers_over_http(app: Smolny) -> None:
    session = sample_papers.sitting(app)
    code = app.accounts.issue_access_codes("congress", ["d2"])["d2"]
    with TestClient(create_app(app)) as api:
        chair = login(api, {"username": "chair", "password": PASSWORD})
        bob = login(api, {"access_code": code})
        at = f"{API}/sessions/{session}"
        items = ok(api.post(f"{at}/agenda/papers", json={"papers": ["M2", "M1"]}, headers=chair))
        assert [i["paper"] for i in items["items"]] == ["M2", "M1"]
        assert problem(api, app, f"{at}/agenda/papers", chair, {"papers": ["M1"]}) == (
            409,
            "paper-on-agenda",
        )
        body = {"papers": ["M1", "M3"], "mover": "d1"}
        assert problem(api, app, f"{at}/en-bloc", chair, body) == (409, "en-bloc-support")
        body = {"papers": ["M1", "M2", "M4"], "mover": "d1"}
        bundle = ok(api.post(f"{at}/en-bloc", json=body, headers=chair), 201)
        objections = f"{at}/en-bloc/{bundle['question']}/objections"
        assert problem(api, app, objections, bob, {"paper": "M4", "objector": "d1"}) == (
            403,
            "forbidden",
        )
        ok(api.post(objections, json={"paper": "M4"}, headers=bob))  # in his own name
        assert app.state.sessions[session].papers[bundle["question"]]["papers"] == ["M1", "M2"]
        assert problem(api, app, f"{at}/papers", bob, {"paper": "M4", "mover": "d2"}) == (
            403,
            "forbidden",
        )
        # the paper taken out waits: a main motion is before the body (the bundle)
        moved = {"paper": "M4", "mover": "d1"}
        assert problem(api, app, f"{at}/papers", chair, moved) == (409, "not-stated")
        report = ok(api.get(f"{API}/councils/leeds/report"))
        assert report == {"council": "leeds", "name": "Leeds council", "votes": []}
