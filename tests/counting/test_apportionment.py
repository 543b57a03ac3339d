"""Apportionment: textbook examples, a real election, the demo congress, and invariants."""

from __future__ import annotations

import json
import math
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from smolny.counting.apportionment import (
    DHONDT,
    DROOP,
    HARE,
    HUNTINGTON_HILL,
    METHODS,
    MODIFIED_SAINTE_LAGUE,
    SAINTE_LAGUE,
    ApportionmentError,
    BelowThreshold,
    DeclinedSeats,
    DivisorMethod,
    LargestRemainder,
    QuotaFixed,
    Quotient,
    Recount,
    RemainderRanked,
    SeatAwarded,
    Settlement,
    TieBreak,
    UnresolvedTie,
    method_named,
)

DIVISOR_METHODS = [DHONDT, SAINTE_LAGUE, MODIFIED_SAINTE_LAGUE, HUNTINGTON_HILL]
QUOTA_METHODS = [HARE, DROOP]

# -- textbook examples -------------------------------------------------------------------

# Wikipedia, "D'Hondt method" and "Sainte-Laguë method" (the shared example, revision of
# 9 February 2008): five parties, seven seats.
FIVE_PARTIES = {"A": 340_000, "B": 280_000, "C": 160_000, "D": 60_000, "E": 15_000}


def test_dhondt_textbook() -> None:
    result = DHONDT.evaluate(FIVE_PARTIES, 7)
    assert result.seats == {"A": 3, "B": 3, "C": 1, "D": 0, "E": 0}
    awards = [step for step in result.trace if isinstance(step, SeatAwarded)]
    # the table's rounds: 340,000; 280,000; 170,000; 160,000; 140,000; 113,333; 93,333
    assert [step.name for step in awards] == ["A", "B", "A", "C", "B", "A", "B"]
    assert awards[5].quotient.value == Fraction(340_000, 3)
    assert awards[6].quotient.value == Fraction(280_000, 3)


def test_sainte_lague_textbook() -> None:
    result = SAINTE_LAGUE.evaluate(FIVE_PARTIES, 7)
    assert result.seats == {"A": 3, "B": 2, "C": 1, "D": 1, "E": 0}
    awards = [step for step in result.trace if isinstance(step, SeatAwarded)]
    assert [(s.name, s.quotient.divisor_text()) for s in awards] == [
        ("A", "1"), ("B", "1"), ("C", "1"), ("A", "3"), ("B", "3"), ("A", "5"), ("D", "1"),
    ]  # fmt: skip


def test_sainte_lague_electowiki_35_seats() -> None:
    # Electowiki, "Sainte-Laguë method", 35-seat example: 503/304/193 votes give 17/11/7
    # (A's 50.3% of the votes, under half the seats). The page adds that D'Hondt would
    # give 18/10/6, but that is 34 seats: by hand, the divisor 27.6 gives 18.2, 11.01 and
    # 6.99, i.e. 18/11/6, and 18 is still the majority of 35 the page means.
    votes = {"A": 503, "B": 304, "C": 193}
    assert SAINTE_LAGUE.evaluate(votes, 35).seats == {"A": 17, "B": 11, "C": 7}
    assert DHONDT.evaluate(votes, 35).seats == {"A": 18, "B": 11, "C": 6}


def test_modified_sainte_lague_worked_by_hand() -> None:
    # The five parties above, worked by hand with divisors 1.4, 3, 5, ...: the seventh
    # highest quotient is B's 280,000/5 = 56,000 and D's first is only 60,000/1.4 =
    # 42,857 1/7, so the 1.4 first divisor costs D the seat plain Sainte-Laguë gives it.
    result = MODIFIED_SAINTE_LAGUE.evaluate(FIVE_PARTIES, 7)
    assert result.seats == {"A": 3, "B": 3, "C": 1, "D": 0, "E": 0}
    first = [step for step in result.trace if isinstance(step, SeatAwarded)][0]
    assert first.quotient.divisor == Fraction(7, 5)
    assert first.quotient.value == Fraction(340_000 * 5, 7)


def test_modified_sainte_lague_tie_settled_by_more_votes() -> None:
    # 100/(2*3+1) = 100/7 and 20/(7/5) = 100/7: an exact tie for the last seat that
    # a float implementation would get by accident; more votes (A) wins it.
    votes = {"A": 100, "B": 80, "C": 30, "D": 20}
    result = MODIFIED_SAINTE_LAGUE.evaluate(votes, 8)
    assert result.seats == {"A": 4, "B": 3, "C": 1, "D": 0}
    (tie,) = result.ties
    assert tie.contenders == ("A", "D") and tie.seats == 1
    assert tie.winners == ("A",) and tie.settled_by is Settlement.MORE_VOTES
    assert tie.at == "quotient 100/7"


def test_huntington_hill_worked_by_hand() -> None:
    # Divisors √(n(n+1)): 0 for a first seat, so every faction with votes is seated first;
    # then 1000/√2 ≈ 707.1 and 1000/√6 ≈ 408.2 go to big, and the last seat is a near
    # thing: big's 1000/√12 ≈ 288.68 against middle's 400/√2 ≈ 282.84.
    votes = {"big": 1000, "middle": 400, "small": 10}
    result = HUNTINGTON_HILL.evaluate(votes, 6)
    assert result.seats == {"big": 4, "middle": 1, "small": 1}
    awards = [step for step in result.trace if isinstance(step, SeatAwarded)]
    assert [str(step.quotient) for step in awards[:3]] == ["∞", "∞", "∞"]
    assert [step.name for step in awards] == ["big", "middle", "small", "big", "big", "big"]
    assert awards[3].quotient.divisor is None  # √2 is irrational, kept as its square
    assert awards[3].quotient.divisor_text() == "√2"
    assert str(awards[5].quotient) == "1000/√12"
    # Sainte-Laguë seats middle twice instead; D'Hondt gives small nothing
    assert SAINTE_LAGUE.evaluate(votes, 6).seats == {"big": 4, "middle": 2, "small": 0}
    assert DHONDT.evaluate(votes, 6).seats["small"] == 0


def test_huntington_hill_exact_tie_through_squares() -> None:
    # 600/√72 = 600/(6√2) = 100/√2: equal, which only exact squares can see.
    assert 600 / math.sqrt(72) != 100 / math.sqrt(2)  # floats disagree (so floats would lie)
    votes = {"A": 600, "B": 100}
    result = HUNTINGTON_HILL.evaluate(votes, 10, tie_break=TieBreak(more_votes=False, seed=1))
    (tie,) = result.ties
    assert tie.contenders == ("A", "B") and tie.seats == 1
    assert tie.settled_by is Settlement.LOT
    assert sorted(tie.lot) == ["A", "B"] and tie.winners == tie.lot[:1]
    assert result.seats[tie.winners[0]] == (9 if tie.winners == ("A",) else 2)


# Wikipedia, "Largest remainder method", the example with 100,000 votes and 10 seats.
SIX_PARTIES = {
    "Yellows": 47_000,
    "Whites": 16_000,
    "Reds": 15_800,
    "Greens": 12_000,
    "Blues": 6_100,
    "Pinks": 3_100,
}


def test_hare_textbook() -> None:
    result = HARE.evaluate(SIX_PARTIES, 10)
    assert result.seats == {
        "Yellows": 5, "Whites": 2, "Reds": 1, "Greens": 1, "Blues": 1, "Pinks": 0,
    }  # fmt: skip
    quota = result.trace[0]
    assert isinstance(quota, QuotaFixed) and quota.quota == 10_000
    ranked = [step for step in result.trace if isinstance(step, RemainderRanked)]
    assert [(s.name, s.seats) for s in ranked[:4]] == [
        ("Yellows", 1), ("Blues", 1), ("Whites", 1), ("Reds", 0),
    ]  # fmt: skip
    assert ranked[0].remainder == 7_000


def test_droop_textbook() -> None:
    result = DROOP.evaluate(SIX_PARTIES, 10)
    assert result.seats == {
        "Yellows": 5, "Whites": 2, "Reds": 2, "Greens": 1, "Blues": 0, "Pinks": 0,
    }  # fmt: skip
    quota = result.trace[0]
    assert isinstance(quota, QuotaFixed) and quota.quota == 9_091  # floor(100000/11)+1


def test_hare_quota_is_exact_fraction() -> None:
    result = HARE.evaluate({"A": 10, "B": 7, "C": 3}, 3)
    quota = result.trace[0]
    assert isinstance(quota, QuotaFixed) and quota.quota == Fraction(20, 3)
    assert result.seats == {"A": 2, "B": 1, "C": 0}


# -- a real election: the German Bundestag 2017 -----------------------------------------

# Official Zweitstimmen of the seven parties over the 5% threshold, as declared by the
# Bundeswahlleiter (final result, 12 October 2017); the seats are the published ones.
# The real law (BWahlG § 6, 2013-2020) is two-staged: a first allotment of 598 seats
# fixes each party's minimum, then the house grows until a single Sainte-Laguë allotment
# over the parties' national second votes meets every minimum. That growth ended at 709,
# and this is that final, single-step upper apportionment (Oberverteilung) of 709 seats.
BUNDESTAG_2017_VOTES = {
    "CDU": 12_447_656,
    "SPD": 9_539_381,
    "AfD": 5_878_115,
    "FDP": 4_999_449,
    "DIE LINKE": 4_297_270,
    "GRÜNE": 4_158_400,
    "CSU": 2_869_688,
}
BUNDESTAG_2017_SEATS = {
    "CDU": 200,
    "SPD": 153,
    "AfD": 94,
    "FDP": 80,
    "DIE LINKE": 69,
    "GRÜNE": 67,
    "CSU": 46,
}


def test_bundestag_2017_sainte_lague_709() -> None:
    result = SAINTE_LAGUE.evaluate(BUNDESTAG_2017_VOTES, 709)
    assert result.seats == BUNDESTAG_2017_SEATS
    assert result.ties == ()
    awards = [step for step in result.trace if isinstance(step, SeatAwarded)]
    assert len(awards) == 709 and awards[-1].seat == 709
    # no tie at the edge: the 710th quotient is strictly below the 709th, so the published
    # seats do not hang on any tie-break
    next_seat = [s for s in SAINTE_LAGUE.evaluate(BUNDESTAG_2017_VOTES, 710).trace][-1]
    assert isinstance(next_seat, SeatAwarded)
    assert next_seat.quotient.key() < awards[-1].quotient.key()


def test_bundestag_2017_german_divisor_rounding_agrees() -> None:
    # The Bundeswahlleiter's form: votes / divisor, rounded to the nearest whole number
    # (standard rounding). Any divisor between the 709th and 710th quotients (in the
    # 0.5, 1.5, ... scale) gives the published seats: check it independently of the trace.
    result = SAINTE_LAGUE.evaluate(BUNDESTAG_2017_VOTES, 709)
    last = [s for s in result.trace if isinstance(s, SeatAwarded)][-1].quotient.value
    assert last is not None
    divisor = last * 2  # the 1, 3, 5 scale is twice the 0.5, 1.5, 2.5 scale
    for name, count in BUNDESTAG_2017_VOTES.items():
        share = Fraction(count) / divisor
        assert math.floor(share + Fraction(1, 2)) == BUNDESTAG_2017_SEATS[name]


# -- the demo congress: the presidium of the Second All-Russian Congress of Soviets -----

# 670 delegates: 300 Bolsheviks, 193 SRs ("more than half of them of the party's left"),
# 68 Mensheviks, 14 Menshevik-Internationalists, 95 unaffiliated or in tiny groups.
# The presidium of 25 was allotted among the four factions that claimed seats:
# 14 Bolsheviks, 7 Left SRs, 3 Mensheviks (who declined them), 1 Menshevik-
# Internationalist (held, reserved). Left SRs: some L between 97 and 193.
HISTORICAL = {"Bolsheviks": 14, "Left SRs": 7, "Mensheviks": 3, "Menshevik-Internationalists": 1}


def congress(left_srs: int) -> dict[str, int]:
    return {
        "Bolsheviks": 300,
        "Left SRs": left_srs,
        "Mensheviks": 68,
        "Menshevik-Internationalists": 14,
    }


def test_presidium_sainte_lague_reproduces_history_for_135_to_166_left_srs() -> None:
    # By hand: the 25th quotient c must satisfy 300/29 < c <= 300/27 (14 Bolsheviks),
    # 68/7 < c <= 68/5 (3 Mensheviks), c <= 14 (1 Internationalist) and, for 7 Left SRs,
    # L/15 < c <= L/13; so L/13 >= c > 300/29 gives L >= 135, L/15 < c <= 300/27 gives
    # L <= 166.
    reproduced = [
        left
        for left in range(97, 194)
        if SAINTE_LAGUE.evaluate(congress(left), 25).seats == HISTORICAL
    ]
    assert reproduced == list(range(135, 167))


def test_presidium_dhondt_cannot_reproduce_history() -> None:
    # By hand: 14 Bolsheviks and no 15th need a 25th quotient >= 300/15 = 20, but the
    # Internationalists' only quotient is 14/1: under D'Hondt they never get the seat.
    for left in range(97, 194):
        assert DHONDT.evaluate(congress(left), 25).seats["Menshevik-Internationalists"] == 0


@pytest.mark.parametrize(
    ("method", "left_srs"),
    [
        (HUNTINGTON_HILL, range(135, 167)),
        (HARE, range(135, 168)),
        (MODIFIED_SAINTE_LAGUE, range(0)),  # the 1.4 divisor: 14/1.4 = 10 < 300/29
    ],
)
def test_presidium_other_methods_as_documented(
    method: DivisorMethod | LargestRemainder, left_srs: range
) -> None:
    # the findings docs/counting.md states, kept true
    reproduced = [
        left for left in range(97, 194) if method.evaluate(congress(left), 25).seats == HISTORICAL
    ]
    assert reproduced == list(left_srs)


def test_presidium_with_declined_and_reserved_seats() -> None:
    result = SAINTE_LAGUE.evaluate(
        congress(150),
        25,
        declined=["Mensheviks"],
        declined_seats=DeclinedSeats.EMPTY,
        reserved=["Menshevik-Internationalists"],
    )
    b, lsr, m, mi = result.factions
    assert (b.taken, lsr.taken) == (14, 7)
    assert (m.seats, m.declined, m.empty) == (0, 3, 3)
    assert (mi.seats, mi.taken, mi.reserved) == (1, 0, 1)
    assert sum(result.seats.values()) + result.empty == 25
    later = result.take_up("Menshevik-Internationalists")
    assert later.faction("Menshevik-Internationalists").taken == 1
    assert later.faction("Menshevik-Internationalists").reserved == 0
    assert later.trace[-1].describe() == "Menshevik-Internationalists takes up its reserved 1 seat"
    with pytest.raises(ApportionmentError, match="no reserved seats"):
        later.take_up("Menshevik-Internationalists")


def test_presidium_declined_seats_given_to_the_others() -> None:
    full = SAINTE_LAGUE.evaluate(congress(150), 25)
    result = SAINTE_LAGUE.evaluate(congress(150), 25, declined=["Mensheviks"])
    assert result.faction("Mensheviks").declined == 3
    assert result.seats["Mensheviks"] == 0 and result.empty == 0
    assert sum(result.seats.values()) == 25
    for name in ("Bolsheviks", "Left SRs", "Menshevik-Internationalists"):
        assert result.seats[name] >= full.seats[name]
    assert any(isinstance(step, Recount) for step in result.trace)
    without = {k: v for k, v in congress(150).items() if k != "Mensheviks"}
    assert {k: v for k, v in result.seats.items() if k != "Mensheviks"} == (
        SAINTE_LAGUE.evaluate(without, 25).seats
    )


# -- options, ties and refusals ---------------------------------------------------------


def test_threshold_excludes_and_is_inclusive() -> None:
    votes = {"A": 60, "B": 35, "C": 5}
    result = DHONDT.evaluate(votes, 10, threshold=5)  # C has exactly 5%: it qualifies
    assert result.faction("C").qualified
    result = DHONDT.evaluate(votes, 10, threshold=Fraction(51, 10))
    assert not result.faction("C").qualified and result.seats["C"] == 0
    below = [s for s in result.trace if isinstance(s, BelowThreshold)]
    assert [s.name for s in below] == ["C"]
    assert sum(result.seats.values()) == 10
    # the threshold is of all votes, the seats are shared among those who pass
    assert result.seats == dict(DHONDT.evaluate({"A": 60, "B": 35}, 10).seats, C=0)


def test_nobody_reaches_threshold() -> None:
    with pytest.raises(ApportionmentError, match="threshold"):
        DHONDT.evaluate({"A": 1, "B": 1, "C": 1}, 3, threshold=50)


def test_unresolved_tie_refuses_without_a_lot() -> None:
    with pytest.raises(UnresolvedTie) as caught:
        DHONDT.evaluate({"A": 10, "B": 10, "C": 10}, 2)
    assert caught.value.contenders == ("A", "B", "C") and caught.value.seats == 2


def test_tie_settled_by_given_order_and_recorded() -> None:
    result = HARE.evaluate(
        {"A": 10, "B": 10, "C": 10}, 2, tie_break=TieBreak(order=("C", "A", "B"))
    )
    assert result.seats == {"A": 1, "B": 0, "C": 1}
    (tie,) = result.ties
    assert tie.settled_by is Settlement.ORDER_GIVEN
    assert tie.winners == ("C", "A") and tie.lot == ("C", "A", "B")
    assert "order given" in tie.describe()


def test_tie_partly_settled_by_votes_then_lot() -> None:
    # D'Hondt, 3 seats: A 300 -> 300, 150; B 150; C 150 - three-way tie at 150 for 2 seats?
    # no: A's second quotient 150 ties B's and C's first for the last two seats.
    votes = {"A": 300, "B": 150, "C": 150}
    result = DHONDT.evaluate(votes, 3, tie_break=TieBreak(seed=7))
    (tie,) = result.ties
    assert tie.contenders == ("A", "B", "C") and tie.seats == 2
    assert tie.winners[0] == "A"  # more votes first
    assert tie.settled_by is Settlement.LOT and sorted(tie.lot) == ["B", "C"]
    assert tie.winners[1] == tie.lot[0]
    # the same seed draws the same lot: the count can be repeated and checked
    again = DHONDT.evaluate(votes, 3, tie_break=TieBreak(seed=7))
    assert again.ties == result.ties


def test_ties_that_decide_nothing_are_not_recorded() -> None:
    # equal quotients that all get seats are not ties for a seat
    assert DHONDT.evaluate({"A": 10, "B": 10}, 4).ties == ()


@pytest.mark.parametrize(
    ("votes", "seats", "options", "message"),
    [
        ({"A": -1}, 1, {}, "negative"),
        ({"A": 1.5}, 1, {}, "integer"),
        ({"A": True}, 1, {}, "integer"),
        ({}, 1, {}, "no factions"),
        ({"": 3}, 1, {}, "non-empty"),
        ({"A": 3}, 0, {}, "at least 1"),
        ({"A": 3}, 100_001, {}, "max-seats allows \\(100,000\\)"),
        ({"A": 3}, 2.0, {}, "integer"),
        ({"A": 0, "B": 0}, 2, {}, "no faction has votes"),
        ({"A": 3}, 1, {"threshold": 0.05}, "Fraction"),
        ({"A": 3}, 1, {"threshold": 101}, "0 to 100"),
        ({"A": 3}, 1, {"declined": ["Z"]}, "no faction called 'Z'"),
        ({"A": 3}, 1, {"declined": "A"}, "not a string"),
        ({"A": 3}, 1, {"reserved": (n for n in ["Z"])}, "no faction called 'Z'"),
        ({"A": 3, "B": 1}, 1, {"declined": ["A"], "reserved": ["A"]}, "both"),
        ({"A": 3}, 1, {"declined": ["A"]}, "every faction"),
    ],
)
def test_refusals(votes: object, seats: object, options: dict[str, object], message: str) -> None:
    with pytest.raises(ApportionmentError, match=message):
        DHONDT.evaluate(votes, seats, **options)  # type: ignore[arg-type]


def test_tie_break_refusals() -> None:
    with pytest.raises(ApportionmentError, match="not both"):
        TieBreak(order=("A",), seed=1)
    with pytest.raises(ApportionmentError, match="does not name"):
        DHONDT.evaluate({"A": 1, "B": 1}, 1, tie_break=TieBreak(order=("A",)))
    with pytest.raises(ApportionmentError, match="unknown apportionment method"):
        method_named("imperiali")


def test_methods_registry_and_record_is_json() -> None:
    assert list(METHODS) == [
        "dhondt", "sainte-lague", "modified-sainte-lague", "huntington-hill", "hare", "droop",
    ]  # fmt: skip
    for method in METHODS.values():
        result = method.evaluate({"A": 7, "B": 5, "C": 1}, 4, tie_break=TieBreak(seed=3))
        record = result.record()
        text = json.dumps(record)
        assert json.loads(text) == record

        def only_ints_and_strings(value: object) -> bool:
            if isinstance(value, dict):
                return all(
                    isinstance(k, str) and only_ints_and_strings(v) for k, v in value.items()
                )
            if isinstance(value, list):
                return all(only_ints_and_strings(v) for v in value)
            return value is None or isinstance(value, (int, str))  # bool is an int

        assert only_ints_and_strings(record)


def test_quotient_ordering() -> None:
    assert Quotient(5, Fraction(0)).key() > Quotient(10**9, Fraction(1)).key()
    assert Quotient(3, Fraction(2)).key() > Quotient(4, Fraction(8)).key()  # 3/√2 > 4/√8
    assert str(Quotient(7, Fraction(49, 25))) == "5"


# -- invariants -------------------------------------------------------------------------

names = st.sampled_from(["A", "B", "C", "D", "E", "F", "G", "H"])
elections = st.dictionaries(names, st.integers(0, 100_000), min_size=1, max_size=8).filter(
    lambda votes: sum(votes.values()) > 0
)
methods = st.sampled_from(list(METHODS.values()))
divisor_methods = st.sampled_from(DIVISOR_METHODS)
ORDER = TieBreak(order=("A", "B", "C", "D", "E", "F", "G", "H"))


@settings(max_examples=150, deadline=None)
@given(methods, elections, st.integers(1, 60))
def test_seats_add_up_to_house_size(
    method: DivisorMethod | LargestRemainder, votes: dict[str, int], seats: int
) -> None:
    result = method.evaluate(votes, seats, tie_break=ORDER)
    assert sum(result.seats.values()) == seats
    assert all(result.seats[name] == 0 for name, count in votes.items() if count == 0)


@settings(max_examples=100, deadline=None)
@given(methods, elections, st.integers(1, 40), st.data())
def test_declined_seats_given_or_left_empty(
    method: DivisorMethod | LargestRemainder, votes: dict[str, int], seats: int, data: st.DataObject
) -> None:
    contesting = [name for name, count in votes.items() if count > 0]
    assume(len(contesting) >= 2)
    decliner = data.draw(st.sampled_from(contesting))
    fate = data.draw(st.sampled_from(list(DeclinedSeats)))
    result = method.evaluate(
        votes, seats, declined=[decliner], declined_seats=fate, tie_break=ORDER
    )
    plain = method.evaluate(votes, seats, tie_break=ORDER)
    assert result.seats[decliner] == 0
    assert result.faction(decliner).declined == plain.seats[decliner]
    if fate is DeclinedSeats.EMPTY:
        assert result.empty == plain.seats[decliner]
        assert sum(result.seats.values()) + result.empty == seats
    else:
        assert result.empty == 0 and sum(result.seats.values()) == seats


@settings(max_examples=150, deadline=None)
@given(divisor_methods, elections, st.integers(1, 50))
def test_divisor_criterion(method: DivisorMethod, votes: dict[str, int], seats: int) -> None:
    # An independent check of a divisor count: no faction's next quotient beats another
    # faction's last winning quotient (Pukelsheim, Proportional Representation, ch. 4).
    result = method.evaluate(votes, seats, tie_break=ORDER)
    held = result.seats
    contesting = {name: count for name, count in votes.items() if count > 0}
    for i, vi in contesting.items():
        for j, vj in contesting.items():
            if held[j] == 0:
                continue
            nxt = Quotient(vi, method.divisor_squared(held[i])).key()
            last = Quotient(vj, method.divisor_squared(held[j] - 1)).key()
            assert nxt <= last


@settings(max_examples=100, deadline=None)
@given(divisor_methods, elections, st.integers(1, 50))
def test_no_house_size_paradox(method: DivisorMethod, votes: dict[str, int], seats: int) -> None:
    smaller = method.evaluate(votes, seats, tie_break=ORDER).seats
    larger = method.evaluate(votes, seats + 1, tie_break=ORDER).seats
    assert all(larger[name] >= smaller[name] for name in votes)
    assert sum(larger.values()) - sum(smaller.values()) == 1


@settings(max_examples=100, deadline=None)
@given(divisor_methods, elections, st.integers(1, 50), st.data())
def test_divisor_methods_monotone_in_votes(
    method: DivisorMethod, votes: dict[str, int], seats: int, data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(sorted(votes)))
    more = dict(votes, **{name: votes[name] + data.draw(st.integers(1, 50_000))})
    before = method.evaluate(votes, seats, tie_break=ORDER).seats[name]
    after = method.evaluate(more, seats, tie_break=ORDER).seats[name]
    assert after >= before


@settings(max_examples=200, deadline=None)
@given(elections, st.integers(1, 60))
def test_hare_quota_property(votes: dict[str, int], seats: int) -> None:
    # each faction gets its exact quota (votes * seats / total) rounded down or up
    result = HARE.evaluate(votes, seats, tie_break=ORDER)
    total = sum(votes.values())
    for name, count in votes.items():
        quota = Fraction(count * seats, total)
        assert math.floor(quota) <= result.seats[name] <= math.ceil(quota)


@settings(max_examples=200, deadline=None)
@given(elections, st.integers(1, 60))
def test_droop_lower_quota_when_the_quota_fits(votes: dict[str, int], seats: int) -> None:
    # With a Droop quota no larger than the Hare quota (any real electorate), whole Droop
    # quotas alone reach each faction's lower quota.
    total = sum(votes.values())
    assume(total // (seats + 1) + 1 <= Fraction(total, seats))
    result = DROOP.evaluate(votes, seats, tie_break=ORDER)
    for name, count in votes.items():
        assert math.floor(Fraction(count * seats, total)) <= result.seats[name]


def test_droop_can_break_the_upper_quota() -> None:
    # Found by hypothesis: the Droop quota is 3162 // 8 + 1 = 396, C has 6 whole quotas and
    # the largest remainder (334 against 333), so 7 seats for an exact quota of 5.999...
    # The quota property is Hare's, not Droop's.
    votes = {"A": 119, "B": 333, "C": 2710}
    assert DROOP.evaluate(votes, 7).seats == {"A": 0, "B": 0, "C": 7}
    assert Fraction(2710 * 7, 3162) < 6
    assert HARE.evaluate(votes, 7).seats == {"A": 0, "B": 1, "C": 6}


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(QUOTA_METHODS), elections, st.integers(1, 60))
def test_remainder_seats_go_to_the_largest_remainders(
    method: DivisorMethod | LargestRemainder, votes: dict[str, int], seats: int
) -> None:
    result = method.evaluate(votes, seats, tie_break=ORDER)
    ranked = [s for s in result.trace if isinstance(s, RemainderRanked)]
    winners = [s.remainder for s in ranked if s.seats]
    losers = [s.remainder for s in ranked if not s.seats]
    if winners and losers:
        assert min(winners) >= max(losers)


@settings(max_examples=100, deadline=None)
@given(methods, elections, st.integers(1, 30))
def test_ties_recorded_whenever_a_lot_decides(
    method: DivisorMethod | LargestRemainder, votes: dict[str, int], seats: int
) -> None:
    # Without a lot, a count either needs none or refuses; with one, it agrees elsewhere.
    try:
        bare = method.evaluate(votes, seats, tie_break=TieBreak())
    except UnresolvedTie:
        lotted = method.evaluate(votes, seats, tie_break=TieBreak(seed=0))
        assert any(t.settled_by is Settlement.LOT for t in lotted.ties)
    else:
        assert all(t.settled_by is Settlement.MORE_VOTES for t in bare.ties)
        assert method.evaluate(votes, seats, tie_break=TieBreak(seed=0)).seats == bare.seats


def test_trace_reads_aloud_without_floats() -> None:
    # 1000/√12 = 288.675...: two places from integer square roots, rounded
    hh = HUNTINGTON_HILL.evaluate({"big": 1000, "middle": 400, "small": 10}, 6)
    assert hh.trace[-1].describe() == "seat 6: big, 1000/√12 ≈ 288.68"
    assert hh.trace[0].describe() == "seat 1: big, 1000/0 = ∞"
    hare = HARE.evaluate({"A": 10, "B": 7, "C": 3}, 3)
    lines = [step.describe() for step in hare.trace]
    assert lines[:2] == [
        "quota 20/3 (Hare) = 20/3 ≈ 6.67",
        "A: 10 votes, 1 whole quota, remainder 10/3 ≈ 3.33",
    ]
    assert lines[-1] == "remainder 3: B, 1/3: no seat"
    sl = SAINTE_LAGUE.evaluate(congress(150), 25)
    assert sl.trace[-1].describe() == "seat 25: Bolsheviks, 300/27 ≈ 11.11"


def test_huntington_hill_fewer_seats_than_factions() -> None:
    # every first quotient is unbounded: a tie for the seats, settled by more votes
    result = HUNTINGTON_HILL.evaluate({"A": 5, "B": 3, "C": 1}, 2)
    assert result.seats == {"A": 1, "B": 1, "C": 0}
    (tie,) = result.ties
    assert tie.at == "quotient ∞" and tie.seats == 2
    assert tie.winners == ("A", "B") and tie.settled_by is Settlement.MORE_VOTES


def test_droop_small_electorate_goes_round_again() -> None:
    # 12 votes, 10 seats: quota 12 // 11 + 1 = 2 gives 3 + 2 seats and leaves 5 for 2
    # factions: a seat each twice round, and the fifth to A on a tie of remainders (1 and
    # 1) settled by more votes
    result = DROOP.evaluate({"A": 7, "B": 5}, 10)
    assert result.seats == {"A": 6, "B": 4}
    ranked = [s for s in result.trace if isinstance(s, RemainderRanked)]
    assert [(s.name, s.remainder, s.seats) for s in ranked] == [("A", 1, 3), ("B", 1, 2)]
    (tie,) = result.ties
    assert tie.winners == ("A",) and tie.settled_by is Settlement.MORE_VOTES
