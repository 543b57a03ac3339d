"""Acts of procedure over HTTP: who may do what, the engine's refusals, and the record unchanged."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from test_thin_path import assert_problem, entries, setup_congress

from smolny.service.app import Smolny


def test_a_debate_with_an_amendment_through_the_api(api: TestClient, service: Smolny) -> None:
    c = setup_congress(api, service, size=6)
    session, admin = "s1", c["admin"]
    d = c["delegates"]
    acts = f"/api/v1/sessions/{session}/acts"
    # the poll opened by setup_congress is on m1; a fresh main motion needs m1 decided first
    for delegate in d:
        api.post(
            f"/api/v1/polls/{c['poll']}/votes",
            json={"choice": "yes"},
            headers=c["voters"][delegate],
        )
    api.post(f"/api/v1/polls/{c['poll']}/close", headers=admin)

    # a delegate moves, in their own name, from their phone
    mine = c["voters"][d[2]]
    moved = api.post(
        acts, json={"act": "move", "motion": "main", "text": "That we meet weekly"}, headers=mine
    )
    assert moved.status_code == 200, moved.text
    question = moved.json()["events"][0]["question"]
    assert moved.json()["events"][0]["mover"] == d[2]
    assert (
        api.post(
            acts, json={"act": "second", "question": question}, headers=c["voters"][d[3]]
        ).status_code
        == 200
    )
    assert (
        api.post(acts, json={"act": "state", "question": question}, headers=admin).status_code
        == 200
    )
    # debate: the list, the floor
    assert (
        api.post(
            acts, json={"act": "request-floor", "side": "against"}, headers=c["voters"][d[4]]
        ).status_code
        == 200
    )
    assert api.post(acts, json={"act": "recognise"}, headers=admin).status_code == 200
    detail = api.get(f"/api/v1/sessions/{session}").json()
    assert detail["floor"]["delegate"] == d[4] and detail["stack"] == [question]
    assert api.post(acts, json={"act": "yield"}, headers=admin).status_code == 200
    # an amendment, decided by a show of hands counted by tellers
    amend = api.post(
        acts,
        json={
            "act": "move",
            "motion": "amend",
            "mover": d[5],
            "strike": "weekly",
            "text": "monthly",
        },
        headers=admin,
    ).json()["events"][0]["question"]
    api.post(acts, json={"act": "second", "question": amend, "seconder": d[0]}, headers=admin)
    api.post(acts, json={"act": "state", "question": amend}, headers=admin)
    api.post(acts, json={"act": "put", "question": amend}, headers=admin)
    r = api.post(
        acts, json={"act": "record-result", "question": amend, "yes": 4, "no": 2}, headers=admin
    )
    assert [e["kind"] for e in r.json()["events"]] == ["motion.adopted", "text.amended"]
    shown = api.get(f"/api/v1/motions/{question}").json()
    assert (
        shown["text"] == "That we meet weekly"
        and shown["text_as_amended"] == "That we meet monthly"
    )
    in_order = {
        m["key"]: m for m in api.get(f"/api/v1/sessions/{session}/in-order").json()["motions"]
    }
    assert in_order["lay-on-the-table"]["in_order"] is True
    assert in_order["main"]["in_order"] is False and in_order["main"]["why_not"]


def test_acts_out_of_order_are_refused_with_the_rule_and_nothing_is_recorded(
    api: TestClient, service: Smolny
) -> None:
    c = setup_congress(api, service, size=4)
    acts = "/api/v1/sessions/s1/acts"
    before = entries(service)
    # the question is being voted on: no new main motion, no second statement
    body = assert_problem(
        api.post(
            acts,
            json={"act": "move", "motion": "main", "mover": c["delegates"][0], "text": "x"},
            headers=c["admin"],
        ),
        409,
        "voting",
    )
    assert "is being put to the vote" in body["detail"]
    assert_problem(
        api.post(acts, json={"act": "state", "question": "m9"}, headers=c["admin"]),
        409,
        "unknown-question",
    )
    assert_problem(
        api.post(
            acts,
            json={"act": "move", "motion": "filibuster", "mover": c["delegates"][0]},
            headers=c["admin"],
        ),
        409,
        "unknown-motion",
    )
    # a delegate may not act for the chair, nor in another's name
    voter = c["voters"][c["delegates"][1]]
    assert_problem(api.post(acts, json={"act": "recognise"}, headers=voter), 403, "forbidden")
    assert_problem(
        api.post(acts, json={"act": "request-floor", "delegate": c["delegates"][0]}, headers=voter),
        403,
        "forbidden",
    )
    assert_problem(api.post(acts, json={"act": "dance"}, headers=c["admin"]), 422, "invalid-input")
    assert_problem(
        api.post("/api/v1/sessions/s9/acts", json={"act": "resume"}, headers=c["admin"]),
        404,
        "unknown-session",
    )
    assert entries(service) == before


def test_a_faction_walks_out_and_returns_over_the_api(api: TestClient, service: Smolny) -> None:
    c = setup_congress(api, service, size=6)
    presence = "/api/v1/sessions/s1/presence"
    r = api.post(
        presence,
        json={"faction": "greens", "faction_leaves": True, "declaration": "We leave!"},
        headers=c["admin"],
    )
    assert r.status_code == 200 and r.json()["present"] == 3
    session = api.get("/api/v1/sessions/s1").json()
    assert session["quorum"] == {"present": 3, "needed": 4, "quorate": False}
    kinds = [line.split('"kind":"')[1].split('"')[0] for _, line in entries(service)[-2:]]
    assert kinds == ["presence.changed", "quorum.lost"]
    r = api.post(presence, json={"faction": "greens"}, headers=c["admin"])
    assert r.json()["present"] == 6
    assert_problem(
        api.post(presence, json={"faction": "blues"}, headers=c["admin"]), 404, "unknown-faction"
    )


def test_general_consent_is_the_chairs_finding(api: TestClient, service: Smolny) -> None:
    c = setup_congress(api, service, size=4)
    for delegate in c["delegates"]:
        api.post(
            f"/api/v1/polls/{c['poll']}/votes",
            json={"choice": "yes"},
            headers=c["voters"][delegate],
        )
    api.post(f"/api/v1/polls/{c['poll']}/close", headers=c["admin"])
    acts = "/api/v1/sessions/s1/acts"
    mover = c["voters"][c["delegates"][2]]
    question = api.post(
        acts, json={"act": "move", "motion": "main", "text": "x"}, headers=mover
    ).json()["events"][0]["question"]
    api.post(
        acts, json={"act": "second", "question": question}, headers=c["voters"][c["delegates"][3]]
    )
    api.post(acts, json={"act": "state", "question": question}, headers=c["admin"])
    withdraw = {"act": "withdraw", "question": question, "consent": True}
    assert_problem(api.post(acts, json=withdraw, headers=mover), 403, "forbidden")
    with_consent = api.post(acts, json={**withdraw, "by": c["delegates"][2]}, headers=c["admin"])
    assert with_consent.status_code == 200, with_consent.text


def test_a_request_for_the_floor_withdrawn_by_the_delegate_or_struck_off_by_the_chair(
    api: TestClient, service: Smolny
) -> None:
    c = setup_congress(api, service, size=4)
    acts = "/api/v1/sessions/s1/acts"
    d = c["delegates"]
    for delegate in d[:3]:
        r = api.post(acts, json={"act": "request-floor"}, headers=c["voters"][delegate])
        assert r.status_code == 200, r.text
    # a delegate withdraws their own request: `delegate` may be left out, or name themselves
    mine = c["voters"][d[0]]
    r = api.post(acts, json={"act": "withdraw-floor-request"}, headers=mine)
    assert r.status_code == 200, r.text
    assert [(e["kind"], e["delegate"], e["by"]) for e in r.json()["events"]] == [
        ("floor.request-withdrawn", d[0], d[0])
    ]
    # ...but not another's, nor twice
    before = entries(service)
    assert_problem(
        api.post(acts, json={"act": "withdraw-floor-request", "delegate": d[1]}, headers=mine),
        403,
        "forbidden",
    )
    body = assert_problem(
        api.post(acts, json={"act": "withdraw-floor-request", "delegate": d[0]}, headers=mine),
        409,
        "not-on-list",
    )
    assert body["detail"] == f"{d[0]} is not on the speakers' list"
    # the chair names whom it strikes off
    assert_problem(
        api.post(acts, json={"act": "withdraw-floor-request"}, headers=c["admin"]),
        403,
        "forbidden",
    )
    assert entries(service) == before
    r = api.post(acts, json={"act": "withdraw-floor-request", "delegate": d[2]}, headers=c["admin"])
    assert r.status_code == 200, r.text
    assert r.json()["events"][0]["by"] == "chair"
    speakers = api.get("/api/v1/sessions/s1").json()["speakers"]
    assert [s["delegate"] for s in speakers] == [d[1]]


def test_the_record_as_the_accounts_tell_it_over_the_api(api: TestClient, service: Smolny) -> None:
    c = setup_congress(api, service, size=4)
    admin, d = c["admin"], c["delegates"]
    acts = "/api/v1/sessions/s1/acts"
    for delegate in d:
        api.post(
            f"/api/v1/polls/{c['poll']}/votes",
            json={"choice": "yes"},
            headers=c["voters"][delegate],
        )  # noqa: E501
    api.post(f"/api/v1/polls/{c['poll']}/close", headers=admin)
    said = [
        {"act": "take-chair", "delegate": d[0]},
        {"act": "interject", "words": "Shame!", "voice": "a voice from the floor"},
        {"act": "hear-guest", "name": "A soldier", "words": "The army is with you."},
        {"act": "read-report", "subject": "Units coming over", "by": d[0], "kind": "announcement"},
    ]
    for body in said:
        answer = api.post(acts, json=body, headers=admin)
        assert answer.status_code == 200, answer.text
    assert [json.loads(line)["kind"] for _, line in entries(service)[-4:]] == [
        "chair.taken",
        "floor.interjected",
        "guest.heard",
        "report.read",
    ]
    # a delegate may not record words from the floor: that is the chair's
    refused = api.post(acts, json=said[1], headers=c["voters"][d[1]])
    assert refused.status_code == 403
    moved = api.post(
        acts,
        json={"act": "move", "motion": "main", "text": "We denounce."},
        headers=c["voters"][d[1]],
    )  # noqa: E501
    question = moved.json()["events"][0]["question"]
    api.post(acts, json={"act": "second", "question": question}, headers=c["voters"][d[2]])
    api.post(acts, json={"act": "state", "question": question}, headers=admin)
    api.post(acts, json={"act": "put", "question": question}, headers=admin)
    declared = api.post(
        acts,
        json={
            "act": "declare-result",
            "question": question,
            "adopted": True,
            "words": "quickly passed",
        },  # noqa: E501
        headers=admin,
    )
    assert declared.status_code == 200, declared.text
    event = declared.json()["events"][0]
    assert event["kind"] == "motion.declared" and "yes" not in event
    bad = api.post(acts, json={"act": "interject", "words": "", "voice": "x"}, headers=admin)
    assert bad.status_code == 422
