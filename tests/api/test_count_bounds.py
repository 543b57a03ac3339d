"""The public counts are bounded (issue 16, item 3): past a bound of `counting.bounds`, a 422
naming the bound and its value, never a 500; the bounded worst case is counted off the event
loop, so another client is served meanwhile."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from fastapi.testclient import TestClient
from test_thin_path import assert_problem

from smolny.counting import bounds


@pytest.fixture
def app(sqlite_service):  # counting touches no database: one backend is enough
    from smolny.web.app import create_app

    return create_app(sqlite_service)


@pytest.fixture
def api(app):
    with TestClient(app) as client:
        yield client


def _blt(weight: str, candidates: int = 3) -> str:
    names = "\n".join(f'"c{i}"' for i in range(1, candidates + 1))
    return f'{candidates} 1\n{weight} 1 2 0\n1 2 1 0\n0\n{names}\n"t"\n'


@pytest.mark.parametrize("power", [300, 4000])
def test_huge_votes_are_422_naming_the_digits_bound(api: TestClient, power: int) -> None:
    body = {"method": "huntington-hill", "seats": 100_000, "votes": {"a": 10**power, "b": 3}}
    problem = assert_problem(api.post("/api/v1/apportion", json=body), 422, "max-digits")
    assert f"({bounds.MAX_DIGITS})" in problem["detail"]
    assert problem["errors"] == [{"bound": "max-digits", "limit": 24, "given": power + 1}]


def test_the_seats_of_a_divisor_method_are_bounded_by_its_work(api: TestClient) -> None:
    body = {"method": "huntington-hill", "seats": 100_000, "votes": {"a": 10**20, "b": 3}}
    problem = assert_problem(api.post("/api/v1/apportion", json=body), 422, "max-work-divisor")
    assert "600,000" in problem["detail"]
    # a largest remainder shares as many seats at once
    body["method"] = "hare"
    assert api.post("/api/v1/apportion", json=body).status_code == 200


@pytest.mark.parametrize("method", ["scottish-stv", "meek", "irv", "schulze", "borda"])
def test_a_5000_digit_weight_is_422_naming_the_bound(api: TestClient, method: str) -> None:
    body = {"method": method, "blt": _blt("1" + "0" * 4999)}
    problem = assert_problem(api.post("/api/v1/count", json=body), 422, "max-digits")
    assert "blt, line 2" in problem["detail"] and "5,000" in problem["detail"]


def test_candidates_and_the_work_of_a_count_are_bounded(api: TestClient) -> None:
    many = bounds.MAX_CANDIDATES + 1
    problem = assert_problem(
        api.post("/api/v1/count", json={"blt": _blt("1", many)}), 422, "max-candidates"
    )
    assert f"{many:,}" in problem["detail"]
    # Meek with 101 candidates; Borda with 500 candidates and 501 distinct papers
    assert_problem(
        api.post("/api/v1/count", json={"method": "meek", "blt": _blt("1", 101)}),
        422,
        "max-meek-candidates",
    )
    lines = [f"1 {i} {i + 1} 0" for i in range(1, 500)] + ["1 500 1 0", "1 1 3 0"]
    text = "500 1\n" + "\n".join(lines) + "\n0\n" + "".join(f'"c{i}"\n' for i in range(500))
    problem = assert_problem(
        api.post("/api/v1/count", json={"method": "borda", "blt": text + '"t"\n'}),
        422,
        "max-work-borda",
    )
    assert "250,000" in problem["detail"]


def test_a_bounded_worst_case_answers_while_another_client_is_served() -> None:
    asyncio.run(_worst_case_beside_another())


async def _worst_case_beside_another() -> None:
    from smolny.service.app import Smolny
    from smolny.web.app import create_app

    # the most seats D'Hondt may share between two lists: about a second of counting
    seats = bounds.MAX_WORK["divisor"] // (2 + 16)
    heavy_body = {"method": "dhondt", "seats": seats, "votes": {"a": 10**23, "b": 10**22 + 7}}
    light_body = {"method": "dhondt", "seats": 5, "votes": {"a": 100, "b": 50}}
    service = Smolny.in_memory()
    transport = httpx.ASGITransport(app=create_app(service))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        heavy = asyncio.create_task(client.post("/api/v1/apportion", json=heavy_body))
        await asyncio.sleep(0)  # the heavy request is in flight
        served = 0
        while not heavy.done():
            light = await asyncio.wait_for(
                client.post("/api/v1/apportion", json=light_body), timeout=60
            )
            assert light.status_code == 200
            served += int(not heavy.done())
        answer = await heavy
    assert answer.status_code == 200, answer.text
    assert sum(answer.json()["seats"].values()) == seats
    assert served >= 1  # another client answered while the long count ran


def test_numbers_too_long_for_python_to_read_are_a_problem_never_a_500(api: TestClient) -> None:
    # past 4,300 digits the JSON parser itself refuses the number: the body is unreadable
    for body in (
        '{"method":"dhondt","seats":5,"votes":{"a":1' + "0" * 5000 + ',"b":3}}',
        '{"method":"dhondt","seats":1' + "0" * 5000 + ',"votes":{"a":1}}',
    ):
        r = api.post(
            "/api/v1/apportion", content=body, headers={"content-type": "application/json"}
        )
        assert r.status_code in (400, 422), r.text
        assert r.headers["content-type"].startswith("application/problem+json")
