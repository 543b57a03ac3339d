"""STV counts: hand-worked examples, tie-breaks, lots, and properties over random elections.

Hand-worked figures below were computed on paper from the rules cited beside them
(SSI 2007/42, Schedule 1) and are not outputs of this code.
"""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smolny.counting.blt import read_blt
from smolny.counting.irv import count_irv
from smolny.counting.meek import count_meek
from smolny.counting.scottish import count_scottish, quota, transfer_value
from smolny.counting.stv import (
    Ballot,
    Candidate,
    CountError,
    Election,
    Lot,
    LotRequired,
)
from smolny.counting.trace import EXCLUSION, SURPLUS, Result, exact, to_json


def blt(seats: int, names: str, *ballots: str) -> Election:
    """A small election: `ballots` as 'weight pref pref ...' lines."""
    lines = [f"{len(names)} {seats}", *(f"{b} 0" for b in ballots), "0", *names, "T"]
    return read_blt("\n".join(lines), "test.blt")


def votes(result: Result, stage: int) -> dict[int, str]:
    return {c: exact(v) for c, v in result.stages[stage - 1].votes.items()}


def conserved(result: Result) -> None:
    """Votes + non-transferable + truncation loss = valid votes, at the end of every stage."""
    for stage in result.stages:
        total = sum(stage.votes.values(), Fraction(0))
        total += stage.non_transferable_total + stage.truncation_loss_total
        assert total == result.valid_votes, f"stage {stage.number}"


# --- rules 46 and 48(3) ------------------------------------------------------------


def test_quota_is_the_integer_droop_quota_of_rule_46() -> None:
    assert quota(6456, 4) == 1292  # 6456 / 5 = 1291.2 -> 1291, + 1
    assert quota(20, 3) == 6  # exactly 5 -> 5, + 1
    assert quota(0, 1) == 1


def test_transfer_value_is_truncated_to_five_places_never_rounded() -> None:
    # 968 / 2260 = 0.428318...: five places, remainder ignored -> 0.42831
    assert transfer_value(968 * 100_000, 100_000, 2260 * 100_000) == 42_831
    # 2 / 3 = 0.666666...: rounding would give 0.66667; the statute gives 0.66666
    assert transfer_value(2 * 100_000, 100_000, 3 * 100_000) == 66_666


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 10**9), st.integers(0, 100_000), st.integers(1, 10**9))
def test_transfer_value_agrees_with_exact_fractions(surplus: int, value: int, extra: int) -> None:
    total = surplus + extra
    exact_value = Fraction(surplus, 100_000) * Fraction(value, 100_000) / Fraction(total, 100_000)
    assert transfer_value(surplus, value, total) == int(exact_value * 100_000)


# --- hand-worked Scottish counts -------------------------------------------------


def test_wikipedia_food_election() -> None:
    # The example in Wikipedia's "Single transferable vote" article (20 voters, 3
    # seats): Chocolate, Oranges and Strawberries are elected. By the Scottish rules:
    # quota floor(20/4)+1 = 6 (rule 46); Chocolate's surplus 6 of 12 goes at 0.5
    # (rule 48); Pears are excluded, giving Oranges the quota; Hamburgers are excluded;
    # Strawberries are then the last continuing candidate for the last seat (rule 52).
    election = blt(
        3,
        ["Oranges", "Pears", "Chocolate", "Strawberries", "Hamburgers"],
        "4 1",
        "2 2 1",
        "8 3 4",
        "4 3 5",
        "1 4",
        "1 5",
    )
    result = count_scottish(election)
    assert result.quota == 6
    assert [election.name(c) for c in result.elected] == ["Chocolate", "Oranges", "Strawberries"]
    assert votes(result, 2) == {1: "4", 2: "2", 3: "6", 4: "5", 5: "3"}
    assert result.stages[1].transfer_values == ((Fraction(1), Fraction(1, 2)),)
    assert [s.action for s in result.stages] == [
        "first-preferences",
        SURPLUS,
        EXCLUSION,
        EXCLUSION,
    ]
    assert [s.subject for s in result.stages] == [None, 3, 2, 5]
    assert votes(result, 4) == {1: "6", 2: "0", 3: "6", 4: "5", 5: "0"}
    assert result.stages[3].non_transferable_total == 3  # 4 x 0.5 + 1
    assert [d.reason for d in result.stages[3].decisions][-1].endswith("(rule 52)")
    conserved(result)


def test_inclusive_gregory_with_values_when_received() -> None:
    # Hand-worked (rules 46-52). 28 papers, 3 seats: quota floor(28/4)+1 = 8.
    # Stage 1: A 14, B 7, C 4, D 3; A elected.
    # Stage 2: A's surplus 6: every paper at 6 x 1 / 14 = 0.428571.. -> 0.42857.
    #   B 7 + 12 x 0.42857 = 12.14284 (elected), C 4 + 2 x 0.42857 = 4.85714,
    #   lost 6 - 14 x 0.42857 = 0.00002.
    # Stage 3: B's surplus 4.14284 of 12.14284, rule 48(3)-(4), by value when received:
    #   papers worth 1 (7 B-D):       4.14284 x 1       / 12.14284 -> 0.34117, to D
    #   papers worth 0.42857 (12 A-B): 4.14284 x 0.42857 / 12.14284 -> 0.14621, no next
    #   D 3 + 7 x 0.34117 = 5.38819; non-transferable 12 x 0.14621 = 1.75452;
    #   lost 4.14284 - 2.38819 - 1.75452 = 0.00013.
    # Stage 4: C excluded (4.85714 < 5.38819); its papers have no next preference.
    #   D is the one continuing candidate for the one vacancy (rule 52).
    election = blt(3, ["A", "B", "C", "D"], "12 1 2", "2 1 3", "7 2 4", "4 3", "3 4")
    result = count_scottish(election)
    assert result.quota == 8
    assert result.elected == (1, 2, 4)
    assert votes(result, 2) == {1: "8", 2: "12.14284", 3: "4.85714", 4: "3"}
    assert exact(result.stages[1].truncation_loss) == "0.00002"
    stage3 = result.stages[2]
    assert stage3.transfer_values == (
        (Fraction("0.42857"), Fraction("0.14621")),
        (Fraction(1), Fraction("0.34117")),
    )
    assert votes(result, 3) == {1: "8", 2: "8", 3: "4.85714", 4: "5.38819"}
    assert exact(stage3.non_transferable) == "1.75452"
    assert exact(stage3.truncation_loss) == "0.00013"
    assert exact(result.stages[3].non_transferable) == "4.85714"
    conserved(result)


def test_papers_skip_candidates_already_elected() -> None:
    # Rule 48(2): a surplus goes to *continuing* candidates. A and B both reach the
    # quota (7) at stage 1; A's papers rank B second but must pass over B to C.
    # Hand count: A's surplus 3 at 3/10 = 0.3 -> C 3 + 10 x 0.3 = 6; B's surplus 2 is
    # non-transferable; D (5) is then excluded and C fills the last seat (rule 52).
    # (stvpoll 0.5.6 hands A's papers to B and elects D here: test_scottish_corpus.)
    election = blt(3, ["A", "B", "C", "D"], "10 1 2 3", "9 2", "3 3", "5 4")
    result = count_scottish(election)
    assert result.quota == 7
    assert [s.subject for s in result.stages] == [None, 1, 2, 4]
    assert votes(result, 2) == {1: "7", 2: "9", 3: "6", 4: "5"}
    assert set(result.elected) == {1, 2, 3}
    conserved(result)


def test_largest_surplus_is_transferred_first_even_if_it_arose_later() -> None:
    # Rule 49(1), applied at the end of every stage: B (elected at stage 1, surplus 1)
    # waits while C, elected at stage 2 with a larger surplus, goes first.
    # 45 papers, 4 seats: quota floor(45/5)+1 = 10. A 16 (surplus 6, all to C at
    # 6/16 = 0.375), B 11 (surplus 1), C 8 + 16 x 0.375 = 14 (surplus 4 > 1).
    election = blt(
        4, ["A", "B", "C", "D", "E", "F"], "16 1 3", "11 2 5", "8 3 4", "4 4", "3 5", "3 6"
    )
    result = count_scottish(election)
    assert votes(result, 2)[3] == "14"
    assert [s.subject for s in result.stages[:4]] == [None, 1, 3, 2]
    conserved(result)


# --- ties: rules 49(2)-(3) and 51 ---------------------------------------------------


def test_exclusion_tie_goes_by_the_most_recent_stage_where_they_differed() -> None:
    # Stage 1: A 5, B 3, C 2, D 1 -> D excluded, C 3 = B 3. At stage 1, C had fewer,
    # so C is excluded (rule 51(2)(a)).
    election = blt(1, ["A", "B", "C", "D"], "5 1", "3 2", "2 3", "1 4 3")
    result = count_scottish(election)
    stage = result.stages[2]
    assert stage.subject == 3
    (tie,) = stage.tie_breaks
    assert (tie.tied, tie.chosen, tie.decided_by, tie.at_stage) == ((2, 3), 3, "earlier stage", 1)


def test_tie_at_every_stage_needs_a_lot_and_records_it() -> None:
    election = blt(1, ["A", "B", "C"], "3 1", "2 2", "2 3")
    with pytest.raises(LotRequired) as caught:
        count_scottish(election)
    assert caught.value.tied == (2, 3)
    result = count_scottish(election, lot=Lot(order=[3, 2]))
    (tie,) = result.stages[1].tie_breaks
    assert (tie.chosen, tie.decided_by, tie.lot) == (3, "lot", "fixed order 3,2")
    assert result.stages[1].subject == 3


def test_seeded_lot_is_reproducible() -> None:
    election = blt(1, ["A", "B", "C", "D"], "3 1", "2 2", "2 3", "2 4")
    first = [count_scottish(election, lot=Lot(seed=s)).stages[1].subject for s in range(20)]
    again = [count_scottish(election, lot=Lot(seed=s)).stages[1].subject for s in range(20)]
    assert first == again
    assert set(first) == {2, 3, 4}  # every tied candidate can be drawn


def test_equal_surpluses_at_the_first_stage_go_by_lot() -> None:
    # Rule 49(3): equal at all stages (there is only one) -> lot.
    election = blt(2, ["A", "B", "C", "D"], "6 1 3", "6 2 4", "1 3", "2 4")
    with pytest.raises(LotRequired):
        count_scottish(election, seats=3)
    result = count_scottish(election, seats=3, lot=Lot(order=[2, 1]))
    assert result.stages[1].subject == 2
    assert result.stages[1].tie_breaks[0].purpose == "surplus order (rule 49)"


# --- refusals -------------------------------------------------------------------------


def test_more_seats_than_candidates_is_refused() -> None:
    election = blt(1, ["A", "B"], "1 1")
    for count in (count_scottish, count_meek):
        with pytest.raises(CountError, match="3 seats but only 2 candidates"):
            count(election, seats=3)
    with pytest.raises(CountError, match="one seat"):
        count_irv(election, seats=2)


def test_election_refuses_bad_ballots_built_in_code() -> None:
    candidates = (Candidate(1, "A"), Candidate(2, "B"))
    with pytest.raises(CountError, match="twice"):
        Election(candidates, 1, (Ballot(1, (1, 1)),))
    with pytest.raises(CountError, match="negative"):
        Election(candidates, 1, (Ballot(-1, (1,)),))
    with pytest.raises(CountError, match="names no candidate 3"):
        Election(candidates, 1, (Ballot(1, (3,)),))


def test_withdrawn_candidates_are_struck_out_and_empty_papers_are_not_valid() -> None:
    election = read_blt("3 1\n-2\n4 2 1 0\n3 3 0\n2 2 0\n0\nA\nB\nC\nT", "w.blt")
    result = count_scottish(election)
    assert result.valid_votes == 7
    assert result.invalid_papers == 2
    assert votes(result, 1) == {1: "4", 3: "3"}
    assert result.elected == (1,)


# --- instant runoff and Meek ---------------------------------------------------------


def test_irv_tennessee_capital() -> None:
    # Wikipedia, "Instant-runoff voting", the Tennessee capital example: Chattanooga,
    # then Nashville are eliminated, and Knoxville wins with 58% in the last round.
    election = blt(
        1,
        ["Memphis", "Nashville", "Chattanooga", "Knoxville"],
        "42 1 2 3 4",
        "26 2 3 4 1",
        "15 3 4 2 1",
        "17 4 3 2 1",
    )
    result = count_irv(election)
    assert [s.subject for s in result.stages] == [None, 3, 2]
    assert votes(result, 3) == {1: "42", 2: "0", 3: "0", 4: "58"}
    assert result.elected == (4,)


def test_meek_food_election() -> None:
    # Meek on the Wikipedia example. Hand-worked: at first nothing exhausts and the
    # quota is 20/4 = 5; Chocolate (12) exceeds it and, keeping about 5/12, passes 7/12
    # of each paper on: Strawberries 1 + 8 x 7/12 = 5.67 > 5 is elected too. Papers
    # then run out after Strawberries, so the quota falls below 5 as the keep factors
    # settle. Pears (2) are then lowest and excluded; Oranges (6) take the last seat.
    election = blt(
        3,
        ["Oranges", "Pears", "Chocolate", "Strawberries", "Hamburgers"],
        "4 1",
        "2 2 1",
        "8 3 4",
        "4 3 5",
        "1 4",
        "1 5",
    )
    result = count_meek(election)
    assert result.elected[:2] == (3, 4)
    assert set(result.elected) == {1, 3, 4}
    first = result.stages[0]
    assert first.quota is not None and first.quota < 5
    surplus = sum(first.votes[c] - first.quota for c in (3, 4))
    assert 0 <= surplus < Fraction(1, 100_000)  # the stated convergence rule
    for c in (3, 4):
        assert 0 < first.keep_factors[c] < 1
        assert (first.keep_factors[c] * 10**9).denominator == 1  # nine places
    assert result.stages[1].subject == 2
    conserved(result)


# --- properties --------------------------------------------------------------------


@st.composite
def elections(draw: st.DrawFn) -> Election:
    n = draw(st.integers(1, 7))
    seats = draw(st.integers(1, n))
    # Empty rankings and zero weights included: such papers are not valid votes.
    rankings = st.permutations(range(1, n + 1)).flatmap(
        lambda p: st.integers(0, n).map(lambda k: tuple(p[:k]))
    )
    ballots = draw(st.lists(st.builds(Ballot, st.integers(0, 30), rankings), max_size=12))
    candidates = tuple(Candidate(i, f"C{i}") for i in range(1, n + 1))
    return Election(candidates, seats, tuple(ballots))


@settings(max_examples=300, deadline=None)
@given(elections(), st.integers(0, 2**32))
def test_scottish_elects_exactly_the_seats_and_conserves_votes(
    election: Election, seed: int
) -> None:
    result = count_scottish(election, lot=Lot(seed=seed))
    assert len(result.elected) == min(election.seats, len(election.running))
    assert len(set(result.elected)) == len(result.elected)
    conserved(result)
    for stage in result.stages:
        assert stage.truncation_loss >= 0 and stage.non_transferable >= 0
        for value, sent in stage.transfer_values:
            assert sent <= value and (sent * 100_000).denominator == 1


@settings(max_examples=150, deadline=None)
@given(elections(), st.integers(0, 2**32))
def test_meek_elects_exactly_the_seats_and_conserves_votes(election: Election, seed: int) -> None:
    result = count_meek(election, lot=Lot(seed=seed))
    assert len(result.elected) == election.seats
    assert len(set(result.elected)) == len(result.elected)
    conserved(result)


@settings(max_examples=200, deadline=None)
@given(elections(), st.integers(0, 2**32))
def test_one_seat_meek_is_instant_runoff(election: Election, seed: int) -> None:
    irv = count_irv(election, seats=1, lot=Lot(seed=seed))
    conserved(irv)
    meek = count_meek(election, seats=1, lot=Lot(seed=seed))
    assert meek.elected == irv.elected


@settings(max_examples=100, deadline=None)
@given(elections(), st.integers(0, 2**32))
def test_json_holds_only_integers_and_strings(election: Election, seed: int) -> None:
    for count in (count_scottish, count_meek):
        data = to_json(count(election, lot=Lot(seed=seed)), election)

        def walk(node: object) -> None:
            if isinstance(node, dict):
                assert all(isinstance(k, str) for k in node)
                for item in node.values():
                    walk(item)
            elif isinstance(node, list):
                for item in node:
                    walk(item)
            else:
                assert node is None or isinstance(node, (int, str)) and not isinstance(node, bool)

        walk(data)
        assert [e["number"] for e in data["elected"]] == list(
            count(election, lot=Lot(seed=seed)).elected
        )


def test_count_does_not_touch_global_randomness() -> None:
    random.seed(12345)
    expected = random.random()
    random.seed(12345)
    election = blt(1, ["A", "B", "C", "D"], "3 1", "2 2", "2 3", "2 4")
    count_scottish(election, lot=Lot(seed=7))
    assert random.random() == expected
