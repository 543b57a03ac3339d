"""`smolny demo`: load a demo congress and serve it: the Second Congress of Soviets (1917,
the default) or a union's congress of today (`--example union`)."""

from __future__ import annotations

from typing import Any

import click

from smolny.cli.common import db_option, open_app
from smolny.cli.errors import InputError
from smolny.cli.serve import check_port, host_option, port_option, run

EXAMPLES = ("1917", "union")


@click.command()
@db_option
@host_option
@port_option
@click.option(
    "--example",
    type=click.Choice(EXAMPLES),
    default="1917",
    show_default=True,
    help="Which demo: the Second Congress of Soviets (1917) or a union's congress (union).",
)
@click.option("--no-serve", is_flag=True, help="Only load the demo into the database, then exit.")
def demo(db: str | None, host: str, port: int, example: str, no_serve: bool) -> None:
    """Load the demo congress (if the database is new) and serve it."""
    if not no_serve:
        check_port(host, port)
    default_db = "smolny-demo.sqlite3" if example == "1917" else "smolny-demo-union.sqlite3"
    app = open_app(db or default_db)
    rows = _union(app, db) if example == "union" else _soviets(app, db)
    admin_password = _admin_password(app)
    codes = "the code" if example == "1917" else "the codes"
    click.echo(f"Logins, shown only now (the passwords and {codes} are stored hashed):")
    rows.insert(0, ("administrator", "user name admin", "one-time password " + admin_password))
    width = max(25, *(len(who) + 1 for who, _, _ in rows))
    named = max(20, *(len(name) + 1 for _, name, _ in rows))
    for who, name, secret in rows:
        click.echo(f"  {who:<{width}} {name:<{named}} {secret}")
    click.echo(
        "The administrator sets a password of their own at the first login, and creates "
        "further accounts at /accounts."
    )
    click.echo(
        "Screens: /login, then /chair (the chair's console), /phone (a delegate's phone), "
        "/secretary (the secretariat), /accounts (the accounts); /projector and / "
        "(the public page) need no login."
    )
    if example == "union":
        click.echo(
            "The congress's papers (motions, amendments, the composite, recommendations, the "
            "councils' instructions): /papers/nuhcw-congress-2026 (staff), a council's at "
            "/papers/nuhcw-congress-2026/councils/<council>; the motions book: "
            "/congresses/nuhcw-congress-2026/book (and book.pdf); a council's report back: "
            "/councils/<council>/report."
        )
    if no_serve:
        app.close()
        return
    run(app, host, port)


def _soviets(app: Any, db: str | None) -> list[tuple[str, str, str]]:
    """The 1917 demo loaded (or new logins for it): its logins but the administrator's."""
    from smolny import demo as congress
    from smolny.service.views import bodies, record

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
    return [
        ("chair", "user name chair", "password " + logins.chair_password),
        ("secretary", "user name secretary", "password " + logins.secretary_password),
        (f"delegate ({logins.delegate_name})", "", "access code " + logins.delegate_code),
    ]


def _union(app: Any, db: str | None) -> list[tuple[str, str, str]]:
    """The union's demo loaded (or new logins for it): its logins but the administrator's."""
    from smolny.demo import union
    from smolny.service.views import bodies, record

    if record.head(app)[0] == 0:
        logins = union.load(app).logins
        click.echo(
            f"Loaded the demo: {union.CONGRESS_NAME} (a union's congress, invented), "
            f"{bodies.body(app, union.CONGRESS)['delegates']} delegates from "
            f"{len(union.COUNCILS)} regional councils, {record.head(app)[0]} journal entries."
        )
    elif union.CONGRESS not in bodies.names(app):
        app.close()
        raise InputError(
            f"{db}: this database holds another record, not the union's demo: use a new --db"
        )
    else:
        logins = union.fresh_logins(app)
        click.echo(
            f"The demo is loaded already ({record.head(app)[0]} journal entries); "
            "new logins for this run."
        )
    return logins.rows()


def _admin_password(app: Any) -> str:
    """A one-time password for the demo's administrator: the account is created at the first
    run, and given a new one-time password at each later run (the record says so)."""
    from smolny.service.views import accounts

    if accounts.staff(app, "admin") is None:
        password: str = app.accounts.create_account("admin", "admin")[1]
        return password
    password = app.accounts.reset_password("admin")
    return password
