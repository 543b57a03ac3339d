"""The counting methods of smolny, in one table: the key each goes by, what it counts, its
name for people, the function or method object that counts, and what it needs.

Two kinds, named for the poll question they count:

- `ranked`: ranked ballots, counted by single transferable vote or instant runoff into
  `trace.Result`, or put in order by the Schulze method or the Borda count (a `ranked`
  poll, `smolny count`, `POST /api/v1/count`);
- `list`: votes for lists or factions, between which seats are apportioned into an
  `apportionment.Apportionment` (a `list` poll, `smolny apportion`, `POST /api/v1/apportion`).

Every place that offers or runs a count reads this table, so a method added here is
offered everywhere. A ranked method: write its module, a function
`(election, seats, lot) -> result` like `scottish.count_scottish` (with the functions
that give its result as JSON and as text, when it is not a `trace.Result`), and add one
`RankedMethod` to `TABLE`, with the options its function takes by keyword (`CountOption`:
each is a `--NAME` of `smolny count`, a member of the API's `options`, and a value a
poll's counting may name, `borda:dowdall`). A list method is an apportionment method
object: add it to `apportionment.METHODS` beside its module (`apportionment.divisor` or
`apportionment.remainder`), and the table takes it from there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import smolny.counting.borda as borda
import smolny.counting.ranking as ranking
import smolny.counting.schulze as schulze
import smolny.counting.trace as trace
from smolny.counting import bounds
from smolny.counting.apportionment import METHODS, Method, method_named
from smolny.counting.irv import count_irv
from smolny.counting.meek import count_meek
from smolny.counting.scottish import count_scottish
from smolny.counting.stv import CountError, Election, Lot

RANKED = "ranked"
LIST = "list"

# (election, seats or None for the election's own, lot or None, **options) -> the result
RankedCount = Callable[..., Any]


@dataclass(frozen=True)
class CountOption:
    """An option of a ranked count, passed to its function by keyword when given.

    `default` is what the count does when it is not given; `in_polls` says whether a
    poll's counting may name it (a poll's ties always go to its seeded lot)."""

    name: str  # the keyword; `--name` on the command line (`-` for `_`)
    choices: tuple[str, ...]
    default: str
    help: str
    in_polls: bool = True


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
    options: tuple[CountOption, ...] = ()
    # at most this many candidates standing (a count whose work grows as their cube)
    max_candidates: int | None = None

    def option(self, name: str) -> CountOption:
        """The option called `name`; CountError naming the ones it takes if it has none."""
        for option in self.options:
            if option.name == name:
                return option
        takes = ", ".join(o.name for o in self.options) or "none"
        raise CountError(f"{self.key} takes no option {name!r} (its options: {takes})")

    def run(
        self,
        election: Election,
        seats: int | None,
        lot: Lot | None,
        options: Mapping[str, str] | None = None,
    ) -> Any:
        """Count `election` with `options` (name -> value), each checked against the table;
        CountError naming what is wrong."""
        given = dict(options or {})
        for name, value in given.items():
            choices = self.option(name).choices
            if value not in choices:
                raise CountError(f"{name} {value!r}: choose one of {', '.join(choices)}")
        running = len(election.running)
        if self.max_candidates is not None and running > self.max_candidates:
            raise CountError(
                f"{self.name} ranks at most {self.max_candidates} candidates, not {running}"
            )
        check_bounds(self.key, election, seats)
        return self.count(election, seats, lot, **given)


@dataclass(frozen=True)
class ListMethod:
    """An apportionment of seats between lists (or factions) by their votes."""

    kind: ClassVar[str] = LIST
    key: str
    name: str  # for people: "D'Hondt"
    apportion: Method  # its `evaluate(votes, seats, ...)` shares the seats
    max_seats: int = bounds.MAX_SEATS


class CountBound(bounds.BoundExceeded, CountError):
    """A ranked count past one of the bounds of `counting.bounds`, which it names."""


CountingMethod = RankedMethod | ListMethod

TIE_RULE = CountOption(
    "tie_rule",
    ranking.TIE_RULES,
    ranking.LOT,
    "a tie for a seat goes to the lot (--seed or --lot-order), or to a paper drawn with "
    "the seed among those ranking any of the tied (random-ballot)",
    in_polls=False,
)

TABLE: tuple[CountingMethod, ...] = (
    RankedMethod("scottish-stv", "Scottish STV", "SSI 2007/42 rules 45-52", count_scottish),
    RankedMethod("meek", "Meek STV", "Meek STV", count_meek),
    RankedMethod("irv", "instant runoff", "instant runoff (1 seat)", count_irv, one_seat=True),
    RankedMethod(
        "schulze",
        "Schulze method",
        "Condorcet by the Schulze method (the pairwise matrix and the strongest paths)",
        schulze.count_schulze,
        to_json=schulze.to_json,
        render_text=schulze.render_text,
        options=(
            CountOption(
                "variant",
                schulze.VARIANTS,
                schulze.WINNING_VOTES,
                "a defeat's strength: the votes for the winner of the pair (winning-votes) "
                "or the winner's margin (margins)",
            ),
            TIE_RULE,
        ),
        max_candidates=100,
    ),
    RankedMethod(
        "borda",
        "Borda count",
        "the Borda count (points by rank)",
        borda.count_borda,
        to_json=borda.to_json,
        render_text=borda.render_text,
        options=(
            CountOption(
                "scoring",
                borda.SCORINGS,
                borda.BORDA,
                "points for ranks 1..n: n-1, ..., 0 (borda); 1, 1/2, ..., 1/n (dowdall); "
                "m, ..., 1 on a paper ranking m (modified)",
            ),
            CountOption(
                "unranked",
                borda.UNRANKED_RULES,
                borda.AVERAGE,
                "what a candidate a paper leaves out scores: a share of the points left "
                "(average) or nothing (zero, and always for modified)",
            ),
            TIE_RULE,
        ),
    ),
    *(ListMethod(method.key, method.title, method) for method in METHODS.values()),
)

# What a ranked or a list poll is counted by when the motion to open it names nothing.
DEFAULT_RANKED = "scottish-stv"
DEFAULT_LIST = "sainte-lague"

RANKED_METHODS: tuple[RankedMethod, ...] = tuple(m for m in TABLE if isinstance(m, RankedMethod))
LIST_METHODS: tuple[ListMethod, ...] = tuple(m for m in TABLE if isinstance(m, ListMethod))

_RANKED = {m.key: m for m in RANKED_METHODS}
_LISTS = {m.key: m for m in LIST_METHODS}


def check_bounds(key: str, election: Election, seats: int | None) -> None:
    """Refuse, with `CountBound` naming the bound, a count of `election` by the ranked
    method `key` past the bounds of `counting.bounds`."""
    papers = {ballot.preferences for ballot in election.ballots}
    try:
        bounds.check_ranked(
            key,
            len(election.candidates),
            seats if seats is not None else election.seats,
            len(papers),
            (ballot.weight for ballot in election.ballots),
        )
    except bounds.BoundExceeded as exc:
        raise CountBound(exc.bound, exc.limit, exc.given, exc.what) from None


def keys(kind: str) -> tuple[str, ...]:
    """The keys of the methods of `kind` ("ranked" or "list"), in the table's order."""
    return tuple(m.key for m in TABLE if m.kind == kind)


def ranked_method(key: str) -> RankedMethod:
    """The ranked count called `key`; KeyError if there is none."""
    return _RANKED[key]


def option_names() -> tuple[str, ...]:
    """Every option a ranked count takes, each once, in the table's order."""
    names: list[str] = []
    for method in RANKED_METHODS:
        names += [o.name for o in method.options if o.name not in names]
    return tuple(names)


# A poll's `counting` names a ranked count and the options it is made with: `KEY`, or
# `KEY:VALUE,VALUE` with values of the method's options (each option once). The polls
# offer the key alone and the key with each one value other than its option's default.


def poll_countings() -> tuple[str, ...]:
    """The countings a ranked poll may name: `schulze`, `schulze:margins`, `borda:dowdall`..."""
    out: list[str] = []
    for method in RANKED_METHODS:
        out.append(method.key)
        for option in method.options:
            if option.in_polls:
                out += [f"{method.key}:{v}" for v in option.choices if v != option.default]
    return tuple(out)


def parse_counting(counting: str) -> tuple[RankedMethod, dict[str, str]]:
    """The method and the options a poll's `counting` names; CountError saying why not."""
    key, _, values = counting.partition(":")
    if key not in _RANKED:
        raise CountError(f"no ranked count {key!r}")
    method = _RANKED[key]
    options: dict[str, str] = {}
    for value in values.split(",") if values else ():
        named = [o for o in method.options if o.in_polls and value in o.choices]
        if not named:
            raise CountError(f"{key} takes no option {value!r}")
        if named[0].name in options:
            raise CountError(f"{key}: {named[0].name} is given twice")
        options[named[0].name] = value
    return method, options


def list_method(key: str) -> ListMethod:
    """The list method called `key`; `ApportionmentError` naming the known ones if none is."""
    return _LISTS[method_named(key).key]  # method_named refuses an unknown key
