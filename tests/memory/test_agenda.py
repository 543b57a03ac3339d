"""A sitting's agenda: drafted, adopted as the rulebook says (by a vote, or by the chair's
declaration), taken up item by item; bad drafts refused with nothing written."""

from __future__ import annotations

import pytest

from smolny import procedure
from smolny.documents.minutes.document import canonical_markdown
from smolny.domain import commands as c
from smolny.domain.errors import Invalid, OutOfOrder, Refusal
from smolny.record import kinds as k
from smolny.service.app import Principal, Smolny
from smolny.service.views import record

CHAIR = Principal("a1", "chair", "chair")

DRAFT = (
    c.AgendaDraftItem("Reports of the delegations", reporter="The secretary", starts="10:00"),
    c.AgendaDraftItem("Peace", reporter="Lenin", minutes=45),
    c.AgendaDraftItem("Land"),
)


def _sitting(app: Smolny, rulebook: str = "robert", size: int = 4) -> tuple[str, list[str]]:
    app.execute(c.CreateBody("congress", "Test Congress", rulebook=rulebook))
    entries = app.execute(
        c.RegisterDelegates("congress", tuple(c.NewDelegate(f"Delegate {i}") for i in range(size)))
    )
    ids = [d["delegate"] for d in entries[0].data["delegates"]]
    session = app.execute(c.OpenSession("congress", "Sitting"), by=CHAIR)[0].data["session"]
    app.execute(c.RecordPresence(session, all_present=True), by=CHAIR)
    return session, ids


def _agenda(app: Smolny, session: str) -> procedure.State:
    return app.state.sessions[session].procedure


def test_under_robert_the_agenda_is_adopted_by_a_vote_and_taken_up_item_by_item(
    app: Smolny,
) -> None:
    session, ids = _sitting(app)
    drafted = app.execute(c.DraftAgenda(session, DRAFT), by=CHAIR)
    assert [i["item"] for i in drafted[0].data["items"]] == ["i1", "i2", "i3"]
    # the draft is edited: Land first, Peace given a reporter; ids kept
    items = (
        c.AgendaDraftItem("Land", item="i3"),
        c.AgendaDraftItem("Peace", reporter="Lenin", minutes=30, item="i2"),
        c.AgendaDraftItem("Reports", item="i1", starts="09:30"),
    )
    app.execute(c.DraftAgenda(session, items), by=CHAIR)
    assert [i["item"] for i in app.state.sessions[session].agenda_draft or ()] == [
        "i3",
        "i2",
        "i1",
    ]
    # the chair's declaration is not how robert adopts an agenda
    with pytest.raises(Invalid) as refused:
        app.execute(c.AdoptAgenda(session), by=CHAIR)
    assert refused.value.rule == "agenda-by-vote"
    moved = app.execute(c.AdoptAgenda(session, mover=ids[0]), by=CHAIR)
    motion = moved[0].data["question"]
    assert moved[-1].kind == k.AGENDA_ADOPTION_MOVED
    # while it is before the body the draft cannot change
    with pytest.raises(OutOfOrder) as before:
        app.execute(c.DraftAgenda(session, DRAFT), by=CHAIR)
    assert before.value.rule == "agenda-before-the-body"
    app.execute(c.Act(session, procedure.Second(motion, ids[1])), by=CHAIR)
    app.execute(c.Act(session, procedure.StateQuestion(motion)), by=CHAIR)
    app.execute(c.Act(session, procedure.PutQuestion(motion)), by=CHAIR)
    decided = app.execute(
        c.Act(session, procedure.RecordResult(motion, yes=3, no=1, abstain=0)), by=CHAIR
    )
    adopted = [e for e in decided if e.kind == k.AGENDA_ADOPTED]
    assert adopted and adopted[0].data["by"] == "vote" and adopted[0].data["decision"] == motion
    sitting = _agenda(app, session)
    assert sitting.agenda_adopted
    assert [(i.title, i.reporter, i.minutes) for i in sitting.agenda] == [
        ("Land", None, None),
        ("Peace", "Lenin", 30),
        ("Reports", None, None),
    ]
    app.execute(c.Act(session, procedure.TakeUpItem("i3")), by=CHAIR)
    app.execute(c.Act(session, procedure.TakeUpItem("i2")), by=CHAIR)
    assert [i.status for i in _agenda(app, session).agenda] == ["done", "current", "waiting"]
    # adopted: no new draft, no second adoption
    with pytest.raises(OutOfOrder) as again:
        app.execute(c.DraftAgenda(session, DRAFT), by=CHAIR)
    assert again.value.rule == "agenda-adopted"


def test_a_rejected_adoption_frees_the_draft(app: Smolny) -> None:
    session, ids = _sitting(app)
    app.execute(c.DraftAgenda(session, DRAFT), by=CHAIR)
    motion = app.execute(c.AdoptAgenda(session, mover=ids[0]), by=CHAIR)[0].data["question"]
    app.execute(c.Act(session, procedure.Second(motion, ids[1])), by=CHAIR)
    app.execute(c.Act(session, procedure.StateQuestion(motion)), by=CHAIR)
    app.execute(c.Act(session, procedure.PutQuestion(motion)), by=CHAIR)
    decided = app.execute(
        c.Act(session, procedure.RecordResult(motion, yes=1, no=3, abstain=0)), by=CHAIR
    )
    assert all(e.kind != k.AGENDA_ADOPTED for e in decided)
    assert not _agenda(app, session).agenda_adopted
    app.execute(c.DraftAgenda(session, DRAFT[:2]), by=CHAIR)  # changed, to be moved again
    assert len(app.state.sessions[session].agenda_draft or ()) == 2


def test_under_standing_orders_the_chair_declares_the_agenda_adopted(app: Smolny) -> None:
    session, ids = _sitting(app, rulebook="standing-orders")
    with pytest.raises(OutOfOrder) as nothing:
        app.execute(c.AdoptAgenda(session), by=CHAIR)
    assert nothing.value.rule == "no-draft"
    app.execute(c.DraftAgenda(session, DRAFT), by=CHAIR)
    adopted = app.execute(c.AdoptAgenda(session), by=CHAIR)
    assert [e.kind for e in adopted] == [k.AGENDA_ADOPTED]
    assert adopted[0].data["by"] == "declaration" and "decision" not in adopted[0].data
    assert [i.title for i in _agenda(app, session).agenda] == [d.title for d in DRAFT]
    with pytest.raises(OutOfOrder) as twice:
        app.execute(c.AdoptAgenda(session), by=CHAIR)
    assert twice.value.rule == "agenda-adopted"


@pytest.mark.parametrize(
    ("items", "rule", "field"),
    [
        ((), "agenda-empty", "items"),
        ((c.AgendaDraftItem("  "),), "required", "items[0].title"),
        ((c.AgendaDraftItem("A"), c.AgendaDraftItem("B", starts="25:00")), "agenda-time", None),
        ((c.AgendaDraftItem("A", minutes=0),), "agenda-minutes", "items[0].minutes"),
        ((c.AgendaDraftItem("A", item="i99"),), "agenda-item", "items[0]"),
        ((c.AgendaDraftItem("A", reporter="x" * 201),), "too-long", "items[0].reporter"),
    ],
)
def test_a_bad_draft_is_refused_naming_the_rule_and_nothing_is_written(
    app: Smolny, items: tuple[c.AgendaDraftItem, ...], rule: str, field: str | None
) -> None:
    session, _ = _sitting(app)
    seq = app.state.seq
    with pytest.raises(Refusal) as refused:
        app.execute(c.DraftAgenda(session, items), by=CHAIR)
    assert refused.value.rule == rule
    if field is not None:
        assert refused.value.field == field
    assert app.state.seq == seq and app.state.sessions[session].agenda_draft is None


def test_a_closed_sitting_takes_no_draft(app: Smolny) -> None:
    session, _ = _sitting(app)
    app.execute(c.CloseSession(session), by=CHAIR)
    with pytest.raises(OutOfOrder) as refused:
        app.execute(c.DraftAgenda(session, DRAFT), by=CHAIR)
    assert refused.value.rule == "session-not-open"


def test_the_minutes_give_the_agenda_adopted_and_the_items_taken_up(app: Smolny) -> None:
    session, _ = _sitting(app, rulebook="standing-orders")
    app.execute(c.DraftAgenda(session, DRAFT), by=CHAIR)
    app.execute(c.AdoptAgenda(session), by=CHAIR)
    app.execute(c.Act(session, procedure.TakeUpItem("i2")), by=CHAIR)
    text = canonical_markdown(record.minutes(app, session))
    assert "The agenda: Reports of the delegations; Peace; Land." in text
    assert "Item taken up: Peace." in text
    assert "Recorded:" not in text  # the draft is told by the agenda adopted, not by its kind
