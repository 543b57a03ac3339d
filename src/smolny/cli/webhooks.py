"""`smolny webhooks`: the member councils' webhooks (add, list, remove), as the admin."""

from __future__ import annotations

import json
import os

import click

from smolny.cli.common import db_option, open_app, refusals_as_input_errors
from smolny.cli.errors import InputError


@click.group()
def webhooks() -> None:
    """Webhooks to member councils: each publication POSTed to them, signed, until taken."""


@webhooks.command("add")
@db_option
@click.option("--url", required=True, help="Where to POST (http:// or https://).")
@click.option("--body", "body", required=True, metavar="SLUG", help="Whose publications.")
@click.option(
    "--what",
    type=click.Choice(["resolutions", "decisions", "all", "report"]),
    default="resolutions",
    show_default=True,
    help="resolutions; decisions (resolutions too); all (and results of polls); report (to "
    "a council: how the delegates it instructed voted on papers, and who departed).",
)
@click.option(
    "--secret",
    default=None,
    help="The shared secret signing each delivery (default: $SMOLNY_WEBHOOK_SECRET).",
)
@click.option("--replay", is_flag=True, help="Send every publication already in the record too.")
@refusals_as_input_errors
def add(db: str | None, url: str, body: str, what: str, secret: str | None, replay: bool) -> None:
    """Subscribe a member council's URL to a body's publications."""
    from smolny.service.webhooks import check_url, subscribe

    secret = secret or os.environ.get("SMOLNY_WEBHOOK_SECRET")
    if not secret:
        raise InputError("give --secret (or set SMOLNY_WEBHOOK_SECRET): deliveries are signed")
    check_url(url)  # refused before the database is even opened
    app = open_app(db, must_exist=True)
    try:
        found = subscribe(app, url, secret, body, what, replay)
    finally:
        app.close()
    click.echo(
        f"{found.id}\t{found.body}\t{found.what}\t{found.url}\tafter entry {found.after_seq}"
    )


@webhooks.command("list")
@db_option
@click.option("--json", "as_json", is_flag=True, help="As JSON.")
def list_(db: str | None, as_json: bool) -> None:
    """The webhooks and how their deliveries stand."""
    from smolny.service.webhooks import subscriptions

    app = open_app(db, must_exist=True)
    try:
        found = subscriptions(app)
    finally:
        app.close()
    if as_json:
        click.echo(json.dumps([s.as_json() for s in found], indent=2))
        return
    for s in found:
        state = f"failing {s.attempts}x: {s.last_error}" if s.attempts else "up to date or due"
        click.echo(
            f"{s.id}\t{s.body}\t{s.what}\t{s.url}\tafter entry {s.after_seq}\t"
            f"{s.delivered} delivered\t{state}"
        )
    if not found:
        click.echo("no webhooks")


@webhooks.command("remove")
@db_option
@click.argument("ident", metavar="ID")
@refusals_as_input_errors
def remove(db: str | None, ident: str) -> None:
    """Remove a webhook."""
    from smolny.service.webhooks import unsubscribe

    app = open_app(db, must_exist=True)
    try:
        unsubscribe(app, ident)
    finally:
        app.close()
    click.echo(f"removed {ident}")
