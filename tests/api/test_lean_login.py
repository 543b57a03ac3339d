"""A delegate's login with an access code, the short way (`smolny.web.lean_login`), answers
as FastAPI would, and keeps every rule of the ordinary way.

A login is sent twice (the short way, then the ordinary way with the short ways switched
off) and the answers compared byte for byte, status, headers in order (the cookie, the
security headers) and body, its new token aside; a refusal is compared as it is.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from smolny.domain import commands as c
from smolny.service.app import Smolny
from smolny.web.app import Application, create_app

API = "/api/v1/login"
NAMES = ("Алёна «Красная» Петрова", 'Jo "Quote" \\ Back', "Tab\there\u2028line", "Ünïcødé 😀")


@dataclass
class Hall:
    client: TestClient
    app: Application
    service: Smolny
    codes: dict[str, str]  # delegate -> access code


def open_hall(service: Smolny) -> tuple[Application, dict[str, str]]:
    service.execute(c.CreateBody("congress", "Congress"))
    service.execute(c.FormFaction("congress", "reds", "Reds"))
    service.execute(c.RegisterDelegates("congress", tuple(c.NewDelegate(n, "reds") for n in NAMES)))
    codes = service.accounts.issue_access_codes("congress", None)
    app = create_app(service)
    assert isinstance(app, Application)
    return app, codes


@pytest.fixture
def hall(service: Smolny) -> Iterator[Hall]:
    app, codes = open_hall(service)
    with TestClient(app) as client:
        yield Hall(client, app, service, codes)


def both_ways(hall: Hall, **kwargs: Any) -> tuple[httpx.Response, httpx.Response]:
    lean = hall.client.post(API, **kwargs)
    hall.client.cookies.clear()
    routes, hall.app.lean_routes = hall.app.lean_routes, []
    try:
        plain = hall.client.post(API, **kwargs)
    finally:
        hall.app.lean_routes = routes
        hall.client.cookies.clear()
    return lean, plain


def shown(answer: httpx.Response) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """The answer as sent, its new token (if any) replaced by "T"."""
    token = answer.json().get("token") if answer.status_code == 200 else None
    headers = list(answer.headers.raw)
    body = answer.content
    if token:
        headers = [(n, v.replace(token.encode(), b"T")) for n, v in headers]
        body = body.replace(token.encode(), b"T")
    return answer.status_code, headers, body


def test_a_login_is_answered_the_short_way_as_the_ordinary_way(hall: Hall, ordinary) -> None:
    for n, code in enumerate(hall.codes.values()):
        for wanted in (None, "/phone?sitting=s1", "https://evil.example/", "//evil", ""):
            body: dict[str, Any] = {"access_code": code}
            if wanted is not None or n % 2:
                body["next"] = wanted
            lean, plain = both_ways(hall, json=body)
            assert lean.status_code == 200, lean.text
            assert shown(lean) == shown(plain)
            assert lean.json()["token"] != plain.json()["token"]
            assert (
                hall.client.get(
                    "/api/v1/me", headers={"Authorization": f"Bearer {lean.json()['token']}"}
                ).json()["principal"]
                == lean.json()["principal"]
            )
    assert API in ordinary  # the ordinary way was taken, when asked for
    ordinary.clear()
    hall.client.post(API, json={"access_code": next(iter(hall.codes.values()))})
    assert ordinary == []
    names = {
        hall.client.post(API, json={"access_code": k}).json()["name"] for k in hall.codes.values()
    }
    assert names == set(NAMES)


def test_a_lone_surrogate_is_refused_as_the_ordinary_way_refuses_it(hall: Hall) -> None:
    # JSON may hold a lone surrogate ("\\ud800"), which `LoginIn` refuses (422); the short
    # way leaves it to the ordinary way, not hashing it (500) nor making a login of it
    code = next(iter(hall.codes.values()))
    json = {"content-type": "application/json"}
    for body in (
        b'{"access_code": "\\ud800"}',
        b'{"access_code": "%s", "next": "\\ud800"}' % code.encode(),
        b'{"access_code": "%s", "next": "/phone\\ud800"}' % code.encode(),
    ):
        lean, plain = both_ways(hall, content=body, headers=json)
        assert (lean.status_code, body) == (plain.status_code, body) == (422, body)


def test_the_cookie_is_the_ordinary_ones_over_https_too(hall: Hall) -> None:
    code = next(iter(hall.codes.values()))
    with TestClient(hall.app, base_url="https://testserver") as client:
        lean = client.post(API, json={"access_code": code})
        client.cookies.clear()
        routes, hall.app.lean_routes = hall.app.lean_routes, []
        plain = client.post(API, json={"access_code": code})
        hall.app.lean_routes = routes
    assert shown(lean) == shown(plain)
    assert "Secure" in lean.headers["set-cookie"]
    assert lean.headers["strict-transport-security"]


def test_a_wrong_code_is_refused_the_same_and_counted(hall: Hall) -> None:
    code = next(iter(hall.codes.values()))
    wrong = code[:-1] + ("2" if code[-1] != "2" else "3")
    for bad in (wrong, "", "nonsense", "ЖЖЖЖ-ЖЖЖЖ"):
        lean, plain = both_ways(hall, json={"access_code": bad})
        assert lean.status_code == 401 and shown(lean) == shown(plain)
        assert "access code" in lean.json()["detail"]  # not saying which part
    held = {str(k["key"]) for k in hall.service.accounts.login_guard.lockouts()}
    assert held == set()  # counted, not (yet) waiting
    guard = hall.service.accounts.login_guard
    counted = guard.failures.locked_until(guard.keys("testclient", "code:" + code[:4]))
    assert set(counted) == {"address:testclient", f"code:{code[:4]}@testclient"}


def test_a_lockout_is_refused_the_same_with_retry_after(hall: Hall) -> None:
    guard = hall.service.accounts.login_guard
    now = time.time()
    guard.clock = lambda: now  # the waits the same both ways
    code = next(iter(hall.codes.values()))
    wrong = code[:-1] + ("2" if code[-1] != "2" else "3")
    for _ in range(guard.policy.failures_per_target):
        assert hall.client.post(API, json={"access_code": wrong}).status_code == 401
    lean, plain = both_ways(hall, json={"access_code": code})  # the right code, waiting
    assert lean.status_code == 429 and shown(lean) == shown(plain)
    assert lean.headers["retry-after"] == "2" and lean.json()["rule"] == "login-locked"
    guard.lift()
    assert hall.client.post(API, json={"access_code": code}).status_code == 200


def test_what_the_short_way_does_not_take_goes_the_ordinary_way(hall: Hall, ordinary) -> None:
    code = next(iter(hall.codes.values()))
    json_type = {"Content-Type": "application/json"}
    cases: list[dict[str, Any]] = [
        {"json": {"access_code": 5}},
        {"json": {"access_code": "A" * 65}},
        {"json": {"access_code": code, "colour": "red"}},
        {"json": {"access_code": code, "username": None}},
        {"json": {"access_code": code, "next": "/" + "x" * 2000}},
        {"json": {"access_code": code, "next": 5}},
        {"json": {"access_code": None}},
        {"json": {"next": "/phone"}},
        {"json": {"username": "chair", "password": "wrong password here"}},
        {"json": {}},
        {"json": []},
        {"json": "code"},
        {"content": b"{not json", "headers": json_type},
        {"content": b"", "headers": json_type},
        {
            "content": f'{{"access_code":"{code}"}}'.encode(),
            "headers": {"Content-Type": "text/plain"},
        },
        {"content": f'{{"access_code":"{code}"}}'.encode()},  # no content type
    ]
    for kwargs in cases:
        ordinary.clear()
        lean, plain = both_ways(hall, **kwargs)
        assert shown(lean) == shown(plain), kwargs
        assert lean.status_code >= 400 or "username" in kwargs.get("json", {}), kwargs
        assert ordinary == [API, API], kwargs  # the short way handed it on
    # a login the ordinary way takes, with a type ending in +json: the same answer
    lean, plain = both_ways(
        hall,
        content=f'{{"access_code":"{code}"}}'.encode(),
        headers={"Content-Type": "application/vnd.smolny+json; charset=utf-8"},
    )
    assert lean.status_code == 200 and shown(lean) == shown(plain)


def test_the_flood_limit_per_address_still_applies(sqlite_url: str) -> None:
    from smolny.cli.serve import served

    service = Smolny.open(sqlite_url)  # (closed by the served application, at its end)
    _, codes = open_hall(service)
    code = next(iter(codes.values()))
    with TestClient(served(service, ("0", "0.01/1"))) as client:  # one login, then none
        assert client.post(API, json={"access_code": code}).status_code == 200
        refused = client.post(API, json={"access_code": code})
        assert refused.status_code == 429 and refused.json()["rule"] == "rate-limit"
        assert refused.headers["content-security-policy"]


def test_a_lockout_counted_by_another_process_holds_on_the_short_way(
    database_url: str, ordinary, monkeypatch: pytest.MonkeyPatch
) -> None:
    # two serving processes on one database (two Smolny on it): failures counted by one
    # lock the other's short way out; a delegate and a code the other made log in
    monkeypatch.setenv("SMOLNY_LOGIN_FAILURES", "3")
    first = Smolny.open(database_url)
    second = Smolny.open(database_url)
    try:
        app, codes = open_hall(first)
        code = next(iter(codes.values()))
        wrong = code[:-1] + ("2" if code[-1] != "2" else "3")
        with TestClient(app) as client, TestClient(create_app(second)) as other:
            assert client.post(API, json={"access_code": code}).status_code == 200  # reader open
            for _ in range(3):
                assert other.post(API, json={"access_code": wrong}).status_code == 401
            ordinary.clear()
            locked = client.post(API, json={"access_code": code})
            assert locked.status_code == 429, locked.text
            assert locked.headers["retry-after"] and ordinary == []
            assert second.accounts.login_guard.lift() == 1  # lifted by the other: here too
            assert client.post(API, json={"access_code": code}).status_code == 200
            # a delegate registered, and a code issued, by the other process
            second.execute(c.RegisterDelegates("congress", (c.NewDelegate("Late", "reds"),)))
            late = second.accounts.issue_access_codes("congress", None)
            ordinary.clear()
            for ident, fresh in late.items():
                answer = client.post(API, json={"access_code": fresh})
                assert answer.status_code == 200 and answer.json()["principal"] == ident
            assert ordinary == []
            old = client.post(API, json={"access_code": code})  # replaced by the other
            assert old.status_code == 401
    finally:
        first.close()
        second.close()


def test_a_busy_reader_hands_the_read_to_a_worker_thread(sqlite_service: Smolny) -> None:
    app, codes = open_hall(sqlite_service)
    reader = sqlite_service.store._code_reader  # type: ignore[attr-defined]
    code = next(iter(codes.values()))
    with TestClient(app) as client:
        assert client.post(API, json={"access_code": code}).status_code == 200
        with reader._lock:  # another thread reading: the loop does not wait for it
            assert reader.read("x", ["address:a"]) is None
            answer = client.post(API, json={"access_code": code})
            assert answer.status_code == 200, answer.text
        assert reader.read("x", ["address:a"]) == (None, {})
