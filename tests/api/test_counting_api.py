"""Counting over HTTP: the same exact counts as the command line, and 422 for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_thin_path import assert_problem

# Wikipedia's STV example (the "food election"): 3 seats, Droop quota 6.
FOOD = """6 3
4 1 0
2 2 1 0
8 3 4 0
4 4 5 0
1 5 0
1 6 0
0
"Oranges"
"Pears"
"Chocolate"
"Strawberries"
"Hamburgers"
"Sweets"
"Food"
"""


@pytest.fixture
def api(sqlite_service):  # counting touches no database: one backend is enough
    from smolny.web.app import create_app

    with TestClient(create_app(sqlite_service)) as client:
        yield client


CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "scottish-stv"


def test_an_stv_count_with_its_stages_and_the_lot_it_needs(api: TestClient) -> None:
    # Hamburgers and Sweets tie at one vote at every stage: only a lot can exclude one
    body = assert_problem(api.post("/api/v1/count", json={"blt": FOOD}), 422, "lot-required")
    assert "Hamburgers (5), Sweets (6)" in body["detail"]
    r = api.post("/api/v1/count", json={"method": "scottish-stv", "blt": FOOD, "lot_order": [6, 5]})
    assert r.status_code == 200, r.text
    result = r.json()
    assert sorted(e["name"] for e in result["elected"]) == ["Chocolate", "Oranges", "Strawberries"]
    assert result["quota"] in (6, "6", "6.00000")
    assert len(result["stages"]) >= 3


def test_the_same_count_as_the_command_line_on_a_real_election(api: TestClient) -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"the Scottish elections are not at {CORPUS}")
    import json
    import subprocess
    import sys

    path = sorted((CORPUS / "5_cands").glob("*.blt"))[0]
    cli = subprocess.run(
        [sys.executable, "-m", "smolny", "count", str(path), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    over_http = api.post("/api/v1/count", json={"blt": path.read_text(encoding="utf-8-sig")}).json()
    assert over_http["elected"] == json.loads(cli.stdout)["elected"]


def test_bad_ballot_files_are_422_naming_the_line(api: TestClient) -> None:
    repeated = FOOD.replace("8 3 4 0", "8 3 3 0")
    body = assert_problem(api.post("/api/v1/count", json={"blt": repeated}), 422, "blt")
    assert "line 4" in body["detail"] and body["field"] == "blt"
    unknown = FOOD.replace("1 6 0", "1 9 0")
    assert (
        "line 7"
        in assert_problem(api.post("/api/v1/count", json={"blt": unknown}), 422, "blt")["detail"]
    )
    assert_problem(
        api.post("/api/v1/count", json={"blt": FOOD, "seats": 7, "seed": 1}), 422, "count"
    )
    assert_problem(
        api.post("/api/v1/count", json={"blt": FOOD, "method": "copeland"}), 422, "invalid-input"
    )


def test_apportionment_over_http(api: TestClient) -> None:
    r = api.post(
        "/api/v1/apportion",
        json={
            "method": "dhondt",
            "seats": 7,
            "votes": {"A": 100000, "B": 80000, "C": 30000, "D": 20000},
        },
    )
    assert r.status_code == 200, r.text
    assert r.json()["seats"] == {"A": 3, "B": 3, "C": 1, "D": 0}
    assert_problem(
        api.post("/api/v1/apportion", json={"method": "dhondt", "seats": 7, "votes": {"A": -1}}),
        422,
        "invalid-input",
    )
    assert_problem(
        api.post("/api/v1/apportion", json={"method": "cube", "seats": 7, "votes": {"A": 1}}),
        422,
        "invalid-input",
    )
    body = assert_problem(
        api.post(
            "/api/v1/apportion",
            json={"method": "hare", "seats": 2, "votes": {"A": 1, "B": 1}, "declined": ["A", "B"]},
        ),
        422,
        "apportionment",
    )
    assert body["field"] == "votes"


# A > B > C, B > C > A, C > A > B: a cycle of equal strength; and 5 A > B > C, 4 B > C > A.
CYCLE = '3 1\n1 1 2 3 0\n1 2 3 1 0\n1 3 1 2 0\n0\n"Ada"\n"Bo"\n"Cy"\n"Cycle"\n'
POINTS = '3 1\n5 1 2 3 0\n4 2 3 1 0\n0\n"Ada"\n"Bo"\n"Cy"\n"Points"\n'


def test_schulze_and_borda_over_http_with_their_options(api: TestClient) -> None:
    r = api.post("/api/v1/count", json={"method": "schulze", "blt": POINTS})
    assert r.status_code == 200, r.text
    result = r.json()
    assert result["pairwise"]["1"] == {"2": 5, "3": 5} and result["elected"][0]["name"] == "Ada"
    assert result["strongest_paths"]["1"] == {"2": 5, "3": 5}
    r = api.post(
        "/api/v1/count",
        json={"method": "schulze", "blt": POINTS, "options": {"variant": "margins"}},
    )
    assert r.json()["strongest_paths"]["1"] == {"2": 1, "3": 1}
    r = api.post(
        "/api/v1/count",
        json={"method": "borda", "blt": POINTS, "options": {"scoring": "dowdall"}},
    )
    assert [c["score"] for c in r.json()["candidates"]] == ["19/3", "6.5", "11/3"]


def test_a_schulze_cycle_with_no_tie_break_is_a_problem_naming_the_rule(api: TestClient) -> None:
    body = assert_problem(
        api.post("/api/v1/count", json={"method": "schulze", "blt": CYCLE}), 422, "schulze-tie"
    )
    assert "Ada (1), Bo (2), Cy (3) are tied for first place" in body["detail"]
    assert "cycle" in body["detail"] and body["field"] == "lot_order"
    r = api.post("/api/v1/count", json={"method": "schulze", "blt": CYCLE, "seed": 3})
    assert r.status_code == 200 and r.json()["tie_breaks"][0]["decided_by"] == "lot"
    assert_problem(
        api.post("/api/v1/count", json={"method": "borda", "blt": CYCLE}), 422, "borda-tie"
    )


def test_options_a_method_does_not_take_are_422(api: TestClient) -> None:
    body = assert_problem(
        api.post(
            "/api/v1/count",
            json={"method": "borda", "blt": POINTS, "options": {"variant": "margins"}},
        ),
        422,
        "option",
    )
    assert body["field"] == "options.variant" and "scoring, unranked, tie_rule" in body["detail"]
    body = assert_problem(
        api.post(
            "/api/v1/count",
            json={"method": "borda", "blt": POINTS, "options": {"scoring": "range"}},
        ),
        422,
        "option",
    )
    assert "choose one of borda, dowdall, modified" in body["detail"]
    assert_problem(
        api.post("/api/v1/count", json={"blt": POINTS, "options": {"colour": "red"}}),
        422,
        "invalid-input",
    )
