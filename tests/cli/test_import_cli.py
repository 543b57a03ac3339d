"""Importing delegates from CSV and XLSX: every bad row listed by number, nothing half-written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from smolny.domain import commands as c
from smolny.service.app import Smolny


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "smolny", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "union.sqlite3"
    app = Smolny.open(f"sqlite:///{path}")
    app.execute(c.CreateBody("convention", "Union Convention"))
    app.execute(c.CreateBody("women", "Women's Section", "section", parent="convention"))
    app.execute(c.FormFaction("convention", "reform", "Reform Caucus"))
    app.execute(c.RegisterDelegates("convention", (c.NewDelegate("Rosa", sent_by="Local 1"),)))
    app.close()
    return path


def entries(db: Path) -> int:
    return len(run("journal", "export", "--db", db).stdout.splitlines())


def test_every_bad_row_is_named_and_nothing_is_written(db: Path, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "name,faction,voting,weight,sent_by,body\n"
        "Clara,reform,yes,2,Local 2,\n"  # good
        "Rosa,,,,Local 1,\n"  # a delegate already
        ",reform,,,,\n"  # no name
        "Karl,anarchists,,,,\n"  # unknown faction
        "Emma,,,,,nowhere\n"  # a body that does not exist
        "Clara,reform,yes,2,Local 2,\n",  # twice in the file
        encoding="utf-8",
    )
    before = entries(db)
    result = run("import", "delegates", "--db", db, "--body", "convention", roster)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    for row, column in [(3, "name"), (4, "name"), (5, "faction"), (6, "body"), (7, "name")]:
        assert any(f"row {row}, {column}:" in line for line in lines), (row, lines)
    assert "5 problem(s) in 5 row(s); nothing was imported" in lines[-1]
    assert "Traceback" not in result.stderr
    assert entries(db) == before


def test_a_good_csv_and_a_good_xlsx_are_imported_into_their_bodies(
    db: Path, tmp_path: Path
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("Name;Faction;Voting\nClara;reform;yes\nEmma;;no\n", encoding="utf-8")
    result = run("import", "delegates", "--db", db, "--body", "convention", roster)
    assert result.returncode == 0, result.stderr
    assert "Imported 2 delegates" in result.stdout
    book = Workbook()
    sheet = book.active
    sheet.append(["name", "sent_by", "body", "weight"])
    sheet.append(["Alexandra", "Local 9", "women", 3.0])  # as spreadsheets often store 3
    sheet.append(["Inessa", "Local 9", "convention", None])
    book.save(tmp_path / "roster.xlsx")
    result = run(
        "import", "delegates", "--db", db, "--body", "convention", tmp_path / "roster.xlsx"
    )
    assert result.returncode == 0, result.stderr
    assert "(2 journal entries)" in result.stdout  # one per body
    listing = json.loads(run("bodies", "list", "--db", db, "--json").stdout)
    sizes = {b["slug"]: b["delegates"] for b in listing}
    assert sizes == {"convention": 4, "women": 1}
    assert next(b for b in listing if b["slug"] == "women")["parent"] == "convention"
    assert run("verify", "--db", db).returncode == 0


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"", "empty"),
        (b"\xff\xfe\x00\x01", "not UTF-8"),
        (b"PK\x03\x04 not really a workbook", "not a readable XLSX"),
        (b"surname,colour\nMarx,red\n", "unknown column"),
    ],
    ids=["empty", "binary", "broken-xlsx", "wrong-columns"],
)
def test_unreadable_files_are_refused_in_one_line(
    db: Path, tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(content)
    result = run("import", "delegates", "--db", db, "--body", "convention", path)
    assert result.returncode == 2 and problem in result.stderr
    assert "Traceback" not in result.stderr


def test_the_tree_of_bodies_as_text(db: Path) -> None:
    text = run("bodies", "list", "--db", db).stdout.splitlines()
    assert text[0].startswith("convention: Union Convention")
    assert text[1].startswith("  women: Women's Section")
