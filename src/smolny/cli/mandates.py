"""`smolny import mandates`: mandates from CSV or XLSX, all rows valid or nothing written."""

from __future__ import annotations

from pathlib import Path

import click

from smolny.cli.common import db_option, import_table
from smolny.record import kinds as k


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
    from smolny.domain import commands as c

    entries = import_table(
        db, file, lambda table: c.ImportMandates(tuple(table.header), tuple(table.rows), str(file))
    )
    mandates = sum(1 for e in entries if e.kind == k.MANDATE_ISSUED)
    plain = sum(len(e.data["delegates"]) for e in entries if e.kind == k.DELEGATES_REGISTERED)
    click.echo(
        f"Imported {mandates} mandate(s)"
        + (f" and {plain} delegate(s) without a mandate" if plain else "")
        + f" from {file} ({len(entries)} journal entr{'y' if len(entries) == 1 else 'ies'}); "
        "each mandate awaits its credentials check."
    )
