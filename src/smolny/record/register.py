"""The register of resolutions: each body's adopted main motions, numbered in order of adoption.

Drawn from the journal alone: a `motion.adopted` entry whose `motion` is `main` adds the
next number of the body whose sitting adopted it (the convening body of a joint sitting).
Its title is the `motion.moved` title, its text the decision's (as amended).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from smolny.record.entry import Entry


@dataclass(frozen=True)
class Resolution:
    """One adopted main motion, as the register numbers it."""

    number: int  # from 1, per body
    motion: str  # the question's id, e.g. "m5"
    title: str
    text: str
    seq: int  # the `motion.adopted` entry
    at: str


def register(entries: Iterable[Entry]) -> dict[str, list[Resolution]]:
    """Each body's resolutions in order of adoption, numbered from 1."""
    session_body: dict[str, str] = {}
    titles: dict[str, str] = {}
    found: dict[str, list[Resolution]] = {}
    for entry in entries:
        data = entry.data
        if entry.kind == "session.opened":
            session_body[str(data.get("session"))] = str(data.get("body"))
        elif entry.kind == "motion.moved":
            titles[str(data.get("question"))] = str(data.get("title", ""))
        elif entry.kind == "motion.adopted" and data.get("motion") == "main":
            body = session_body.get(str(data.get("session")))
            if body is None:
                continue
            motion = str(data.get("question"))
            resolutions = found.setdefault(body, [])
            resolutions.append(
                Resolution(
                    len(resolutions) + 1,
                    motion,
                    titles.get(motion, ""),
                    str(data.get("text", "")),
                    entry.seq,
                    str(data.get("at") or entry.at),
                )
            )
    return found
