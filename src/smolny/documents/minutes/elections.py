"""Elections in the minutes: the sentence naming the chosen or elected and the method, and
the count's tables: for an election put in order (the Schulze method, the Borda count) the
pairwise matrix and the strongest paths, or the points (docs/record-format.md 7.6); for
single transferable vote or instant runoff the votes of each candidate stage by stage; for
lists the seats of each list. All from the outcome the close records.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smolny.documents.minutes.model import Minutes, PollRecord
from smolny.i18n import _, number
from smolny.i18n import words as w


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


def elected(poll: PollRecord) -> list[str]:
    """The names an election chose or elected (none for a yes/no poll or for lists)."""
    outcome = poll.outcome or {}
    if poll.question == "choice":
        return [str(outcome["chosen"])] if outcome.get("chosen") else []
    if poll.question == "multiple":
        return [str(n) for n in outcome.get("elected", [])]
    count = outcome.get("count") or poll.order or {}
    return [str(c["name"]) for c in count.get("elected", [])]


def _seats(outcome: Mapping[str, Any]) -> list[tuple[str, int, int]]:
    apportionment = outcome.get("apportionment") or {}
    return [
        (str(f["name"]), int(f.get("votes", 0)), int(f.get("seats", 0)))
        for f in apportionment.get("factions", [])
    ]


def election_sentence(poll: PollRecord) -> str:
    """Who an election (not put in order) chose or elected, and by what count."""
    outcome = poll.outcome or {}
    names = ", ".join(elected(poll))
    if poll.question == "list":
        seats = _seats(outcome)
        if not seats:
            return _("No seats were apportioned: no list received votes.")
        return _(
            "Seats apportioned by %(method)s: %(seats)s.",
            method=w.counting_method(str((outcome.get("apportionment") or {}).get("method"))),
            seats=", ".join(f"{name} {number(n)}" for name, _votes, n in seats),
        )
    if poll.question == "choice":
        if not names:
            return _("No option was chosen: %(reason)s.", reason=outcome.get("reason") or "—")
        return _("The choice fell on %(names)s.", names=names)
    if poll.question == "multiple":
        return _("Elected: %(names)s.", names=names or "—")
    count = outcome.get("count") or {}
    return _(
        "Elected (%(method)s): %(names)s.",
        method=w.counting_method(str(count.get("method") or "")),
        names=names or "—",
    )


def _stages(count: Mapping[str, Any], options: list[str]) -> dict[str, Any]:
    """An STV or IRV count as a table: each candidate's votes at each stage, and what
    became of them."""
    names = {str(i): name for i, name in enumerate(options, start=1)}
    fate: dict[str, str] = {}
    for stage in count.get("stages", []):
        for who in stage.get("elected", []):
            names[str(who["number"])] = str(who["name"])
            fate[str(who["number"])] = _("elected at stage %(n)s", n=stage["number"])
        for who in stage.get("excluded", []):
            names[str(who["number"])] = str(who["name"])
            fate[str(who["number"])] = _("excluded at stage %(n)s", n=stage["number"])
    stages = list(count.get("stages", []))
    numbers = sorted(
        {n for st in stages for n in st.get("votes", {})} | set(names),
        key=lambda n: int(n) if n.isdecimal() else 0,
    )
    rows = [
        [names.get(n, n), *(str(st.get("votes", {}).get(n, "")) for st in stages), fate.get(n, "")]
        for n in numbers
    ]
    rows.append(
        [_("Non-transferable"), *(str(st.get("non_transferable_total", "")) for st in stages), ""]
    )
    head = [
        _("Candidate"),
        *(
            _("Stage %(n)s: %(action)s", n=st["number"], action=w.stage(st.get("action")))
            + (f" ({st['candidate']['name']})" if st.get("candidate") else "")
            for st in stages
        ),
        _("Outcome"),
    ]
    return {
        "caption": _(
            "Votes of each candidate at each stage (%(seats)s seats, quota %(quota)s)",
            seats=count.get("seats", "—"),
            quota=count.get("quota") if count.get("quota") is not None else "—",
        ),
        "head": head,
        "rows": rows,
    }


def _lists(outcome: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "caption": _("Votes and seats of each list"),
        "head": [_("List"), _("Votes"), _("Seats")],
        "rows": [[name, number(v), number(n)] for name, v, n in _seats(outcome)],
    }


def election_tables(minutes: Minutes) -> list[dict[str, Any]]:
    """Each election counted by stages or by lists: heading, sentence and tables."""
    tables = []
    for poll in minutes.polls:
        outcome = poll.outcome or {}
        count = outcome.get("count")
        if poll.order or not outcome:
            continue
        if isinstance(count, dict) and "stages" in count:
            shown = [_stages(count, list(poll.options))]
        elif poll.question == "list" and _seats(outcome):
            shown = [_lists(outcome)]
        else:
            continue
        tables.append(
            {
                "heading": f"{poll.id}. {poll.title}",
                "sentence": election_sentence(poll),
                "tables": shown,
            }
        )
    return tables


def order_tables(minutes: Minutes) -> list[dict[str, Any]]:
    """Each election put in order, then each counted by stages or by lists: its heading,
    its sentence and its tables."""
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
    return tables + election_tables(minutes)
