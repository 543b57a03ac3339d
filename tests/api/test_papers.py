"""A congress's papers over HTTP (issue 19): a council's account submits for its council
only; the committee rules, is appealed and composites with every mover's consent; bad input
refused with a problem document naming the rule, and nothing recorded."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from smolny.service.app import Smolny

API = "/api/v1"
PASSWORD = "a-password-long-enough-for-tests"
PAPERS = f"{API}/congresses/congress"


def login(api: TestClient, username: str) -> dict[str, str]:
    response = api.post(f"{API}/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    api.cookies.clear()
    return {"Authorization": f"Bearer {response.json()['token']}"}


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def refused(
    api: TestClient, app: Smolny, status: int, rule: str, path: str, who: dict, body: Any
) -> str:
    """POST `body` to `path`: a problem document naming `rule`, and nothing recorded."""
    before = app.state.seq
    response = api.post(path, json=body, headers=who)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["rule"] == rule, problem
    assert app.state.seq == before
    return str(problem["detail"])


def congress(api: TestClient, app: Smolny) -> dict[str, dict[str, str]]:
    for username, role in (("admin", "admin"), ("sec", "secretary"), ("chair", "chair")):
        app.accounts.create_account(username, role, password=PASSWORD)
    app.accounts.create_account("leeds-sec", "secretary", password=PASSWORD)
    who = {name: login(api, name) for name in ("admin", "sec", "chair", "leeds-sec")}
    for slug in ("leeds", "york", "hull"):
        body = {"slug": slug, "name": slug.title(), "kind": "council"}
        ok(api.post(f"{API}/bodies", json=body, headers=who["admin"]), 201)
    ok(
        api.post(
            f"{API}/bodies", json={"slug": "congress", "name": "Congress"}, headers=who["admin"]
        ),
        201,
    )
    attach = {"council": "leeds"}
    ok(api.post(f"{API}/accounts/leeds-sec/council", json=attach, headers=who["admin"]))
    deadlines = {"motions": "2999-01-01T00:00:00Z"}
    ok(api.post(f"{PAPERS}/deadlines", json=deadlines, headers=who["sec"]))
    return who


def motion(council: str, **extra: Any) -> dict[str, Any]:
    return {
        "council": council,
        "title": f"Motion of {council}",
        "paragraphs": ["Congress notes.", "Congress resolves."],
        "movers": ["A. Mover"],
        **extra,
    }


def test_submission_rulings_appeal_and_composite(api: TestClient, service: Smolny) -> None:
    who = congress(api, service)
    made = ok(api.post(f"{PAPERS}/motions", json=motion("leeds"), headers=who["leeds-sec"]), 201)
    assert made["paper"] == "M1"
    detail = refused(
        api, service, 403, "council-account", f"{PAPERS}/motions", who["leeds-sec"], motion("york")
    )
    assert "leeds" in detail
    for council in ("york", "hull"):
        ok(api.post(f"{PAPERS}/motions", json=motion(council), headers=who["sec"]), 201)
    # the committee rules M3 out of order; Leeds cannot move it; the congress hears the appeal
    move = {"to": "ruled-out-of-order", "role": "committee", "reason": "not the union's business"}
    ok(api.post(f"{PAPERS}/papers/M3/moves", json=move, headers=who["sec"]))
    appeal = {"to": "appealed", "role": "mover", "reason": "it is"}
    refused(
        api, service, 403, "council-account", f"{PAPERS}/papers/M3/moves", who["leeds-sec"], appeal
    )
    ok(api.post(f"{PAPERS}/papers/M3/moves", json=appeal, headers=who["sec"]))
    upheld = {"to": "ruling-upheld", "role": "congress"}
    refused(api, service, 403, "forbidden", f"{PAPERS}/papers/M3/moves", who["sec"], upheld)
    ok(api.post(f"{PAPERS}/papers/M3/moves", json=upheld, headers=who["chair"]))
    # a move not in the workflow, named
    wrong = {"to": "adopted", "role": "congress"}
    detail = refused(
        api, service, 409, "workflow-move", f"{PAPERS}/papers/M1/moves", who["chair"], wrong
    )
    assert "union-congress" in detail
    for number in ("M1", "M2"):
        admit = {"to": "admitted", "role": "committee"}
        ok(api.post(f"{PAPERS}/papers/{number}/moves", json=admit, headers=who["sec"]))
    composite = {"motions": ["M1", "M2"], "title": "Pay", "paragraphs": ["Congress demands."]}
    number = ok(api.post(f"{PAPERS}/composites", json=composite, headers=who["sec"]), 201)["paper"]
    consent = {"motion": "M1"}
    ok(api.post(f"{PAPERS}/composites/{number}/consents", json=consent, headers=who["leeds-sec"]))
    detail = refused(
        api,
        service,
        409,
        "composite-consent",
        f"{PAPERS}/composites/{number}/make",
        who["sec"],
        None,
    )
    assert "M2 (york)" in detail
    ok(
        api.post(
            f"{PAPERS}/composites/{number}/consents", json={"motion": "M2"}, headers=who["sec"]
        )
    )
    ok(api.post(f"{PAPERS}/composites/{number}/make", headers=who["sec"]))
    recommendation = {"stance": "support", "reason": "a fair claim"}
    ok(
        api.post(
            f"{PAPERS}/papers/{number}/recommendation", json=recommendation, headers=who["sec"]
        )
    )
    listed = ok(api.get(f"{PAPERS}/papers"))
    states = {p["number"]: (p["state"], p["recommendation"]) for p in listed["papers"]}
    assert states == {
        "M1": ("composited", None),
        "M2": ("composited", None),
        "M3": ("ruling-upheld", None),
        "C1": ("admitted", recommendation),
    }
    m3 = ok(api.get(f"{PAPERS}/papers/M3"))
    assert [h["to"] for h in m3["history"]] == ["ruled-out-of-order", "appealed", "ruling-upheld"]


def test_bad_papers_are_refused_naming_the_rule(api: TestClient, service: Smolny) -> None:
    who = congress(api, service)
    ok(api.post(f"{PAPERS}/motions", json=motion("leeds"), headers=who["sec"]), 201)
    amendment = {
        "council": "york",
        "motion": "M1",
        "paragraph": 7,
        "change": "replace",
        "text": "x",
        "movers": ["B"],
    }
    detail = refused(
        api, service, 422, "no-such-paragraph", f"{PAPERS}/amendments", who["sec"], amendment
    )
    assert "paragraphs 1 to 2" in detail
    ok(
        api.post(f"{PAPERS}/amendments", json={**amendment, "paragraph": 2}, headers=who["sec"]),
        201,
    )
    shown = ok(api.get(f"{PAPERS}/papers/M1"))
    assert shown["amendments"][0]["amended"] == ["Congress notes.", "x"]
    # deadlines passed: a late motion names the deadline
    late = {"motions": "2000-01-01T00:00:00Z"}
    ok(api.post(f"{PAPERS}/deadlines", json=late, headers=who["sec"]))
    detail = refused(
        api, service, 409, "submission-deadline", f"{PAPERS}/motions", who["sec"], motion("york")
    )
    assert "2000-01-01T00:00:00Z" in detail
    emergency = ok(
        api.post(f"{PAPERS}/motions", json=motion("york", emergency=True), headers=who["sec"]), 201
    )
    assert ok(api.get(f"{PAPERS}/papers/{emergency['paper']}"))["emergency"] is True
    # an instruction from a council that sent nobody
    instruction = {"council": "hull", "instruction": "for"}
    refused(
        api,
        service,
        409,
        "instruction-sender",
        f"{PAPERS}/papers/M1/instructions",
        who["sec"],
        instruction,
    )
    assert ok(api.get(f"{PAPERS}/papers/M1/instructions"))["instructions"] == []
    assert api.get(f"{PAPERS}/papers/M1/instructions?poll=p9").status_code == 404
    # a malformed body: 422 from the schema, nothing recorded
    refused(
        api,
        service,
        422,
        "invalid-input",
        f"{PAPERS}/papers/M1/moves",
        who["sec"],
        {"to": "x", "role": "king"},
    )
