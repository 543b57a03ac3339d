"""The report back to a council (issue 19, item 6): after a named vote on a paper, how the
delegates it instructed voted and who departed; by a webhook to a real HTTP receiver (once,
signed, only votes the council instructed on), a public JSON Feed, the API, and a page for
the council's own account and staff, refused to another council's account."""

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

import sample_papers
from smolny.domain import commands as c
from smolny.domain.errors import Invalid
from smolny.record import kinds as k
from smolny.service import webhooks
from smolny.service.app import Smolny
from smolny.web.app import create_app

SECRET = "a-secret-shared-with-the-council"
PASSWORD = "password-for-the-tests"


class Receiver:
    """A council's endpoint on loopback, taking every delivery with 200."""

    def __init__(self) -> None:
        self.taken: list[dict[str, Any]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.taken.append(
                    {"body": body, "signature": self.headers["X-Smolny-Signature"]}
                )
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[Receiver]:
    monkeypatch.setenv("SMOLNY_ALLOW_PRIVATE_WEBHOOKS", "1")
    found = Receiver()
    yield found
    found.server.shutdown()
    found.server.server_close()


@pytest.fixture
def app(sqlite_url: str) -> Iterator[Smolny]:
    rulebook = sample_papers.rules(sample_papers.DECLARED, "union-rules")
    service = Smolny.open(sqlite_url, rulebooks=[rulebook])
    sample_papers.fill(service, "union-rules")
    for username in ("admin", "leeds-sec", "york-sec"):
        role = "admin" if username == "admin" else "secretary"
        service.accounts.create_account(username, role, password=PASSWORD)
    service.execute(c.AttachAccount("leeds-sec", "leeds"))
    service.execute(c.AttachAccount("york-sec", "york"))
    yield service
    service.close()


def until(condition: Callable[[], bool], seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within the deadline"
        time.sleep(0.02)


def votes_taken(app: Smolny) -> tuple[str, str]:
    """M1 put to a named vote (Bob departs from Leeds's "for"), then M3 (no instruction)."""
    session = sample_papers.sitting(app)
    polls = []
    for paper in ("M1", "M3"):
        entries = app.execute(c.MovePaperMotion(session, paper, "d1"), by=sample_papers.CHAIR)
        question = next(e.data["question"] for e in entries if e.kind == k.PAPER_PUT)
        answers = {"d1": "yes", "d2": "no", "d3": "yes", "d4": "yes"}
        polls.append(sample_papers.vote(app, question, answers, session))
    return polls[0], polls[1]


def test_a_council_gets_each_named_vote_on_its_instructions_by_webhook(
    app: Smolny, receiver: Receiver
) -> None:
    with pytest.raises(Invalid) as caught:
        webhooks.subscribe(app, receiver.url, SECRET, "congress", "report")
    assert caught.value.rule == "webhook-report"
    webhooks.subscribe(app, receiver.url, SECRET, "leeds", "report")
    on_m1, _ = votes_taken(app)
    worker = webhooks.Deliverer(app, tick=0.02, first_pause=0.02, longest_pause=0.1)
    worker.start()
    try:
        until(lambda: len(receiver.taken) >= 1)
        time.sleep(0.3)  # the vote on M3, on which Leeds instructed nobody, is not sent
    finally:
        worker.stop()
    [taken] = receiver.taken
    signature = hmac.new(SECRET.encode(), taken["body"], hashlib.sha256).hexdigest()
    assert hmac.compare_digest(taken["signature"], "sha256=" + signature)
    report = json.loads(taken["body"])["report"]
    assert (report["council"], report["poll"], report["outcome"]) == ("leeds", on_m1, "adopted")
    assert report["papers"] == [{"number": "M1", "title": "Pay"}]
    assert [
        (r["name"], r["instruction"], r["vote"], r["departed"]) for r in report["delegates"]
    ] == [
        ("Ann", "for", "yes", False),
        ("Bob", "for", "no", True),
    ]
    assert report["departures"] == 1


def client_as(app: Smolny, who: str | None) -> TestClient:
    client = TestClient(create_app(app), follow_redirects=False)
    if who is not None:
        answer = client.post("/api/v1/login", json={"username": who, "password": PASSWORD})
        assert answer.status_code == 200
    return client


def test_the_feed_is_public_and_the_page_is_the_councils_own(app: Smolny) -> None:
    on_m1, _ = votes_taken(app)
    public = client_as(app, None)
    feed = public.get("/councils/leeds/report.json")
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("application/feed+json")
    body = feed.json()
    assert body["version"] == "https://jsonfeed.org/version/1.1"
    assert body["feed_url"].endswith("/councils/leeds/report.json")
    [item] = body["items"]
    assert item["id"] == f"urn:smolny:report:leeds:{on_m1}"
    assert "Bob (M1): instructed to vote for, voted against" in item["content_text"]
    assert "departed from the instruction" in item["content_text"]
    assert "Ann (M1): instructed to vote for, voted for" in item["content_text"]
    assert item["_smolny"]["departures"] == 1
    russian = public.get("/councils/leeds/report.json?lang=ru").json()
    assert "Bob" in russian["items"][0]["content_text"]
    assert russian["items"][0]["content_text"] != item["content_text"]
    assert (
        public.get(f"/api/v1/councils/leeds/report?poll={on_m1}").json()["votes"][0]["departures"]
        == 1
    )
    assert public.get("/api/v1/councils/nowhere/report").status_code == 404
    # the page: for the council's own account (and staff), not for another council's
    assert public.get("/councils/leeds/report").status_code in (302, 303, 307)
    page = client_as(app, "leeds-sec").get("/councils/leeds/report")
    assert page.status_code == 200
    assert "Bob" in page.text and "departed from the instruction" in page.text
    other = client_as(app, "york-sec").get("/councils/leeds/report")
    assert other.status_code == 403 and "council-account" in other.text
    assert client_as(app, "admin").get("/councils/leeds/report").status_code == 200
