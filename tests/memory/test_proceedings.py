"""The record of a sitting as the accounts tell it (issue 17): a speech's words and in whose
name, words from the floor, a guest heard, the chair taken, a report read, a result declared
with no count, a body's time zone, sittings scheduled and postponed, notes in the record."""

from __future__ import annotations

from typing import Any

import pytest

from smolny import procedure
from smolny.domain import commands as c
from smolny.domain.errors import Invalid, NotFound, OutOfOrder
from smolny.service.app import Smolny


def sitting(app: Smolny) -> str:
    app.execute(c.CreateBody("congress", "Congress"))
    app.execute(c.FormFaction("congress", "mensheviks", "Mensheviks"))
    people = tuple(c.NewDelegate(f"D{i}", "mensheviks") for i in range(1, 5))
    app.execute(c.RegisterDelegates("congress", people))  # d1-d4
    session = str(app.execute(c.OpenSession("congress", "Sitting"))[0].data["session"])
    app.execute(c.RecordPresence(session, all_present=True))
    return session


def act(app: Smolny, session: str, what: procedure.Act) -> list[Any]:
    return app.execute(c.Act(session, what))


def test_a_speech_is_recorded_with_its_words_and_in_whose_name(app: Smolny) -> None:
    s = sitting(app)
    act(app, s, procedure.RequestFloor("d2", in_name_of="mensheviks"))
    given = act(app, s, procedure.Recognise("d2"))
    assert given[0].data["in_name_of"] == "mensheviks"
    said = act(app, s, procedure.Yield(words="  We leave the congress.  ", quoted=True))
    assert said[0].kind == "floor.yielded"
    assert (said[0].data["words"], said[0].data["quoted"]) == ("We leave the congress.", True)


def test_a_speech_without_words_is_recorded_as_before(app: Smolny) -> None:
    s = sitting(app)
    act(app, s, procedure.RequestFloor("d2"))
    act(app, s, procedure.Recognise("d2"))
    said = act(app, s, procedure.Yield())
    assert "words" not in said[0].data and "quoted" not in said[0].data


def test_an_interjection_leaves_the_floor_to_the_speaker(app: Smolny) -> None:
    s = sitting(app)
    act(app, s, procedure.RequestFloor("d2"))
    act(app, s, procedure.Recognise("d2"))
    called = act(app, s, procedure.Interject("He does not represent the army!", voice="a soldier"))
    assert called[0].data["voice"] == "a soldier" and called[0].data["quoted"] is True
    assert app.state.sessions[s].procedure.floor.delegate == "d2"  # type: ignore[union-attr]
    act(app, s, procedure.Interject("Shame!", delegate="d3"))


@pytest.mark.parametrize(
    ("interjection", "rule"),
    [
        (procedure.Interject("Shame!"), "who"),
        (procedure.Interject("Shame!", delegate="d3", voice="a voice"), "who"),
        (procedure.Interject("   ", voice="a voice"), "words-required"),
        (procedure.Interject("Shame!", delegate="d99"), "not-a-delegate"),
    ],
)
def test_an_interjection_needs_words_and_one_who_said_them(
    app: Smolny, interjection: procedure.Interject, rule: str
) -> None:
    s = sitting(app)
    length = app.state.seq
    with pytest.raises(OutOfOrder) as refused:
        act(app, s, interjection)
    assert refused.value.rule == rule
    assert app.state.seq == length  # nothing recorded


def test_a_guest_is_heard_when_nobody_has_the_floor(app: Smolny) -> None:
    s = sitting(app)
    heard = act(
        app, s, procedure.HearGuest("A member of the City Duma", "We go", in_name_of="the Duma")
    )
    assert heard[0].data["name"] == "A member of the City Duma"
    assert heard[0].data["in_name_of"] == "the Duma"
    act(app, s, procedure.RequestFloor("d2"))
    act(app, s, procedure.Recognise("d2"))
    with pytest.raises(OutOfOrder, match="d2 has the floor"):
        act(app, s, procedure.HearGuest("A soldier", "We are with you"))


def test_the_chair_taken_changes_who_presides(app: Smolny) -> None:
    s = sitting(app)
    act(app, s, procedure.TakeChair(name="Fyodor Dan"))
    assert app.state.sessions[s].procedure.presiding == "Fyodor Dan"
    act(app, s, procedure.TakeChair("d1"))
    assert app.state.sessions[s].procedure.presiding == "d1"
    with pytest.raises(OutOfOrder, match="presides already"):
        act(app, s, procedure.TakeChair("d1"))
    with pytest.raises(OutOfOrder, match="not a registered delegate"):
        act(app, s, procedure.TakeChair("d99"))


def test_a_report_or_an_announcement_is_read(app: Smolny) -> None:
    s = sitting(app)
    read = act(
        app,
        s,
        procedure.ReadReport(
            "The arrest", "The ministers are arrested.", by="d1", kind="announcement"
        ),
    )
    assert read[0].data["kind"] == "announcement" and read[0].data["delegate"] == "d1"
    with pytest.raises(OutOfOrder, match="not 'speech'"):
        act(app, s, procedure.ReadReport("A report", by="d1", kind="speech"))


def declared(app: Smolny, s: str, **kw: Any) -> list[Any]:
    moved = app.execute(c.MoveMotion(s, "Denunciation", "The congress denounces.", "d3"))
    question = next(e.data["question"] for e in moved if e.kind == "motion.moved")
    act(app, s, procedure.Second(question, "d4"))
    act(app, s, procedure.StateQuestion(question))
    act(app, s, procedure.PutQuestion(question))
    return act(app, s, procedure.DeclareResult(question, **kw))


def test_a_result_declared_with_no_count_records_no_figures(app: Smolny) -> None:
    s = sitting(app)
    entries = declared(app, s, adopted=True, words="quickly passed")
    data = entries[0].data
    assert entries[0].kind == "motion.declared"
    assert (data["adopted"], data["method"], data["words"]) == (
        True,
        "show-of-hands",
        "quickly passed",
    )
    assert not {"yes", "no", "abstain"} & set(data)
    assert (data["present_count"], data["quorate"]) == (4, True)
    assert app.state.motions[data["question"]].decision is not None
    question = app.state.sessions[s].procedure.question(data["question"])
    assert question is not None and question.status == "adopted"


def test_a_result_is_declared_only_on_a_question_put_and_by_a_method_of_the_hall(
    app: Smolny,
) -> None:
    s = sitting(app)
    moved = app.execute(c.MoveMotion(s, "Another", "Text.", "d3"))
    question = next(e.data["question"] for e in moved if e.kind == "motion.moved")
    with pytest.raises(OutOfOrder, match="has not been put to the vote"):
        act(app, s, procedure.DeclareResult(question, True))
    act(app, s, procedure.Withdraw(question, "d3"))
    with pytest.raises(OutOfOrder, match="not 'electronic-named'"):
        declared(app, s, adopted=True, method="electronic-named")


def test_a_body_keeps_its_own_time_zone(app: Smolny) -> None:
    app.execute(c.CreateBody("soviet", "Petrograd Soviet", "council", members=3))
    entry = app.execute(c.SetTimeZone("soviet", "+02:01:18", "Petrograd mean time"))[0]
    assert entry.data == {"body": "soviet", "zone": "+02:01:18", "name": "Petrograd mean time"}
    assert app.state.bodies["soviet"].time_zone == "+02:01:18"
    app.execute(c.SetTimeZone("soviet", "Europe/Moscow"))
    assert app.state.bodies["soviet"].time_zone_name is None
    with pytest.raises(Invalid, match="unknown time zone"):
        app.execute(c.SetTimeZone("soviet", "Mars/Olympus"))
    with pytest.raises(Invalid, match="out of range"):
        app.execute(c.SetTimeZone("soviet", "+25:00"))


def test_a_sitting_scheduled_postponed_and_opened_under_its_id(app: Smolny) -> None:
    app.execute(c.CreateBody("congress", "Congress"))
    called = app.execute(c.ScheduleSession("congress", "First", "1917-11-07T12:00:00Z"))
    session = called[0].data["session"]
    app.execute(c.PostponeSession(session, None, "the delegates were not assembled"))
    with pytest.raises(NotFound, match="no sitting s9 is scheduled"):
        app.execute(c.OpenSession("congress", "First", scheduled="s9"))
    opened = app.execute(c.OpenSession("congress", "First", scheduled=session))[0]
    assert (opened.data["session"], opened.data["scheduled"]) == (session, True)
    assert "emergency" not in opened.data
    with pytest.raises(OutOfOrder, match="has opened already"):
        app.execute(c.PostponeSession(session))
    app.execute(c.CloseSession(session))
    second = app.execute(c.OpenSession("congress", "Second"))[0].data["session"]
    assert second != session  # ids are not reused


def test_an_emergency_sitting(app: Smolny) -> None:
    app.execute(c.CreateBody("soviet", "Soviet", "council", members=3))
    called = app.execute(c.ScheduleSession("soviet", "Emergency", "1917-11-07T12:35:00Z", True))
    assert called[0].data["emergency"] is True
    opened = app.execute(c.OpenSession("soviet", "Emergency", scheduled=called[0].data["session"]))
    assert opened[0].data["emergency"] is True
    with pytest.raises(Invalid, match="must say its zone"):
        app.execute(c.ScheduleSession("soviet", "Later", "1917-11-08T12:00:00"))


def test_a_note_in_the_record_on_any_entry(app: Smolny) -> None:
    s = sitting(app)
    entries = declared(app, s, adopted=True)
    note = app.execute(c.AddNote(entries[0].seq, "the time is not in the accounts", "at", s))
    assert note[0].data == {
        "about": entries[0].seq,
        "text": "the time is not in the accounts",
        "field": "at",
        "session": s,
    }
    with pytest.raises(NotFound, match="no entry 999"):
        app.execute(c.AddNote(999, "a note"))
    with pytest.raises(Invalid, match="text must not be empty"):
        app.execute(c.AddNote(1, "  "))


def test_a_joint_sitting_is_in_every_taking_part_bodys_sittings(app: Smolny) -> None:
    from smolny.service.views import bodies

    for slug in ("cec", "peasants"):
        app.execute(c.CreateBody(slug, slug.title(), "committee"))
        app.execute(c.RegisterDelegates(slug, (c.NewDelegate(f"{slug} 1"),)))
    own = app.execute(c.OpenSession("peasants", "Own sitting"))[0].data["session"]
    app.execute(c.CloseSession(own))
    joint = app.execute(c.OpenJointSession(("cec", "peasants"), "Joint"))[0].data["session"]
    assert bodies.body(app, "cec")["sessions"] == [joint]
    assert bodies.body(app, "peasants")["sessions"] == [own, joint]
    rows = {row["slug"]: row["sessions"] for row in bodies.tree_rows(app)}
    assert rows == {"cec": 1, "peasants": 2}
