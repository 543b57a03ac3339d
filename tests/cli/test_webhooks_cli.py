"""`smolny webhooks add/list/remove`: bad input exits 2 with one line and stores nothing."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from sample_congress import make_congress
from smolny.cli import main
from smolny.service.app import Smolny

SECRET = "a-secret-shared-with-the-council"


def test_add_list_remove_and_bad_input(tmp_path: Path) -> None:
    db = str(tmp_path / "c.sqlite3")
    app = Smolny.open(f"sqlite:///{db}")
    make_congress(app, size=3)
    app.close()
    runner = CliRunner()

    def run(*args: str) -> tuple[int, str]:
        result = runner.invoke(main, ["webhooks", *args, "--db", db], env={})
        return result.exit_code, result.output

    for bad, said in (
        (("--url", "ftp://council.example/h", "--secret", SECRET), "http:// or https://"),
        (("--url", "https://council.example/h"), "give --secret"),
        (("--url", "https://council.example/h", "--secret", "short"), "at least 16"),
    ):
        code, out = run("add", "--body", "congress", *bad)
        assert code == 2 and said in out, out
    code, out = run("add", "--body", "nowhere", "--url", "https://c.example/h", "--secret", SECRET)
    assert code == 2 and "there is no body 'nowhere'" in out
    assert run("list", "--json") == (0, "[]\n")
    code, out = run("add", "--body", "congress", "--url", "https://c.example/h", "--secret", SECRET)
    assert code == 0, out
    ident = out.split("\t")[0]
    code, out = run("list", "--json")
    listed = json.loads(out)
    assert [(w["id"], w["body"], w["what"]) for w in listed] == [(ident, "congress", "resolutions")]
    assert SECRET not in out
    assert run("remove", ident) == (0, f"removed {ident}\n")
    code, out = run("remove", ident)
    assert code == 2 and "there is no webhook" in out
    assert run("list") == (0, "no webhooks\n")
