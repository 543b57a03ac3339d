"""A cap on every request's body, answered 413 before the body is read (JSON, forms, files).

A hostile client sends 50 MB to a route that takes a few kilobytes: the answer is a 413
problem document, sent without reading the body (Content-Length), or as soon as the body
read passes the cap (chunked), never after reading and parsing it whole."""

from __future__ import annotations

import asyncio
import json
import select
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sample_congress import CHAIR_PASSWORD, make_congress
from smolny.service.app import Smolny
from smolny.web.app import create_app
from smolny.web.bodies import BODY_MAX_BYTES, LARGE_BODY_MAX_BYTES

FIFTY_MB = 50 * 1000 * 1000
CHUNK = 64 * 1024


class Pulled:
    """A body of `size` bytes of a JSON string, handed out chunk by chunk; counts what was
    taken from it."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.taken = 0

    def __iter__(self) -> Iterator[bytes]:
        yield b'{"blt": "'
        while self.taken < self.size:
            self.taken += CHUNK
            yield b"1" * CHUNK
        yield b'"}'


@pytest.fixture
def hall(sqlite_service: Smolny) -> Iterator[tuple[TestClient, str, str]]:
    made = make_congress(sqlite_service)
    with TestClient(create_app(sqlite_service)) as client:
        token = client.post(
            "/api/v1/login", json={"username": "chair", "password": CHAIR_PASSWORD}
        ).json()["token"]
        yield client, str(made["session"]), token


def refused(answer: Any) -> None:
    assert answer.status_code == 413, answer.text[:300]
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["rule"] == "too-large"


def test_fifty_megabytes_with_a_content_length_are_refused_unread(
    hall: tuple[TestClient, str, str],
) -> None:
    client, session, token = hall
    chair = {"Authorization": f"Bearer {token}"}
    for path, who in (
        ("/api/v1/count", {}),  # no login needed, and none given
        (f"/api/v1/sessions/{session}/motions", chair),
        (f"/api/v1/sessions/{session}/motions", {}),  # not logged in: refused all the same
    ):
        body = Pulled(FIFTY_MB)
        headers = {**who, "Content-Type": "application/json", "Content-Length": str(FIFTY_MB)}
        answer = client.post(path, content=iter(body), headers=headers)
        refused(answer)
        assert body.taken == 0, (path, body.taken)  # not a byte of it read


def test_fifty_megabytes_chunked_are_read_only_up_to_the_cap(
    hall: tuple[TestClient, str, str],
) -> None:
    # driven by hand, as the test client reads a request's body whole before sending it
    client, session, token = hall
    app = client.app
    for path, cap, who in (
        ("/api/v1/count", LARGE_BODY_MAX_BYTES, []),
        (f"/api/v1/sessions/{session}/motions", BODY_MAX_BYTES, []),
        (
            f"/api/v1/sessions/{session}/motions",
            BODY_MAX_BYTES,
            [(b"authorization", f"Bearer {token}".encode())],
        ),
    ):
        body = iter(Pulled(FIFTY_MB))
        sent: list[dict[str, Any]] = []

        def receiver(body: Iterator[bytes]) -> Any:
            async def receive() -> dict[str, Any]:
                chunk = next(body, None)
                if chunk is None:
                    return {"type": "http.request", "body": b"", "more_body": False}
                return {"type": "http.request", "body": chunk, "more_body": True}

            return receive

        def sender(sent: list[dict[str, Any]]) -> Any:
            async def send(message: dict[str, Any]) -> None:
                sent.append(message)

            return send

        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "root_path": "",
            "query_string": b"",
            "headers": [(b"content-type", b"application/json"), *who],
            "client": ("127.0.0.1", 1234),
            "server": ("testserver", 80),
        }
        asyncio.run(app(scope, receiver(body), sender(sent)))
        assert sent[0]["status"] == 413, (path, sent[:2])
        answer = json.loads(b"".join(m.get("body", b"") for m in sent[1:]))
        assert answer["rule"] == "too-large"
        left = sum(len(chunk) for chunk in body)  # what was never asked for
        assert FIFTY_MB - left <= cap + 2 * CHUNK, (path, FIFTY_MB - left)


def test_a_body_within_its_cap_is_read_as_before(hall: tuple[TestClient, str, str]) -> None:
    client, session, token = hall
    chair = {"Authorization": f"Bearer {token}"}
    # a BLT of 2 MB is more than an ordinary body may be, and within what a count takes
    blt = "2 1\n" + "1 1 0\n" * 350_000 + '0\n"A"\n"B"\n"two"\n'
    answer = client.post("/api/v1/count", json={"blt": blt})
    assert answer.status_code == 200, answer.text[:300]
    # a motion just under the ordinary cap is not refused for its size
    text = "x" * 90_000
    answer = client.post(
        f"/api/v1/sessions/{session}/motions",
        json={"title": "Long", "text": text, "mover": "d1"},
        headers=chair,
    )
    assert answer.status_code != 413, answer.text[:300]


def _served(tmp_path: Path, serve: Any) -> tuple[Any, str]:
    url = f"sqlite:///{tmp_path / 'served.sqlite3'}"
    app = Smolny.open(url)
    made = make_congress(app)
    app.close()
    return serve(url), str(made["session"])


def _answer(sock: socket.socket) -> bytes:
    # the whole answer: the server closes the connection after it
    sock.settimeout(10)
    answer = b""
    while True:
        try:
            got = sock.recv(65536)
        except ConnectionError:
            break
        if not got:
            break
        answer += got
    return answer


def test_a_served_process_answers_413_before_the_body_is_sent(tmp_path: Path, serve: Any) -> None:
    server, session = _served(tmp_path, serve)
    for path in ("/api/v1/count", f"/api/v1/sessions/{session}/motions"):
        with socket.create_connection(("127.0.0.1", server.port)) as sock:
            sock.sendall(
                (
                    f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    f"Content-Type: application/json\r\nContent-Length: {FIFTY_MB}\r\n\r\n"
                ).encode()
            )
            answer = _answer(sock)  # nothing of the body sent
        assert answer.startswith(b"HTTP/1.1 413 "), answer[:200]
        assert b"too-large" in answer


def test_a_served_process_stops_a_chunked_body_at_the_cap(tmp_path: Path, serve: Any) -> None:
    server, session = _served(tmp_path, serve)
    for path, cap in (
        ("/api/v1/count", LARGE_BODY_MAX_BYTES),
        (f"/api/v1/sessions/{session}/motions", BODY_MAX_BYTES),
    ):
        with socket.create_connection(("127.0.0.1", server.port)) as sock:
            sock.sendall(
                (
                    f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                ).encode()
            )
            sent = 0
            sock.settimeout(5)
            while sent < FIFTY_MB:
                if select.select([sock], [], [], 0)[0]:
                    break  # the server has answered
                try:
                    sock.sendall(b"%x\r\n%s\r\n" % (CHUNK, b"1" * CHUNK))
                except (TimeoutError, ConnectionError):
                    break  # it no longer reads
                sent += CHUNK
            answer = _answer(sock)
        assert answer.startswith(b"HTTP/1.1 413 "), (path, sent, answer[:200])
        # the server stopped reading at the cap (the socket's buffers hold a few MB more)
        assert sent < cap + 8 * 1024 * 1024, (path, sent)
        assert b"too-large" in answer
