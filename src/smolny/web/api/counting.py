"""Counting as a public service: `POST /api/v1/count` (STV, IRV, Schulze, Borda) and
`/api/v1/apportion`.

Pure computations on what the caller sends, with nothing recorded: anyone may check a
count. Bad input is a 422 problem document naming the line of the ballot file or the field;
a count past a bound of `counting.bounds` is a 422 whose rule is the bound (`max-digits`,
`max-work-meek`...) and whose detail gives its value. Both count in the thread pool, so the
event loop goes on serving other clients meanwhile.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Annotated, Any, Literal

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from pydantic import Field

from smolny.counting import apportionment as ap
from smolny.counting.bounds import MAX_BLT_CHARS, BoundExceeded
from smolny.counting.methods import (
    DEFAULT_RANKED,
    LIST,
    RANKED,
    keys,
    list_method,
    option_names,
    ranked_method,
)
from smolny.domain.errors import Invalid
from smolny.web.schemas import Strict

router = APIRouter(prefix="/api/v1")
MAX_BLT = MAX_BLT_CHARS

# the methods of the table (counting.methods), offered in its order
RankedKey = Literal[keys(RANKED)]  # type: ignore[valid-type]
ListKey = Literal[keys(LIST)]  # type: ignore[valid-type]
OptionName = Literal[option_names()]  # type: ignore[valid-type]


class CountIn(Strict):
    # named in the API document as before the web was split (two models share the name)
    __module__ = "smolny.web.counting"
    method: RankedKey = DEFAULT_RANKED
    blt: str = Field(max_length=MAX_BLT, description="the ballots, in BLT format")
    seats: int | None = Field(None, ge=1, le=1000)
    seed: int | None = Field(None, ge=0, description="decides ties the rules leave to lot")
    lot_order: list[int] | None = Field(None, max_length=1000)
    options: dict[OptionName, Annotated[str, Field(max_length=40)]] = Field(
        default_factory=dict,
        description="the method's options: schulze variant; borda scoring and unranked; "
        "tie_rule (see docs/counting.md)",
    )


CountIn.model_rebuild(_types_namespace=globals())  # its fields, read in this module


class ApportionIn(Strict):
    method: ListKey
    seats: int = Field(ge=1, le=100_000)
    votes: dict[Annotated[str, Field(max_length=200)], Annotated[int, Field(ge=0)]] = Field(
        max_length=1000
    )
    threshold_percent: str | None = Field(None, max_length=20, description="e.g. 5 or 7/2")
    declined: list[str] = Field(default_factory=list, max_length=1000)
    declined_seats: Literal["given", "empty"] = "given"
    reserved: list[str] = Field(default_factory=list, max_length=1000)
    lot_order: list[str] | None = Field(None, max_length=1000)


def _count(body: CountIn) -> dict[str, Any]:
    from smolny.counting.blt import BltError, read_blt
    from smolny.counting.ranking import RankingTie
    from smolny.counting.stv import CountError, Lot, LotRequired

    counter = ranked_method(body.method)
    takes = {o.name: o for o in counter.options}
    for name, value in body.options.items():
        if name not in takes:
            raise Invalid(
                "option",
                f"{body.method} takes no option {name} (its options: {', '.join(takes) or 'none'})",
                field=f"options.{name}",
            )
        if value not in takes[name].choices:
            raise Invalid(
                "option",
                f"{name} {value!r}: choose one of {', '.join(takes[name].choices)}",
                field=f"options.{name}",
            )
    try:
        election = read_blt(body.blt, "blt")
    except BoundExceeded as exc:
        raise _bound(exc, "blt") from None
    except BltError as exc:
        raise Invalid("blt", str(exc), field="blt") from None
    lot = None
    if body.seed is not None and body.lot_order is not None:
        raise Invalid("lot", "give seed or lot_order, not both", field="seed")
    if body.seed is not None:
        lot = Lot(seed=body.seed)
    elif body.lot_order is not None:
        lot = Lot(order=body.lot_order)
    try:
        result = counter.run(election, body.seats, lot, body.options)
    except BoundExceeded as exc:
        raise _bound(exc, "blt") from None
    except RankingTie as exc:
        # Schulze's cycle of equal strength, or equal Borda points, for a seat
        named = exc.named(lambda c: f"{election.name(c)} ({c})")
        raise Invalid(exc.rule, f"{named}: give a seed or a lot_order", field="lot_order") from None
    except LotRequired as exc:
        tied = ", ".join(f"{election.name(c)} ({c})" for c in exc.tied)
        raise Invalid(
            "lot-required",
            f"after stage {exc.stage}, {tied} are tied for {exc.purpose} at every stage: "
            "give a seed or a lot_order",
            field="lot_order",
        ) from None
    except CountError as exc:
        raise Invalid("count", str(exc), field="seats") from None
    counted: dict[str, Any] = counter.to_json(result, election)
    return counted


@router.post(
    "/count",
    summary="Count a BLT ballot file by STV or IRV (every stage), Schulze (the pairwise "
    "matrix) or Borda (the points)",
)
async def count(body: CountIn) -> dict[str, Any]:
    return await run_in_threadpool(_count, body)


def _bound(exc: BoundExceeded, field: str) -> Invalid:
    # the rule is the bound's name; its value is in the detail and beside it
    return Invalid(
        exc.bound,
        str(exc),
        field=field,
        errors=[{"bound": exc.bound, "limit": exc.limit, "given": exc.given}],
    )


@router.post("/apportion", summary="Allot seats to lists or factions by their votes")
async def apportion(body: ApportionIn) -> dict[str, Any]:
    return await run_in_threadpool(_apportion, body)


def _apportion(body: ApportionIn) -> dict[str, Any]:
    try:
        threshold = Fraction(body.threshold_percent) if body.threshold_percent else None
    except (ValueError, ZeroDivisionError):
        raise Invalid(
            "threshold",
            "threshold_percent must be a number such as 5 or 7/2",
            field="threshold_percent",
        ) from None
    try:
        result = list_method(body.method).apportion.evaluate(
            body.votes,
            body.seats,
            threshold=threshold,
            declined=body.declined,
            declined_seats=ap.DeclinedSeats(body.declined_seats),
            reserved=body.reserved,
            tie_break=ap.TieBreak(order=tuple(body.lot_order) if body.lot_order else None),
        )
    except ap.ApportionmentBound as exc:
        raise _bound(exc, "seats" if exc.bound == "max-seats" else "votes") from None
    except ap.ApportionmentError as exc:
        raise Invalid("apportionment", str(exc), field="votes") from None
    return result.record()
