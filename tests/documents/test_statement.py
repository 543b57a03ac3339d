"""A statement made outside the sitting (`IssueStatement` -> `statement.issued`): recorded
with who made it and for whom, shown in the minutes of the sitting it speaks of (English
and Russian) and by `smolny verify --report --session` beside the walkouts; refused with
the rule named when it names no body, no sitting or no time there is."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from smolny.documents.minutes import build, markdown
from smolny.domain import commands as c
from smolny.domain.errors import Invalid, NotFound
from smolny.record import sittings
from smolny.record.entry import Entry
from smolny.record.quorums import replay
from smolny.service.app import Smolny
from smolny.service.views import record

CLAIM = "The Central Executive Committee considers the Second Congress as not having taken place."


@pytest.fixture
def app() -> Smolny:
    app = Smolny.in_memory(clock=lambda: datetime(1917, 11, 7, 21, 0, tzinfo=UTC))
    app.execute(c.CreateBody("congress", "Congress of Soviets"))
    app.execute(c.SetTimeZone("congress", "+02:01", "Petrograd mean time"))
    app.execute(c.RegisterDelegates("congress", (c.NewDelegate("Lev Kamenev"),)))
    app.execute(c.OpenSession("congress", "First sitting"))
    app.execute(c.RecordPresence("s1", all_present=True))
    return app


def issue(app: Smolny) -> list[Entry]:
    return app.execute(
        c.IssueStatement(
            "congress",
            CLAIM,
            "the departed delegates",
            in_name_of="the Central Executive Committee",
            about_session="s1",
            at="1917-11-08T00:40:00+02:01",
        )
    )


def test_the_statement_is_recorded_and_changes_nothing_in_the_sitting(app: Smolny) -> None:
    present = len(app.state.sessions["s1"].present)
    entries = issue(app)
    assert [e.kind for e in entries] == ["statement.issued"]
    assert entries[0].data == {
        "body": "congress",
        "name": "the departed delegates",
        "text": CLAIM,
        "in_name_of": "the Central Executive Committee",
        "session": "s1",
        "at": "1917-11-07T22:39:00.000000Z",
    }
    assert len(app.state.sessions["s1"].present) == present
    bare = app.execute(c.IssueStatement("congress", "We protest.", "the Duma"))
    assert bare[0].data == {  # when it was made: when recorded, unless said
        "body": "congress",
        "name": "the Duma",
        "text": "We protest.",
        "at": "1917-11-07T21:00:00.000000Z",
    }


@pytest.mark.parametrize(
    ("command", "refusal", "rule"),
    [
        (c.IssueStatement("nowhere", CLAIM, "x"), NotFound, None),
        (c.IssueStatement("congress", CLAIM, "x", about_session="s9"), NotFound, None),
        (c.IssueStatement("congress", "  ", "x"), Invalid, None),
        (c.IssueStatement("congress", CLAIM, ""), Invalid, None),
        (c.IssueStatement("congress", CLAIM, "x", at="midnight"), Invalid, "time"),
    ],
)
def test_a_bad_statement_is_refused_and_nothing_is_written(
    app: Smolny, command: c.IssueStatement, refusal: type[Exception], rule: str | None
) -> None:
    seq = app.state.seq
    with pytest.raises(refusal) as caught:
        app.execute(command)
    if rule is not None:
        assert caught.value.rule == rule  # type: ignore[attr-defined]
    assert app.state.seq == seq


def test_the_minutes_of_the_sitting_show_it(app: Smolny) -> None:
    issue(app)
    minutes = record.minutes(app, "s1")
    english = markdown(build(minutes, "en"))
    assert (
        "Outside the sitting, the departed delegates (for the Central Executive Committee) "
        "declared:" in english
    )
    assert CLAIM in english
    assert "00:40" in english  # when it was made, in the body's time
    russian = markdown(build(minutes, "ru"))
    assert (
        "Заявление вне заседания: the departed delegates "
        "(от имени: the Central Executive Committee):" in russian
    )


def test_verify_report_tells_it_beside_the_walkouts(app: Smolny) -> None:
    entries = issue(app)
    with app.store.reading() as tx:
        from smolny.record.chain import walk

        journal = walk(tx.stream()).entries
    found = sittings.sitting(journal, {}, "s1")
    assert [s.seq for s in found.statements] == [entries[0].seq]
    lines = "\n".join(sittings.session_report(journal, {}, "s1"))
    assert "Statements made outside the sitting (1):" in lines
    assert (
        f"entry {entries[0].seq}, 1917-11-08 00:40: the departed delegates "
        "(for the Central Executive Committee)" in lines
    )
    assert f"declared: “{CLAIM}”" in lines
    assert replay(journal).walkouts == []
