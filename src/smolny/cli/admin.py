"""`smolny admin`: staff accounts, created from the command line of the server; an account's
login lockouts lifted, and a locked-out administrator's password reset."""

from __future__ import annotations

import click

from smolny.cli.common import db_option, open_app, refusals_as_input_errors
from smolny.service.permissions import ACCOUNT_ROLES as ROLES


@click.group()
def admin() -> None:
    """Staff accounts: create, unlock, reset."""


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


@admin.command("unlock")
@db_option
@click.option("--username", required=True, help="The account whose lockouts to lift.")
@refusals_as_input_errors
def unlock(db: str | None, username: str) -> None:
    """Lift the account's login lockouts, from every address (recorded in the journal)."""
    app = open_app(db, must_exist=True)
    try:
        lifted = app.accounts.login_guard.lift("account:" + username.strip().casefold())
    finally:
        app.close()
    click.echo(f"Lifted {lifted} lockout(s) of {username!r}.")


@admin.command("reset")
@db_option
@click.option("--username", required=True, help="The account whose password to reset.")
@refusals_as_input_errors
def reset(db: str | None, username: str) -> None:
    """Give the account a new one-time password (its logins end, its lockouts are lifted)
    and print it: for an administrator locked out or who lost the password."""
    app = open_app(db, must_exist=True)
    try:
        password = app.accounts.reset_password(username)
        app.accounts.login_guard.lift("account:" + username.strip().casefold())
    finally:
        app.close()
    click.echo(f"New one-time password for {username!r}, shown only now (changed at the login):")
    click.echo(f"    {password}")
