"""The secretariat's acts over HTTP: the roll searched and paged, delegates corrected one and
many at once, an agenda drafted, adopted by a vote and taken up; bad input refused with a
problem document naming the rule, nothing recorded."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from smolny.service.app import Smolny

API = "/api/v1"
PASSWORD = "a long password for the tests"


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def refused(
    api: TestClient, app: Smolny, status: int, rule: str, path: str, head: dict, body: Any
) -> None:
    before = app.state.seq
    response = api.post(path, json=body, headers=head)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["rule"] == rule
    assert app.state.seq == before


def _staff(api: TestClient, app: Smolny) -> dict[str, str]:
    app.accounts.create_account("admin", "admin", password=PASSWORD)
    token = ok(api.post(f"{API}/login", json={"username": "admin", "password": PASSWORD}))
    api.cookies.clear()
    return {"Authorization": f"Bearer {token['token']}"}


def _congress(api: TestClient, head: dict[str, str]) -> list[str]:
    ok(api.post(f"{API}/bodies", json={"slug": "congress", "name": "Congress"}, headers=head), 201)
    ok(
        api.post(
            f"{API}/bodies/congress/factions", json={"slug": "left", "name": "Left"}, headers=head
        ),
        201,
    )
    people = [
        {"name": f"Delegate {i}", "sent_by": "Moscow" if i % 2 else "Kiev"} for i in range(60)
    ]
    made = ok(
        api.post(f"{API}/bodies/congress/delegates", json={"delegates": people}, headers=head), 201
    )
    return list(made["delegates"])


def test_the_roll_and_delegates_corrected(api: TestClient, service: Smolny) -> None:
    head = _staff(api, service)
    ids = _congress(api, head)
    page = ok(
        api.get(
            f"{API}/bodies/congress/roll", params={"sent_by": "Moscow", "page": 2, "per_page": 20}
        )
    )
    assert (page["matching"], page["page"], page["pages"], len(page["rows"])) == (30, 2, 2, 10)
    assert "coded" not in page["rows"][0]
    amended = ok(
        api.post(
            f"{API}/bodies/congress/delegates/amend",
            json={
                "changes": [
                    {"delegate": ids[0], "name": "Lenin", "weight": 2},
                    {"delegate": ids[1], "faction": "left", "voting": False},
                ]
            },
            headers=head,
        )
    )
    assert amended["delegates"] == [
        {"delegate": ids[0], "name": "Lenin", "weight": 2},
        {"delegate": ids[1], "faction": "left", "voting": False},
    ]
    # null: out of the faction
    out = ok(
        api.post(
            f"{API}/bodies/congress/delegates/amend",
            json={"changes": [{"delegate": ids[1], "faction": None}]},
            headers=head,
        )
    )
    assert out["delegates"] == [{"delegate": ids[1], "faction": None}]
    found = ok(api.get(f"{API}/bodies/congress/roll", params={"q": "lenin"}))
    assert [r["name"] for r in found["rows"]] == ["Lenin"]
    path = f"{API}/bodies/congress/delegates/amend"
    refused(
        api,
        service,
        404,
        "unknown-faction",
        path,
        head,
        {"changes": [{"delegate": ids[2], "weight": 3}, {"delegate": ids[3], "faction": "x"}]},
    )
    refused(
        api, service, 422, "weight", path, head, {"changes": [{"delegate": ids[2], "weight": 0}]}
    )
    refused(
        api,
        service,
        409,
        "nothing-changed",
        path,
        head,
        {"changes": [{"delegate": ids[2], "weight": 1}]},
    )
    refused(api, service, 422, "invalid-input", path, head, {"changes": []})
    anonymous = api.post(path, json={"changes": [{"delegate": ids[2], "weight": 3}]})
    assert anonymous.status_code == 401


def test_an_agenda_drafted_adopted_by_a_vote_and_taken_up(api: TestClient, service: Smolny) -> None:
    head = _staff(api, service)
    ids = _congress(api, head)
    session = ok(
        api.post(f"{API}/bodies/congress/sessions", json={"title": "First"}, headers=head), 201
    )["session"]
    ok(api.post(f"{API}/sessions/{session}/presence", json={"all_present": True}, headers=head))
    path = f"{API}/sessions/{session}/agenda"
    refused(
        api,
        service,
        422,
        "agenda-time",
        path,
        head,
        {"items": [{"title": "Peace", "starts": "9.30"}]},
    )
    drafted = ok(
        api.post(
            path,
            json={
                "items": [
                    {"title": "Peace", "reporter": "Lenin", "starts": "09:30", "minutes": 40},
                    {"title": "Land"},
                ]
            },
            headers=head,
        )
    )
    assert [i["item"] for i in drafted["items"]] == ["i1", "i2"]
    refused(api, service, 422, "agenda-by-vote", f"{path}/adopt", head, {})
    moved = ok(api.post(f"{path}/adopt", json={"mover": ids[0]}, headers=head))
    assert moved["adopted"] is False and moved["motion"]
    acts = f"{API}/sessions/{session}/acts"
    motion = moved["motion"]
    for act in (
        {"act": "second", "question": motion, "seconder": ids[1]},
        {"act": "state", "question": motion},
        {"act": "put", "question": motion},
        {"act": "record-result", "question": motion, "yes": 40, "no": 2},
    ):
        ok(api.post(acts, json=act, headers=head))
    view = ok(api.get(f"{API}/sessions/{session}"))
    assert view["agenda_adopted"] and [i["title"] for i in view["agenda"]] == ["Peace", "Land"]
    assert view["agenda"][0]["reporter"] == "Lenin" and view["agenda"][0]["minutes"] == 40
    ok(api.post(acts, json={"act": "take-up-item", "item": "i1"}, headers=head))
    view = ok(api.get(f"{API}/sessions/{session}"))
    assert view["current_item"] == {"number": 1, "id": "i1", "title": "Peace"}
    refused(api, service, 409, "agenda-adopted", path, head, {"items": [{"title": "Bread"}]})
