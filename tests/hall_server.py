"""A congress served by `smolny serve --workers 2` on PostgreSQL (and Redis): for the
tests of several processes and of faults."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from sample_congress import CHAIR_PASSWORD, bring_to_vote, make_congress
from smolny.service.app import Smolny


@dataclass
class Hall:
    app: Smolny
    server: Any
    db: str
    poll: str
    opened_at: int  # the journal's length once the poll was open
    tokens: dict[str, str] = field(default_factory=dict)
    chair: str = ""

    @property
    def url(self) -> str:
        return str(self.server.url)

    @property
    def port(self) -> int:
        return int(self.server.port)

    def vote(self, delegate: str, choice: str = "yes") -> int | None:
        """The status of one delegate's vote, on a connection of its own; None if the
        connection broke before an answer."""
        try:
            with httpx.Client(base_url=self.url, timeout=30) as client:
                r = client.post(
                    f"/api/v1/polls/{self.poll}/votes",
                    json={"choice": choice},
                    headers={"Authorization": f"Bearer {self.tokens[delegate]}"},
                )
                return r.status_code
        except httpx.TransportError:
            return None

    def close_poll(self) -> httpx.Response:
        with httpx.Client(base_url=self.url, timeout=60) as client:
            return client.post(
                f"/api/v1/polls/{self.poll}/close",
                headers={"Authorization": f"Bearer {self.chair}"},
            )


def open_hall(db: str, serve: Any, *server_args: str, size: int = 30) -> Hall:
    app = Smolny.open(db)
    congress = make_congress(app, size=size)
    ids: list[str] = congress["delegates"]  # type: ignore[assignment]
    codes = app.accounts.issue_access_codes("congress", ids)
    _, poll = bring_to_vote(app, congress["session"], ids[0], ids[1])  # type: ignore[arg-type]
    server = serve(db, "--workers", "2", "--debug", *server_args)  # X-Smolny-Worker
    hall = Hall(app, server, db, poll, app.state.seq)
    with httpx.Client(base_url=hall.url, timeout=30) as client:
        for delegate, code in codes.items():
            r = client.post("/api/v1/login", json={"access_code": code})
            assert r.status_code == 200, r.text
            hall.tokens[delegate] = r.json()["token"]
        r = client.post("/api/v1/login", json={"username": "chair", "password": CHAIR_PASSWORD})
        hall.chair = r.json()["token"]
    return hall


def verify(db: str) -> subprocess.CompletedProcess[str]:
    """`smolny verify --db DB`."""
    return subprocess.run(
        [sys.executable, "-m", "smolny", "verify", "--db", db],
        capture_output=True,
        text=True,
        timeout=120,
    )


def workers_of(pid: int) -> list[int]:
    """The worker processes of the supervisor `pid`."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def vote_at_once(
    url: str, poll: str, tokens: dict[str, str], choices: tuple[str, ...], warm: bool = False
) -> dict[str, list[int]]:
    """Every delegate (id -> bearer token) votes `choices` in turn on a connection of their
    own, all starting together; the statuses of each one's votes. With `warm`, each first
    asks who they are (as a phone that has loaded its page)."""
    import threading

    statuses: dict[str, list[int]] = {d: [] for d in tokens}
    barrier = threading.Barrier(len(tokens))

    def delegate(ident: str) -> None:
        headers = {"Authorization": f"Bearer {tokens[ident]}"}
        with httpx.Client(base_url=url, timeout=30) as mine:
            if warm:
                mine.get("/api/v1/me", headers=headers)
            barrier.wait()
            for choice in choices:
                answer = mine.post(
                    f"/api/v1/polls/{poll}/votes", json={"choice": choice}, headers=headers
                )
                statuses[ident].append(answer.status_code)

    threads = [threading.Thread(target=delegate, args=(d,)) for d in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses
