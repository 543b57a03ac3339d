"""Amendments as changes to the text over HTTP: the preview (login needed, nothing
recorded), moving one at a place through the acts endpoint, a place not in the text
refused naming it; the speakers' list reopened; names completed as typed, paged."""

from __future__ import annotations

from fastapi.testclient import TestClient
from test_thin_path import ADMIN_PASSWORD, assert_problem, entries, login

from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny

DECREE = "The congress demands an immediate peace, bread and land for all."
CHAIR = Principal("a1", "admin", "admin")


def _sitting(api: TestClient, service: Smolny) -> tuple[dict[str, str], str, list[str]]:
    """A sitting with a decree stated; the admin's headers, the session, the delegates."""
    from smolny import procedure

    service.accounts.create_account("admin", "admin", password=ADMIN_PASSWORD)
    service.execute(c.CreateBody("congress", "Congress"))
    names = ("Vladimir Lenin", "Leon Trotsky", "Julius Martov", "Lev Kamenev")
    made = service.execute(c.RegisterDelegates("congress", tuple(c.NewDelegate(n) for n in names)))
    ids = [d["delegate"] for d in made[0].data["delegates"]]
    session = service.execute(c.OpenSession("congress", "Sitting"), by=CHAIR)[0].data["session"]
    service.execute(c.RecordPresence(session, all_present=True), by=CHAIR)
    motion = service.execute(c.MoveMotion(session, "Decree", DECREE, ids[0]), by=CHAIR)[0]
    question = motion.data["question"]
    service.execute(c.Act(session, procedure.Second(question, ids[1])), by=CHAIR)
    service.execute(c.Act(session, procedure.StateQuestion(question)), by=CHAIR)
    return login(api, username="admin", password=ADMIN_PASSWORD), session, ids


def test_the_preview_needs_a_login_and_records_nothing(api: TestClient, service: Smolny) -> None:
    admin, session, _ = _sitting(api, service)
    url = f"/api/v1/sessions/{session}/amendments/preview"
    body = {"operation": "strike-insert", "strike": "bread", "words": "freedom"}
    assert api.post(url, json=body).status_code == 401
    before = entries(service)
    shown = api.post(url, json=body, headers=admin)
    assert shown.status_code == 200, shown.text
    answer = shown.json()
    assert answer["amended"] == "The congress demands an immediate peace, freedom and land for all."
    assert answer["said"] == "to strike “bread” and insert “freedom”"
    assert answer["change"] == {"operation": "strike-insert", "span": [7, 8]}
    assert [s["kind"] for s in answer["segments"]] == ["kept", "struck", "inserted", "kept"]
    assert entries(service) == before
    missing = api.post(url, json={**body, "strike": "tsar"}, headers=admin)
    assert "“tsar” are not in the text" in assert_problem(missing, 409, "amendment-place")["detail"]
    by_words = api.post(
        url, json={"operation": "insert", "words": "now", "span": [13, 13]}, headers=admin
    )
    assert by_words.json()["said"] == "to insert “now” at the end"


def test_an_amendment_moved_at_a_place_through_the_acts(api: TestClient, service: Smolny) -> None:
    admin, session, ids = _sitting(api, service)
    acts = f"/api/v1/sessions/{session}/acts"
    move = {"act": "move", "motion": "amend", "mover": ids[2]}
    change = {"operation": "insert", "words": "just"}
    refused = api.post(acts, json={**move, "change": {**change, "before": "war"}}, headers=admin)
    assert_problem(refused, 409, "amendment-place")
    moved = api.post(acts, json={**move, "change": {**change, "before": "peace"}}, headers=admin)
    assert moved.status_code == 200, moved.text
    event = moved.json()["events"][0]
    assert event["change"] == {"operation": "insert", "span": [5, 5]}
    question = event["question"]
    for act in (
        {"act": "second", "question": question, "seconder": ids[3]},
        {"act": "state", "question": question},
        {"act": "put", "question": question},
        {"act": "record-result", "question": question, "yes": 3, "no": 1},
    ):
        assert api.post(acts, json=act, headers=admin).status_code == 200
    detail = api.get(f"/api/v1/motions/{event['applies_to']}").json()
    assert detail["text_as_amended"] == (
        "The congress demands an immediate just peace, bread and land for all."
    )


def test_a_closed_list_reopened_through_the_acts(api: TestClient, service: Smolny) -> None:
    admin, session, ids = _sitting(api, service)
    acts = f"/api/v1/sessions/{session}/acts"
    assert api.post(acts, json={"act": "close-list"}, headers=admin).status_code == 200
    assert_problem(api.post(acts, json={"act": "close-list"}, headers=admin), 409, "list-closed")
    assert api.post(acts, json={"act": "reopen-list"}, headers=admin).status_code == 200
    asked = api.post(acts, json={"act": "request-floor", "delegate": ids[1]}, headers=admin)
    assert asked.status_code == 200, asked.text
    assert_problem(api.post(acts, json={"act": "reopen-list"}, headers=admin), 409, "list-open")


def test_names_completed_as_typed_paged(api: TestClient, service: Smolny) -> None:
    _, session, ids = _sitting(api, service)
    url = f"/api/v1/sessions/{session}/delegates"
    found = api.get(url, params={"q": "le"}).json()
    assert [d["name"] for d in found["delegates"]] == [
        "Leon Trotsky",
        "Lev Kamenev",
        "Vladimir Lenin",
    ]
    page = api.get(url, params={"limit": 2, "offset": 2}).json()
    assert (page["total"], [d["id"] for d in page["delegates"]]) == (4, ids[2:4])
    assert api.get(url, params={"limit": 1000}).status_code == 422
    assert api.get("/api/v1/sessions/s99/delegates").status_code == 404
