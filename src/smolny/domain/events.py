"""Events: what the domain decides happened, before the journal gives it a place."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Event:
    """An act of a body: a dotted kind (`poll.closed`) and JSON-safe data (no floats)."""

    kind: str
    data: dict[str, Any] = field(default_factory=dict)
