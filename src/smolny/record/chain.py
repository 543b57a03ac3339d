"""Checking a journal's hash chain from its lines alone.

This module is the verifier of docs/record-format.md: it trusts nothing but the
lines it is given, and stops at the first entry that breaks the chain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from smolny.record import canonical
from smolny.record.entry import FIELDS, FORMAT_VERSION, GENESIS, Entry, entry_hash

_HEX64 = re.compile(r"[0-9a-f]{64}")
_KIND = re.compile(r"[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+")
_AT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z")
_ACTOR = re.compile(r"(account|delegate):[a-z0-9]+|system")


class UnusableInput(ValueError):
    """The input is not a journal at all (not JSON Lines, not entries): exit status 2."""


@dataclass(frozen=True)
class ChainBreak:
    """The first entry at which the chain does not hold, and why."""

    line: int  # 1-based line (or row) where the bad entry stands
    seq: int | None  # the seq the entry claims, when it has one
    reason: str

    def describe(self) -> str:
        """One line naming the entry and what is wrong with it."""
        where = f"entry {self.seq}" if self.seq is not None else "an entry"
        return f"{where} (line {self.line}): {self.reason}"


@dataclass
class ChainReport:
    """What a walk along the chain found."""

    entries: list[Entry] = field(default_factory=list)
    broken: ChainBreak | None = None

    @property
    def ok(self) -> bool:
        """True when every entry linked to the one before."""
        return self.broken is None

    @property
    def head(self) -> str:
        """The hash of the last good entry (GENESIS for an empty journal)."""
        return self.entries[-1].hash if self.entries else GENESIS


def parse_line(text: str, line: int) -> dict[str, Any]:
    """Parse one line of JSON Lines into an entry object, or raise UnusableInput."""
    try:
        value = canonical.loads(text)
    except (ValueError, canonical.CanonicalError) as exc:
        raise UnusableInput(f"line {line}: not a JSON object ({exc})") from None
    if not isinstance(value, dict):
        raise UnusableInput(f"line {line}: not a JSON object")
    return value


def _shape_problem(obj: dict[str, Any]) -> str | None:
    missing = [name for name in FIELDS if name not in obj]
    if missing:
        return f"missing field(s) {', '.join(missing)}"
    extra = sorted(set(obj) - set(FIELDS))
    if extra:
        return f"unknown field(s) {', '.join(extra)}"
    if type(obj["v"]) is not int or obj["v"] != FORMAT_VERSION:
        return f"format version {obj['v']!r}, this verifier reads {FORMAT_VERSION}"
    checks = (
        (isinstance(obj["seq"], int) and not isinstance(obj["seq"], bool), "seq is not an integer"),
        (isinstance(obj["at"], str) and bool(_AT.fullmatch(obj["at"])), "at is not a UTC time"),
        (isinstance(obj["kind"], str) and bool(_KIND.fullmatch(obj["kind"])), "kind is malformed"),
        (
            isinstance(obj["actor"], str) and bool(_ACTOR.fullmatch(obj["actor"])),
            "actor is malformed",
        ),
        (isinstance(obj["data"], dict), "data is not an object"),
        (isinstance(obj["prev"], str) and bool(_HEX64.fullmatch(obj["prev"])), "prev is malformed"),
        (isinstance(obj["hash"], str) and bool(_HEX64.fullmatch(obj["hash"])), "hash is malformed"),
    )
    for passed, problem in checks:
        if not passed:
            return problem
    return None


def walk(lines: Iterable[tuple[int, str]]) -> ChainReport:
    """Check the chain over numbered lines; stop at the first break.

    Raises UnusableInput when the first line is not an entry at all (the input is
    not a journal); later lines that are not entries are reported as breaks.
    """
    report = ChainReport()
    expected_seq = 1
    prev_hash = GENESIS
    for number, text in lines:
        try:
            obj = parse_line(text, number)
        except UnusableInput as exc:
            if not report.entries:
                raise
            report.broken = ChainBreak(number, None, f"unreadable ({exc})")
            return report
        problem = _shape_problem(obj)
        if problem is not None:
            if not report.entries and "missing field" in problem and "seq" not in obj:
                raise UnusableInput(f"line {number}: not a journal entry ({problem})")
            report.broken = ChainBreak(number, _seq_of(obj), problem)
            return report
        seq: int = obj["seq"]
        unhashed = {name: obj[name] for name in FIELDS if name != "hash"}
        try:
            is_canonical = canonical.dumps(obj) == text
        except canonical.CanonicalError as exc:
            report.broken = ChainBreak(number, seq, f"holds what the record cannot ({exc})")
            return report
        if not is_canonical:
            report.broken = ChainBreak(number, seq, "not in canonical form (the line was edited)")
            return report
        if entry_hash(unhashed) != obj["hash"]:
            report.broken = ChainBreak(
                number, seq, "its hash does not match its content: the entry was altered"
            )
            return report
        if seq != expected_seq:
            if seq > expected_seq:
                reason = (
                    f"expected entry {expected_seq} here: "
                    f"{seq - expected_seq} entr{'y' if seq - expected_seq == 1 else 'ies'} "
                    "before it removed, or entries reordered"
                )
            else:
                reason = f"expected entry {expected_seq} here: an entry was inserted or reordered"
            report.broken = ChainBreak(number, seq, reason)
            return report
        if obj["prev"] != prev_hash:
            report.broken = ChainBreak(
                number,
                seq,
                "its prev does not match the hash of the entry before: "
                "an entry was removed, inserted or replaced",
            )
            return report
        report.entries.append(
            Entry(seq, obj["at"], obj["kind"], obj["actor"], obj["data"], obj["prev"], obj["hash"])
        )
        prev_hash = obj["hash"]
        expected_seq += 1
    return report


def _seq_of(obj: dict[str, Any]) -> int | None:
    seq = obj.get("seq")
    return seq if isinstance(seq, int) and not isinstance(seq, bool) else None
