"""BLT files: the standard format, the Scottish variants, refusals by line, round trips."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smolny.counting.blt import BltError, read_blt, write_blt
from smolny.counting.stv import Ballot, Candidate, Election

STANDARD = """4 2
-4
3 1 2 0
(b7) 2 2 3 1 0
1 3 0

0
"Ann Smith"
"Bob ""Bobby"" Jones"
"Cy Young"
"Di Withdrawn"
"The test ward"
"""


def test_standard_file_with_withdrawn_and_ballot_ids() -> None:
    election = read_blt(STANDARD, "std.blt")
    assert election.seats == 2
    assert [c.name for c in election.candidates] == [
        "Ann Smith",
        'Bob "Bobby" Jones',
        "Cy Young",
        "Di Withdrawn",
    ]
    assert election.withdrawn == frozenset({4})
    assert election.running == (1, 2, 3)
    assert election.ballots == (
        Ballot(3, (1, 2)),
        Ballot(2, (2, 3, 1), "b7"),
        Ballot(1, (3,)),
    )
    assert election.title == "The test ward"


def test_unquoted_names_with_party_in_brackets() -> None:
    text = "2 1\n5 1 2 0\n3 2 0\n0\nYvonne ALLAN (Lab)\nRenée SLATER (Grn)\nTorry/Ferryhill Ward"
    election = read_blt(text, "x.blt")
    assert [c.name for c in election.candidates] == ["Yvonne ALLAN (Lab)", "Renée SLATER (Grn)"]
    assert election.title == "Torry/Ferryhill Ward"


def test_lines_ending_with_commas() -> None:
    # As in 5_cands/perth_kinross_2016_by_election_ward9.blt, including a name whose
    # comma is not the last character (kept) and a last line with no comma.
    text = (
        "3 1,\n786 1 0,\n87 1 2 0,\n3 3 2 1 0,\n0,\n"
        "Kathleen BAIRD,\nWilma,LUMSDEN\nDave X,\nWard 9,"
    )
    election = read_blt(text, "p.blt")
    assert [c.name for c in election.candidates] == ["Kathleen BAIRD", "Wilma,LUMSDEN", "Dave X"]
    assert election.ballots[2] == Ballot(3, (3, 2, 1))
    assert election.title == "Ward 9"


@pytest.mark.parametrize(
    ("line", "name", "affiliation"),
    [
        (
            '"Jamie COLE-HAMILTON" "Scottish Green Party"',
            "Jamie COLE-HAMILTON",
            "Scottish Green Party",
        ),
        ('"Brian ALLAN ""Alba Party"""', 'Brian ALLAN "Alba Party"', None),
        ('"""Kate CAMPBELL"" ""Scottish Conservative"""', "Kate CAMPBELL", "Scottish Conservative"),
        ('"""Sally COGLEY"" ""The Rubbish Party"" "', "Sally COGLEY", "The Rubbish Party"),
        ('"Lab ""George ADAM"" "', 'Lab "George ADAM"', None),
        ("# ALTERNATIVE NAME 1: Gary Barton (Ind)", "Gary Barton (Ind)", None),
        ('"Lesley BERRY"', "Lesley BERRY", None),
    ],
)
def test_name_line_variants_of_the_scottish_files(
    line: str, name: str, affiliation: str | None
) -> None:
    election = read_blt(f"1 1\n1 1 0\n0\n{line}\nWard", "v.blt")
    assert election.candidates == (Candidate(1, name, affiliation),)


def test_byte_order_mark_and_crlf_are_accepted() -> None:
    text = "\ufeff" + STANDARD.replace("\n", "\r\n")
    assert read_blt(text, "bom.blt") == read_blt(STANDARD, "std.blt")


def test_lines_may_be_given_as_an_iterable() -> None:
    election = read_blt(iter(STANDARD.splitlines(keepends=True)), "std.blt")
    assert election == read_blt(STANDARD, "std.blt")


BASE = ["3 2", "4 1 2 0", "2 3 0", "0", '"A"', '"B"', '"C"', '"T"']


def with_line(index: int, text: str) -> str:
    lines = list(BASE)
    lines[index] = text
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        (with_line(1, "4 1 4 0"), 2, "preference 4 names no candidate"),
        (with_line(1, "4 1 0 2 0"), 2, "after the 0"),
        (with_line(1, "4 1 2 1 0"), 2, "candidate 1 is ranked twice"),
        (with_line(1, "4 1 2=3 0"), 2, "equal preferences"),
        (with_line(1, "-4 1 2 0"), 2, "negative weight -4"),
        (with_line(1, "4 1 2"), 2, "does not end with 0"),
        (with_line(1, "4 1 x 0"), 2, "'x' is not a candidate number"),
        (with_line(0, "3 4"), 1, "4 seats but only 3 candidates"),
        (with_line(0, "3 0"), 1, "0 seats"),
        (with_line(0, "three 2"), 1, "expected '<candidates> <seats>'"),
        ("3 2\n-1 -2\n1 3 0\n0\nA\nB\nC\nT\n", 2, "2 seats but only 1 candidates not withdrawn"),
        ("3 2\n-5\n1 3 0\n0\nA\nB\nC\nT\n", 2, "withdrawn candidate '-5'"),
        ("3 2\n1 3 0\n-1\n0\nA\nB\nC\nT\n", 3, "withdrawn candidates must be listed"),
        ("3 2\n4 1 2 0\n2 3 0\n", 3, "no line '0' closes the ballots"),
        ("3 2\n4 1 2 0\n0\nA\nB\n", 5, "3 candidate names expected, found 2"),
        ("3 2\n4 1 2 0\n0\nA\nB\nC\n", 6, "no title"),
        ("3 2\n4 1 2 0\n0\nA\nB\nC\nT\nextra\n", 8, "unexpected text after the title"),
        ('3 2\n4 1 2 0\n"A"\n0\nA\nB\nC\nT\n', 3, "expected a ballot"),
        ("", 1, "empty file"),
    ],
)
def test_refusals_name_the_file_and_line(text: str, line: int, problem: str) -> None:
    with pytest.raises(BltError) as caught:
        read_blt(text, "bad.blt")
    assert caught.value.line == line
    assert problem in caught.value.problem
    assert str(caught.value).startswith(f"bad.blt, line {line}: ")


def test_blank_lines_keep_line_numbers_true() -> None:
    with pytest.raises(BltError) as caught:
        read_blt("3 2\n\n\n4 1 9 0\n0\nA\nB\nC\nT\n", "gap.blt")
    assert caught.value.line == 4


def test_writer_output_is_standard_blt() -> None:
    election = read_blt(STANDARD, "std.blt")
    assert write_blt(election) == (
        "4 2\n-4\n3 1 2 0\n(b7) 2 2 3 1 0\n1 3 0\n0\n"
        '"Ann Smith"\n"Bob ""Bobby"" Jones"\n"Cy Young"\n"Di Withdrawn"\n"The test ward"\n'
    )


# Names as people write them: no line breaks, no surrounding blanks, not starting with a
# quote (a leading quote is how the Scottish files nest their quoting).
names = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=20
).filter(lambda s: s == s.strip() and not s.startswith('"'))


@st.composite
def elections(draw: st.DrawFn) -> Election:
    n = draw(st.integers(1, 6))
    withdrawn = draw(st.sets(st.integers(1, n), max_size=n - 1))
    seats = draw(st.integers(1, n - len(withdrawn)))
    ballots = draw(
        st.lists(
            st.builds(
                Ballot,
                st.integers(0, 50),
                st.permutations(range(1, n + 1)).flatmap(
                    lambda p: st.integers(0, n).map(lambda k: tuple(p[:k]))
                ),
                st.none() | st.text(alphabet="abc123-", min_size=1, max_size=5),
            ),
            max_size=8,
        )
    )
    candidates = tuple(Candidate(i, draw(names), draw(st.none() | names)) for i in range(1, n + 1))
    return Election(candidates, seats, tuple(ballots), frozenset(withdrawn), draw(names))


@settings(max_examples=200, deadline=None)
@given(elections())
def test_write_then_read_gives_the_same_election(election: Election) -> None:
    assert read_blt(write_blt(election), "round.blt") == election
