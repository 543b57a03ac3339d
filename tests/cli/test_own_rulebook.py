"""An organisation's own standing orders, loaded at start: used by its bodies, or refused."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources
from pathlib import Path

import httpx

from smolny.service.app import Smolny


def own_rules(tmp_path: Path, quorum: int) -> Path:
    text = (resources.files("smolny.procedure") / "rulebooks" / "standing-orders.toml").read_text()
    path = tmp_path / "union-rules.toml"
    path.write_text(text.replace("number = 50", f"number = {quorum}"))
    return path


def test_a_body_sits_under_the_organisations_own_rulebook(
    sqlite_url: str, tmp_path: Path, serve
) -> None:
    rules = own_rules(tmp_path, quorum=3)
    app = Smolny.open(sqlite_url)
    app.accounts.create_account("admin", "admin", password="admin password for tests")
    app.close()
    server = serve(sqlite_url, "--rulebook", str(rules))
    with httpx.Client(base_url=server.url, timeout=30) as client:
        token = client.post(
            "/api/v1/login", json={"username": "admin", "password": "admin password for tests"}
        ).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        r = client.post(
            "/api/v1/bodies",
            json={"slug": "local", "name": "Local 12", "rulebook": "union-rules"},
            headers=auth,
        )
        assert r.status_code == 201, r.text
        ids = client.post(
            "/api/v1/bodies/local/delegates",
            json={"delegates": [{"name": f"M{i}"} for i in range(5)]},
            headers=auth,
        ).json()["delegates"]
        client.post("/api/v1/bodies/local/sessions", json={"title": "Meeting"}, headers=auth)
        client.post("/api/v1/sessions/s1/presence", json={"arrived": ids[:3]}, headers=auth)
        session = client.get("/api/v1/sessions/s1").json()
        assert session["rulebook"] == "union-rules"
        assert session["quorum"] == {
            "present": 3,
            "needed": 3,
            "quorate": True,
        }  # 50 in the stock file
        # no seconds under these rules: moved, then stated at once
        moved = client.post(
            "/api/v1/sessions/s1/motions",
            json={"title": "Dues", "text": "Raise dues", "mover": ids[0]},
            headers=auth,
        ).json()["motion"]
        stated = client.post(
            "/api/v1/sessions/s1/acts", json={"act": "state", "question": moved}, headers=auth
        )
        assert stated.status_code == 200, stated.text
        unknown = client.post(
            "/api/v1/bodies", json={"slug": "other", "name": "X", "rulebook": "nope"}, headers=auth
        )
        assert unknown.status_code == 422 and "union-rules" in unknown.json()["detail"]


def test_a_malformed_rulebook_is_refused_at_start_with_its_line(tmp_path: Path) -> None:
    rules = own_rules(tmp_path, quorum=3)
    lines = rules.read_text().splitlines()
    bad_line = next(i for i, line in enumerate(lines) if line.startswith("threshold")) + 1
    lines[bad_line - 1] = 'threshold = "most-of-them"'
    rules.write_text("\n".join(lines) + "\n")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "smolny",
            "serve",
            "--db",
            str(tmp_path / "s.sqlite3"),
            "--rulebook",
            str(rules),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert f"union-rules.toml:{bad_line}:" in result.stderr and "most-of-them" in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_server_without_the_bodys_rulebook_refuses_its_acts_clearly(
    sqlite_url: str, tmp_path: Path
) -> None:
    from smolny import procedure
    from smolny.domain import commands as c
    from smolny.domain.errors import OutOfOrder

    rules = procedure.load_rulebook(own_rules(tmp_path, quorum=1))
    app = Smolny.open(sqlite_url, rulebooks=[rules])
    app.execute(c.CreateBody("local", "Local 12", rulebook="union-rules"))
    ids = [
        d["delegate"]
        for d in app.execute(
            c.RegisterDelegates("local", (c.NewDelegate("A"), c.NewDelegate("B")))
        )[0].data["delegates"]
    ]
    session = app.execute(c.OpenSession("local", "Meeting"))[0].data["session"]
    app.execute(c.RecordPresence(session, all_present=True))
    main = app.execute(c.MoveMotion(session, "Dues", "Raise dues", ids[0]))[0].data["question"]
    app.execute(c.Act(session, procedure.StateQuestion(main)))
    app.execute(
        c.Act(session, procedure.Move("", "amend", ids[1], text="a little", applies_to=main))
    )
    titles = {m: app.state.motions[m].title for m in app.state.motions}
    app.close()
    without = Smolny.open(sqlite_url)  # restarted without --rulebook
    try:
        assert {m: without.state.motions[m].title for m in without.state.motions} == titles
        import pytest

        with pytest.raises(OutOfOrder) as refused:
            without.execute(c.Act(session, procedure.Yield()))
        assert refused.value.rule == "rulebook-not-loaded" and "--rulebook" in refused.value.message
    finally:
        without.close()
