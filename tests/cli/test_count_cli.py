"""`smolny count`: text and JSON output, lots, and one-line refusals with exit status 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from smolny.cli import main

# Wikipedia's "Single transferable vote" example: Chocolate, Oranges, Strawberries.
FOOD = """5 3
4 1 0
2 2 1 0
8 3 4 0
4 3 5 0
1 4 0
1 5 0
0
"Oranges"
"Pears"
"Chocolate"
"Strawberries"
"Hamburgers"
"Food"
"""

SCOTTISH = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "scottish-stv"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["count", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def food(tmp_path: Path) -> Path:
    path = tmp_path / "food.blt"
    path.write_text(FOOD, encoding="utf-8")
    return path


def only_ints_and_strings(node: object) -> bool:
    if isinstance(node, dict):
        return all(isinstance(k, str) and only_ints_and_strings(v) for k, v in node.items())
    if isinstance(node, list):
        return all(only_ints_and_strings(v) for v in node)
    return node is None or (isinstance(node, (int, str)) and not isinstance(node, bool))


def test_json_scottish(food: Path) -> None:
    code, out, err = run("--method", "scottish-stv", str(food), "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["elected"] == [
        {"number": 3, "name": "Chocolate"},
        {"number": 1, "name": "Oranges"},
        {"number": 4, "name": "Strawberries"},
    ]
    assert data["quota"] == 6
    assert [s["action"] for s in data["stages"]] == [
        "first-preferences",
        "surplus",
        "exclusion",
        "exclusion",
    ]
    assert data["stages"][1]["votes"] == {"1": "4", "2": "2", "3": "6", "4": "5", "5": "3"}
    assert data["stages"][1]["transfer_values"] == [{"received": "1", "transferred": "0.5"}]
    assert only_ints_and_strings(data)


def test_text_output_lists_elected_and_stages(food: Path) -> None:
    code, out, _ = run(str(food))
    assert code == 0
    assert "Elected: Chocolate; Oranges; Strawberries" in out
    assert "Stage 2: surplus of Chocolate" in out
    assert "excluded: Pears" in out


def test_meek_and_seats_option(food: Path) -> None:
    code, out, _ = run("--method", "meek", "--seats", "2", str(food), "--json")
    assert code == 0
    data = json.loads(out)
    assert len(data["elected"]) == 2
    assert isinstance(data["quota"], str)  # an exact fraction, as a string
    assert only_ints_and_strings(data)


def test_irv_needs_one_seat(food: Path) -> None:
    code, _, err = run("--method", "irv", str(food))
    assert code == 2
    assert err.count("\n") == 1 and "one seat" in err
    code, out, _ = run("--method", "irv", "--seats", "1", str(food), "--json")
    assert code == 0
    assert json.loads(out)["elected"] == [{"number": 3, "name": "Chocolate"}]


def test_lot_needed_then_given(tmp_path: Path) -> None:
    path = tmp_path / "tie.blt"
    path.write_text("3 1\n3 1 0\n2 2 0\n2 3 0\n0\nA\nB\nC\nT\n", encoding="utf-8")
    code, _, err = run(str(path))
    assert code == 2 and err.count("\n") == 1
    assert "lot" in err and "--seed" in err
    code, out, _ = run(str(path), "--lot-order", "3,2", "--json")
    assert code == 0
    tie = json.loads(out)["stages"][1]["tie_breaks"][0]
    assert tie["decided_by"] == "lot" and tie["chosen"]["number"] == 3
    assert tie["lot"] == "fixed order 3,2"
    code, out, _ = run(str(path), "--seed", "1", "--json")
    assert code == 0 and json.loads(out)["lot"] == "seeded draw (seed 1)"


@pytest.mark.parametrize(
    ("content", "args", "expected"),
    [
        ("3 1\n1 1 4 0\n0\nA\nB\nC\nT\n", (), "line 2: preference 4 names no candidate"),
        ("3 1\n1 1 2 1 0\n0\nA\nB\nC\nT\n", (), "line 2: candidate 1 is ranked twice"),
        ("3 1\n-2 1 0\n0\nA\nB\nC\nT\n", (), "line 2: negative weight -2"),
        ("3 4\n1 1 0\n0\nA\nB\nC\nT\n", (), "line 1: 4 seats but only 3 candidates"),
        ("3 1\n1 1 0\n0\nA\nB\nC\nT\n", ("--seats", "5"), "5 seats but only 3 candidates"),
        ("3 1\n1 1 0\n0\nA\nB\nC\nT\n", ("--method", "copeland"), "--method 'copeland': unknown"),
        ("3 1\n1 1 0\n0\nA\nB\nC\nT\n", ("--seats", "two"), "expected a whole number"),
        ("3 1\n1 1 0\n", (), "no line '0' closes the ballots"),
    ],
)
def test_bad_input_is_one_line_with_exit_2(
    tmp_path: Path, content: str, args: tuple[str, ...], expected: str
) -> None:
    path = tmp_path / "bad.blt"
    path.write_text(content, encoding="utf-8")
    code, out, err = run(str(path), *args)
    assert code == 2
    assert out == ""
    assert err.startswith("smolny: ") and err.count("\n") == 1
    assert expected in err
    if "line" in expected:
        assert str(path) in err


def test_missing_and_undecodable_files(tmp_path: Path) -> None:
    code, _, err = run(str(tmp_path / "none.blt"))
    assert code == 2 and "no such file" in err
    path = tmp_path / "latin.blt"
    path.write_bytes(b"1 1\n1 1 0\n0\n\xe9a\nT\n")
    code, _, err = run(str(path))
    assert code == 2 and "line 4: not UTF-8" in err


@pytest.mark.skipif(not SCOTTISH.is_dir(), reason=f"Scottish corpus not found at {SCOTTISH}")
def test_the_file_with_trailing_commas_counts() -> None:
    path = SCOTTISH / "5_cands" / "perth_kinross_2016_by_election_ward9.blt"
    code, out, _ = run(str(path), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["seats"] == 1 and len(data["elected"]) == 1
    code, out, _ = run(str(path))
    assert code == 0 and "  Wilma,LUMSDEN  " in out


# -- Schulze and Borda -----------------------------------------------------------------------

# A > B > C, B > C > A, C > A > B: each beats the next 2 to 1, a cycle of equal strength.
CYCLE = '3 1\n1 1 2 3 0\n1 2 3 1 0\n1 3 1 2 0\n0\n"Ada"\n"Bo"\n"Cy"\n"Cycle"\n'
# 5 rank A, B, C; 4 rank B, C, A: A has most first preferences, B most Borda points
BORDA = '3 1\n5 1 2 3 0\n4 2 3 1 0\n0\n"Ada"\n"Bo"\n"Cy"\n"Points"\n'


def no_floats(node: object) -> bool:
    """Integers, strings, booleans (a place's `tied`) and null only: nothing rounded."""
    if isinstance(node, dict):
        return all(isinstance(k, str) and no_floats(v) for k, v in node.items())
    if isinstance(node, list):
        return all(no_floats(v) for v in node)
    return node is None or isinstance(node, (int, str))


def blt(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ranked.blt"
    path.write_text(text, encoding="utf-8")
    return path


def test_schulze_prints_the_matrix_and_the_strongest_paths(tmp_path: Path) -> None:
    path = blt(tmp_path, BORDA)
    code, out, err = run("--method", "schulze", str(path))
    assert (code, err) == (0, "")
    assert "Elected: Ada" in out  # A over B 5 to 4, over C 5 to 4: the Condorcet winner
    assert "Papers ranking the row above the column" in out and "Strongest paths" in out
    assert "Condorcet winner: Ada" in out
    code, out, _ = run("--method", "schulze", "--variant", "margins", str(path), "--json")
    data = json.loads(out)
    assert data["variant"] == "margins" and no_floats(data)
    assert data["pairwise"] == {"1": {"2": 5, "3": 5}, "2": {"1": 4, "3": 9}, "3": {"1": 4, "2": 0}}
    assert data["strongest_paths"]["1"] == {"2": 1, "3": 1}  # margins: 5 - 4


def test_a_schulze_cycle_without_a_tie_break_is_refused_naming_the_rule(tmp_path: Path) -> None:
    path = blt(tmp_path, CYCLE)
    code, out, err = run("--method", "schulze", str(path))
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert "Ada (1), Bo (2), Cy (3) are tied for first place" in err
    assert "cycle" in err and "rule schulze-tie" in err and "--seed" in err
    code, out, _ = run("--method", "schulze", str(path), "--lot-order", "2,1,3", "--json")
    data = json.loads(out)
    assert code == 0 and data["elected"] == [{"number": 2, "name": "Bo"}]
    [tie] = data["tie_breaks"]
    assert (tie["decided_by"], tie["lot"], tie["purpose"]) == (
        "lot",
        "fixed order 2,1,3",
        "first place",
    )
    code, out, _ = run(
        "--method", "schulze", str(path), "--tie-rule", "random-ballot", "--seed", "5"
    )
    assert code == 0 and "by random ballot" in out


def test_borda_prints_the_points_by_each_scoring(tmp_path: Path) -> None:
    path = blt(tmp_path, BORDA)
    code, out, _ = run("--method", "borda", str(path))
    assert code == 0 and "Elected: Bo" in out
    assert "points by rank 2, 1, 0" in out
    code, out, _ = run("--method", "borda", "--scoring", "dowdall", str(path), "--json")
    data = json.loads(out)
    assert [c["score"] for c in data["candidates"]] == ["19/3", "6.5", "11/3"]
    assert data["elected"] == [{"number": 2, "name": "Bo"}] and no_floats(data)


def test_borda_equal_points_for_the_seat_are_refused_naming_the_rule(tmp_path: Path) -> None:
    code, _, err = run("--method", "borda", str(blt(tmp_path, CYCLE)))
    assert code == 2 and err.count("\n") == 1
    assert "tied for first place with 3 points each" in err and "rule borda-tie" in err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--method", "borda", "--variant", "margins"), "--variant: borda takes no such option"),
        (("--method", "irv", "--scoring", "dowdall"), "--scoring: irv takes no such option"),
        (("--method", "schulze", "--variant", "ranked-pairs"), "choose one of winning-votes"),
        (("--method", "borda", "--scoring", "modified", "--unranked", "average"), "modified"),
        (("--method", "schulze", "--tie-rule", "random-ballot", "--lot-order", "1,2"), "a seed"),
    ],
)
def test_options_the_method_does_not_take_are_refused(
    tmp_path: Path, args: tuple[str, ...], expected: str
) -> None:
    code, out, err = run(str(blt(tmp_path, CYCLE)), *args)
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert expected in err


def test_a_ballot_file_with_cyrillic_and_accented_candidates(tmp_path: Path) -> None:
    # the food election with its candidates renamed: the same count, names as written
    names = ["Апельсины", "Груши", "Шоколад", "Клубника", "Siân José"]
    text = FOOD.split('0\n"')[0] + "0\n" + "".join(f'"{n}"\n' for n in names) + '"Еда"\n'
    path = tmp_path / "еда.blt"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))  # with a byte order mark
    code, out, err = run(str(path))
    assert (code, err) == (0, "")
    assert out.startswith("Еда\n")
    assert "Elected: Шоколад; Апельсины; Клубника" in out
    assert "excluded: Груши" in out
    code, out, _ = run(str(path), "--json")
    data = json.loads(out)
    assert code == 0 and data["title"] == "Еда"
    assert [e["name"] for e in data["elected"]] == ["Шоколад", "Апельсины", "Клубника"]
