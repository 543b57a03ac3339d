"""Logins: access codes hard to guess, failed logins locked out (429), logins that end
when idle and at an absolute end, logout, and the cookie's flags."""

from __future__ import annotations

import math
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from security.assembly import (
    API,
    Assembly,
    admin_credentials,
    assemble,
    chair_credentials,
    log_in,
    problem,
    token_of,
)
from smolny.adapters import credentials as creds
from smolny.service import accounts as app_module
from smolny.service.app import Smolny
from smolny.service.lockout import LockedOut, LoginPolicy
from smolny.web.app import create_app


class Clock:
    """A clock the test moves on by hand."""

    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def hall(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, Assembly]]:
    # a small policy, as an administrator would set it in the environment
    monkeypatch.setenv("SMOLNY_LOGIN_FAILURES", "3")
    monkeypatch.setenv("SMOLNY_LOGIN_FAILURES_PER_ADDRESS", "6")
    monkeypatch.setenv("SMOLNY_LOGIN_LOCKOUT_SECONDS", "600")
    monkeypatch.setenv("SMOLNY_LOGIN_IDLE_SECONDS", "3600")
    monkeypatch.setenv("SMOLNY_LOGIN_SECONDS", "7200")
    app = Smolny.open(f"sqlite:///{tmp_path / 'logins.sqlite3'}")
    assembly = assemble(app, size=6)
    with TestClient(create_app(app)) as client:
        yield client, assembly
    app.close()


def wrong_code_like(code: str) -> str:
    """A wrong code with the same first group as `code`."""
    while True:
        guess = code[:4] + "-" + creds.new_access_code()[5:]
        if creds.normalise_access_code(guess) != creds.normalise_access_code(code):
            return guess


def journal(app: Smolny) -> list[dict[str, Any]]:
    """The journal's entries, as the application holds them."""
    import json

    from smolny.adapters import journal as store
    from smolny.adapters.database import read_transaction

    with read_transaction(app.engine) as conn:
        return [json.loads(line) for _, line in store.lines(conn)]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_access_codes_carry_at_least_sixty_bits_grouped_for_reading() -> None:
    bits = creds.CODE_GROUPS * creds.CODE_GROUP_LENGTH * math.log2(len(creds.CODE_ALPHABET))
    assert bits >= 60 and bits == 80
    codes = {creds.new_access_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in list(codes)[:50]:
        groups = code.split("-")
        assert [len(g) for g in groups] == [4, 4, 4, 4]
        assert set(code.replace("-", "")) <= set(creds.CODE_ALPHABET)


def test_the_policy_comes_from_the_environment_and_bad_values_are_refused() -> None:
    policy = LoginPolicy.from_environ({"SMOLNY_LOGIN_FAILURES": "7", "SMOLNY_LOGIN_SECONDS": " "})
    assert policy.failures_per_target == 7 and policy.absolute_seconds == 12 * 3600
    for bad in ("0", "-1", "ten", "1.5"):
        with pytest.raises(ValueError, match="SMOLNY_LOGIN_LOCKOUT_SECONDS"):
            LoginPolicy.from_environ({"SMOLNY_LOGIN_LOCKOUT_SECONDS": bad})


def test_guessing_a_code_makes_its_address_wait_right_code_included_growing_waits(
    hall: tuple[TestClient, Assembly],
) -> None:
    client, assembly = hall
    clock = Clock()
    assembly.app.accounts.login_guard.clock = clock
    target, other = assembly.delegates[0], assembly.delegates[1]
    code = assembly.codes[target]
    for _ in range(3):
        problem(log_in(client, access_code=wrong_code_like(code)), 401, "bad-login")
    locked = log_in(client, access_code=code)  # the right code, during the wait
    body = problem(locked, 429, "login-locked")
    assert locked.headers["retry-after"] == "2"  # the first wait
    assert "access code" in body["detail"] and "set-cookie" not in locked.headers
    # another delegate's code (another first group) from the same address still logs in
    if (
        creds.normalise_access_code(assembly.codes[other])[:4]
        != creds.normalise_access_code(code)[:4]
    ):
        assert log_in(client, access_code=assembly.codes[other]).status_code == 200
    # the same code from another address (its owner's phone) is not made to wait
    with TestClient(client.app, client=("198.51.100.4", 5000)) as owner:
        assert log_in(owner, access_code=code).status_code == 200
    # each further failure doubles the wait, up to the lockout time (600 s here)
    waits = [2]
    for _ in range(12):
        clock.now += waits[-1]  # waited, and guessing again
        problem(log_in(client, access_code=wrong_code_like(code)), 401, "bad-login")
        waits.append(int(log_in(client, access_code=code).headers["retry-after"]))
    assert waits == [2, 4, 8, 16, 32, 64, 128, 256, 512, 600, 600, 600, 600]
    clock.now += 599
    assert problem(log_in(client, access_code=code), 429)  # retry-after counts down
    clock.now += 2
    assert log_in(client, access_code=code).status_code == 200  # it expired by itself


def test_wrong_passwords_slow_the_guesser_not_the_owner(
    hall: tuple[TestClient, Assembly],
) -> None:
    client, assembly = hall
    with TestClient(client.app, client=("203.0.113.7", 5000)) as attacker:
        for _ in range(3):
            problem(log_in(attacker, username="Chair", password="not the password"), 401)
        problem(log_in(attacker, **chair_credentials()), 429, "login-locked")
    # the chair, from the hall, logs in all the same
    with TestClient(client.app, client=("198.51.100.4", 5000)) as owner:
        assert log_in(owner, **chair_credentials()).status_code == 200
    # the record says the account was locked out, from which network (not the address)
    entry = [e for e in journal(assembly.app) if e["kind"] == "login.locked-out"][-1]
    assert entry["actor"] == "system"
    assert entry["data"]["account"] == "chair" and entry["data"]["scope"] == "account"
    assert entry["data"]["network"] == "203.0.113.0/24" and entry["data"]["failures"] == 3


def test_the_administrator_sees_and_lifts_a_lockout_and_it_is_recorded(
    hall: tuple[TestClient, Assembly],
) -> None:
    client, assembly = hall
    for _ in range(3):
        problem(log_in(client, username="Chair", password="not the password"), 401)
    problem(log_in(client, **chair_credentials()), 429, "login-locked")
    # the administrator sees the lockout and lifts it
    with TestClient(client.app, client=("192.0.2.8", 5000)) as office:
        admin = bearer(token_of(office, **admin_credentials()))
    client.cookies.clear()
    listed = client.get(f"{API}/login/lockouts", headers=admin).json()
    assert [entry["key"] for entry in listed["lockouts"]] == ["account:chair@testclient"]
    assert listed["policy"]["failures_per_target"] == 3
    refused = client.delete(f"{API}/login/lockouts", params={"key": "account:chair"})
    problem(refused, 401)  # nobody logged in
    assert client.delete(
        f"{API}/login/lockouts", params={"key": "account:chair"}, headers=admin
    ).json() == {"lifted": 1}
    lifted = [e for e in journal(assembly.app) if e["kind"] == "login.lockout-lifted"][-1]
    assert lifted["data"] == {"account": "chair", "lifted": 1}
    assert lifted["actor"].startswith("account:")  # the administrator's act
    chair_token = token_of(client, **chair_credentials())
    # only the administrator may
    problem(client.get(f"{API}/login/lockouts", headers=bearer(chair_token)), 403)
    problem(client.delete(f"{API}/login/lockouts", headers=bearer(chair_token)), 403)


def test_many_failures_from_one_address_make_the_address_wait(
    hall: tuple[TestClient, Assembly],
) -> None:
    client, assembly = hall
    for _ in range(6):  # each a different first group: only the address adds up
        problem(log_in(client, access_code=creds.new_access_code()), 401)
    body = problem(log_in(client, access_code=assembly.codes[assembly.delegates[2]]), 429)
    assert "address" in body["detail"]
    with TestClient(client.app, client=("192.0.2.7", 5000)) as elsewhere:
        assert (
            log_in(elsewhere, access_code=assembly.codes[assembly.delegates[2]]).status_code == 200
        )
    admin = token_of(
        client.__class__(client.app, client=("192.0.2.8", 5000)), **admin_credentials()
    )
    lifted = client.delete(f"{API}/login/lockouts", headers=bearer(admin))
    assert lifted.json() == {"lifted": 1}
    assert log_in(client, access_code=assembly.codes[assembly.delegates[2]]).status_code == 200


def test_every_serving_process_counts_the_same_failures(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # two processes on one database (two Smolny on it): N workers allow no more
    monkeypatch.setenv("SMOLNY_LOGIN_FAILURES", "4")
    first, second = Smolny.open(database_url), Smolny.open(database_url)
    try:
        first.accounts.create_account("victim", "chair", password="Tallinn lantern 1917 quorum")
        for guard in (
            first.accounts.login_guard,
            second.accounts.login_guard,
            first.accounts.login_guard,
        ):
            guard.check("203.0.113.7", "account:victim")
            guard.failed("203.0.113.7", "account:victim")
        second.accounts.login_guard.failed("203.0.113.7", "account:victim")  # the fourth, in all
        for guard in (first.accounts.login_guard, second.accounts.login_guard):
            with pytest.raises(LockedOut):
                guard.check("203.0.113.7", "account:victim")
        assert second.accounts.login_guard.lift("account:victim") == 1  # lifted in one, in both
        first.accounts.login_guard.check("203.0.113.7", "account:victim")
    finally:
        first.close()
        second.close()


def test_malformed_logins_are_refused_and_not_counted(hall: tuple[TestClient, Assembly]) -> None:
    client, assembly = hall
    for _ in range(10):
        problem(client.post(f"{API}/login", json={"access_code": "x", "username": "y"}), 422)
    assert assembly.app.accounts.login_guard.lockouts() == []
    assert log_in(client, **chair_credentials()).status_code == 200


def test_a_login_ends_when_idle_and_at_its_absolute_end(
    hall: tuple[TestClient, Assembly], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, assembly = hall
    clock = Clock(2_000_000_000.0)
    monkeypatch.setattr(app_module, "_now", clock)
    monkeypatch.setattr(app_module, "LOGIN_RECHECK_SECONDS", 0)  # every call asks the database
    idle = bearer(token_of(client, access_code=assembly.codes[assembly.delegates[0]]))
    active = bearer(token_of(client, access_code=assembly.codes[assembly.delegates[1]]))
    client.cookies.clear()
    me = f"{API}/me"
    for _ in range(7):  # an hour and three quarters, the active login used every quarter hour
        clock.now += 900
        assert client.get(me, headers=active).status_code == 200
    problem(client.get(me, headers=idle), 401, "not-logged-in")  # unused for over an hour
    clock.now += 900 * 1 + 1  # two hours and a second since both began: the absolute end
    problem(client.get(me, headers=active), 401, "not-logged-in")


def test_the_remembered_login_ends_too(
    hall: tuple[TestClient, Assembly], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, assembly = hall
    clock = Clock(2_000_000_000.0)
    monkeypatch.setattr(app_module, "_now", clock)
    token = token_of(client, access_code=assembly.codes[assembly.delegates[0]])
    assert assembly.app.accounts.known_login(token) is not None
    clock.now += 3601
    assert assembly.app.accounts.known_login(token) is None  # the short way does not outlive it


def test_logout_ends_the_login(hall: tuple[TestClient, Assembly]) -> None:
    client, assembly = hall
    token = token_of(client, access_code=assembly.codes[assembly.delegates[0]])
    client.cookies.clear()
    out = client.post(f"{API}/logout", headers=bearer(token))
    assert out.status_code == 204
    problem(client.get(f"{API}/me", headers=bearer(token)), 401)
    problem(client.post(f"{API}/logout", headers=bearer(token)), 401)
    # with the cookie, as JSON
    log_in(client, **chair_credentials())
    assert client.get(f"{API}/me").status_code == 200
    out = client.post(f"{API}/logout", json={})
    assert out.status_code == 204 and 'smolny_login=""' in out.headers["set-cookie"]
    problem(client.get(f"{API}/me"), 401)


def test_the_pages_log_out_button(hall: tuple[TestClient, Assembly]) -> None:
    client, assembly = hall
    assert "Log out" not in client.get("/").text
    token = token_of(client, **chair_credentials())
    page = client.get("/chair")
    assert page.status_code == 200 and 'hx-post="/logout"' in page.text
    problem(client.post("/logout"), 403, "page-act")  # not from a page: nothing ended
    assert client.get(f"{API}/me", headers=bearer(token)).status_code == 200
    out = client.post("/logout", headers={"HX-Request": "true"})
    assert out.status_code == 204 and out.headers["hx-redirect"] == "/login"
    problem(client.get(f"{API}/me", headers=bearer(token)), 401)


def test_the_cookie_is_httponly_strict_and_secure_on_https(sqlite_service: Smolny) -> None:
    assembly = assemble(sqlite_service)
    code = assembly.codes[assembly.delegates[0]]
    with TestClient(create_app(sqlite_service)) as client:
        cookie = log_in(client, access_code=code).headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" not in cookie
        assert "Max-Age=43200" in cookie
    with TestClient(create_app(sqlite_service), base_url="https://smolny.example") as client:
        cookie = log_in(client, access_code=code).headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" in cookie


def test_tokens_are_long_and_random(hall: tuple[TestClient, Assembly]) -> None:
    client, assembly = hall
    tokens = {token_of(client, **chair_credentials()) for _ in range(3)}
    assert len(tokens) == 3
    for token in tokens:
        random_part, _, issued = token.rpartition(".")
        assert len(random_part) >= 43 and int(issued, 16) > 0  # 256 bits, and when issued
    assert secrets  # (the codes and tokens come from the secrets module)


def test_a_lockout_problem_over_the_page_login_reads_well(hall: tuple[TestClient, Any]) -> None:
    client, assembly = hall
    code = assembly.codes[assembly.delegates[3]]
    for _ in range(3):
        log_in(client, access_code=wrong_code_like(code))
    body = problem(log_in(client, access_code=code), 429)
    assert body["title"] == "Too many requests" and "try again in" in body["detail"]


def test_a_bad_login_setting_stops_the_server_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from smolny.cli import main

    monkeypatch.setenv("SMOLNY_LOGIN_IDLE_SECONDS", "an hour")
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "x.sqlite3")])
    assert result.exit_code == 2, result.output
    assert "SMOLNY_LOGIN_IDLE_SECONDS must be a whole number above 0" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "x.sqlite3").exists()
