"""`smolny minutes`: the three formats, an unknown session, a correction, an approval and a
change after approval; `smolny verify` on a journal holding them."""

from __future__ import annotations

import io
from pathlib import Path
from subprocess import CompletedProcess

from smolny_command import run


def test_markdown_html_and_pdf(demo_db: Path, tmp_path: Path) -> None:
    md = run("minutes", "--db", demo_db, "--session", "s1", "--format", "md", "--tz", "+02:01")
    assert md.returncode == 0, md.stderr
    assert md.stdout.startswith("# Minutes: First sitting, 25-26 October 1917")
    assert "The Mensheviks walked out (68 delegates)" in md.stdout
    assert "Not approved." in md.stdout
    page = tmp_path / "s1.html"
    html = run("minutes", "--db", demo_db, "--session", "s1", "--format", "html", "-o", page)
    assert html.returncode == 0, html.stderr
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!doctype html>") and "<table>" in text
    assert "http" not in text  # self-contained: no outside resource
    pdf = tmp_path / "s1.pdf"
    result = run("minutes", "--db", demo_db, "--session", "s1", "--format", "pdf", "-o", pdf)
    assert result.returncode == 0, result.stderr
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    words = " ".join(page.extract_text() for page in reader.pages)
    assert "First sitting, 25-26 October 1917" in words


def test_an_unknown_session_exits_2_with_the_list(demo_db: Path) -> None:
    result = run("minutes", "--db", demo_db, "--session", "s99")
    assert result.returncode == 2
    assert "no session 's99'" in result.stderr
    assert "s1\tsecond-congress\tFirst sitting, 25-26 October 1917" in result.stderr
    assert "s4\tcentral-executive-committee" in result.stderr
    assert result.stdout == ""


def _second_sitting(db: Path) -> str:
    """Close the first sitting and open a second one of the congress, everyone present."""
    from smolny.domain import commands as c
    from smolny.service.app import Smolny

    app = Smolny.open(f"sqlite:///{db}")
    try:
        if app.state.sessions["s1"].state == "open":  # adjourned: the sitting has ended
            app.execute(c.CloseSession("s1"))
        session = app.execute(c.OpenSession("second-congress", "Second sitting"))[0].data["session"]
        app.execute(c.RecordPresence(session, all_present=True))
    finally:
        app.close()
    return str(session)


def _decide(db: Path, session: str, motion: str) -> None:
    from smolny import procedure
    from smolny.domain import commands as c
    from smolny.service.app import Smolny

    app = Smolny.open(f"sqlite:///{db}")
    try:
        app.execute(c.Act(session, procedure.Second(motion, "d5")))
        app.execute(c.Act(session, procedure.StateQuestion(motion)))
        app.execute(c.Act(session, procedure.PutQuestion(motion)))
        app.execute(
            c.Act(session, procedure.RecordResult(motion, 400, 10, 5, method="show-of-hands"))
        )
    finally:
        app.close()


def correct(db: Path, what: str, correction: str, reason: str, by: str) -> CompletedProcess[str]:
    """`smolny minutes correct` on the first sitting's minutes."""
    return run(
        "minutes", "correct", "--db", db, "--session", "s1", "--what", what,
        "--correction", correction, "--reason", reason, "--by", by,
    )  # fmt: skip


def test_correction_approval_and_a_change_after_approval(copy: Path) -> None:
    refused = correct(copy, "§3", "x", "y", by="chair")
    assert refused.returncode == 2 and "secretary" in refused.stderr  # the chair may not
    session = _second_sitting(copy)
    beyond = correct(copy, "§999", "x", "y", by="secretary")
    assert beyond.returncode == 2 and "paragraphs 1 to" in beyond.stderr
    corrected = correct(
        copy,
        "§3",
        "The presidium was allotted: Bolsheviks 14, Left SRs 7.",
        "the Left SRs' name as the hall heard it",
        by="secretary",
    )
    assert corrected.returncode == 0, corrected.stderr
    md = run("minutes", "--db", copy, "--session", "s1").stdout
    assert "3. " in md and "Bolsheviks 14, Left SRs 7. *Corrected (correction 1).*" in md
    assert "the Left SRs' name as the hall heard it" in md

    moved = run(
        "minutes",
        "approve",
        "--db",
        copy,
        "--minutes",
        "s1",
        "--session",
        session,
        "--mover",
        "d3",
        "--by",
        "chair",
    )
    assert moved.returncode == 0, moved.stderr
    motion = moved.stdout.split()[1].rstrip(":")
    assert "Approval moved" in run("minutes", "--db", copy, "--session", "s1").stdout
    _decide(copy, session, motion)
    md = run("minutes", "--db", copy, "--session", "s1").stdout
    assert f"Approved by motion {motion} in session {session}" in md
    assert "These minutes match the approved version." in md

    later = correct(copy, "§5", "Seconded by Boris Kamkov.", "misheard", by="secretary")
    assert later.returncode == 0, later.stderr
    md = run("minutes", "--db", copy, "--session", "s1").stdout
    assert "CHANGED SINCE APPROVAL" in md

    verified = run("verify", "--db", copy)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    kinds = run("journal", "export", "--db", copy).stdout
    for kind in ("minutes.corrected", "minutes.approval-moved", "minutes.approved"):
        assert f'"kind":"{kind}"' in kinds


def test_the_minutes_in_russian(demo_db: Path) -> None:
    result = run("minutes", "--db", demo_db, "--session", "s1", "--lang", "ru")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("# Протокол: First sitting")
    assert "## Ход заседания" in out and "## Статус протокола" in out
    assert "Фракция «Mensheviks» покинула зал (делегатов: 68)." in out
    assert "Присутствовали при открытии:** 670 в зале (членов: 670); кворум 336" in out
    english = run("minutes", "--db", demo_db, "--session", "s1").stdout
    assert english.startswith("# Minutes: First sitting") and "Протокол" not in english
