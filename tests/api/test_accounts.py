"""The staff accounts over the JSON API: an administrator lists, resets, disables and
enables them; one's own password is changed away from a one-time one, keeping the login."""

from __future__ import annotations

from fastapi.testclient import TestClient

from smolny.service.app import Smolny
from smolny.web.app import create_app

GOOD = "Tallinn lantern 1917 quorum"


def _login(client: TestClient, username: str, password: str) -> dict[str, str]:
    answer = client.post("/api/v1/login", json={"username": username, "password": password})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def test_an_administrator_manages_accounts_and_a_newcomer_sets_their_password(
    sqlite_service: Smolny,
) -> None:
    sqlite_service.accounts.create_account("root", "admin", password=GOOD)
    with TestClient(create_app(sqlite_service)) as client:
        admin = _login(client, "root", GOOD)
        made = client.post(
            "/api/v1/accounts", json={"username": "vera", "role": "chair"}, headers=admin
        ).json()
        ident, one_time = made["account"], made["one_time_password"]
        login = client.post(
            "/api/v1/login", json={"username": "vera", "password": one_time, "next": "/chair"}
        ).json()
        assert login["must_change_password"]
        assert login["next"] == "/account/password?next=/chair"  # its own password first
        vera = {"Authorization": f"Bearer {login['token']}"}
        same = client.post(
            "/api/v1/account/password", json={"old": "", "new": one_time}, headers=vera
        )
        assert same.status_code == 422 and same.json()["rule"] == "password-unchanged"
        changed = client.post(
            "/api/v1/account/password", json={"old": "", "new": GOOD + " vera"}, headers=vera
        )
        assert changed.status_code == 200, changed.text
        vera = {"Authorization": f"Bearer {changed.json()['token']}"}
        assert client.get("/api/v1/me", headers=vera).json()["name"] == "vera"

        listed = client.get("/api/v1/accounts", headers=admin).json()
        assert [(a["username"], a["one_time"], a["disabled"]) for a in listed] == [
            ("root", False, False),
            ("vera", False, False),
        ]
        assert client.get("/api/v1/accounts", headers=vera).status_code == 403
        off = client.post(f"/api/v1/accounts/{ident}/disable", headers=admin)
        assert off.json() == {"account": ident, "disabled": True}
        assert client.get("/api/v1/me", headers=vera).status_code == 401
        refused = client.post(
            "/api/v1/login", json={"username": "vera", "password": GOOD + " vera"}
        )
        assert refused.status_code == 401 and refused.json()["rule"] == "account-disabled"
        assert client.post(f"/api/v1/accounts/{ident}/enable", headers=admin).status_code == 200
        reset = client.post(f"/api/v1/accounts/{ident}/password-reset", headers=admin).json()
        assert reset["username"] == "vera" and reset["one_time_password"]
        assert _login(client, "vera", reset["one_time_password"])
        own = client.post(f"/api/v1/accounts/{listed[0]['account']}/disable", headers=admin)
        assert own.status_code == 409 and own.json()["rule"] == "own-account"
        missing = client.post("/api/v1/accounts/a99/disable", headers=admin)
        assert missing.status_code == 404
