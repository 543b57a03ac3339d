"""The Schulze method: examples from the literature, cycles and ties, properties over
random elections, and agreement with pref_voting's independent implementation.

Figures below were worked by hand (or are the published ones, where a source is named)
and are not outputs of this code.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smolny.counting.blt import read_blt
from smolny.counting.ranking import LOT, RANDOM_BALLOT
from smolny.counting.schulze import (
    MARGINS,
    WINNING_VOTES,
    SchulzeResult,
    SchulzeTie,
    count_schulze,
    render_text,
    to_json,
)
from smolny.counting.stv import Ballot, Candidate, CountError, Election, Lot, LotRequired


def letters(names: str, seats: int, *ballots: str, withdrawn: str = "") -> Election:
    """An election from ballots written '5 ACBED' (5 papers ranking A > C > B > E > D)."""
    lines = [f"{len(names)} {seats}"]
    if withdrawn:
        lines.append(" ".join(f"-{names.index(x) + 1}" for x in withdrawn))
    for ballot in ballots:
        weight, _, order = ballot.partition(" ")
        prefs = "".join(f"{names.index(x) + 1} " for x in order.strip())
        lines.append(f"{weight} {prefs}0")
    lines += ["0", *(f'"{x}"' for x in names), '"test"']
    return read_blt("\n".join(lines), "test.blt")


def matrix(result: SchulzeResult, names: str, which: str) -> list[list[int | None]]:
    m = result.pairwise if which == "d" else result.strongest
    n = len(names)
    return [[None if a == b else m[a][b] for b in range(1, n + 1)] for a in range(1, n + 1)]


def ranking(result: SchulzeResult, names: str) -> str:
    """The places as letters, tied ones in brackets: 'EACBD', 'A(BC)'."""
    out = ""
    for place in result.places:
        group = "".join(names[c - 1] for c in place.candidates)
        out += group if len(group) == 1 else f"({group})"
    return out


# --- examples from the literature -----------------------------------------------------

WIKIPEDIA = (
    "5 ACBED",
    "5 ADECB",
    "8 BEDAC",
    "3 CABED",
    "7 CAEBD",
    "2 CBADE",
    "7 DCEBA",
    "8 EBADC",
)


def test_wikipedia_and_schulze_example_with_45_voters() -> None:
    # Wikipedia, "Schulze method", the example (Schulze's own Example 1): both matrices
    # and the ranking E > A > C > B > D as published there.
    result = count_schulze(letters("ABCDE", 1, *WIKIPEDIA))
    assert matrix(result, "ABCDE", "d") == [
        [None, 20, 26, 30, 22],
        [25, None, 16, 33, 18],
        [19, 29, None, 17, 24],
        [15, 12, 28, None, 14],
        [23, 27, 21, 31, None],
    ]
    assert matrix(result, "ABCDE", "p") == [
        [None, 28, 28, 30, 24],
        [25, None, 28, 33, 24],
        [25, 29, None, 29, 24],
        [25, 28, 28, None, 24],
        [25, 28, 28, 31, None],
    ]
    assert ranking(result, "ABCDE") == "EACBD"
    assert result.elected == (5,)
    assert result.condorcet_winner is None  # E, the winner, loses to C 21:24
    assert result.potential_winners == (5,)
    assert result.valid_votes == 45 and result.tie_breaks == ()


def test_wikipedia_example_for_three_seats_is_the_top_of_the_order() -> None:
    result = count_schulze(letters("ABCDE", 3, *WIKIPEDIA))
    assert result.elected == (5, 1, 3)


def test_schulze_example_1a_a_cycle_settled_by_the_strongest_paths() -> None:
    # Schulze on the election-methods list (100 voters): A > B 67:33, B > C 68:32 and
    # C > A 65:35 form a cycle; D loses to each of A, B and C 48:52.
    # By hand: p[A][B] = 67, p[A][C] = min(67, 68) = 67, p[B][A] = min(68, 65) = 65,
    # p[B][C] = 68, p[C][A] = 65, p[C][B] = min(65, 67) = 65, p[X][D] = 52, p[D][X] = 0.
    # A beats B (67 > 65) and C (67 > 65); B beats C (68 > 65): A > B > C > D.
    result = count_schulze(letters("ABCD", 1, "35 DABC", "32 CABD", "20 BCAD", "13 DBCA"))
    assert matrix(result, "ABCD", "d") == [
        [None, 67, 35, 52],
        [33, None, 68, 52],
        [65, 32, None, 52],
        [48, 48, 48, None],
    ]
    assert matrix(result, "ABCD", "p") == [
        [None, 67, 67, 52],
        [65, None, 68, 52],
        [65, 65, None, 52],
        [0, 0, 0, None],
    ]
    assert ranking(result, "ABCD") == "ABCD"
    assert result.condorcet_winner is None


def test_a_condorcet_winner_wins() -> None:
    # B beats A 3:2 and C 4:1 pairwise (by hand), though A has most first preferences.
    result = count_schulze(letters("ABC", 1, "2 ABC", "2 BCA", "1 CBA"))
    assert result.condorcet_winner == 2
    assert result.elected == (2,)


# --- truncated ballots, withdrawn candidates, the variants -----------------------------


def test_truncated_papers_rank_the_named_above_the_rest_and_withdrawn_are_struck() -> None:
    # By hand, D withdrawn: 3 papers "A" (A over B and C; nothing on B against C),
    # 2 "BDC" read as "BC", 2 "C", and 1 "D", which names nobody running.
    election = letters("ABCD", 1, "3 A", "2 BDC", "2 C", "1 D", withdrawn="D")
    result = count_schulze(election)
    d = result.pairwise
    assert (d[1][2], d[2][1]) == (3, 2)  # A over B: the 3; B over A: the 2
    assert (d[1][3], d[3][1]) == (3, 4)  # C over A: 2 (B C) + 2 (C)
    assert (d[2][3], d[3][2]) == (2, 2)
    assert 4 not in d
    assert result.valid_votes == 7 and result.invalid_papers == 1  # the paper naming only D
    # Links: A -> B (3), C -> A (4); p[C][B] = min(4, 3) = 3 > p[B][C] = 0.
    assert ranking(result, "ABC") == "CAB"


def test_winning_votes_and_margins_can_disagree_on_truncated_papers() -> None:
    # By hand. Papers: 3 "C", 2 "AC", 4 "BA".
    #   A over B: 2 (AC); B over A: 4 (BA)            link B -> A, votes 4, margin 2
    #   A over C: 2 (AC) + 4 (BA); C over A: 3 (C)    link A -> C, votes 6, margin 3
    #   B over C: 4 (BA); C over B: 3 (C) + 2 (AC)    link C -> B, votes 5, margin 1
    # A cycle B -> A -> C -> B. By winning votes:
    #   p[A][B] = min(6, 5) = 5 > p[B][A] = 4; p[A][C] = 6 > p[C][A] = min(5, 4) = 4;
    #   p[C][B] = 5 > p[B][C] = min(4, 6) = 4: A > C > B.
    # By margins:
    #   p[B][A] = 2 > p[A][B] = min(3, 1) = 1; p[B][C] = min(2, 3) = 2 > p[C][B] = 1;
    #   p[A][C] = 3 > p[C][A] = min(1, 2) = 1: B > A > C.
    election = letters("ABC", 1, "3 C", "2 AC", "4 BA")
    votes = count_schulze(election)
    assert matrix(votes, "ABC", "d") == [[None, 2, 6], [4, None, 4], [3, 5, None]]
    assert matrix(votes, "ABC", "p") == [[None, 5, 6], [4, None, 4], [4, 5, None]]
    assert ranking(votes, "ABC") == "ACB"
    margins = count_schulze(election, variant=MARGINS)
    assert matrix(margins, "ABC", "p") == [[None, 1, 3], [2, None, 2], [1, 1, None]]
    assert ranking(margins, "ABC") == "BAC"
    assert margins.variant == MARGINS and votes.variant == WINNING_VOTES


def test_unknown_variant_is_refused() -> None:
    with pytest.raises(CountError, match="variant 'ranked-pairs'"):
        count_schulze(letters("AB", 1, "1 AB"), variant="ranked-pairs")


# --- cycles and ties --------------------------------------------------------------------

CYCLE = ("1 ABC", "1 BCA", "1 CAB")  # A > B, B > C, C > A, each 2:1: a perfect cycle


def test_a_cycle_of_equal_strength_with_no_lot_is_refused_naming_the_tied() -> None:
    with pytest.raises(SchulzeTie) as caught:
        count_schulze(letters("ABC", 1, *CYCLE))
    assert caught.value.tied == (1, 2, 3)
    assert caught.value.cycle is True
    assert caught.value.rule == "schulze-tie"
    assert caught.value.purpose == "first place"
    assert "cycle" in str(caught.value) and "1, 2, 3" in str(caught.value)
    assert isinstance(caught.value, LotRequired)  # callers' lot handling applies


def test_a_plain_tie_is_refused_as_a_tie_not_a_cycle() -> None:
    # By hand: A against B 1:1; A against C 1 (AB) + 1 (BA) : 2 (C), that is 2:2;
    # B against C likewise 2:2. Nobody is preferred to anybody.
    with pytest.raises(SchulzeTie) as caught:
        count_schulze(letters("ABC", 1, "1 AB", "1 BA", "2 C"))
    assert caught.value.cycle is False
    assert caught.value.tied == (1, 2, 3)


def test_a_cycle_is_drawn_by_a_seeded_lot_and_recorded() -> None:
    election = letters("ABC", 1, *CYCLE)
    first = count_schulze(election, lot=Lot(seed=5))
    again = count_schulze(election, lot=Lot(seed=5))
    assert first.elected == again.elected
    (tie,) = first.tie_breaks
    assert tie.tied == (1, 2, 3) and tie.chosen == first.elected[0]
    assert tie.decided_by == "lot" and tie.lot == "seeded draw (seed 5)"
    assert tie.purpose == "first place"
    assert first.places[0].tie_break == tie
    # Only the seat was drawn: the rest of the order is shown as it stands.
    assert [len(p.candidates) for p in first.places] in ([1, 2], [1, 1, 1])
    assert first.lot == "seeded draw (seed 5)"


def test_a_lot_by_fixed_order() -> None:
    result = count_schulze(letters("ABC", 1, *CYCLE), lot=Lot(order=[3, 1, 2]))
    assert result.elected == (3,)
    assert result.tie_breaks[0].lot == "fixed order 3,1,2"


def test_a_cycle_is_decided_by_a_random_ballot_which_the_trace_names() -> None:
    election = letters("ABC", 1, "2 ABC", "2 BCA", "2 CAB")
    result = count_schulze(election, lot=Lot(seed=11), tie_rule=RANDOM_BALLOT)
    (tie,) = result.tie_breaks
    assert tie.decided_by == "random ballot"
    assert tie.lot is not None and tie.lot.startswith("seed 11: paper ")
    # The paper drawn is one of the six; its first choice takes the place.
    index = int(tie.lot.split(" of ballot ")[1].split(",")[0])
    assert election.ballots[index - 1].preferences[0] == tie.chosen == result.elected[0]
    assert result.lot == "random ballot, then lot: seeded draw (seed 11)"


def test_random_ballot_falls_back_to_the_lot_when_no_paper_ranks_the_tied() -> None:
    # Every paper ranks C alone: C takes first place; A and B tie for second, and no
    # paper ranks either of them, so the lot decides.
    election = letters("ABC", 2, "3 C")
    result = count_schulze(election, lot=Lot(seed=3), tie_rule=RANDOM_BALLOT)
    assert result.elected[0] == 3
    (tie,) = result.tie_breaks
    assert tie.purpose == "second place" and tie.decided_by == "lot"


def test_random_ballot_needs_a_seed_not_an_order() -> None:
    with pytest.raises(CountError, match="random-ballot rule draws papers from a seed"):
        count_schulze(letters("AB", 1, "1 AB"), lot=Lot(order=[1, 2]), tie_rule=RANDOM_BALLOT)


def test_unknown_tie_rule_is_refused() -> None:
    with pytest.raises(CountError, match="tie rule 'coin'"):
        count_schulze(letters("AB", 1, "1 AB"), tie_rule="coin")


def test_a_tie_below_the_seats_needs_no_lot_and_is_shown() -> None:
    # A wins outright; B and C tie for second, which decides nothing with one seat.
    result = count_schulze(letters("ABC", 1, "2 ABC", "2 ACB"))
    assert result.elected == (1,)
    assert ranking(result, "ABC") == "A(BC)"
    assert [p.number for p in result.places] == [1, 2]
    assert result.tie_breaks == ()
    with pytest.raises(SchulzeTie) as caught:
        count_schulze(letters("ABC", 2, "2 ABC", "2 ACB"))
    assert caught.value.purpose == "second place" and caught.value.tied == (2, 3)
    with pytest.raises(SchulzeTie):
        count_schulze(letters("ABC", 1, "2 ABC", "2 ACB"), rank_all=True)
    full = count_schulze(letters("ABC", 1, "2 ABC", "2 ACB"), lot=Lot(seed=1), rank_all=True)
    assert [len(p.candidates) for p in full.places] == [1, 1, 1]


def test_more_seats_than_candidates_is_refused() -> None:
    election = letters("ABC", 1, "1 ABC", withdrawn="C")
    with pytest.raises(CountError, match="3 seats but only 2 candidates"):
        count_schulze(election, seats=3)


def test_report_and_json() -> None:
    election = letters("ABCDE", 1, *WIKIPEDIA)
    result = count_schulze(election)
    text = render_text(result, election)
    assert "Elected: E" in text and "d[row][column]" in text and "winning votes" in text
    data = to_json(result, election)
    assert data["pairwise"]["5"]["4"] == 31 and data["strongest_paths"]["1"]["2"] == 28
    assert [p["candidates"][0]["name"] for p in data["ranking"]] == list("EACBD")
    assert data["elected"] == [{"number": 5, "name": "E"}]
    tied = to_json(count_schulze(letters("ABC", 1, *CYCLE), lot=Lot(seed=2)), election)
    assert tied["tie_breaks"][0]["decided_by"] == "lot"
    assert tied["ranking"][0]["tie_break"] == tied["tie_breaks"][0]


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


def order_of(result: SchulzeResult) -> list[int]:
    return [c for place in result.places for c in place.candidates]


@settings(max_examples=300, deadline=None)
@given(elections(), st.integers(0, 2**32), st.sampled_from([WINNING_VOTES, MARGINS]))
def test_schulze_gives_a_ranking_consistent_with_its_beats(
    election: Election, seed: int, variant: str
) -> None:
    result = count_schulze(election, lot=Lot(seed=seed), variant=variant)
    running = election.running
    assert sorted(order_of(result)) == sorted(running)
    assert len(result.elected) == election.seats
    assert list(result.elected) == order_of(result)[: election.seats]
    for a in running:
        for b in running:
            if a == b:
                continue
            assert not (result.beats(a, b) and result.beats(b, a))
            for c in running:
                if c not in (a, b) and result.beats(a, b) and result.beats(b, c):
                    assert result.beats(a, c)  # Schulze's theorem: transitive
    position = {c: i for i, c in enumerate(order_of(result))}
    for a in running:
        for b in running:
            if a != b and result.beats(a, b):
                assert position[a] < position[b]
    for place in result.places:  # a shared place holds candidates nobody among them beats
        for a in place.candidates:
            assert not any(result.beats(b, a) for b in place.candidates)


@settings(max_examples=300, deadline=None)
@given(elections(), st.integers(0, 2**32))
def test_a_condorcet_winner_is_the_schulze_winner(election: Election, seed: int) -> None:
    result = count_schulze(election, seats=1, lot=Lot(seed=seed))
    d = result.pairwise
    for a in election.running:
        if all(d[a][b] > d[b][a] for b in election.running if b != a):
            assert result.condorcet_winner == a
            assert result.potential_winners == (a,)
            assert result.elected == (a,) and result.tie_breaks == ()


@settings(max_examples=200, deadline=None)
@given(elections())
def test_without_a_lot_only_a_tie_for_a_seat_is_refused(election: Election) -> None:
    with_lot = count_schulze(election, lot=Lot(seed=1))
    try:
        result = count_schulze(election)
    except SchulzeTie as exc:
        assert with_lot.tie_breaks
        assert exc.tied == with_lot.tie_breaks[0].tied
        return
    assert with_lot.tie_breaks == ()
    assert result.elected == with_lot.elected


@settings(max_examples=200, deadline=None)
@given(elections(complete=True))
def test_complete_papers_fill_the_matrix_and_the_variants_agree(election: Election) -> None:
    lot = Lot(seed=0)
    wins = count_schulze(election, lot=lot)
    margins = count_schulze(election, lot=Lot(seed=0), variant=MARGINS)
    for a in election.running:
        for b in election.running:
            if a != b:
                assert wins.pairwise[a][b] + wins.pairwise[b][a] == wins.valid_votes
                assert wins.beats(a, b) == margins.beats(a, b)


@settings(max_examples=100, deadline=None)
@given(elections(), st.integers(0, 2**32), st.sampled_from([LOT, RANDOM_BALLOT]))
def test_json_holds_only_integers_and_strings(election: Election, seed: int, rule: str) -> None:
    data = to_json(count_schulze(election, lot=Lot(seed=seed), tie_rule=rule), election)

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
    profile.use_extended_strict_preference()  # the unranked below the ranked, as here
    return profile


def their_defeats(profile: object, variant: str) -> set[tuple[int, int]]:
    from pref_voting.margin_based_methods import beat_path_defeat

    support = profile.support if variant == WINNING_VOTES else None  # type: ignore[attr-defined]
    return set(beat_path_defeat(profile, strength_function=support).edges())


def our_defeats(result: SchulzeResult, running: Sequence[int]) -> set[tuple[int, int]]:
    return {(a, b) for a in running for b in running if a != b and result.beats(a, b)}


@settings(max_examples=200, deadline=None)
@given(elections(), st.sampled_from([WINNING_VOTES, MARGINS]))
def test_pref_voting_finds_the_same_defeats_and_winners(election: Election, variant: str) -> None:
    from pref_voting.margin_based_methods import beat_path

    result = count_schulze(election, lot=Lot(seed=0), variant=variant)
    if not result.valid_votes:
        return  # pref_voting needs at least one ranking
    profile = pref_voting_profile(election)
    assert our_defeats(result, election.running) == their_defeats(profile, variant)
    support = profile.support if variant == WINNING_VOTES else None  # type: ignore[attr-defined]
    assert list(result.potential_winners) == beat_path(profile, strength_function=support)


def test_pref_voting_agrees_on_the_wikipedia_example() -> None:
    from pref_voting.margin_based_methods import beat_path

    election = letters("ABCDE", 1, *WIKIPEDIA)
    assert beat_path(pref_voting_profile(election)) == [5]
