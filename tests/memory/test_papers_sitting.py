"""A congress's papers at its sitting (issue 19, items 5 and 6): the agenda built from the
admitted papers, a paper moved in its own words, motions taken together where the rulebook
allows it (and an objection taking one out), each outcome moving its paper in the workflow,
and the report back to a council of how its delegates voted against its instructions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

import sample_papers
from smolny import procedure
from smolny.domain import commands as c
from smolny.domain.errors import Refusal
from smolny.record import kinds as k
from smolny.record.entry import Entry
from smolny.record.publication import entry_of
from smolny.service.app import Principal, Smolny
from smolny.service.views import papers as paper_views
from smolny.service.views import sitting_papers as views

CHAIR = Principal("a2", "chair", "chair")
DECLARED = sample_papers.DECLARED


def congress(rulebook: procedure.Rulebook) -> Smolny:
    clock = lambda: datetime(2027, 2, 1, 12, tzinfo=UTC)  # noqa: E731
    app = Smolny.in_memory(clock=clock, rulebooks=[rulebook])
    sample_papers.fill(app, rulebook.key)
    return app


@pytest.fixture
def app() -> Iterator[Smolny]:
    service = congress(sample_papers.rules(DECLARED, "union-rules"))
    yield service
    service.close()


def _rules(text: str, key: str) -> procedure.Rulebook:
    return sample_papers.rules(text, key)


def refused(app: Smolny, command: c.Command) -> Refusal:
    before = app.state.seq
    with pytest.raises(Refusal) as caught:
        app.execute(command, by=CHAIR)
    assert app.state.seq == before
    return caught.value


def journal(app: Smolny) -> list[Entry]:
    with app.store.reading() as tx:
        return [entry_of(text) for _, text in tx.lines()]


def state_of(app: Smolny, number: str) -> str:
    return str(paper_views.paper(app, "congress", number)["state"])


# -- the agenda from the papers ----------------------------------------------------------------


def test_the_agenda_takes_the_admitted_papers_in_number_order_each_linked(app: Smolny) -> None:
    app.execute(c.SubmitMotion("congress", "york", "Late idea", ("x",), ("A",)))  # M5, submitted
    session = sample_papers.sitting(app)
    app.execute(c.DraftAgenda(session, (c.AgendaDraftItem(title="Opening"),)), by=CHAIR)
    entries = app.execute(c.AgendaFromPapers(session), by=CHAIR)
    items = entries[0].data["items"]
    assert [(i["title"], i.get("paper")) for i in items] == [
        ("Opening", None),
        ("M1: Pay", "M1"),
        ("M2: Hours", "M2"),
        ("M3: Dues", "M3"),
        ("M4: Safety", "M4"),
    ]
    assert refused(app, c.AgendaFromPapers(session, ("M2",))).rule == "paper-on-agenda"
    assert refused(app, c.AgendaFromPapers(session, ("M5",))).rule == "paper-not-admitted"
    assert refused(app, c.AgendaFromPapers(session)).rule == "no-papers"
    # redrafted (the order changed), the items stay linked to their papers
    kept = tuple(c.AgendaDraftItem(title=i["title"], item=i["item"]) for i in reversed(items))
    app.execute(c.DraftAgenda(session, kept), by=CHAIR)
    assert [i.get("paper") for i in app.state.sessions[session].agenda_draft or ()] == [
        "M4",
        "M3",
        "M2",
        "M1",
        None,
    ]


def test_a_paper_taken_up_is_moved_in_its_own_words_and_its_outcome_moves_it(
    app: Smolny,
) -> None:
    session = sample_papers.sitting(app)
    app.execute(c.AgendaFromPapers(session, ("M1",)), by=CHAIR)
    app.execute(c.AdoptAgenda(session), by=CHAIR)
    item = app.state.sessions[session].procedure.agenda[0].id
    app.execute(c.Act(session, procedure.TakeUpItem(item)), by=CHAIR)
    shown = views.sitting(app, session)
    assert shown is not None and shown["current"]["number"] == "M1"
    assert shown["current"]["recommendation"] == {"stance": "support", "reason": "reason for M1"}
    assert shown["current"]["question"] is None
    entries = app.execute(c.MovePaperMotion(session, "M1", "d1"), by=CHAIR)
    moved = next(e for e in entries if e.kind == k.MOTION_MOVED)
    assert moved.data["title"] == "M1: Pay"
    assert moved.data["text"] == "Pay matter.\n\nCongress resolves."
    question = moved.data["question"]
    assert views.sitting(app, session)["current"]["question"] == question  # type: ignore[index]
    assert refused(app, c.MovePaperMotion(session, "M1", "d2")).rule == "paper-before-the-body"
    poll = sample_papers.vote(
        app, question, {"d1": "yes", "d2": "no", "d3": "yes", "d4": "yes"}, session
    )
    assert state_of(app, "M1") == "adopted"
    after = views.sitting(app, session)["current"]  # type: ignore[index]
    assert (after["question"], after["admitted"], after["state_name"]) == (None, False, "Adopted")
    # the report back: Leeds's Bob departed from "for"; York's Cat from "against"
    leeds = views.council_report(app, "leeds")
    [report] = leeds["votes"]
    assert report["poll"] == poll and report["outcome"] == "adopted"
    assert [
        (r["name"], r["instruction"], r["vote"], r["departed"]) for r in report["delegates"]
    ] == [
        ("Ann", "for", "yes", False),
        ("Bob", "for", "no", True),
    ]
    assert report["departures"] == 1
    york = views.council_report(app, "york")["votes"][0]["delegates"]
    assert [(r["name"], r["vote"], r["departed"]) for r in york] == [("Cat", "yes", True)]
    assert views.council_report(app, "hull")["votes"] == []  # Hull instructed nobody
    assert views.instruction_for(app, poll, "d2")[0]["instruction"] == "for"
    assert views.instruction_for(app, poll, "d4") == []


# -- taken together ----------------------------------------------------------------------------


def test_motions_recommended_support_are_taken_together_and_an_objection_takes_one_out(
    app: Smolny,
) -> None:
    session = sample_papers.sitting(app)
    refusal = refused(app, c.MoveEnBloc(session, ("M2", "M3"), "d1"))
    assert refusal.rule == "en-bloc-support" and "M3" in refusal.message
    assert refused(app, c.MoveEnBloc(session, ("M2",), "d1")).rule == "en-bloc-two"
    together = [p["number"] for p in views.sitting(app, session)["together"]]  # type: ignore[index]
    assert together == ["M1", "M2", "M4"]
    entries = app.execute(c.MoveEnBloc(session, ("M4", "M1", "M2"), "d1"), by=CHAIR)
    put = next(e for e in entries if e.kind == k.PAPER_PUT)
    assert put.data["papers"] == ["M1", "M2", "M4"] and put.data["en_bloc"] is True
    question = put.data["question"]
    assert refused(app, c.ObjectEnBloc(session, question, "M3", "york")).rule == "not-in-bundle"
    assert refused(app, c.ObjectEnBloc(session, question, "M4", "nobody")).rule == "objector"
    app.execute(c.ObjectEnBloc(session, question, "M4", "york"), by=CHAIR)  # a council objects
    assert views.sitting(app, session)["bundles"] == [  # type: ignore[index]
        {"question": question, "papers": ["M1", "M2"]}
    ]
    poll = sample_papers.vote(
        app, question, {"d1": "yes", "d2": "abstain", "d3": "yes", "d4": "yes"}, session
    )
    assert (state_of(app, "M1"), state_of(app, "M2"), state_of(app, "M4")) == (
        "adopted",
        "adopted",
        "admitted",
    )
    moved = [e for e in journal(app) if e.kind == k.PAPER_MOVED and e.data["to"] == "adopted"]
    assert [e.data["paper"] for e in moved] == ["M1", "M2"]
    assert any(e.kind == k.PAPER_OBJECTED for e in journal(app))
    # Bob abstained on both M1 and M2, each instructed "for": two departures in one vote
    report = views.council_report(app, "leeds", poll)["votes"][0]
    assert [(r["paper"], r["name"], r["departed"]) for r in report["delegates"]] == [
        ("M1", "Ann", False),
        ("M1", "Bob", True),
        ("M2", "Ann", False),
        ("M2", "Bob", True),
    ]


def test_taking_motions_together_is_refused_where_the_rulebook_does_not_allow_it() -> None:
    app = congress(_rules(DECLARED.replace("en-bloc = true", "en-bloc = false"), "strict"))
    session = sample_papers.sitting(app)
    refusal = refused(app, c.MoveEnBloc(session, ("M1", "M2"), "d1"))
    assert refusal.rule == "en-bloc" and "[papers] en-bloc = false" in refusal.message
    app.close()


def test_an_objection_is_refused_where_the_rulebook_lets_the_vote_decide() -> None:
    text = DECLARED.replace('en-bloc-objection = "any"', 'en-bloc-objection = "none"')
    app = congress(_rules(text, "firm"))
    session = sample_papers.sitting(app)
    entries = app.execute(c.MoveEnBloc(session, ("M1", "M2"), "d1"), by=CHAIR)
    question = next(e for e in entries if e.kind == k.PAPER_PUT).data["question"]
    refusal = refused(app, c.ObjectEnBloc(session, question, "M1", "d2"))
    assert refusal.rule == "en-bloc-objection" and "en-bloc-objection = none" in refusal.message
    app.close()
