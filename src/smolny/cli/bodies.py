"""`smolny bodies list`: the tree of bodies."""

from __future__ import annotations

import json

import click

from smolny.cli.common import db_option, open_app


@click.group()
def bodies() -> None:
    """The bodies: councils, congresses, committees."""


@bodies.command("list")
@db_option
@click.option("--json", "as_json", is_flag=True, help="A JSON list of bodies, each with its slug.")
def list_bodies(db: str | None, as_json: bool) -> None:
    """Show the bodies as a tree: each under its parent, with its kind, membership,
    delegates and sessions (and, for a congress, how many delegates each council sends)."""
    from smolny.service.views.bodies import tree_rows

    app = open_app(db, must_exist=True)
    try:
        rows = tree_rows(app)
    finally:
        app.close()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        indent = "  " * row["depth"]
        facts = [row["kind"]]
        if row["purpose"]:
            facts[0] += f" for {row['purpose']}"
        if row["members"] is not None:
            facts.append(_count(row["members"], "member"))
        facts.append(_count(row["delegates"], "delegate"))
        facts.append(_count(row["sessions"], "session"))
        click.echo(f"{indent}{row['slug']}: {row['name']} ({', '.join(facts)})")
        if row["allocation"]:
            sent = ", ".join(f"{council} {n}" for council, n in row["allocation"].items())
            click.echo(f"{indent}  convened from: {sent}")


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"
