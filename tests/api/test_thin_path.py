"""The thin path over HTTP: a congress from creation to a decided motion, and every refusal."""

from __future__ import annotations

from fastapi.testclient import TestClient

from smolny.adapters import journal
from smolny.adapters.database import read_transaction
from smolny.record.chain import walk
from smolny.service.app import Smolny

ADMIN_PASSWORD = "admin-password-for-tests"


def login(api: TestClient, **credentials: str) -> dict[str, str]:
    response = api.post("/api/v1/login", json=credentials)
    assert response.status_code == 200, response.text
    api.cookies.clear()  # each test names its caller by bearer token, not by the last login
    return {"Authorization": f"Bearer {response.json()['token']}"}


def entries(app: Smolny) -> list[tuple[int, str]]:
    with read_transaction(app.engine) as conn:
        return journal.lines(conn)


def assert_problem(response, status: int, rule: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["rule"] == rule
    assert body["type"] == f"/problems/{rule}" and body["detail"]
    return body


def setup_congress(api: TestClient, service: Smolny, size: int = 4) -> dict:
    service.accounts.create_account("admin", "admin", password=ADMIN_PASSWORD)
    admin = login(api, username="admin", password=ADMIN_PASSWORD)
    assert (
        api.post(
            "/api/v1/bodies", json={"slug": "congress", "name": "Congress"}, headers=admin
        ).status_code
        == 201
    )
    for slug in ("reds", "greens"):
        r = api.post(
            "/api/v1/bodies/congress/factions",
            json={"slug": slug, "name": slug.title()},
            headers=admin,
        )
        assert r.status_code == 201
    r = api.post(
        "/api/v1/bodies/congress/delegates",
        json={
            "delegates": [
                {"name": f"D{i}", "faction": ("reds", "greens")[i % 2]} for i in range(size)
            ]
        },
        headers=admin,
    )
    assert r.status_code == 201
    delegates = r.json()["delegates"]
    codes = api.post("/api/v1/bodies/congress/access-codes", json={}, headers=admin).json()["codes"]
    session = api.post(
        "/api/v1/bodies/congress/sessions", json={"title": "First sitting"}, headers=admin
    ).json()["session"]
    r = api.post(f"/api/v1/sessions/{session}/presence", json={"all_present": True}, headers=admin)
    assert r.json()["present"] == size
    motion = api.post(
        f"/api/v1/sessions/{session}/motions",
        json={"title": "Peace", "text": "The congress calls for peace.", "mover": delegates[0]},
        headers=admin,
    ).json()["motion"]
    acts = f"/api/v1/sessions/{session}/acts"
    r = api.post(
        acts, json={"act": "second", "question": motion, "seconder": delegates[1]}, headers=admin
    )
    assert r.status_code == 200, r.text
    assert (
        api.post(acts, json={"act": "state", "question": motion}, headers=admin).status_code == 200
    )
    r = api.post(f"/api/v1/motions/{motion}/polls", json={}, headers=admin)
    assert r.status_code == 201, r.text
    assert r.json()["threshold"] == "majority"
    poll = r.json()["poll"]
    voters = {d: login(api, access_code=codes[d]) for d in delegates}
    return {
        "admin": admin,
        "delegates": delegates,
        "voters": voters,
        "session": session,
        "motion": motion,
        "poll": poll,
    }


def test_a_motion_is_adopted_by_a_majority_of_votes_cast(api: TestClient, service: Smolny) -> None:
    c = setup_congress(api, service, size=5)
    choices = ["yes", "yes", "no", "abstain", "yes"]
    for delegate, choice in zip(c["delegates"], choices, strict=True):
        r = api.post(
            f"/api/v1/polls/{c['poll']}/votes",
            json={"choice": choice},
            headers=c["voters"][delegate],
        )
        assert r.status_code == 201, r.text
        assert len(r.json()["receipt"]) == 64
    closed = api.post(f"/api/v1/polls/{c['poll']}/close", headers=c["admin"]).json()
    result, decision = closed["result"], closed["decision"]
    assert result["heads"] == {"yes": 3, "no": 1, "abstain": 1}
    assert (
        decision["threshold"] == "majority" and decision["base"] == 4 and decision["required"] == 3
    )
    assert decision["yes"] == 3 and decision["quorate"] is True
    assert api.get(f"/api/v1/motions/{c['motion']}").json()["state"] == "adopted"
    box = api.get(f"/api/v1/polls/{c['poll']}/box").json()["ballots"]
    assert len(box) == 5 and result["box"]["ballots"] == 5
    kinds = [line.split('"kind":"')[1].split('"')[0] for _, line in entries(service)]
    assert kinds[-2:] == ["poll.closed", "motion.adopted"]
    assert walk(enumerate((line for _, line in entries(service)), 1)).ok


def test_a_tie_is_lost(api: TestClient, service: Smolny) -> None:
    c = setup_congress(api, service, size=4)
    for delegate, choice in zip(c["delegates"], ["yes", "no", "yes", "no"], strict=True):
        api.post(
            f"/api/v1/polls/{c['poll']}/votes",
            json={"choice": choice},
            headers=c["voters"][delegate],
        )
    decision = api.post(f"/api/v1/polls/{c['poll']}/close", headers=c["admin"]).json()["decision"]
    assert decision["tie"] is True and "rejected" in decision["explanation"]
    assert api.get(f"/api/v1/motions/{c['motion']}").json()["state"] == "rejected"


def test_bad_input_is_refused_with_a_problem_and_the_record_is_unchanged(
    api: TestClient, service: Smolny
) -> None:
    c = setup_congress(api, service)
    first, second = c["delegates"][:2]
    vote = f"/api/v1/polls/{c['poll']}/votes"
    assert api.post(vote, json={"choice": "yes"}, headers=c["voters"][first]).status_code == 201
    before = entries(service)
    box_before = service.ballots.box_ballots(c["poll"])

    malformed = api.post(
        vote,
        content=b'{"choice": "yes"',
        headers={**c["voters"][second], "content-type": "application/json"},
    )
    assert_problem(malformed, 400, "malformed-json")
    assert_problem(
        api.post(vote, json={"choice": "maybe"}, headers=c["voters"][second]), 422, "choice"
    )
    assert_problem(
        api.post(vote, json={"choice": "yes", "extra": 1}, headers=c["voters"][second]),
        422,
        "invalid-input",
    )
    assert_problem(
        api.post("/api/v1/polls/p99/votes", json={"choice": "yes"}, headers=c["voters"][second]),
        404,
        "unknown-poll",
    )
    assert_problem(
        api.post("/api/v1/motions/m99/polls", json={}, headers=c["admin"]), 404, "unknown-motion"
    )
    assert_problem(
        api.post(
            "/api/v1/bodies/nowhere/factions", json={"slug": "x", "name": "X"}, headers=c["admin"]
        ),
        404,
        "unknown-body",
    )
    assert_problem(
        api.post(vote, json={"choice": "no"}, headers=c["voters"][first]), 409, "second-vote"
    )
    assert_problem(api.post(vote, json={"choice": "yes"}, headers=c["admin"]), 403, "forbidden")
    assert_problem(api.post(vote, json={"choice": "yes"}), 401, "not-logged-in")
    assert_problem(
        api.post(vote, json={"choice": "yes"}, headers={"Authorization": "Bearer forged"}),
        401,
        "not-logged-in",
    )
    assert_problem(
        api.post(f"/api/v1/motions/{c['motion']}/polls", json={}, headers=c["admin"]),
        409,
        "poll-already-open",
    )
    assert_problem(  # the threshold is the rulebook's, not the caller's
        api.post(
            f"/api/v1/motions/{c['motion']}/polls", json={"threshold": "most"}, headers=c["admin"]
        ),
        422,
        "invalid-input",
    )
    assert_problem(api.get("/api/v1/nothing-here"), 404, "no-such-resource")
    assert entries(service) == before
    assert service.ballots.box_ballots(c["poll"]) == box_before

    api.post(f"/api/v1/polls/{c['poll']}/close", headers=c["admin"])
    after_close = entries(service)
    assert_problem(
        api.post(vote, json={"choice": "yes"}, headers=c["voters"][second]), 409, "poll-closed"
    )
    assert_problem(
        api.post(f"/api/v1/polls/{c['poll']}/close", headers=c["admin"]), 409, "poll-closed"
    )
    assert entries(service) == after_close
    assert len(service.ballots.box_ballots(c["poll"])) == 1


def test_a_delegate_not_on_the_register_cannot_vote(api: TestClient, service: Smolny) -> None:
    c = setup_congress(api, service)
    r = api.post(
        "/api/v1/bodies/congress/delegates",
        json={"delegates": [{"name": "Latecomer"}]},
        headers=c["admin"],
    )
    late = r.json()["delegates"][0]
    code = api.post(
        "/api/v1/bodies/congress/access-codes", json={"delegates": [late]}, headers=c["admin"]
    ).json()["codes"][late]
    r = api.post(
        f"/api/v1/polls/{c['poll']}/votes",
        json={"choice": "yes"},
        headers=login(api, access_code=code),
    )
    assert_problem(r, 409, "not-eligible")


def test_invalid_fields_are_named(api: TestClient, service: Smolny) -> None:
    service.accounts.create_account("admin", "admin", password=ADMIN_PASSWORD)
    admin = login(api, username="admin", password=ADMIN_PASSWORD)
    body = assert_problem(
        api.post("/api/v1/bodies", json={"slug": "Bad Slug!", "name": "X"}, headers=admin),
        422,
        "slug",
    )
    assert body["field"] == "slug"
    body = assert_problem(
        api.post("/api/v1/bodies", json={"name": "X"}, headers=admin), 422, "invalid-input"
    )
    assert body["field"] == "slug"
    api.post("/api/v1/bodies", json={"slug": "c", "name": "C"}, headers=admin)
    body = assert_problem(
        api.post(
            "/api/v1/bodies/c/delegates",
            json={"delegates": [{"name": "A", "faction": "ghosts"}]},
            headers=admin,
        ),
        404,
        "unknown-faction",
    )
    assert body["field"] == "delegates[0].faction"
    assert_problem(
        api.post("/api/v1/bodies", json={"slug": "c", "name": "Again"}, headers=admin),
        409,
        "duplicate-body",
    )


def test_the_openapi_document_is_served(api: TestClient) -> None:
    document = api.get("/openapi.json").json()
    assert document["info"]["title"] == "smolny"
    assert "/api/v1/polls/{ident}/votes" in document["paths"]


def test_the_presidium_is_allotted_over_the_api(api: TestClient, service: Smolny) -> None:
    c = setup_congress(api, service, size=9)  # 5 reds, 4 greens
    r = api.post(
        "/api/v1/bodies/congress/presidium",
        json={"seats": 5, "method": "dhondt", "reserved": ["greens"]},
        headers=c["admin"],
    )
    assert r.status_code == 201, r.text
    assert r.json()["presidium"]["seats"] == {"reds": 3, "greens": 2}  # quotients 5, 4, 2.5, 2, 5/3
    shown = api.get("/api/v1/bodies/congress").json()["presidium"]
    assert shown["method"] == "dhondt"
    assert [(f["faction"], f["taken"], f["reserved"]) for f in shown["factions"]] == [
        ("reds", 3, 0),
        ("greens", 0, 2),
    ]
    assert (
        api.post(
            "/api/v1/bodies/congress/presidium/take-up",
            json={"faction": "greens"},
            headers=c["admin"],
        ).status_code
        == 200
    )
    assert_problem(
        api.post(
            "/api/v1/bodies/congress/presidium",
            json={"seats": 5, "method": "cube"},
            headers=c["admin"],
        ),
        422,
        "invalid-input",
    )
    assert_problem(
        api.post(
            "/api/v1/bodies/congress/presidium",
            json={"seats": 5, "factions": ["blues"]},
            headers=c["admin"],
        ),
        404,
        "unknown-faction",
    )
    voter = next(iter(c["voters"].values()))
    assert_problem(
        api.post("/api/v1/bodies/congress/presidium", json={"seats": 5}, headers=voter),
        403,
        "forbidden",
    )


def test_a_journal_position_beyond_the_record_is_refused(api: TestClient) -> None:
    assert_problem(api.get("/api/v1/journal?after=9223372036854775808"), 422, "invalid-input")
    assert api.get("/api/v1/journal?after=9007199254740991").json() == []
    assert_problem(api.get("/api/v1/stream?after=99999999999999999999"), 422, "invalid-input")


def test_a_vote_the_database_cannot_take_is_503_with_retry_after(
    api: TestClient, service: Smolny
) -> None:
    from sqlalchemy import text

    c = setup_congress(api, service, size=2)
    with service.engine.begin() as conn:  # the box's table is gone: every write fails
        conn.execute(text("DROP TABLE ballot"))
    voter = c["voters"][c["delegates"][0]]
    response = api.post(f"/api/v1/polls/{c['poll']}/votes", json={"choice": "yes"}, headers=voter)
    body = assert_problem(response, 503, "database-unavailable")
    assert response.headers["retry-after"] == "1" and "not recorded" in body["detail"]


def test_delegates_imported_from_a_file_over_the_api(api: TestClient, service: Smolny) -> None:
    c = setup_congress(api, service, size=2)
    url = "/api/v1/bodies/congress/delegates/import"
    good = "name,faction\nVera,reds\nOlga,greens\n"
    r = api.post(url, content=good.encode(), headers={**c["admin"], "content-type": "text/csv"})
    assert r.status_code == 201, r.text
    assert len(r.json()["delegates"]) == 2
    before = entries(service)
    bad = "name,faction\nVera,reds\nNina,blues\n"
    body = assert_problem(
        api.post(url, content=bad.encode(), headers={**c["admin"], "content-type": "text/csv"}),
        422,
        "roster",
    )
    assert [(e["row"], e["column"]) for e in body["errors"]] == [(2, "name"), (3, "faction")]
    assert entries(service) == before
    voter = c["voters"][c["delegates"][0]]
    assert_problem(api.post(url, content=good.encode(), headers=voter), 403, "forbidden")


def test_a_poll_is_cancelled_over_the_api_and_the_record_still_verifies(
    api: TestClient, service: Smolny
) -> None:
    c = setup_congress(api, service, size=3)
    voter = c["voters"][c["delegates"][0]]
    api.post(f"/api/v1/polls/{c['poll']}/votes", json={"choice": "yes"}, headers=voter)
    cancel = f"/api/v1/polls/{c['poll']}/cancel"
    assert_problem(api.post(cancel, json={"reason": "no"}, headers=voter), 403, "forbidden")
    assert_problem(api.post(cancel, json={"reason": ""}, headers=c["admin"]), 422, "invalid-input")
    r = api.post(cancel, json={"reason": "a power cut"}, headers=c["admin"])
    assert r.status_code == 200 and r.json()["cancelled"]["reason"] == "a power cut"
    assert_problem(
        api.post(cancel, json={"reason": "again"}, headers=c["admin"]), 409, "poll-closed"
    )
    assert api.get(f"/api/v1/polls/{c['poll']}").json()["state"] == "cancelled"
    assert walk(enumerate((line for _, line in entries(service)), 1)).ok
