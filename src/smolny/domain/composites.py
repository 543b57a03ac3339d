"""Composites and mandates on papers: the standing orders committee proposes one text for
several motions (C1, C2...), each moving council consents, and only then is the composite
made, its motions composited into it; and a sending council instructs its delegates how to
vote on a paper (for, against, free). The papers themselves are `smolny.domain.papers`."""

from __future__ import annotations

from typing import Any

from smolny.domain import checks
from smolny.domain import commands as c
from smolny.domain.errors import Forbidden, Invalid, OutOfOrder
from smolny.domain.events import Event
from smolny.domain.papers import MAX_PARAGRAPHS, paper_of, papers_of, workflow_of
from smolny.domain.state import Assembly, Decider, Fold, Paper
from smolny.record import kinds as k

INSTRUCTIONS = ("for", "against", "free")
PROPOSED = "proposed"  # a composite's state until it is made (no state of the workflow)


def _propose(state: Assembly, cmd: c.ProposeComposite) -> list[Event]:
    papers = papers_of(state, cmd.congress)
    workflow = workflow_of(state, cmd.congress)
    if len(cmd.motions) < 2 or len(set(cmd.motions)) != len(cmd.motions):
        raise Invalid(
            "composite-motions", "a composite joins two or more different motions", field="motions"
        )
    for number in cmd.motions:
        motion = paper_of(state, cmd.congress, number, "motions")
        if motion.motion is not None or motion.council is None:
            raise OutOfOrder(
                "composite-motions", f"{number} is not a council's motion", field="motions"
            )
        if motion.state != workflow.composite:
            raise OutOfOrder(
                "composite-motions",
                f"{number} is {workflow.state_name(motion.state)!r}: only motions "
                f"{workflow.state_name(workflow.composite)!r} are composited",
                field="motions",
            )
    if not cmd.paragraphs or len(cmd.paragraphs) > MAX_PARAGRAPHS:
        raise Invalid("no-text", "a composite has 1 to 200 paragraphs", field="paragraphs")
    data = {
        "congress": cmd.congress,
        "paper": f"C{1 + sum(1 for p in papers.papers if p.startswith('C'))}",
        "motions": list(cmd.motions),
        "title": checks.name(cmd.title, "title"),
        "paragraphs": [checks.text(p, "paragraphs") for p in cmd.paragraphs],
    }
    return [Event(k.COMPOSITE_PROPOSED, data)]


def _composite(state: Assembly, congress: str, number: str) -> Paper:
    found = paper_of(state, congress, number, "composite")
    if not found.motions:
        raise OutOfOrder("not-a-composite", f"{number} is not a composite", field="composite")
    if found.made:
        raise OutOfOrder("composite-made", f"{number} is made already", field="composite")
    return found


def _consent(state: Assembly, cmd: c.ConsentToComposite) -> list[Event]:
    composite = _composite(state, cmd.congress, cmd.composite)
    if cmd.motion not in composite.motions:
        raise Invalid(
            "not-in-composite",
            f"{cmd.motion} is not one of {composite.number}'s motions "
            f"({', '.join(composite.motions)})",
            field="motion",
        )
    if cmd.motion in composite.consents:
        raise OutOfOrder(
            "consented", f"the movers of {cmd.motion} have consented already", field="motion"
        )
    council = paper_of(state, cmd.congress, cmd.motion).council
    assert council is not None
    data = {
        "congress": cmd.congress,
        "paper": composite.number,
        "motion": cmd.motion,
        "council": council,
    }
    return [Event(k.COMPOSITE_CONSENTED, data)]


def _make(state: Assembly, cmd: c.MakeComposite) -> list[Event]:
    composite = _composite(state, cmd.congress, cmd.composite)
    workflow = workflow_of(state, cmd.congress)
    missing = [m for m in composite.motions if m not in composite.consents]
    if missing:
        whose = ", ".join(f"{m} ({paper_of(state, cmd.congress, m).council})" for m in missing)
        raise OutOfOrder(
            "composite-consent",
            f"{composite.number} needs every mover's consent: the movers of {whose} have not "
            "consented",
            field="composite",
        )
    for number in composite.motions:
        motion = paper_of(state, cmd.congress, number)
        if motion.state != workflow.composite:
            raise OutOfOrder(
                "composite-motions",
                f"{number} is {workflow.state_name(motion.state)!r} now: it cannot be composited",
                field="composite",
            )
    data = {
        "congress": cmd.congress,
        "paper": composite.number,
        "motions": list(composite.motions),
        "state": workflow.composite,
        "composited": workflow.composited,
    }
    return [Event(k.COMPOSITE_MADE, data)]


def _instruct(state: Assembly, cmd: c.InstructDelegates) -> list[Event]:
    paper = paper_of(state, cmd.congress, cmd.paper)
    if cmd.instruction not in INSTRUCTIONS:
        raise Invalid(
            "instruction", f"instruction is one of {', '.join(INSTRUCTIONS)}", field="instruction"
        )
    council = state.bodies.get(cmd.council)
    if council is None or council.kind != "council":
        checks.body_of(state, cmd.council)
        raise Invalid("not-a-council", f"{cmd.council} is not a council", field="council")
    congress = state.bodies[cmd.congress]
    sent = [d.id for d in congress.delegates.values() if d.sent_by == cmd.council]
    named = list(cmd.delegates) or sent
    if not named:
        raise OutOfOrder(
            "instruction-sender",
            f"{cmd.council} sent no delegates to {cmd.congress}: it has none to instruct",
            field="council",
        )
    for ident in named:
        if ident not in sent:
            sender = congress.delegates[ident].sent_by if ident in congress.delegates else None
            raise Forbidden(
                "instruction-sender",
                f"only the council that sent a delegate instructs them: {ident} was "
                + (f"sent by {sender}" if sender else f"not sent to {cmd.congress} by a council")
                + f", not by {cmd.council}",
                field="delegates",
            )
    data = {
        "congress": cmd.congress,
        "paper": paper.number,
        "council": cmd.council,
        "delegates": named,
        "instruction": cmd.instruction,
    }
    return [Event(k.DELEGATES_INSTRUCTED, data)]


# -- folding the events ------------------------------------------------------------------


def _on_proposed(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    state.papers[data["congress"]].papers[data["paper"]] = Paper(
        number=data["paper"],
        congress=data["congress"],
        council=None,
        title=data["title"],
        paragraphs=tuple(data["paragraphs"]),
        movers=(),
        supporters=(),
        state=PROPOSED,
        submitted_at=at,
        motions=tuple(data["motions"]),
        made=False,
    )


def _on_consented(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    state.papers[data["congress"]].papers[data["paper"]].consents[data["motion"]] = data["council"]


def _on_made(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    papers = state.papers[data["congress"]]
    composite = papers.papers[data["paper"]]
    composite.made, composite.state = True, data["state"]
    composited = data["composited"]
    for number in data["motions"]:
        motion = papers.papers[number]
        move = {"paper": number, "from": motion.state, "to": composited, "by": "committee"}
        motion.history.append({**move, "reason": f"composited into {composite.number}", "at": at})
        motion.state, motion.composite = composited, composite.number
        composite.movers += motion.movers


def _on_instructed(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    paper = state.papers[data["congress"]].papers[data["paper"]]
    for delegate in data["delegates"]:
        paper.instructions[delegate] = {
            "council": data["council"],
            "instruction": data["instruction"],
            "at": at,
        }


DECIDERS: dict[type[c.Command], Decider] = {
    c.ProposeComposite: _propose,
    c.ConsentToComposite: _consent,
    c.MakeComposite: _make,
    c.InstructDelegates: _instruct,
}

FOLDS: dict[str, Fold] = {
    k.COMPOSITE_PROPOSED: _on_proposed,
    k.COMPOSITE_CONSENTED: _on_consented,
    k.COMPOSITE_MADE: _on_made,
    k.DELEGATES_INSTRUCTED: _on_instructed,
}
