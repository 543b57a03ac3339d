"""`smolny rules`: show a rulebook's motions, in a table or as JSON."""

from __future__ import annotations

import json

import click

from smolny.cli.errors import InputError
from smolny.service.rulebooks import Rulebook, RulebookError, load_rulebook


@click.group()
def rules() -> None:
    """Rules of procedure: the bundled rulebooks and your own."""


@rules.command("show")
@click.option(
    "--rulebook",
    "name",
    default="robert",
    show_default=True,
    help="A bundled rulebook (robert, standing-orders, union-standing-orders) or the path of "
    "a TOML file.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the motions as JSON.")
def show(name: str, as_json: bool) -> None:
    """Print the motion table: rank, second, debate, amendment, threshold, interruption."""
    try:
        rulebook = load_rulebook(name)
    except RulebookError as exc:
        raise InputError(str(exc)) from None
    if as_json:
        click.echo(json.dumps({"motions": [m.to_json() for m in rulebook.ordered()]}, indent=2))
        return
    click.echo(_table(rulebook))


def _table(rulebook: Rulebook) -> str:
    quorum = rulebook.quorum.describe()
    debate = rulebook.debate
    lines = [
        rulebook.name,
        f"quorum: {quorum}; speeches: {debate.speeches_per_member} of "
        f"{debate.speech_seconds} s per member per question; list: {debate.order}; "
        f"amendment depth: {rulebook.amendment_depth}; ties: {rulebook.ties.value}",
        "",
    ]
    header = ("rank", "key", "second", "debate", "amend", "threshold", "interrupts", "reconsider")
    rows = [header]
    for m in rulebook.ordered():
        threshold = m.threshold
        if m.threshold_with_notice:
            threshold += f" ({m.threshold_with_notice} with notice)"
        if m.also_carried_by:
            threshold += " or " + " or ".join(m.also_carried_by)
        if m.carried_by == "no":
            threshold += " against"
        rows.append(
            (
                "-" if m.rank is None else str(m.rank),
                m.key,
                _yes(m.second),
                _yes(m.debatable),
                _yes(m.amendable),
                threshold,
                _yes(m.interrupts),
                _yes(m.reconsiderable),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"
