"""`smolny count`: count a BLT ballot file by single transferable vote and show the stages."""

from __future__ import annotations

import json
from pathlib import Path

import click

from smolny.cli.errors import InputError
from smolny.counting.methods import DEFAULT_RANKED, RANKED, RANKED_METHODS, keys, ranked_method

METHODS = keys(RANKED)


def _whole(option: str, text: str | None, minimum: int) -> int | None:
    if text is None:
        return None
    try:
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
@click.option("--json", "as_json", is_flag=True, help="Print the result and stages as JSON.")
def count(
    file: str,
    method: str,
    seats: str | None,
    seed: str | None,
    lot_order: str | None,
    as_json: bool,
) -> None:
    """Count FILE.blt and print the elected and every stage of the count."""
    from smolny.counting.blt import BltError, read_blt
    from smolny.counting.stv import CountError, Lot, LotRequired

    if method not in METHODS:
        raise InputError(f"--method {method!r}: unknown; choose one of {', '.join(METHODS)}")
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
    except BltError as exc:
        raise InputError(str(exc)) from None
    try:
        counter = ranked_method(method)
        result = counter.count(election, seat_count, lot)
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
