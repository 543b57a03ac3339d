"""`smolny verify` and `smolny journal export` on the demo and on tampered copies."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from smolny_command import run


def tamper(path: Path, *statements: str) -> None:
    with sqlite3.connect(path) as conn:
        for statement in statements:
            conn.execute(statement)


def test_the_demo_verifies(demo_db: Path) -> None:
    result = run("verify", "--db", demo_db)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK:") and result.stdout.count("\n") == 1
    # Martov's motion and the decree by ballot; the motion to table, the amendment and the
    # two adjournments by a show of hands
    assert "2 ballot boxes and 4 tellers' counts recounted" in result.stdout


def test_export_writes_one_canonical_entry_a_line_and_the_export_verifies(
    demo_db: Path, tmp_path: Path
) -> None:
    result = run("journal", "export", "--db", demo_db)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [json.loads(line)["seq"] for line in lines] == list(range(1, len(lines) + 1))
    assert any(json.loads(line)["kind"] == "motion.adopted" for line in lines)
    exported = tmp_path / "journal.jsonl"
    exported.write_text(result.stdout)
    result = run("verify", exported)
    assert result.returncode == 0 and result.stdout.startswith("OK:")
    head = json.loads(lines[-1])["hash"]
    assert run("verify", exported, "--head", head).returncode == 0
    truncated = tmp_path / "truncated.jsonl"
    truncated.write_text("\n".join(lines[:-1]) + "\n")
    assert run("verify", truncated).returncode == 0  # a clean cut verifies on its own...
    result = run("verify", truncated, "--head", head)  # ...but not against the published head
    assert result.returncode == 1 and "expected head" in result.stdout


def test_an_altered_entry_in_the_database_is_named(copy: Path) -> None:
    tamper(copy, "UPDATE journal SET line = replace(line, 'unanimous', 'Unanimous') WHERE seq = 1")
    tamper(
        copy,
        'UPDATE journal SET line = replace(line, \'"name":"Second\', \'"name":"Third\') '
        "WHERE kind = 'body.created'",
    )
    result = run("verify", "--db", copy)
    assert result.returncode == 1
    assert "FAILED" in result.stdout and "altered" in result.stdout
    seq = (
        sqlite3.connect(copy)
        .execute("SELECT seq FROM journal WHERE kind='body.created'")
        .fetchone()[0]
    )
    assert f"entry {seq} " in result.stdout


def test_a_removed_entry_in_the_database_is_named(copy: Path) -> None:
    tamper(copy, "DELETE FROM journal WHERE seq = 5")
    result = run("verify", "--db", copy)
    assert result.returncode == 1 and "entry 6 " in result.stdout and "removed" in result.stdout


def test_an_inserted_entry_in_the_database_is_caught(copy: Path) -> None:
    with sqlite3.connect(copy) as conn:
        rows = conn.execute(
            "SELECT seq, hash, prev, kind, line FROM journal WHERE seq >= 7 ORDER BY seq DESC"
        ).fetchall()
        for seq, *_ in rows:
            conn.execute("UPDATE journal SET seq = seq + 1 WHERE seq = ?", (seq,))
        line6 = json.loads(conn.execute("SELECT line FROM journal WHERE seq = 6").fetchone()[0])
    from smolny.record.entry import make_entry

    forged = make_entry(
        7, line6["at"], "motion.adopted", "account:a1", {"motion": "m1"}, line6["hash"]
    )
    tamper(
        copy,
        f"INSERT INTO journal VALUES (7, '{forged.hash}', 'f' || substr('{forged.hash}', 2), "
        f"'motion.adopted', '{forged.line()}')",
    )
    result = run("verify", "--db", copy)
    assert result.returncode == 1 and "FAILED" in result.stdout and "entry 7 " in result.stdout


def test_reordered_entries_in_the_database_are_caught(copy: Path) -> None:
    tamper(
        copy,
        "UPDATE journal SET seq = 1000 WHERE seq = 3",
        "UPDATE journal SET seq = 3 WHERE seq = 4",
        "UPDATE journal SET seq = 4 WHERE seq = 1000",
    )
    result = run("verify", "--db", copy)
    assert result.returncode == 1 and "line 3" in result.stdout


def test_a_ballot_changed_in_the_box_is_caught(copy: Path) -> None:
    tamper(copy, "UPDATE ballot SET body = replace(body, '\"yes\"', '\"no\"') WHERE voter = 'd1'")
    result = run("verify", "--db", copy)
    assert result.returncode == 1 and "poll p1" in result.stdout and "altered" in result.stdout


def test_a_ballot_removed_from_the_box_is_caught(copy: Path) -> None:
    tamper(copy, "DELETE FROM ballot WHERE voter = 'd2'")
    result = run("verify", "--db", copy)
    assert result.returncode == 1 and "669 ballots" in result.stdout


@pytest.mark.parametrize(
    "content",
    [b"", b"not json at all\n", b'{"a": 1}\n', b"\xff\xfe\x00garbage\n"],
    ids=["empty", "text", "not-an-entry", "binary"],
)
def test_unusable_input_is_exit_2_with_one_line(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "input.jsonl"
    path.write_bytes(content)
    result = run("verify", path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "input.jsonl" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_files_and_wrong_arguments_are_exit_2(tmp_path: Path) -> None:
    for args in (
        ("verify", tmp_path / "none.jsonl"),
        ("verify", "--db", tmp_path / "none.sqlite3"),
        ("verify",),
    ):
        result = run(*args)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr
    result = run("verify", "--db", tmp_path / "none.sqlite3", "--head", "not-a-hash")
    assert result.returncode == 2 and "--head" in result.stderr
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    result = run("verify", "--db", other)
    assert result.returncode == 2 and "not a smolny database" in result.stderr


@pytest.mark.postgres
def test_verify_reads_postgresql_too(postgres_url: str, congress_of) -> None:
    from smolny.service.app import Smolny

    app = Smolny.open(postgres_url)
    congress_of(app)
    app.close()
    result = run("verify", "--db", postgres_url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK:" in result.stdout


def test_a_ballot_by_someone_not_on_the_register_is_caught(copy: Path) -> None:
    from smolny.record import canonical
    from smolny.record.ballotbox import ballot_hash

    stuffed = {
        "v": 1,
        "poll": "p1",
        "voter": "d9999",
        "choice": "no",
        "weight": 1,
        "nonce": "0" * 32,
    }
    tamper(
        copy,
        f"INSERT INTO ballot VALUES ('p1', 'd9999', '{ballot_hash(stuffed)}', "
        f"'{canonical.dumps(stuffed)}')",
    )
    result = run("verify", "--db", copy)
    assert result.returncode == 1 and "not on the poll's register" in result.stdout


def test_a_second_ballot_by_the_same_voter_under_another_key_is_caught(copy: Path) -> None:
    from smolny.record import canonical
    from smolny.record.ballotbox import ballot_hash

    again = {"v": 1, "poll": "p1", "voter": "d1", "choice": "no", "weight": 1, "nonce": "1" * 32}
    tamper(
        copy,
        f"INSERT INTO ballot VALUES ('p1', 'd1#2', '{ballot_hash(again)}', "
        f"'{canonical.dumps(again)}')",
    )
    result = run("verify", "--db", copy)
    assert result.returncode == 1 and "voted twice" in result.stdout


def test_a_cancelled_polls_box_is_kept_and_checked(tmp_path: Path) -> None:
    from sample_congress import bring_to_vote, make_congress
    from smolny.service.app import Principal, Smolny

    path = tmp_path / "cancelled.sqlite3"
    app = Smolny.open(f"sqlite:///{path}")
    congress = make_congress(app, size=3)
    ids = congress["delegates"]
    _, poll = bring_to_vote(app, congress["session"], ids[0], ids[1])
    for delegate in ids:
        app.ballots.cast_vote(poll, Principal(delegate, "delegate", delegate), "yes")[1].result()
    app.ballots.cancel_poll(poll, "the count was disputed")
    app.close()
    result = run("verify", "--db", path)
    assert result.returncode == 0, result.stdout
    tamper(path, f"DELETE FROM ballot WHERE poll = '{poll}' AND voter = '{ids[0]}'")
    result = run("verify", "--db", path)
    assert result.returncode == 1 and "does not match what it held when cancelled" in result.stdout


def test_a_cancelled_secret_polls_roll_is_kept_and_checked(tmp_path: Path) -> None:
    from sample_congress import bring_to_vote, make_congress
    from smolny.service.app import Principal, Smolny

    path = tmp_path / "cancelled-secret.sqlite3"
    app = Smolny.open(f"sqlite:///{path}")
    congress = make_congress(app, size=4)
    ids = congress["delegates"]
    _, poll = bring_to_vote(app, congress["session"], ids[0], ids[1], method="electronic-secret")
    for delegate in ids[:3]:
        app.ballots.cast_vote(poll, Principal(delegate, "delegate", delegate), "no")[1].result()
    cancelled = app.ballots.cancel_poll(poll, "a delegate's phone showed the wrong motion")[0].data
    app.close()
    assert cancelled["box"]["ballots"] == 3 and cancelled["roll"]["voters"] == 3
    result = run("verify", "--db", path)
    assert result.returncode == 0, result.stdout
    tamper(path, f"DELETE FROM roll WHERE poll = '{poll}' AND voter = '{ids[2]}'")
    result = run("verify", "--db", path)
    assert result.returncode == 1, result.stdout
    assert "the roll does not match what it held when cancelled" in result.stdout


def test_a_journal_with_requests_for_the_floor_withdrawn_verifies(tmp_path: Path) -> None:
    from sample_congress import make_congress
    from smolny import procedure
    from smolny.domain import commands as c
    from smolny.service.app import Principal, Smolny

    path = tmp_path / "withdrawn.sqlite3"
    app = Smolny.open(f"sqlite:///{path}")
    congress = make_congress(app, size=3)
    session, chair = str(congress["session"]), congress["chair"]
    ids: list[str] = congress["delegates"]  # type: ignore[assignment]
    for delegate in ids:
        app.execute(c.Act(session, procedure.RequestFloor(delegate)), by=chair)
    own = Principal(ids[0], "delegate", ids[0])
    app.execute(c.Act(session, procedure.WithdrawFloorRequest(ids[0], by=ids[0])), by=own)
    app.execute(c.Act(session, procedure.WithdrawFloorRequest(ids[2])), by=chair)
    speakers = app.state.sessions[session].procedure.speakers
    app.close()
    assert [s.delegate for s in speakers] == [ids[1]]
    result = run("verify", "--db", path)
    assert result.returncode == 0, result.stdout + result.stderr
    exported = tmp_path / "journal.jsonl"
    exported.write_text(run("journal", "export", "--db", path).stdout)
    kinds = [json.loads(line)["kind"] for line in exported.read_text().splitlines()]
    assert kinds.count("floor.request-withdrawn") == 2
    result = run("verify", exported, "--report")
    assert result.returncode == 0, result.stdout + result.stderr
    # the journal replays to the same list
    reopened = Smolny.open(f"sqlite:///{path}")
    assert reopened.state.sessions[session].procedure.speakers == speakers
    reopened.close()


def rechain(path: Path, change: dict[int, dict[str, object]]) -> None:
    """Rewrite entries' data (`seq` -> new data) and every hash after them: a forged record
    whose chain holds."""
    from smolny.record import canonical
    from smolny.record.entry import make_entry

    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT seq, line FROM journal ORDER BY seq").fetchall()
        prev = "0" * 64
        for seq, line in rows:
            entry = canonical.loads(line)
            data = change.get(seq, entry["data"])
            new = make_entry(seq, entry["at"], entry["kind"], entry["actor"], data, prev)
            conn.execute(
                "UPDATE journal SET hash = ?, prev = ?, line = ? WHERE seq = ?",
                (new.hash, new.prev, new.line(), seq),
            )
            prev = new.hash


def test_the_demo_presidiums_and_thresholds_are_recounted_and_a_forgery_caught(
    copy: Path,
) -> None:
    result = run("verify", "--db", copy)
    assert result.returncode == 0, result.stdout + result.stderr
    # three presidiums allotted; every decision's threshold applied to its figures again
    assert "3 outcomes and apportionments recomputed" in result.stdout
    assert "the threshold of 7 decisions applied again" in result.stdout
    from smolny.record import canonical

    with sqlite3.connect(copy) as conn:
        seq, line = conn.execute(
            "SELECT seq, line FROM journal WHERE kind = 'presidium.allotted' ORDER BY seq"
        ).fetchone()
    data = canonical.loads(line)["data"]
    # one more seat for the Bolsheviks, one fewer for the Left SRs, the result made to match
    shares = data["result"]["factions"]
    for share, moved in zip(shares, (1, -1), strict=False):
        share.update(seats=share["seats"] + moved, taken=share["taken"] + moved)
    data["result"]["seats"] = {s["name"]: s["seats"] for s in shares}
    rechain(copy, {seq: data})
    result = run("verify", "--db", copy)
    assert result.returncode == 1 and f"entry {seq}:" in result.stdout, result.stdout
    assert "apportionment of presidium.allotted differs from its recount" in result.stdout
