"""Schemathesis against the OpenAPI document, in process: requests generated from the
schema (valid and not), as the admin on a small congress; no answer is a 5xx, and every
answer's status, content type and body are ones the document declares.

A bounded number of examples per operation keeps it to well under a minute; set
SMOLNY_SCHEMATHESIS_EXAMPLES to run more."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from sample_congress import CHAIR_PASSWORD, bring_to_vote, make_congress
from smolny.service.app import Smolny
from smolny.web.app import create_app

EXAMPLES = int(os.environ.get("SMOLNY_SCHEMATHESIS_EXAMPLES", "15"))
NOT_GENERATED = ("/api/v1/stream",)  # a stream that does not end


@pytest.fixture(scope="module")
def congress_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str]]:
    path: Path = tmp_path_factory.mktemp("schemathesis") / "smolny.sqlite3"
    service = Smolny.open(f"sqlite:///{path}")
    made = make_congress(service)
    delegates = made["delegates"]
    assert isinstance(delegates, list)
    bring_to_vote(service, str(made["session"]), delegates[0], delegates[1])
    service.accounts.create_account("admin", "admin", password="admin-password-for-tests")
    token = service.accounts.login_staff("admin", "admin-password-for-tests")[0]
    assert service.accounts.login_staff("chair", CHAIR_PASSWORD)
    app = create_app(service)
    yield app, token
    service.close()


@pytest.fixture(scope="module")
def api_schema(congress_app: tuple[Any, str]) -> Any:
    app, _ = congress_app
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def _operations() -> list[tuple[str, str]]:
    # read from the document alone (no database): the operations to generate requests for
    document = create_app(Smolny.__new__(Smolny)).openapi()
    return [
        (method.upper(), path)
        for path, item in sorted(document["paths"].items())
        if path not in NOT_GENERATED
        for method in item
    ]


OPERATIONS = _operations()


@pytest.mark.parametrize("operation", OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_the_api_answers_as_its_document_says(
    operation: tuple[str, str], api_schema: Any, congress_app: tuple[Any, str]
) -> None:
    _, token = congress_app
    method, path = operation
    strategy = api_schema[path][method].as_strategy()

    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def answers(case: Any) -> None:
        case.call_and_validate(
            headers={"Authorization": f"Bearer {token}"},
            checks=[
                not_a_server_error,
                status_code_conformance,
                content_type_conformance,
                response_schema_conformance,
            ],
        )

    answers()


def test_the_document_is_served(congress_app: tuple[Any, str]) -> None:
    app, _ = congress_app
    document = TestClient(app).get("/openapi.json").json()
    assert document["openapi"].startswith("3.")
