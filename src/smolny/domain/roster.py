"""A roster of delegates to import: every row checked against the record before any is written.

Rows come from a spreadsheet (CSV or XLSX, read by an adapter) as dictionaries of text,
each with its row number. `check_roster` returns the delegates to register, body by body,
or every problem found, each naming its row and column: nothing is half-imported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from smolny.domain import commands as c
from smolny.domain.state import Assembly

COLUMNS = ("name", "faction", "voting", "weight", "sent_by", "body")
_YES = {"yes", "y", "true", "1", "voting", ""}
_NO = {"no", "n", "false", "0", "consultative"}


@dataclass(frozen=True)
class RowProblem:
    """What is wrong with one row (or the header, row 1) of a roster."""

    row: int
    column: str | None
    problem: str

    def describe(self) -> str:
        """`row 7, faction: ...`"""
        where = f"row {self.row}" + (f", {self.column}" if self.column else "")
        return f"{where}: {self.problem}"


@dataclass(frozen=True)
class Roster:
    """The delegates to register, by body, in file order."""

    by_body: dict[str, tuple[c.NewDelegate, ...]]

    @property
    def count(self) -> int:
        """How many delegates in all."""
        return sum(len(d) for d in self.by_body.values())


def check_roster(
    state: Assembly, body: str, header: Iterable[str], rows: Iterable[tuple[int, Mapping[str, str]]]
) -> Roster | list[RowProblem]:
    """The roster to import into `body` (or a `body` column's bodies), or every problem in it."""
    problems: list[RowProblem] = []
    columns = [h.strip().lower() for h in header]
    unknown = [h for h in columns if h not in COLUMNS]
    if unknown:
        problems.append(
            RowProblem(
                1, None, f"unknown column(s) {', '.join(unknown)}; expected {', '.join(COLUMNS)}"
            )
        )
    if "name" not in columns:
        problems.append(RowProblem(1, None, "no 'name' column"))
    if problems:
        return problems
    if body not in state.bodies:
        return [RowProblem(1, None, f"there is no body {body!r}")]
    seen: dict[tuple[str, str, str], int] = {}
    existing = {
        (d.body, d.name.casefold(), (d.sent_by or "").casefold()) for d in state.delegates.values()
    }
    by_body: dict[str, list[c.NewDelegate]] = {}
    for number, row in rows:
        cells = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k is not None}
        if not any(cells.values()):
            continue  # a blank line in a spreadsheet
        target = cells.get("body") or body
        row_problems = _check_row(state, number, target, cells)
        key = (target, cells.get("name", "").casefold(), cells.get("sent_by", "").casefold())
        if not row_problems:
            if key in existing:
                row_problems.append(
                    RowProblem(number, "name", f"{cells['name']} is a delegate of {target} already")
                )
            elif key in seen:
                row_problems.append(
                    RowProblem(number, "name", f"{cells['name']} is also on row {seen[key]}")
                )
        seen.setdefault(key, number)
        if row_problems:
            problems.extend(row_problems)
            continue
        by_body.setdefault(target, []).append(
            c.NewDelegate(
                name=cells["name"],
                faction=cells.get("faction") or None,
                voting=cells.get("voting", "").lower() in _YES,
                weight=int(cells.get("weight") or 1),
                sent_by=cells.get("sent_by") or None,
            )
        )
    if problems:
        return problems
    if not by_body:
        return [RowProblem(2, None, "the roster has no delegates")]
    return Roster({b: tuple(ds) for b, ds in by_body.items()})


def _check_row(
    state: Assembly, number: int, target: str, cells: Mapping[str, str]
) -> list[RowProblem]:
    problems: list[RowProblem] = []
    body = state.bodies.get(target)
    if body is None:
        problems.append(RowProblem(number, "body", f"there is no body {target!r}"))
    for column, text in cells.items():
        if len(text) > 200:
            problems.append(RowProblem(number, column, "longer than 200 characters"))
        elif any(ord(ch) < 32 for ch in text):
            problems.append(RowProblem(number, column, "holds a line break or a control character"))
    name = cells.get("name", "")
    if not name:
        problems.append(RowProblem(number, "name", "the name is missing"))
    faction = cells.get("faction", "")
    if faction and body is not None and faction not in body.factions:
        known = ", ".join(sorted(body.factions)) or "none"
        problems.append(
            RowProblem(number, "faction", f"{target} has no faction {faction!r} (it has {known})")
        )
    voting = cells.get("voting", "").lower()
    if voting not in _YES | _NO:
        problems.append(RowProblem(number, "voting", f"{cells['voting']!r}: expected yes or no"))
    weight = cells.get("weight", "")
    if weight and not (weight.isascii() and weight.isdecimal() and 1 <= int(weight) <= 1_000_000):
        problems.append(RowProblem(number, "weight", f"{weight!r}: expected a whole number from 1"))
    return problems
