"""A secret ballot leaves no link to its voter in the logs, the record or the box's order.

A secret poll is run through the API with every logger at DEBUG (SQLAlchemy's
statements included), and through `smolny serve` reading what the process printed: no
log line names a delegate (by id or name) together with a ballot's hash or choice, no
line holds a receipt at all (the database's parameters are hidden from logs), the journal
holds no receipt, the progress told to screens is counts only, and the sealed box is
kept in the order of the ballots' hashes and the roll in the order of the voters.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from sample_congress import CHAIR_PASSWORD, make_congress
from smolny import procedure
from smolny.adapters import journal
from smolny.adapters.database import read_transaction
from smolny.adapters.schema import roll, secret_ballot
from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny
from smolny.web.app import create_app

API = "/api/v1"
CHOICES = ["yes", "no", "yes", "abstain", "no", "yes"]


def stated_motion(app: Smolny, session: str, delegates: list[str]) -> str:
    chair = Principal("a1", "chair", "chair")
    motion = app.execute(c.MoveMotion(session, "A motion", "Resolved.", delegates[0]), by=chair)
    ident = str(motion[0].data["question"])
    app.execute(c.Act(session, procedure.Second(ident, delegates[1])), by=chair)
    app.execute(c.Act(session, procedure.StateQuestion(ident)), by=chair)
    return ident


def bearer(client: Any, **credentials: str) -> dict[str, str]:
    answer = client.post(f"{API}/login", json=credentials)
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def run_secret_poll(client: Any, app: Smolny, congress: dict[str, Any]) -> dict[str, Any]:
    """Open a secret poll by the API, every delegate votes, the chair closes it."""
    delegates: list[str] = congress["delegates"]
    codes = app.accounts.issue_access_codes("congress", delegates)
    chair = bearer(client, username="chair", password=CHAIR_PASSWORD)
    voters = {d: bearer(client, access_code=codes[d]) for d in delegates}
    motion = stated_motion(app, str(congress["session"]), delegates)
    opened = client.post(
        f"{API}/motions/{motion}/polls", json={"method": "electronic-secret"}, headers=chair
    )
    assert opened.status_code == 201, opened.text
    poll = opened.json()["poll"]
    receipts = {}
    for delegate, choice in zip(delegates, CHOICES, strict=True):
        cast = client.post(
            f"{API}/polls/{poll}/votes", json={"choice": choice}, headers=voters[delegate]
        )
        assert cast.status_code == 201, cast.text
        receipts[delegate] = cast.json()["receipt"]
    return {"poll": poll, "receipts": receipts, "chair": chair}


def linked(
    lines: list[str], app_names: dict[str, str], receipts: dict[str, str], *, any_receipt: bool
) -> list[str]:
    """Lines naming a delegate (id or name) with a ballot (any receipt, or a choice as a
    ballot states it); with `any_receipt`, also lines holding a receipt at all."""
    found = []
    ballot_marks = [*receipts.values(), *(f'"choice":"{c}"' for c in set(CHOICES))]
    for line in lines:
        named = any(
            re.search(rf"\b{re.escape(ident)}\b", line) or name in line
            for ident, name in app_names.items()
        )
        with_ballot = named and any(mark in line for mark in ballot_marks)
        if with_ballot or (any_receipt and any(r in line for r in receipts.values())):
            found.append(line)
    return found


def test_a_secret_poll_logs_nothing_that_links_a_voter_to_a_ballot(
    service: Smolny, caplog: pytest.LogCaptureFixture
) -> None:
    congress = make_congress(service, size=6)
    names = {d: service.state.delegates[d].name for d in congress["delegates"]}
    caplog.set_level(logging.DEBUG)  # every logger, SQLAlchemy's statements included
    for name in ("sqlalchemy.engine", "sqlalchemy.pool", "uvicorn", "uvicorn.access"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        with TestClient(create_app(service)) as client:
            done = run_secret_poll(client, service, congress)
            while_open = [record.getMessage() for record in caplog.records]
            closed = client.post(f"{API}/polls/{done['poll']}/close", headers=done["chair"])
            assert closed.status_code == 200, closed.text
    finally:
        for name in ("sqlalchemy.engine", "sqlalchemy.pool", "uvicorn", "uvicorn.access"):
            logging.getLogger(name).setLevel(logging.NOTSET)
    lines = [record.getMessage() for record in caplog.records]
    # the test saw the statements that wrote the ballots and the roll (else it proves nothing)
    assert any("INSERT INTO secret_pending" in line for line in while_open)
    assert any("INSERT INTO roll_pending" in line for line in while_open)
    # While the poll is open, no log line holds a ballot at all: the order of the lines
    # would link it to the vote's other lines. (At the close, SQLAlchemy's DEBUG log shows
    # the sealed box as it is read: in the order of the hashes, naming nobody.)
    assert linked(while_open, names, done["receipts"], any_receipt=True) == []
    assert linked(lines, names, done["receipts"], any_receipt=False) == []

    # the record: the close names the box's digest and the count, never a receipt
    with read_transaction(service.engine) as conn:
        record = "\n".join(line for _, line in journal.lines(conn))
    assert all(receipt not in record for receipt in done["receipts"].values())
    # the progress screens are told: counts only
    progress = service.ballots.progress(done["poll"])
    assert set(progress) == {"poll", "state", "voted", "eligible"}

    # the sealed box: ballots in the order of their hashes, the roll in voter order, as
    # stored (no ORDER BY: the tables' own order)
    with read_transaction(service.engine) as conn:
        hashes = [
            row.hash
            for row in conn.execute(
                select(secret_ballot.c.hash).where(secret_ballot.c.poll == done["poll"])
            )
        ]
        voters = [
            row.voter
            for row in conn.execute(select(roll.c.voter).where(roll.c.poll == done["poll"]))
        ]
    assert sorted(hashes) == sorted(done["receipts"].values())
    assert hashes == sorted(hashes)
    assert voters == sorted(voters)
    cast_order = list(done["receipts"].values())
    assert hashes != cast_order or cast_order == sorted(cast_order)  # not the order of casting


def test_the_served_process_prints_nothing_of_who_voted_how(tmp_path: Path, serve: Any) -> None:
    url = f"sqlite:///{tmp_path / 'served.sqlite3'}"
    app = Smolny.open(url)
    congress = make_congress(app, size=6)
    names = {d: app.state.delegates[d].name for d in congress["delegates"]}
    codes = app.accounts.issue_access_codes("congress", congress["delegates"])
    motion = stated_motion(app, str(congress["session"]), congress["delegates"])
    app.close()
    server = serve(url)
    with httpx.Client(base_url=server.url, timeout=10) as client:
        chair = bearer(client, username="chair", password=CHAIR_PASSWORD)
        voters = {d: bearer(client, access_code=codes[d]) for d in congress["delegates"]}
        opened = client.post(
            f"{API}/motions/{motion}/polls", json={"method": "electronic-secret"}, headers=chair
        )
        poll = opened.json()["poll"]
        receipts = {}
        for delegate, choice in zip(congress["delegates"], CHOICES, strict=True):
            cast = client.post(
                f"{API}/polls/{poll}/votes", json={"choice": choice}, headers=voters[delegate]
            )
            receipts[delegate] = cast.json()["receipt"]
        # a receipt looked up in the box (it is in the address): no access log keeps it
        assert client.post(f"{API}/polls/{poll}/close", headers=chair).status_code == 200
        looked_up = client.get(f"{API}/polls/{poll}/box", params={"receipt": receipts["d1"]})
        assert looked_up.status_code == 200
    printed = server.stop()
    assert "serving at" in printed  # the output was read
    assert linked(printed.splitlines(), names, receipts, any_receipt=True) == []
    assert f"/polls/{poll}/" not in printed  # no access log at all
