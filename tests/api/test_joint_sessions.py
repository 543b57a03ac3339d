"""Joint sessions over HTTP: opened, each body's presence shown, the presidiums making place,
a section's resolution brought to the whole; every refusal a problem document, the journal
unchanged."""

from __future__ import annotations

from fastapi.testclient import TestClient
from test_thin_path import ADMIN_PASSWORD, assert_problem, login

from smolny import procedure
from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny

CHAIR = Principal("a1", "chair", "chair")


def setup(service: Smolny) -> dict[str, list[str]]:
    """Two committees (4 and 3, the second with a presidium) and an adopted resolution of
    the Workers' Section of a soviet that sends the committee's delegates."""
    ids: dict[str, list[str]] = {}
    for slug, size in (("cec", 4), ("peasants", 3)):
        service.execute(c.CreateBody(slug, slug.title(), "committee"))
        service.execute(c.FormFaction(slug, "srs", "SRs"))
        new = tuple(c.NewDelegate(f"{slug} {i}", "srs", sent_by="Soviet") for i in range(size))
        entries = service.execute(c.RegisterDelegates(slug, new))
        ids[slug] = [d["delegate"] for d in entries[0].data["delegates"]]
    service.execute(c.AllotPresidium("peasants", seats=2))
    service.execute(c.AllotPresidium("cec", seats=2))
    service.execute(c.CreateBody("soviet", "Soviet", "council"))
    service.execute(c.CreateBody("workers", "Workers' Section", "section", parent="soviet"))
    entries = service.execute(
        c.RegisterDelegates("workers", (c.NewDelegate("W1"), c.NewDelegate("W2")))
    )
    w1, w2 = (d["delegate"] for d in entries[0].data["delegates"])
    session = service.execute(c.OpenSession("workers", "Meeting"))[0].data["session"]
    service.execute(c.RecordPresence(session, all_present=True))
    question = service.execute(c.MoveMotion(session, "All power", "Take power", w1))[0].data[
        "question"
    ]
    for the_act in (
        procedure.Second(question, w2),
        procedure.StateQuestion(question),
        procedure.PutQuestion(question),
        procedure.RecordResult(question, 2, 0),
    ):
        service.execute(c.Act(session, the_act))
    service.execute(c.CloseSession(session))
    ids["resolution"] = [question]
    return ids


def test_a_joint_session_over_http(api: TestClient, service: Smolny) -> None:
    ids = setup(service)
    service.accounts.create_account("admin", "admin", password=ADMIN_PASSWORD)
    admin = login(api, username="admin", password=ADMIN_PASSWORD)

    seq = service.state.seq
    r = api.post(
        "/api/v1/joint-sessions", json={"bodies": ["cec"], "title": "Alone"}, headers=admin
    )
    assert_problem(r, 422, "joint-bodies")
    r = api.post(
        "/api/v1/joint-sessions", json={"bodies": ["cec", "x"], "title": "J"}, headers=admin
    )
    assert_problem(r, 404, "unknown-body")
    r = api.post("/api/v1/joint-sessions", json={"bodies": ["cec", "peasants"], "title": "J"})
    assert_problem(r, 401, "not-logged-in")
    assert service.state.seq == seq

    r = api.post(
        "/api/v1/joint-sessions",
        json={"bodies": ["cec", "peasants"], "title": "Joint sitting"},
        headers=admin,
    )
    assert r.status_code == 201, r.text
    session = r.json()["session"]
    api.post(
        f"/api/v1/sessions/{session}/presence",
        json={"arrived": [*ids["cec"], ids["peasants"][0]]},
        headers=admin,
    )
    detail = api.get(f"/api/v1/joint-sessions/{session}").json()
    assert detail["joint"]["bodies"] == ["cec", "peasants"]
    assert detail["quorum"]["quorate"] is False
    assert [(b["body"], b["present_count"], b["quorum"]) for b in detail["quorum"]["bodies"]] == [
        ("cec", 4, 3),
        ("peasants", 1, 2),
    ]

    presidium = f"/api/v1/joint-sessions/{session}/presidium"
    seq = service.state.seq
    assert_problem(
        api.post(presidium, json={"body": "peasants", "makes_place": "x"}, headers=admin),
        409,
        "presidium-not-seated",
    )
    assert service.state.seq == seq
    r = api.post(presidium, json={"body": "peasants", "makes_place": "cec"}, headers=admin)
    assert r.status_code == 200, r.text
    assert r.json()["platform"] == ["cec", "peasants"]

    api.post(f"/api/v1/sessions/{session}/presence", json={"all_present": True}, headers=admin)
    brought = f"/api/v1/sessions/{session}/motions/brought"
    seq = service.state.seq
    r = api.post(
        brought,
        json={"brought_from": ids["resolution"][0], "mover": ids["cec"][0], "text": "Other"},
        headers=admin,
    )
    assert_problem(r, 422, "brought-text")
    assert_problem(
        api.post(brought, json={"brought_from": "m99", "mover": ids["cec"][0]}, headers=admin),
        404,
        "unknown-motion",
    )
    assert service.state.seq == seq
    r = api.post(
        brought, json={"brought_from": ids["resolution"][0], "mover": ids["cec"][0]}, headers=admin
    )
    assert r.status_code == 201, r.text
    motion = api.get(f"/api/v1/motions/{r.json()['motion']}").json()
    assert motion["title"] == "All power"

    # a session of one body is not a joint session
    own = service.execute(c.OpenSession("soviet", "Its own"))[0].data["session"]
    assert_problem(api.get(f"/api/v1/joint-sessions/{own}"), 404, "not-joint")
