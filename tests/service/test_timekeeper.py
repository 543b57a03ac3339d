"""Polls opened and closed at their set times, and voting progress told to the screens."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime, timedelta

import httpx

from sample_congress import CHAIR_PASSWORD, make_congress
from smolny import procedure
from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny

START = datetime(2026, 11, 7, 22, 0, tzinfo=UTC)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def _stated_motion(app: Smolny, congress: dict) -> str:
    session, ids = congress["session"], congress["delegates"]
    motion = app.execute(c.MoveMotion(session, "Peace", "Peace now.", ids[0]))[0].data["question"]
    app.execute(c.Act(session, procedure.Second(motion, ids[1])))
    app.execute(c.Act(session, procedure.StateQuestion(motion)))
    return motion


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_a_poll_opens_and_closes_at_its_set_times(database_url: str) -> None:
    clock = Clock()
    app = Smolny.open(database_url, clock=clock)
    try:
        congress = make_congress(app, size=5)
        motion = _stated_motion(app, congress)
        opens, closes = START + timedelta(minutes=10), START + timedelta(minutes=15)
        scheduled = app.execute(c.OpenPoll(motion, opens_at=_iso(opens), closes_at=_iso(closes)))
        assert [e.kind for e in scheduled] == ["poll.scheduled"]
        poll = scheduled[0].data["poll"]
        app.timekeeper.tick()  # not yet
        assert app.state.polls[poll].state == "scheduled"
        clock.now = opens + timedelta(seconds=1)
        app.timekeeper.tick()
        assert app.state.polls[poll].state == "open"
        assert len(app.state.polls[poll].eligible) == 5
        for delegate in congress["delegates"][:3]:
            _, future = app.ballots.cast_vote(
                poll, Principal(delegate, "delegate", delegate), "yes"
            )
            future.result(timeout=10)
        clock.now = closes
        app.timekeeper.tick()
        closed = app.state.polls[poll]
        assert closed.state == "closed" and closed.result["heads"]["yes"] == 3
        assert closed.decision is not None and closed.decision["yes"] == 3
    finally:
        app.close()


def test_a_scheduled_poll_that_cannot_open_is_cancelled_with_the_reason(
    database_url: str,
) -> None:
    clock = Clock()
    app = Smolny.open(database_url, clock=clock)
    try:
        congress = make_congress(app, size=5)
        motion = _stated_motion(app, congress)
        opens = START + timedelta(minutes=5)
        poll = app.execute(c.OpenPoll(motion, opens_at=_iso(opens)))[0].data["poll"]
        # the hall empties before the time comes: no quorum to put the question
        app.execute(c.RecordPresence(congress["session"], left=tuple(congress["delegates"])))
        clock.now = opens
        app.timekeeper.tick()
        record = app.state.polls[poll]
        assert record.state == "cancelled"
        assert "could not be opened" in record.result["reason"]
        assert "quorum" in record.result["reason"]
    finally:
        app.close()


def test_a_poll_that_cannot_close_at_its_time_stays_open(database_url: str) -> None:
    clock = Clock()
    app = Smolny.open(database_url, clock=clock)
    try:
        congress = make_congress(app, size=5)
        motion = _stated_motion(app, congress)
        closes = START + timedelta(minutes=1)
        opened = app.execute(c.OpenPoll(motion, closes_at=_iso(closes)))
        poll = next(e.data["poll"] for e in opened if e.kind == "poll.opened")
        # nobody votes and everyone leaves: no quorum at the close
        app.execute(c.RecordPresence(congress["session"], left=tuple(congress["delegates"])))
        seq = app.state.seq
        clock.now = closes
        app.timekeeper.tick()
        assert app.state.polls[poll].state == "open" and app.state.seq == seq
    finally:
        app.close()


def test_progress_is_published_as_delegates_vote(database_url: str) -> None:
    app = Smolny.open(database_url)
    try:
        congress = make_congress(app, size=4)
        motion = _stated_motion(app, congress)
        opened = app.execute(c.OpenPoll(motion, method="electronic-secret"))
        poll = next(e.data["poll"] for e in opened if e.kind == "poll.opened")
        told: list[dict] = []
        app.progress_bus.subscribe(told.append)
        app.timekeeper.tick()
        assert told[-1] == {"poll": poll, "state": "open", "voted": 0, "eligible": 4}
        for delegate in congress["delegates"][:2]:
            _, future = app.ballots.cast_vote(poll, Principal(delegate, "delegate", delegate), "no")
            future.result(timeout=10)
        app.timekeeper.tick()
        assert told[-1]["voted"] == 2
        count = len(told)
        app.timekeeper.tick()  # nothing changed: nothing told
        assert len(told) == count
        app.ballots.close_poll(poll)
        app.timekeeper.tick()
        assert told[-1] == {"poll": poll, "state": "closed", "voted": 2, "eligible": 4}
    finally:
        app.close()


def test_screens_see_progress_live_over_the_stream(sqlite_url: str, serve) -> None:
    app = Smolny.open(sqlite_url)
    congress = make_congress(app, size=3)
    codes = app.accounts.issue_access_codes("congress", congress["delegates"])
    motion = _stated_motion(app, congress)
    app.close()
    server = serve(sqlite_url)
    events: list[tuple[str, dict]] = []
    ready = threading.Event()

    def screen() -> None:
        with httpx.stream("GET", server.url + "/api/v1/stream", timeout=20) as response:
            kind = None
            for line in response.iter_lines():
                ready.set()
                if line.startswith("event: "):
                    kind = line[7:]
                elif line.startswith("data: ") and kind is not None:
                    events.append((kind, json.loads(line[6:])))
                    if kind == "progress" and events[-1][1]["voted"] == 1:
                        return

    watcher = threading.Thread(target=screen, daemon=True)
    watcher.start()
    with httpx.Client(base_url=server.url, timeout=10) as client:
        chair = client.post("/api/v1/login", json={"username": "chair", "password": CHAIR_PASSWORD})
        auth = {"Authorization": f"Bearer {chair.json()['token']}"}
        assert ready.wait(10)
        poll = client.post(
            f"/api/v1/motions/{motion}/polls", json={"method": "electronic-secret"}, headers=auth
        ).json()["poll"]
        token = client.post(
            "/api/v1/login", json={"access_code": codes[congress["delegates"][0]]}
        ).json()["token"]
        cast = time.monotonic()
        voted = client.post(
            f"/api/v1/polls/{poll}/votes",
            json={"choice": "yes"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert voted.status_code == 201, voted.text
    watcher.join(timeout=10)
    seen = time.monotonic() - cast
    progress = [data for kind, data in events if kind == "progress"]
    assert progress and progress[-1] == {"poll": poll, "state": "open", "voted": 1, "eligible": 3}
    # the hall sees the count pushed, unasked (within a second on a quiet machine, as
    # bench/live.py measures; the bound here holds on a loaded one)
    assert seen < 15
    assert any(kind == "entry" and data["kind"] == "poll.opened" for kind, data in events)
