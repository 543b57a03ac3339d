"""The service on the in-memory store: its rules tested without a database, in moments."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher

from smolny.adapters import credentials
from smolny.service.app import Smolny


@pytest.fixture(autouse=True)
def quick_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id at its lowest cost: what these tests check is the service's rules, not how
    hard a password's hash is to compute (the storage tests use the real one)."""
    monkeypatch.setattr(
        credentials, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )


@pytest.fixture
def app() -> Iterator[Smolny]:
    """A service on a new, empty store in memory."""
    service = Smolny.in_memory()
    yield service
    service.close()
