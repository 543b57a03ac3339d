"""Thresholds: each rule on each basis, ties, head and weighted tallies, and invariants."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smolny.counting.thresholds import (
    Basis,
    Decision,
    Rule,
    Tally,
    Threshold,
    ThresholdError,
    TieRule,
    Unit,
    decide,
    least_yes,
)

# -- names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "rule", "basis"),
    [
        ("simple", Rule.SIMPLE, Basis.VOTES_CAST),
        ("majority", Rule.MAJORITY, Basis.VOTES_CAST),
        ("two-thirds", Rule.TWO_THIRDS, Basis.VOTES_CAST),
        ("majority-of-members", Rule.MAJORITY, Basis.MEMBERS),
        ("three-quarters-of-valid-votes", Rule.THREE_QUARTERS, Basis.VALID_VOTES),
        ("unanimous-of-members-present", Rule.UNANIMOUS, Basis.MEMBERS_PRESENT),
    ],
)
def test_parse_and_key_round_trip(key: str, rule: Rule, basis: Basis) -> None:
    threshold = Threshold.parse(key)
    assert (threshold.rule, threshold.basis) == (rule, basis)
    assert threshold.key == key


@pytest.mark.parametrize("key", ["", "most", "majority-of-people", "simple-of-members", "two"])
def test_parse_refuses_unknown_names(key: str) -> None:
    with pytest.raises(ThresholdError, match="threshold"):
        Threshold.parse(key)


def test_describe() -> None:
    assert Threshold.parse("majority").describe() == "a majority of the votes cast"
    assert Threshold.parse("two-thirds-of-members").describe() == "two thirds of the members"
    assert Threshold.parse("simple").describe() == "more votes for than against"


# -- each rule on each basis -----------------------------------------------------------

# Every basis is made 12 strong, so that the least carrying yes vote is, from the rules'
# definitions: more than half -> 7, two thirds -> 8, three quarters -> 9, all -> 12.
LEAST_OF_12 = {Rule.MAJORITY: 7, Rule.TWO_THIRDS: 8, Rule.THREE_QUARTERS: 9, Rule.UNANIMOUS: 12}


def tally_of_12(basis: Basis, yes: int) -> Tally:
    """A head tally whose `basis` is 12, with `yes` for and the rest of the basis not for."""
    if basis is Basis.VOTES_CAST:
        return Tally(yes, 12 - yes, abstain=5)  # abstentions are not votes cast
    if basis is Basis.VALID_VOTES:
        return Tally(yes, 0, abstain=12 - yes)  # abstentions count in the basis
    if basis is Basis.MEMBERS_PRESENT:
        return Tally(yes, 0, present=12)  # the silent present count against
    return Tally(yes, 0, present=yes, members=12)  # absent members count against


@pytest.mark.parametrize("basis", list(Basis))
@pytest.mark.parametrize("rule", list(LEAST_OF_12))
def test_each_rule_on_each_basis(rule: Rule, basis: Basis) -> None:
    threshold = Threshold(rule, basis)
    least = LEAST_OF_12[rule]
    carried = decide(threshold, tally_of_12(basis, least))
    assert carried.adopted and carried.base == 12 and carried.required == least
    lost = decide(threshold, tally_of_12(basis, least - 1))
    assert not lost.adopted and lost.required == least
    assert lost.tie == (rule is Rule.MAJORITY)  # 6 of 12 is exactly half: a tie


def test_simple_majority_ignores_abstentions() -> None:
    simple = Threshold.parse("simple")
    assert decide(simple, Tally(5, 4, abstain=100)).adopted
    assert not decide(simple, Tally(4, 5)).adopted
    even = decide(simple, Tally(4, 4, abstain=1))
    assert not even.adopted and even.tie and even.required == 5


def test_bases_differ_on_one_tally() -> None:
    # 10 for, 8 against, 4 abstaining, 25 present of 40 members
    tally = Tally(10, 8, abstain=4, present=25, members=40)
    outcomes = {b: decide(Threshold(Rule.MAJORITY, b), tally).adopted for b in Basis}
    assert outcomes == {
        Basis.VOTES_CAST: True,  # 10 > 18/2
        Basis.VALID_VOTES: False,  # 10 is not more than 22/2
        Basis.MEMBERS_PRESENT: False,
        Basis.MEMBERS: False,
    }


def test_no_votes_carry_nothing() -> None:
    for rule in LEAST_OF_12:
        assert not decide(Threshold(rule), Tally(0, 0)).adopted


# -- ties -----------------------------------------------------------------------------


def test_tie_fails_by_default() -> None:
    decision = decide(Threshold.parse("majority"), Tally(6, 6))
    assert decision.tie and not decision.adopted
    assert decision.explain().endswith("rejected on a tie")


@pytest.mark.parametrize("key", ["simple", "majority", "majority-of-members"])
def test_tie_chair_decides(key: str) -> None:
    threshold = Threshold.parse(key, ties=TieRule.CHAIR_DECIDES)
    tally = Tally(6, 6, members=12)
    assert decide(threshold, tally, casting_vote=True).adopted
    assert not decide(threshold, tally, casting_vote=False).adopted
    with pytest.raises(ThresholdError, match="casting vote"):
        decide(threshold, tally)
    # no tie, no casting vote needed, and a casting vote changes nothing
    assert decide(threshold, Tally(7, 5, members=12)).adopted
    assert not decide(threshold, Tally(5, 7, members=12), casting_vote=True).adopted


def test_two_thirds_exactly_is_not_a_tie() -> None:
    decision = decide(Threshold.parse("two-thirds", ties=TieRule.CHAIR_DECIDES), Tally(8, 4))
    assert decision.adopted and not decision.tie


# -- heads and weights ----------------------------------------------------------------


def test_weighted_tally_with_fractions() -> None:
    tally = Tally(Fraction(13, 2), Fraction(11, 2), unit=Unit.WEIGHT)
    decision = decide(Threshold.parse("simple"), tally)
    assert decision.adopted and decision.unit is Unit.WEIGHT
    assert decision.required == Fraction(11, 2) and decision.strict
    assert "(weighted)" in decision.explain() and "more than 11/2 of 12" in decision.explain()


def test_weighted_majority_needs_more_than_half_not_a_whole_vote_more() -> None:
    # 5 1/2 of 10 weighted is more than half: carried; the figure stated must not say 6
    tally = Tally(Fraction(11, 2), Fraction(9, 2), unit=Unit.WEIGHT)
    decision = decide(Threshold.parse("majority"), tally)
    assert decision.adopted and decision.strict and decision.required == 5
    assert decide(Threshold.parse("majority"), Tally(5, 5, unit=Unit.WEIGHT)).tie


def test_weighted_two_thirds_exact() -> None:
    threshold = Threshold.parse("two-thirds-of-members")
    carried = decide(threshold, Tally(Fraction(20, 3), 0, unit=Unit.WEIGHT, members=10))
    assert carried.adopted and carried.required == Fraction(20, 3) and not carried.strict
    lost = decide(threshold, Tally(Fraction(199, 30), 0, unit=Unit.WEIGHT, members=10))
    assert not lost.adopted


def test_head_tally_must_be_whole() -> None:
    with pytest.raises(ThresholdError, match="whole"):
        Tally(Fraction(1, 2), 0)
    with pytest.raises(ThresholdError, match="whole"):
        Tally(1, 0, members=Fraction(5, 2))


def test_heads_explain_has_no_weight_mark() -> None:
    text = decide(Threshold.parse("majority"), Tally(7, 5)).explain()
    assert (
        text
        == "7 for, 5 against, 0 abstaining; needed a majority of the votes cast (7 of 12): adopted"
    )


# -- refusals -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"yes": -1, "no": 0},
        {"yes": 0, "no": -1},
        {"yes": 0, "no": 0, "abstain": -2},
        {"yes": 0, "no": 0, "present": -1},
        {"yes": True, "no": 0},
        {"yes": 0, "no": False},
        {"yes": 1.0, "no": 0},
        {"yes": 1, "no": 0.5, "unit": Unit.WEIGHT},
        {"yes": "3", "no": 0},
        {"yes": 1, "no": 0, "members": 2.0},
    ],
)
def test_tally_refuses(fields: dict[str, object]) -> None:
    with pytest.raises(ThresholdError):
        Tally(**fields)  # type: ignore[arg-type]


def test_basis_needs_its_figures() -> None:
    with pytest.raises(ThresholdError, match="members present"):
        decide(Threshold.parse("majority-of-members-present"), Tally(3, 1))
    with pytest.raises(ThresholdError, match="number of members"):
        decide(Threshold.parse("majority-of-members"), Tally(3, 1))
    with pytest.raises(ThresholdError, match="than members present"):
        decide(Threshold.parse("majority-of-members-present"), Tally(3, 1, present=3))
    with pytest.raises(ThresholdError, match="than members"):
        decide(Threshold.parse("majority-of-members"), Tally(3, 1, members=3))


def test_least_yes() -> None:
    assert least_yes(Threshold.parse("majority"), 11) == 6
    assert least_yes(Threshold.parse("majority"), 12) == 7
    assert least_yes(Threshold.parse("two-thirds"), 10) == 7
    assert least_yes(Threshold.parse("simple"), 0, no=4) == 5
    assert least_yes(Threshold.parse("three-quarters"), Fraction(10)) == Fraction(15, 2)


# -- invariants -----------------------------------------------------------------------

thresholds = st.builds(Threshold, st.sampled_from(list(Rule)), st.sampled_from(list(Basis)))
counts = st.integers(0, 60)


@st.composite
def head_tallies(draw: st.DrawFn) -> Tally:
    yes, no, abstain = draw(counts), draw(counts), draw(counts)
    present = yes + no + abstain + draw(st.integers(0, 30))
    members = present + draw(st.integers(0, 30))
    return Tally(yes, no, abstain, present=present, members=members)


def grown(tally: Tally, **more: int) -> Tally:
    """`tally` with more votes, and as many more present and members as they need."""
    added = sum(more.values())
    assert tally.present is not None and tally.members is not None
    return Tally(
        tally.yes + more.get("yes", 0),
        tally.no + more.get("no", 0),
        tally.abstain + more.get("abstain", 0),
        unit=tally.unit,
        present=tally.present + added,
        members=tally.members + added,
    )


@settings(max_examples=300, deadline=None)
@given(thresholds, head_tallies())
def test_one_more_yes_never_loses_a_carried_question(threshold: Threshold, tally: Tally) -> None:
    # Every basis grows by at most the new vote, and each rule's share is at most 1,
    # so the yes side gains at least as much as it needs.
    if decide(threshold, tally).adopted:
        assert decide(threshold, grown(tally, yes=1)).adopted


@settings(max_examples=300, deadline=None)
@given(thresholds, head_tallies())
def test_a_no_turned_yes_never_loses_a_carried_question(threshold: Threshold, tally: Tally) -> None:
    if tally.no and decide(threshold, tally).adopted:
        turned = Tally(tally.yes + 1, tally.no - 1, tally.abstain, present=tally.present,
                       members=tally.members)  # fmt: skip
        assert decide(threshold, turned).adopted


@settings(max_examples=300, deadline=None)
@given(thresholds, head_tallies(), st.sampled_from(["no", "abstain"]))
def test_more_no_or_abstain_never_carries_a_lost_question(
    threshold: Threshold, tally: Tally, side: str
) -> None:
    if not decide(threshold, tally).adopted:
        assert not decide(threshold, grown(tally, **{side: 1})).adopted


@settings(max_examples=300, deadline=None)
@given(thresholds, head_tallies(), st.fractions(min_value=Fraction(1, 100), max_value=100))
def test_weights_scaled_together_decide_alike(
    threshold: Threshold, tally: Tally, factor: Fraction
) -> None:
    # every rule is a ratio: multiplying every figure by the same weight changes nothing
    assert tally.present is not None and tally.members is not None
    scaled = Tally(
        tally.yes * factor,
        tally.no * factor,
        tally.abstain * factor,
        unit=Unit.WEIGHT,
        present=tally.present * factor,
        members=tally.members * factor,
    )
    heads, weights = decide(threshold, tally), decide(threshold, scaled)
    assert (heads.adopted, heads.tie) == (weights.adopted, weights.tie)


@settings(max_examples=300, deadline=None)
@given(thresholds, head_tallies())
def test_required_agrees_with_the_outcome(threshold: Threshold, tally: Tally) -> None:
    decision = decide(threshold, tally)
    if decision.base == 0 or decision.tie:
        return
    assert decision.adopted == (decision.yes >= decision.required)


@settings(max_examples=300, deadline=None)
@given(
    thresholds,
    st.fractions(min_value=0, max_value=50),
    st.fractions(min_value=0, max_value=50),
    st.fractions(min_value=0, max_value=50),
    st.fractions(min_value=0, max_value=20),
)
def test_weighted_required_agrees_with_the_outcome(
    threshold: Threshold, yes: Fraction, no: Fraction, abstain: Fraction, absent: Fraction
) -> None:
    voted = yes + no + abstain
    tally = Tally(yes, no, abstain, unit=Unit.WEIGHT, present=voted + absent,
                  members=voted + 2 * absent)  # fmt: skip
    decision: Decision = decide(threshold, tally)
    if decision.base == 0 or decision.tie:
        return
    reaches = yes > decision.required if decision.strict else yes >= decision.required
    assert decision.adopted == reaches
