"""The verifier's recount of the apportionments the journal records outside polls: a
presidium's seats (`presidium.allotted`) and a congress's delegates apportioned between
its councils (`congress.convened` by the rule `apportioned`), made again from what the
entry says was shared, by the rules of docs/record-format.md section 7.3.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from smolny.record import apportion
from smolny.record import kinds as k
from smolny.record.entry import Entry
from smolny.record.outcomes import first_difference, lot_seed


@dataclass(frozen=True)
class AllotmentProblem:
    """An apportionment whose record the recount does not give."""

    seq: int
    reason: str

    def describe(self) -> str:
        """One line naming the entry and what differs."""
        return f"entry {self.seq}: {self.reason}"


def _presidium(entry: Entry) -> tuple[dict[str, Any], dict[str, Any]]:
    """(recorded, recomputed) of a `presidium.allotted` entry."""
    data = entry.data
    recorded: dict[str, Any] = data["result"]
    delegates: Mapping[str, Any] = data["delegates"]
    order = [str(share["name"]) for share in recorded["factions"]]  # the order counted in
    if sorted(order) != sorted(delegates):
        raise ValueError("the result names other factions than the delegates counted")
    threshold = recorded.get("threshold_percent")
    return recorded, apportion.allot(
        str(data["method"]),
        {name: delegates[name] for name in order},
        data["seats"],
        lot=apportion.Lot(None, recorded.get("ties", [])),
        threshold=None if threshold is None else apportion.parse_fraction(threshold),
        declined=[str(name) for name in data["declined"]],
        declined_seats=str(data["declined_seats"]),
        reserved=[str(name) for name in data["reserved"]],
    )


def _congress(entry: Entry) -> tuple[dict[str, Any], dict[str, Any]]:
    """(recorded, recomputed) of a `congress.convened` entry apportioned by membership."""
    data = entry.data
    recorded: dict[str, Any] = data["apportionment"]
    councils = data["councils"]
    seed = data.get("lot_seed")
    if seed is not None and seed != lot_seed(str(data["congress"]), entry.prev):
        raise apportion.Unverifiable("its lot_seed is not drawn from the entry before it")
    recomputed = apportion.allot(
        str(data["method"]),
        {str(c["council"]): c.get("members", 0) for c in councils},
        data["seats"],
        lot=apportion.Lot(seed if type(seed) is int else None, recorded.get("ties", [])),
    )
    sent = {str(c["council"]): c["delegates"] for c in councils}
    if sent != recomputed["seats"]:
        raise apportion.Unverifiable(
            f"the councils send {sent}, the apportionment gives {recomputed['seats']}"
        )
    return recorded, recomputed


def check(entries: Iterable[Entry]) -> tuple[int, list[AllotmentProblem]]:
    """Recount every recorded apportionment: how many, and what does not hold."""
    counted = 0
    problems: list[AllotmentProblem] = []
    for entry in entries:
        if entry.kind == k.PRESIDIUM_ALLOTTED:
            recount = _presidium
        elif entry.kind == k.CONGRESS_CONVENED and entry.data.get("rule") == "apportioned":
            recount = _congress
        else:
            continue
        counted += 1
        what = f"the apportionment of {entry.kind}"
        try:
            recorded, recomputed = recount(entry)
        except apportion.Unverifiable as exc:
            problems.append(AllotmentProblem(entry.seq, f"{what} cannot be made again: {exc}"))
            continue
        except (KeyError, TypeError, ValueError, AttributeError):
            problems.append(AllotmentProblem(entry.seq, f"{what} is malformed"))
            continue
        where = first_difference(recorded, recomputed)
        if where is not None:
            problems.append(
                AllotmentProblem(entry.seq, f"{what} differs from its recount (at {where})")
            )
    return counted, problems
