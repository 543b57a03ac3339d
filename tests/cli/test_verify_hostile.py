"""The verifier never raises a traceback, and checks every stored column against the chain
(issue 16, item 6): a deeply nested line is exit 2 as a first line, exit 1 naming the line
later, in an export, an archive and an archive's import; `verify --db` compares each row's
seq, hash, prev and kind columns with its line, and each box's open flag with the journal."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from smolny_command import run

NESTED = b"[" * 100_000 + b"\n"


def _no_traceback(result) -> None:  # type: ignore[no-untyped-def]
    assert "Traceback" not in result.stdout + result.stderr
    assert "RecursionError" not in result.stdout + result.stderr


def test_a_deeply_nested_first_line_is_not_an_entry(tmp_path: Path) -> None:
    path = tmp_path / "nested.jsonl"
    path.write_bytes(NESTED)
    result = run("verify", path)
    assert result.returncode == 2, result.stdout + result.stderr
    _no_traceback(result)
    assert result.stderr.count("\n") == 1 and "line 1" in result.stderr
    for command in (
        ("verify", "--archive", path),
        ("archive", "import", "--db", tmp_path / "x.sqlite3", path),
    ):
        result = run(*command)
        assert result.returncode == 2, result.stdout + result.stderr
        _no_traceback(result)
        assert "line 1" in result.stderr
    assert not (tmp_path / "x.sqlite3").exists()


def test_a_deeply_nested_later_line_is_named(demo_db: Path, tmp_path: Path) -> None:
    exported = run("journal", "export", "--db", demo_db).stdout.encode()
    count = exported.count(b"\n")
    path = tmp_path / "journal.jsonl"
    path.write_bytes(exported + NESTED)
    result = run("verify", path)
    assert result.returncode == 1, result.stdout + result.stderr
    _no_traceback(result)
    assert f"line {count + 1}" in result.stdout and "nested" in result.stdout


def test_a_deeply_nested_line_in_an_archive_is_named(demo_archive: Path, tmp_path: Path) -> None:
    lines = demo_archive.read_bytes().splitlines(keepends=True)
    for at in (5, len(lines) - 3):  # among the entries, and among the boxes
        bad = tmp_path / f"bad{at}.smolny"
        bad.write_bytes(b"".join(lines[:at]) + NESTED + b"".join(lines[at + 1 :]))
        for command in (
            ("verify", "--archive", bad),
            ("archive", "import", "--db", tmp_path / f"t{at}.sqlite3", bad),
        ):
            result = run(*command)
            assert result.returncode == 1, result.stdout + result.stderr
            _no_traceback(result)
            assert f"line {at + 1}" in result.stdout, result.stdout
        assert not (tmp_path / f"t{at}.sqlite3").exists()


def _tampered(copy: Path, *statements: str) -> str:
    with sqlite3.connect(copy) as conn:
        for statement in statements:
            conn.execute(statement)
    result = run("verify", "--db", copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.startswith("FAILED"), result.stdout
    return result.stdout


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("hash", "'" + "ab" * 32 + "'"),
        ("kind", "'session.closed'"),
        ("prev", "'" + "cd" * 32 + "'"),
    ],
)
def test_a_column_changed_beside_its_line_is_named(copy: Path, column: str, value: str) -> None:
    out = _tampered(copy, f"UPDATE journal SET {column} = {value} WHERE seq = 7")
    assert f"entry 7 (row 7): its stored {column} column" in out, out


def test_a_box_reopened_or_shut_against_the_journal_is_named(copy: Path) -> None:
    out = _tampered(copy, "UPDATE box SET is_open = 1 WHERE poll = 'p1'")
    assert "box p1: stored as open" in out, out
    out = _tampered(
        copy,
        "UPDATE box SET is_open = 0 WHERE poll = 'p1'",
        "INSERT INTO box (poll, is_open) VALUES ('p99', 0)",
    )
    assert "box p99: stored as closed, but no entry closed or cancelled its poll" in out, out


def test_columns_and_box_flags_are_checked_on_postgresql_too(
    postgres_url: str, congress_of
) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import create_engine, text

    from smolny.service.app import Smolny

    app = Smolny.open(postgres_url)
    congress_of(app)
    app.close()
    engine = create_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE journal SET kind = 'session.closed' WHERE seq = 2"))
    result = run("verify", "--db", postgres_url)
    assert result.returncode == 1 and "entry 2 (row 2): its stored kind column" in result.stdout
    with engine.begin() as conn:
        conn.execute(text("UPDATE journal SET kind = :k WHERE seq = 2"), {"k": _kind_of(conn, 2)})
        conn.execute(text("INSERT INTO box (poll, is_open) VALUES ('p99', false)"))
    engine.dispose()
    result = run("verify", "--db", postgres_url)
    assert result.returncode == 1 and "box p99: stored as closed" in result.stdout, result.stdout


def _kind_of(conn, seq: int) -> str:  # type: ignore[no-untyped-def]
    import json

    from sqlalchemy import text

    line = conn.execute(text("SELECT line FROM journal WHERE seq = :s"), {"s": seq}).scalar_one()
    return str(json.loads(line)["kind"])
