"""`smolny import delegates`: a roster from CSV or XLSX, all rows valid or nothing written."""

from __future__ import annotations

from pathlib import Path

import click

from smolny.cli.common import db_option, import_table


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
    from smolny.domain import commands as c

    entries = import_table(
        db,
        file,
        lambda table: c.ImportRoster(body, tuple(table.header), tuple(table.rows), str(file)),
    )
    count = sum(len(e.data["delegates"]) for e in entries)
    click.echo(
        f"Imported {count} delegates from {file} "
        f"({len(entries)} journal entr{'y' if len(entries) == 1 else 'ies'})."
    )


# `smolny import mandates` lives with the mandates (smolny.cli.mandates)
from smolny.cli.mandates import import_mandates  # noqa: E402

import_.add_command(import_mandates)
