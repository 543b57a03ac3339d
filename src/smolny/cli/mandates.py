"""`smolny import mandates`: mandates from CSV or XLSX, all rows valid or nothing written."""

from __future__ import annotations

from pathlib import Path

import click

from smolny.cli.common import db_option, open_app
from smolny.cli.errors import InputError


@click.command("mandates")
@db_option
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def import_mandates(db: str | None, file: Path) -> None:
    """Issue the mandates in FILE (CSV or XLSX: name, sending body, receiving body, faction,
    voting, weight, term, substitutes separated by ';').

    Every row is checked first; if any is bad, each bad row is listed and nothing is written.
    A row with no sending body registers a delegate without a mandate ('sent by' says whom
    they speak for), as `smolny import delegates` does.
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
        command = c.ImportMandates(tuple(table.header), tuple(table.rows), str(file))
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
    mandates = sum(1 for e in entries if e.kind == "mandate.issued")
    plain = sum(len(e.data["delegates"]) for e in entries if e.kind == "delegates.registered")
    click.echo(
        f"Imported {mandates} mandate(s)"
        + (f" and {plain} delegate(s) without a mandate" if plain else "")
        + f" from {file} ({len(entries)} journal entr{'y' if len(entries) == 1 else 'ies'}); "
        "each mandate awaits its credentials check."
    )
