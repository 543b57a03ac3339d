"""Reading rosters from CSV and XLSX files into rows of text, numbered as a spreadsheet does.

A cell an export neutralised (a quote before what a spreadsheet would run as a formula,
see `formulas`) is read back as it was before.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from smolny.adapters.formulas import restored

MAX_COLUMNS = 64  # a roster has six columns; a sheet padded to 16,384 is not read that far
MAX_ROWS = 200_001


class SpreadsheetError(ValueError):
    """A file that cannot be read as a table (the message names the row where it can)."""


@dataclass(frozen=True)
class Table:
    """A header and numbered rows (row 1 is the header, so data starts at row 2)."""

    header: list[str]
    rows: list[tuple[int, dict[str, str]]]


def read_table(data: bytes, name: str) -> Table:
    """Read `data` as XLSX (by its signature) or else as UTF-8 CSV."""
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    return _read_csv(data)


def _read_csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise SpreadsheetError(f"row {row}: not UTF-8 text (save the file as CSV UTF-8)") from None
    if not text.strip():
        raise SpreadsheetError("the file is empty")
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # strict: an unclosed quote is an error, not a cell that swallows the rows after it;
    # only the delimiter is guessed: cells are quoted with '"' (RFC 4180), whatever the
    # sniffer makes of a file full of apostrophes (O'Brien, or a neutralised '=formula)
    reader = csv.reader(
        io.StringIO(text),
        delimiter=dialect.delimiter,
        quotechar='"',
        doublequote=True,
        skipinitialspace=dialect.skipinitialspace,
        strict=True,
    )
    try:
        lines = list(reader)
    except csv.Error as exc:
        raise SpreadsheetError(f"row {reader.line_num}: {exc}") from None
    return _table(iter(lines))


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    # openpyxl parses a read-only sheet lazily, so every step of the reading can fail
    workbook = None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        lines = (
            [_cell_text(cell) for cell in row]
            for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS, max_row=MAX_ROWS)
        )
        return _table(lines)
    except SpreadsheetError:
        raise
    except Exception as exc:  # a damaged workbook raises whatever its parser meets
        raise SpreadsheetError(f"not a readable XLSX workbook ({exc.__class__.__name__})") from None
    finally:
        if workbook is not None:
            workbook.close()


def _cell_text(cell: object) -> str:
    # A spreadsheet stores 3 as 3.0 as often as not; a weight is a whole number either way.
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _table(lines: Iterator[list[str]]) -> Table:
    header = next(lines, None)
    if header is None or not any(h.strip() for h in header):
        raise SpreadsheetError("row 1: no header (expected columns such as name, faction)")
    named = [h.strip() for h in header]
    seen: set[str] = set()
    for name in named:
        if name and name.lower() in seen:
            raise SpreadsheetError(f"row 1: the column {name!r} appears twice")
        seen.add(name.lower())
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in enumerate(lines, start=2):
        for index, cell in enumerate(cells):
            if cell.strip() and (index >= len(named) or not named[index]):
                raise SpreadsheetError(
                    f"row {number}: column {_letter(index)} holds data but has no header"
                )
        rows.append(
            (
                number,
                {
                    col: (restored(cells[i]) if i < len(cells) else "")
                    for i, col in enumerate(named)
                    if col
                },
            )
        )
    return Table([n for n in named if n], rows)


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
