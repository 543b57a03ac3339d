"""A congress's papers as the screens show them (issue 19): a council's desk (its deadlines,
papers, composites awaiting its consent, its delegates and its instructions to them), the
congress's papers for the secretariat and the standing orders committee (every paper with
the moves the workflow offers from its state), and an amendment's preview: a motion's text
as the amendment would read, the words struck and inserted marked.

Everything here is read; the acts go through the service as the JSON API's do. Names of
bodies and delegates, never their identifiers, are what a page shows: each read model
carries both (the identifier for the form's value, the name for people).
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from smolny.domain.composites import PROPOSED
from smolny.domain.errors import Invalid, NotFound, OutOfOrder
from smolny.domain.papers import CHANGES, paper_of, papers_of, workflow_of
from smolny.domain.state import Assembly, Paper
from smolny.procedure.workflow import Workflow
from smolny.service.unit_of_work import UnitOfWork
from smolny.service.views import papers as paper_views

_TOKENS = re.compile(r"\s+|\S+")


def account_council(app: UnitOfWork, ident: str) -> str | None:
    """The council the account `ident` works for, if it is attached to one."""
    with app.lock:
        found = app.state.accounts.get(ident)
        return None if found is None else found.get("council")


def congresses(app: UnitOfWork, council: str | None = None) -> list[dict[str, str]]:
    """The congresses that take papers (their deadlines set), by name; with `council`, only
    those it sends delegates to (or any, when a congress names no councils)."""
    with app.lock:
        state = app.state
        found = []
        for slug in state.papers:
            body = state.bodies.get(slug)
            if body is None:
                continue
            if council is not None and body.allocation and council not in body.allocation:
                continue
            found.append({"slug": slug, "name": body.name})
        return found


def _name(state: Assembly, slug: str | None) -> str:
    body = state.bodies.get(slug) if slug else None
    return body.name if body is not None else (slug or "")


def _councils(state: Assembly, congress: str) -> list[dict[str, str]]:
    body = state.bodies[congress]
    slugs = list(body.allocation) or [b.slug for b in state.bodies.values() if b.kind == "council"]
    return [{"slug": s, "name": _name(state, s)} for s in slugs]


# -- an amendment as a change to the text ------------------------------------------------------


def _merged(segments: list[dict[str, str]]) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    for s in segments:
        if not s["text"]:
            continue
        if found and found[-1]["kind"] == s["kind"]:
            found[-1]["text"] += s["text"]
        else:
            found.append(dict(s))
    return found


def word_changes(old: str, new: str) -> list[dict[str, str]]:
    """`old` changed into `new`, word by word: segments kept, struck and inserted."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    segments: list[dict[str, str]] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append({"kind": "kept", "text": "".join(a[i1:i2])})
            continue
        segments.append({"kind": "struck", "text": "".join(a[i1:i2])})
        segments.append({"kind": "inserted", "text": "".join(b[j1:j2])})
    return _merged(segments)


def amended(paragraphs: list[str], at: int, change: str, text: str) -> list[dict[str, Any]]:
    """Every paragraph of a motion as the change would leave it: {number (None for one
    inserted), segments, changed}; a paragraph deleted is all struck, one inserted all
    inserted."""
    shown: list[dict[str, Any]] = []

    def added() -> None:
        shown.append(
            {"number": None, "segments": [{"kind": "inserted", "text": text}], "changed": True}
        )

    if change == "insert-after" and at == 0:
        added()
    for number, paragraph in enumerate(paragraphs, start=1):
        if number == at and change == "replace":
            segments = word_changes(paragraph, text)
        elif number == at and change == "delete":
            segments = [{"kind": "struck", "text": paragraph}]
        else:
            segments = [{"kind": "kept", "text": paragraph}]
        changed = number == at and change != "insert-after"
        shown.append({"number": number, "segments": segments, "changed": changed})
        if change == "insert-after" and number == at:
            added()
    return shown


def preview(
    app: UnitOfWork, congress: str, motion: str, paragraph: int, change: str, text: str
) -> dict[str, Any]:
    """Motion `motion`'s text as the amendment would amend it (nothing recorded); refused as
    the amendment itself would be for a paragraph the motion does not have."""
    with app.lock:
        found = paper_of(app.state, congress, motion, "motion")
        if found.motion is not None or not found.made:
            raise OutOfOrder(
                "amend-a-motion", f"{motion} is not a motion: amend a motion", field="motion"
            )
        paragraphs = list(found.paragraphs)
        title = found.title
    if change not in CHANGES:
        raise Invalid("change", f"change is one of {', '.join(CHANGES)}", field="change")
    lowest = 0 if change == "insert-after" else 1
    if not lowest <= paragraph <= len(paragraphs):
        raise Invalid(
            "no-such-paragraph",
            f"{motion} has paragraphs 1 to {len(paragraphs)}: there is no paragraph "
            f"{paragraph} to {change.replace('-', ' ')}",
            field="paragraph",
        )
    return {
        "motion": motion,
        "title": title,
        "paragraphs": amended(paragraphs, paragraph, change, "" if change == "delete" else text),
    }


def state_name(app: UnitOfWork, congress: str, state: str) -> str:
    """A state of the congress's workflow by its name for people."""
    with app.lock:
        return workflow_of(app.state, congress).state_name(state)


# -- the papers ---------------------------------------------------------------------------------


def _paper(state: Assembly, workflow: Workflow, found: Paper) -> dict[str, Any]:
    shown = paper_views._summary(found, workflow)
    shown["council_name"] = _name(state, found.council)
    shown["consent_councils"] = {
        m: _name(state, state.papers[found.congress].papers[m].council) for m in found.motions
    }
    shown["proposed"] = found.state == PROPOSED
    if found.motion is not None and found.change is not None:
        motion = state.papers[found.congress].papers.get(found.motion)
        if motion is not None:
            at, change, text = (found.change[key] for key in ("paragraph", "change", "text"))
            shown["amends"] = {
                "title": motion.title,
                "paragraphs": amended(list(motion.paragraphs), at, change, text),
            }
    shown["history"] = [{**h, "to_name": workflow.state_name(h["to"])} for h in found.history]
    return shown


def _moves(workflow: Workflow, found: Paper, roles: frozenset[str]) -> list[dict[str, Any]]:
    if not found.made:
        return []
    return [
        {
            "to": m.end,
            "to_name": workflow.state_name(m.end),
            "role": next(r for r in m.by if r in roles),
            "reason": m.reason,
        }
        for m in workflow.moves
        if m.start == found.state and any(r in roles for r in m.by)
    ]


def congress_desk(app: UnitOfWork, congress: str, roles: frozenset[str]) -> dict[str, Any]:
    """The congress's papers for the secretariat and the committee: its deadlines, every
    paper (in the order received) with the moves the workflow offers from its state in the
    `roles` the viewer may act in, and the motions a composite may join."""
    with app.lock:
        state = app.state
        papers = papers_of(state, congress)
        workflow = workflow_of(state, congress)
        shown = []
        for found in papers.papers.values():
            one = _paper(state, workflow, found)
            one["moves"] = _moves(workflow, found, roles)
            shown.append(one)
        return {
            "congress": {"slug": congress, "name": _name(state, congress)},
            "deadlines": {"motions": papers.motions_by, "amendments": papers.amendments_by},
            "workflow": workflow.name,
            "papers": shown,
            "compositable": [
                p for p in shown if p["kind"] == "motion" and p["state"] == workflow.composite
            ],
        }


def council_desk(app: UnitOfWork, congress: str, council: str) -> dict[str, Any]:
    """A council's papers to a congress: the deadlines, the motions it may amend (every
    motion, with its paragraphs), its own papers, the composites of its motions (and whether
    it has consented), the delegates it sent and its instructions to them, by paper."""
    with app.lock:
        state = app.state
        papers = papers_of(state, congress)
        workflow = workflow_of(state, congress)
        body = state.bodies.get(council)
        if body is None or body.kind != "council":
            raise NotFound("unknown-council", f"there is no council {council!r}", field="council")
        all_papers = [_paper(state, workflow, p) for p in papers.papers.values()]
        own = [p for p in all_papers if p["council"] == council]
        movers = frozenset({"mover"})
        for p in own:
            p["moves"] = _moves(workflow, papers.papers[p["number"]], movers)
        mine = {p["number"] for p in own if p["kind"] == "motion"}
        composites = [
            {**p, "mine": [m for m in p["motions"] if m in mine]}
            for p in all_papers
            if p["kind"] == "composite" and mine & set(p["motions"])
        ]
        sent = [
            {"id": d.id, "name": d.name}
            for d in state.bodies[congress].delegates.values()
            if d.sent_by == council
        ]
        names = {d["id"]: d["name"] for d in sent}
        instructions = []
        for found in papers.papers.values():
            given = [
                {"name": names.get(d, d), "instruction": i["instruction"]}
                for d, i in found.instructions.items()
                if i["council"] == council
            ]
            if given:
                instructions.append({"number": found.number, "title": found.title, "given": given})
        return {
            "congress": {"slug": congress, "name": _name(state, congress)},
            "council": {"slug": council, "name": body.name},
            "deadlines": {"motions": papers.motions_by, "amendments": papers.amendments_by},
            "councils": [c for c in _councils(state, congress) if c["slug"] != council],
            "motions": [p for p in all_papers if p["kind"] == "motion"],
            "papers": own,
            "instructable": [
                p for p in all_papers if p["kind"] != "amendment" and not p["proposed"]
            ],
            "composites": composites,
            "delegates": sent,
            "instructions": instructions,
        }


def delegates_not_sent(
    app: UnitOfWork, congress: str, council: str, delegates: list[str]
) -> list[str]:
    """Of `delegates`, the names of those `council` did not send to `congress`."""
    with app.lock:
        body = app.state.bodies.get(congress)
        if body is None:
            return []
        return [
            body.delegates[d].name if d in body.delegates else d
            for d in delegates
            if d not in body.delegates or body.delegates[d].sent_by != council
        ]
