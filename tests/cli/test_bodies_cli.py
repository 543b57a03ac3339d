"""`smolny bodies list`: the tree of bodies, as text and as JSON."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from smolny.cli import main
from smolny.domain import commands as c
from smolny.service.app import Smolny


def test_the_tree_with_membership_delegates_sessions_and_allocation(tmp_path: Path) -> None:
    path = tmp_path / "tree.sqlite3"
    app = Smolny.open(f"sqlite:///{path}")
    app.execute(c.CreateBody("petrograd", "Petrograd Soviet", "council", members=2800))
    app.execute(c.CreateBody("workers", "Workers' Section", "section", parent="petrograd"))
    app.execute(c.CreateBody("moscow", "Moscow Soviet", "council", members=1))
    app.execute(c.CreateBody("congress", "Congress"))
    app.execute(c.CreateBody("cec", "CEC", "executive-committee", parent="congress"))
    app.execute(c.CreateBody("mandates", "Mandates", "committee", purpose="credentials"))
    app.execute(c.ConveneCongress("congress", ("petrograd", "moscow"), "per-members", number=1000))
    app.execute(c.RegisterDelegates("congress", (c.NewDelegate("Dan"), c.NewDelegate("Martov"))))
    app.execute(c.OpenSession("congress", "Sitting"))
    app.close()
    result = CliRunner().invoke(main, ["bodies", "list", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "petrograd: Petrograd Soviet (council, 2800 members, 0 delegates, 0 sessions)",
        "  workers: Workers' Section (section, 0 delegates, 0 sessions)",
        "moscow: Moscow Soviet (council, 1 member, 0 delegates, 0 sessions)",
        "congress: Congress (congress, 2 delegates, 1 session)",
        "  convened from: petrograd 2, moscow 1",
        "  cec: CEC (executive-committee, 0 delegates, 0 sessions)",
        "mandates: Mandates (committee for credentials, 0 delegates, 0 sessions)",
    ]
    listed = json.loads(
        CliRunner().invoke(main, ["bodies", "list", "--db", str(path), "--json"]).output
    )
    congress = next(b for b in listed if b["slug"] == "congress")
    assert congress["allocation"] == {"petrograd": 2, "moscow": 1}
    assert congress["delegates"] == 2 and congress["members"] is None
    for row in listed:
        assert {"slug", "name", "kind", "parent", "members", "delegates", "allocation"} <= set(row)
    assert next(b for b in listed if b["slug"] == "workers")["parent"] == "petrograd"


def test_a_missing_database_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["bodies", "list", "--db", str(tmp_path / "no.sqlite3")])
    assert result.exit_code == 2 and "no such database" in result.output
