"""The verifier shares nothing with the code it audits but the record's format: when the
writer's counting goes wrong, the record it writes still chains, and `smolny verify`
recounts it with its own code and names the poll or decision it got wrong.

Each test breaks one piece of the writer's arithmetic for one close (a threshold's base,
a D'Hondt divisor, the Scottish quota), or forges an outcome and rebuilds the chain around
it, on SQLite and PostgreSQL; and the verifier agrees with the writer when nothing is
broken.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from smolny.counting import apportionment, borda, schulze, scottish, thresholds
from smolny.domain import commands as c
from smolny.service.app import Smolny

from .test_poll_kinds import (
    closed,
    election,
    fails_naming,
    motion_poll,
    rechain,
    run_verify,
    setup,
    verified,
    votes,
)

YES, NO, ABSTAIN = {"choice": "yes"}, {"choice": "no"}, {"choice": "abstain"}


def fails_at_entry(url: str, seq: int, *words: str) -> str:
    code, output = run_verify(url)
    assert code == 1 and output.startswith("FAILED:"), output
    assert f"entry {seq}:" in output, output
    for word in words:
        assert word in output, output
    return output


# -- a yes/no poll ---------------------------------------------------------------------------


def test_a_decision_the_writer_took_on_the_wrong_base_is_caught(
    service: Smolny, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    session, ids = setup(service, 7)
    _, poll = motion_poll(service, session, ids)
    # 3 for, 2 against, 2 abstaining: a majority of the votes cast (3 of 5) carries it
    votes(service, poll, {ids[0]: YES, ids[1]: YES, ids[2]: YES, ids[3]: NO, ids[4]: NO})
    votes(service, poll, {ids[5]: ABSTAIN, ids[6]: ABSTAIN})
    # the writer's bug: abstentions counted into the votes cast
    wrong = thresholds.Tally.base

    def counts_abstentions(self: thresholds.Tally, basis: thresholds.Basis) -> Any:
        if basis is thresholds.Basis.VOTES_CAST:
            return self.yes + self.no + self.abstain
        return wrong(self, basis)

    monkeypatch.setattr(thresholds.Tally, "base", counts_abstentions)
    decision = service.ballots.close_poll(poll)[1]
    monkeypatch.undo()
    assert decision.kind == "motion.rejected" and decision.data["base"] == 7  # 3 of 7: lost
    # the chain holds, the box and its count are right: the arithmetic of the decision is not
    fails_at_entry(database_url, decision.seq, "records base, required", "gives [5, 3,")


def test_a_decision_whose_figures_were_forged_is_caught(service: Smolny, database_url: str) -> None:
    session, ids = setup(service, 5)
    _, poll = motion_poll(service, session, ids, method="show-of-hands")
    service.execute(c.EnterCount(poll, {"yes": 2, "no": 3}))
    decision = service.ballots.close_poll(poll)[1]
    assert decision.kind == "motion.rejected"
    verified(database_url)

    # the figures made to say that 2 votes of 5 would have carried it
    def lower_bar(seq: int, kind: str, data: dict[str, Any]) -> dict[str, Any] | None:
        return {**data, "required": 2} if seq == decision.seq else None

    rechain(service, lower_bar)
    fails_at_entry(database_url, decision.seq, "its threshold majority gives")


# -- a list election -------------------------------------------------------------------------


def test_a_list_election_the_writer_apportioned_wrongly_is_caught(
    service: Smolny, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    session, ids = setup(service, 10)
    poll = election(service, session, "list", "XYZ", seats=3, counting="dhondt")
    answers = ["X"] * 7 + ["Y"] * 2 + ["Z"]
    votes(service, poll, {d: {"choice": a} for d, a in zip(ids, answers, strict=True)})
    # the writer's bug: D'Hondt counted with Sainte-Laguë's divisors (1, 3, 5, ...)
    monkeypatch.setattr(
        apportionment.DHONDT, "_divisor_squared", lambda held: Fraction((2 * held + 1) ** 2)
    )
    result = closed(service, poll)
    monkeypatch.undo()
    written = result["outcome"]["apportionment"]
    assert written["method"] == "dhondt" and written["seats"] == {"X": 2, "Y": 1, "Z": 0}
    # D'Hondt gives 7, 2, 1 votes 3 seats: X's 7, 3.5 and 2.33 all beat Y's 2: X 3
    fails_naming(database_url, poll, "outcome differs", "apportionment")


def test_a_forged_list_apportionment_is_caught(service: Smolny, database_url: str) -> None:
    session, ids = setup(service, 10)
    poll = election(service, session, "list", "XYZ", seats=5, counting="hare")
    answers = ["X"] * 5 + ["Y"] * 3 + ["Z"] * 2
    votes(service, poll, {d: {"choice": a} for d, a in zip(ids, answers, strict=True)})
    assert closed(service, poll)["outcome"]["apportionment"]["seats"] == {"X": 3, "Y": 1, "Z": 1}
    verified(database_url, 1)

    def one_more_for_y(seq: int, kind: str, data: dict[str, Any]) -> dict[str, Any] | None:
        if kind == "poll.closed" and data["poll"] == poll:
            shared = data["outcome"]["apportionment"]
            seats = {**shared["seats"], "X": 2, "Y": 2}
            return {
                **data,
                "outcome": {**data["outcome"], "apportionment": {**shared, "seats": seats}},
            }
        return None

    rechain(service, one_more_for_y)
    fails_naming(database_url, poll, "outcome differs", "apportionment.seats.X")


# -- an STV election -------------------------------------------------------------------------


def stv_election(service: Smolny) -> tuple[str, list[str]]:
    session, ids = setup(service, 11)
    poll = election(service, session, "ranked", "ABC", seats=2)
    # 11 papers, 2 seats: quota 11 // 3 + 1 = 4; A's surplus of 4 elects B (see
    # test_poll_kinds.test_ranked_by_stv_and_by_instant_runoff)
    votes(
        service,
        poll,
        {d: {"ranking": ["A", "B"]} for d in ids[:8]} | {d: {"ranking": ["C"]} for d in ids[8:]},
    )
    return poll, ids


def test_an_stv_count_the_writer_got_wrong_is_caught(
    service: Smolny, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    poll, _ = stv_election(service)
    # the writer's bug: the Droop quota without its + 1 (valid / (seats + 1), rounded down)
    monkeypatch.setattr(scottish, "quota", lambda valid, seats: valid // (seats + 1))
    result = closed(service, poll)
    monkeypatch.undo()
    count = result["outcome"]["count"]
    # with a quota of 3, C's 3 first preferences elect C at the first stage, not B
    assert count["quota"] == 3 and [e["name"] for e in count["elected"]] == ["A", "C"]
    fails_naming(database_url, poll, "outcome differs", "count.elected[1]")


def test_a_forged_stv_result_is_caught(service: Smolny, database_url: str) -> None:
    poll, _ = stv_election(service)
    count = closed(service, poll)["outcome"]["count"]
    assert [e["name"] for e in count["elected"]] == ["A", "B"]
    verified(database_url, 1)

    # C declared elected instead of B, in the result and in the last stage alike
    def c_elected(seq: int, kind: str, data: dict[str, Any]) -> dict[str, Any] | None:
        if kind != "poll.closed" or data["poll"] != poll:
            return None
        forged = dict(data["outcome"]["count"])
        forged["elected"] = [forged["elected"][0], {"number": 3, "name": "C"}]
        last = dict(forged["stages"][-1])
        last["elected"] = [{"number": 3, "name": "C", "reason": "reached the quota (rule 47)"}]
        forged["stages"] = [*forged["stages"][:-1], last]
        return {**data, "outcome": {**data["outcome"], "count": forged}}

    rechain(service, c_elected)
    fails_naming(database_url, poll, "outcome differs", "count.elected")


# -- a Schulze and a Borda election ---------------------------------------------------------


def ordered_election(service: Smolny, counting: str, rankings: list[list[str]]) -> str:
    session, ids = setup(service, len(rankings))
    poll = election(service, session, "ranked", "ABC", counting=counting)
    votes(service, poll, {d: {"ranking": r} for d, r in zip(ids, rankings, strict=True)})
    return poll


# 4 name A alone, 3 rank B then C, 2 rank C then B: B is preferred to A by 5 papers to 4
# (a paper ranks the named above the rest) and to C by 3 to 2, so B wins
TRUNCATED = [["A"]] * 4 + [["B", "C"]] * 3 + [["C", "B"]] * 2


def test_a_schulze_count_the_writer_got_wrong_is_caught(
    service: Smolny, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    poll = ordered_election(service, "schulze", TRUNCATED)
    right = schulze.pairwise_matrix

    def only_between_the_named(election: Any) -> Any:
        # the writer's bug: a paper says nothing about the candidates it leaves out
        d, valid, empty = right(election)
        for a, row in d.items():
            for b in row:
                row[b] = sum(
                    bal.weight
                    for bal in election.ballots
                    if a in bal.preferences
                    and b in bal.preferences
                    and bal.preferences.index(a) < bal.preferences.index(b)
                )
        return d, valid, empty

    monkeypatch.setattr(schulze, "pairwise_matrix", only_between_the_named)
    count = closed(service, poll)["outcome"]["count"]
    monkeypatch.undo()
    # A, named alone, is now beaten by nobody, level with B: a lot decides
    assert count["pairwise"]["2"]["1"] == 0 and count["condorcet_winner"] is None
    fails_naming(database_url, poll, "outcome differs", "count.condorcet_winner")


def test_a_forged_schulze_result_is_caught(service: Smolny, database_url: str) -> None:
    poll = ordered_election(service, "schulze", TRUNCATED)
    count = closed(service, poll)["outcome"]["count"]
    assert [e["name"] for e in count["elected"]] == ["B"]
    verified(database_url, 1)

    # C declared the winner, first in the order, with B's column of the matrix given to C
    def c_first(seq: int, kind: str, data: dict[str, Any]) -> dict[str, Any] | None:
        if kind != "poll.closed" or data["poll"] != poll:
            return None
        forged = dict(data["outcome"]["count"])
        b, c_ = {"number": 2, "name": "B"}, {"number": 3, "name": "C"}
        forged["elected"] = [c_]
        forged["condorcet_winner"] = c_
        forged["potential_winners"] = [c_]
        ranking = [dict(p) for p in forged["ranking"]]
        ranking[0]["candidates"], ranking[1]["candidates"] = [c_], [b]
        forged["ranking"] = ranking
        return {**data, "outcome": {**data["outcome"], "count": forged}}

    rechain(service, c_first)
    fails_naming(database_url, poll, "outcome differs", "count.condorcet_winner")


def test_a_borda_count_the_writer_got_wrong_is_caught(
    service: Smolny, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    poll = ordered_election(service, "borda", [["A", "B", "C"]] * 5 + [["B", "C", "A"]] * 4)
    right = borda.points_per_rank

    def one_too_many(scoring: str, n: int) -> Any:
        # the writer's bug: n, ..., 1 points instead of n - 1, ..., 0
        points = right(scoring, n)
        return points if scoring != borda.BORDA else tuple(p + 1 for p in points)

    monkeypatch.setattr(borda, "points_per_rank", one_too_many)
    count = closed(service, poll)["outcome"]["count"]
    monkeypatch.undo()
    # every score 9 too high: the same winner, B, on the wrong figures
    assert [e["name"] for e in count["elected"]] == ["B"] and count["points"] == ["3", "2", "1"]
    fails_naming(database_url, poll, "outcome differs", "count.candidates[0].score")


def test_a_forged_borda_score_is_caught(service: Smolny, database_url: str) -> None:
    poll = ordered_election(service, "borda:dowdall", [["A", "B", "C"]] * 5 + [["B", "C", "A"]] * 4)
    count = closed(service, poll)["outcome"]["count"]
    # A 5 + 4/3 = 19/3, B 5/2 + 4 = 6.5: B by 1/6 of a point
    assert [p["score"] for p in count["candidates"]] == ["19/3", "6.5", "11/3"]
    verified(database_url, 1)

    # A given 20/3, above B, and the seat, the order and the total made to fit
    def a_ahead(seq: int, kind: str, data: dict[str, Any]) -> dict[str, Any] | None:
        if kind != "poll.closed" or data["poll"] != poll:
            return None
        forged = dict(data["outcome"]["count"])
        candidates = [dict(p) for p in forged["candidates"]]
        candidates[0]["score"] = "20/3"
        forged["candidates"] = candidates
        forged["total_points"] = "101/6"  # 19/3 + 6.5 + 11/3, with 1/3 more for A
        forged["elected"] = [{"number": 1, "name": "A"}]
        ranking = [dict(p) for p in forged["ranking"]]
        ranking[0]["candidates"], ranking[1]["candidates"] = (
            ranking[1]["candidates"],
            ranking[0]["candidates"],
        )
        forged["ranking"] = ranking
        return {**data, "outcome": {**data["outcome"], "count": forged}}

    rechain(service, a_ahead)
    fails_naming(database_url, poll, "outcome differs", "count.candidates[0].score")


# -- agreement -------------------------------------------------------------------------------


def test_the_verifier_agrees_with_the_writer_on_every_kind_of_outcome(
    service: Smolny, database_url: str
) -> None:
    session, ids = setup(service, 9)
    answers = {
        "choice": ["A", "A", "B", "B", "C", "A", "abstain", "B", "A"],
        "list": ["X", "X", "X", "Y", "Y", "Z", "X", "Y", "abstain"],
    }
    for counting in ("dhondt", "sainte-lague", "modified-sainte-lague", "huntington-hill"):
        poll = election(service, session, "list", "XYZ", seats=7, counting=counting)
        votes(service, poll, {d: {"choice": a} for d, a in zip(ids, answers["list"], strict=True)})
        closed(service, poll)
    for counting in ("hare", "droop"):
        poll = election(service, session, "list", "XYZ", seats=4, counting=counting)
        votes(service, poll, {d: {"choice": a} for d, a in zip(ids, answers["list"], strict=True)})
        closed(service, poll)
    poll = election(service, session, "choice", "ABC", threshold="plurality")
    votes(service, poll, {d: {"choice": a} for d, a in zip(ids, answers["choice"], strict=True)})
    closed(service, poll)
    poll = election(service, session, "multiple", "ABCD", seats=2)
    votes(
        service, poll, {d: {"choices": ["A", "C"] if i % 2 else ["B"]} for i, d in enumerate(ids)}
    )
    closed(service, poll)
    rankings = [["A", "B", "C"], ["B", "C"], ["C", "A"], ["A", "C"], ["B"], ["C", "B", "A"]]
    for counting, seats in (("scottish-stv", 2), ("meek", 2), ("irv", 1)):
        poll = election(service, session, "ranked", "ABC", seats=seats, counting=counting)
        votes(
            service,
            poll,
            {d: {"ranking": rankings[i % len(rankings)]} for i, d in enumerate(ids)},
        )
        closed(service, poll)
    code, output = run_verify(database_url)
    assert code == 0 and output.startswith("OK:"), output
    assert "11 outcomes and apportionments recomputed" in output, output
