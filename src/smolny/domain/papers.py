"""A congress's papers before it sits: the deadlines, motions and amendments submitted by the
councils, their moves through the congress's workflow (`smolny.procedure.workflow`), and the
standing orders committee's recommendations. Composites and instructions to delegates are
`smolny.domain.composites`.

A paper gets its number when it is submitted (motions M1, M2..., amendments A1...) and its
text is the entry's from then on: nothing here changes it. The submitting council's right to
act through an account is the service's question (`smolny.service.permissions`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from smolny import procedure
from smolny.domain import checks
from smolny.domain import commands as c
from smolny.domain.errors import Invalid, NotFound, OutOfOrder
from smolny.domain.events import Event
from smolny.domain.state import Assembly, Body, Decider, Fold, Paper, Papers
from smolny.procedure.workflow import ROLE_WORDS, ROLES
from smolny.record import kinds as k

CHANGES = ("replace", "delete", "insert-after")
STANCES = ("support", "oppose", "refer")
MAX_PARAGRAPHS = 200
MAX_PEOPLE = 50


def moment(value: str, field: str) -> dt.datetime:
    """An ISO 8601 time with its zone, as a time to compare; refused otherwise."""
    try:
        found = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (TypeError, ValueError):
        raise Invalid("time-format", f"{field} is not an ISO 8601 time", field=field) from None
    if found.tzinfo is None:
        raise Invalid("time-zone", f"{field} must say its zone (Z or +HH:MM)", field=field)
    return found


def congress_of(state: Assembly, slug: str) -> Body:
    """The congress named `slug`, or a refusal."""
    body = checks.body_of(state, slug)
    if body.kind != "congress":
        raise Invalid(
            "not-a-congress", f"{slug} is a {body.kind}, not a congress", field="congress"
        )
    return body


def papers_of(state: Assembly, slug: str) -> Papers:
    """The papers of congress `slug`, once its deadlines are set; else a refusal."""
    congress_of(state, slug)
    found = state.papers.get(slug)
    if found is None:
        raise OutOfOrder(
            "no-deadlines",
            f"{slug} takes no papers yet: the secretariat sets its deadlines first",
            field="congress",
        )
    return found


def paper_of(state: Assembly, congress: str, number: str, field: str = "paper") -> Paper:
    """Paper `number` of `congress`, or NotFound naming it."""
    found = papers_of(state, congress).papers.get(number)
    if found is None:
        raise NotFound("unknown-paper", f"{congress} has no paper {number}", field=field)
    return found


def workflow_of(state: Assembly, congress: str) -> procedure.Workflow:
    """The workflow congress `congress`'s papers follow, or a refusal saying how to load it."""
    name = papers_of(state, congress).workflow
    found = state.workflows.get(name)
    if found is None:
        raise OutOfOrder(
            "workflow-not-loaded",
            f"{congress}'s papers follow the workflow {name!r}, which this server has not "
            "loaded: start smolny with --workflow FILE",
        )
    return found


def _council(state: Assembly, congress: Body, slug: str, field: str) -> str:
    body = state.bodies.get(slug)
    if body is None or body.kind != "council":
        raise NotFound("unknown-council", f"there is no council {slug!r}", field=field)
    if congress.allocation and slug not in congress.allocation:
        raise OutOfOrder(
            "not-sending",
            f"{slug} sends no delegates to {congress.slug}: only its councils submit papers",
            field=field,
        )
    return slug


def _people(values: tuple[str, ...], field: str) -> list[str]:
    if not values:
        raise Invalid("no-movers", f"{field}: a paper names at least one mover", field=field)
    if len(values) > MAX_PEOPLE:
        raise Invalid("too-many", f"{field}: at most {MAX_PEOPLE}", field=field)
    return [checks.name(v, field) for v in values]


def _supporters(
    state: Assembly, congress: Body, council: str, values: tuple[str, ...], needed: int
) -> list[str]:
    found = [_council(state, congress, v, "supporters") for v in values]
    if len(set(found)) != len(found) or council in found:
        raise Invalid(
            "supporters-distinct",
            "supporting councils are named once each, and not the mover's own",
            field="supporters",
        )
    if len(found) < needed:
        raise OutOfOrder(
            "supporters-needed",
            f"the rulebook of {congress.slug} asks for {needed} supporting councils besides "
            f"the mover ([submission] supporters); {len(found)} given",
            field="supporters",
        )
    return found


def _late(deadline: str, at: str | None) -> bool:
    return at is not None and moment(at, "at") > moment(deadline, "deadline")


def _set_deadlines(state: Assembly, cmd: c.SetDeadlines) -> list[Event]:
    congress = congress_of(state, cmd.congress)
    moment(cmd.motions, "motions")
    if cmd.amendments is not None:
        moment(cmd.amendments, "amendments")
    if cmd.workflow not in state.workflows:
        known = ", ".join(sorted(state.workflows))
        raise NotFound(
            "unknown-workflow",
            f"no workflow {cmd.workflow!r} is loaded (known: {known})",
            field="workflow",
        )
    papers = state.papers.get(congress.slug)
    if papers is not None and papers.papers and cmd.workflow != papers.workflow:
        raise OutOfOrder(
            "workflow-fixed",
            f"{congress.slug}'s papers follow {papers.workflow!r} already: the workflow is "
            "fixed once a paper is in",
            field="workflow",
        )
    data = {
        "congress": congress.slug,
        "motions": cmd.motions,
        "amendments": cmd.amendments,
        "workflow": cmd.workflow,
    }
    return [Event(k.CONGRESS_DEADLINES_SET, data)]


def _attach(state: Assembly, cmd: c.AttachAccount) -> list[Event]:
    found = [a for a, account in state.accounts.items() if cmd.account in (a, account["username"])]
    if not found:
        raise NotFound("unknown-account", f"there is no account {cmd.account!r}", field="account")
    council = state.bodies.get(cmd.council)
    if council is None or council.kind != "council":
        raise NotFound("unknown-council", f"there is no council {cmd.council!r}", field="council")
    return [Event(k.ACCOUNT_ATTACHED, {"account": found[0], "council": council.slug})]


def _submit_motion(state: Assembly, cmd: c.SubmitMotion) -> list[Event]:
    papers = papers_of(state, cmd.congress)
    congress = state.bodies[cmd.congress]
    council = _council(state, congress, cmd.council, "council")
    rule = checks.body_rulebook(state, congress).submission
    assert papers.motions_by is not None
    emergency = cmd.emergency
    if _late(papers.motions_by, cmd.at):
        if not emergency:
            raise OutOfOrder(
                "submission-deadline",
                f"the deadline for motions to {congress.slug} was {papers.motions_by}: a late "
                "motion is taken only as an emergency motion",
                field="at",
                values={"body": congress.name, "when": papers.motions_by},
            )
        if rule.emergency == "none":
            raise OutOfOrder(
                "no-emergency-motions",
                f"the deadline for motions to {congress.slug} was {papers.motions_by}, and its "
                "rulebook admits no emergency motions ([submission] emergency = none)",
                field="emergency",
            )
    else:
        emergency = False  # in time: an ordinary motion, whatever was asked
    paragraphs = _paragraphs(cmd.paragraphs)
    number = f"M{1 + sum(1 for p in papers.papers if p.startswith('M'))}"
    data: dict[str, Any] = {
        "congress": congress.slug,
        "paper": number,
        "council": council,
        "title": checks.name(cmd.title, "title"),
        "paragraphs": paragraphs,
        "movers": _people(cmd.movers, "movers"),
        "supporters": _supporters(state, congress, council, cmd.supporters, rule.supporters),
        "emergency": emergency,
        "state": workflow_of(state, congress.slug).initial,
    }
    return [Event(k.PAPER_SUBMITTED, data)]


def _paragraphs(values: tuple[str, ...]) -> list[str]:
    if not values:
        raise Invalid("no-text", "a paper has at least one paragraph", field="paragraphs")
    if len(values) > MAX_PARAGRAPHS:
        raise Invalid("too-many", f"at most {MAX_PARAGRAPHS} paragraphs", field="paragraphs")
    return [checks.text(v, "paragraphs") for v in values]


def _submit_amendment(state: Assembly, cmd: c.SubmitAmendment) -> list[Event]:
    papers = papers_of(state, cmd.congress)
    congress = state.bodies[cmd.congress]
    council = _council(state, congress, cmd.council, "council")
    motion = paper_of(state, cmd.congress, cmd.motion, "motion")
    if motion.motion is not None or not motion.made:
        raise OutOfOrder(
            "amend-a-motion", f"{cmd.motion} is not a motion: amend a motion", field="motion"
        )
    deadline = papers.amendments_by or papers.motions_by
    assert deadline is not None
    if _late(deadline, cmd.at):
        raise OutOfOrder(
            "amendment-deadline",
            f"the deadline for amendments to {congress.slug} was {deadline}",
            field="at",
        )
    if cmd.change not in CHANGES:
        raise Invalid("change", f"change is one of {', '.join(CHANGES)}", field="change")
    count = len(motion.paragraphs)
    lowest = 0 if cmd.change == "insert-after" else 1
    if isinstance(cmd.paragraph, bool) or not lowest <= cmd.paragraph <= count:
        raise Invalid(
            "no-such-paragraph",
            f"{motion.number} has paragraphs 1 to {count}: there is no paragraph "
            f"{cmd.paragraph} to {cmd.change.replace('-', ' ')}",
            field="paragraph",
        )
    text = "" if cmd.change == "delete" else checks.text(cmd.text, "text")
    rule = checks.body_rulebook(state, congress).submission
    data: dict[str, Any] = {
        "congress": congress.slug,
        "paper": f"A{1 + sum(1 for p in papers.papers if p.startswith('A'))}",
        "motion": motion.number,
        "council": council,
        "paragraph": cmd.paragraph,
        "change": cmd.change,
        "text": text,
        "movers": _people(cmd.movers, "movers"),
        "supporters": _supporters(
            state, congress, council, cmd.supporters, rule.amendment_supporters
        ),
        "state": workflow_of(state, congress.slug).initial,
    }
    return [Event(k.PAPER_AMENDMENT_SUBMITTED, data)]


def _move(state: Assembly, cmd: c.MovePaper) -> list[Event]:
    paper = paper_of(state, cmd.congress, cmd.paper)
    workflow = workflow_of(state, cmd.congress)
    if cmd.role not in ROLES:
        raise Invalid("workflow-role", f"role is one of {', '.join(ROLES)}", field="role")
    if not paper.made:
        raise OutOfOrder(
            "composite-not-made",
            f"{paper.number} is a composite not yet made: its movers have not all consented",
            field="paper",
        )
    role = cmd.role
    if paper.emergency and paper.state == workflow.initial and role != "mover":
        # the rulebook, not the workflow, says who rules on an emergency motion
        by = checks.body_rulebook(state, state.bodies[cmd.congress]).submission.emergency
        if role != by:
            raise OutOfOrder(
                "emergency-admission",
                f"{paper.number} is an emergency motion: the rulebook lets only "
                f"{ROLE_WORDS.get(by, by)} rule on it ([submission] emergency = {by})",
                field="role",
            )
        found = workflow.move(paper.state, cmd.to)
        role = found.by[0] if found is not None and "mover" not in found.by else role
    refusal = workflow.refusal(paper.state, cmd.to, role)
    if refusal is not None:
        raise OutOfOrder("workflow-move", refusal, field="to")
    move = workflow.move(paper.state, cmd.to)
    assert move is not None
    reason = checks.trimmed(cmd.reason)
    if move.reason and not reason:
        raise Invalid(
            "reason-needed",
            f"the workflow {workflow.key!r} asks for the reason of a move to "
            f"{workflow.state_name(cmd.to)!r}",
            field="reason",
        )
    data = {
        "congress": cmd.congress,
        "paper": paper.number,
        "from": paper.state,
        "to": cmd.to,
        "by": cmd.role,
        "reason": checks.text(reason, "reason") if reason else "",
    }
    return [Event(k.PAPER_MOVED, data)]


def _recommend(state: Assembly, cmd: c.Recommend) -> list[Event]:
    paper = paper_of(state, cmd.congress, cmd.paper)
    if cmd.stance not in STANCES:
        raise Invalid("stance", f"stance is one of {', '.join(STANCES)}", field="stance")
    data = {
        "congress": cmd.congress,
        "paper": paper.number,
        "stance": cmd.stance,
        "reason": checks.text(cmd.reason, "reason"),
    }
    return [Event(k.PAPER_RECOMMENDED, data)]


# -- folding the events ------------------------------------------------------------------


def _on_deadlines(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    papers = state.papers.setdefault(data["congress"], Papers(data["congress"]))
    papers.motions_by, papers.amendments_by = data["motions"], data["amendments"]
    papers.workflow = data["workflow"]


def _on_attached(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    state.accounts[data["account"]]["council"] = data["council"]


def _on_submitted(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    state.papers[data["congress"]].papers[data["paper"]] = Paper(
        number=data["paper"],
        congress=data["congress"],
        council=data["council"],
        title=data["title"],
        paragraphs=tuple(data["paragraphs"]),
        movers=tuple(data["movers"]),
        supporters=tuple(data["supporters"]),
        state=data["state"],
        submitted_at=at,
        emergency=data["emergency"],
    )


def _on_amendment(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    motion = state.papers[data["congress"]].papers[data["motion"]]
    state.papers[data["congress"]].papers[data["paper"]] = Paper(
        number=data["paper"],
        congress=data["congress"],
        council=data["council"],
        title=f"Amendment to {motion.number}",
        paragraphs=(data["text"],) if data["text"] else (),
        movers=tuple(data["movers"]),
        supporters=tuple(data["supporters"]),
        state=data["state"],
        submitted_at=at,
        motion=data["motion"],
        change={key: data[key] for key in ("paragraph", "change", "text")},
    )


def _on_moved(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    paper = state.papers[data["congress"]].papers[data["paper"]]
    paper.state = data["to"]
    paper.history.append({**data, "at": at, "actor": actor})


def _on_recommended(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    paper = state.papers[data["congress"]].papers[data["paper"]]
    paper.recommendation = {"stance": data["stance"], "reason": data["reason"], "at": at}


DECIDERS: dict[type[c.Command], Decider] = {
    c.SetDeadlines: _set_deadlines,
    c.AttachAccount: _attach,
    c.SubmitMotion: _submit_motion,
    c.SubmitAmendment: _submit_amendment,
    c.MovePaper: _move,
    c.Recommend: _recommend,
}

FOLDS: dict[str, Fold] = {
    k.CONGRESS_DEADLINES_SET: _on_deadlines,
    k.ACCOUNT_ATTACHED: _on_attached,
    k.PAPER_SUBMITTED: _on_submitted,
    k.PAPER_AMENDMENT_SUBMITTED: _on_amendment,
    k.PAPER_MOVED: _on_moved,
    k.PAPER_RECOMMENDED: _on_recommended,
}
