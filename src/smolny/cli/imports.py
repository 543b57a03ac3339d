"""`smolny import delegates`: a roster from CSV or XLSX, all rows valid or nothing written."""

from __future__ import annotations

from pathlib import Path

import click

from smolny.cli.common import db_option, open_app
from smolny.cli.errors import InputError


@click.group("import")
def import_() -> None:
    """Import records from files."""


@import_.command("delegates")
@db_option
@click.option(
    "--body", required=True, help="The body the delegates join (unless a row's body column says)."
)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def delegates(db: str | None, body: str, file: Path) -> None:
    """Register the delegates in FILE (CSV or XLSX: name, faction, voting, weight, sent_by, body).

    Every row is checked first; if any is bad, each bad row is listed and nothing is written.
    """
    from smolny.adapters.spreadsheets import SpreadsheetError, read_table
    from smolny.domain import commands as c
    from smolny.domain.errors import Refusal

    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{file}: no such file") from None
    except OSError as exc:
        raise InputError(f"{file}: cannot read ({exc.strerror})") from None
    try:
        table = read_table(data, str(file))
    except SpreadsheetError as exc:
        raise InputError(f"{file}, {exc}") from None
    app = open_app(db)
    try:
        command = c.ImportRoster(body, tuple(table.header), tuple(table.rows), str(file))
        entries = app.execute(command)
    except Refusal as exc:
        if exc.errors:
            for error in exc.errors:
                column = f", {error['column']}" if error.get("column") else ""
                click.echo(
                    f"smolny: {file}, row {error['row']}{column}: {error['problem']}", err=True
                )
            rows = len({error["row"] for error in exc.errors})
            click.echo(
                f"smolny: {file}: {len(exc.errors)} problem(s) in {rows} row(s); "
                "nothing was imported",
                err=True,
            )
            raise SystemExit(2) from None
        raise InputError(f"{file}: {exc.message}") from None
    finally:
        app.close()
    count = sum(len(e.data["delegates"]) for e in entries)
    click.echo(
        f"Imported {count} delegates from {file} "
        f"({len(entries)} journal entr{'y' if len(entries) == 1 else 'ies'})."
    )


# `smolny import mandates` lives with the mandates (smolny.cli.mandates)
from smolny.cli.mandates import import_mandates  # noqa: E402

import_.add_command(import_mandates)
