"""A small congress with a secret poll open, served in-process, for the security tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from sample_congress import CHAIR_PASSWORD, bring_to_vote, make_congress
from smolny.adapters.database import read_transaction
from smolny.adapters.schema import ballot, journal, roll_pending, secret_pending
from smolny.service.app import Smolny

API = "/api/v1"
ADMIN_PASSWORD = "admin-password-for-tests"


@dataclass
class Assembly:
    """The service, its congress (session, delegates, their access codes), an open poll."""

    app: Smolny
    session: str
    delegates: list[str]
    codes: dict[str, str]
    motion: str
    poll: str


def assemble(app: Smolny, size: int = 4) -> Assembly:
    congress = make_congress(app, size=size)
    app.accounts.create_account("admin", "admin", password=ADMIN_PASSWORD)
    delegates: list[str] = congress["delegates"]  # type: ignore[assignment]
    session = str(congress["session"])
    codes = app.accounts.issue_access_codes("congress", delegates)
    motion, poll = bring_to_vote(app, session, delegates[0], delegates[1])
    return Assembly(app, session, delegates, codes, motion, poll)


def log_in(client: TestClient, **credentials: str) -> Any:
    """POST the login; the answer (its cookie stays in the client)."""
    return client.post(f"{API}/login", json=credentials)


def token_of(client: TestClient, **credentials: str) -> str:
    answer = log_in(client, **credentials)
    assert answer.status_code == 200, answer.text
    return str(answer.json()["token"])


def chair_credentials() -> dict[str, str]:
    return {"username": "chair", "password": CHAIR_PASSWORD}


def admin_credentials() -> dict[str, str]:
    return {"username": "admin", "password": ADMIN_PASSWORD}


def written(app: Smolny) -> tuple[int, int]:
    """How much is recorded: journal entries, and ballots in every box."""
    with read_transaction(app.engine) as conn:
        entries = conn.execute(select(func.count()).select_from(journal)).scalar_one()
        ballots = sum(
            conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (ballot, roll_pending, secret_pending)
        )
    return int(entries), int(ballots)


def problem(answer: Any, status: int, rule: str | None = None) -> dict[str, Any]:
    """The answer is a problem document with `status` (and `rule`)."""
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json"), answer.text
    body: dict[str, Any] = answer.json()
    assert body["status"] == status
    if rule is not None:
        assert body["rule"] == rule, body
    return body
