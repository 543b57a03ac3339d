"""`smolny journal export`: the journal as JSON Lines, exactly as hashed."""

from __future__ import annotations

import sys

import click

from smolny.cli.common import reading_stored


@click.group()
def journal() -> None:
    """Read the journal."""


@journal.command("export")
@click.option("--db", required=True, metavar="PATH|URL", help="The database to read.")
def export(db: str) -> None:
    """Write every entry, one canonical JSON line each, to standard output."""
    out = sys.stdout
    with reading_stored(db) as stored:
        for _, line in stored.lines():
            out.write(line + "\n")
    out.flush()
