"""`smolny count`: count a BLT ballot file by a ranked method of the table and show how:
every stage of an STV count, the pairwise matrix and the strongest paths of a Schulze
count, the points of a Borda count."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from smolny.cli.errors import InputError
from smolny.counting.bounds import MAX_BLT_CHARS
from smolny.counting.methods import (
    DEFAULT_RANKED,
    RANKED,
    RANKED_METHODS,
    keys,
    option_names,
    ranked_method,
)

METHODS = keys(RANKED)


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def _method_options(command: Callable[..., Any]) -> Callable[..., Any]:
    # one flag per option of the table's ranked counts (--variant, --scoring, ...)
    for name in reversed(option_names()):
        takers = [
            (m, m.option(name)) for m in RANKED_METHODS if name in {o.name for o in m.options}
        ]
        choices = sorted({c for _, option in takers for c in option.choices})
        said: dict[str, list[str]] = {}  # one help said once for the methods sharing it
        for m, option in takers:
            said.setdefault(f"{option.help} (default {option.default})", []).append(m.key)
        help_text = "; ".join(f"{', '.join(ms)}: {text}" for text, ms in said.items())
        command = click.option(
            _flag(name), name, metavar="|".join(choices), default=None, help=help_text + "."
        )(command)
    return command


def _whole(option: str, text: str | None, minimum: int) -> int | None:
    if text is None:
        return None
    try:
        if len(text) > 40:  # no count needs more; Python refuses to read 4,300 digits
            raise ValueError
        value = int(text)
    except ValueError:
        raise InputError(f"{option} {text!r}: expected a whole number") from None
    if value < minimum:
        raise InputError(f"{option} {text}: must be at least {minimum}")
    return value


@click.command("count")
@click.argument("file", metavar="FILE.blt")
@click.option(
    "--method",
    default=DEFAULT_RANKED,
    show_default=True,
    metavar="|".join(METHODS),
    help="; ".join(f"{m.key}: {m.summary}" for m in RANKED_METHODS) + ".",
)
@click.option("--seats", metavar="N", default=None, help="Seats to fill (default: from the file).")
@click.option("--seed", metavar="N", default=None, help="Seed for ties the rules leave to lot.")
@click.option(
    "--lot-order",
    metavar="3,1,2",
    default=None,
    help="Decide ties left to lot by this order of candidate numbers instead (first wins).",
)
@_method_options
@click.option("--json", "as_json", is_flag=True, help="Print the result and stages as JSON.")
def count(
    file: str,
    method: str,
    seats: str | None,
    seed: str | None,
    lot_order: str | None,
    as_json: bool,
    **given: str | None,
) -> None:
    """Count FILE.blt and print the elected and how the count went (its stages, or its
    pairwise matrix, or its points)."""
    from smolny.counting.blt import BltError, read_blt
    from smolny.counting.bounds import BoundExceeded
    from smolny.counting.ranking import RankingTie
    from smolny.counting.stv import CountError, Lot, LotRequired

    if method not in METHODS:
        raise InputError(f"--method {method!r}: unknown; choose one of {', '.join(METHODS)}")
    counter = ranked_method(method)
    options = {name: value for name, value in given.items() if value is not None}
    takes = {o.name: o for o in counter.options}
    for name, value in options.items():
        if name not in takes:
            flags = ", ".join(_flag(n) for n in takes) or "none"
            raise InputError(f"{_flag(name)}: {method} takes no such option (its options: {flags})")
        if value not in takes[name].choices:
            raise InputError(
                f"{_flag(name)} {value!r}: choose one of {', '.join(takes[name].choices)}"
            )
    seat_count = _whole("--seats", seats, 1)
    if seed is not None and lot_order is not None:
        raise InputError("give --seed or --lot-order, not both")
    lot: Lot | None = None
    if seed is not None:
        lot = Lot(seed=_whole("--seed", seed, 0))
    elif lot_order is not None:
        try:
            order = [int(part) for part in lot_order.split(",") if part.strip()]
        except ValueError:
            raise InputError(
                f"--lot-order {lot_order!r}: expected candidate numbers like 3,1,2"
            ) from None
        lot = Lot(order=order)

    path = Path(file)
    try:
        size = path.stat().st_size
        if size > MAX_BLT_CHARS:  # refused before it is read
            raise InputError(
                f"{file}: {size:,} bytes is more than the bound max-blt-chars allows "
                f"({MAX_BLT_CHARS:,})"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{file}: no such file") from None
    except OSError as exc:
        raise InputError(f"{file}: cannot read ({exc.strerror})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{file}, line {line}: not UTF-8 text") from None

    try:
        election = read_blt(text, file)
    except (BltError, BoundExceeded) as exc:
        raise InputError(str(exc)) from None
    try:
        result = counter.run(election, seat_count, lot, options)
    except BoundExceeded as exc:
        raise InputError(f"{file}: {exc}") from None
    except RankingTie as exc:
        # a tie for a seat by Schulze or Borda (a cycle of equal strength, equal points)
        named = exc.named(lambda c: f"{election.name(c)} ({c})")
        raise InputError(
            f"{file}: {named} (rule {exc.rule}): give --seed N or --lot-order "
            + ",".join(str(c) for c in exc.tied)
        ) from None
    except LotRequired as exc:
        tied = ", ".join(f"{election.name(c)} ({c})" for c in exc.tied)
        raise InputError(
            f"{file}: after stage {exc.stage}, {tied} are tied for {exc.purpose} at every "
            f"stage; decide it by lot with --seed N or --lot-order "
            + ",".join(str(c) for c in exc.tied)
        ) from None
    except CountError as exc:
        raise InputError(f"{file}: {exc}") from None

    if as_json:
        click.echo(json.dumps(counter.to_json(result, election), ensure_ascii=False, indent=2))
    else:
        click.echo(counter.render_text(result, election), nl=False)
