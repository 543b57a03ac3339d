"""Writing tables as CSV (UTF-8) or XLSX, in the shape `spreadsheets.read_table` reads back."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from smolny.adapters.formulas import neutralised

FORMATS = ("csv", "xlsx")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def write_table(header: Sequence[str], rows: Sequence[Sequence[str]], fmt: str) -> bytes:
    """The table as a file of format `fmt` (`csv` or `xlsx`): the header, then the rows,
    each cell a spreadsheet would run as a formula written after a quote (`formulas`)."""
    rows = [[neutralised(cell) for cell in row] for row in rows]
    if fmt == "csv":
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
        return out.getvalue().encode("utf-8")
    if fmt == "xlsx":
        return _xlsx(header, rows)
    raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")


def _xlsx(header: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(list(header))
    for row in rows:
        # text cells throughout: a weight of "3" stays "3", and nothing is read as a formula
        sheet.append([_text_cell(sheet, value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _text_cell(sheet: object, value: str) -> object:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell
