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

from smolny.counting import apportionment, scottish, thresholds
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
