"""`smolny verify --report --session ID` answers "it did not take place" from the record
alone: each walkout with its declaration and the hall after it, the quorum behind every
decision taken after them (each joint body's own), a result declared with no count; and
`--decision` explains any entry, `--motion` a motion left undecided."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from smolny import procedure
from smolny.adapters import journal
from smolny.adapters.database import read_transaction
from smolny.domain import commands as c
from smolny.service.app import Smolny
from smolny_command import run

CLAIM = "We leave! The congress is not having taken place."


def act(app: Smolny, session: str, what: procedure.Act) -> list:  # type: ignore[type-arg]
    return app.execute(c.Act(session, what))


def moved(app: Smolny, session: str, title: str, mover: str, seconder: str) -> str:
    entries = app.execute(c.MoveMotion(session, title, f"{title}.", mover))
    question = str(next(e.data["question"] for e in entries if e.kind == "motion.moved"))
    act(app, session, procedure.Second(question, seconder))
    act(app, session, procedure.StateQuestion(question))
    return question


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    folder = tmp_path_factory.mktemp("sitting")
    app = Smolny.open(
        f"sqlite:///{folder / 'r.sqlite3'}", clock=lambda: datetime(1917, 11, 7, 20, 40, tzinfo=UTC)
    )  # noqa: E501
    seqs: dict[str, int] = {}
    try:
        app.execute(c.CreateBody("congress", "Congress"))
        app.execute(c.SetTimeZone("congress", "+02:01", "Petrograd mean time"))
        app.execute(c.FormFaction("congress", "reds", "Reds"))
        app.execute(c.FormFaction("congress", "greys", "Greys"))
        people = [c.NewDelegate(f"Red {i}", "reds") for i in range(6)]
        people += [c.NewDelegate(f"Grey {i}", "greys") for i in range(4)]
        app.execute(c.RegisterDelegates("congress", tuple(people)))  # reds d1-d6, greys d7-d10
        s1 = str(app.execute(c.OpenSession("congress", "First sitting"))[0].data["session"])
        app.execute(c.RecordPresence(s1, all_present=True))
        left = app.execute(
            c.RecordPresence(s1, faction="greys", faction_leaves=True, declaration=CLAIM)
        )
        seqs["walkout"] = left[0].seq
        denounced = moved(app, s1, "Denunciation", "d1", "d2")
        act(app, s1, procedure.PutQuestion(denounced))
        declared = act(app, s1, procedure.DeclareResult(denounced, True, words="quickly passed"))
        seqs["declared"] = declared[0].seq
        app.execute(c.AddNote(declared[0].seq, "the time is not in the sources", "at", s1))
        left_over = moved(app, s1, "Left over", "d3", "d4")
        act(app, s1, procedure.Withdraw(left_over, "d3", consent=True))
        app.execute(c.CloseSession(s1))
        for slug in ("cec", "peasants"):  # a joint sitting: d11-d15, d16-d20
            app.execute(c.CreateBody(slug, slug.title(), "committee"))
            app.execute(c.FormFaction(slug, "srs", "SRs"))
            count = 5
            app.execute(
                c.RegisterDelegates(
                    slug, tuple(c.NewDelegate(f"{slug} {i}", "srs") for i in range(count))
                )
            )  # noqa: E501
        joint = app.execute(c.OpenJointSession(("cec", "peasants"), "Joint sitting"))
        s2 = str(joint[0].data["session"])
        app.execute(c.RecordPresence(s2, all_present=True))
        app.execute(c.RecordPresence(s2, left=("d16", "d17")))
        decided = moved(app, s2, "Greetings", "d11", "d12")
        act(app, s2, procedure.PutQuestion(decided))
        act(app, s2, procedure.RecordResult(decided, 6, 0, 1))
        with read_transaction(app.engine) as conn:
            lines = [line for _, line in journal.lines(conn)]
    finally:
        app.close()
    path = folder / "record.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path, seqs


def report(path: Path, *args: str) -> str:
    result = run("verify", path, "--report", *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_the_walkout_and_the_quorum_behind_the_decisions_after_it(
    record: tuple[Path, dict[str, int]],
) -> None:
    path, seqs = record
    out = report(path, "--session", "s1")
    assert "opened at entry" in out and "(times in Petrograd mean time (UTC+02:01))" in out
    assert f"entry {seqs['walkout']}, 1917-11-07 22:41: Greys walked out (4 delegates)" in out
    assert f"declaration: “{CLAIM}”" in out
    assert "after it: 6 present, quorum 6: quorate (as the journal's presence gives)" in out
    assert "Decisions taken after the first walkout (1):" in out
    assert (
        f"entry {seqs['declared']}, 1917-11-07 22:41: m1 'Denunciation' adopted "
        "(show-of-hands, declared by the chair with no count (“quickly passed”))"
    ) in out
    assert "6 present, quorum 6 of 10 members: quorate" in out
    assert f"on entry {seqs['declared']}: the time is not in the sources" in out
    assert "Answer: all 1 decision(s) taken after the walkouts were taken with a quorum" in out


def test_each_joint_body_has_its_own_quorum(record: tuple[Path, dict[str, int]]) -> None:
    path, _ = record
    out = report(path, "--session", "s2")
    assert "Joint sitting of: Cec (cec); Peasants (peasants)" in out
    assert "8 present, quorum" in out
    assert "Cec (cec): 5 present, its own quorum 3 of 5 members: quorate" in out
    assert "Peasants (peasants): 3 present, its own quorum 3 of 5 members: quorate" in out


def test_decision_explains_a_walkout_entry(record: tuple[Path, dict[str, int]]) -> None:
    path, seqs = record
    out = report(path, "--decision", str(seqs["walkout"]))
    assert f"Entry {seqs['walkout']}: presence.changed" in out
    assert "In sitting s1 'First sitting' of Congress (congress)" in out
    assert f"declaration: “{CLAIM}”" in out
    assert "Decisions taken after it in the sitting (1):" in out


def test_decision_on_a_declared_result_says_no_figures(
    record: tuple[Path, dict[str, int]],
) -> None:
    path, seqs = record
    out = report(path, "--decision", str(seqs["declared"]))
    assert "Resolution 1 of congress: 'Denunciation'" in out
    assert "Vote: show-of-hands, declared by the chair; the votes were not counted" in out


def test_motion_left_undecided_tells_its_fate(record: tuple[Path, dict[str, int]]) -> None:
    path, _ = record
    out = report(path, "--motion", "m2")
    assert "Motion m2 'Left over' (main)" in out
    assert "Not decided: no vote on it is recorded." in out
    assert "Its fate: withdrawn at entry" in out
    missing = run("verify", path, "--report", "--session", "s9")
    assert missing.returncode == 2 and "there is no sitting s9" in missing.stderr


def test_a_note_on_an_entry_not_before_it_fails_verification(
    record: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    import json

    from smolny.record.entry import make_entry

    path, _ = record
    lines = path.read_text(encoding="utf-8").splitlines()
    last = json.loads(lines[-1])
    seq = last["seq"] + 1
    data = {"about": seq + 3, "text": "a note on the future"}
    forged = make_entry(seq, last["at"], "note.added", "account:a1", data, last["hash"])
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([*lines, forged.line()]) + "\n", encoding="utf-8")
    result = run("verify", bad)
    assert result.returncode == 1
    assert (
        f"entry {seq}: a note on entry {seq + 3}, which is not an entry before it" in result.stdout
    )
