"""The tree of bodies, factions, the chair's rota and access-code slips over HTTP."""

from __future__ import annotations

import json
import math
from typing import Any

from fastapi.testclient import TestClient

from slips_reading import read_slips
from smolny.adapters import journal
from smolny.adapters.database import read_transaction
from smolny.service.app import Smolny

API = "/api/v1"
ADMIN_PASSWORD = "admin-password-for-tests"
NAMES = ["Фёдор Дан", "Юлий Мартов", "Rosa Luxemburg", "Ираклий Церетели", "Clara Zetkin"]


def login(api: TestClient, **credentials: str) -> dict[str, str]:
    response = api.post(f"{API}/login", json=credentials)
    assert response.status_code == 200, response.text
    api.cookies.clear()
    return {"Authorization": f"Bearer {response.json()['token']}"}


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def refused(
    api: TestClient, app: Smolny, status: int, rule: str, path: str, headers: dict, body: Any
) -> dict[str, Any]:
    """POST `body` to `path`: a problem document naming `rule`, and nothing recorded."""
    before = app.state.seq
    response = api.post(path, json=body, headers=headers)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["rule"] == rule and problem["detail"], problem
    assert app.state.seq == before
    return problem


def setup(api: TestClient, app: Smolny) -> dict[str, Any]:
    app.accounts.create_account("admin", "admin", password=ADMIN_PASSWORD)
    admin = login(api, username="admin", password=ADMIN_PASSWORD)
    ok(api.post(f"{API}/bodies", json={"slug": "congress", "name": "Съезд"}, headers=admin), 201)
    for slug, name in (("mensheviks", "Меньшевики"), ("internationalists", "Internationalists")):
        ok(
            api.post(
                f"{API}/bodies/congress/factions", json={"slug": slug, "name": name}, headers=admin
            ),
            201,
        )
    delegates = ok(
        api.post(
            f"{API}/bodies/congress/delegates",
            json={
                "delegates": [
                    {"name": n, "faction": ("mensheviks", "internationalists")[i % 2]}
                    for i, n in enumerate(NAMES)
                ]
            },
            headers=admin,
        ),
        201,
    )["delegates"]
    return {"admin": admin, "delegates": delegates}


def journal_kinds(app: Smolny) -> list[tuple[str, dict[str, Any]]]:
    with read_transaction(app.engine) as conn:
        rows = [json.loads(line) for _, line in journal.lines(conn)]
    return [(row["kind"], row["data"]) for row in rows]


def test_councils_convened_into_a_congress_and_the_tree(api: TestClient, service: Smolny) -> None:
    admin = setup(api, service)["admin"]
    for slug, members in (("petrograd", 2800), ("moscow", 1200)):
        body = {"slug": slug, "name": slug.title(), "kind": "council", "members": members}
        ok(api.post(f"{API}/bodies", json=body, headers=admin), 201)
    section = {"slug": "workers", "name": "Workers", "kind": "section", "parent": "petrograd"}
    ok(api.post(f"{API}/bodies", json=section, headers=admin), 201)
    ok(api.post(f"{API}/bodies/moscow/membership", json={"members": 1000}, headers=admin))
    convened = ok(
        api.post(
            f"{API}/bodies/congress/convene",
            json={"councils": ["petrograd", "moscow"], "rule": "per-members", "number": 100},
            headers=admin,
        ),
        201,
    )
    assert convened["allocation"] == {"petrograd": 28, "moscow": 10}
    tree = ok(api.get(f"{API}/bodies", params={"tree": 1}))
    rows = {row["slug"]: row for row in tree}
    assert rows["congress"]["allocation"] == {"petrograd": 28, "moscow": 10}
    assert (rows["moscow"]["members"], rows["moscow"]["kind"]) == (1000, "council")
    assert (rows["workers"]["parent"], rows["workers"]["depth"]) == ("petrograd", 1)
    assert rows["congress"]["delegates"] == len(NAMES)
    slugs = [row["slug"] for row in tree]
    assert slugs.index("petrograd") + 1 == slugs.index("workers")
    # without tree=1 the list is as it was, with the new facts added
    flat = ok(api.get(f"{API}/bodies"))
    assert {b["slug"] for b in flat} == set(rows) and "depth" not in flat[0]
    assert ok(api.get(f"{API}/bodies/congress"))["allocation"] == {"petrograd": 28, "moscow": 10}
    path = f"{API}/bodies/congress/convene"
    again = {"councils": ["moscow"], "rule": "fixed", "number": 1}
    refused(api, service, 409, "already-convened", path, admin, again)
    refused(api, service, 422, "invalid-input", path, admin, {"councils": [], "rule": "fixed"})
    refused(api, service, 404, "unknown-body", f"{API}/bodies/nowhere/convene", admin, again)
    bad_section = {"slug": "s", "name": "S", "kind": "section", "parent": "congress-x"}
    refused(api, service, 404, "unknown-body", f"{API}/bodies", admin, bad_section)
    refused(
        api,
        service,
        422,
        "membership-kind",
        f"{API}/bodies/congress/membership",
        admin,
        {"members": 5},
    )


def test_factions_members_declarations_and_the_chair(api: TestClient, service: Smolny) -> None:
    cg = setup(api, service)
    admin, ids = cg["admin"], cg["delegates"]
    session = ok(
        api.post(f"{API}/bodies/congress/sessions", json={"title": "Sitting"}, headers=admin), 201
    )["session"]
    path = f"{API}/bodies/congress/delegates/{ids[0]}/faction"
    ok(api.post(path, json={"faction": "internationalists"}, headers=admin))
    body = ok(api.get(f"{API}/bodies/congress"))
    mine = next(d for d in body["delegates_list"] if d["id"] == ids[0])
    assert mine["faction"] == "internationalists"
    ok(api.post(path, json={"faction": None}, headers=admin))
    refused(api, service, 409, "no-faction", path, admin, {"faction": None})
    refused(api, service, 404, "unknown-faction", path, admin, {"faction": "bund"})
    declaration = {"faction": "mensheviks", "text": "Мы уходим!", "by": ids[2]}
    declared = f"{API}/sessions/{session}/declarations"
    ok(api.post(declared, json=declaration, headers=admin), 201)
    assert journal_kinds(service)[-1] == (
        "faction.declared",
        {
            "session": session,
            "body": "congress",
            "faction": "mensheviks",
            "delegate": ids[2],
            "text": "Мы уходим!",
        },
    )
    refused(api, service, 409, "not-of-faction", declared, admin, {**declaration, "by": ids[1]})
    chair = ok(
        api.post(
            f"{API}/bodies/congress/chair",
            json={"chairs": [ids[3], ids[1]], "rota": "per-session"},
            headers=admin,
        )
    )["chair"]
    assert chair == {"chairs": [ids[3], ids[1]], "rota": "per-session", "current": ids[3]}
    assert ok(api.get(f"{API}/sessions/{session}"))["chair"] == ids[3]
    assert ok(api.get(f"{API}/bodies/congress"))["chair"]["current"] == ids[3]
    ok(api.post(f"{API}/sessions/{session}/close", headers=admin))
    assert ok(api.get(f"{API}/bodies/congress"))["chair"]["current"] == ids[1]  # the next sitting
    chair_path = f"{API}/bodies/congress/chair"
    refused(api, service, 404, "unknown-delegate", chair_path, admin, {"chairs": ["d99"]})
    refused(
        api, service, 422, "invalid-input", chair_path, admin, {"chairs": [ids[0]], "rota": "x"}
    )
    codes = ok(api.post(f"{API}/bodies/congress/access-codes", json={}, headers=admin))["codes"]
    delegate = login(api, access_code=codes[ids[0]])
    refused(api, service, 403, "forbidden", chair_path, delegate, {"chairs": [ids[0]]})


def test_access_slips_as_a_pdf(api: TestClient, service: Smolny) -> None:
    cg = setup(api, service)
    admin, ids = cg["admin"], cg["delegates"]
    response = api.post(
        f"{API}/bodies/congress/access-slips",
        json={"base_url": "https://vote.example.org/"},
        headers=admin,
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"] == "no-store"
    slips = read_slips(response.content)
    assert slips.pages == math.ceil(len(NAMES) / 8)
    assert len(slips.urls) == len(NAMES) == len(set(slips.codes()))
    for name in NAMES:
        assert name in slips.text
    assert "Меньшевики" in slips.text  # the faction's name
    for url, code in zip(slips.urls, slips.codes(), strict=True):
        assert url == f"https://vote.example.org/login?code={code}"
        assert code in slips.text  # printed in large type too
    # each code logs its delegate in: one slip per delegate
    logged_in = set()
    for code in slips.codes():
        who = ok(api.post(f"{API}/login", json={"access_code": code}))
        logged_in.add(who["principal"])
    api.cookies.clear()
    assert logged_in == set(ids)
    kind, data = journal_kinds(service)[-1]
    assert (kind, data) == ("access-codes.issued", {"body": "congress", "delegates": ids})
    assert not any(code in json.dumps(data) for code in slips.codes())
    # slips for two delegates, the base address taken from the request
    two = api.post(
        f"{API}/bodies/congress/access-slips", json={"delegates": ids[:2]}, headers=admin
    )
    again = read_slips(two.content)
    assert len(again.urls) == 2 and all(
        u.startswith("http://testserver/login?code=") for u in again.urls
    )
    assert NAMES[0] in again.text and NAMES[2] not in again.text
    # their old codes stopped working; the others' still work
    old = dict(zip(ids, slips.codes(), strict=False))
    assert api.post(f"{API}/login", json={"access_code": old[ids[0]]}).status_code == 401
    assert api.post(f"{API}/login", json={"access_code": old[ids[3]]}).status_code == 200
    api.cookies.clear()


def test_bad_slips_requests_issue_nothing(api: TestClient, service: Smolny) -> None:
    cg = setup(api, service)
    admin, ids = cg["admin"], cg["delegates"]
    codes = ok(api.post(f"{API}/bodies/congress/access-codes", json={}, headers=admin))["codes"]
    ok(api.post(f"{API}/bodies", json={"slug": "empty", "name": "Empty"}, headers=admin), 201)
    path = f"{API}/bodies/congress/access-slips"
    refused(api, service, 404, "unknown-body", f"{API}/bodies/nowhere/access-slips", admin, {})
    refused(api, service, 404, "unknown-delegate", path, admin, {"delegates": [ids[0], "d99"]})
    refused(api, service, 422, "required", path, admin, {"delegates": []})
    refused(api, service, 422, "required", f"{API}/bodies/empty/access-slips", admin, {})
    refused(api, service, 422, "base-url", path, admin, {"base_url": "javascript:alert(1)"})
    refused(api, service, 422, "duplicate", path, admin, {"delegates": [ids[0], ids[0]]})
    delegate = login(api, access_code=codes[ids[1]])
    refused(api, service, 403, "forbidden", path, delegate, {})
    # nothing was issued: every old code still logs in
    for ident in ids:
        assert api.post(f"{API}/login", json={"access_code": codes[ident]}).status_code == 200
    api.cookies.clear()


def test_the_address_on_a_slip_opens_a_login_page_with_the_code(
    api: TestClient, service: Smolny
) -> None:
    cg = setup(api, service)
    pdf = api.post(
        f"{API}/bodies/congress/access-slips",
        json={"delegates": cg["delegates"][:1]},
        headers=cg["admin"],
    ).content
    [url] = read_slips(pdf).urls
    code = read_slips(pdf).codes()[0]
    page = api.get(url.removeprefix("http://testserver"))
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert f'value="{code}"' in page.text and "/static/login.js" in page.text
    hostile = api.get("/login", params={"code": '"><script>alert(1)</script>'})
    assert "<script>alert(1)" not in hostile.text and "&#34;&gt;&lt;script&gt;" in hostile.text
