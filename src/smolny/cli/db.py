"""`smolny db upgrade`: bring a database's schema up to date."""

from __future__ import annotations

import click

from smolny.cli.common import db_option, open_app


@click.group()
def db() -> None:
    """The database."""


@db.command("upgrade")
@db_option
def upgrade(db: str | None) -> None:
    """Create or migrate the schema (smolny serve does this too)."""
    app = open_app(db)
    app.close()
    click.echo("The schema is up to date.")
