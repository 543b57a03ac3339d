"""Against a real `smolny serve` process: concurrent votes, first start, logins."""

from __future__ import annotations

import httpx

from hall_server import vote_at_once
from sample_congress import CHAIR_PASSWORD, make_congress
from smolny.service.app import Smolny


def test_one_vote_per_delegate_under_concurrent_requests(database_url: str, serve) -> None:
    app = Smolny.open(database_url)
    congress = make_congress(app, size=30)
    codes = app.accounts.issue_access_codes("congress", congress["delegates"])
    app.close()
    server = serve(database_url)
    with httpx.Client(base_url=server.url, timeout=30) as client:
        chair = client.post(
            "/api/v1/login", json={"username": "chair", "password": CHAIR_PASSWORD}
        ).json()
        auth = {"Authorization": f"Bearer {chair['token']}"}
        motion = client.post(
            f"/api/v1/sessions/{congress['session']}/motions",
            json={"title": "T", "text": "Text", "mover": congress["delegates"][0]},
            headers=auth,
        ).json()["motion"]
        acts = f"/api/v1/sessions/{congress['session']}/acts"
        client.post(
            acts,
            json={"act": "second", "question": motion, "seconder": congress["delegates"][1]},
            headers=auth,
        )
        client.post(acts, json={"act": "state", "question": motion}, headers=auth)
        poll = client.post(f"/api/v1/motions/{motion}/polls", json={}, headers=auth).json()["poll"]
        tokens = {
            d: client.post("/api/v1/login", json={"access_code": code}).json()["token"]
            for d, code in codes.items()
        }
    statuses = vote_at_once(server.url, poll, tokens, ("yes", "no", "abstain", "yes"))
    assert all(sorted(s) == [201, 409, 409, 409] for s in statuses.values()), statuses
    with httpx.Client(base_url=server.url, timeout=30) as client:
        chair = client.post(
            "/api/v1/login", json={"username": "chair", "password": CHAIR_PASSWORD}
        ).json()
        result = client.post(
            f"/api/v1/polls/{poll}/close", headers={"Authorization": f"Bearer {chair['token']}"}
        ).json()["result"]
    assert result["box"]["ballots"] == 30 and result["heads"]["yes"] == 30


def test_first_start_prints_a_one_time_admin_password_that_must_be_changed(
    sqlite_url: str, serve
) -> None:
    server = serve(sqlite_url)
    with httpx.Client(base_url=server.url, timeout=30) as client:
        assert (
            client.post(
                "/api/v1/login", json={"username": "admin", "password": "admin"}
            ).status_code
            == 401
        )
        output = server.stop()
    assert "one-time password" in output
    password = output.split("one-time password\n", 1)[1].split()[0]
    server = serve(sqlite_url)
    with httpx.Client(base_url=server.url, timeout=30) as client:
        login = client.post(
            "/api/v1/login", json={"username": "admin", "password": password}
        ).json()
        auth = {"Authorization": f"Bearer {login['token']}"}
        assert login["must_change_password"] is True
        blocked = client.post("/api/v1/bodies", json={"slug": "c", "name": "C"}, headers=auth)
        assert blocked.status_code == 403 and blocked.json()["rule"] == "password-change-required"
        changed = client.post(
            "/api/v1/account/password",
            json={"old": password, "new": "a much better password"},
            headers=auth,
        )
        assert changed.status_code == 200
        assert (
            client.post("/api/v1/bodies", json={"slug": "c", "name": "C"}, headers=auth).status_code
            == 401
        )
        login = client.post(
            "/api/v1/login", json={"username": "admin", "password": "a much better password"}
        ).json()
        auth = {"Authorization": f"Bearer {login['token']}"}
        assert (
            client.post("/api/v1/bodies", json={"slug": "c", "name": "C"}, headers=auth).status_code
            == 201
        )
    second_start = server.stop()
    assert "one-time password" not in second_start
