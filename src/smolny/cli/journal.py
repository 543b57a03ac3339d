"""`smolny journal export`: the journal as JSON Lines, exactly as hashed."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from smolny.cli.errors import InputError


@click.group()
def journal() -> None:
    """Read the journal."""


@journal.command("export")
@click.option("--db", required=True, metavar="PATH|URL", help="The database to read.")
def export(db: str) -> None:
    """Write every entry, one canonical JSON line each, to standard output."""
    from sqlalchemy import inspect
    from sqlalchemy.exc import SQLAlchemyError

    from smolny.adapters import journal as store
    from smolny.adapters.database import database_url, read_transaction, single_connection_engine

    url = database_url(db)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        raise InputError(f"{db}: no such database")
    engine = single_connection_engine(url)
    out = sys.stdout
    try:
        with read_transaction(engine) as conn:
            if not inspect(conn).has_table("journal"):
                raise InputError(f"{db}: not a smolny database (no journal)")
            for _, line in store.stream(conn):
                out.write(line + "\n")
    except SQLAlchemyError as exc:
        raise InputError(f"{db}: cannot read this database ({exc.__class__.__name__})") from None
    finally:
        engine.dispose()
    out.flush()
