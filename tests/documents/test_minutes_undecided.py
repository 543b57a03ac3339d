"""Motions left undecided as the accounts leave them: the minutes and `verify --motion` say a
motion was set aside with no vote taken and why (not withdrawn), and that the chair declared
the sitting adjourned in the record's words, leaving what was pending undecided."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from smolny import procedure
from smolny.documents.minutes import build, markdown
from smolny.domain import commands as c
from smolny.record.chain import walk
from smolny.record.entry import Entry
from smolny.record.sittings import motion_report
from smolny.service.app import Smolny
from smolny.service.views import record


@pytest.fixture(scope="module")
def sitting() -> Iterator[tuple[Smolny, str, str, str]]:
    app = Smolny.in_memory()
    app.execute(c.CreateBody("congress", "Congress of Soviets"))
    people = tuple(c.NewDelegate(name) for name in ("Martov", "Trotsky", "Kamkov", "Dan"))
    app.execute(c.RegisterDelegates("congress", people))
    s = str(app.execute(c.OpenSession("congress", "First sitting"))[0].data["session"])
    app.execute(c.RecordPresence(s, all_present=True))

    def move(title: str, text: str, mover: str) -> str:
        moved = app.execute(c.MoveMotion(s, title, text, mover))
        question = str(next(e.data["question"] for e in moved if e.kind == "motion.moved"))
        app.execute(c.Act(s, procedure.Second(question, "d3")))
        app.execute(c.Act(s, procedure.StateQuestion(question)))
        return question

    martov = move("Against the pre-emption", "That negotiations begin.", "d1")
    app.execute(c.Act(s, procedure.SetAside(martov, "its mover and his group left the hall")))
    moscow = move("The plenary in Moscow", "That the plenary sit in Moscow.", "d4")
    app.execute(c.Act(s, procedure.DeclareAdjourned(words="before dawn")))
    yield app, s, martov, moscow
    app.close()


def test_the_minutes_say_no_vote_was_taken_and_why(sitting: tuple[Smolny, str, str, str]) -> None:
    app, s, _, _ = sitting
    text = markdown(build(record.minutes(app, s), "en"))
    assert (
        "“Against the pre-emption”: no vote was taken on it. "
        "Reason: its mover and his group left the hall." in text
    )
    assert "withdrawn" not in text
    assert (
        "The chair declared the session adjourned. In the record's words: “before dawn”. "
        "Left with no vote taken: “The plenary in Moscow”." in text
    )
    russian = markdown(build(record.minutes(app, s), "ru"))
    assert "голосование по нему не проводилось" in russian
    assert "Председатель объявил заседание закрытым." in russian


def test_verify_tells_the_fate_of_each_undecided_motion(
    sitting: tuple[Smolny, str, str, str],
) -> None:
    app, _, martov, moscow = sitting
    with app.store.reading() as tx:
        entries: list[Entry] = walk(tx.lines()).entries
    set_aside = "\n".join(motion_report(entries, martov))
    assert "Its fate: left with no vote taken at entry" in set_aside
    adjourned = "\n".join(motion_report(entries, moscow))
    assert "left with no vote taken when the sitting adjourned at entry" in adjourned


def test_the_members_at_the_opening_count_the_mandates_accepted() -> None:
    app = Smolny.in_memory()
    app.execute(c.CreateBody("army", "Committee of the Twelfth Army"))
    app.execute(c.CreateBody("congress", "Congress of Soviets"))
    people = tuple(c.NewDelegate(name) for name in ("Martov", "Trotsky", "Kamkov"))
    app.execute(c.RegisterDelegates("congress", people))
    issued = app.execute(c.IssueMandate("army", "congress", "Kharash"))
    app.execute(c.CheckCredentials("congress", str(issued[0].data["mandate"]), accepted=True))
    s = str(app.execute(c.OpenSession("congress", "First sitting"))[0].data["session"])
    app.execute(c.RecordPresence(s, all_present=True))
    text = markdown(build(record.minutes(app, s), "en"))
    assert "4 in the hall (members: 4)" in text  # Kharash is a member: seated by mandate
    app.close()
