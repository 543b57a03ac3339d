"""What a database stores beside each line of the journal, checked against the line.

The journal's table keeps each entry's `seq`, `hash`, `prev` and `kind` in columns of their
own (for lookups) beside the canonical `line` that is hashed; and each ballot box a flag
saying whether it is open. A tamperer editing a column and not the line (a kind renamed so a
screen skips an entry, a box reopened after its poll closed) leaves the chain intact: these
checks name the entry or the box whose columns disagree with the record.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from smolny.record import kinds as k
from smolny.record.entry import Entry
from smolny.record.verification import Problem


@dataclass(frozen=True)
class StoredColumns:
    """One row of the journal's table, without its line: what the database says beside it."""

    number: int  # the row's place, 1-based, in the order of seq
    seq: int
    hash: str
    prev: str
    kind: str


def column_problems(rows: Iterable[StoredColumns], entries: Sequence[Entry]) -> list[Problem]:
    """A problem for each row whose columns differ from the entry its line holds (rows past
    the chain's end are the chain's to report)."""
    problems: list[Problem] = []
    for row in rows:
        if row.number > len(entries):
            break
        entry = entries[row.number - 1]
        for column, stored, recorded in (
            ("seq", row.seq, entry.seq),
            ("hash", row.hash, entry.hash),
            ("prev", row.prev, entry.prev),
            ("kind", row.kind, entry.kind),
        ):
            if stored != recorded:
                problems.append(
                    Problem(
                        entry.seq,
                        f"entry {entry.seq} (row {row.number}): its stored {column} column "
                        f"says {stored!r} but the entry's line says {recorded!r}",
                    )
                )
    return problems


def box_flag_problems(boxes: Iterable[tuple[str, bool]], entries: Sequence[Entry]) -> list[Problem]:
    """A problem for each ballot box whose open flag disagrees with the journal: a box is
    closed if and only if an entry closed or cancelled its poll."""
    ended: dict[str, int] = {}
    for entry in entries:
        if entry.kind in (k.POLL_CLOSED, k.POLL_CANCELLED):
            poll = entry.data.get("poll")
            if isinstance(poll, str):
                ended.setdefault(poll, entry.seq)
    last = entries[-1].seq if entries else 1
    problems: list[Problem] = []
    for poll, is_open in sorted(boxes):
        if is_open and poll in ended:
            problems.append(
                Problem(
                    ended[poll],
                    f"box {poll}: stored as open, but entry {ended[poll]} ended its poll",
                )
            )
        elif not is_open and poll not in ended:
            problems.append(
                Problem(
                    last, f"box {poll}: stored as closed, but no entry closed or cancelled its poll"
                )
            )
    return problems
