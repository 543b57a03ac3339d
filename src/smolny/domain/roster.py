"""A roster of delegates to import: every row checked against the record before any is written.

Rows come from a spreadsheet (CSV or XLSX, read by an adapter) as dictionaries of text,
each with its row number. `check_roster` returns the delegates to register, body by body,
or every problem found, each naming its row and column: nothing is half-imported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from smolny.domain import commands as c
from smolny.domain.checks import hidden_character, trimmed
from smolny.domain.errors import Invalid
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
    # the key of the problem's words in another language, and what they name (the words of
    # a refusal: `smolny.i18n.words.refusal`, context "refusal" or "refusal+")
    code: str = ""
    values: tuple[tuple[str, str], ...] = ()

    def describe(self) -> str:
        """`row 7, faction: ...`"""
        where = f"row {self.row}" + (f", {self.column}" if self.column else "")
        return f"{where}: {self.problem}"


# What a roster and a file of mandates check alike: the header, a row's cells, and the
# refusal that lists every problem.


def header_problems(
    columns: Sequence[str], known: Sequence[str], required: Sequence[str]
) -> list[RowProblem]:
    """Columns not among `known`, and `required` ones missing (as row 1's problems)."""
    problems: list[RowProblem] = []
    unknown = [h for h in columns if h not in known]
    if unknown:
        problems.append(
            RowProblem(
                1,
                None,
                f"unknown column(s) {', '.join(unknown)}; expected {', '.join(known)}",
                "row-unknown-columns",
                (("columns", ", ".join(unknown)), ("known", ", ".join(known))),
            )
        )
    missing = [h for h in required if h not in columns]
    if missing:
        problems.append(
            RowProblem(
                1,
                None,
                f"no {', '.join(repr(m) for m in missing)} column",
                "row-missing-columns",
                (("columns", ", ".join(missing)),),
            )
        )
    return problems


def text_problems(
    number: int, cells: Mapping[str, str], limits: Mapping[str, int] | None = None
) -> list[RowProblem]:
    """Cells too long (200 characters, unless `limits` says), holding a control character or
    one that changes how the text is shown (`checks.hidden_character`), and a missing name."""
    problems: list[RowProblem] = []
    for column, text in cells.items():
        limit = (limits or {}).get(column, 200)
        if len(text) > limit:
            problems.append(
                RowProblem(
                    number,
                    column,
                    f"longer than {limit} characters",
                    "row-too-long",
                    (("limit", str(limit)),),
                )
            )
        elif any(ord(ch) < 32 for ch in text):
            problems.append(
                RowProblem(
                    number, column, "holds a line break or a control character", "row-control"
                )
            )
        elif (hidden := hidden_character(text)) is not None:
            problems.append(
                RowProblem(
                    number, column, f"holds {hidden}, which changes how it is shown", "row-hidden"
                )
            )
    if not cells.get("name"):
        problems.append(RowProblem(number, "name", "the name is missing", "row-name-missing"))
    return problems


def voting_and_weight_problems(number: int, cells: Mapping[str, str]) -> list[RowProblem]:
    """A `voting` cell that says neither yes nor no; a `weight` not from 1 to 1,000,000."""
    problems: list[RowProblem] = []
    voting = cells.get("voting", "").lower()
    if voting not in _YES | _NO:
        problems.append(
            RowProblem(
                number,
                "voting",
                f"{cells['voting']!r}: expected yes or no",
                "row-voting",
                (("value", cells["voting"]),),
            )
        )
    weight = cells.get("weight", "")
    if weight and not (weight.isascii() and weight.isdecimal() and 1 <= int(weight) <= 1_000_000):
        problems.append(
            RowProblem(
                number,
                "weight",
                f"{weight!r}: expected a whole number from 1",
                "row-weight",
                (("value", weight),),
            )
        )
    return problems


def is_voting(cells: Mapping[str, str]) -> bool:
    """Whether a row's (checked) `voting` cell says yes; an empty one does."""
    return cells.get("voting", "").lower() in _YES


def nothing_imported(field: str, source: str, problems: Sequence[RowProblem]) -> Invalid:
    """The refusal of a whole file for its problems: the first five told, every one listed."""
    lines = [p.describe() for p in problems]
    return Invalid(
        field,
        f"{source}: {len(problems)} problem(s), nothing imported: "
        + "; ".join(lines[:5])
        + ("; ..." if len(lines) > 5 else ""),
        field="file",
        errors=[
            {
                "row": p.row,
                "column": p.column,
                "problem": p.problem,
                "code": p.code or field,
                "values": dict(p.values),
            }
            for p in problems
        ],
    )


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
    columns = [h.strip().lower() for h in header]
    problems = header_problems(columns, COLUMNS, ("name",))
    if problems:
        return problems
    if body not in state.bodies:
        return [RowProblem(1, None, f"there is no body {body!r}", "row-body", (("body", body),))]
    seen: dict[tuple[str, str, str], int] = {}
    existing = {
        (d.body, d.name.casefold(), (d.sent_by or "").casefold()) for d in state.delegates.values()
    }
    by_body: dict[str, list[c.NewDelegate]] = {}
    for number, row in rows:
        cells = {k.strip().lower(): trimmed(v or "") for k, v in row.items() if k is not None}
        if not any(cells.values()):
            continue  # a blank line in a spreadsheet
        target = cells.get("body") or body
        row_problems = _check_row(state, number, target, cells)
        key = (target, cells.get("name", "").casefold(), cells.get("sent_by", "").casefold())
        if not row_problems:
            if key in existing:
                row_problems.append(
                    RowProblem(
                        number,
                        "name",
                        f"{cells['name']} is a delegate of {target} already",
                        "row-registered",
                        (("name", cells["name"]), ("body", target)),
                    )
                )
            elif key in seen:
                row_problems.append(
                    RowProblem(
                        number,
                        "name",
                        f"{cells['name']} is also on row {seen[key]}",
                        "row-twice",
                        (("name", cells["name"]), ("row", str(seen[key]))),
                    )
                )
        seen.setdefault(key, number)
        if row_problems:
            problems.extend(row_problems)
            continue
        by_body.setdefault(target, []).append(
            c.NewDelegate(
                name=cells["name"],
                faction=cells.get("faction") or None,
                voting=is_voting(cells),
                weight=int(cells.get("weight") or 1),
                sent_by=cells.get("sent_by") or None,
            )
        )
    if problems:
        return problems
    if not by_body:
        return [RowProblem(2, None, "the roster has no delegates", "row-no-delegates")]
    return Roster({b: tuple(ds) for b, ds in by_body.items()})


def _check_row(
    state: Assembly, number: int, target: str, cells: Mapping[str, str]
) -> list[RowProblem]:
    problems: list[RowProblem] = []
    body = state.bodies.get(target)
    if body is None:
        problems.append(
            RowProblem(
                number, "body", f"there is no body {target!r}", "row-body", (("body", target),)
            )
        )
    problems.extend(text_problems(number, cells))
    faction = cells.get("faction", "")
    if faction and body is not None and faction not in body.factions:
        known = ", ".join(sorted(body.factions)) or "none"
        problems.append(
            RowProblem(
                number,
                "faction",
                f"{target} has no faction {faction!r} (it has {known})",
                "row-faction",
                (("faction", faction), ("known", known)),
            )
        )
    problems.extend(voting_and_weight_problems(number, cells))
    return problems
