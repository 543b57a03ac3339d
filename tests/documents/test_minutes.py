"""Golden minutes of the demo congress, drawn from its journal alone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from smolny import demo
from smolny.adapters import journal as store
from smolny.demo import words
from smolny.documents.minutes import UnknownSession, build, draw, markdown, zone_named
from smolny.record.chain import walk
from smolny.record.entry import Entry
from smolny.service.app import Smolny

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
SESSIONS = ("s1", "s2", "s3", "s4")  # July; the Congress; the Soviet at 2:35 PM; November
CONGRESS = "s2"


@pytest.fixture(scope="module")
def entries(tmp_path_factory: pytest.TempPathFactory) -> list[Entry]:
    path = tmp_path_factory.mktemp("minutes") / "demo.sqlite3"
    app = Smolny.open(f"sqlite:///{path}")
    try:
        demo.load(app)
    finally:
        app.close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        lines = list(store.stream(conn))
    engine.dispose()
    report = walk(lines)
    assert report.ok
    return report.entries


@pytest.mark.parametrize("session", SESSIONS)
def test_golden_minutes(entries: list[Entry], session: str) -> None:
    # The demo records the historical times (Petrograd mean time), so the minutes are the
    # same on every run; box digests (random nonces) are not in them.
    text = markdown(build(draw(entries, session), "en", zone_named("+02:01")))
    golden = GOLDEN / f"minutes-{session}.md"
    if os.environ.get("SMOLNY_REGENERATE_GOLDEN") == "1":
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_every_poll_matches_the_journal(entries: list[Entry]) -> None:
    for session in SESSIONS:
        minutes = draw(entries, session)
        closed = {
            e.data["poll"]: e.data
            for e in entries
            if e.kind == "poll.closed" and e.data["session"] == session
        }
        assert {p.id for p in minutes.polls} == set(closed)
        for poll in minutes.polls:
            data = closed[poll.id]
            assert dict(poll.heads) == data["heads"]
            assert dict(poll.weights) == data["weights"]
            assert poll.eligible == data["eligible"]
            assert poll.cast == sum(data["heads"].values())
        for decision in minutes.decisions:
            recorded = next(
                e.data
                for e in entries
                if e.kind in ("motion.adopted", "motion.rejected", "motion.declared")
                and e.data["question"] == decision.motion
            )
            if "yes" in recorded:  # declared with no count: no figures in the minutes either
                assert (decision.yes, decision.no, decision.abstain) == (
                    recorded["yes"],
                    recorded["no"],
                    recorded["abstain"],
                )
            assert decision.quorum == recorded["quorum"]
            assert decision.present_count == recorded["present_count"]


def test_the_walkout_with_its_declaration(entries: list[Entry]) -> None:
    minutes = draw(entries, CONGRESS)
    walkouts = [p for p in minutes.paragraphs if p.kind == "presence" and p.fields["faction"]]
    assert [p.fields["faction"] for p in walkouts] == [
        "Mensheviks",
        "Jewish Bund",
        "Socialist Revolutionaries",
        "Menshevik-Internationalists",
    ]
    assert walkouts[0].fields["present_count"] == 602
    assert walkouts[0].fields["declaration"] == words.WE_LEAVE
    text = markdown(build(minutes, "en"))
    assert "The Mensheviks walked out (68 delegates)" in text
    assert words.THEN_WE_LEAVE in text


def test_the_amended_text(entries: list[Entry]) -> None:
    minutes = draw(entries, CONGRESS)
    manifesto = next(m for m in minutes.motions if m.title == words.MANIFESTO_TITLE)
    assert manifesto.text == words.MANIFESTO
    assert words.MANIFESTO_TWEAK in manifesto.amended_text
    assert [(a.strike, a.status) for a in manifesto.amendments] == [
        (words.MANIFESTO_STRUCK, "adopted")
    ]


def test_an_unknown_session_lists_the_sessions(entries: list[Entry]) -> None:
    with pytest.raises(UnknownSession) as caught:
        draw(entries, "s99")
    # in the order they opened: the Congress (s2, called first) opened after the Soviet (s3)
    assert [s.id for s in caught.value.sessions] == ["s1", "s3", "s2", "s4"]


def test_russian_minutes(entries: list[Entry]) -> None:
    text = markdown(build(draw(entries, CONGRESS), "ru"))
    assert text.startswith("# ")


def test_who_presided_when_nobody_took_the_chair_by_an_act() -> None:
    # the minutes name the one who presided from what the record holds: the delegate who
    # opened the sitting, else the chair's account that opened it; else they say it was not
    # recorded (never "no chair set")
    from sample_congress import make_congress
    from smolny.domain import commands as c
    from smolny.service.principals import Principal
    from smolny.service.views import record

    app = Smolny.in_memory()
    congress = make_congress(app, size=4)
    first, chair = str(congress["session"]), congress["chair"]
    app.accounts.create_account("olga", "secretary", password="a long secretary password 1")
    olga = Principal("a2", "olga", "secretary")

    def presiding(session: str, lang: str = "en") -> str:
        text = markdown(build(record.minutes(app, session), lang))
        line = next(x for x in text.splitlines() if x.startswith(("- **Presiding:**", "- **Пред")))
        return line.split(":**", 1)[1].strip()

    assert presiding(first) == "the chair's account “chair”, which opened the sitting"
    assert "«chair»" in presiding(first, "ru")
    app.execute(c.CloseSession(first), by=chair)  # type: ignore[arg-type]
    by_delegate = c.OpenSession("congress", "Second", opened_by=congress["delegates"][0])  # type: ignore[index]
    second = app.execute(by_delegate, by=olga)[0].data["session"]
    assert presiding(second) == "Delegate 0, who opened the sitting"
    app.execute(c.CloseSession(second), by=olga)
    third = app.execute(c.OpenSession("congress", "Third"), by=olga)[0].data["session"]
    assert presiding(third) == "not recorded: nobody took the chair by an act of the record"
    assert "no chair set" not in presiding(third)
