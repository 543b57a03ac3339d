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
    """Show the bodies as a tree (parents before their children)."""
    app = open_app(db, must_exist=True)
    try:
        state = app.state
        rows = [
            {
                "slug": b.slug,
                "name": b.name,
                "kind": b.kind,
                "parent": b.parent,
                "rulebook": b.rulebook,
                "delegates": len(b.delegates),
                "factions": sorted(b.factions),
            }
            for b in state.bodies.values()
        ]
    finally:
        app.close()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    children: dict[str | None, list[dict[str, object]]] = {}
    for row in rows:
        children.setdefault(row["parent"], []).append(row)  # type: ignore[arg-type]

    def show(parent: str | None, depth: int) -> None:
        for row in children.get(parent, []):
            click.echo(
                f"{'  ' * depth}{row['slug']}: {row['name']} "
                f"({row['kind']}, {row['delegates']} delegates)"
            )
            show(str(row["slug"]), depth + 1)

    show(None, 0)
