"""`smolny admin`: staff accounts, created from the command line of the server."""

from __future__ import annotations

import click

from smolny.cli.common import db_option, open_app, refusals_as_input_errors
from smolny.service.permissions import ACCOUNT_ROLES as ROLES


@click.group()
def admin() -> None:
    """Staff accounts."""


@admin.command("create")
@db_option
@click.option("--username", required=True, help="The account's user name.")
@click.option("--role", type=click.Choice(ROLES), default="admin", show_default=True)
@refusals_as_input_errors
def create(db: str | None, username: str, role: str) -> None:
    """Create an account and print its one-time password (changed at the first login)."""
    app = open_app(db)
    try:
        ident, password = app.accounts.create_account(username, role)
    finally:
        app.close()
    click.echo(f"Created {role} account {username!r} ({ident}). One-time password, shown only now:")
    click.echo(f"    {password}")
