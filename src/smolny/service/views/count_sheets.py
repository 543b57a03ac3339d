"""A Schulze or Borda count as the screens draw it: the pairwise matrix and the strongest
paths, or each candidate's papers by rank and points, and the order with its ties.

These counts have no stages (docs/record-format.md 7.6); the projector, the public page
and the chair's console draw them from the poll's recorded outcome, as they draw an STV
count's stages (`smolny.service.views.polls.count_stages`).
"""

from __future__ import annotations

from typing import Any


def is_order(count: dict[str, Any]) -> bool:
    """Whether a ranked count puts the candidates in order (Schulze, Borda) rather than
    transferring votes stage by stage."""
    return "ranking" in count and "stages" not in count


def _matrix(
    count: dict[str, Any], which: str, elected: set[str], numbers: list[str]
) -> list[dict[str, Any]]:
    d, m = count["pairwise"], count[which]
    names = {str(c["number"]): c["name"] for c in count["candidates"]}
    rows = []
    for a in numbers:
        cells = []
        for b in numbers:
            if a == b:
                cells.append({"value": None, "mark": "self"})
                continue
            # what the pair's papers say, marked on both matrices: a beats b pairwise
            mark = "win" if d[a][b] > d[b][a] else "loss" if d[a][b] < d[b][a] else "level"
            cells.append({"value": m[a][b], "mark": mark, "over": names[b]})
        rows.append({"name": names[a], "elected": a in elected, "cells": cells})
    return rows


def _places(count: dict[str, Any]) -> list[dict[str, Any]]:
    places = []
    for place in count["ranking"]:
        tie = place.get("tie_break")
        places.append(
            {
                "place": place["place"],
                "names": [c["name"] for c in place["candidates"]],
                "tied": place["tied"],
                "tie_break": None
                if tie is None
                else {
                    "tied": [c["name"] for c in tie["tied"]],
                    "chosen": tie["chosen"]["name"],
                    "decided_by": tie["decided_by"],
                },
            }
        )
    return places


def order_sheet(count: dict[str, Any]) -> dict[str, Any]:
    """What a Schulze or Borda count shows: its figures for each candidate (by place for
    Borda, in the ballot's order for the matrices), the order, and how ties went."""
    elected = {str(c["number"]) for c in count["elected"]}
    numbers = [str(c["number"]) for c in count["candidates"]]
    sheet: dict[str, Any] = {
        "order": True,
        "method": count["method"],
        "seats": count["seats"],
        "valid_votes": count["valid_votes"],
        "head": [c["name"] for c in count["candidates"]],
        "places": _places(count),
        "lot": count.get("lot"),
    }
    if count["method"] == "schulze":
        winner = count.get("condorcet_winner")
        sheet.update(
            variant=count["variant"],
            pairwise=_matrix(count, "pairwise", elected, numbers),
            paths=_matrix(count, "strongest_paths", elected, numbers),
            condorcet=winner["name"] if winner else None,
        )
        return sheet
    place_of = {
        str(c["number"]): place["place"] for place in count["ranking"] for c in place["candidates"]
    }
    by_place = sorted(count["candidates"], key=lambda c: (place_of[str(c["number"])], c["number"]))
    sheet.update(
        scoring=count["scoring"],
        unranked=count["unranked"],
        points=count.get("points"),
        ranks=list(range(1, len(numbers) + 1)),
        total=count["total_points"],
        rows=[
            {
                "place": place_of[str(c["number"])],
                "name": c["name"],
                "elected": str(c["number"]) in elected,
                "ranks": c["ranks"],
                "unranked": c["unranked"],
                "score": c["score"],
            }
            for c in by_place
        ],
    )
    return sheet
