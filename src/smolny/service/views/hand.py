"""The body and sitting in hand: what every staff screen's navigation shows and links to.

A staff member chooses a body (or a sitting, which names its body) once; the screens keep
that choice and draw their links from it (the secretariat of that body, the console, the
projector and the minutes of that sitting). What is asked for here is only read: a body
or sitting that is not (or no longer) there is simply not in hand.
"""

from __future__ import annotations

from typing import Any, TypedDict

from smolny.domain.state import Assembly
from smolny.service.unit_of_work import UnitOfWork

CHOICES_PER_BODY = 12  # the latest sittings of each body offered in the chooser


class Sitting(TypedDict):
    """A sitting as the navigation names it."""

    id: str
    title: str
    state: str  # "open", "closed"
    body: str


class Hand(TypedDict):
    """The body and sitting in hand (None: none), and every body with its latest sittings
    (the newest first), to choose another."""

    body: dict[str, str] | None
    sitting: Sitting | None
    choices: list[dict[str, Any]]


def in_hand(app: UnitOfWork, body: str | None, sitting: str | None) -> Hand:
    """The body and sitting in hand, from what the screen or the kept choice names: a
    sitting names its body; a body that is not the sitting's lets the sitting go."""
    with app.lock:
        state = app.state
        found = state.sessions.get(sitting) if sitting else None
        if found is not None and body and body in state.bodies and body != found.body:
            found = None  # another body was chosen since: the sitting is no longer in hand
        slug = found.body if found is not None else body
        chosen = state.bodies.get(slug) if slug else None
        return {
            "body": {"slug": chosen.slug, "name": chosen.name} if chosen else None,
            "sitting": _sitting(state, found.id) if found is not None else None,
            "choices": [
                {
                    "slug": b.slug,
                    "name": b.name,
                    "sittings": [
                        _sitting(state, s) for s in reversed(b.sessions[-CHOICES_PER_BODY:])
                    ],
                }
                for b in state.bodies.values()
            ],
        }


def session_links(app: UnitOfWork, idents: list[str]) -> dict[str, Sitting]:
    """The sittings named by `idents` that exist, for a screen to link each to its console."""
    with app.lock:
        return {i: _sitting(app.state, i) for i in idents if i in app.state.sessions}


def _sitting(state: Assembly, ident: str) -> Sitting:
    found = state.sessions[ident]
    return {"id": found.id, "title": found.title, "state": found.state, "body": found.body}
