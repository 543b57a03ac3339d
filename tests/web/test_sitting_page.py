"""A sitting's public page answers "it did not take place" from the record alone, with
the facts `smolny verify --report --session` prints: who presided, the walkout with its
declaration and the hall after it, the decision taken after it with its quorum (declared:
not counted), each joint body's own quorum, the answer; the journal to download, which
verifies and answers the same."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from smolny import i18n, procedure
from smolny.domain import commands as c
from smolny.record.clock import zone_named
from smolny.service.app import Smolny
from smolny.web.app import create_app
from smolny_command import run

CLAIM = "We leave! The congress is not having taken place."
# every act at 20:40 UTC, shown in the body's time (UTC+02:01), as the page writes times
WHEN = i18n.when("1917-11-07T20:40:00Z", "short", zone_named("+02:01"))
STATEMENT = "The committee considers the congress as not having taken place."


def _act(app: Smolny, session: str, what: procedure.Act) -> list:  # type: ignore[type-arg]
    return app.execute(c.Act(session, what))


def _moved(app: Smolny, session: str, title: str, mover: str, seconder: str) -> str:
    entries = app.execute(c.MoveMotion(session, title, f"{title}.", mover))
    question = str(next(e.data["question"] for e in entries if e.kind == "motion.moved"))
    _act(app, session, procedure.Second(question, seconder))
    _act(app, session, procedure.StateQuestion(question))
    _act(app, session, procedure.PutQuestion(question))
    return question


def build(app: Smolny) -> dict[str, int]:
    """A congress whose greys walk out before a declared decision; then a joint sitting of
    two committees with a counted one."""
    seqs: dict[str, int] = {}
    app.execute(c.CreateBody("congress", "Congress"))
    app.execute(c.SetTimeZone("congress", "+02:01", "Petrograd mean time"))
    app.execute(c.FormFaction("congress", "reds", "Reds"))
    app.execute(c.FormFaction("congress", "greys", "Greys"))
    people = [c.NewDelegate(f"Red {i}", "reds") for i in range(6)]
    people += [c.NewDelegate(f"Grey {i}", "greys") for i in range(4)]
    app.execute(c.RegisterDelegates("congress", tuple(people)))  # reds d1-d6, greys d7-d10
    s1 = str(app.execute(c.OpenSession("congress", "First sitting"))[0].data["session"])
    app.execute(c.RecordPresence(s1, all_present=True))
    _act(app, s1, procedure.TakeChair(delegate="d1"))
    left = app.execute(
        c.RecordPresence(s1, faction="greys", faction_leaves=True, declaration=CLAIM)
    )
    seqs["walkout"] = left[0].seq
    said = app.execute(
        c.IssueStatement("congress", STATEMENT, "the departed", "the committee", about_session=s1)
    )
    seqs["statement"] = said[0].seq
    denounced = _moved(app, s1, "Denunciation", "d1", "d2")
    declared = _act(app, s1, procedure.DeclareResult(denounced, True, words="quickly passed"))
    seqs["declared"] = declared[0].seq
    app.execute(c.AddNote(declared[0].seq, "the time is not in the sources", "at", s1))
    app.execute(c.CloseSession(s1))
    for slug in ("cec", "peasants"):  # a joint sitting: d11-d15, d16-d20
        app.execute(c.CreateBody(slug, slug.title(), "committee"))
        app.execute(c.FormFaction(slug, "srs", "SRs"))
        app.execute(
            c.RegisterDelegates(slug, tuple(c.NewDelegate(f"{slug} {i}", "srs") for i in range(5)))
        )
    joint = app.execute(c.OpenJointSession(("cec", "peasants"), "Joint sitting"))
    s2 = str(joint[0].data["session"])
    app.execute(c.RecordPresence(s2, all_present=True))
    app.execute(c.RecordPresence(s2, left=("d16", "d17")))
    greeted = _moved(app, s2, "Greetings", "d11", "d12")
    _act(app, s2, procedure.RecordResult(greeted, 6, 0, 1))
    return seqs


@pytest.fixture(scope="module")
def sitting(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[TestClient, dict[str, int]]]:
    folder = tmp_path_factory.mktemp("page")
    app = Smolny.open(
        f"sqlite:///{folder / 'r.sqlite3'}", clock=lambda: datetime(1917, 11, 7, 20, 40, tzinfo=UTC)
    )
    try:
        seqs = build(app)
        with TestClient(create_app(app)) as client:
            yield client, seqs
    finally:
        app.close()


def text_of(html: str) -> str:
    """The page's words, tags dropped and spaces folded."""
    import re

    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_page_tells_the_walkout_and_the_quorum_behind_the_decision_after_it(
    sitting: tuple[TestClient, dict[str, int]],
) -> None:
    client, seqs = sitting
    page = client.get("/sessions/s1")
    assert page.status_code == 200
    words = text_of(page.text)
    assert "Congress" in words and "First sitting" in words and "sitting s1" not in words
    assert "Petrograd mean time (UTC+02:01)" in words
    assert f"Presiding Red 0 from {WHEN}" in words  # the body's own time
    assert "Walkouts (1)" in words
    assert f"Greys walked out (4 delegates). (entry {seqs['walkout']})" in words
    assert CLAIM in words
    assert "After it: 6 present, quorum 6: quorate" in words
    assert "Statements made outside the sitting (1)" in words
    assert "Outside the sitting, the departed (for the committee) declared:" in words
    assert STATEMENT in words
    assert "Decisions taken after the first walkout (1)" in words
    assert f"“Denunciation” {WHEN} adopted" in words
    assert "by show of hands, declared by the chair: not counted (“quickly passed”)" in words
    assert "6 present, quorum 6 of 10 members: quorate" in words
    assert f"On entry {seqs['declared']}: the time is not in the sources" in words
    assert (
        "Every decision taken after the walkouts (1) was taken with a quorum present, "
        "as the journal's own presence confirms." in words
    )
    assert "smolny verify journal.jsonl --report --session s1" in words
    assert "None" not in words


def test_a_joint_sitting_shows_each_bodys_own_quorum(
    sitting: tuple[TestClient, dict[str, int]],
) -> None:
    client, _ = sitting
    words = text_of(client.get("/sessions/s2").text)
    assert "Joint sitting of Cec, Peasants" in words and "sitting s2" not in words
    assert "Walkouts: none" in words and "Decisions of the sitting (1)" in words
    assert "by show of hands: 6 for, 0 against, 1 abstaining" in words
    assert "Cec: 5 members present, its own quorum 3 of 5: quorate" in words
    assert "Peasants: 3 members present, its own quorum 3 of 5: quorate" in words
    assert "the record names no one taking the chair" in words


def test_in_russian(sitting: tuple[TestClient, dict[str, int]]) -> None:
    client, _ = sitting
    words = text_of(client.get("/sessions/s1?lang=ru").text)
    assert "Уходы (1)" in words and "не подсчитывались" in words
    assert CLAIM in words


def test_linked_from_the_public_page_and_an_unknown_sitting_is_404(
    sitting: tuple[TestClient, dict[str, int]],
) -> None:
    client, _ = sitting
    public = client.get("/").text
    assert 'href="/sessions/s1"' in public and 'href="/sessions/s2"' in public
    missing = client.get("/sessions/s9")
    assert missing.status_code == 404 and "there is no sitting s9" in missing.text


def test_the_downloaded_journal_verifies_and_answers_the_same(
    sitting: tuple[TestClient, dict[str, int]], tmp_path: Path
) -> None:
    client, seqs = sitting
    download = client.get("/record/journal.jsonl")
    assert download.status_code == 200
    assert "attachment" in download.headers["content-disposition"]
    path = tmp_path / "journal.jsonl"
    path.write_bytes(download.content)
    out = run("verify", path, "--report", "--session", "s1")
    assert out.returncode == 0, out.stdout + out.stderr
    assert (
        f"entry {seqs['walkout']}, 1917-11-07 22:41: Greys walked out (4 delegates)" in out.stdout
    )
    assert "Presiding: Red 0 from 1917-11-07 22:41" in out.stdout
    assert f"entry {seqs['statement']}, 1917-11-07 22:41: the departed (for the committee)" in (
        out.stdout
    )
    assert "Answer: all 1 decision(s) taken after the walkouts" in out.stdout
