"""A Schulze or Borda election on the screens: the projector, the public page and the
chair's console draw its pairwise matrix and strongest paths, or its points, with the
candidates' names, the order and how a tie was drawn."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sample_congress import CHAIR_PASSWORD, make_congress
from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny, VoteRequest
from smolny.service.views.count_sheets import order_sheet
from smolny.web.app import create_app

CHAIR = Principal("a1", "chair", "chair")


@pytest.fixture
def client(sqlite_service: Smolny) -> Iterator[TestClient]:
    with TestClient(create_app(sqlite_service)) as client:
        yield client


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def held(app: Smolny, counting: str, rankings: list[list[str]], seats: int = 1) -> dict[str, Any]:
    """An election of Anna, Boris and Vera counted by `counting`, voted and closed: its count."""
    congress = make_congress(app, size=len(rankings))
    session, delegates = str(congress["session"]), list(congress["delegates"])  # type: ignore[call-overload]
    opened = app.execute(
        c.OpenPoll(
            session=session,
            title="Chair of the executive",
            question="ranked",
            options=("Anna", "Boris", "Vera"),
            seats=seats,
            counting=counting,
            method="electronic-secret",
        ),
        by=CHAIR,
    )
    poll = next(e.data["poll"] for e in opened if e.kind == "poll.opened")
    for d, ranking in zip(delegates, rankings, strict=True):
        for _, done in app.ballots.cast_votes(
            poll, Principal(d, "delegate", d), [VoteRequest({"ranking": ranking})]
        ):
            done.result(timeout=10)
    app.ballots.close_poll(poll, by=CHAIR)
    count: dict[str, Any] = app.state.polls[poll].result["outcome"]["count"]  # type: ignore[index]
    return count


def matrix_rows(html: str, cls: str) -> list[list[str]]:
    table = html.split(f'class="matrix {cls}"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    return [
        [text_of(cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def test_a_schulze_election_on_the_projector_and_the_public_page(
    sqlite_service: Smolny, client: TestClient
) -> None:
    # 4 Anna alone, 3 Boris then Vera, 2 Vera then Boris: Boris beats Anna 5 to 4 and
    # Vera 3 to 2; Vera beats Anna 5 to 4
    rankings = [["Anna"]] * 4 + [["Boris", "Vera"]] * 3 + [["Vera", "Boris"]] * 2
    held(sqlite_service, "schulze", rankings, seats=2)
    page = client.get("/projector").text
    words = text_of(page)
    assert "Elected: Boris, Vera" in words and "The Schulze method" in words
    assert "defeats measured by winning votes" in words
    assert matrix_rows(page, "pairwise") == [
        ["Anna", "—", "4", "4"],
        ["Boris", "5", "—", "3"],
        ["Vera", "5", "2", "—"],
    ]
    # each pair won is marked on the winner's row
    pairwise = page.split('class="matrix pairwise"', 1)[1].split("</table>", 1)[0]
    assert pairwise.count('class="num win"') == 3 and pairwise.count('class="num loss"') == 3
    assert "Condorcet winner: Boris" in words
    assert "First preferences" not in words  # the projector shows the order's own figures
    # the projector shows the pairs and the order; the public page the strongest paths too,
    # and the first preferences
    assert 'class="matrix paths"' not in page
    assert re.search(r"<li value=\"1\">\s*Boris.*<li value=\"2\">\s*Vera", page, re.S)
    public = client.get("/").text
    assert matrix_rows(public, "pairwise") == matrix_rows(page, "pairwise")
    assert matrix_rows(public, "paths") == [
        ["Anna", "—", "0", "0"],
        ["Boris", "5", "—", "3"],
        ["Vera", "5", "0", "—"],
    ]
    assert "First preferences" in text_of(public)


def test_a_borda_election_and_a_tie_drawn_by_the_poll_s_lot(
    sqlite_service: Smolny, client: TestClient
) -> None:
    # 2 Anna, Boris, Vera; 2 Boris, Anna, Vera: Anna and Boris 6 points each, Vera 0
    rankings = [["Anna", "Boris", "Vera"]] * 2 + [["Boris", "Anna", "Vera"]] * 2
    count = held(sqlite_service, "borda", rankings)
    [tie] = count["tie_breaks"]
    chosen, other = tie["chosen"]["name"], ({"Anna", "Boris"} - {tie["chosen"]["name"]}).pop()
    words = text_of(client.get("/projector").text)
    assert "The Borda count" in words and "Borda count: n−1, n−2, …, 0 points by rank" in words
    assert "candidates left unranked share the points of the ranks left unused" in words
    # by place: the lot's choice first, then the other at 6, then Vera at 0
    assert f"1 {chosen} elected 2 2 0 0 6" in words
    assert f"2 {other} 2 2 0 0 6" in words and "3 Vera 0 0 4 0 0" in words
    assert f"Tie for place 1 between Anna, Boris: {chosen}, decided by lot." in words
    assert f"Elected: {chosen}" in words


def test_the_chair_s_console_offers_the_countings_and_shows_the_last_result(
    sqlite_service: Smolny, client: TestClient
) -> None:
    rankings = [["Anna"]] * 4 + [["Boris", "Vera"]] * 3 + [["Vera", "Boris"]] * 2
    held(sqlite_service, "schulze:margins", rankings)
    login = {"username": "chair", "password": CHAIR_PASSWORD}
    assert client.post("/api/v1/login", json=login).status_code == 200
    session = next(iter(sqlite_service.state.sessions))
    page = client.get(f"/chair/sessions/{session}").text
    for counting in ("schulze", "schulze:margins", "borda", "borda:dowdall", "borda:modified"):
        assert f'<option value="{counting}">' in page
    last = page.split('id="last-result"', 1)[1].split("</details>", 1)[0]
    assert "Elected:" in last and "Boris" in last.split("Elected:", 1)[1].split("</p>", 1)[0]
    assert "defeats measured by margins" in text_of(last)
    assert matrix_rows(last, "paths")[1] == ["Boris", "1", "—", "1"]  # margins: 5 - 4, 3 - 2


def test_the_sheet_of_an_order_in_russian(sqlite_service: Smolny, client: TestClient) -> None:
    held(sqlite_service, "borda:dowdall", [["Anna", "Vera"], ["Vera"], ["Boris", "Anna"]])
    page = client.get("/projector", headers={"accept-language": "ru"}).text
    assert "Подсчёт по Борда" in page and "Очки" in page


def test_order_sheet_reads_a_recorded_schulze_count() -> None:
    count = {
        "method": "schulze",
        "variant": "margins",
        "seats": 1,
        "valid_votes": 3,
        "candidates": [{"number": 1, "name": "A"}, {"number": 2, "name": "B"}],
        "pairwise": {"1": {"2": 2}, "2": {"1": 1}},
        "strongest_paths": {"1": {"2": 1}, "2": {"1": 0}},
        "condorcet_winner": {"number": 1, "name": "A"},
        "ranking": [
            {
                "place": 1,
                "candidates": [{"number": 1, "name": "A"}],
                "tied": False,
                "tie_break": None,
            },
            {
                "place": 2,
                "candidates": [{"number": 2, "name": "B"}],
                "tied": False,
                "tie_break": None,
            },
        ],
        "elected": [{"number": 1, "name": "A"}],
        "lot": None,
    }
    sheet = order_sheet(count)
    assert sheet["condorcet"] == "A" and sheet["head"] == ["A", "B"]
    assert [[cell["value"] for cell in row["cells"]] for row in sheet["paths"]] == [
        [None, 1],
        [0, None],
    ]
    assert [row["elected"] for row in sheet["pairwise"]] == [True, False]
