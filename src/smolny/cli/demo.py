"""`smolny demo`: load the Second Congress of Soviets and serve it."""

from __future__ import annotations

from typing import Any

import click

from smolny.cli.common import db_option, open_app
from smolny.cli.errors import InputError
from smolny.cli.serve import check_port, host_option, port_option, run


@click.command()
@db_option
@host_option
@port_option
@click.option("--no-serve", is_flag=True, help="Only load the demo into the database, then exit.")
def demo(db: str | None, host: str, port: int, no_serve: bool) -> None:
    """Load the demo congress (if the database is new) and serve it."""
    from smolny import demo as congress
    from smolny.service.views import bodies, record

    if not no_serve:
        check_port(host, port)
    app = open_app(db or "smolny-demo.sqlite3")
    if record.head(app)[0] == 0:
        logins = congress.load(app)
        click.echo(
            f"Loaded the demo: the Second All-Russian Congress of Soviets, "
            f"{bodies.body(app, congress.CONGRESS)['delegates']} delegates, "
            f"{record.head(app)[0]} journal entries."
        )
    elif congress.CONGRESS not in bodies.names(app):
        app.close()
        raise InputError(f"{db}: this database holds another record, not the demo: use a new --db")
    else:
        logins = congress.fresh_logins(app)
        click.echo(
            f"The demo is loaded already ({record.head(app)[0]} journal entries); "
            "new logins for this run."
        )
    admin_password = _admin_password(app)
    click.echo("Logins, shown only now (the passwords and the code are stored hashed):")
    rows = (
        ("administrator", "user name admin", "one-time password " + admin_password),
        ("chair", "user name chair", "password " + logins.chair_password),
        ("secretary", "user name secretary", "password " + logins.secretary_password),
        (f"delegate ({logins.delegate_name})", "", "access code " + logins.delegate_code),
    )
    for who, name, secret in rows:
        click.echo(f"  {who:<25} {name:<20} {secret}")
    click.echo(
        "The administrator sets a password of their own at the first login, and creates "
        "further accounts at /accounts."
    )
    click.echo(
        "Screens: /login, then /chair (the chair's console), /phone (a delegate's phone), "
        "/secretary (the secretariat), /accounts (the accounts); /projector and / "
        "(the public page) need no login."
    )
    if no_serve:
        app.close()
        return
    run(app, host, port)


def _admin_password(app: Any) -> str:
    """A one-time password for the demo's administrator: the account is created at the first
    run, and given a new one-time password at each later run (the record says so)."""
    from smolny.service.views import accounts

    if accounts.staff(app, "admin") is None:
        password: str = app.accounts.create_account("admin", "admin")[1]
        return password
    password = app.accounts.reset_password("admin")
    return password
