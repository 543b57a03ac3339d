"""`smolny export delegates`: a body's delegates and mandates as CSV or XLSX."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from smolny.cli.common import db_option, open_app
from smolny.cli.errors import InputError


@click.group("export")
def export() -> None:
    """Export records as files."""


@export.command("delegates")
@db_option
@click.option("--body", required=True, help="The body whose delegates to export.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "xlsx"]),
    default=None,
    help="csv or xlsx (default: by the output file's name, else csv).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="The file to write (default: standard output).",
)
def delegates(db: str | None, body: str, fmt: str | None, output: Path | None) -> None:
    """Write BODY's delegates with their faction, mandate, sending body, status, weight and
    vote; `smolny import mandates` reads the file back (every mandate then awaits its
    credentials check)."""
    from smolny.domain.errors import NotFound
    from smolny.service.files import delegates_file

    if fmt is None:
        fmt = "xlsx" if output is not None and output.suffix.lower() == ".xlsx" else "csv"
    if fmt == "xlsx" and output is None and sys.stdout.isatty():
        raise InputError("an XLSX file is not for a terminal: give -o FILE")
    app = open_app(db, must_exist=True)
    try:
        data, rows = delegates_file(app, body, fmt)
    except NotFound:
        raise InputError(f"there is no body {body!r}") from None
    finally:
        app.close()
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise InputError(f"{output}: cannot write ({exc.strerror})") from None
    click.echo(f"Wrote {rows} delegate(s) of {body} to {output}.", err=True)
