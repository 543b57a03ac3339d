"""A congress's papers at its sitting (docs/papers.md, "At the sitting"): the papers the
agenda editor may add, the paper the chair has taken up (its text and the committee's
recommendation), the motions that may be taken together, a delegate's instruction beside
the ballot, and the report back to a council of how its delegates voted in each named vote
on a paper and who departed from its instruction."""

from __future__ import annotations

from typing import Any

from smolny.domain.checks import session_of
from smolny.domain.errors import Invalid, NotFound
from smolny.domain.sitting_papers import number_order
from smolny.domain.state import Assembly, Paper, Poll, Session
from smolny.record import canonical
from smolny.service.unit_of_work import UnitOfWork

NAMED = ("electronic-named", "roll-call")
# what an instruction asks of a named ballot's answer (free: anything)
ASKED = {"for": "yes", "against": "no"}
_LIVE = frozenset({"moved", "pending", "voting"})


def _papers(state: Assembly, session: Session) -> dict[str, Paper] | None:
    found = state.papers.get(session.body)
    return found.papers if found is not None else None


def _admitted_state(state: Assembly, congress: str) -> str | None:
    workflow = state.workflows.get(state.papers[congress].workflow)
    return workflow.composite if workflow is not None else None


def _brief(paper: Paper) -> dict[str, Any]:
    stance = paper.recommendation or {}
    return {
        "number": paper.number,
        "title": paper.title,
        "kind": "composite" if paper.motions else "motion",
        "council": paper.council,
        "paragraphs": list(paper.paragraphs),
        "state": paper.state,
        "recommendation": (
            {"stance": stance["stance"], "reason": stance["reason"]} if stance else None
        ),
    }


def _admitted(state: Assembly, session: Session) -> list[Paper]:
    papers = _papers(state, session)
    if papers is None:
        return []
    admitted = _admitted_state(state, session.body)
    return sorted(
        (p for p in papers.values() if p.motion is None and p.made and p.state == admitted),
        key=lambda p: number_order(p.number),
    )


def _put(session: Session) -> dict[str, str]:
    # paper -> the question it is before the body in (moved, pending or voting)
    found: dict[str, str] = {}
    for question, put in session.papers.items():
        q = session.procedure.question(question)
        if q is not None and q.status in _LIVE:
            for number in put["papers"]:
                found[number] = question
    return found


def agenda_papers(app: UnitOfWork, ident: str) -> dict[str, Any] | None:
    """For the agenda editor: the admitted motions and composites not on the draft yet, in
    number order (None: the session's body takes no papers)."""
    with app.lock:
        session = session_of(app.state, ident)
        if _papers(app.state, session) is None:
            return None
        on = {i.get("paper") for i in session.agenda_draft or ()}
        return {
            "congress": session.body,
            "papers": [_brief(p) for p in _admitted(app.state, session) if p.number not in on],
        }


def sitting(app: UnitOfWork, ident: str) -> dict[str, Any] | None:
    """For the chair's console: the paper of the agenda item taken up (its text, the
    committee's recommendation, the question it is in if put), the motions that may be taken
    together (recommended support, not before the body) and the bundles before the vote
    (None: the session's body takes no papers)."""
    with app.lock:
        state = app.state
        session = session_of(state, ident)
        papers = _papers(state, session)
        if papers is None:
            return None
        rulebook = state.rulebooks.get(session.rulebook)
        put = _put(session)
        current = None
        item = next((i for i in session.procedure.agenda if i.status == "current"), None)
        drafted = {str(i["item"]): i.get("paper") for i in session.agenda_draft or ()}
        number = drafted.get(item.id) if item is not None else None
        if number is not None and number in papers:
            found = papers[number]
            workflow = state.workflows.get(state.papers[session.body].workflow)
            current = _brief(found) | {
                "question": put.get(number),
                "admitted": found.state == _admitted_state(state, session.body),
                "state_name": workflow.state_name(found.state) if workflow else found.state,
            }
        admitted = _admitted(state, session)
        together = [
            _brief(p)
            for p in admitted
            if (p.recommendation or {}).get("stance") == "support" and p.number not in put
        ]
        bundles = []
        for question, found in session.papers.items():
            q = session.procedure.question(question)
            if found["en_bloc"] and q is not None and q.status in ("moved", "pending"):
                bundles.append({"question": question, "papers": list(found["papers"])})
        return {
            "congress": session.body,
            "current": current,
            "en_bloc": bool(rulebook and rulebook.papers.en_bloc),
            "objection": rulebook.papers.objection if rulebook else "any",
            "rulebook": rulebook.name if rulebook else session.rulebook,
            "together": together,
            "bundles": bundles,
        }


def _papers_of_poll(state: Assembly, poll: Poll) -> tuple[str, list[str]] | None:
    session = state.sessions.get(poll.session)
    put = session.papers.get(poll.motion or "") if session is not None else None
    if put is None:
        return None
    return put["congress"], list(put["papers"])


def instruction_for(app: UnitOfWork, poll: str, delegate: str) -> list[dict[str, Any]]:
    """The instructions of `delegate`'s council on the papers poll `poll` decides: for the
    phone, beside the ballot (empty: none given, or no paper)."""
    with app.lock:
        found = app.state.polls.get(poll)
        linked = _papers_of_poll(app.state, found) if found is not None else None
        if linked is None:
            return []
        congress, numbers = linked
        papers = app.state.papers[congress].papers
        out = []
        for number in numbers:
            given = papers[number].instructions.get(delegate)
            if given is not None:
                council = app.state.bodies.get(given["council"])
                out.append(
                    {
                        "paper": number,
                        "title": papers[number].title,
                        "council": given["council"],
                        "council_name": council.name if council else given["council"],
                        "instruction": given["instruction"],
                    }
                )
        return out


def _council(state: Assembly, slug: str) -> str:
    body = state.bodies.get(slug)
    if body is None or body.kind != "council":
        raise NotFound("unknown-council", f"there is no council {slug!r}", field="council")
    return body.name


def _named_polls(state: Assembly, council: str) -> list[tuple[Poll, str, list[str]]]:
    # the closed named votes on papers on which the council instructed a delegate
    found = []
    for poll in state.polls.values():
        if poll.method not in NAMED or poll.state != "closed":
            continue
        linked = _papers_of_poll(state, poll)
        if linked is None:
            continue
        congress, numbers = linked
        papers = state.papers[congress].papers
        if any(i["council"] == council for n in numbers for i in papers[n].instructions.values()):
            found.append((poll, congress, numbers))
    return found


def _votes(app: UnitOfWork, poll: str) -> dict[str, Any]:
    with app.store.reading() as tx:
        ballots = [canonical.loads(text) for _, text in tx.ballots(poll)]
    return {b["voter"]: b.get("choice") for b in ballots if "voter" in b}


def _vote_report(
    state: Assembly, council: str, poll: Poll, congress: str, numbers: list[str]
) -> dict[str, Any]:
    # (for a query holding the lock) the rows without the votes, read from the box after
    papers = state.papers[congress].papers
    session = state.sessions.get(poll.session)
    question = session.procedure.question(poll.motion or "") if session is not None else None
    status = question.status if question is not None else ""
    rows = []
    for number in numbers:
        for delegate, given in papers[number].instructions.items():
            if given["council"] != council:
                continue
            person = state.delegates.get(delegate)
            rows.append(
                {
                    "paper": number,
                    "delegate": delegate,
                    "name": person.name if person else delegate,
                    "mandate": person.mandate if person else None,
                    "instruction": given["instruction"],
                }
            )
    return {
        "poll": poll.id,
        "session": poll.session,
        "congress": congress,
        "method": poll.method,
        "title": poll.title,
        "papers": [{"number": n, "title": papers[n].title} for n in numbers],
        "outcome": status if status in ("adopted", "rejected") else "",
        "at": str((poll.decision or {}).get("at") or ""),
        "delegates": rows,
    }


def council_report(app: UnitOfWork, council: str, poll: str | None = None) -> dict[str, Any]:
    """How the delegates `council` instructed voted in each closed named vote on a paper, and
    who departed from its instruction (an abstention or no vote departs from for or against;
    free binds nothing); with `poll`, that vote only."""
    with app.lock:
        state = app.state
        name = _council(state, council)
        found = _named_polls(state, council)
        if poll is not None:
            found = [f for f in found if f[0].id == poll]
            if not found:
                raise Invalid(
                    "not-reported",
                    f"poll {poll} is not a closed named vote on a paper {council} instructed on",
                    field="poll",
                )
        votes = [_vote_report(state, council, p, congress, n) for p, congress, n in found]
    for report in votes:
        cast = _votes(app, report["poll"])
        for row in report["delegates"]:
            vote = cast.get(row["delegate"])
            asked = ASKED.get(row["instruction"])
            row["vote"] = vote
            row["departed"] = asked is not None and vote != asked
        report["departures"] = sum(1 for r in report["delegates"] if r["departed"])
    return {"council": council, "name": name, "votes": votes}


def reported_polls(app: UnitOfWork, council: str) -> set[str]:
    """The polls a report to `council` is made of (for the webhook's deliveries)."""
    with app.lock:
        if council not in app.state.bodies:
            return set()
        return {p.id for p, _, _ in _named_polls(app.state, council)}


def bundle(app: UnitOfWork, ident: str, question: str) -> dict[str, Any] | None:
    """For the phone: the motions taken together in `question` while objections are taken
    (before the vote), and whether one objection takes a motion out; None otherwise."""
    with app.lock:
        session = app.state.sessions.get(ident)
        put = session.papers.get(question) if session is not None else None
        if session is None or put is None or not put["en_bloc"]:
            return None
        found = session.procedure.question(question)
        if found is None or found.status not in ("moved", "pending"):
            return None
        rulebook = app.state.rulebooks.get(session.rulebook)
        objection = rulebook.papers.objection if rulebook is not None else "any"
        return {"question": question, "papers": list(put["papers"]), "objection": objection}
