"""Reading rosters from CSV and XLSX files into rows of text, numbered as a spreadsheet does."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass


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
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        lines = list(reader)
    except csv.Error as exc:
        raise SpreadsheetError(f"row {reader.line_num}: {exc}") from None
    return _table(iter(lines))


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise SpreadsheetError(f"not a readable XLSX workbook ({exc.__class__.__name__})") from None
    try:
        sheet = workbook.worksheets[0]
        lines = ([_cell_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True))
        return _table(lines)
    finally:
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
    columns = [h.strip() for h in header]
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in enumerate(lines, start=2):
        if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
            raise SpreadsheetError(f"row {number}: more cells than the header has columns")
        rows.append(
            (number, {col: (cells[i] if i < len(cells) else "") for i, col in enumerate(columns)})
        )
    return Table(columns, rows)
