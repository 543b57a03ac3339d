"""An organisation's own workflow for a congress's papers, loaded at start (`--workflow`):
named by a congress, or refused at start with its file and line."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources
from pathlib import Path

import httpx

from smolny.service.app import Smolny

PASSWORD = "admin password for tests"


def own_workflow(tmp_path: Path) -> Path:
    text = (resources.files("smolny.procedure") / "workflows" / "union-congress.toml").read_text()
    path = tmp_path / "federation.toml"
    path.write_text(text.replace('name = "A union congress"', 'name = "A federation"'))
    return path


def test_a_congress_names_the_organisations_own_workflow(
    sqlite_url: str, tmp_path: Path, serve
) -> None:
    app = Smolny.open(sqlite_url)
    app.accounts.create_account("admin", "admin", password=PASSWORD)
    app.close()
    server = serve(sqlite_url, "--workflow", str(own_workflow(tmp_path)))
    with httpx.Client(base_url=server.url, timeout=30) as client:
        login = {"username": "admin", "password": PASSWORD}
        auth = {
            "Authorization": f"Bearer {client.post('/api/v1/login', json=login).json()['token']}"
        }
        client.post("/api/v1/bodies", json={"slug": "c", "name": "Congress"}, headers=auth)
        deadlines = {"motions": "2999-01-01T00:00:00Z", "workflow": "federation"}
        r = client.post("/api/v1/congresses/c/deadlines", json=deadlines, headers=auth)
        assert r.status_code == 200, r.text
        assert (
            client.get("/api/v1/congresses/c/papers").json()["workflow"]["name"] == "A federation"
        )


def test_a_malformed_workflow_is_refused_at_start_with_its_line(tmp_path: Path) -> None:
    path = own_workflow(tmp_path)
    path.write_text(path.read_text().replace('by = ["committee"]', 'by = ["king"]', 1))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "smolny",
            "serve",
            "--db",
            str(tmp_path / "s.sqlite3"),
            "--workflow",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "federation.toml:" in result.stderr and "needs by" in result.stderr
    assert result.stderr.count("\n") == 1
