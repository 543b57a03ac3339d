"""A congress's papers at its sitting (issue 19, items 5 and 6; docs/papers.md).

- `AgendaFromPapers`: the admitted motions and composites added to the draft agenda, each
  item linked to its paper (`agenda.drafted`, its items' `paper`);
- `MovePaperMotion`: a paper moved as a main motion, its title and paragraphs word for
  word, and the question linked to the paper (`paper.put`);
- `MoveEnBloc`: motions the committee recommends to support put together to one vote,
  where the rulebook allows it (`[papers] en-bloc`), linked by one `paper.put`;
- `ObjectEnBloc`: an objection takes a motion out of such a bundle (`paper.objected`), where
  the rulebook says any one objection does (`[papers] en-bloc-objection = "any"`);
- `papers_decided` (a reaction): the sitting's decision on a question linked to papers moves
  each of them in the workflow to `adopted` or `rejected` (`paper.moved`, by the congress).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from smolny.domain import agenda, checks, sessions
from smolny.domain import commands as c
from smolny.domain.errors import Invalid, NotFound, OutOfOrder
from smolny.domain.events import Event
from smolny.domain.papers import paper_of, papers_of, workflow_of
from smolny.domain.state import Assembly, Decider, Fold, Paper, Session
from smolny.record import kinds as k

MAX_BUNDLE = 100
_BEFORE_THE_VOTE = frozenset({"moved", "pending"})
_LIVE = frozenset({"moved", "pending", "voting"})
_NUMBER = re.compile(r"([A-Z]+)(\d+)")


def number_order(number: str) -> tuple[int, str, int]:
    """A paper's number as a key to sort by: motions (M2 before M10), then composites."""
    found = _NUMBER.fullmatch(number)
    if found is None:
        return (2, number, 0)
    return (0 if found[1] == "M" else 1, found[1], int(found[2]))


def _congress(state: Assembly, session: Session) -> str:
    papers_of(state, session.body)  # a congress that takes papers, or a refusal
    return session.body


def admitted(state: Assembly, congress: str, number: str, field: str = "paper") -> Paper:
    """Paper `number`, a motion or composite in the workflow's admitted state (the one a
    composite starts in); a refusal otherwise, naming its state."""
    paper = paper_of(state, congress, number, field)
    workflow = workflow_of(state, congress)
    if paper.motion is not None or not paper.made:
        raise OutOfOrder(
            "paper-not-a-motion",
            f"{paper.number} is not a motion or a made composite: only those come to the vote",
            field=field,
        )
    if paper.state != workflow.composite:
        raise OutOfOrder(
            "paper-not-admitted",
            f"{paper.number} is {workflow.state_name(paper.state)!r}, not "
            f"{workflow.state_name(workflow.composite)!r}: only admitted papers come to the "
            "sitting",
            field=field,
        )
    return paper


def _not_put(state: Assembly, session: Session, number: str) -> None:
    for question, put in session.papers.items():
        if number not in put["papers"]:
            continue
        found = session.procedure.question(question)
        if found is not None and found.status in _LIVE:
            raise OutOfOrder(
                "paper-before-the-body",
                f"{number} is before the body already (question {question})",
                field="paper",
            )


def _from_papers(state: Assembly, cmd: c.AgendaFromPapers) -> list[Event]:
    session = checks.open_session(state, cmd.session)
    agenda.not_adopted(session)
    congress = _congress(state, session)
    draft = [dict(i) for i in session.agenda_draft or ()]
    on = {i["paper"] for i in draft if i.get("paper")}
    if len(cmd.papers) > MAX_BUNDLE:
        raise Invalid("too-many", f"at most {MAX_BUNDLE} papers at once", field="papers")
    if len(set(cmd.papers)) != len(cmd.papers):
        raise Invalid("duplicate-paper", "a paper is named twice", field="papers")
    if cmd.papers:
        chosen = [admitted(state, congress, n, "papers") for n in cmd.papers]
        for paper in chosen:
            if paper.number in on:
                raise OutOfOrder(
                    "paper-on-agenda",
                    f"{paper.number} is on the draft agenda already",
                    field="papers",
                )
    else:
        workflow = workflow_of(state, congress)
        everything = papers_of(state, congress).papers.values()
        chosen = sorted(
            (
                p
                for p in everything
                if p.motion is None
                and p.made
                and p.state == workflow.composite
                and p.number not in on
            ),
            key=lambda p: number_order(p.number),
        )
        if not chosen:
            raise OutOfOrder(
                "no-papers",
                f"{congress} has no admitted motion or composite that is not on the agenda",
                field="papers",
            )
    if len(draft) + len(chosen) > agenda.MAX_ITEMS:
        raise Invalid("agenda-long", f"an agenda has at most {agenda.MAX_ITEMS} items")
    items = [
        {
            "item": state.next_id("i", offset=n),
            "title": checks.name(f"{p.number}: {p.title}", "title"),
            "order_of_the_day": False,
            "paper": p.number,
        }
        for n, p in enumerate(chosen)
    ]
    return [Event(k.AGENDA_DRAFTED, {"session": session.id, "items": [*draft, *items]})]


def _put(
    state: Assembly, session: Session, title: str, text: str, mover: str, at: str | None
) -> tuple[list[Event], str]:
    moved = sessions.move_motion(state, c.MoveMotion(session.id, title, text, mover, at=at))
    question = next(str(e.data["question"]) for e in moved if e.kind == k.MOTION_MOVED)
    return moved, question


def _move_paper(state: Assembly, cmd: c.MovePaperMotion) -> list[Event]:
    session = checks.open_session(state, cmd.session)
    congress = _congress(state, session)
    paper = admitted(state, congress, cmd.paper)
    _not_put(state, session, paper.number)
    text = "\n\n".join(paper.paragraphs)
    moved, question = _put(
        state, session, f"{paper.number}: {paper.title}", text, cmd.mover, cmd.at
    )
    data = {
        "session": session.id,
        "congress": congress,
        "question": question,
        "papers": [paper.number],
        "en_bloc": False,
    }
    return [*moved, Event(k.PAPER_PUT, data)]


def _en_bloc(state: Assembly, cmd: c.MoveEnBloc) -> list[Event]:
    session = checks.open_session(state, cmd.session)
    congress = _congress(state, session)
    rulebook = checks.rulebook_of(state, session)
    if not rulebook.papers.en_bloc:
        raise OutOfOrder(
            "en-bloc",
            f"under {rulebook.name} each motion is put on its own: the rulebook does not let "
            "motions be taken together ([papers] en-bloc = false)",
            field="papers",
        )
    if len(cmd.papers) < 2 or len(set(cmd.papers)) != len(cmd.papers):
        raise Invalid(
            "en-bloc-two", "name two or more motions, once each, to take together", field="papers"
        )
    if len(cmd.papers) > MAX_BUNDLE:
        raise Invalid("too-many", f"at most {MAX_BUNDLE} motions at once", field="papers")
    found = [admitted(state, congress, n, "papers") for n in cmd.papers]
    for paper in found:
        stance = (paper.recommendation or {}).get("stance")
        if stance != "support":
            raise OutOfOrder(
                "en-bloc-support",
                f"{paper.number} is not recommended for support by the standing orders "
                f"committee ({stance or 'no recommendation'}): only motions it supports are "
                "taken together",
                field="papers",
            )
        _not_put(state, session, paper.number)
    found.sort(key=lambda p: number_order(p.number))
    numbers = [p.number for p in found]
    text = (
        "That the congress adopt together, as the standing orders committee recommends, "
        + "; ".join(f"{p.number} {p.title}" for p in found)
        + "."
    )
    moved, question = _put(
        state, session, "Motions taken together: " + ", ".join(numbers), text, cmd.mover, cmd.at
    )
    data = {
        "session": session.id,
        "congress": congress,
        "question": question,
        "papers": numbers,
        "en_bloc": True,
    }
    return [*moved, Event(k.PAPER_PUT, data)]


def _objector(state: Assembly, session: Session, ident: str) -> str:
    delegate = state.delegates.get(ident)
    if delegate is not None and delegate.body == session.body:
        return ident
    body = state.bodies.get(ident)
    congress = state.bodies[session.body]
    sends = not congress.allocation or ident in congress.allocation
    if body is not None and body.kind == "council" and sends:
        return ident
    raise NotFound(
        "objector",
        f"{ident!r} is neither a delegate of {session.body} nor a council that sends to it",
        field="objector",
    )


def _object(state: Assembly, cmd: c.ObjectEnBloc) -> list[Event]:
    session = checks.open_session(state, cmd.session)
    put = session.papers.get(cmd.question)
    if put is None or not put["en_bloc"]:
        raise NotFound(
            "not-en-bloc", f"{cmd.question} is not motions taken together", field="question"
        )
    rulebook = checks.rulebook_of(state, session)
    if rulebook.papers.objection != "any":
        raise OutOfOrder(
            "en-bloc-objection",
            f"under {rulebook.name} an objection does not take a motion out of those taken "
            "together ([papers] en-bloc-objection = none): the vote decides",
        )
    question = session.procedure.question(cmd.question)
    if question is None or question.status not in _BEFORE_THE_VOTE:
        raise OutOfOrder(
            "en-bloc-voted",
            f"{cmd.question} is {question.status if question else 'gone'}: an objection comes "
            "before the vote",
            field="question",
        )
    if cmd.paper not in put["papers"]:
        raise Invalid(
            "not-in-bundle",
            f"{cmd.paper} is not among {', '.join(put['papers'])}, taken together",
            field="paper",
        )
    if len(put["papers"]) == 1:
        raise OutOfOrder(
            "en-bloc-last",
            f"{cmd.paper} is the last motion left of those taken together: it is put alone",
            field="paper",
        )
    data = {
        "session": session.id,
        "question": cmd.question,
        "paper": cmd.paper,
        "objector": _objector(state, session, cmd.objector),
    }
    return [Event(k.PAPER_OBJECTED, data)]


def papers_decided(state: Assembly, events: Iterable[Event]) -> list[Event]:
    """For a question linked to papers that `events` decide: each paper moved in the
    workflow to adopted or rejected, by the congress (where the workflow has that move)."""
    out: list[Event] = []
    for event in events:
        if event.kind not in k.DECIDING:
            continue
        session = state.sessions.get(str(event.data.get("session")))
        question = str(event.data.get("question"))
        put = session.papers.get(question) if session is not None else None
        if session is None or put is None:
            continue
        workflow = state.workflows.get(state.papers[put["congress"]].workflow)
        if workflow is None:
            continue
        to = "adopted" if k.adopted(event.kind, event.data) else "rejected"
        for number in put["papers"]:
            paper = state.papers[put["congress"]].papers[number]
            if workflow.refusal(paper.state, to, "congress") is not None:
                continue
            data = {
                "congress": put["congress"],
                "paper": number,
                "from": paper.state,
                "to": to,
                "by": "congress",
                "reason": f"{to} by the sitting {session.id if session else ''} "
                f"(question {question})",
            }
            out.append(Event(k.PAPER_MOVED, data))
    return out


# -- folding the events ------------------------------------------------------------------


def _on_put(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    state.sessions[data["session"]].papers[data["question"]] = {
        "congress": data["congress"],
        "papers": list(data["papers"]),
        "en_bloc": data["en_bloc"],
        "objections": [],
    }


def _on_objected(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    put = state.sessions[data["session"]].papers[data["question"]]
    put["papers"].remove(data["paper"])
    put["objections"].append({"paper": data["paper"], "objector": data["objector"], "at": at})


DECIDERS: dict[type[c.Command], Decider] = {
    c.AgendaFromPapers: _from_papers,
    c.MovePaperMotion: _move_paper,
    c.MoveEnBloc: _en_bloc,
    c.ObjectEnBloc: _object,
}

FOLDS: dict[str, Fold] = {
    k.PAPER_PUT: _on_put,
    k.PAPER_OBJECTED: _on_objected,
}
