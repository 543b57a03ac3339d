"""`smolny archive export|import`: the round trip is exact; a bad archive imports nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from smolny_command import run


def journal_rows(db: Path) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        return (
            conn.execute("SELECT count(*) FROM journal").fetchone()[0] if "journal" in tables else 0
        )


def test_the_round_trip_is_exact(demo_archive: Path, tmp_path: Path) -> None:
    result = run("archive", "import", "--db", tmp_path / "new.sqlite3", demo_archive)
    assert result.returncode == 0, result.stdout + result.stderr
    result = run("archive", "export", "--db", tmp_path / "new.sqlite3", "-o", tmp_path / "again")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "again").read_bytes() == demo_archive.read_bytes()
    # the imported database verifies as the original did, boxes and all
    result = run("verify", "--db", tmp_path / "new.sqlite3")
    assert result.returncode == 0 and "2 ballot boxes and 4 tellers' counts" in result.stdout
    with sqlite3.connect(tmp_path / "new.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM ballot").fetchone()[0] == 1214


def test_the_archive_verifies_without_a_database(demo_archive: Path) -> None:
    result = run("verify", "--archive", demo_archive)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 ballot boxes" in result.stdout and "quorum behind 7 decisions" in result.stdout


def refused(archive: Path, tmp_path: Path, *expected: str) -> str:
    target = tmp_path / "target.sqlite3"
    result = run("archive", "import", "--db", target, archive)
    assert result.returncode == 1, result.stdout + result.stderr
    for text in expected:
        assert text in result.stdout, result.stdout
    assert journal_rows(target) == 0 and not target.exists()
    check = run("verify", "--archive", archive)
    assert check.returncode == 1 and check.stdout.splitlines()[0] == result.stdout.splitlines()[0]
    return result.stdout


def test_a_truncated_archive_is_refused_naming_where_it_ends(
    demo_archive: Path, tmp_path: Path
) -> None:
    lines = demo_archive.read_bytes().splitlines(keepends=True)
    cut = tmp_path / "cut.smolny"
    cut.write_bytes(b"".join(lines[:101]))  # the header and entries 1..100
    refused(cut, tmp_path, "after entry 100", "truncated")
    cut.write_bytes(b"".join(lines[:101]) + lines[101][:40])  # cut in the middle of a line
    refused(cut, tmp_path, "line 102", "cut short")
    cut.write_bytes(b"".join(lines[:-1]))  # only the end line missing
    refused(cut, tmp_path, "truncated")


def test_a_corrupted_entry_is_refused_and_named(demo_archive: Path, tmp_path: Path) -> None:
    lines = demo_archive.read_bytes().splitlines(keepends=True)
    assert json.loads(lines[50])["seq"] == 50
    lines[50] = lines[50].replace(b'"v":1', b'"v":1 ', 1)  # one byte, and not canonical
    bad = tmp_path / "bad.smolny"
    bad.write_bytes(b"".join(lines))
    refused(bad, tmp_path, "entry 50 (line 51)")
    lines = demo_archive.read_bytes().splitlines(keepends=True)
    lines[27] = lines[27].replace(b"670", b"671", 1)  # a figure changed: the hash breaks
    bad.write_bytes(b"".join(lines))
    refused(bad, tmp_path, "entry 27 (line 28)", "altered")
    lines = demo_archive.read_bytes().splitlines(keepends=True)
    lines[60] = b"\xff garbage\n"
    bad.write_bytes(b"".join(lines))
    refused(bad, tmp_path, "entry 60", "line 61")


def test_a_corrupted_ballot_is_refused_and_named(demo_archive: Path, tmp_path: Path) -> None:
    lines = demo_archive.read_bytes().splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if b'"ballot":' in line and b'\\"yes\\"' in line)
    lines[at] = lines[at].replace(b'\\"yes\\"', b'\\"no\\"', 1)
    bad = tmp_path / "ballot.smolny"
    bad.write_bytes(b"".join(lines))
    refused(bad, tmp_path, "poll p1", "altered")


def test_a_ballot_dropped_with_its_count_fixed_is_refused(
    demo_archive: Path, tmp_path: Path
) -> None:
    lines = demo_archive.read_bytes().splitlines(keepends=True)
    box = next(i for i, line in enumerate(lines) if line.startswith(b'{"ballots":670'))
    lines[box] = lines[box].replace(b"670", b"669")
    del lines[box + 1]
    bad = tmp_path / "dropped.smolny"
    bad.write_bytes(b"".join(lines))
    refused(bad, tmp_path, "poll p1 (closed at entry 26)", "669 ballots")


def test_import_into_a_database_with_a_record_is_refused(
    demo_archive: Path, tmp_path: Path
) -> None:
    target = tmp_path / "full.sqlite3"
    assert run("archive", "import", "--db", target, demo_archive).returncode == 0
    before = target.read_bytes()
    result = run("archive", "import", "--db", target, demo_archive)
    assert result.returncode == 2 and "holds a record already (177 entries)" in result.stderr
    assert target.read_bytes() == before


def test_unusable_input_is_exit_2(tmp_path: Path) -> None:
    not_archive = tmp_path / "x.smolny"
    not_archive.write_text('{"a":1}\n')
    result = run("archive", "import", "--db", tmp_path / "t.sqlite3", not_archive)
    assert result.returncode == 2 and "not a smolny archive" in result.stderr
    result = run("archive", "import", "--db", tmp_path / "t.sqlite3", tmp_path / "missing")
    assert result.returncode == 2 and "no such file" in result.stderr
    assert not (tmp_path / "t.sqlite3").exists()
    result = run("verify", "--archive", not_archive)
    assert result.returncode == 2


def test_a_secret_polls_box_and_roll_round_trip(tmp_path: Path) -> None:
    from sample_congress import bring_to_vote, make_congress
    from smolny.service.app import Principal, Smolny

    path = tmp_path / "secret.sqlite3"
    app = Smolny.open(f"sqlite:///{path}")
    congress = make_congress(app, size=4)
    ids = congress["delegates"]
    _, poll = bring_to_vote(app, congress["session"], ids[0], ids[1], method="electronic-secret")
    for delegate in ids[:3]:
        app.ballots.cast_vote(poll, Principal(delegate, "delegate", delegate), "yes")[1].result()
    app.ballots.close_poll(poll)
    app.close()
    exported = tmp_path / "secret.smolny"
    assert run("archive", "export", "--db", path, "-o", exported).returncode == 0
    assert exported.read_bytes().count(b'"roll":"d') == 3
    result = run("archive", "import", "--db", tmp_path / "copy.sqlite3", exported)
    assert result.returncode == 0, result.stdout + result.stderr
    again = tmp_path / "again.smolny"
    assert run("archive", "export", "--db", tmp_path / "copy.sqlite3", "-o", again).returncode == 0
    assert again.read_bytes() == exported.read_bytes()
    # a roll altered in the archive: a name swapped for one on the register who did not vote
    lines = exported.read_bytes().splitlines(keepends=True)
    at = max(i for i, line in enumerate(lines) if b'"roll":"' in line)
    voter = json.loads(lines[at])["roll"]
    lines[at] = lines[at].replace(voter.encode(), ids[3].encode())
    bad = tmp_path / "roll.smolny"
    bad.write_bytes(b"".join(lines))
    refused(bad, tmp_path, f"poll {poll}", "roll")
