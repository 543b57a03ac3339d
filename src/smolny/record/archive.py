"""The archive: a whole record (journal and ballot boxes) as one JSON Lines file.

docs/record-format.md, section 6, specifies it. In short, every line is canonical JSON
followed by one line feed:

1. the header `{"archive":"smolny-record","v":1}`;
2. every journal entry, in `seq` order, exactly as hashed (the lines of a journal export);
3. for each ballot box, in the order its poll first appears in the journal: the box line
   `{"ballots":N,"box":POLL,"roll":M}`, then its N ballots by hash
   `{"ballot":TEXT,"hash":HASH,"poll":POLL}` (TEXT the ballot's canonical JSON, as a
   string), then a secret poll's M roll names by voter `{"cast_by":HOLDER|null,"poll":POLL,
   "roll":VOTER}`;
4. the end line `{"end":{"boxes":K,"entries":N,"head":HASH,"sha256":DIGEST}}`, DIGEST
   being the SHA-256 of every byte before it.

Reading stops at the first line that breaks this shape and names it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from smolny.record import canonical
from smolny.record.chain import ChainReport, UnusableInput, walk

HEADER: dict[str, Any] = {"archive": "smolny-record", "v": 1}


class ArchiveError(ValueError):
    """An archive that is corrupted or truncated: the first bad line, and why."""

    def __init__(self, line: int, where: str, reason: str) -> None:
        super().__init__(f"{where} (line {line}): {reason}")
        self.line = line


@dataclass(frozen=True)
class Box:
    """One poll's box as the archive holds it."""

    poll: str
    ballots: list[tuple[str, str]]  # (hash, canonical text), by hash
    roll: list[tuple[str, str | None]]  # (voter, proxy holder or None), by voter


@dataclass
class Archive:
    """An archive read back: its chain, walked, and its boxes."""

    chain: ChainReport
    boxes: dict[str, Box] = field(default_factory=dict)
    box_lines: dict[str, int] = field(default_factory=dict)  # poll -> its box line
    # the end line's digest, when it alone does not match: reported only if no entry or
    # box is found bad first (those name the damage more precisely)
    digest_problem: str | None = None

    def ballots(self, poll: str) -> list[tuple[str, str]]:
        """(hash, text) of the poll's ballots; none if the archive holds no box for it."""
        box = self.boxes.get(poll)
        return list(box.ballots) if box else []

    def roll(self, poll: str) -> list[tuple[str, str | None]]:
        """The poll's roll; empty if the archive holds no box for it."""
        box = self.boxes.get(poll)
        return list(box.roll) if box else []


def _line(value: Any) -> bytes:
    return canonical.encode(value) + b"\n"


def write(entry_lines: Iterable[str], boxes: Iterable[Box]) -> Iterator[bytes]:
    """The archive's lines, as bytes, from the journal's lines and the boxes."""
    digest = hashlib.sha256()
    count, head, box_count = 0, "0" * 64, 0

    def emit(raw: bytes) -> bytes:
        digest.update(raw)
        return raw

    yield emit(_line(HEADER))
    for text in entry_lines:
        count += 1
        head = canonical.loads(text)["hash"]
        yield emit(text.encode("utf-8") + b"\n")
    for box in boxes:
        box_count += 1
        yield emit(_line({"box": box.poll, "ballots": len(box.ballots), "roll": len(box.roll)}))
        for ballot_hash, text in box.ballots:
            yield emit(_line({"ballot": text, "hash": ballot_hash, "poll": box.poll}))
        for voter, cast_by in box.roll:
            yield emit(_line({"roll": voter, "cast_by": cast_by, "poll": box.poll}))
    end = {"boxes": box_count, "entries": count, "head": head, "sha256": digest.hexdigest()}
    yield _line({"end": end})


def read(raw_lines: Iterable[bytes]) -> Archive:
    """Read an archive's lines (each with its line feed); ArchiveError at the first line that
    is corrupted, out of place or missing, UnusableInput if it is not an archive at all.

    The chain is walked but not judged here: `Archive.chain.broken` names its first bad
    entry, which the caller reports if it comes before any later problem.
    """
    reader = _Reader()
    try:
        for raw in raw_lines:
            reader.feed(raw)
        reader.finish()
    except ArchiveError:
        reader.walk()
        if reader.archive.chain.broken is not None:
            return reader.archive  # the chain broke before the shape did: name that first
        raise
    return reader.archive


@dataclass
class _Reader:
    archive: Archive = field(default_factory=lambda: Archive(ChainReport()))
    number: int = 0
    digest: Any = field(default_factory=hashlib.sha256)
    entries: list[tuple[int, str]] = field(default_factory=list)
    box: Box | None = None
    expected: tuple[int, int] = (0, 0)  # ballots and roll names the open box declared
    ended: bool = False
    walked: bool = False

    def where(self) -> str:
        if self.box is not None:
            return f"in the box of poll {self.box.poll}"
        if self.entries and not self.archive.boxes:
            return f"after entry {len(self.entries)}"
        return "the archive"

    def fail(self, reason: str, where: str | None = None) -> ArchiveError:
        return ArchiveError(self.number, where or self.where(), reason)

    def walk(self) -> None:
        if self.walked:
            return
        self.walked = True
        try:
            self.archive.chain = walk(self.entries)
        except UnusableInput as exc:
            first = self.entries[0][0] if self.entries else 2
            raise ArchiveError(first, "entry 1", str(exc)) from None

    def feed(self, raw: bytes) -> None:
        self.number += 1
        if self.ended:
            raise self.fail("a line after the end line")
        if not raw.endswith(b"\n"):
            raise self.fail("the line is cut short (no line feed): the archive is truncated")
        try:
            text = raw[:-1].decode("utf-8")
            value = canonical.loads(text)
        except (ValueError, canonical.CanonicalError) as exc:
            if self.number == 1:
                raise UnusableInput(f"line 1: not a smolny archive ({exc})") from None
            raise self.fail(f"unreadable ({exc})", self._guess()) from None
        if not isinstance(value, dict):
            raise self.fail("not a JSON object", self._guess())
        if self.number == 1:
            if value != HEADER:
                raise UnusableInput("line 1: not a smolny archive (no archive header)")
            self.digest.update(raw)
            return
        if "end" in value:
            self._end(value)
            return
        self.digest.update(raw)
        if "seq" in value:
            if self.archive.boxes or self.box is not None:
                raise self.fail("a journal entry among the boxes", f"entry {value.get('seq')}")
            self.entries.append((self.number, text))
            return
        if canonical.dumps(value) != text:
            raise self.fail("not in canonical form (the line was edited)")
        self._box_line(value)

    def _guess(self) -> str:
        if self.box is None and not self.archive.boxes:
            return f"entry {len(self.entries) + 1}, by its place"
        return self.where()

    def _box_line(self, value: dict[str, Any]) -> None:
        keys = set(value)
        if keys == {"box", "ballots", "roll"}:
            self._close_box()
            poll, ballots, roll = value["box"], value["ballots"], value["roll"]
            if not isinstance(poll, str) or type(ballots) is not int or type(roll) is not int:
                raise self.fail("a malformed box line")
            if poll in self.archive.boxes:
                raise self.fail(f"a second box for poll {poll}")
            if ballots < 0 or roll < 0:
                raise self.fail("a malformed box line")
            self.walk()  # the journal is complete: walk it now, before the boxes
            self.box = Box(poll, [], [])
            self.expected = (ballots, roll)
            self.archive.box_lines[poll] = self.number
            return
        box = self.box
        if box is None:
            raise self.fail("a ballot or roll line outside any box")
        if keys == {"ballot", "hash", "poll"}:
            if value["poll"] != box.poll or box.roll or len(box.ballots) >= self.expected[0]:
                raise self.fail("a ballot out of place (another poll's, or more than declared)")
            if not isinstance(value["ballot"], str) or not isinstance(value["hash"], str):
                raise self.fail("a malformed ballot line")
            if box.ballots and value["hash"] <= box.ballots[-1][0]:
                raise self.fail("ballots out of order (or a ballot twice)")
            box.ballots.append((value["hash"], value["ballot"]))
        elif keys == {"roll", "cast_by", "poll"}:
            if value["poll"] != box.poll or len(box.roll) >= self.expected[1]:
                raise self.fail("a roll name out of place (another poll's, or more than declared)")
            if len(box.ballots) != self.expected[0]:
                raise self.fail(
                    f"the box declares {self.expected[0]} ballots but holds {len(box.ballots)}"
                )
            voter, cast_by = value["roll"], value["cast_by"]
            if not isinstance(voter, str) or not (cast_by is None or isinstance(cast_by, str)):
                raise self.fail("a malformed roll line")
            if box.roll and voter <= box.roll[-1][0]:
                raise self.fail("roll names out of order (or a name twice)")
            box.roll.append((voter, cast_by))
        else:
            raise self.fail("neither an entry, a box, a ballot, a roll name nor the end")

    def _close_box(self) -> None:
        box = self.box
        if box is None:
            return
        if (len(box.ballots), len(box.roll)) != self.expected:
            raise self.fail(
                f"the box of poll {box.poll} declares {self.expected[0]} ballots and "
                f"{self.expected[1]} roll names but holds {len(box.ballots)} and {len(box.roll)}",
                f"box {box.poll}",
            )
        self.archive.boxes[box.poll] = box
        self.box = None

    def _end(self, value: dict[str, Any]) -> None:
        self._close_box()
        self.walk()
        end = value.get("end")
        chain = self.archive.chain
        if set(value) != {"end"} or not isinstance(end, dict):
            raise self.fail("a malformed end line", "the end line")
        expected = {
            "boxes": len(self.archive.boxes),
            "entries": len(self.entries),
            "head": chain.head if chain.ok else end.get("head"),
            "sha256": end.get("sha256"),
        }
        if end.get("sha256") != self.digest.hexdigest():
            self.archive.digest_problem = str(
                self.fail("its digest does not match the lines before it", "the end line")
            )
        if chain.ok and end != expected:
            differ = sorted(
                k for k in expected.keys() | end.keys() if end.get(k) != expected.get(k)
            )
            raise self.fail(
                f"the end line does not match the archive ({', '.join(differ)}): "
                "lines were removed, added or changed",
                "the end line",
            )
        self.ended = True

    def finish(self) -> None:
        if self.number == 0:
            raise UnusableInput("empty: not a smolny archive")
        if not self.ended:
            self.number += 1
            last = f"entry {len(self.entries)}" if self.entries else "the header"
            if self.box is not None or self.archive.boxes:
                last = self.where() if self.box is not None else "the last box"
            raise self.fail(f"the archive is truncated: it ends after {last}, with no end line")
