"""The register of resolutions: each body's adopted main motions, numbered in order of adoption.

Drawn from the journal alone: a `motion.adopted` entry whose `motion` is `main` adds the
next number of the body whose sitting adopted it (the convening body of a joint sitting).
Its title is the `motion.moved` title, its text the decision's (as amended).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from smolny.record import kinds as k
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
    body: str = ""
    hash: str = ""  # the `motion.adopted` entry's hash


class Registrar:
    """The register kept up to date entry by entry: fold each new entry in journal order
    (`seq` is the last one folded), so that a long journal is read once."""

    def __init__(self) -> None:
        self.seq = 0
        self.resolutions: dict[str, list[Resolution]] = {}
        self._session_body: dict[str, str] = {}
        self._titles: dict[str, str] = {}

    def fold(self, entry: Entry) -> Resolution | None:
        """Take in the next entry; the resolution it adds, if it adds one."""
        self.seq = entry.seq
        data = entry.data
        if entry.kind == k.SESSION_OPENED:
            self._session_body[str(data.get("session"))] = str(data.get("body"))
        elif entry.kind == k.MOTION_MOVED:
            self._titles[str(data.get("question"))] = str(data.get("title", ""))
        elif (
            entry.kind in k.DECIDING
            and k.adopted(entry.kind, data)
            and data.get("motion") == "main"
        ):
            body = self._session_body.get(str(data.get("session")))
            if body is None:
                return None
            motion = str(data.get("question"))
            resolutions = self.resolutions.setdefault(body, [])
            resolution = Resolution(
                len(resolutions) + 1,
                motion,
                self._titles.get(motion, ""),
                str(data.get("text", "")),
                entry.seq,
                str(data.get("at") or entry.at),
                body,
                entry.hash,
            )
            resolutions.append(resolution)
            return resolution
        return None


def register(entries: Iterable[Entry]) -> dict[str, list[Resolution]]:
    """Each body's resolutions in order of adoption, numbered from 1."""
    registrar = Registrar()
    for entry in entries:
        registrar.fold(entry)
    return registrar.resolutions
