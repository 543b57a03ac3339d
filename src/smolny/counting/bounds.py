"""The bounds on every count smolny runs: what a public computation may be asked to do.

`POST /api/v1/count`, `POST /api/v1/apportion`, `smolny count`, `smolny apportion` and a
poll's count all check what they are given here, before any work, so that nobody can
make a server (or a laptop) count for minutes or run out of memory with one request.
A count past a bound is refused with `BoundExceeded`, which names the bound and its value
(the API answers 422 with the bound as its rule, the command line one line and exit 2).

The bounds are generous for any real assembly (a parliament of a thousand seats, a ward
of ten thousand distinct papers, votes up to a trillion trillion) and tight for an attack.
Each method's work is estimated from what is given by a formula measured on this code
(`bench/bounds.py` runs the worst case each bound admits): the limits keep that worst
case well under two seconds on one core.
"""

from __future__ import annotations

from collections.abc import Iterable

# sizes
MAX_SEATS = 100_000  # seats shared by an apportionment (a largest remainder is cheap)
MAX_PARTIES = 1_000  # lists or factions in an apportionment
MAX_CANDIDATES = 500  # candidates in a ranked count (the polls' options are as many)
MAX_MEEK_CANDIDATES = 100  # candidates in a Meek count
MAX_RANKED_SEATS = 1_000  # seats filled by a ranked count
MAX_BALLOTS = 1_000_000  # ballot lines of a BLT file (papers given, before merging)
MAX_BLT_CHARS = 5_000_000  # a ballot file: a ward's cast vote record is well under 1 MB
MAX_DIGITS = 24  # digits of any number: a vote, a weight, a ballot's multiplicity

# the work of a count, in units of the formula of each method (see `work`)
MAX_WORK: dict[str, int] = {
    # seats x (factions + 16): a seat at a time, each faction compared for each
    "divisor": 600_000,
    # factions: quotas and remainders once
    "remainder": MAX_PARTIES,
    # candidates x (distinct papers + candidates): a stage a candidate, each paper looked at
    "scottish-stv": 1_500_000,
    "irv": 1_500_000,
    # Meek iterates each stage until the keep values settle: the same formula, dearer
    # (and at most MAX_MEEK_CANDIDATES, as its iterations grow with their square)
    "meek": 300_000,
    # distinct papers x candidates^2 (the pairwise matrix) + candidates^3 (the paths)
    "schulze": 15_000_000,
    # distinct papers x candidates, in exact fractions
    "borda": 250_000,
}


class BoundExceeded(ValueError):
    """A count asked for more than a bound allows: `bound` names it, `limit` is its value."""

    def __init__(self, bound: str, limit: int, given: int, what: str) -> None:
        self.bound = bound  # e.g. "max-digits", "max-work-meek"
        self.limit = limit
        self.given = given
        self.what = what  # what was too large, in words: "a weight on line 3"
        super().__init__(bound, limit, given, what)

    def __str__(self) -> str:
        return (
            f"{self.what}: {self.given:,} is more than the bound {self.bound} "
            f"allows ({self.limit:,})"
        )


def check(bound: str, limit: int, given: int, what: str) -> None:
    """Refuse `given` above `limit`, naming the bound."""
    if given > limit:
        raise BoundExceeded(bound, limit, given, what)


def digits(value: int) -> int:
    """How many decimal digits `value` has, without converting it to text (which Python
    refuses above 4,300 digits)."""
    value = abs(value)
    if value < 10:
        return 1
    # bit_length gives the digits within one; settle the last by comparing with 10**d
    estimate = int(value.bit_length() * 0.30103) + 1
    if value >= 10**estimate:
        return estimate + 1
    if value < 10 ** (estimate - 1):
        return estimate - 1
    return estimate


def check_digits(values: Iterable[int], what: str) -> None:
    """Refuse any number of more than MAX_DIGITS digits among `values`."""
    top = 10**MAX_DIGITS
    for value in values:
        if abs(value) >= top:
            check("max-digits", MAX_DIGITS, digits(value), f"{what}: the digits of a number")


def check_token_digits(token: str, what: str) -> None:
    """Refuse a number written with more than MAX_DIGITS digits, before it is converted."""
    written = len(token.lstrip("+-").lstrip("0")) or 1
    check("max-digits", MAX_DIGITS, written, f"{what}: the digits of a number")


def check_apportionment(per_seat: bool, seats: int, votes: Iterable[int]) -> None:
    """Bound an apportionment of `seats` between factions with `votes`; `per_seat` for a
    divisor method (a seat at a time), else a largest remainder method."""
    tally = list(votes)
    check("max-seats", MAX_SEATS, seats, "seats to share")
    check("max-parties", MAX_PARTIES, len(tally), "factions or lists")
    check_digits(tally, "votes")
    if per_seat:
        work = seats * (len(tally) + 16)
        check("max-work-divisor", MAX_WORK["divisor"], work, "seats x (factions + 16)")


def ranked_work(method: str, candidates: int, papers: int) -> int:
    """The work of counting `papers` distinct papers for `candidates` by `method`, in its
    formula's units (see MAX_WORK)."""
    if method == "schulze":
        return papers * candidates * candidates + candidates**3
    if method == "borda":
        return papers * candidates
    return candidates * (papers + candidates)


def check_ranked(
    method: str, candidates: int, seats: int, papers: int, weights: Iterable[int] = ()
) -> None:
    """Bound a ranked count by `method` of `papers` distinct papers (with `weights`) for
    `candidates` candidates and `seats` seats."""
    check("max-candidates", MAX_CANDIDATES, candidates, "candidates")
    if method == "meek":
        check("max-meek-candidates", MAX_MEEK_CANDIDATES, candidates, "candidates of a Meek count")
    check("max-ranked-seats", MAX_RANKED_SEATS, seats, "seats to fill")
    check_digits(weights, "the weights of the papers")
    if method in MAX_WORK:
        work = ranked_work(method, candidates, papers)
        check(f"max-work-{method}", MAX_WORK[method], work, f"the work of a {method} count")
