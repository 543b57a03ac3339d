"""`smolny verify --book SLUG --db PATH`: the motions book's final editions drawn again from a
database's journal and checked; a paper's text changed in the database fails."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny
from smolny.service.views import book
from smolny_command import run

SECRETARY = Principal("a1", "secretary", "secretary")


def test_verify_book_on_a_database(tmp_path: Path) -> None:
    path = tmp_path / "congress.sqlite3"
    app = Smolny.open(f"sqlite:///{path}", clock=lambda: datetime(2027, 2, 1, tzinfo=UTC))
    try:
        app.execute(c.CreateBody("leeds", "Leeds council", "council"))
        app.execute(c.CreateBody("congress", "Union congress"))
        app.execute(c.SetDeadlines("congress", "2027-03-01T17:00:00+00:00"))
        motion = c.SubmitMotion("congress", "leeds", "Pay", ("Congress resolves.",), ("Ann",))
        app.execute(motion)
        app.run(lambda tx: book.fixing(app, "congress"), by=SECRETARY)
    finally:
        app.close()
    result = run("verify", "--db", path, "--book", "congress")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK: the motions book of congress, edition 1 (entry 5)" in result.stdout
    assert run("verify", "--db", path, "--book", "leeds").returncode == 1  # no edition of it
    with sqlite3.connect(path) as conn:
        conn.execute(
            "UPDATE journal SET line = replace(line, 'Congress resolves.', 'Congress regrets.') "
            "WHERE kind = 'paper.submitted'"
        )
    result = run("verify", "--db", path, "--book", "congress")
    assert result.returncode == 1 and "FAILED" in result.stdout
