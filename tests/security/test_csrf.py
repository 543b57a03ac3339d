"""No other site can make a logged-in browser act here.

Every act from a page is an htmx POST: without `HX-Request: true` (which a form on
another site cannot send) it is refused, 403, whatever the cookie. A write to the JSON
API that only the login cookie authenticates must be sent as JSON (which a form on
another site cannot send without a CORS preflight): refused, 415. Each walk covers every
such route the application has, so a new route is covered the day it is added, and
each refusal leaves the record and the boxes as they were.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from security.assembly import (
    API,
    Assembly,
    admin_credentials,
    assemble,
    log_in,
    problem,
    written,
)
from smolny.service.app import Smolny
from smolny.web import callers
from smolny.web.app import create_app

WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def needs_login(route: Any) -> bool:
    """Whether the route asks who is calling (the `Who` dependency)."""
    stack = list(getattr(getattr(route, "dependant", None), "dependencies", []))
    while stack:
        dependency = stack.pop()
        if dependency.call is callers.principal:
            return True
        stack.extend(dependency.dependencies)
    return False


def routes(app: Any, *, logged_in: bool = False) -> Iterator[tuple[str, str]]:
    """(method, path) of every write route of the application (with `logged_in`: of
    those that ask who is calling)."""
    stack = list(app.routes)
    while stack:
        route = stack.pop(0)
        inner = getattr(route, "original_router", None)
        if inner is not None:  # an included router
            stack.extend(inner.routes)
            continue
        if logged_in and not needs_login(route):
            continue
        for method in sorted((getattr(route, "methods", None) or set()) & WRITES):
            yield method, route.path


def filled(path: str, assembly: Assembly) -> str:
    """The path with its parameters filled in with things that exist."""
    values = {
        "slug": "congress",
        "delegate": assembly.delegates[2],
        "delegator": assembly.delegates[2],
        "number": "1",
        "part": "console",
    }

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "ident":
            head = path.split("/{ident}")[0].rsplit("/", 1)[-1]
            return {
                "sessions": assembly.session,
                "polls": assembly.poll,
                "motions": assembly.motion,
            }.get(head, "x1")
        return values.get(name, "x1")

    return re.sub(r"\{(\w+)(?::\w+)?\}", value, path)


@pytest.fixture
def hall(sqlite_service: Smolny) -> Iterator[tuple[TestClient, Assembly]]:
    assembly = assemble(sqlite_service)
    with TestClient(create_app(sqlite_service)) as client:
        yield client, assembly


def cookie_for(client: TestClient, path: str, assembly: Assembly) -> None:
    client.cookies.clear()
    if path.startswith("/phone"):
        answer = log_in(client, access_code=assembly.codes[assembly.delegates[0]])
    else:
        answer = log_in(client, **admin_credentials())
    assert answer.status_code == 200, answer.text


def test_every_page_act_without_htmx_is_refused_and_does_nothing(
    hall: tuple[TestClient, Assembly],
) -> None:
    client, assembly = hall
    pages = [(m, p) for m, p in routes(client.app) if not p.startswith(("/api/", "/static"))]
    assert len(pages) >= 10 and {
        "/chair/sessions/{ident}/act",
        "/phone/vote",
        "/secretary/bodies",
    } <= {p for _, p in pages}
    form = {"act": "close-poll", "poll": assembly.poll, "choice": "yes", "name": "x", "slug": "x"}
    for method, path in pages:
        cookie_for(client, path, assembly)
        before = written(assembly.app)
        answer = client.request(method, filled(path, assembly), data=form)
        # a problem document, or the refusal fragment the page shows in place
        assert answer.status_code == 403 and "page-act" in answer.text, (path, answer.text)
        assert written(assembly.app) == before, path
        # a cross-site request may claim to be htmx some other way: only "true" counts
        answer = client.request(
            method, filled(path, assembly), data=form, headers={"HX-Request": "1"}
        )
        assert answer.status_code == 403, (path, answer.text)
        assert written(assembly.app) == before, path


def test_every_api_write_with_the_cookie_alone_must_be_json(
    hall: tuple[TestClient, Assembly],
) -> None:
    client, assembly = hall
    writes = [(m, p) for m, p in routes(client.app, logged_in=True) if p.startswith(API)]
    public = {p for m, p in routes(client.app) if p.startswith(API)} - {p for _, p in writes}
    # writes nobody logs in for: they compute (a count, an apportionment) or log in
    assert public == {f"{API}/login", f"{API}/count", f"{API}/apportion"}
    assert (("POST", f"{API}/polls/{{ident}}/votes")) in writes and len(writes) > 30
    cross_site = [
        ("text/plain", b'{"choice": "yes"}'),
        ("application/x-www-form-urlencoded", b"choice=yes"),
        (
            "multipart/form-data; boundary=x",
            b'--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n',
        ),
        (None, b""),
    ]
    for method, path in writes:
        cookie_for(client, "/phone" if path.endswith("/votes") else path, assembly)
        for content_type, body in cross_site:
            headers = {"Content-Type": content_type} if content_type else {}
            before = written(assembly.app)
            answer = client.request(method, filled(path, assembly), content=body, headers=headers)
            problem(answer, 415, "json-required")
            assert written(assembly.app) == before, (method, path, content_type)


def test_the_cookie_with_json_and_a_bearer_token_with_anything_still_work(
    hall: tuple[TestClient, Assembly],
) -> None:
    client, assembly = hall
    voter = assembly.delegates[0]
    token = log_in(client, access_code=assembly.codes[voter]).json()["token"]
    votes = f"{API}/polls/{assembly.poll}/votes"
    assert client.post(votes, json={"choice": "yes"}).status_code == 201  # the cookie, JSON
    client.cookies.clear()
    other = assembly.delegates[1]
    token = log_in(client, access_code=assembly.codes[other]).json()["token"]
    client.cookies.clear()
    # a bearer token cannot be sent by another site's form: the content type is free
    answer = client.post(f"{API}/logout", content=b"", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 204


def test_every_page_act_from_another_site_is_refused_by_what_the_browser_says(
    hall: tuple[TestClient, Assembly],
) -> None:
    # A second layer behind HX-Request: the browser's own word on where the act came from.
    client, assembly = hall
    pages = [(m, p) for m, p in routes(client.app) if not p.startswith(("/api/", "/static"))]
    form = {"act": "close-poll", "poll": assembly.poll, "choice": "yes", "name": "x", "slug": "x"}
    elsewhere = [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},  # a sibling subdomain is another site's
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://testserver.evil.example"},
        {"Sec-Fetch-Site": "cross-site", "Origin": "http://testserver"},
    ]
    for method, path in pages:
        cookie_for(client, path, assembly)
        for said in elsewhere:
            before = written(assembly.app)
            answer = client.request(
                method, filled(path, assembly), data=form, headers={"HX-Request": "true", **said}
            )
            assert answer.status_code == 403 and "cross-site" in answer.text, (path, said)
            assert written(assembly.app) == before, (path, said)
    # from the site itself, as a browser says it, an act is heard (whatever it then answers)
    cookie_for(client, "/secretary/bodies", assembly)
    for said in ({"Sec-Fetch-Site": "same-origin"}, {"Origin": "http://testserver"}, {}):
        answer = client.post(
            "/secretary/bodies",
            data={"slug": "newbody", "name": f"New body {len(said)}"},
            headers={"HX-Request": "true", **said},
        )
        assert "cross-site" not in answer.text, (said, answer.text)
