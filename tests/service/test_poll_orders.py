"""Ranked polls counted by the Schulze method and the Borda count, through the service, on
SQLite and PostgreSQL: the outcome the close records (the pairwise matrix and strongest
paths, or the points), ties drawn by the poll's seeded lot and recorded, the countings a
poll may name, and `smolny verify` recomputing each with its own code.

Every figure below was worked by hand.
"""

from __future__ import annotations

import random

from smolny.domain import commands as c
from smolny.domain.errors import Invalid
from smolny.service.app import Smolny

from .test_poll_kinds import closed, election, refused, seed_of, setup, verified, votes

# 9 papers over A, B, C: 4 name A alone, 3 rank B then C, 2 rank C then B. A paper ranks
# the candidates it names above those it leaves out: B is preferred to A by 5 papers to 4
# and to C by 3 to 2, so B beats both (a Condorcet winner); C beats A by 5 to 4.
TRUNCATED = [["A"]] * 4 + [["B", "C"]] * 3 + [["C", "B"]] * 2


def cast_all(service: Smolny, poll: str, ids: list[str], rankings: list[list[str]]) -> None:
    votes(service, poll, {d: {"ranking": r} for d, r in zip(ids, rankings, strict=True)})


def names(people: list[dict[str, object]]) -> list[object]:
    return [p["name"] for p in people]


def test_a_schulze_poll_records_the_matrix_the_paths_and_the_order(
    service: Smolny, database_url: str
) -> None:
    session, ids = setup(service, 9)
    poll = election(service, session, "ranked", "ABC", seats=2, counting="schulze")
    cast_all(service, poll, ids, TRUNCATED)
    result = closed(service, poll)
    assert result["heads"] == {"A": 4, "B": 3, "C": 2, "abstain": 0}  # first preferences
    outcome = result["outcome"]
    assert (outcome["method"], outcome["seed"]) == (
        "schulze",
        seed_of(poll, result["box"]["digest"]),
    )
    count = outcome["count"]
    assert (count["method"], count["variant"], count["seats"]) == ("schulze", "winning-votes", 2)
    assert count["pairwise"] == {
        "1": {"2": 4, "3": 4},
        "2": {"1": 5, "3": 3},
        "3": {"1": 5, "2": 2},
    }
    # links B->A 5, B->C 3, C->A 5; the strongest path from B to A is direct (5), and
    # nothing leads out of A
    assert count["strongest_paths"] == {
        "1": {"2": 0, "3": 0},
        "2": {"1": 5, "3": 3},
        "3": {"1": 5, "2": 0},
    }
    assert count["condorcet_winner"] == {"number": 2, "name": "B"}
    assert [names(p["candidates"]) for p in count["ranking"]] == [["B"], ["C"], ["A"]]
    assert names(count["elected"]) == ["B", "C"] and count["tie_breaks"] == []
    verified(database_url, 1)


def test_a_schulze_cycle_in_a_poll_goes_to_its_seeded_lot_recorded(
    service: Smolny, database_url: str
) -> None:
    session, ids = setup(service, 3)
    poll = election(service, session, "ranked", "ABC", counting="schulze:margins")
    # A > B > C, B > C > A, C > A > B: each beats the next by 2 to 1, a cycle of equal
    # strength that no path settles
    cast_all(service, poll, ids, [["A", "B", "C"], ["B", "C", "A"], ["C", "A", "B"]])
    result = closed(service, poll)
    count = result["outcome"]["count"]
    assert count["variant"] == "margins" and count["condorcet_winner"] is None
    assert count["strongest_paths"] == {
        "1": {"2": 1, "3": 1},
        "2": {"1": 1, "3": 1},
        "3": {"1": 1, "2": 1},
    }
    # docs/record-format.md 7.6: random.Random(seed).choice over the tied numbers, sorted
    seed = seed_of(poll, result["box"]["digest"])
    drawn = random.Random(seed).choice([1, 2, 3])
    [tie] = count["tie_breaks"]
    assert [t["number"] for t in tie["tied"]] == [1, 2, 3]
    assert (tie["chosen"]["number"], tie["decided_by"]) == (drawn, "lot")
    assert count["ranking"][0]["tie_break"] == tie
    assert [e["number"] for e in count["elected"]] == [drawn]
    # below the one seat the other two stay level, shown as a shared second place
    assert count["ranking"][1]["tied"] is True and count["ranking"][1]["place"] == 2
    verified(database_url, 1)


def test_borda_polls_by_each_scoring_and_each_rule_for_the_unranked(
    service: Smolny, database_url: str
) -> None:
    session, ids = setup(service, 9)
    complete = [["A", "B", "C"]] * 5 + [["B", "C", "A"]] * 4
    scores = {}
    for counting in ("borda", "borda:dowdall"):
        poll = election(service, session, "ranked", "ABC", counting=counting)
        cast_all(service, poll, ids, complete)
        count = closed(service, poll)["outcome"]["count"]
        scores[counting] = {p["name"]: p["score"] for p in count["candidates"]}
        assert names(count["elected"]) == ["B"]  # A has most first preferences, B most points
    # points 2, 1, 0: A 5 x 2 = 10, B 5 + 4 x 2 = 13, C 4; Dowdall 1, 1/2, 1/3:
    # A 5 + 4/3 = 19/3, B 5/2 + 4 = 6.5, C 5/3 + 2 = 11/3
    assert scores["borda"] == {"A": "10", "B": "13", "C": "4"}
    assert scores["borda:dowdall"] == {"A": "19/3", "B": "6.5", "C": "11/3"}

    # 5 name A alone, 4 rank B then C: what the unranked score decides it
    truncated = [["A"]] * 5 + [["B", "C"]] * 4
    elected = {}
    for counting in ("borda", "borda:zero", "borda:modified"):
        poll = election(service, session, "ranked", "ABC", counting=counting)
        cast_all(service, poll, ids, truncated)
        count = closed(service, poll)["outcome"]["count"]
        elected[counting] = names(count["elected"])
        scores[counting] = {p["name"]: p["score"] for p in count["candidates"]}
    # average: a paper naming A alone shares ranks 2 and 3 (1 + 0) between B and C, 1/2 each
    assert scores["borda"] == {"A": "10", "B": "10.5", "C": "6.5"}
    assert scores["borda:zero"] == {"A": "10", "B": "8", "C": "4"}
    # modified: a paper ranking m gives m, ..., 1: A 5 x 1, B 4 x 2, C 4 x 1
    assert scores["borda:modified"] == {"A": "5", "B": "8", "C": "4"}
    assert elected == {"borda": ["B"], "borda:zero": ["A"], "borda:modified": ["B"]}
    verified(database_url, 5)


def test_what_a_ranked_poll_may_be_counted_by(service: Smolny) -> None:
    session, _ = setup(service)

    def opening(options: tuple[str, ...], counting: str) -> c.OpenPoll:
        return c.OpenPoll(
            session=session, title="E", question="ranked", options=options, counting=counting
        )

    for wrong in ("borda:margins", "schulze:dowdall", "condorcet", "borda:dowdall,zero"):
        refusal = refused(service, "counting", service.execute, opening(("A", "B"), wrong))
        assert isinstance(refusal, Invalid) and "schulze:margins" in refusal.message
    many = tuple(f"C{i}" for i in range(101))
    refusal = refused(service, "options", service.execute, opening(many, "schulze"))
    assert "schulze ranks at most 100 candidates" in refusal.message
    assert election(service, session, "ranked", many[:100], counting="schulze")
    assert election(service, session, "ranked", many, counting="borda")


def test_a_poll_whose_count_could_pass_a_bound_is_refused_at_its_opening(service: Smolny) -> None:
    # the count at the close must never be refused: the bounds are checked at the opening,
    # with one paper a voter of the register (issue 16, item 3)
    session, _ = setup(service)
    many = tuple(f"C{i}" for i in range(101))

    def opening(question: str, options: tuple[str, ...], **kw: object) -> c.OpenPoll:
        return c.OpenPoll(
            session=session,
            title="E",
            question=question,
            options=options,
            **kw,  # type: ignore[arg-type]
        )

    refusal = refused(
        service, "max-meek-candidates", service.execute, opening("ranked", many, counting="meek")
    )
    assert "(100)" in refusal.message
    refusal = refused(
        service,
        "max-work-divisor",
        service.execute,
        opening("list", many, seats=100_000, counting="dhondt"),
    )
    assert "600,000" in refusal.message
    assert election(service, session, "list", many, seats=1000, counting="hare")


def test_the_lot_is_seeded_at_the_close_from_the_box_and_redrawn_by_the_verifier(
    service: Smolny, database_url: str
) -> None:
    # issue 16, item 11b: the seed is the box's digest, which every ballot's hash (with its
    # random nonce) enters: the same answers in two polls give two seeds, so nobody knows the
    # lot before the box is closed; the seed is recorded and the verifier draws it again
    from .test_poll_kinds import fails_naming, rechain, votes

    session, ids = setup(service, 4)
    seeds = []
    for _ in range(2):
        poll = election(service, session, "choice", ("Lenin", "Martov"), threshold="plurality")
        votes(service, poll, {ids[0]: {"choice": "Lenin"}, ids[1]: {"choice": "Martov"}})
        result = closed(service, poll)
        seed = seed_of(poll, result["box"]["digest"])
        assert result["outcome"]["tie_breaks"][0]["seed"] == seed
        seeds.append(seed)
    assert seeds[0] != seeds[1]
    verified(database_url, 2)

    def forge(seq: int, kind: str, data: dict) -> dict | None:  # type: ignore[type-arg]
        if kind != "poll.closed" or data["poll"] != poll:
            return None
        outcome = dict(data["outcome"])
        outcome["tie_breaks"] = [{**outcome["tie_breaks"][0], "seed": seeds[0]}]
        return {**data, "outcome": outcome}

    rechain(service, forge)
    fails_naming(database_url, poll)
