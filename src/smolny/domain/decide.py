"""Deciding commands: given the state and a command, the events it causes, or a refusal.

`decide` never changes the state; the service layer records the events and then
folds them in with `Assembly.apply`. Which feature decides which command is listed in
`smolny.domain.registry`; the checks the other layers use too (`body_of`, `poll_of`, ...)
are `smolny.domain.checks`', named here as well.
"""

from __future__ import annotations

from smolny.domain import commands as c
from smolny.domain.bodies import BODY_KINDS, ROLES
from smolny.domain.checks import (
    MAX_NAME,
    MAX_TEXT,
    body_of,
    motion_of,
    poll_of,
    rulebook_of,
    session_of,
)
from smolny.domain.events import Event
from smolny.domain.registry import DECIDERS, REACTIONS
from smolny.domain.state import Assembly

__all__ = [
    "BODY_KINDS",
    "MAX_NAME",
    "MAX_TEXT",
    "ROLES",
    "body_of",
    "decide",
    "motion_of",
    "poll_of",
    "rulebook_of",
    "session_of",
]


def decide(state: Assembly, command: c.Command) -> list[Event]:
    """The events `command` causes in `state`, or a Refusal saying why not."""
    events = DECIDERS[type(command)](state, command)
    # what follows from them in the same unit of work (a contest decided, minutes approved)
    return events + [event for react in REACTIONS for event in react(state, events)]
