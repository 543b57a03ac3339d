"""The counting methods of smolny, in one table: the key each goes by, what it counts, its
name for people, the function or method object that counts, and what it needs.

Two kinds, named for the poll question they count:

- `ranked`: ranked ballots, counted by single transferable vote or instant runoff into
  `trace.Result` (a `ranked` poll, `smolny count`, `POST /api/v1/count`);
- `list`: votes for lists or factions, between which seats are apportioned into an
  `apportionment.Apportionment` (a `list` poll, `smolny apportion`, `POST /api/v1/apportion`).

Every place that offers or runs a count reads this table, so a method added here is
offered everywhere. A ranked method: write its module, a function
`(election, seats, lot) -> result` like `scottish.count_scottish` (with the functions
that give its result as JSON and as text, when it is not a `trace.Result`), and add one
`RankedMethod` to `TABLE`. A list method is an apportionment method object: add it to
`apportionment.METHODS` beside its module (`apportionment.divisor` or
`apportionment.remainder`), and the table takes it from there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import smolny.counting.trace as trace
from smolny.counting.apportionment import MAX_SEATS, METHODS, Method, method_named
from smolny.counting.irv import count_irv
from smolny.counting.meek import count_meek
from smolny.counting.scottish import count_scottish
from smolny.counting.stv import Election, Lot

RANKED = "ranked"
LIST = "list"

# (election, seats or None for the election's own, lot or None) -> the result and its trace
RankedCount = Callable[[Election, int | None, Lot | None], Any]


@dataclass(frozen=True)
class RankedMethod:
    """A count of ranked ballots."""

    kind: ClassVar[str] = RANKED
    key: str
    name: str  # for people: "Meek STV"
    summary: str  # what it is, in a phrase (the help of `smolny count --method`)
    count: RankedCount
    one_seat: bool = False  # fills one seat only (instant runoff); others up to the candidates
    # the result as JSON-ready data and as a report, for a count whose result is not a
    # `trace.Result` to give its own
    to_json: Callable[[Any, Election], dict[str, Any]] = trace.to_json
    render_text: Callable[[Any, Election], str] = trace.render_text


@dataclass(frozen=True)
class ListMethod:
    """An apportionment of seats between lists (or factions) by their votes."""

    kind: ClassVar[str] = LIST
    key: str
    name: str  # for people: "D'Hondt"
    apportion: Method  # its `evaluate(votes, seats, ...)` shares the seats
    max_seats: int = MAX_SEATS


CountingMethod = RankedMethod | ListMethod

TABLE: tuple[CountingMethod, ...] = (
    RankedMethod("scottish-stv", "Scottish STV", "SSI 2007/42 rules 45-52", count_scottish),
    RankedMethod("meek", "Meek STV", "Meek STV", count_meek),
    RankedMethod("irv", "instant runoff", "instant runoff (1 seat)", count_irv, one_seat=True),
    *(ListMethod(method.key, method.title, method) for method in METHODS.values()),
)

# What a ranked or a list poll is counted by when the motion to open it names nothing.
DEFAULT_RANKED = "scottish-stv"
DEFAULT_LIST = "sainte-lague"

RANKED_METHODS: tuple[RankedMethod, ...] = tuple(m for m in TABLE if isinstance(m, RankedMethod))
LIST_METHODS: tuple[ListMethod, ...] = tuple(m for m in TABLE if isinstance(m, ListMethod))

_RANKED = {m.key: m for m in RANKED_METHODS}
_LISTS = {m.key: m for m in LIST_METHODS}


def keys(kind: str) -> tuple[str, ...]:
    """The keys of the methods of `kind` ("ranked" or "list"), in the table's order."""
    return tuple(m.key for m in TABLE if m.kind == kind)


def ranked_method(key: str) -> RankedMethod:
    """The ranked count called `key`; KeyError if there is none."""
    return _RANKED[key]


def list_method(key: str) -> ListMethod:
    """The list method called `key`; `ApportionmentError` naming the known ones if none is."""
    return _LISTS[method_named(key).key]  # method_named refuses an unknown key
