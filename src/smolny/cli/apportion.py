"""`smolny apportion`: share seats between factions by a proportional method, and show the count."""

from __future__ import annotations

import json
import re
from fractions import Fraction

import click

from smolny.cli.errors import InputError
from smolny.counting import bounds
from smolny.counting.apportionment import (
    Apportionment,
    ApportionmentBound,
    ApportionmentError,
    DeclinedSeats,
    DivisorMethod,
    TieBreak,
    UnresolvedTie,
)
from smolny.counting.methods import LIST, keys, list_method

METHODS = keys(LIST)

# the votes follow the last "=", so a name may hold one
_PAIR = re.compile(r"^(?P<name>.+)=(?P<votes>[0-9]+)$")


def _parse_votes(pairs: tuple[str, ...]) -> dict[str, int]:
    if not pairs:
        raise InputError("no factions given: expected NAME=VOTES ...")
    votes: dict[str, int] = {}
    for position, pair in enumerate(pairs, start=1):
        match = _PAIR.match(pair.strip())
        if match is None:
            if re.match(r"^.+=-[0-9]+$", pair.strip()):
                raise InputError(f"argument {position} ({pair!r}): votes must not be negative")
            raise InputError(
                f"argument {position} ({pair!r}): expected NAME=VOTES with VOTES a whole number"
            )
        name = match["name"].strip()
        if not name:
            raise InputError(f"argument {position} ({pair!r}): the faction name is empty")
        if name in votes:
            raise InputError(f"argument {position} ({pair!r}): faction {name!r} given twice")
        try:
            bounds.check_token_digits(match["votes"], f"argument {position} ({name}=...)")
        except bounds.BoundExceeded as exc:
            raise InputError(str(exc)) from None
        votes[name] = int(match["votes"])
    return votes


def _parse_threshold(text: str | None) -> Fraction | None:
    if text is None:
        return None
    try:
        value = Fraction(text.strip().rstrip("%"))
    except (ValueError, ZeroDivisionError):
        raise InputError(f"--threshold {text!r}: expected a percentage such as 5 or 2.5") from None
    if not 0 <= value <= 100:
        raise InputError(f"--threshold {text!r}: a percentage must be from 0 to 100")
    return value


@click.command()
@click.option(
    "--method",
    "method_key",
    required=True,
    metavar="|".join(METHODS),
    help="The apportionment method.",
)
@click.option("--seats", type=str, required=True, help="How many seats to share.")
@click.option("--threshold", type=str, default=None, help="Electoral threshold, percent of votes.")
@click.option("--decline", multiple=True, metavar="NAME", help="A faction declining its seats.")
@click.option(
    "--declined-seats",
    type=str,
    default="given",
    show_default=True,
    metavar="given|empty",
    help="Declined seats go to the others (a new count) or stay empty.",
)
@click.option("--reserve", multiple=True, metavar="NAME", help="A faction reserving its seats.")
@click.option(
    "--tie-order", default=None, metavar="A,B,...", help="Lot order for ties votes cannot settle."
)
@click.option("--lot-seed", default=None, metavar="N", help="Draw the lot for ties from seed N.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.argument("pairs", nargs=-1, metavar="NAME=VOTES ...")
def apportion(
    method_key: str,
    seats: str,
    threshold: str | None,
    decline: tuple[str, ...],
    declined_seats: str,
    reserve: tuple[str, ...],
    tie_order: str | None,
    lot_seed: str | None,
    as_json: bool,
    pairs: tuple[str, ...],
) -> None:
    """Share seats between factions in proportion to their votes, and show how."""
    if method_key not in METHODS:
        raise InputError(
            f"--method {method_key!r}: unknown method, expected one of {', '.join(METHODS)}"
        )
    method = list_method(method_key).apportion
    if not re.fullmatch(r"\s*[0-9]{1,40}\s*", seats) or int(seats) < 1:
        raise InputError(f"--seats {seats!r}: expected a whole number of seats, at least 1")
    house = int(seats)
    votes = _parse_votes(pairs)
    percent = _parse_threshold(threshold)
    try:
        fate = DeclinedSeats(declined_seats)
    except ValueError:
        raise InputError(f"--declined-seats {declined_seats!r}: expected given or empty") from None
    for option, names in (("--decline", decline), ("--reserve", reserve)):
        for name in names:
            if name not in votes:
                raise InputError(f"{option} {name!r}: no such faction among NAME=VOTES")
    seed: int | None = None
    if lot_seed is not None:
        if not re.fullmatch(r"-?[0-9]{1,40}", lot_seed.strip()):
            raise InputError(f"--lot-seed {lot_seed!r}: expected an integer")
        seed = int(lot_seed)
    order = None if tie_order is None else tuple(n.strip() for n in tie_order.split(","))
    if order is not None:
        strangers = [name for name in order if name not in votes]
        if strangers:
            raise InputError(f"--tie-order: no faction called {strangers[0]!r} among NAME=VOTES")
    try:
        result = method.evaluate(
            votes,
            house,
            threshold=percent,
            declined=decline,
            declined_seats=fate,
            reserved=reserve,
            tie_break=TieBreak(order=order, seed=seed),
        )
    except ApportionmentBound as exc:
        raise InputError(str(exc)) from None
    except UnresolvedTie as exc:
        raise InputError(f"{exc} (--tie-order A,B,... or --lot-seed N)") from None
    except ApportionmentError as exc:
        raise InputError(str(exc)) from None
    if as_json:
        click.echo(json.dumps(_json(result), ensure_ascii=False, indent=2))
    else:
        click.echo(_table(result, method.title))


def _json(result: Apportionment) -> dict[str, object]:
    record = result.record()
    # the documented shape first: seats, method, trace, ties; the rest follows
    return {
        "seats": record["seats"],
        "method": record["method"],
        "trace": record["trace"],
        "ties": record["ties"],
        **{k: v for k, v in record.items() if k not in {"seats", "method", "trace", "ties"}},
    }


def _table(result: Apportionment, title: str) -> str:
    lines = [f"{title}: {result.house_size} seats"]
    if result.threshold is not None:
        lines[0] += f", threshold {result.threshold}%"
    width = max(len("faction"), *(len(f.name) for f in result.factions))
    lines.append("")
    lines.append(
        f"{'faction':<{width}}  {'votes':>12}  {'seats':>5}  {'taken':>5}  "
        f"{'reserved':>8}  {'declined':>8}  {'empty':>5}"
    )
    for f in result.factions:
        mark = "" if f.qualified else "  (below threshold)"
        lines.append(
            f"{f.name:<{width}}  {f.votes:>12}  {f.seats:>5}  {f.taken:>5}  "
            f"{f.reserved:>8}  {f.declined:>8}  {f.empty:>5}{mark}"
        )
    lines.append("")
    divisor = isinstance(list_method(result.method).apportion, DivisorMethod)
    lines.append("seats in the order awarded:" if divisor else "the count:")
    lines.extend(f"  {step.describe()}" for step in result.trace)
    if result.ties:
        lines.append("")
        lines.append("ties:")
        lines.extend(f"  {tie.describe()}" for tie in result.ties)
    return "\n".join(lines)
