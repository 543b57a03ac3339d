"""After a login the browser goes only to a path of this site, decided by the server."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from security.assembly import API, Assembly, assemble, chair_credentials
from smolny.service.app import Smolny
from smolny.web.app import create_app
from smolny.web.redirects import same_site_path

ELSEWHERE = [
    "/\\other.host/x",
    "/\t/other.host/x",
    "/\n/other.host/x",
    "//other.host/x",
    "///other.host/x",
    "https://other.host/x",
    "http:other.host",
    "javascript:alert(1)",
    "other.host/x",
    " /chair",
    "/%5Cother.host/x",
    "/%5cother.host/x",
    "/%09/other.host/x",
    "/%2F/other.host/x",
    "/%2f%2fother.host",
    "/%255Cother.host/x",  # encoded twice
    "/%25255Cother.host/x",  # three times
    "%2F%2Fother.host",
    "/\x00/other.host",
    "",
]
HERE = ["/chair", "/chair/sessions/s1", "/phone?lang=ru", "/api/v1/me", "/secretary#delegates"]


@pytest.mark.parametrize("target", ELSEWHERE)
def test_a_target_that_could_lead_elsewhere_is_not_kept(target: str) -> None:
    assert same_site_path(target) is None


@pytest.mark.parametrize("target", HERE)
def test_a_path_of_this_site_is_kept_as_it_is(target: str) -> None:
    assert same_site_path(target) == target


@pytest.fixture
def hall(sqlite_service: Smolny) -> Iterator[tuple[TestClient, Assembly]]:
    assembly = assemble(sqlite_service)
    with TestClient(create_app(sqlite_service)) as client:
        yield client, assembly


def test_the_login_answer_carries_the_safe_target(hall: tuple[TestClient, Assembly]) -> None:
    client, _ = hall
    for target in [*ELSEWHERE, None]:
        body = {**chair_credentials(), **({"next": target} if target is not None else {})}
        answer = client.post(f"{API}/login", json=body)
        assert answer.status_code == 200, answer.text
        assert answer.json()["next"] == "/chair", target  # the chair's own screen
    for target in HERE:
        answer = client.post(f"{API}/login", json={**chair_credentials(), "next": target})
        assert answer.json()["next"] == target


def test_the_login_page_keeps_only_a_safe_target(hall: tuple[TestClient, Assembly]) -> None:
    client, _ = hall
    for target in ELSEWHERE:  # as the server reads them from the address
        page = client.get("/login", params={"next": target}).text
        kept = re.search(r'data-next="([^"]*)"', page)
        assert kept is not None and kept.group(1) == "", target
    # as a slip's QR code or a link would carry them
    for query in ("next=/%5Cother.host/x", "next=/%09/other.host/x", "next=/%255Cother.host"):
        page = client.get(f"/login?{query}").text
        assert 'data-next=""' in page, query
    page = client.get("/login?next=/chair/sessions/s1").text
    assert 'data-next="/chair/sessions/s1"' in page
