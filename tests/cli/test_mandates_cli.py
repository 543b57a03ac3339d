"""`smolny import mandates` and `smolny export delegates`: bad rows listed, nothing written;
an export read back by the import."""

from __future__ import annotations

from pathlib import Path

import pytest

from smolny.domain import commands as c
from smolny.service.app import Smolny
from smolny_command import journal_length, run


def make_tree(path: Path) -> Path:
    app = Smolny.open(f"sqlite:///{path}")
    app.execute(c.CreateBody("petrograd", "Petrograd Soviet", "council"))
    app.execute(c.CreateBody("congress", "Second Congress"))
    app.execute(c.FormFaction("congress", "bolsheviks", "Bolsheviks"))
    app.close()
    return path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_tree(tmp_path / "congress.sqlite3")


def test_bad_rows_are_each_listed_and_nothing_is_written(db: Path, tmp_path: Path) -> None:
    file = tmp_path / "mandates.csv"
    file.write_text(
        "name,sending body,receiving body,faction,voting,weight,term,substitutes\n"
        "Lenin,petrograd,congress,bolsheviks,yes,1,,Krupskaya;Stalin\n"
        ",petrograd,congress,,,,,\n"
        "Martov,petrograd,congress,mensheviks,,,,\n"
        "Dan,nowhere,congress,,,,,\n"
        "Lenin,petrograd,congress,,,,,\n",
        encoding="utf-8",
    )
    before = journal_length(db)
    result = run("import", "mandates", "--db", db, file)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    for row, column in [(3, "name"), (4, "faction"), (5, "sending body"), (6, "name")]:
        assert any(f"row {row}, {column}:" in line for line in lines), (row, lines)
    assert "4 problem(s) in 4 row(s); nothing was imported" in lines[-1]
    assert journal_length(db) == before
    unreadable = tmp_path / "broken.xlsx"
    unreadable.write_bytes(b"PK\x03\x04 not really a workbook")
    result = run("import", "mandates", "--db", db, unreadable)
    assert result.returncode == 2 and "not a readable XLSX workbook" in result.stderr
    assert len(result.stderr.splitlines()) == 1 and journal_length(db) == before


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_an_export_reads_back_through_the_import(db: Path, tmp_path: Path, suffix: str) -> None:
    file = tmp_path / "mandates.csv"
    file.write_text(
        "name,sending body,receiving body,faction,voting,weight,term,substitutes,sent by\n"
        "Lenin,petrograd,congress,bolsheviks,yes,2,2030-01-01,Krupskaya;Stalin,\n"
        "Antonov,,congress,,no,,,,the Fleet\n",
        encoding="utf-8",
    )
    result = run("import", "mandates", "--db", db, file)
    assert result.returncode == 0, result.stderr
    assert "Imported 1 mandate(s) and 1 delegate(s) without a mandate" in result.stdout
    exported = tmp_path / f"delegates.{suffix}"
    result = run("export", "delegates", "--db", db, "--body", "congress", "-o", exported)
    assert result.returncode == 0, result.stderr
    fresh = make_tree(tmp_path / "fresh.sqlite3")
    assert run("import", "mandates", "--db", fresh, exported).returncode == 0
    first = run("export", "delegates", "--db", db, "--body", "congress").stdout
    again = run("export", "delegates", "--db", fresh, "--body", "congress").stdout
    assert again == first
    assert first.splitlines()[1] == (
        "Lenin,petrograd,congress,bolsheviks,yes,2,2030-01-01,Krupskaya; Stalin,,md1,pending"
    )
    result = run("export", "delegates", "--db", db, "--body", "nowhere")
    assert result.returncode == 2 and "no body 'nowhere'" in result.stderr


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_name_a_spreadsheet_would_run_is_exported_neutralised_and_read_back_as_it_was(
    db: Path, tmp_path: Path, suffix: str
) -> None:
    # What a secretary expects: the file opens without running anything, and the names
    # come back from an import of it as they were (not with a quote in front).
    import csv
    import io

    names = ["=cmd|' /C calc'!A0", "+SUM(1+1)", "-2+3", "@SUM(1)", "Lenin"]
    file = tmp_path / "delegates.csv"
    with file.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["name", "sending body", "receiving body"])
        writer.writerows([name, "", "congress"] for name in names)
    assert run("import", "mandates", "--db", db, file).returncode == 0
    shown = run("export", "delegates", "--db", db, "--body", "congress").stdout
    exported = [row[0] for row in csv.reader(io.StringIO(shown))][1:]
    assert exported == ["'=cmd|' /C calc'!A0", "'+SUM(1+1)", "'-2+3", "'@SUM(1)", "Lenin"]
    saved = tmp_path / f"exported.{suffix}"
    assert run("export", "delegates", "--db", db, "--body", "congress", "-o", saved).returncode == 0
    fresh = make_tree(tmp_path / "fresh.sqlite3")
    assert run("import", "mandates", "--db", fresh, saved).returncode == 0
    app = Smolny.open(f"sqlite:///{fresh}")
    try:
        assert [d.name for d in app.state.delegates.values()] == names
    finally:
        app.close()
