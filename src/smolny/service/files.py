"""Files in and out: rosters and mandates read from CSV or XLSX, delegates written back."""

from __future__ import annotations

from smolny.adapters.spreadsheet_writer import MEDIA_TYPES as MEDIA_TYPES
from smolny.adapters.spreadsheet_writer import write_table
from smolny.adapters.spreadsheets import SpreadsheetError as SpreadsheetError
from smolny.adapters.spreadsheets import Table as Table
from smolny.adapters.spreadsheets import read_table
from smolny.domain.errors import Invalid
from smolny.service.unit_of_work import UnitOfWork
from smolny.service.views import bodies


def table_of(data: bytes, name: str) -> Table:
    """The table in a CSV or XLSX file (`name` says which file in a problem);
    `SpreadsheetError` naming the line or cell if it cannot be read."""
    return read_table(data, name)


def roster_of(data: bytes, rule: str) -> Table:
    """The table in a file sent to be imported; one that cannot be read is refused (422)
    naming `rule`."""
    try:
        return read_table(data, "the file")
    except SpreadsheetError as exc:
        raise Invalid(rule, f"the file: {exc}", field="file") from None


def delegates_file(app: UnitOfWork, slug: str, fmt: str) -> tuple[bytes, int]:
    """A body's delegates and mandates as a CSV or XLSX file that the mandates import reads
    back, and how many rows it has; NotFound if there is no such body."""
    columns, rows = bodies.delegate_table(app, slug)
    return write_table(columns, rows, fmt), len(rows)
