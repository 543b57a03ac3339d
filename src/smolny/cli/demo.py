"""`smolny demo`: load the Second Congress of Soviets and serve it."""

from __future__ import annotations

import click

from smolny.cli.common import db_option, open_app
from smolny.cli.errors import InputError
from smolny.cli.serve import check_port, ensure_admin, host_option, port_option, run


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
    click.echo("Log in as the chair:     user name 'chair', password " + logins.chair_password)
    click.echo(
        "Log in as the secretary: user name 'secretary', password " + logins.secretary_password
    )
    click.echo(f"Log in as a delegate ({logins.delegate_name}): access code {logins.delegate_code}")
    click.echo("These passwords and the code are shown only now.")
    click.echo(
        "Screens: /login, then /chair (the chair's console), /phone (a delegate's phone), "
        "/secretary (the secretariat); /projector and / (the public page) need no login."
    )
    if no_serve:
        app.close()
        return
    ensure_admin(app)
    run(app, host, port)
