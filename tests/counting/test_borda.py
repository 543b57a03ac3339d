"""The Borda count: a published example, the variants worked by hand, ties, properties
over random elections, and agreement with pref_voting's scores.

Figures below were worked by hand (or are the published ones, where a source is named)
and are not outputs of this code.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smolny.counting.blt import read_blt
from smolny.counting.borda import (
    AVERAGE,
    BORDA,
    DOWDALL,
    MODIFIED,
    ZERO,
    BordaResult,
    BordaTie,
    count_borda,
    render_text,
    to_json,
)
from smolny.counting.ranking import LOT, RANDOM_BALLOT
from smolny.counting.stv import Ballot, Candidate, CountError, Election, Lot, LotRequired


def letters(names: str, seats: int, *ballots: str, withdrawn: str = "") -> Election:
    """An election from ballots written '42 MNCK' (42 papers ranking M > N > C > K)."""
    lines = [f"{len(names)} {seats}"]
    if withdrawn:
        lines.append(" ".join(f"-{names.index(x) + 1}" for x in withdrawn))
    for ballot in ballots:
        weight, _, order = ballot.partition(" ")
        prefs = "".join(f"{names.index(x) + 1} " for x in order.strip())
        lines.append(f"{weight} {prefs}0")
    lines += ["0", *(f'"{x}"' for x in names), '"test"']
    return read_blt("\n".join(lines), "test.blt")


def scores(result: BordaResult, names: str) -> dict[str, Fraction]:
    return {names[c - 1]: s for c, s in result.scores.items()}


def ranking(result: BordaResult, names: str) -> str:
    out = ""
    for place in result.places:
        group = "".join(names[c - 1] for c in place.candidates)
        out += group if len(group) == 1 else f"({group})"
    return out


# Wikipedia, "Borda count": the capital of Tennessee, 100 voters (per cent) in four cities.
TENNESSEE = ("42 MNCK", "26 NCKM", "15 CKNM", "17 KCNM")


def test_tennessee_capital() -> None:
    # Published: Nashville 194, Chattanooga 173, Memphis 126, Knoxville 107.
    result = count_borda(letters("MNCK", 1, *TENNESSEE))
    assert scores(result, "MNCK") == {"M": 126, "N": 194, "C": 173, "K": 107}
    assert result.elected == (2,)
    assert ranking(result, "MNCK") == "NCMK"
    assert result.points == (3, 2, 1, 0)
    assert result.total_points == 600  # 100 papers x (3 + 2 + 1 + 0)
    assert result.rank_counts[1] == (42, 0, 0, 58)


def test_tennessee_capital_by_dowdall() -> None:
    # By hand, points 1, 1/2, 1/3, 1/4:
    #   Memphis     42 + 58/4                 = 113/2
    #   Nashville   26 + 42/2 + 32/3          = 173/3
    #   Chattanooga 15 + 42/3 + 26/2 + 17/2   = 101/2
    #   Knoxville   17 + 42/4 + 26/3 + 15/2   = 131/3
    result = count_borda(letters("MNCK", 1, *TENNESSEE), scoring=DOWDALL)
    assert scores(result, "MNCK") == {
        "M": Fraction(113, 2),
        "N": Fraction(173, 3),
        "C": Fraction(101, 2),
        "K": Fraction(131, 3),
    }
    assert ranking(result, "MNCK") == "NMCK"
    assert result.total_points == 100 * Fraction(25, 12)


# Truncated papers, by hand: 3 "AB", 2 "C", 1 "DCBA"; four candidates.
TRUNCATED = ("3 AB", "2 C", "1 DCBA")


def test_truncated_papers_share_the_points_left_by_default() -> None:
    # Points 3, 2, 1, 0. "AB": A 3, B 2, and C, D share 1 + 0: 1/2 each.
    # "C": C 3, and A, B, D share 2 + 1 + 0: 1 each. "DCBA": D 3, C 2, B 1, A 0.
    #   A = 9 + 2 + 0 = 11; B = 6 + 2 + 1 = 9; C = 3/2 + 6 + 2 = 19/2; D = 3/2 + 2 + 3 = 13/2
    result = count_borda(letters("ABCD", 1, *TRUNCATED))
    assert result.unranked == AVERAGE
    assert scores(result, "ABCD") == {
        "A": 11,
        "B": 9,
        "C": Fraction(19, 2),
        "D": Fraction(13, 2),
    }
    assert result.total_points == 6 * 6  # each paper gives 3 + 2 + 1 + 0
    assert ranking(result, "ABCD") == "ACBD"
    assert result.rank_counts == {
        1: (3, 0, 0, 1),
        2: (0, 3, 1, 0),
        3: (2, 1, 0, 0),
        4: (1, 0, 0, 0),
    }
    assert result.unranked_papers == {1: 2, 2: 2, 3: 3, 4: 5}


def test_truncated_papers_give_the_unranked_nothing_when_asked() -> None:
    #   A = 9 + 0 = 9; B = 6 + 1 = 7; C = 6 + 2 = 8; D = 3
    result = count_borda(letters("ABCD", 1, *TRUNCATED), unranked=ZERO)
    assert scores(result, "ABCD") == {"A": 9, "B": 7, "C": 8, "D": 3}
    assert ranking(result, "ABCD") == "ACBD"


def test_dowdall_with_truncated_papers() -> None:
    # Shared: "AB" leaves C, D (1/3 + 1/4) / 2 = 7/24 each; "C" leaves A, B, D
    # (1/2 + 1/3 + 1/4) / 3 = 13/36 each.
    #   A = 3 + 13/18 + 1/4 = 143/36;  B = 3/2 + 13/18 + 1/3 = 23/9
    #   C = 7/8 + 2 + 1/2 = 27/8;      D = 7/8 + 13/18 + 1 = 187/72
    shared = count_borda(letters("ABCD", 1, *TRUNCATED), scoring=DOWDALL)
    assert scores(shared, "ABCD") == {
        "A": Fraction(143, 36),
        "B": Fraction(23, 9),
        "C": Fraction(27, 8),
        "D": Fraction(187, 72),
    }
    assert shared.total_points == 6 * Fraction(25, 12)
    # Nothing for the unranked: A = 3 + 1/4, B = 3/2 + 1/3, C = 2 + 1/2, D = 1.
    zero = count_borda(letters("ABCD", 1, *TRUNCATED), scoring=DOWDALL, unranked=ZERO)
    assert scores(zero, "ABCD") == {
        "A": Fraction(13, 4),
        "B": Fraction(11, 6),
        "C": Fraction(5, 2),
        "D": 1,
    }


def test_modified_borda_gives_as_many_points_as_candidates_ranked() -> None:
    # "AB": A 2, B 1 (x3); "C": C 1 (x2); "DCBA": D 4, C 3, B 2, A 1.
    #   A = 6 + 1 = 7; B = 3 + 2 = 5; C = 2 + 3 = 5; D = 4
    result = count_borda(letters("ABCD", 1, *TRUNCATED), scoring=MODIFIED)
    assert result.unranked == ZERO and result.points is None
    assert scores(result, "ABCD") == {"A": 7, "B": 5, "C": 5, "D": 4}
    assert ranking(result, "ABCD") == "A(BC)D"  # the tie for second decides no seat
    with pytest.raises(CountError, match="modified Borda count gives candidates left"):
        count_borda(letters("ABCD", 1, *TRUNCATED), scoring=MODIFIED, unranked=AVERAGE)


def test_withdrawn_candidates_are_struck_and_the_points_follow_the_running() -> None:
    # D withdrawn: three running, points 2, 1, 0. "DCBA" reads "CBA".
    #   "AB" x3: A 6, B 3, C 0 (shares 0); "C" x2: C 4, A and B share 1 + 0: 1/2 each.
    #   "CBA": C 2, B 1, A 0.  A = 6 + 1 = 7; B = 3 + 1 + 1 = 5; C = 4 + 2 = 6.
    result = count_borda(letters("ABCD", 1, *TRUNCATED, withdrawn="D"))
    assert scores(result, "ABCD") == {"A": 7, "B": 5, "C": 6}
    assert result.points == (2, 1, 0)


def test_unknown_scoring_and_unranked_rule_are_refused() -> None:
    election = letters("AB", 1, "1 AB")
    with pytest.raises(CountError, match="Borda scoring 'range'"):
        count_borda(election, scoring="range")
    with pytest.raises(CountError, match="unranked 'half'"):
        count_borda(election, unranked="half")


# --- ties -------------------------------------------------------------------------------


def test_a_tie_for_a_seat_without_a_lot_is_refused_naming_the_tied() -> None:
    with pytest.raises(BordaTie) as caught:
        count_borda(letters("ABCD", 2, *TRUNCATED), scoring=MODIFIED)
    assert caught.value.tied == (2, 3) and caught.value.score == 5
    assert caught.value.purpose == "second place" and caught.value.rule == "borda-tie"
    assert "tied for second place with 5 points" in str(caught.value)
    assert isinstance(caught.value, LotRequired)


def test_a_tie_for_a_seat_is_drawn_and_recorded() -> None:
    election = letters("ABCD", 2, *TRUNCATED)
    result = count_borda(election, scoring=MODIFIED, lot=Lot(order=[3, 2]))
    assert result.elected == (1, 3)
    (tie,) = result.tie_breaks
    assert (tie.tied, tie.chosen, tie.decided_by) == ((2, 3), 3, "lot")
    assert tie.lot == "fixed order 3,2"
    assert ranking(result, "ABCD") == "ACBD"  # a full order once the tie is broken


def test_a_tie_decided_by_a_random_ballot() -> None:
    # Of the papers ranking B or C: "AB" x3 ranks B (not C); "C" x2 ranks C; "DCBA"
    # ranks C above B. Whichever is drawn, its higher of B and C takes the place.
    election = letters("ABCD", 2, *TRUNCATED)
    result = count_borda(election, scoring=MODIFIED, lot=Lot(seed=4), tie_rule=RANDOM_BALLOT)
    (tie,) = result.tie_breaks
    assert tie.decided_by == "random ballot" and tie.lot is not None
    assert "among the 6 papers ranking any of them" in tie.lot
    index = int(tie.lot.split(" of ballot ")[1].split(",")[0])
    prefs = election.ballots[index - 1].preferences
    assert tie.chosen == next(c for c in prefs if c in (2, 3))


# --- reports -----------------------------------------------------------------------------


def test_report_and_json_state_the_rule_and_the_ranks() -> None:
    election = letters("ABCD", 1, *TRUNCATED)
    result = count_borda(election)
    text = render_text(result, election)
    assert "points by rank 3, 2, 1, 0" in text and "share equally" in text
    assert " 9.5" in text and "Elected: A" in text  # 19/2, exact
    data = to_json(result, election)
    assert data["candidates"][2] == {
        "number": 3,
        "name": "C",
        "score": "9.5",
        "ranks": [2, 1, 0, 0],
        "unranked": 3,
    }
    assert data["total_points"] == "36" and data["points"] == ["3", "2", "1", "0"]
    assert data["rule"].startswith("borda: points by rank")


# --- properties over random elections ----------------------------------------------------


@st.composite
def elections(draw: st.DrawFn, complete: bool = False) -> Election:
    n = draw(st.integers(1, 6))
    seats = draw(st.integers(1, n))
    lengths = st.just(n) if complete else st.integers(0, n)
    rankings = st.permutations(range(1, n + 1)).flatmap(
        lambda p: lengths.map(lambda k: tuple(p[:k]))
    )
    ballots = draw(st.lists(st.builds(Ballot, st.integers(0, 20), rankings), max_size=12))
    candidates = tuple(Candidate(i, f"C{i}") for i in range(1, n + 1))
    return Election(candidates, seats, tuple(ballots))


def harmonic(n: int) -> Fraction:
    return sum((Fraction(1, k) for k in range(1, n + 1)), Fraction(0))


@settings(max_examples=300, deadline=None)
@given(elections(), st.integers(0, 2**32), st.sampled_from([LOT, RANDOM_BALLOT]))
def test_totals_add_up_to_voters_times_points(election: Election, seed: int, rule: str) -> None:
    n = len(election.running)
    standard = count_borda(election, lot=Lot(seed=seed), tie_rule=rule)
    assert standard.total_points == standard.valid_votes * n * (n - 1) // 2
    dowdall = count_borda(election, lot=Lot(seed=seed), scoring=DOWDALL)
    assert dowdall.total_points == dowdall.valid_votes * harmonic(n)
    modified = count_borda(election, lot=Lot(seed=seed), scoring=MODIFIED)
    merged: dict[tuple[int, ...], int] = {}
    for b in election.ballots:
        if b.preferences and b.weight:
            merged[b.preferences] = merged.get(b.preferences, 0) + b.weight
    assert modified.total_points == sum(w * len(r) * (len(r) + 1) // 2 for r, w in merged.items())
    for result in (standard, dowdall, modified):
        assert len(result.elected) == election.seats
        order = [c for p in result.places for c in p.candidates]
        assert sorted(order) == list(election.running)
        assert all(  # places go down by score
            result.scores[a] >= result.scores[b] for a, b in zip(order, order[1:], strict=False)
        )
        for c in election.running:
            assert sum(result.rank_counts[c]) + result.unranked_papers[c] == result.valid_votes


@settings(max_examples=200, deadline=None)
@given(elections(complete=True))
def test_on_complete_papers_the_unranked_rule_changes_nothing(election: Election) -> None:
    n = len(election.running)
    shared = count_borda(election, lot=Lot(seed=0))
    zero = count_borda(election, lot=Lot(seed=0), unranked=ZERO)
    assert shared.scores == zero.scores
    assert zero.total_points == zero.valid_votes * n * (n - 1) // 2


@settings(max_examples=200, deadline=None)
@given(elections())
def test_without_a_lot_only_a_tie_for_a_seat_is_refused(election: Election) -> None:
    with_lot = count_borda(election, lot=Lot(seed=1))
    try:
        result = count_borda(election)
    except BordaTie as exc:
        assert with_lot.tie_breaks and exc.tied == with_lot.tie_breaks[0].tied
        return
    assert with_lot.tie_breaks == () and result.elected == with_lot.elected


@settings(max_examples=100, deadline=None)
@given(elections(), st.integers(0, 2**32), st.sampled_from([BORDA, DOWDALL, MODIFIED]))
def test_json_holds_only_integers_and_strings(election: Election, seed: int, scoring: str) -> None:
    data = to_json(count_borda(election, lot=Lot(seed=seed), scoring=scoring), election)

    def walk(node: object) -> None:
        if isinstance(node, dict):
            assert all(isinstance(k, str) for k in node)
            for item in node.values():
                walk(item)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        else:
            assert node is None or isinstance(node, (int, str))

    walk(data)


# --- agreement with pref_voting ----------------------------------------------------------


def pref_voting_profile(election: Election) -> object:
    from pref_voting.profiles_with_ties import ProfileWithTies

    running = election.running
    rankings, counts = [], []
    for ballot in election.ballots:
        prefs = [c for c in ballot.preferences if c in running]
        if ballot.weight and prefs:
            rankings.append({c: r for r, c in enumerate(prefs, start=1)})
            counts.append(ballot.weight)
    profile = ProfileWithTies(rankings, rcounts=counts, candidates=list(running))
    profile.use_extended_strict_preference()
    return profile


@settings(max_examples=200, deadline=None)
@given(elections())
def test_pref_voting_scores_agree(election: Election) -> None:
    # pref_voting's "domination" Borda score (candidates ranked strictly below) is the
    # score with nothing for the unranked; its "symmetric" score (below minus above) is
    # 2 x the shared score - (n - 1) per paper.
    from pref_voting.scoring_methods import (
        borda_for_profile_with_ties,
        domination_borda_scores,
        symmetric_borda_scores,
    )

    shared = count_borda(election, lot=Lot(seed=0))
    if not shared.valid_votes:
        return
    zero = count_borda(election, lot=Lot(seed=0), unranked=ZERO)
    n, v = len(election.running), shared.valid_votes
    profile = pref_voting_profile(election)
    domination = domination_borda_scores(profile)
    symmetric = symmetric_borda_scores(profile)
    for c in election.running:
        assert zero.scores[c] == domination[c]
        assert 2 * shared.scores[c] - v * (n - 1) == symmetric[c]
    best = max(shared.scores.values())
    assert borda_for_profile_with_ties(profile) == sorted(
        c for c in election.running if shared.scores[c] == best
    )


def test_pref_voting_agrees_on_tennessee() -> None:
    from pref_voting.profiles import Profile
    from pref_voting.scoring_methods import borda

    election = letters("MNCK", 1, *TENNESSEE)
    profile = Profile([[0, 1, 2, 3], [1, 2, 3, 0], [2, 3, 1, 0], [3, 2, 1, 0]], [42, 26, 15, 17])
    assert profile.borda_scores() == {0: 126, 1: 194, 2: 173, 3: 107}
    assert borda(profile) == [1]
    assert count_borda(election).elected == (2,)
