"""The minutes of a sitting that held an STV election, a choice and a list election: the
poll's paragraph names the elected (not "yes 0, no 0, abstain 0"), the table of polls shows
the elected as the result, and the count is laid out stage by stage with every candidate
named, in English and in Russian."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine

from smolny.adapters import journal as store
from smolny.documents.minutes import build, draw, html, markdown
from smolny.domain import commands as c
from smolny.record.chain import walk
from smolny.record.entry import Entry
from smolny.service.app import Principal, Smolny, VoteRequest

CANDIDATES = ("Anna", "Boris", "Vera", "Gleb")
# Anna reaches the quota at once; Gleb, ranked by nobody, is never excluded nor moved
STV = [["Anna", "Boris"]] * 4 + [["Boris", "Vera"]] * 3 + [["Vera", "Anna"]] * 2


def vote(app: Smolny, poll: str, ids: list[str], ballots: list[dict[str, object]]) -> None:
    for voter, ballot in zip(ids, ballots, strict=True):
        for _, done in app.ballots.cast_votes(
            poll, Principal(voter, "delegate", voter), [VoteRequest(ballot)]
        ):
            done.result(timeout=10)
    app.ballots.close_poll(poll)


def open_poll(app: Smolny, session: str, **fields: object) -> str:
    opened = app.execute(c.OpenPoll(session=session, **fields))  # type: ignore[arg-type]
    return str(opened[-1].data["poll"])


@pytest.fixture(scope="module")
def entries(tmp_path_factory: pytest.TempPathFactory) -> list[Entry]:
    path: Path = tmp_path_factory.mktemp("elections") / "elections.sqlite3"
    app = Smolny.open(f"sqlite:///{path}")
    try:
        app.execute(c.CreateBody("council", "Council"))
        app.execute(c.FormFaction("council", "left", "Left"))
        made = app.execute(
            c.RegisterDelegates("council", tuple(c.NewDelegate(f"D{i}", "left") for i in range(9)))
        )
        ids = [d["delegate"] for d in made[0].data["delegates"]]
        session = app.execute(c.OpenSession("council", "Elections"))[0].data["session"]
        app.execute(c.RecordPresence(session, all_present=True))
        stv = open_poll(
            app,
            session,
            title="Presidium",
            question="ranked",
            options=CANDIDATES,
            seats=2,
            counting="scottish-stv",
        )
        vote(app, stv, ids, [{"ranking": r} for r in STV])
        chair = open_poll(
            app, session, title="Chair of the council", question="choice", options=("Anna", "Boris")
        )
        vote(app, chair, ids, [{"choice": "Anna"}] * 6 + [{"choice": "Boris"}] * 3)
        lists = open_poll(
            app,
            session,
            title="Commission",
            question="list",
            options=("Left list", "Right list"),
            seats=3,
            counting="dhondt",
        )
        vote(app, lists, ids, [{"choice": "Left list"}] * 6 + [{"choice": "Right list"}] * 3)
    finally:
        app.close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        lines = list(store.stream(conn))
    engine.dispose()
    report = walk(lines)
    assert report.ok
    return report.entries


def test_the_minutes_of_an_election_name_the_elected(entries: list[Entry]) -> None:
    text = markdown(build(draw(entries, "s1"), "en"))
    assert "Elected (single transferable vote (Scottish rules)): Anna, Boris." in text
    assert "The choice fell on Anna." in text
    assert "Seats apportioned by the D'Hondt method: Left list 2, Right list 1." in text
    # the table of polls: the elected as the result, no yes/no/abstain of zeros
    row = next(line for line in text.splitlines() if line.startswith("| p1 | Presidium"))
    assert row.endswith("| — | — | — | — | elected: Anna, Boris |"), row
    assert "threshold none" not in text and "| closed |" not in text


def test_the_count_stage_by_stage_names_every_candidate(entries: list[Entry]) -> None:
    text = markdown(build(draw(entries, "s1"), "en"))
    assert "## Elections: how they were counted" in text
    assert "### p1. Presidium" in text
    assert "| Candidate | Stage 1: first preferences" in text
    lines = text.splitlines()
    assert any(line.startswith("| Anna | 4 |") and "elected at stage 1" in line for line in lines)
    assert any(line.startswith("| Gleb | 0 |") for line in lines), "Gleb not named"
    assert not any(line.startswith("| 4 |") for line in lines)
    assert "*Votes and seats of each list*" in text
    assert "| Left list | 6 | 2 |" in text


def test_in_russian_and_in_html(entries: list[Entry]) -> None:
    ru = markdown(build(draw(entries, "s1"), "ru"))
    assert "Избраны (единый передаваемый голос (шотландские правила)): Anna, Boris." in ru
    assert "избраны: Anna, Boris" in ru
    page = html(build(draw(entries, "s1"), "en"))
    assert '<th scope="row">Gleb</th>' in page
