"""Webhooks to member councils: a real HTTP receiver that fails (500s, then timeouts) and
then recovers receives every publication exactly once, in order, signed; a restart in
between loses nothing; one deliverer at a time; bad subscriptions refused, nothing stored."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sample_congress import make_congress, vote_on
from smolny.adapters import journal
from smolny.adapters.database import read_transaction
from smolny.domain.errors import Invalid
from smolny.record.publication import INTERESTS, entry_of, publications
from smolny.service import webhooks
from smolny.service.app import Principal, Smolny
from smolny.web.app import create_app

CHAIR = Principal("a1", "chair", "chair")
SECRET = "a-secret-shared-with-the-council"
HANG = 0.4  # the deliverer's timeout in these tests; a hanging receiver waits longer


class Receiver:
    """A member council's endpoint: answers 500, hangs, or takes the delivery, as told."""

    def __init__(self) -> None:
        self.mode = "fail"
        self.arrivals: list[tuple[str, str]] = []  # (mode, delivery id) of every request
        self.taken: list[dict[str, Any]] = []  # deliveries answered 200, with their headers
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                delivery = self.headers["X-Smolny-Delivery"]
                with receiver.lock:
                    mode = receiver.mode
                    receiver.arrivals.append((mode, delivery))
                if mode == "hang":
                    time.sleep(HANG * 2)
                    status = 503
                elif mode == "fail":
                    status = 500
                else:
                    status = 200
                    with receiver.lock:
                        receiver.taken.append(
                            {
                                "body": body,
                                "signature": self.headers["X-Smolny-Signature"],
                                "delivery": delivery,
                                "timestamp": self.headers["X-Smolny-Timestamp"],
                            }
                        )
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:  # the sender gave up waiting
                    pass

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def count(self, mode: str) -> int:
        with self.lock:
            return sum(1 for m, _ in self.arrivals if m == mode)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[Receiver]:
    # the receiver listens on loopback, which an administrator must allow webhooks to
    monkeypatch.setenv("SMOLNY_ALLOW_PRIVATE_WEBHOOKS", "1")
    found = Receiver()
    yield found
    found.close()


def until(condition: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within the deadline"
        time.sleep(0.02)


def deliverer(app: Smolny) -> webhooks.Deliverer:
    return webhooks.Deliverer(app, tick=0.02, timeout=HANG, first_pause=0.02, longest_pause=0.1)


def expected(app: Smolny, body: str, what: str, after: int) -> list[str]:
    with read_transaction(app.engine) as conn:
        entries = [entry_of(text) for _, text in journal.lines(conn)]
    return [
        f"{p.seq}:{p.hash}"
        for p in publications(entries)
        if p.body == body and p.kind in INTERESTS[what] and p.seq > after
    ]


def test_a_receiver_that_fails_then_recovers_gets_every_publication_once_in_order_across_a_restart(
    database_url: str, receiver: Receiver
) -> None:
    app = Smolny.open(database_url)
    congress = make_congress(app, size=3)
    session, delegates = str(congress["session"]), list(congress["delegates"])  # type: ignore[call-overload]
    vote_on(app, session, delegates, "Before the subscription: not sent.", yes=3)
    sub = webhooks.subscribe(app, receiver.url, SECRET, "congress", "decisions")
    vote_on(app, session, delegates, "First: bread.", yes=3)
    vote_on(app, session, delegates, "Rejected: nothing.", yes=1)
    worker = deliverer(app)
    worker.start()
    until(lambda: receiver.count("fail") >= 3)  # 500s, retried
    receiver.mode = "hang"
    until(lambda: receiver.count("hang") >= 2)  # timeouts, retried
    vote_on(app, session, delegates, "Second: peace.", yes=2)  # made while failing
    worker.stop()
    app.close()

    # a restart: what was not delivered is sent by the new process
    again = Smolny.open(database_url)
    vote_on(again, session, delegates, "Third: land.", yes=3)
    receiver.mode = "ok"
    worker = deliverer(again)
    worker.start()
    try:
        wanted = expected(again, "congress", "decisions", sub.after_seq)
        assert len(wanted) == 4  # three adopted resolutions and one rejection
        until(lambda: len(receiver.taken) >= len(wanted))
        time.sleep(0.2)  # nothing more comes
        got = []
        for taken in receiver.taken:
            signature = hmac.new(SECRET.encode(), taken["body"], hashlib.sha256).hexdigest()
            assert hmac.compare_digest(taken["signature"], "sha256=" + signature)
            payload = json.loads(taken["body"])
            assert payload["delivery"] == taken["delivery"]
            assert abs(int(taken["timestamp"]) - time.time()) < 60
            entry = payload["publication"]["entry"]
            got.append(f"{entry['seq']}:{entry['hash']}")
        assert got == wanted  # each once, in the order of the record
        ids = [t["delivery"] for t in receiver.taken]
        assert len(set(ids)) == len(ids)
        # the failed attempts were of the first publication, under the same delivery id
        assert {d for _, d in receiver.arrivals if _ != "ok"} == {ids[0]}
        first = json.loads(receiver.taken[0]["body"])["publication"]
        assert (first["kind"], first["number"], first["text"]) == ("resolution", 2, "First: bread.")
        rejected = json.loads(receiver.taken[1]["body"])["publication"]
        assert (rejected["kind"], rejected["outcome"]) == ("decision", "rejected")
        listed = webhooks.subscriptions(again)
        assert [(s.id, s.delivered, s.attempts) for s in listed] == [(sub.id, 4, 0)]
    finally:
        worker.stop()
        again.close()


def test_only_one_deliverer_at_a_time(database_url: str, receiver: Receiver) -> None:
    one = Smolny.open(database_url)
    two = Smolny.open(database_url)
    try:
        first, second = deliverer(one), deliverer(two)
        assert first.hold() and not second.hold()
        assert first.hold()  # renewing its own
        first.stop()  # released: the other takes over at once
        assert second.hold() and not first.hold()
        second.stop()
    finally:
        one.close()
        two.close()


def test_a_subscriber_gets_only_what_it_asked_for_of_its_body(
    sqlite_service: Smolny, receiver: Receiver
) -> None:
    congress = make_congress(sqlite_service, size=3)
    session, delegates = str(congress["session"]), list(congress["delegates"])  # type: ignore[call-overload]
    receiver.mode = "ok"
    webhooks.subscribe(sqlite_service, receiver.url, SECRET, "congress", "resolutions")
    vote_on(sqlite_service, session, delegates, "Rejected.", yes=0)
    vote_on(sqlite_service, session, delegates, "Adopted.", yes=3)
    worker = deliverer(sqlite_service)
    assert worker.tick() == 1
    assert worker.tick() == 0
    (taken,) = receiver.taken
    assert json.loads(taken["body"])["publication"]["text"] == "Adopted."


@pytest.mark.parametrize(
    ("url", "secret", "body", "what", "field"),
    [
        ("ftp://council.example/hook", SECRET, "congress", "all", "url"),
        ("council.example/hook", SECRET, "congress", "all", "url"),
        ("https://council.example/hook", "", "congress", "all", "secret"),
        ("https://council.example/hook", SECRET, "nowhere", "all", "body"),
        ("https://council.example/hook", SECRET, "congress", "gossip", "what"),
    ],
)
def test_bad_subscriptions_are_refused_and_nothing_is_stored(
    sqlite_service: Smolny, url: str, secret: str, body: str, what: str, field: str
) -> None:
    make_congress(sqlite_service, size=3)
    with pytest.raises(Invalid) as refused:
        webhooks.subscribe(sqlite_service, url, secret, body, what)
    assert field in (refused.value.field or refused.value.rule)
    assert webhooks.subscriptions(sqlite_service) == []


def test_the_api_is_for_the_admin_and_refuses_bad_input_with_422(sqlite_service: Smolny) -> None:
    make_congress(sqlite_service, size=3)
    sqlite_service.accounts.create_account("admin", "admin", password="admin-password-for-tests")
    with TestClient(create_app(sqlite_service)) as api:

        def login(username: str, password: str) -> dict[str, str]:
            answer = api.post("/api/v1/login", json={"username": username, "password": password})
            assert answer.status_code == 200, answer.text
            api.cookies.clear()
            return {"Authorization": f"Bearer {answer.json()['token']}"}

        admin = login("admin", "admin-password-for-tests")
        chair = login("chair", "chair-password-for-tests")
        good = {"url": "https://council.example/hook", "secret": SECRET, "body": "congress"}
        assert api.post("/api/v1/webhooks", json=good, headers=chair).status_code == 403
        assert api.post("/api/v1/webhooks", json=good).status_code == 401
        for bad in (
            {**good, "url": "javascript:alert(1)"},
            {key: v for key, v in good.items() if key != "secret"},
            {**good, "secret": "short"},
            {**good, "body": "nowhere"},
            {**good, "what": "gossip"},
        ):
            answer = api.post("/api/v1/webhooks", json=bad, headers=admin)
            assert answer.status_code == 422, answer.text
            assert answer.headers["content-type"].startswith("application/problem+json")
        assert api.get("/api/v1/webhooks", headers=admin).json() == []
        made = api.post("/api/v1/webhooks", json={**good, "what": "all"}, headers=admin)
        assert made.status_code == 201, made.text
        assert "secret" not in made.json()
        listed = api.get("/api/v1/webhooks", headers=admin).json()
        assert [(w["id"], w["what"], w["body"]) for w in listed] == [
            (made.json()["id"], "all", "congress")
        ]
        assert api.get("/api/v1/webhooks", headers=chair).status_code == 403
        assert api.delete(f"/api/v1/webhooks/{made.json()['id']}", headers=admin).status_code == 204
        assert api.delete(f"/api/v1/webhooks/{made.json()['id']}", headers=admin).status_code == 404
        assert api.get("/api/v1/webhooks", headers=admin).json() == []
