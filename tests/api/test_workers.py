"""`smolny serve --workers N`: several processes serving one address and one database."""

from __future__ import annotations

import os
import signal
import time

import httpx

from hall_server import alive, vote_at_once, workers_of
from sample_congress import CHAIR_PASSWORD, bring_to_vote, make_congress
from smolny.adapters.journal_watch import JournalWatch
from smolny.domain import commands as c
from smolny.service.app import Smolny


def test_votes_across_workers_for_a_poll_another_process_opened(database_url: str, serve) -> None:
    # The test itself is a third process on the same database: it opens the poll and
    # registers a delegate that no worker has heard of when the votes come in.
    app = Smolny.open(database_url)
    app.attach_fanout(JournalWatch(app.engine))
    congress = make_congress(app, size=40)
    ids: list[str] = congress["delegates"]  # type: ignore[assignment]
    codes = app.accounts.issue_access_codes("congress", ids)
    server = serve(database_url, "--workers", "2")
    workers = workers_of(server.process.pid)
    assert len(workers) == 2
    tokens = {}
    for d, code in codes.items():
        with httpx.Client(base_url=server.url, timeout=30) as client:  # a connection each
            r = client.post("/api/v1/login", json={"access_code": code})
            assert r.status_code == 200, r.text
            tokens[d] = r.json()["token"]
    late = app.execute(c.RegisterDelegates("congress", (c.NewDelegate("Latecomer", "f0"),)))
    latecomer = late[0].data["delegates"][0]["delegate"]
    [late_code] = app.accounts.issue_access_codes("congress", [latecomer]).values()
    with httpx.Client(base_url=server.url, timeout=30) as client:
        r = client.post("/api/v1/login", json={"access_code": late_code})
        assert r.status_code == 200, r.text
        tokens[latecomer] = r.json()["token"]
    app.execute(c.RecordPresence(congress["session"], arrived=(latecomer,)), by=congress["chair"])
    _, poll = bring_to_vote(app, congress["session"], ids[0], ids[1])

    statuses = vote_at_once(server.url, poll, tokens, ("yes", "no"), warm=True)
    assert all(s == [201, 409] for s in statuses.values()), statuses

    with httpx.Client(base_url=server.url, timeout=30) as client:
        chair = client.post(
            "/api/v1/login", json={"username": "chair", "password": CHAIR_PASSWORD}
        ).json()
        closed = client.post(
            f"/api/v1/polls/{poll}/close", headers={"Authorization": f"Bearer {chair['token']}"}
        )
    assert closed.status_code == 200, closed.text
    result = closed.json()["result"]
    assert result["box"]["ballots"] == 41 and result["heads"]["yes"] == 41
    # every worker, and the third process, hear of the close (within a second on a quiet
    # machine, as bench/live.py measures; the bound here holds on a loaded one)
    deadline = time.monotonic() + 15.0
    while True:
        states = set()
        for _ in range(12):  # fresh connections, spread over the workers
            with httpx.Client(base_url=server.url, timeout=30) as client:
                states.add(client.get(f"/api/v1/polls/{poll}").json()["state"])
        if states == {"closed"} and app.state.polls[poll].state == "closed":
            break
        assert time.monotonic() < deadline, states
        time.sleep(0.05)
    app.close()

    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=30) == 0
    assert not any(alive(pid) for pid in workers)


def test_a_worker_that_dies_is_started_again(sqlite_url: str, serve) -> None:
    app = Smolny.open(sqlite_url)
    app.close()
    server = serve(sqlite_url, "--workers", "2")
    [first, second] = workers_of(server.process.pid)
    os.kill(first, signal.SIGKILL)
    deadline = time.monotonic() + 10
    # SIGKILL is delivered asynchronously: wait until the killed worker is gone and
    # another has taken its place
    while True:
        workers = [w for w in workers_of(server.process.pid) if alive(w)]
        if first not in workers and len(workers) == 2:
            break
        assert time.monotonic() < deadline, workers
        time.sleep(0.1)
    assert second in workers
    time.sleep(1.0)  # the new worker has loaded the record
    for _ in range(20):
        with httpx.Client(base_url=server.url, timeout=30) as client:
            assert client.get("/api/v1/bodies").status_code == 200
    output = server.stop()
    assert "worker 0 ended" in output and "starting it again" in output


def test_workers_stop_when_their_supervisor_is_killed(sqlite_url: str, serve) -> None:
    app = Smolny.open(sqlite_url)
    app.close()
    server = serve(sqlite_url, "--workers", "2")
    workers = workers_of(server.process.pid)
    server.process.kill()
    server.process.wait(timeout=10)
    deadline = time.monotonic() + 15
    while any(alive(pid) for pid in workers):
        assert time.monotonic() < deadline
        time.sleep(0.1)
