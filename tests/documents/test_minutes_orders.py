"""The minutes of a sitting that held a Schulze and a Borda election: a sentence naming the
elected and the method (and how a tie was drawn), and the count's tables (the pairwise
matrix and the strongest paths, or the points) in the Markdown, the HTML and the PDF."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from smolny.adapters import journal as store
from smolny.documents.minutes import build, draw, html, markdown, pdf
from smolny.domain import commands as c
from smolny.record.chain import walk
from smolny.record.entry import Entry
from smolny.service.app import Principal, Smolny, VoteRequest

CANDIDATES = ("Anna", "Boris", "Vera")
# 4 Anna alone, 3 Boris then Vera, 2 Vera then Boris: Boris beats Anna 5 to 4 and Vera 3 to
# 2; Vera beats Anna 5 to 4
SCHULZE = [["Anna"]] * 4 + [["Boris", "Vera"]] * 3 + [["Vera", "Boris"]] * 2
# 2 Anna, Boris, Vera; 2 Boris, Anna, Vera; 5 blank: Anna and Boris level at 6 points
BORDA = [["Anna", "Boris", "Vera"]] * 2 + [["Boris", "Anna", "Vera"]] * 2 + [[]] * 5


def elect(
    app: Smolny, session: str, ids: list[str], counting: str, rankings: list[list[str]]
) -> None:
    opened = app.execute(
        c.OpenPoll(
            session=session,
            title=f"Elected by {counting}",
            question="ranked",
            options=CANDIDATES,
            seats=2 if counting == "schulze" else 1,
            counting=counting,
        )
    )
    poll = str(opened[-1].data["poll"])
    for voter, ranking in zip(ids, rankings, strict=True):
        for _, done in app.ballots.cast_votes(
            poll, Principal(voter, "delegate", voter), [VoteRequest({"ranking": ranking})]
        ):
            done.result(timeout=10)
    app.ballots.close_poll(poll)


@pytest.fixture(scope="module")
def entries(tmp_path_factory: pytest.TempPathFactory) -> list[Entry]:
    path: Path = tmp_path_factory.mktemp("orders") / "orders.sqlite3"
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
        elect(app, session, ids, "schulze", SCHULZE)
        elect(app, session, ids, "borda", BORDA)
    finally:
        app.close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        lines = list(store.stream(conn))
    engine.dispose()
    report = walk(lines)
    assert report.ok
    return report.entries


def borda_draw(entries: list[Entry]) -> str:
    closed = next(
        e.data
        for e in entries
        if e.kind == "poll.closed" and "borda" in e.data["outcome"]["method"]
    )
    return str(closed["outcome"]["count"]["tie_breaks"][0]["chosen"]["name"])


def test_a_sentence_names_the_elected_and_the_method(entries: list[Entry]) -> None:
    text = markdown(build(draw(entries, "s1"), "en"))
    assert "Elected by the Schulze method (winning votes): Boris, Vera." in text
    chosen = borda_draw(entries)
    assert (
        "Elected by the Borda count (points n−1, …, 0 by rank; the unranked sharing the points "
        f"left): {chosen}." in text
    )
    assert f"The tie for place 1 between Anna, Boris was decided by lot: {chosen}." in text


def test_the_matrices_and_the_points_in_the_markdown(entries: list[Entry]) -> None:
    text = markdown(build(draw(entries, "s1"), "en"))
    assert "## Elections: how they were counted" in text
    assert "*Papers ranking the row above the column*" in text
    assert "| Boris | 5 | — | 3 |" in text  # Boris over Anna 5, over Vera 3
    assert "*Strongest paths from the row to the column*" in text
    assert "| Vera | 5 | 0 | — |" in text
    other = ({"Anna", "Boris"} - {borda_draw(entries)}).pop()
    assert "|  | points for the rank | 2 | 1 | 0 |  |  |" in text
    assert f"| 2 | {other} | 2 | 2 | 0 | 0 | 6 |" in text
    assert "| 3 | Vera | 0 | 0 | 4 | 0 | 0 |" in text
    assert "|  | total |  |  |  |  | 12 |" in text


def test_russian_html_and_pdf(entries: list[Entry]) -> None:
    ru = markdown(build(draw(entries, "s1"), "ru"))
    assert "Избраны методом Шульце (голоса победителя пары): Boris, Vera." in ru
    assert "Бюллетени, ставящие кандидата строки выше кандидата столбца" in ru
    page = html(build(draw(entries, "s1"), "en"))
    assert page.count('<table class="count">') == 3
    assert '<th scope="row">Boris</th><td class="n">5</td><td class="n">—</td>' in page
    try:
        from pypdf import PdfReader
    except ImportError:  # pragma: no cover
        pytest.skip("pypdf is not installed")
    words = " ".join(
        " ".join(p.extract_text().split())
        for p in PdfReader(io.BytesIO(pdf(build(draw(entries, "s1"), "en")))).pages
    )
    assert "Strongest paths from the row to the column Anna Boris Vera" in words
    assert "Boris 5 — 3" in words and "Vera 0 0 4 0 0" in words
