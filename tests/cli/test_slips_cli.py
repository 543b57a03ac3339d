"""`smolny slips`: new access codes printed on slips; bad input issues nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from slips_reading import read_slips
from smolny.cli import main
from smolny.domain import commands as c
from smolny.domain.errors import Unauthenticated
from smolny.service.app import Smolny

NAMES = ("Фёдор Дан", "Лев Хинчук", "Julius Martov")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "congress.sqlite3"
    app = Smolny.open(f"sqlite:///{path}")
    app.execute(c.CreateBody("congress", "Второй съезд", language="ru"))
    app.execute(c.CreateBody("empty", "Empty"))
    app.execute(c.FormFaction("congress", "mensheviks", "Меньшевики"))
    app.execute(
        c.RegisterDelegates("congress", tuple(c.NewDelegate(n, "mensheviks") for n in NAMES))
    )
    app.close()
    return path


def record(db: Path) -> tuple[int, str]:
    app = Smolny.open(f"sqlite:///{db}")
    try:
        return app.state.seq, app.state.head
    finally:
        app.close()


def logs_in(db: Path, code: str) -> str | None:
    app = Smolny.open(f"sqlite:///{db}")
    try:
        return app.accounts.login_delegate(code)[1].id
    except Unauthenticated:
        return None
    finally:
        app.close()


def test_slips_for_every_delegate_with_codes_that_log_in(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "slips.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "smolny", "slips", "--db", str(db), "--body", "congress"]
        + ["--base-url", "https://vote.example.org", "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Issued new access codes to 3 delegates of congress" in result.stdout
    slips = read_slips(out.read_bytes())
    assert slips.pages == 1 and len(slips.urls) == 3
    for name in NAMES:
        assert name in slips.text
    assert "Сохраните этот листок" in slips.text  # the body's language
    assert {logs_in(db, code) for code in slips.codes()} == {"d1", "d2", "d3"}
    for url, code in zip(slips.urls, slips.codes(), strict=True):
        assert url == f"https://vote.example.org/login?code={code}" and code in slips.text


def test_slips_for_some_delegates(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "two.pdf"
    result = CliRunner().invoke(
        main,
        ["slips", "--db", str(db), "--body", "congress", "--delegates", "d1, d3"]
        + ["--base-url", "http://127.0.0.1:8000", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    slips = read_slips(out.read_bytes())
    assert NAMES[0] in slips.text and NAMES[2] in slips.text and NAMES[1] not in slips.text
    assert sorted(logs_in(db, code) or "" for code in slips.codes()) == ["d1", "d3"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--body", "nowhere"], "refused (unknown-body)"),
        (["--body", "congress", "--delegates", "d1,d99"], "refused (unknown-delegate)"),
        (["--body", "empty"], "refused (required): no delegates given"),
        (["--body", "congress", "--delegates", " , "], "--delegates names no delegate"),
        (["--body", "congress", "--base-url", "vote.example.org"], "refused (base-url)"),
        (["--body", "congress", "-o", "missing/slips.pdf"], "does not exist"),
    ],
    ids=["unknown-body", "unknown-delegate", "no-delegates", "empty-list", "bad-url", "no-folder"],
)
def test_bad_input_exits_2_and_issues_nothing(
    db: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    before = record(db)
    options = {"--base-url": "https://vote.example.org", "-o": str(tmp_path / "slips.pdf")}
    for i in range(0, len(args), 2):
        options[args[i]] = (
            args[i + 1] if not args[i + 1].startswith("missing") else str(tmp_path / args[i + 1])
        )
    argv = ["slips", "--db", str(db)] + [x for pair in options.items() for x in pair]
    result = CliRunner().invoke(main, argv)
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert record(db) == before
    assert not (tmp_path / "slips.pdf").exists()


def test_a_consultative_delegates_slip_does_not_say_it_lets_them_vote() -> None:
    from smolny.service.slips import issue_slips

    app = Smolny.in_memory()
    app.execute(c.CreateBody("congress", "Congress"))
    people = (c.NewDelegate("Voting Member"), c.NewDelegate("Krushinsky", voting=False))
    app.execute(c.RegisterDelegates("congress", people))
    pdf, _ = issue_slips(app, "congress", ["d2"], "http://127.0.0.1:8000")
    text = " ".join(read_slips(pdf).text.split())
    assert "lets you vote" not in text
    assert "a voice, no vote" in text
    pdf, _ = issue_slips(app, "congress", ["d1"], "http://127.0.0.1:8000")
    assert "lets you vote" in " ".join(read_slips(pdf).text.split())
    app.close()
