"""An amendment as a change to the text, through the service: moved at a place, recorded
in a verifiable journal, adopted into the motion's text, and said in words by the minutes."""

from __future__ import annotations

import pytest

from smolny import procedure
from smolny.documents.minutes import build, markdown
from smolny.domain import commands as c
from smolny.domain.errors import OutOfOrder
from smolny.record.chain import walk
from smolny.record.verification import check_record
from smolny.service.app import Principal, Smolny
from smolny.service.views import amendments, hall, record, sessions

CHAIR = Principal("a1", "chair", "chair")
DECREE = "The congress demands an immediate peace, bread and land for all."


def _sitting(app: Smolny) -> tuple[str, list[str], str]:
    app.accounts.create_account("chair", "chair", password="a chair's long password")
    app.execute(c.CreateBody("congress", "Test Congress"))
    entries = app.execute(
        c.RegisterDelegates("congress", tuple(c.NewDelegate(f"Delegate {i}") for i in range(5)))
    )
    ids = [d["delegate"] for d in entries[0].data["delegates"]]
    session = app.execute(c.OpenSession("congress", "Sitting"), by=CHAIR)[0].data["session"]
    app.execute(c.RecordPresence(session, all_present=True), by=CHAIR)
    motion = app.execute(c.MoveMotion(session, "Decree", DECREE, ids[0]), by=CHAIR)[0]
    question = motion.data["question"]
    app.execute(c.Act(session, procedure.Second(question, ids[1])), by=CHAIR)
    app.execute(c.Act(session, procedure.StateQuestion(question)), by=CHAIR)
    return session, ids, question


def _decide(app: Smolny, session: str, question: str, yes: int = 4, no: int = 1) -> None:
    app.execute(c.Act(session, procedure.PutQuestion(question)), by=CHAIR)
    app.execute(c.Act(session, procedure.RecordResult(question, yes, no)), by=CHAIR)


def test_a_strike_and_insert_amendment_adopted_and_said_in_the_minutes(app: Smolny) -> None:
    session, ids, main = _sitting(app)
    change = procedure.Change("strike-insert", "freedom", strike="bread")
    moved = app.execute(
        c.Act(session, procedure.Move("", "amend", ids[2], change=change)), by=CHAIR
    )
    amendment = moved[0].data["question"]
    assert moved[0].data["change"] == {"operation": "strike-insert", "span": [7, 8]}
    app.execute(c.Act(session, procedure.Second(amendment, ids[3])), by=CHAIR)
    app.execute(c.Act(session, procedure.StateQuestion(amendment)), by=CHAIR)
    _decide(app, session, amendment)
    _decide(app, session, main)
    sitting = app.state.sessions[session].procedure
    assert sitting.question(main).amended_text == (
        "The congress demands an immediate peace, freedom and land for all."
    )
    with app.store.reading() as tx:
        report = walk(tx.stream())
    assert report.ok
    assert check_record(report.entries, None).problems == []  # smolny verify's checks
    text = markdown(build(record.minutes(app, session), "en"))
    assert "to strike “bread” and insert “freedom”: adopted" in text
    russian = markdown(build(record.minutes(app, session), "ru"))
    assert "исключить «bread» и вставить «freedom»" in russian


def test_a_place_not_in_the_text_is_refused_and_nothing_recorded(app: Smolny) -> None:
    session, ids, _ = _sitting(app)
    with app.store.reading() as tx:
        before = len(list(tx.stream()))
    change = procedure.Change("strike", strike="war")
    with pytest.raises(OutOfOrder) as refused:
        app.execute(c.Act(session, procedure.Move("", "amend", ids[2], change=change)), by=CHAIR)
    assert refused.value.rule == "amendment-place"
    assert "“war” are not in the text" in str(refused.value)
    with app.store.reading() as tx:
        assert len(list(tx.stream())) == before


def test_the_preview_before_moving_and_the_pending_amendment_on_every_screen(app: Smolny) -> None:
    session, ids, main = _sitting(app)
    change = procedure.Change("strike-insert", "freedom", strike="bread")
    shown = amendments.preview(app, session, change)
    assert shown["question"] == main
    assert shown["amended"] == "The congress demands an immediate peace, freedom and land for all."
    assert [s["kind"] for s in shown["segments"]] == ["kept", "struck", "inserted", "kept"]
    assert shown["said"] == "to strike “bread” and insert “freedom”"
    with pytest.raises(OutOfOrder) as refused:
        amendments.preview(app, session, procedure.Change("insert", "x", after="tsar"))
    assert refused.value.rule == "amendment-place"
    app.execute(c.Act(session, procedure.Move("", "amend", ids[2], change=change)), by=CHAIR)
    top = hall.console(app, app.ballots, session, "2026-12-06T10:00:00Z")["top"]
    assert top["amendment"]["segments"] == shown["segments"]
    screen = hall.projector(app, app.ballots, session, "2026-12-06T10:00:00Z")
    assert screen["screen"]["question"]["amendment"]["segments"] == shown["segments"]
    phone = sessions.phone(app, Principal(ids[4], "delegate", ids[4]))
    assert phone["question"]["amendment"]["segments"] == shown["segments"]
