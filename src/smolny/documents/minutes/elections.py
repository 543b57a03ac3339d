"""Elections put in order in the minutes (the Schulze method, the Borda count): the
sentence naming the elected and the method, and the count's tables (the pairwise matrix
and the strongest paths, or the points), from the count the close records
(docs/record-format.md 7.6).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smolny.documents.minutes.model import Minutes, PollRecord
from smolny.i18n import _


def method_name(count: Mapping[str, Any]) -> str:
    """The method and its options, in words: "the Schulze method (winning votes)"."""
    if count.get("method") == "schulze":
        variant = {"winning-votes": _("winning votes"), "margins": _("margins")}
        return _(
            "the Schulze method (%(variant)s)",
            variant=variant.get(str(count.get("variant")), str(count.get("variant"))),
        )
    scoring = {
        "borda": _("points n−1, …, 0 by rank"),
        "dowdall": _("Dowdall's points 1, 1/2, …, 1/n"),
        "modified": _("modified: m, …, 1 on a paper ranking m"),
    }
    unranked = {
        "average": _("the unranked sharing the points left"),
        "zero": _("the unranked scoring nothing"),
    }
    return _(
        "the Borda count (%(scoring)s; %(unranked)s)",
        scoring=scoring.get(str(count.get("scoring")), str(count.get("scoring"))),
        unranked=unranked.get(str(count.get("unranked")), str(count.get("unranked"))),
    )


def _names(people: Any) -> str:
    return ", ".join(str(p["name"]) for p in people)


def order_sentence(poll: PollRecord) -> str:
    """Who was elected and by what, and how each tie for a seat was decided."""
    count = poll.order or {}
    text = _(
        "Elected by %(method)s: %(names)s.",
        method=method_name(count),
        names=_names(count.get("elected", [])) or "—",
    )
    how = {"lot": _("lot"), "random ballot": _("a random ballot")}
    for place in count.get("ranking", []):
        tie = place.get("tie_break")
        if tie:
            text += " " + _(
                "The tie for place %(place)s between %(tied)s was decided by %(how)s: %(chosen)s.",
                place=place["place"],
                tied=_names(tie["tied"]),
                how=how.get(str(tie["decided_by"]), str(tie["decided_by"])),
                chosen=tie["chosen"]["name"],
            )
    return text


def _matrix(count: Mapping[str, Any], which: str, caption: str) -> dict[str, Any]:
    people = count["candidates"]
    numbers = [str(c["number"]) for c in people]
    rows = [
        [str(a["name"])]
        + [
            "—" if b == str(a["number"]) else str(count[which][str(a["number"])][b])
            for b in numbers
        ]
        for a in people
    ]
    return {"caption": caption, "head": ["", *(str(c["name"]) for c in people)], "rows": rows}


def _points(count: Mapping[str, Any]) -> dict[str, Any]:
    people = count["candidates"]
    place = {str(c["number"]): p["place"] for p in count["ranking"] for c in p["candidates"]}
    n = len(people)
    rows = [
        [str(place[str(c["number"])]), str(c["name"])]
        + [str(k) for k in c["ranks"]]
        + [str(c["unranked"]), str(c["score"])]
        for c in sorted(people, key=lambda c: (place[str(c["number"])], c["number"]))
    ]
    points = count.get("points")
    if points:
        rows.insert(0, ["", _("points for the rank"), *map(str, points), "", ""])
    rows.append(["", _("total"), *([""] * n), "", str(count["total_points"])])
    head = [_("Place"), _("Candidate"), *(str(k) for k in range(1, n + 1))]
    return {
        "caption": _("Papers placing each candidate at each rank, and points"),
        "head": [*head, _("Unranked"), _("Points")],
        "rows": rows,
    }


def order_tables(minutes: Minutes) -> list[dict[str, Any]]:
    """Each election put in order: its heading, its sentence and its tables."""
    tables = []
    for poll in minutes.polls:
        count = poll.order
        if not count:
            continue
        if count.get("method") == "schulze":
            shown = [
                _matrix(count, "pairwise", _("Papers ranking the row above the column")),
                _matrix(count, "strongest_paths", _("Strongest paths from the row to the column")),
            ]
        else:
            shown = [_points(count)]
        tables.append(
            {
                "heading": f"{poll.id}. {poll.title}",
                "sentence": order_sentence(poll),
                "tables": shown,
            }
        )
    return tables
