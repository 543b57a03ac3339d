"""`smolny rules show`: the motion table, its JSON, and one-line refusals with exit 2."""

from __future__ import annotations

import json
from importlib import resources

from click.testing import CliRunner

from smolny.cli import main


def run(*args: str):
    return CliRunner().invoke(main, ["rules", "show", *args])


def test_table_lists_motions_by_rank():
    result = run("--rulebook", "robert")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Robert's Rules of Order Newly Revised, 12th edition"
    assert "a majority of the members" in lines[1]
    keys = [line.split()[1] for line in lines[4:]]
    assert keys[:3] == ["fix-time-to-adjourn", "adjourn", "recess"]
    assert "withdraw" in keys
    previous = next(line for line in lines if " previous-question " in line)
    assert previous.split()[:6] == ["7", "previous-question", "yes", "no", "no", "two-thirds"]


def test_json_shape():
    result = run("--rulebook", "robert", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == ["motions"]
    motions = {m["key"]: m for m in data["motions"]}
    assert len(motions) == len(data["motions"])
    for motion in data["motions"]:
        assert {"key", "name", "rank", "debatable", "amendable", "threshold"} <= set(motion)
    assert motions["adjourn"]["rank"] > motions["lay-on-the-table"]["rank"]
    assert motions["main"]["rank"] == 1
    assert motions["amend"]["threshold"] == "majority"
    assert motions["previous-question"]["threshold"] == "two-thirds"
    assert motions["point-of-order"]["threshold"] == "none"
    assert motions["adjourn"]["debatable"] is False


def test_json_of_the_standing_orders_has_no_seconds():
    data = json.loads(run("--rulebook", "standing-orders", "--json").output)
    assert not any(m["second"] for m in data["motions"])


def test_own_file(tmp_path):
    text = (resources.files("smolny.procedure") / "rulebooks" / "robert.toml").read_text()
    path = tmp_path / "union.toml"
    path.write_text(text.replace("Robert's Rules of Order", "The Union's Rules"))
    result = run("--rulebook", str(path))
    assert result.exit_code == 0
    assert result.output.startswith("The Union's Rules")


def test_bad_threshold_one_line_exit_2(tmp_path):
    text = (resources.files("smolny.procedure") / "rulebooks" / "robert.toml").read_text()
    start = text.index("[motions.amend]")
    at = text.index('threshold = "majority"', start)
    bad = text[:at] + 'threshold = "two-third"' + text[at + len('threshold = "majority"') :]
    line = bad[:at].count("\n") + 1
    path = tmp_path / "robert2.toml"
    path.write_text(bad)
    result = CliRunner().invoke(main, ["rules", "show", "--rulebook", str(path)])
    assert result.exit_code == 2
    out = result.output.strip()  # click 8.2 mixes stderr in; older keeps it apart
    assert len(out.splitlines()) == 1
    assert f"robert2.toml:{line}: unknown threshold 'two-third' in [motions.amend]" in out


def test_unknown_rulebook_exit_2():
    result = run("--rulebook", "roberts")
    assert result.exit_code == 2
    assert "no such rulebook" in result.output
