"""Security headers on every kind of response, and templates a strict CSP can serve."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fastapi
import pytest
from fastapi.testclient import TestClient

from security.assembly import API, Assembly, assemble, token_of
from smolny.service.app import Smolny
from smolny.service.ballots import Ballots
from smolny.web import security
from smolny.web.app import create_app

TEMPLATES = Path(security.__file__).parent / "screens" / "templates"
EXPECTED = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}


@pytest.fixture
def hall(sqlite_service: Smolny) -> Iterator[tuple[TestClient, Assembly]]:
    assembly = assemble(sqlite_service)
    with TestClient(create_app(sqlite_service)) as client:
        yield client, assembly


def secured(answer: Any, policy: str = security.POLICY) -> None:
    for name, value in EXPECTED.items():
        assert answer.headers.get(name) == value, (name, answer.headers)
    assert answer.headers["content-security-policy"] == policy
    assert "camera=()" in answer.headers["permissions-policy"]
    assert "strict-transport-security" not in answer.headers  # plain http
    assert len(answer.headers.get_list("content-security-policy")) == 1


def test_the_policy_allows_only_the_site_itself() -> None:
    directives = dict(d.strip().split(" ", 1) for d in security.POLICY.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'" and directives["form-action"] == "'self'"
    assert "unsafe" not in security.POLICY


def test_api_pages_static_and_errors_carry_the_headers(
    hall: tuple[TestClient, Assembly], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, assembly = hall
    for path in ("/", "/login", "/projector", "/static/smolny.css", f"{API}/bodies", "/record"):
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.text)
        secured(answer)
    secured(client.get(f"{API}/nothing-here"))  # 404 problem
    secured(client.post(f"{API}/bodies", json={}))  # 401: nobody logged in
    secured(client.get("/chair", follow_redirects=False))  # 303 to the login page
    token = token_of(client, access_code=assembly.codes[assembly.delegates[0]])
    secured(
        client.post(f"{API}/bodies", json={"x": 1}, headers={"Authorization": f"Bearer {token}"})
    )

    def broken(self: Ballots, poll: str) -> dict[str, object]:
        raise RuntimeError("a fault")

    monkeypatch.setattr(Ballots, "progress", broken)
    with TestClient(client.app, raise_server_exceptions=False) as plain:
        failed = plain.get(f"{API}/polls/{assembly.poll}/progress")
    assert failed.status_code == 500
    secured(failed)


def test_the_votes_short_way_carries_them(
    hall: tuple[TestClient, Assembly], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, assembly = hall
    token = token_of(client, access_code=assembly.codes[assembly.delegates[0]])
    client.cookies.clear()
    ordinary: list[str] = []
    original = fastapi.FastAPI.__call__

    async def spy(self: Any, scope: Any, receive: Any, send: Any) -> None:
        ordinary.append(scope.get("path", ""))
        await original(self, scope, receive, send)

    monkeypatch.setattr(fastapi.FastAPI, "__call__", spy)
    votes = f"{API}/polls/{assembly.poll}/votes"
    cast = client.post(votes, json={"choice": "yes"}, headers={"Authorization": f"Bearer {token}"})
    assert cast.status_code == 201, cast.text
    assert votes not in ordinary  # it was the short way
    secured(cast)
    again = client.post(votes, json={"choice": "no"}, headers={"Authorization": f"Bearer {token}"})
    assert again.status_code == 409 and votes not in ordinary  # a refusal the short way
    secured(again)


def test_the_api_documentation_has_the_same_policy_and_https_gets_hsts(
    sqlite_service: Smolny,
) -> None:
    # Swagger UI is served from the package (web/screens/api_docs.py): no CDN, no policy of its own
    with TestClient(create_app(sqlite_service)) as client:
        docs = client.get("/docs")
        secured(docs)
        assert "cdn" not in docs.text and "<script>" not in docs.text
        for vendored in ("swagger-ui/swagger-ui-bundle.js", "swagger-ui/swagger-ui.css"):
            secured(client.get(f"/static/vendor/{vendored}"))
        assert client.get("/redoc").status_code == 404  # ReDoc came from a CDN: gone
        secured(client.get("/openapi.json"))
    with TestClient(create_app(sqlite_service), base_url="https://smolny.example") as client:
        answer = client.get("/login")
        assert answer.headers["strict-transport-security"].startswith("max-age=31536000")


def test_a_header_the_application_set_is_kept_not_doubled() -> None:
    sent: list[Any] = []

    async def send(message: Any) -> None:
        sent.append(message)

    import asyncio

    wrapped = security.secured({"type": "http", "path": "/x", "scheme": "http"}, send)
    start = {
        "type": "http.response.start",
        "status": 200,
        "headers": [(b"content-security-policy", b"default-src 'none'")],
    }
    asyncio.run(wrapped(start))
    names = [name for name, _ in sent[0]["headers"]]
    assert names.count(b"content-security-policy") == 1
    assert dict(sent[0]["headers"])[b"content-security-policy"] == b"default-src 'none'"
    assert b"x-frame-options" in names


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_no_template_has_inline_script_style_or_event_handler(template: str) -> None:
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text, re.I), "an inline <script>"
    assert not re.search(r"<style\b", text, re.I), "an inline <style>"
    assert not re.search(r"\sstyle\s*=", text, re.I), "a style attribute"
    assert not re.search(r"\son[a-z]+\s*=", text, re.I), "an on* event attribute"
    assert "hx-on" not in text and "javascript:" not in text.lower()


def test_a_served_process_secures_every_answer_the_flood_limits_too(
    tmp_path: Path, serve: Any
) -> None:
    import httpx

    url = f"sqlite:///{tmp_path / 'served.sqlite3'}"
    Smolny.open(url).close()
    server = serve(url, "--rate-address", "0.5/3")
    answers = [httpx.get(f"{server.url}/api/v1/bodies", timeout=5) for _ in range(6)]
    limited = [a for a in answers if a.status_code == 429]
    assert limited and any(a.status_code == 200 for a in answers)
    for answer in answers:
        secured(answer)
        assert answer.headers.get_list("x-frame-options") == ["DENY"]  # once, not twice


def test_the_worker_is_named_only_when_debugging(tmp_path: Path, serve: Any) -> None:
    # Which process answered is for whoever debugs the workers, not for every caller.
    import httpx

    url = f"sqlite:///{tmp_path / 'served.sqlite3'}"
    Smolny.open(url).close()
    plain = serve(url)
    answer = httpx.get(f"{plain.url}/api/v1/bodies", timeout=5)
    assert answer.status_code == 200
    assert "x-smolny-worker" not in answer.headers
    plain.stop()
    debugging = serve(url, "--debug")
    answer = httpx.get(f"{debugging.url}/api/v1/bodies", timeout=5)
    assert answer.headers["x-smolny-worker"].isdecimal()
