"""The trace of a count: every stage, every transfer, every decision and tie-break.

A `Result` holds the elected candidates and the stages that led to them. Each
`Stage` records the votes of every candidate at its end, what moved during it, the
papers that became non-transferable, the value lost to truncation, who was elected
or excluded and why, and each tie-break with how it was decided. All numbers are
`Fraction`s (exact); `to_json` turns them into exact strings and `render_text` into
a report a returning officer could read out.

Invariant (checked by the tests): at the end of every stage, the candidates' votes
plus all non-transferable votes plus all loss to truncation equal the valid votes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from smolny.counting.stv import Election

FIRST_PREFERENCES = "first-preferences"
SURPLUS = "surplus"
EXCLUSION = "exclusion"
ITERATION = "iteration"  # Meek: the keep factors settled after an election or exclusion


@dataclass(frozen=True)
class TieBreak:
    """How a tie was settled: by the votes at an earlier stage, or by lot."""

    purpose: str  # "exclusion", "surplus order", ...
    tied: tuple[int, ...]
    chosen: int
    decided_by: str  # "earlier stage" or "lot"
    at_stage: int | None = None  # the earlier stage whose votes decided it
    lot: str | None = None  # how the lot was drawn, when it was


@dataclass(frozen=True)
class Decision:
    """A candidate elected or excluded at a stage, with the rule that did it."""

    candidate: int
    outcome: str  # "elected" or "excluded"
    reason: str


@dataclass(frozen=True)
class Stage:
    """One stage of the count and its outcome."""

    number: int
    action: str  # FIRST_PREFERENCES, SURPLUS, EXCLUSION or ITERATION
    subject: int | None  # whose surplus is transferred or who is excluded
    votes: dict[int, Fraction]  # every running candidate's votes at the end of the stage
    changes: dict[int, Fraction]  # what each candidate gained (or lost) in this stage
    non_transferable: Fraction = Fraction(0)  # papers exhausted in this stage, at their value
    truncation_loss: Fraction = Fraction(0)  # surplus lost to the statute's truncation
    non_transferable_total: Fraction = Fraction(0)  # since the start of the count
    truncation_loss_total: Fraction = Fraction(0)
    transfer_values: tuple[tuple[Fraction, Fraction], ...] = ()  # (value received, value sent)
    decisions: tuple[Decision, ...] = ()
    tie_breaks: tuple[TieBreak, ...] = ()
    quota: Fraction | None = None  # set when the quota moves (Meek)
    keep_factors: dict[int, Fraction] = field(default_factory=dict)  # Meek only


@dataclass(frozen=True)
class Result:
    """The outcome of a count: who is elected, in order, and the stages."""

    method: str
    seats: int
    valid_votes: int
    invalid_papers: int  # papers with no preference for a running candidate
    quota: Fraction | None
    elected: tuple[int, ...]
    stages: tuple[Stage, ...]
    lot: str | None = None  # how lots would be drawn (whether or not one was needed)
    notes: tuple[str, ...] = ()


def exact(value: Fraction | int) -> str:
    """`value` as an exact string: an integer, a terminating decimal, or `p/q`."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    d = value.denominator
    twos = fives = 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    if d != 1:
        return f"{value.numerator}/{value.denominator}"
    places = max(twos, fives)
    scaled = value.numerator * 10**places // value.denominator
    sign = "-" if scaled < 0 else ""
    digits = str(abs(scaled)).rjust(places + 1, "0")
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def _candidate(election: Election, number: int) -> dict[str, Any]:
    return {"number": number, "name": election.name(number)}


def to_json(result: Result, election: Election) -> dict[str, Any]:
    """The result as JSON-ready data: integers, strings, lists and objects only."""
    stages = []
    for stage in result.stages:
        item: dict[str, Any] = {
            "number": stage.number,
            "action": stage.action,
            "candidate": None if stage.subject is None else _candidate(election, stage.subject),
            "votes": {str(c): exact(v) for c, v in stage.votes.items()},
            "changes": {str(c): exact(v) for c, v in stage.changes.items() if v},
            "non_transferable": exact(stage.non_transferable),
            "truncation_loss": exact(stage.truncation_loss),
            "non_transferable_total": exact(stage.non_transferable_total),
            "truncation_loss_total": exact(stage.truncation_loss_total),
            "transfer_values": [
                {"received": exact(r), "transferred": exact(t)} for r, t in stage.transfer_values
            ],
            "elected": [
                {**_candidate(election, d.candidate), "reason": d.reason}
                for d in stage.decisions
                if d.outcome == "elected"
            ],
            "excluded": [
                {**_candidate(election, d.candidate), "reason": d.reason}
                for d in stage.decisions
                if d.outcome == "excluded"
            ],
            "tie_breaks": [
                {
                    "purpose": t.purpose,
                    "tied": [_candidate(election, c) for c in t.tied],
                    "chosen": _candidate(election, t.chosen),
                    "decided_by": t.decided_by,
                    "at_stage": t.at_stage,
                    "lot": t.lot,
                }
                for t in stage.tie_breaks
            ],
        }
        if stage.quota is not None:
            item["quota"] = exact(stage.quota)
        if stage.keep_factors:
            item["keep_factors"] = {str(c): exact(k) for c, k in stage.keep_factors.items()}
        stages.append(item)
    quota: int | str | None = None
    if result.quota is not None:
        quota = result.quota.numerator if result.quota.denominator == 1 else exact(result.quota)
    return {
        "title": election.title,
        "method": result.method,
        "seats": result.seats,
        "valid_votes": result.valid_votes,
        "invalid_papers": result.invalid_papers,
        "quota": quota,
        "elected": [_candidate(election, c) for c in result.elected],
        "stages": stages,
        "lot": result.lot,
        "notes": list(result.notes),
    }


def _fmt(value: Fraction, places: int) -> str:
    """A fixed-point rendering for reading (truncated, never rounded up); JSON is exact."""
    scaled = value.numerator * 10**places // value.denominator
    sign = "-" if scaled < 0 else ""
    digits = str(abs(scaled)).rjust(places + 1, "0")
    return f"{sign}{digits[:-places]}.{digits[-places:]}" if places else f"{sign}{digits}"


def render_text(result: Result, election: Election, places: int = 5) -> str:
    """A plain-text report: the elected, then each stage with its votes and decisions."""
    lines: list[str] = []
    if election.title:
        lines.append(election.title)
    quota = "" if result.quota is None else f", quota {exact(result.quota)}"
    lines.append(
        f"{result.method}: {result.seats} seat(s), {result.valid_votes} valid votes{quota}"
    )
    lines.append("Elected: " + "; ".join(election.name(c) for c in result.elected))
    width = max(len("lost to truncation"), *(len(election.name(c)) for c in election.running))
    for stage in result.stages:
        head = f"Stage {stage.number}: {stage.action}"
        if stage.subject is not None:
            head += f" of {election.name(stage.subject)}"
        lines.append("")
        lines.append(head)
        for value, sent in stage.transfer_values:
            lines.append(f"  transfer value {exact(sent)} for papers worth {exact(value)}")
        for c, v in stage.votes.items():
            change = stage.changes.get(c, Fraction(0))
            delta = f"  ({'+' if change >= 0 else ''}{_fmt(change, places)})" if change else ""
            lines.append(f"  {election.name(c).ljust(width)}  {_fmt(v, places):>16}{delta}")
        lines.append(
            f"  {'non-transferable'.ljust(width)}  {_fmt(stage.non_transferable_total, places):>16}"
        )
        if stage.truncation_loss_total:
            lines.append(
                f"  {'lost to truncation'.ljust(width)}"
                f"  {_fmt(stage.truncation_loss_total, places):>16}"
            )
        if stage.quota is not None and stage.keep_factors:
            lines.append(f"  quota {exact(stage.quota)}")
        for t in stage.tie_breaks:
            how = f"votes at stage {t.at_stage}" if t.decided_by == "earlier stage" else t.lot
            tied = ", ".join(election.name(c) for c in t.tied)
            lines.append(
                f"  tie for {t.purpose} between {tied}: {election.name(t.chosen)}, by {how}"
            )
        for d in stage.decisions:
            lines.append(f"  {d.outcome}: {election.name(d.candidate)} ({d.reason})")
    for note in result.notes:
        lines.append(note)
    return "\n".join(lines) + "\n"
