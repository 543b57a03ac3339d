"""Importing delegates from CSV and XLSX: every bad row listed by number, nothing half-written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from smolny.domain import commands as c
from smolny.service.app import Smolny
from smolny_command import journal_length, run


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
    before = journal_length(db)
    result = run("import", "delegates", "--db", db, "--body", "convention", roster)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    for row, column in [(3, "name"), (4, "name"), (5, "faction"), (6, "body"), (7, "name")]:
        assert any(f"row {row}, {column}:" in line for line in lines), (row, lines)
    assert "5 problem(s) in 5 row(s); nothing was imported" in lines[-1]
    assert "Traceback" not in result.stderr
    assert journal_length(db) == before


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


def test_an_unclosed_quote_is_refused_not_swallowing_rows(db: Path, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text('name,sent_by\nAlice,"Local 1\nBob,Local 2\nCarl,Local 3\n', encoding="utf-8")
    before = journal_length(db)
    result = run("import", "delegates", "--db", db, "--body", "convention", roster)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert journal_length(db) == before


def test_a_damaged_workbook_is_refused_in_one_line(db: Path, tmp_path: Path) -> None:
    import zipfile

    book = Workbook()
    book.active.append(["name"])
    for i in range(200):
        book.active.append([f"Delegate {i}"])
    good = tmp_path / "good.xlsx"
    book.save(good)
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]  # cut in half
            target.writestr(item, data)
    result = run("import", "delegates", "--db", db, "--body", "convention", damaged)
    assert result.returncode == 2 and "not a readable XLSX" in result.stderr
    assert result.stderr.count("\n") == 1


def test_every_cell_is_checked_and_headers_must_be_clear(db: Path, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("name,sent_by\nClara," + "L" * 300 + "\nEmma,Local\x01 9\n", encoding="utf-8")
    result = run("import", "delegates", "--db", db, "--body", "convention", roster)
    assert result.returncode == 2
    assert "row 2, sent_by: longer than 200" in result.stderr
    assert "row 3, sent_by: holds a line break or a control character" in result.stderr
    roster.write_text("name,Name\nAlice,Bob\n", encoding="utf-8")
    result = run("import", "delegates", "--db", db, "--body", "convention", roster)
    assert result.returncode == 2 and "appears twice" in result.stderr
    roster.write_text("name,,faction\nAlice,stray,reform\n", encoding="utf-8")
    result = run("import", "delegates", "--db", db, "--body", "convention", roster)
    assert (
        result.returncode == 2 and "row 2: column B holds data but has no header" in result.stderr
    )
    roster.write_text("name,faction,\nAlice,reform,\n", encoding="utf-8")  # a trailing comma
    result = run("import", "delegates", "--db", db, "--body", "convention", roster)
    assert result.returncode == 0, result.stderr
