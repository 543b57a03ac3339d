"""A congress's papers: its deadlines and workflow, every motion, amendment and composite
with its number, state (and the state's name), recommendation, moves, amendments shown as
changes to the text, and the instructions of the councils to their delegates."""

from __future__ import annotations

import copy
from typing import Any

from smolny.domain.checks import poll_of
from smolny.domain.composites import PROPOSED
from smolny.domain.errors import OutOfOrder
from smolny.domain.papers import paper_of, papers_of, workflow_of
from smolny.domain.state import Assembly, Paper
from smolny.procedure.workflow import Workflow
from smolny.record import canonical
from smolny.service.unit_of_work import UnitOfWork


def congress_papers(app: UnitOfWork, congress: str) -> dict[str, Any]:
    """The deadlines, the workflow (its states and moves) and every paper of `congress`, in
    the order they came in; a refusal if it is no congress or takes no papers yet."""
    with app.lock:
        papers = papers_of(app.state, congress)
        workflow = workflow_of(app.state, congress)
        return {
            "congress": congress,
            "deadlines": {"motions": papers.motions_by, "amendments": papers.amendments_by},
            "workflow": {
                "key": workflow.key,
                "name": workflow.name,
                "states": dict(workflow.states),
                "moves": [
                    {"from": m.start, "to": m.end, "by": list(m.by), "reason": m.reason}
                    for m in workflow.moves
                ],
            },
            "papers": [_summary(p, workflow) for p in papers.papers.values()],
        }


def paper(app: UnitOfWork, congress: str, number: str) -> dict[str, Any]:
    """One paper in full: its text, its moves, its amendments as changes to its text, the
    instructions to delegates on it; NotFound if there is none."""
    with app.lock:
        found = paper_of(app.state, congress, number)
        workflow = workflow_of(app.state, congress)
        detail = _summary(found, workflow)
        detail["history"] = copy.deepcopy(found.history)
        detail["amendments"] = _amendments(app.state, found)
        detail["instructions"] = [
            {"delegate": d, "council": i["council"], "instruction": i["instruction"]}
            for d, i in found.instructions.items()
        ]
        return detail


# what an instruction asks of a named ballot's answer (free: anything)
_ASKED = {"for": "yes", "against": "no"}
NAMED = ("electronic-named", "roll-call")


def instructions(
    app: UnitOfWork, congress: str, number: str, poll: str | None = None
) -> dict[str, Any]:
    """The councils' instructions to their delegates on a paper; with `poll` (a closed named
    vote on it), how each instructed delegate voted and whether they departed from their
    instruction (an abstention or no vote departs from for or against; free binds nothing)."""
    with app.lock:
        found = paper_of(app.state, congress, number)
        given = {d: dict(i) for d, i in found.instructions.items()}
        names = {d: app.state.delegates[d].name for d in given if d in app.state.delegates}
        if poll is not None:
            voted = poll_of(app.state, poll)
            if voted.method not in NAMED or voted.state != "closed":
                raise OutOfOrder(
                    "named-vote",
                    f"poll {poll} is not a closed named vote: who voted how is not known",
                    field="poll",
                )
    rows = [
        {
            "delegate": d,
            "name": names.get(d, d),
            "council": i["council"],
            "instruction": i["instruction"],
        }
        for d, i in given.items()
    ]
    if poll is None:
        return {"paper": number, "poll": None, "instructions": rows}
    with app.store.reading() as tx:
        ballots = [canonical.loads(text) for _, text in tx.ballots(poll)]
    votes = {b["voter"]: b.get("choice") for b in ballots if "voter" in b}
    for row in rows:
        vote = votes.get(row["delegate"])
        asked = _ASKED.get(row["instruction"])
        row["vote"] = vote
        row["departed"] = asked is not None and vote != asked
    return {"paper": number, "poll": poll, "instructions": rows}


def _summary(found: Paper, workflow: Workflow) -> dict[str, Any]:
    recommendation = found.recommendation
    return {
        "number": found.number,
        "kind": "amendment" if found.motion else "composite" if found.motions else "motion",
        "council": found.council,
        "title": found.title,
        "paragraphs": list(found.paragraphs),
        "movers": list(found.movers),
        "supporters": list(found.supporters),
        "state": found.state,
        "state_name": "Proposed" if found.state == PROPOSED else workflow.state_name(found.state),
        "submitted_at": found.submitted_at,
        "emergency": found.emergency,
        "motion": found.motion,
        "change": dict(found.change) if found.change else None,
        "motions": list(found.motions),
        "consents": dict(found.consents),
        "composite": found.composite,
        "recommendation": (
            {"stance": recommendation["stance"], "reason": recommendation["reason"]}
            if recommendation
            else None
        ),
    }


def _amendments(state: Assembly, motion: Paper) -> list[dict[str, Any]]:
    # each amendment to this motion, with the motion's text as it would read amended
    found = []
    for amendment in state.papers[motion.congress].papers.values():
        if amendment.motion != motion.number or amendment.change is None:
            continue
        at, change, text = (amendment.change[key] for key in ("paragraph", "change", "text"))
        amended = list(motion.paragraphs)
        struck: list[str] = []
        inserted: list[str] = []
        if change == "insert-after":
            amended.insert(at, text)
            inserted.append(text)
        else:
            struck.append(amended[at - 1])
            if change == "replace":
                amended[at - 1] = text
                inserted.append(text)
            else:
                del amended[at - 1]
        found.append(
            {
                "number": amendment.number,
                "council": amendment.council,
                "state": amendment.state,
                "paragraph": at,
                "change": change,
                "struck": struck,
                "inserted": inserted,
                "amended": amended,
            }
        )
    return found
