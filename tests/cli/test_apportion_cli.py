"""`smolny apportion`: JSON and table output, options, and one-line refusals with exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from smolny.cli import main

BUNDESTAG_2017 = [
    "CDU=12447656",
    "SPD=9539381",
    "AfD=5878115",
    "FDP=4999449",
    "DIE LINKE=4297270",
    "GRÜNE=4158400",
    "CSU=2869688",
]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["apportion", *args])
    return result.exit_code, result.stdout, result.stderr


def test_json_bundestag_2017() -> None:
    # Official Zweitstimmen and seats (Bundeswahlleiter, 2017): see test_apportionment.py
    code, out, _ = run("--method", "sainte-lague", "--seats", "709", *BUNDESTAG_2017, "--json")
    assert code == 0
    result = json.loads(out)
    assert result["seats"] == {
        "CDU": 200, "SPD": 153, "AfD": 94, "FDP": 80, "DIE LINKE": 69, "GRÜNE": 67, "CSU": 46,
    }  # fmt: skip
    assert result["method"] == "sainte-lague"
    assert result["ties"] == []
    assert len(result["trace"]) == 709
    first = result["trace"][0]
    assert first == {
        "step": "seat",
        "seat": 1,
        "name": "CDU",
        "votes": 12447656,
        "divisor": "1",
        "quotient": "12447656",
        "quotient_squared": str(12447656**2),
    }
    assert list(result)[:4] == ["seats", "method", "trace", "ties"]


def test_json_fractions_are_strings() -> None:
    code, out, _ = run("--method", "hare", "--seats", "3", "A=10", "B=7", "C=3", "--json")
    assert code == 0
    result = json.loads(out)
    assert result["seats"] == {"A": 2, "B": 1, "C": 0}
    assert result["trace"][0]["quota"] == "20/3"
    assert result["trace"][1]["remainder"] == "10/3"  # A: 10 - 1 * 20/3


def test_presidium_declined_and_reserved() -> None:
    code, out, _ = run(
        "--method", "sainte-lague", "--seats", "25",
        "Bolsheviks=300", "Left SRs=150", "Mensheviks=68", "Menshevik-Internationalists=14",
        "--decline", "Mensheviks", "--declined-seats", "empty",
        "--reserve", "Menshevik-Internationalists", "--json",
    )  # fmt: skip
    assert code == 0
    result = json.loads(out)
    assert result["seats"] == {
        "Bolsheviks": 14, "Left SRs": 7, "Mensheviks": 0, "Menshevik-Internationalists": 1,
    }  # fmt: skip
    assert result["empty"] == 3
    by_name = {f["name"]: f for f in result["factions"]}
    assert by_name["Mensheviks"]["declined"] == 3
    assert by_name["Menshevik-Internationalists"]["reserved"] == 1
    assert by_name["Menshevik-Internationalists"]["taken"] == 0


def test_declined_seats_given_by_default() -> None:
    code, out, _ = run(
        "--method", "dhondt", "--seats", "5", "A=50", "B=30", "C=20", "--decline", "C", "--json"
    )  # fmt: skip
    assert code == 0
    result = json.loads(out)
    assert result["seats"]["C"] == 0 and sum(result["seats"].values()) == 5
    assert any(step["step"] == "recount" for step in result["trace"])


def test_threshold() -> None:
    code, out, _ = run("--method", "dhondt", "--seats", "4", "--threshold", "10", "A=60", "B=35",
                       "C=5", "--json")  # fmt: skip
    assert code == 0
    result = json.loads(out)
    assert result["seats"]["C"] == 0
    assert result["trace"][0]["step"] == "below-threshold"
    assert result["threshold_percent"] == "10"


def test_tie_needs_a_lot_then_records_it() -> None:
    code, _, err = run("--method", "dhondt", "--seats", "1", "A=5", "B=5")
    assert code == 2
    assert err.count("\n") == 1 and "--lot-seed" in err and "A, B" in err
    code, out, _ = run("--method", "dhondt", "--seats", "1", "A=5", "B=5", "--tie-order", "B,A",
                       "--json")  # fmt: skip
    assert code == 0
    result = json.loads(out)
    assert result["seats"] == {"A": 0, "B": 1}
    assert result["ties"] == [
        {
            "contenders": ["A", "B"],
            "seats": 1,
            "at": "quotient 5",
            "winners": ["B"],
            "settled_by": "order given",
            "lot": ["B", "A"],
        }
    ]
    code, out, _ = run("--method", "dhondt", "--seats", "1", "A=5", "B=5", "--lot-seed", "4",
                       "--json")  # fmt: skip
    assert code == 0 and json.loads(out)["ties"][0]["settled_by"] == "lot"


def test_table() -> None:
    code, out, _ = run("--method", "huntington-hill", "--seats", "3", "A=10", "B=7", "C=3")
    assert code == 0
    assert out.splitlines()[0] == "Huntington-Hill: 3 seats"
    assert "seat 1: A, 10/0 = ∞" in out
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()[3:6]}
    assert rows == {
        "A": ["10", "1", "1", "0", "0", "0"],
        "B": ["7", "1", "1", "0", "0", "0"],
        "C": ["3", "1", "1", "0", "0", "0"],
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--method", "imperiali", "--seats", "3", "A=1"], "unknown method"),
        (["--method", "dhondt", "--seats", "3", "A=-4"], "must not be negative"),
        (["--method", "dhondt", "--seats", "3", "A"], "expected NAME=VOTES"),
        (["--method", "dhondt", "--seats", "3", "A=x"], "expected NAME=VOTES"),
        (["--method", "dhondt", "--seats", "3", "A=1.5"], "expected NAME=VOTES"),
        (["--method", "dhondt", "--seats", "3", "=4"], "expected NAME=VOTES"),
        (["--method", "dhondt", "--seats", "3", "A=B=-4"], "must not be negative"),
        (["--method", "dhondt", "--seats", "3", "A=1", "A=2"], "given twice"),
        (["--method", "dhondt", "--seats", "0", "A=1"], "at least 1"),
        (["--method", "dhondt", "--seats", "two", "A=1"], "whole number of seats"),
        (["--method", "dhondt", "--seats", "3", "--threshold", "five", "A=1"], "percentage"),
        (["--method", "dhondt", "--seats", "3", "--threshold", "120", "A=1"], "0 to 100"),
        (["--method", "dhondt", "--seats", "3"], "no factions"),
        (["--method", "dhondt", "--seats", "3", "A=1", "--decline", "Z"], "no such faction"),
        (["--method", "dhondt", "--seats", "3", "A=1", "--reserve", "Z"], "no such faction"),
        (["--method", "dhondt", "--seats", "3", "A=1", "--declined-seats", "x"], "given or empty"),
        (["--method", "dhondt", "--seats", "3", "A=1", "--lot-seed", "x"], "integer"),
        (["--method", "dhondt", "--seats", "3", "A=1", "--tie-order", "Z"], "no faction"),
        (["--method", "dhondt", "--seats", "3", "A=0"], "no faction has votes"),
        (["--method", "dhondt", "--seats", "3", "A=1", "--decline", "A"], "every faction"),
    ],
)
def test_bad_input_exits_2_with_one_line(args: list[str], message: str) -> None:
    code, out, err = run(*args)
    assert code == 2
    assert out == ""
    assert err.startswith("smolny: ") and err.count("\n") == 1
    assert message in err


def test_installed_command() -> None:
    # the real entry point, through the lazily loading group, as a user runs it
    smolny = Path(sys.executable).with_name("smolny")
    if not smolny.exists():
        pytest.skip("no installed smolny script next to this Python")
    done = subprocess.run(
        [str(smolny), "apportion", "--method", "droop", "--seats", "10", "Y=47000", "W=16000",
         "R=15800", "G=12000", "B=6100", "P=3100", "--json"],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["seats"] == {"Y": 5, "W": 2, "R": 2, "G": 1, "B": 0, "P": 0}
    done = subprocess.run(
        [str(smolny), "apportion", "--method", "droop", "--seats", "10", "Y=-1"],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "negative" in done.stderr
