"""Hostile input: oversized bodies, deep JSON, odd Unicode, markup in names and texts, and
refusals that do not tell whether a thing the caller may not see exists.

Every refusal is a problem document (the API) with a 4xx status, never a 5xx; what is
stored is shown escaped on every screen."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sample_congress import CHAIR_PASSWORD, make_congress
from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny
from smolny.web.app import create_app

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
ODD_NAMES = [
    "\u202eevil\u202c",  # right-to-left override
    "zero\u200dwidth\u200bjoiner",  # zero-width joiner and space
    "e\u0301\u0302\u0303 combining",  # combining marks
    "👩\u200d👩\u200d👧\u200d👦" * 20,  # long grapheme clusters
    "x" + "\u0301" * 150,  # one grapheme of 151 code points
]


@pytest.fixture(scope="module")
def hall(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    # one hall for the module: the tests only add to it
    app = Smolny.open(f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'smolny.sqlite3'}")
    made = make_congress(app)
    chair = Principal("a1", "chair", "chair")
    app.accounts.create_account("admin", "admin", password="admin-password-for-tests")
    app.execute(c.CreateBody("other", "Other body"))
    app.execute(c.RegisterDelegates("other", (c.NewDelegate("Stranger"),)))
    entries = app.execute(c.RegisterDelegates("congress", (c.NewDelegate(SCRIPT, "f0"),)))
    villain = entries[0].data["delegates"][0]["delegate"]
    session = str(made["session"])
    app.execute(c.RecordPresence(session, arrived=(villain,)), by=chair)
    app.execute(c.MoveMotion(session, SCRIPT, IMG, villain), by=chair)
    codes = app.accounts.issue_access_codes("congress", [villain])
    codes |= app.accounts.issue_access_codes("other", ["d6"])
    tokens = {
        "admin": app.accounts.login_staff("admin", "admin-password-for-tests")[0],
        "chair": app.accounts.login_staff("chair", CHAIR_PASSWORD)[0],
        "villain": app.accounts.login_delegate(codes[villain])[0],
        "stranger": app.accounts.login_delegate(codes["d6"])[0],
    }
    client = TestClient(create_app(app), raise_server_exceptions=False)
    yield {"client": client, "tokens": tokens, "session": session, "app": app}
    app.close()


def _bearer(hall: dict[str, Any], who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {hall['tokens'][who]}"}


def _cookie(hall: dict[str, Any], who: str) -> dict[str, str]:
    return {"Cookie": f"smolny_login={hall['tokens'][who]}"}


def _problem(response: Any, *statuses: int) -> dict[str, Any]:
    assert response.status_code in statuses, response.text[:300]
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == response.status_code and body["rule"]
    return body


# -- sizes and shapes -----------------------------------------------------------------------


def test_an_oversized_file_is_refused_413_before_it_is_read(hall: dict[str, Any]) -> None:
    client = hall["client"]
    before = hall["app"].state.seq
    response = client.post(
        "/api/v1/bodies/congress/delegates/import",
        content=b"name\n" + b"x" * 10_000_001,
        headers={**_bearer(hall, "admin"), "Content-Type": "text/csv"},
    )
    _problem(response, 413)
    assert hall["app"].state.seq == before


def test_an_oversized_form_is_refused_413(hall: dict[str, Any]) -> None:
    response = hall["client"].post(
        f"/chair/sessions/{hall['session']}/act",
        content=b"act=all-present&text=" + b"x" * 300_000,
        headers={
            **_cookie(hall, "chair"),
            "HX-Request": "true",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    assert response.status_code == 413


@pytest.mark.parametrize("opening", [b"[", b'{"a":'])
def test_deep_json_is_refused_not_a_recursion_error(hall: dict[str, Any], opening: bytes) -> None:
    response = hall["client"].post(
        "/api/v1/bodies",
        content=opening * 100_000,
        headers={**_bearer(hall, "admin"), "Content-Type": "application/json"},
    )
    _problem(response, 400, 422)


def test_a_long_json_string_is_refused_422(hall: dict[str, Any]) -> None:
    # within the body cap (1 MiB; a larger body is refused 413, test_body_cap.py)
    body = b'{"slug":"x","name":"' + b"a" * 500_000 + b'"}'
    response = hall["client"].post(
        "/api/v1/bodies",
        content=body,
        headers={**_bearer(hall, "admin"), "Content-Type": "application/json"},
    )
    _problem(response, 422)


# -- odd Unicode ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ODD_NAMES, ids=["rlo", "zero-width", "combining", "zwj", "long"])
def test_odd_unicode_in_a_name_is_stored_and_shown_escaped_or_refused(
    hall: dict[str, Any], name: str
) -> None:
    client = hall["client"]
    response = client.post(
        "/api/v1/bodies/congress/delegates",
        json={"delegates": [{"name": name}]},
        headers=_bearer(hall, "admin"),
    )
    if response.status_code != 201:
        _problem(response, 422)
        return
    [ident] = response.json()["delegates"]
    assert client.get("/api/v1/bodies/congress").json()["delegates"]
    stored = hall["app"].state.delegates[ident].name
    assert stored == name  # kept as given: the record holds what was sent
    page = client.get("/secretary/bodies/congress", headers=_cookie(hall, "admin"))
    assert page.status_code == 200


@pytest.mark.parametrize(
    "raw",
    [b'"\\ud800"', b'"\\udfff tail"', b'"nul \\u0000 inside"', b'"bell \\u0007"'],
    ids=["lone-high", "lone-low", "nul", "control"],
)
def test_surrogates_and_control_characters_are_refused_422(
    hall: dict[str, Any], raw: bytes
) -> None:
    before = hall["app"].state.seq
    for path, body in (
        ("/api/v1/bodies/congress/delegates", b'{"delegates":[{"name":' + raw + b"}]}"),
        (
            f"/api/v1/sessions/{hall['session']}/motions",
            b'{"title":' + raw + b',"text":' + raw + b',"mover":"d1"}',
        ),
    ):
        response = hall["client"].post(
            path,
            content=body,
            headers={**_bearer(hall, "admin"), "Content-Type": "application/json"},
        )
        _problem(response, 422)
    assert hall["app"].state.seq == before


# -- escaping -----------------------------------------------------------------------------------


def test_markup_in_names_and_texts_is_escaped_on_every_screen(hall: dict[str, Any]) -> None:
    client = hall["client"]
    session = hall["session"]
    screens = [
        ("/", {}),
        ("/public/record", {}),
        ("/public/bodies", {}),
        ("/record", {}),
        ("/projector", {}),
        (f"/projector/sessions/{session}", {}),
        (f"/chair/sessions/{session}", _cookie(hall, "chair")),
        (f"/chair/sessions/{session}/parts/question", _cookie(hall, "chair")),
        (f"/chair/sessions/{session}/parts/presence", _cookie(hall, "chair")),
        ("/chair", _cookie(hall, "chair")),
        ("/phone", _cookie(hall, "villain")),
        ("/secretary", _cookie(hall, "admin")),
        ("/secretary/bodies/congress/roll?q=a", _cookie(hall, "admin")),
        ("/secretary/bodies/congress", _cookie(hall, "admin")),
    ]
    shown = 0
    for path, headers in screens:
        response = client.get(path, headers=headers)
        assert response.status_code == 200, (path, response.status_code)
        html = response.text
        assert SCRIPT not in html, path
        assert "<img src=x" not in html, path
        shown += "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert shown >= 5  # the villain's name is on most screens, escaped


def test_a_refusal_quoting_markup_is_escaped(hall: dict[str, Any]) -> None:
    response = hall["client"].post(
        f"/chair/sessions/{hall['session']}/act",
        data={"act": "leave", "delegate": SCRIPT + "nobody"},
        headers={**_cookie(hall, "chair"), "HX-Request": "true"},
    )
    assert response.status_code == 422
    assert SCRIPT not in response.text and "&lt;script&gt;" in response.text


# -- not telling what exists ---------------------------------------------------------------------


def test_webhooks_are_refused_alike_whether_they_exist_or_not(hall: dict[str, Any]) -> None:
    client = hall["client"]
    made = client.post(
        "/api/v1/webhooks",
        json={"url": "https://example.org/hook", "secret": "s" * 40, "body": "congress"},
        headers=_bearer(hall, "admin"),
    )
    assert made.status_code == 201, made.text
    real = made.json()["id"]
    for who, status in (("chair", 403), ("villain", 403), (None, 401)):
        headers = _bearer(hall, who) if who else {}
        answers = [
            client.delete(f"/api/v1/webhooks/{ident}", headers=headers) for ident in (real, "w999")
        ]
        bodies = [_problem(a, status) for a in answers]
        assert bodies[0]["detail"] == bodies[1]["detail"]
        assert bodies[0]["rule"] == bodies[1]["rule"]


def test_a_login_does_not_say_whether_the_account_exists(hall: dict[str, Any]) -> None:
    client = hall["client"]
    answers = [
        client.post("/api/v1/login", json={"username": name, "password": "wrong-password-1"})
        for name in ("chair", "nobody-by-this-name")
    ]
    bodies = [_problem(a, 401) for a in answers]
    assert bodies[0]["detail"] == bodies[1]["detail"] and bodies[0]["rule"] == bodies[1]["rule"]


@pytest.mark.parametrize(
    "path",
    [
        "/secretary/bodies/{x}",
        "/secretary/bodies/{x}/credentials",
        "/chair/sessions/{x}",
        "/chair/sessions/{x}/parts/agenda",
    ],
)
def test_staff_screens_refuse_a_delegate_alike_whether_the_thing_exists_or_not(
    hall: dict[str, Any], path: str
) -> None:
    client = hall["client"]
    real = "congress" if "bodies" in path else hall["session"]
    answers = [
        client.get(path.format(x=x), headers={**_cookie(hall, "villain"), "HX-Request": "true"})
        for x in (real, "nothing-here")
    ]
    assert [a.status_code for a in answers] == [403, 403]


def test_a_delegate_of_another_body_is_refused_403_in_this_one(hall: dict[str, Any]) -> None:
    client = hall["client"]
    stranger = _bearer(hall, "stranger")
    session = hall["session"]
    before = hall["app"].state.seq
    acts = client.post(
        f"/api/v1/sessions/{session}/acts", json={"act": "request-floor"}, headers=stranger
    )
    _problem(acts, 403)
    proxy = client.post(
        "/api/v1/bodies/congress/proxies",
        json={"delegator": "d6", "holder": "d1"},
        headers=stranger,
    )
    _problem(proxy, 403)
    assert hall["app"].state.seq == before
