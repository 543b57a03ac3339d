"""The pages' one form reader (`screens.form`), through the routes that use it: bodies
capped as they are read (with and without a Content-Length), content types, field and
file limits, malformed multipart and non-UTF-8 forms refused with nothing recorded."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import Request
from fastapi.testclient import TestClient

from sample_congress import CHAIR_PASSWORD, make_congress
from smolny.domain import commands as c
from smolny.domain.errors import Invalid, TooLarge
from smolny.service.app import Smolny
from smolny.web.app import create_app
from smolny.web.screens import common as screens
from smolny.web.screens import console, secretary

PASSWORD = "password-for-the-tests"
HX = {"HX-Request": "true"}
IMPORT = "/secretary/bodies/congress/delegates/import"
FACTIONS = "/secretary/bodies/congress/factions"
ROSTER = b"name,faction\nLenin,bolsheviks\n"


@pytest.fixture
def office(sqlite_service: Smolny) -> Iterator[tuple[TestClient, Smolny]]:
    """The secretary logged in, a congress with a faction."""
    app = sqlite_service
    app.accounts.create_account("secretary", "secretary", password=PASSWORD)
    app.execute(c.CreateBody("congress", "Second Congress"))
    app.execute(c.FormFaction("congress", "bolsheviks", "Bolsheviks"))
    with TestClient(create_app(app), follow_redirects=False) as client:
        login = {"username": "secretary", "password": PASSWORD}
        assert client.post("/api/v1/login", json=login).status_code == 200
        yield client, app


@pytest.fixture
def hall(sqlite_service: Smolny) -> Iterator[tuple[TestClient, Smolny, str]]:
    """The chair logged in at a sitting."""
    congress = make_congress(sqlite_service, size=4)
    with TestClient(create_app(sqlite_service)) as client:
        login = {"username": "chair", "password": CHAIR_PASSWORD}
        assert client.post("/api/v1/login", json=login).status_code == 200
        yield client, sqlite_service, f"/chair/sessions/{congress['session']}/act"


def refused(
    answer: Any, status: int, rule: str, app: Smolny, before: int, by_the_form: bool = False
) -> None:
    """Refused with `rule`, nothing written; shown in the console's refusal slot, or (a
    secretariat form, `by_the_form`) in the form's own answer slot, where the eye is."""
    assert answer.status_code == status, answer.text
    assert f'data-rule="{rule}"' in answer.text
    where = answer.headers.get("HX-Retarget")
    assert where == (None if by_the_form else "global #refusal")
    assert app.state.seq == before


def multipart(*parts: tuple[str, str | None, bytes], boundary: str = "b0undary") -> bytes:
    body = b""
    for name, filename, content in parts:
        disposition = f'form-data; name="{name}"'
        if filename is not None:
            disposition += f'; filename="{filename}"'
        body += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n".encode()
        body += content + b"\r\n"
    return body + f"--{boundary}--\r\n".encode()


def chunks(data: bytes, size: int = 1000) -> Iterator[bytes]:
    """A body sent chunked: no Content-Length."""
    for start in range(0, len(data), size):
        yield data[start : start + size]


MULTIPART = {**HX, "Content-Type": "multipart/form-data; boundary=b0undary"}


# -- sizes -------------------------------------------------------------------------------


def test_an_upload_larger_than_the_cap_is_refused_by_its_content_length(
    office: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, app = office
    monkeypatch.setattr(secretary, "ROSTER_MAX_BYTES", 1000)
    before = app.state.seq
    big = ROSTER + b"".join(b"Delegate %d,bolsheviks\n" % n for n in range(5000))
    answer = client.post(IMPORT, files={"file": ("r.csv", big, "text/csv")}, headers=HX)
    refused(answer, 413, "too-large", app, before, by_the_form=True)


def test_a_chunked_body_larger_than_the_cap_is_refused_as_it_is_read(
    office: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, app = office
    monkeypatch.setattr(secretary, "ROSTER_MAX_BYTES", 1000)
    before = app.state.seq
    big = multipart(("file", "r.csv", ROSTER + b"Delegate,bolsheviks\n" * 5000))
    answer = client.post(IMPORT, content=chunks(big), headers=MULTIPART)
    refused(answer, 413, "too-large", app, before, by_the_form=True)
    # an ordinary form, chunked, larger than the secretary's cap
    form = b"slug=x&name=" + b"x" * secretary.FORM_MAX_BYTES
    kind = {"Content-Type": "application/x-www-form-urlencoded"}
    answer = client.post(FACTIONS, content=chunks(form), headers={**HX, **kind})
    refused(answer, 413, "too-large", app, before, by_the_form=True)


def test_a_form_larger_than_the_console_takes_is_refused(hall: Any) -> None:
    client, app, path = hall
    before = app.state.seq
    answer = client.post(path, data={"act": "move", "text": "x" * 200_001}, headers=HX)
    refused(answer, 413, "too-large", app, before)


def test_the_reader_stops_reading_at_the_cap() -> None:
    """Not a byte more than the cap (and one chunk) is taken from the client."""
    sent: list[bytes] = []

    async def receive() -> dict[str, Any]:
        sent.append(b"x" * 100)
        return {"type": "http.request", "body": sent[-1], "more_body": len(sent) < 1000}

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/",
        "headers": [(b"content-type", b"application/x-www-form-urlencoded")],
    }
    with pytest.raises(TooLarge):
        asyncio.run(screens.form(Request(scope, receive), max_bytes=1000))
    assert len(sent) == 11


# -- what is sent -------------------------------------------------------------------------


def test_a_malformed_multipart_body_is_refused(office: Any) -> None:
    client, app = office
    before = app.state.seq
    garbage = client.post(IMPORT, content=b"not a multipart body at all", headers=MULTIPART)
    refused(garbage, 422, "form", app, before, by_the_form=True)
    no_boundary = {**HX, "Content-Type": "multipart/form-data"}
    answer = client.post(IMPORT, content=multipart(("file", "r.csv", ROSTER)), headers=no_boundary)
    refused(answer, 422, "form", app, before, by_the_form=True)
    nameless = ROSTER.join([b"--b0undary\r\nContent-Disposition: form-data\r\n\r\n", b""])
    answer = client.post(IMPORT, content=nameless + b"\r\n--b0undary--\r\n", headers=MULTIPART)
    refused(answer, 422, "form", app, before, by_the_form=True)


def test_two_files_or_too_many_fields_are_refused(office: Any) -> None:
    client, app = office
    before = app.state.seq
    two = multipart(("file", "a.csv", ROSTER), ("other", "b.csv", ROSTER))
    refused(
        client.post(IMPORT, content=two, headers=MULTIPART),
        422,
        "form",
        app,
        before,
        by_the_form=True,
    )
    many = "&".join(f"f{n}=1" for n in range(secretary.FORM_MAX_FIELDS + 1))
    kind = {"Content-Type": "application/x-www-form-urlencoded"}
    answer = client.post(FACTIONS, content=many, headers={**HX, **kind})
    refused(answer, 422, "form", app, before, by_the_form=True)


def test_too_many_fields_for_the_console_are_refused(hall: Any) -> None:
    chair, app, path = hall
    before = app.state.seq
    kind = {"Content-Type": "application/x-www-form-urlencoded"}
    many = "&".join(["act=next-speaker"] + [f"f{n}=" for n in range(console.MAX_FIELDS)])
    refused(chair.post(path, content=many, headers={**HX, **kind}), 422, "form", app, before)


def test_a_form_of_another_content_type_is_refused(office: Any) -> None:
    client, app = office
    before = app.state.seq
    as_text = {**HX, "Content-Type": "text/csv"}
    refused(
        client.post(IMPORT, content=ROSTER, headers=as_text),
        422,
        "file",
        app,
        before,
        by_the_form=True,
    )
    as_form = client.post(IMPORT, data={"file": "r.csv"}, headers=HX)
    refused(as_form, 422, "file", app, before, by_the_form=True)
    upload = client.post(FACTIONS, files={"file": ("r.csv", ROSTER, "text/csv")}, headers=HX)
    refused(upload, 422, "form", app, before, by_the_form=True)


def test_the_console_takes_a_form_not_json(hall: Any) -> None:
    chair, app, path = hall
    before = app.state.seq
    json = chair.post(path, json={"act": "next-speaker"}, headers=HX)
    refused(json, 422, "form", app, before)


@pytest.mark.parametrize("body", [b"act=move&title=\xff\xfe", b"act=move&title=%FF%FE"])
def test_a_form_that_is_not_utf8_is_refused(hall: Any, body: bytes) -> None:
    client, app, path = hall
    before = app.state.seq
    kind = {"Content-Type": "application/x-www-form-urlencoded"}
    refused(client.post(path, content=body, headers={**HX, **kind}), 422, "encoding", app, before)


def test_an_unreadable_form_is_invalid_not_an_error() -> None:
    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"a=%C3%28", "more_body": False}

    scope = {"type": "http", "method": "POST", "path": "/", "headers": []}
    with pytest.raises(Invalid) as refusal:
        asyncio.run(screens.form(Request(scope, receive), max_bytes=1000))
    assert refusal.value.rule == "encoding" and refusal.value.status == 422


# -- what works ---------------------------------------------------------------------------


def test_a_good_upload_and_a_good_form_work(office: Any) -> None:
    client, app = office
    answer = client.post(IMPORT, files={"file": ("r.csv", ROSTER, "text/csv")}, headers=HX)
    assert answer.status_code == 200 and "1 delegate added." in answer.text
    names = {d.name for d in app.state.bodies["congress"].delegates.values()}
    assert "Lenin" in names
    chunked = multipart(("note", None, "ещё".encode()), ("file", "r.csv", b"name\nTrotsky\n"))
    answer = client.post(IMPORT, content=chunks(chunked, 7), headers=MULTIPART)
    assert answer.status_code == 200 and "1 delegate added." in answer.text
    made = client.post(
        "/secretary/bodies/congress/factions",
        data={"slug": "mensheviks", "name": "Меньшевики"},
        headers=HX,
    )
    assert made.status_code == 200, made.text
    assert app.state.bodies["congress"].factions["mensheviks"].name == "Меньшевики"
