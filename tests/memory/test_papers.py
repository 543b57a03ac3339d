"""Papers before a congress (issue 19): councils submit motions and amendments by the
deadline, the standing orders committee rules, composites and recommends, the congress
decides appeals, councils instruct their delegates; every bad input refused naming its rule,
with nothing written."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from importlib import resources

import pytest

from sample_congress import bring_to_vote
from smolny import procedure
from smolny.domain import commands as c
from smolny.domain.errors import Refusal
from smolny.service.app import Principal, Smolny, VoteRequest
from smolny.service.views import papers as views

ROBERT = (resources.files("smolny.procedure") / "rulebooks" / "robert.toml").read_text()
UNION_RULES = procedure.parse_rulebook(
    ROBERT + '\n[submission]\nsupporters = 1\nemergency = "committee"\n', "union-rules.toml"
)
DEADLINE = "2027-03-01T17:00:00+00:00"
SECRETARY = Principal("a1", "secretary", "secretary")
CHAIR = Principal("a2", "chair", "chair")
LEEDS = Principal("a3", "secretary", "leeds-secretary")  # attached to the Leeds council


class Clock:
    """A clock the test sets: before the deadline, or after it."""

    def __init__(self) -> None:
        self.now = datetime(2027, 2, 1, 12, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(clock: Clock) -> Iterator[Smolny]:
    """A union's congress of three councils, deadlines set, a Leeds account attached."""
    service = Smolny.in_memory(clock=clock, rulebooks=[UNION_RULES])
    for slug in ("leeds", "york", "hull"):
        service.execute(c.CreateBody(slug, slug.title() + " council", "council", members=100))
    service.execute(c.CreateBody("congress", "Union congress", rulebook="union-rules"))
    service.execute(c.ConveneCongress("congress", ("leeds", "york", "hull"), "fixed", number=2))
    for username, role in (
        ("secretary", "secretary"),
        ("chair", "chair"),
        ("leeds-sec", "secretary"),
    ):
        service.execute(c.CreateAccount(username, role))
    service.execute(c.AttachAccount("leeds-sec", "leeds"))
    service.execute(c.SetDeadlines("congress", DEADLINE), by=SECRETARY)
    yield service
    service.close()


def submit(app: Smolny, council: str = "leeds", by: Principal = SECRETARY, **extra: object) -> str:
    supporters = extra.pop("supporters", ("york",) if council != "york" else ("hull",))
    command = c.SubmitMotion(
        "congress",
        council,
        str(extra.pop("title", f"Motion of {council}")),
        tuple(extra.pop("paragraphs", ("Congress notes.", "Congress resolves."))),  # type: ignore[arg-type]
        ("A. Mover",),
        supporters,  # type: ignore[arg-type]
        **extra,  # type: ignore[arg-type]
    )
    return str(app.execute(command, by=by)[0].data["paper"])


def refused(app: Smolny, command: c.Command, by: Principal = SECRETARY) -> Refusal:
    """The refusal of `command`, checking that nothing was written."""
    before = app.state.seq
    with pytest.raises(Refusal) as caught:
        app.execute(command, by=by)
    assert app.state.seq == before
    return caught.value


def move(app: Smolny, paper: str, to: str, role: str, reason: str = "", by: Principal = SECRETARY):
    return app.execute(c.MovePaper("congress", paper, to, role, reason), by=by)


# -- submission ------------------------------------------------------------------------------


def test_motions_are_numbered_in_the_order_received_with_their_text_fixed(app: Smolny) -> None:
    assert submit(app, "leeds", by=LEEDS) == "M1"
    assert submit(app, "york") == "M2"
    listed = views.congress_papers(app, "congress")
    assert [(p["number"], p["council"], p["state"]) for p in listed["papers"]] == [
        ("M1", "leeds", "submitted"),
        ("M2", "york", "submitted"),
    ]
    assert listed["papers"][0]["paragraphs"] == ["Congress notes.", "Congress resolves."]
    assert listed["deadlines"]["motions"] == DEADLINE


def test_a_late_motion_is_refused_naming_the_deadline(app: Smolny, clock: Clock) -> None:
    clock.now = datetime(2027, 3, 1, 17, 0, 1, tzinfo=UTC)
    refusal = refused(app, c.SubmitMotion("congress", "leeds", "Late", ("x",), ("A",), ("york",)))
    assert refusal.rule == "submission-deadline"
    assert DEADLINE in refusal.message


def test_a_late_emergency_motion_is_admitted_only_by_the_role_the_rulebook_names(
    app: Smolny, clock: Clock
) -> None:
    clock.now = datetime(2027, 3, 2, tzinfo=UTC)
    number = submit(app, "leeds", emergency=True)
    assert views.paper(app, "congress", number)["emergency"] is True
    refusal = refused(app, c.MovePaper("congress", number, "admitted", "congress"), by=CHAIR)
    assert refusal.rule == "emergency-admission"
    assert "[submission] emergency = committee" in refusal.message
    move(app, number, "admitted", "committee")
    assert views.paper(app, "congress", number)["state"] == "admitted"


def test_an_emergency_motion_is_ruled_on_by_the_congress_where_the_rulebook_says_so(
    clock: Clock,
) -> None:
    rules = procedure.parse_rulebook(ROBERT + '\n[submission]\nemergency = "congress"\n', "u.toml")
    app = Smolny.in_memory(clock=clock, rulebooks=[rules])
    app.execute(c.CreateBody("leeds", "Leeds", "council"))
    app.execute(c.CreateBody("congress", "Congress", rulebook="u"))
    app.execute(c.SetDeadlines("congress", DEADLINE))
    clock.now += timedelta(days=60)
    app.execute(c.SubmitMotion("congress", "leeds", "Strike", ("x",), ("A",), emergency=True))
    assert refused(app, c.MovePaper("congress", "M1", "admitted", "committee")).rule == (
        "emergency-admission"
    )
    app.execute(c.MovePaper("congress", "M1", "admitted", "congress"), by=CHAIR)
    assert views.paper(app, "congress", "M1")["state"] == "admitted"


def test_the_rulebook_may_admit_no_emergency_motions(clock: Clock) -> None:
    rules = procedure.parse_rulebook(ROBERT + '\n[submission]\nemergency = "none"\n', "strict.toml")
    app = Smolny.in_memory(clock=clock, rulebooks=[rules])
    app.execute(c.CreateBody("leeds", "Leeds", "council"))
    app.execute(c.CreateBody("congress", "Congress", rulebook="strict"))
    app.execute(c.SetDeadlines("congress", DEADLINE))
    clock.now += timedelta(days=60)
    command = c.SubmitMotion("congress", "leeds", "Late", ("x",), ("A",), emergency=True)
    assert refused(app, command).rule == "no-emergency-motions"


def test_supporting_councils_are_asked_as_the_rulebook_says(app: Smolny) -> None:
    refusal = refused(app, c.SubmitMotion("congress", "leeds", "T", ("x",), ("A",), ()))
    assert refusal.rule == "supporters-needed"
    assert "[submission] supporters" in refusal.message
    assert refused(
        app, c.SubmitMotion("congress", "leeds", "T", ("x",), ("A",), ("leeds",))
    ).rule == ("supporters-distinct")


def test_no_papers_before_the_deadlines_are_set_and_none_from_a_stranger(app: Smolny) -> None:
    app.execute(c.CreateBody("other", "Other congress"))
    assert (
        refused(app, c.SubmitMotion("other", "leeds", "T", ("x",), ("A",))).rule == "no-deadlines"
    )
    app.execute(c.CreateBody("wakefield", "Wakefield", "council"))
    command = c.SubmitMotion("congress", "wakefield", "T", ("x",), ("A",), ("york",))
    assert refused(app, command).rule == "not-sending"


def test_a_council_account_submits_for_its_council_only(app: Smolny) -> None:
    command = c.SubmitMotion("congress", "york", "T", ("x",), ("A",), ("hull",))
    refusal = refused(app, command, by=LEEDS)
    assert refusal.rule == "council-account" and refusal.status == 403
    assert submit(app, "leeds", by=LEEDS) == "M1"
    assert refused(app, c.MovePaper("congress", "M1", "admitted", "committee"), by=LEEDS).rule == (
        "council-account"
    )


# -- amendments ------------------------------------------------------------------------------


def test_an_amendment_is_a_change_to_a_paragraph_shown_in_the_text(app: Smolny) -> None:
    submit(app, "leeds")
    amend = c.SubmitAmendment(
        "congress", "york", "M1", 2, "replace", "Congress instructs the executive.", ("B",)
    )
    assert app.execute(amend)[0].data["paper"] == "A1"
    shown = views.paper(app, "congress", "M1")
    assert shown["amendments"][0]["number"] == "A1"
    assert shown["amendments"][0]["amended"] == [
        "Congress notes.",
        "Congress instructs the executive.",
    ]
    assert shown["amendments"][0]["struck"] == ["Congress resolves."]


def test_an_amendment_to_a_paragraph_that_does_not_exist_is_refused(app: Smolny) -> None:
    submit(app, "leeds")
    refusal = refused(app, c.SubmitAmendment("congress", "york", "M1", 3, "delete", "", ("B",)))
    assert refusal.rule == "no-such-paragraph"
    assert "paragraphs 1 to 2" in refusal.message


# -- the workflow ----------------------------------------------------------------------------


def test_a_move_not_in_the_workflow_is_refused_naming_the_rule(app: Smolny) -> None:
    submit(app)
    refusal = refused(app, c.MovePaper("congress", "M1", "adopted", "congress"), by=CHAIR)
    assert refusal.rule == "workflow-move"
    assert "union-congress" in refusal.message and "Submitted" in refusal.message
    refusal = refused(app, c.MovePaper("congress", "M1", "admitted", "secretariat"))
    assert refusal.rule == "workflow-move"
    assert "only the standing orders committee" in refusal.message


def test_a_ruling_out_of_order_gives_its_reason_and_is_appealed_to_the_congress(
    app: Smolny,
) -> None:
    submit(app, "leeds")
    reasonless = refused(app, c.MovePaper("congress", "M1", "ruled-out-of-order", "committee"))
    assert reasonless.rule == "reason-needed"
    move(app, "M1", "ruled-out-of-order", "committee", "not within the union's objects")
    move(app, "M1", "appealed", "mover", "the union's objects include it", by=LEEDS)
    move(app, "M1", "admitted", "congress", "the congress overturned the ruling", by=CHAIR)
    shown = views.paper(app, "congress", "M1")
    assert shown["state"] == "admitted"
    assert [(h["from"], h["to"], h["by"]) for h in shown["history"]] == [
        ("submitted", "ruled-out-of-order", "committee"),
        ("ruled-out-of-order", "appealed", "mover"),
        ("appealed", "admitted", "congress"),
    ]
    assert shown["history"][0]["reason"] == "not within the union's objects"


def test_the_committee_recommends_with_its_reasons(app: Smolny) -> None:
    submit(app)
    refusal = refused(app, c.Recommend("congress", "M1", "endorse", "x"))
    assert refusal.rule == "stance"
    app.execute(c.Recommend("congress", "M1", "oppose", "costs the union too much"))
    shown = views.congress_papers(app, "congress")["papers"][0]
    assert shown["recommendation"] == {"stance": "oppose", "reason": "costs the union too much"}


# -- composites ------------------------------------------------------------------------------


def composite(app: Smolny) -> str:
    for council in ("leeds", "york", "hull"):
        number = submit(app, council)
        move(app, number, "admitted", "committee")
    command = c.ProposeComposite("congress", ("M1", "M2"), "Pay", ("Congress demands pay.",))
    return str(app.execute(command)[0].data["paper"])


def test_a_composite_without_every_movers_consent_is_refused_naming_who(app: Smolny) -> None:
    number = composite(app)
    app.execute(c.ConsentToComposite("congress", number, "M1"), by=LEEDS)
    refusal = refused(app, c.MakeComposite("congress", number))
    assert refusal.rule == "composite-consent"
    assert "M2 (york)" in refusal.message and "leeds" not in refusal.message
    assert refused(app, c.ConsentToComposite("congress", number, "M2"), by=LEEDS).rule == (
        "council-account"
    )
    assert refused(app, c.MovePaper("congress", number, "adopted", "congress"), by=CHAIR).rule == (
        "composite-not-made"
    )


def test_a_composite_made_takes_its_motions_place(app: Smolny) -> None:
    number = composite(app)
    app.execute(c.ConsentToComposite("congress", number, "M1"))
    app.execute(c.ConsentToComposite("congress", number, "M2"))
    app.execute(c.MakeComposite("congress", number))
    states = {p["number"]: p["state"] for p in views.congress_papers(app, "congress")["papers"]}
    assert states == {"M1": "composited", "M2": "composited", "M3": "admitted", "C1": "admitted"}
    assert views.paper(app, "congress", "M1")["composite"] == "C1"
    move(app, "C1", "adopted", "congress", by=CHAIR)
    assert views.paper(app, "congress", "C1")["state"] == "adopted"


# -- mandated delegates ----------------------------------------------------------------------


def test_a_council_instructs_the_delegates_it_sent_and_no_other(app: Smolny) -> None:
    app.execute(
        c.RegisterDelegates(
            "congress",
            (c.NewDelegate("Ann", sent_by="leeds"), c.NewDelegate("Bob", sent_by="york")),
        )
    )
    submit(app)
    refusal = refused(app, c.InstructDelegates("congress", "leeds", "M1", "for", ("d2",)), by=LEEDS)
    assert refusal.rule == "instruction-sender" and "sent by york" in refusal.message
    app.execute(c.InstructDelegates("congress", "leeds", "M1", "for"), by=LEEDS)
    shown = views.paper(app, "congress", "M1")
    assert shown["instructions"] == [{"delegate": "d1", "council": "leeds", "instruction": "for"}]


def test_after_a_named_vote_the_read_side_says_who_departed_from_their_instruction(
    app: Smolny,
) -> None:
    people = (
        c.NewDelegate("Ann", sent_by="leeds"),
        c.NewDelegate("Bob", sent_by="leeds"),
        c.NewDelegate("Cat", sent_by="york"),
        c.NewDelegate("Dan", sent_by="hull"),
    )
    app.execute(c.RegisterDelegates("congress", people))  # d1-d4
    submit(app)
    app.execute(c.InstructDelegates("congress", "leeds", "M1", "for"), by=LEEDS)
    app.execute(c.InstructDelegates("congress", "york", "M1", "against"))
    app.execute(c.InstructDelegates("congress", "hull", "M1", "free"))
    session = app.execute(c.OpenSession("congress", "Sitting"), by=CHAIR)[0].data["session"]
    app.execute(c.RecordPresence(session, all_present=True), by=CHAIR)
    _, poll = bring_to_vote(app, session, "d1", "d2")
    with pytest.raises(Refusal) as caught:
        views.instructions(app, "congress", "M1", poll)
    assert caught.value.rule == "named-vote"
    for voter, choice in (("d1", "yes"), ("d2", "no"), ("d4", "no")):  # Cat did not vote
        for _, done in app.ballots.cast_votes(
            poll, Principal(voter, "delegate", voter), [VoteRequest({"choice": choice})]
        ):
            done.result(timeout=10)
    app.ballots.close_poll(poll, by=CHAIR)
    rows = views.instructions(app, "congress", "M1", poll)["instructions"]
    assert [(r["name"], r["instruction"], r["vote"], r["departed"]) for r in rows] == [
        ("Ann", "for", "yes", False),
        ("Bob", "for", "no", True),
        ("Cat", "against", None, True),
        ("Dan", "free", "no", False),
    ]


def test_a_congress_follows_an_organisations_own_workflow(clock: Clock) -> None:
    own = procedure.parse_workflow(
        """
[workflow]
name = "A federation"
initial = "in"
composite = "in"
composited = "merged"
[states.in]
name = "Received"
[states.merged]
name = "Merged"
[states.carried]
name = "Carried"
[[moves]]
from = "in"
to = "carried"
by = ["secretariat"]
""",
        "federation.toml",
    )
    app = Smolny.in_memory(clock=clock, workflows=[own])
    app.execute(c.CreateBody("leeds", "Leeds", "council"))
    app.execute(c.CreateBody("congress", "Congress"))
    assert refused(app, c.SetDeadlines("congress", DEADLINE, workflow="nowhere")).rule == (
        "unknown-workflow"
    )
    app.execute(c.SetDeadlines("congress", DEADLINE, workflow="federation"))
    app.execute(c.SubmitMotion("congress", "leeds", "Dues", ("x",), ("A",)))
    assert views.paper(app, "congress", "M1")["state_name"] == "Received"
    assert refused(app, c.MovePaper("congress", "M1", "carried", "congress")).rule == (
        "workflow-move"
    )
    app.execute(c.MovePaper("congress", "M1", "carried", "secretariat"))
    assert views.paper(app, "congress", "M1")["state"] == "carried"


def test_the_mover_withdraws_and_the_congress_refers(app: Smolny) -> None:
    submit(app, "leeds")
    submit(app, "york")
    move(app, "M1", "withdrawn", "mover", by=LEEDS)
    move(app, "M2", "admitted", "committee")
    move(app, "M2", "referred", "congress", "to the executive, to report next year", by=CHAIR)
    states = {
        p["number"]: p["state_name"] for p in views.congress_papers(app, "congress")["papers"]
    }
    assert states == {"M1": "Withdrawn", "M2": "Referred to the executive"}
    refusal = refused(app, c.MovePaper("congress", "M1", "admitted", "committee"))
    assert refusal.rule == "workflow-move" and "final" in refusal.message


def test_a_journal_naming_a_workflow_not_loaded_still_loads_and_refuses_clearly(
    clock: Clock,
) -> None:
    text = (resources.files("smolny.procedure") / "workflows" / "union-congress.toml").read_text()
    own = procedure.parse_workflow(text, "mine.toml")
    first = Smolny.in_memory(clock=clock, workflows=[own])
    for slug in ("leeds", "york"):
        first.execute(c.CreateBody(slug, slug, "council"))
    first.execute(c.CreateBody("congress", "Congress"))
    first.execute(c.SetDeadlines("congress", DEADLINE, workflow="mine"))
    for council in ("leeds", "york"):
        first.execute(c.SubmitMotion("congress", council, "Pay", ("x",), ("A",)))
        number = "M1" if council == "leeds" else "M2"
        first.execute(c.MovePaper("congress", number, "admitted", "committee"))
    first.execute(c.ProposeComposite("congress", ("M1", "M2"), "Pay", ("y",)))
    for number in ("M1", "M2"):
        first.execute(c.ConsentToComposite("congress", "C1", number))
    first.execute(c.MakeComposite("congress", "C1"))
    # the same journal, folded by a service without that workflow
    second = Smolny(first.store, clock)
    second.load()
    assert second.state.papers["congress"].papers["M1"].state == "composited"
    with pytest.raises(Refusal) as caught:
        views.congress_papers(second, "congress")
    assert caught.value.rule == "workflow-not-loaded" and "--workflow" in caught.value.message
