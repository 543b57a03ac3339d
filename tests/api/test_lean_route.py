"""The vote route's short way (`smolny.web.app.LeanRoute`) answers as FastAPI would.

Every request here is sent twice where it changes nothing (the short way, then the
ordinary way with the short way switched off) and the answers compared byte for byte;
a vote that is recorded is compared by its shape, as its receipt is new each time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import fastapi
import pytest
from fastapi import APIRouter, Query
from fastapi.testclient import TestClient

from sample_congress import bring_to_vote, make_congress
from smolny.service.app import Smolny
from smolny.web import app as web_app
from smolny.web.app import Application, LeanRoute, NotLean, create_app
from smolny.web.callers import App, Who


@pytest.fixture
def setup(service: Smolny) -> Iterator[tuple[TestClient, Application, str, dict[str, str]]]:
    congress = make_congress(service, size=6)
    ids = congress["delegates"]
    _, poll = bring_to_vote(service, congress["session"], ids[0], ids[1])
    codes = service.accounts.issue_access_codes("congress", ids)
    app = create_app(service)
    assert isinstance(app, Application)
    with TestClient(app) as client:
        tokens = {}
        for d in ids:
            tokens[d] = client.post("/api/v1/login", json={"access_code": codes[d]}).json()["token"]
        client.cookies.clear()
        yield client, app, poll, tokens


def both_ways(client: TestClient, app: Application, *args, **kwargs) -> tuple:
    lean = client.post(*args, **kwargs)
    routes, app.lean_routes = app.lean_routes, []
    try:
        plain = client.post(*args, **kwargs)
    finally:
        app.lean_routes = routes
    return lean, plain


def same(lean, plain) -> None:
    assert lean.status_code == plain.status_code, (lean.text, plain.text)
    assert lean.headers["content-type"] == plain.headers["content-type"]
    assert lean.content == plain.content


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_the_vote_route_takes_the_short_way(setup, ordinary) -> None:
    client, app, poll, tokens = setup
    lean = [r for r in app.lean_routes if isinstance(r, web_app.LeanRoute)]  # and the stream
    assert [(r.method, r.route.path) for r in lean] == list(web_app.LEAN_ROUTES)
    voter, token = next(iter(tokens.items()))
    r = client.post(f"/api/v1/polls/{poll}/votes", json={"choice": "yes"}, headers=bearer(token))
    assert r.status_code == 201, r.text
    assert f"/api/v1/polls/{poll}/votes" not in ordinary
    body = r.json()
    assert body["poll"] == poll and body["voter"] == voter and body["choice"] == "yes"
    assert len(body["receipt"]) == 64 and body["changed"] is False
    assert body["ballots"] == [{"voter": voter, "receipt": body["receipt"], "changed": False}]


def test_a_recorded_vote_is_answered_in_the_same_shape_both_ways(setup) -> None:
    client, app, poll, tokens = setup
    first, second = list(tokens)[:2]
    url = f"/api/v1/polls/{poll}/votes"
    lean = client.post(url, json={"choice": "no"}, headers=bearer(tokens[first]))
    app_routes, app.lean_routes = app.lean_routes, []
    plain = client.post(url, json={"choice": "no"}, headers=bearer(tokens[second]))
    app.lean_routes = app_routes
    assert lean.status_code == plain.status_code == 201
    assert lean.headers["content-type"] == plain.headers["content-type"] == "application/json"
    assert lean.headers["content-length"] == str(len(lean.content))
    receipt = lean.json()["receipt"]
    assert lean.content.replace(receipt.encode(), b"R").replace(first.encode(), b"D") == (
        plain.content.replace(plain.json()["receipt"].encode(), b"R").replace(second.encode(), b"D")
    )


def test_every_refusal_is_the_ordinary_one(setup) -> None:
    client, app, poll, tokens = setup
    voter, other = list(tokens.values())[:2]
    url = f"/api/v1/polls/{poll}/votes"
    cases = [
        ("/api/v1/polls/p999/votes", {"json": {"choice": "yes"}, "headers": bearer(voter)}),
        (url, {"json": {"choice": "maybe"}, "headers": bearer(voter)}),  # the domain's
        (url, {"json": {"choice": 5}, "headers": bearer(voter)}),  # the body model's
        (url, {"json": {"choice": "yes", "colour": "red"}, "headers": bearer(voter)}),
        (url, {"json": {}, "headers": bearer(voter)}),
        (url, {"json": {"choice": "yes", "for": "d99"}, "headers": bearer(voter)}),
        (url, {"json": [], "headers": bearer(voter)}),
        (
            url,
            {
                "content": b"{not json",
                "headers": {**bearer(voter), "Content-Type": "application/json"},
            },
        ),
        (url, {"content": b"", "headers": {**bearer(voter), "Content-Type": "application/json"}}),
        (
            url,
            {
                "content": b'{"choice":"yes"}',
                "headers": {**bearer(voter), "Content-Type": "text/plain"},
            },
        ),
        (url, {"content": b'{"choice":"yes"}', "headers": bearer(voter)}),  # no content type
        (url, {"json": {"choice": "yes"}}),  # nobody logged in
        (url, {"json": {"choice": "yes"}, "headers": bearer("not-a-token")}),
        (url, {"json": {"choice": "yes"}, "headers": {"Authorization": "Basic eDp5"}}),
    ]
    for path, kwargs in cases:
        lean, plain = both_ways(client, app, path, **kwargs)
        same(lean, plain)
        assert lean.status_code >= 400, (kwargs, lean.text)
    # a second vote, refused both ways alike
    assert client.post(url, json={"choice": "yes"}, headers=bearer(other)).status_code == 201
    lean, plain = both_ways(client, app, url, json={"choice": "no"}, headers=bearer(other))
    same(lean, plain)
    assert lean.status_code == 409 and lean.json()["rule"] == "second-vote"


def test_a_login_cookie_is_read_as_the_ordinary_way_reads_it(service: Smolny, ordinary) -> None:
    congress = make_congress(service, size=3)
    ids = congress["delegates"]
    _, poll = bring_to_vote(service, congress["session"], ids[0], ids[1])
    codes = service.accounts.issue_access_codes("congress", ids)
    with TestClient(create_app(service)) as client:
        client.post("/api/v1/login", json={"access_code": codes[ids[2]]})  # sets the cookie
        r = client.post(f"/api/v1/polls/{poll}/votes", json={"choice": "abstain"})
        assert r.status_code == 201, r.text
        assert r.json()["voter"] == ids[2]
    assert f"/api/v1/polls/{poll}/votes" not in ordinary


def test_what_the_short_way_does_not_take_goes_the_ordinary_way(
    setup, ordinary, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, app, poll, tokens = setup
    voters = list(tokens.values())
    url = f"/api/v1/polls/{poll}/votes"
    with monkeypatch.context() as patched:
        patched.setattr(web_app, "LEAN_BODY_LIMIT", 8)  # a longer body: read, then handed on
        r = client.post(url, json={"choice": "yes"}, headers=bearer(voters[0]))
        assert r.status_code == 201 and ordinary == [url]
    app.dependency_overrides[lambda: None] = lambda: None  # overrides: FastAPI resolves
    r = client.post(url, json={"choice": "yes"}, headers=bearer(voters[1]))
    assert r.status_code == 201 and ordinary == [url, url]
    app.dependency_overrides.clear()
    r = client.post(url, json={"choice": "yes"}, headers=bearer(voters[2]))
    assert r.status_code == 201 and ordinary == [url, url]


def test_a_route_of_another_shape_is_not_taken_the_short_way() -> None:
    router = APIRouter()

    @router.post("/x/{ident}")
    async def with_query(ident: str, who: Who, app: App, page: int = Query(1)) -> dict:
        return {}

    with pytest.raises(NotLean):
        LeanRoute(fastapi.FastAPI(), router.routes[0], "POST")  # type: ignore[arg-type]


def test_an_answer_is_written_as_fastapi_writes_its_json(service: Smolny) -> None:
    # the short way's encoder (pydantic's) against FastAPI's (json.dumps, compact, unescaped)
    app = create_app(service)
    assert isinstance(app, Application)
    route = next(r for r in app.lean_routes if isinstance(r, LeanRoute))
    every = "".join(chr(i) for i in range(0x800)) + "\u2028\u2029\ufeff\uffff😀𝄞</script>"
    for value in (
        {"text": every, "n": 2**64, "m": -(2**63) - 1, "ok": True, "none": None},
        {"nested": [{"a": [1, "б", False]}, [], {}], "key \n\u0000": "ё"},
    ):
        expected = fastapi.responses.JSONResponse(value).body
        assert route._plain(value) == expected
    assert route._plain({"lone": "\ud800"}) is None  # the ordinary way says what is wrong
    assert route._plain({"float": 1.5}) is None  # (a float: not written the short way)
    assert route._plain({1: "key not text"}) is None


def test_an_unexpected_error_is_answered_and_raised_as_the_ordinary_way_does(
    setup, monkeypatch
) -> None:
    # a 500 problem document, and the error goes on up for the server to log (and close
    # the connection), as starlette's ServerErrorMiddleware has it, both ways
    client, app, poll, tokens = setup
    voter, other = list(tokens.values())[:2]

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the unexpected")

    monkeypatch.setattr(app.state.smolny.ballots, "cast_votes", broken)
    url = f"/api/v1/polls/{poll}/votes"
    quiet = TestClient(app, raise_server_exceptions=False)
    lean, plain = both_ways(quiet, app, url, json={"choice": "yes"}, headers=bearer(voter))
    assert lean.status_code == plain.status_code == 500
    incident = re.compile(rb"\b[0-9a-f]{12}\b")  # each error's own, in the log and the answer
    assert incident.sub(b"I", lean.content) == incident.sub(b"I", plain.content)
    for lean_routes in (app.lean_routes, []):
        routes, app.lean_routes = app.lean_routes, lean_routes
        try:
            with pytest.raises(RuntimeError, match="the unexpected"):
                client.post(url, json={"choice": "yes"}, headers=bearer(other))
        finally:
            app.lean_routes = routes
