"""Fixtures of the API's tests."""

from __future__ import annotations

import fastapi
import pytest


@pytest.fixture
def ordinary(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths FastAPI itself served (those a short way left to it)."""
    served: list[str] = []
    original = fastapi.FastAPI.__call__

    async def spy(self, scope, receive, send):  # type: ignore[no-untyped-def]
        if scope["type"] == "http":
            served.append(scope["path"])
        await original(self, scope, receive, send)

    monkeypatch.setattr(fastapi.FastAPI, "__call__", spy)
    return served
