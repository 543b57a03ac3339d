"""Rulebooks load from TOML; a malformed one is refused with the file, the line and the problem."""

from __future__ import annotations

from importlib import resources

import pytest

from smolny.counting.thresholds import TieRule
from smolny.procedure import RulebookError, bundled_rulebooks, load_rulebook, parse_rulebook

ISSUE_KEYS = {
    "fix-time-to-adjourn",
    "adjourn",
    "recess",
    "question-of-privilege",
    "orders-of-the-day",
    "lay-on-the-table",
    "previous-question",
    "limit-debate",
    "postpone-definitely",
    "commit",
    "amend",
    "postpone-indefinitely",
    "main",
    "take-from-table",
    "reconsider",
    "rescind",
    "point-of-order",
    "appeal",
    "suspend-rules",
    "objection-to-consideration",
    "division-of-assembly",
    "division-of-question",
    "withdraw",
}


def robert_text() -> str:
    return (resources.files("smolny.procedure") / "rulebooks" / "robert.toml").read_text()


def line_of(text: str, needle: str, after: str = "") -> int:
    start = text.index(after) if after else 0
    return text[: text.index(needle, start)].count("\n") + 1


def test_bundled_rulebooks():
    assert bundled_rulebooks() == [
        "congress-1917",
        "robert",
        "standing-orders",
        "union-standing-orders",
    ]


def test_robert_has_every_motion_the_issue_lists_ranked_as_ronr():
    robert = load_rulebook("robert")
    assert set(robert.motions) >= ISSUE_KEYS
    ranked = [m.key for m in robert.ordered() if m.motion_class != "bring-back" and m.rank]
    # RONR's order of precedence, highest first (RONR §5 and its chart)
    assert ranked == [
        "fix-time-to-adjourn",
        "adjourn",
        "recess",
        "question-of-privilege",
        "orders-of-the-day",
        "lay-on-the-table",
        "previous-question",
        "limit-debate",
        "postpone-definitely",
        "commit",
        "amend",
        "postpone-indefinitely",
        "main",
    ]
    m = robert.motions
    assert (m["previous-question"].threshold, m["limit-debate"].threshold) == (
        "two-thirds",
        "two-thirds",
    )
    assert not m["adjourn"].debatable and not m["lay-on-the-table"].debatable
    assert m["point-of-order"].interrupts and not m["point-of-order"].second
    assert m["point-of-order"].threshold == "none"
    assert m["rescind"].threshold_with_notice == "majority"
    assert m["rescind"].also_carried_by == ("majority-of-members",)
    assert {k for k, v in m.items() if v.without_quorum} == {
        "adjourn",
        "recess",
        "fix-time-to-adjourn",
    }
    assert robert.quorum.basis == "members" and robert.quorum.share == "majority"
    assert (robert.debate.speeches_per_member, robert.debate.speech_seconds) == (2, 600)
    assert robert.amendment_depth == 2 and robert.ties is TieRule.FAILS


def test_standing_orders_differ_only_in_data():
    plain = load_rulebook("standing-orders")
    assert not any(m.second for m in plain.motions.values())
    assert {m.threshold for m in plain.motions.values()} == {"majority", "none"}
    assert (plain.quorum.basis, plain.quorum.number) == ("number", 50)
    assert plain.debate.speech_seconds == 300


def test_an_organisations_own_file(tmp_path):
    path = tmp_path / "union.toml"
    path.write_text(robert_text().replace("speech-seconds = 600", "speech-seconds = 180"))
    union = load_rulebook(str(path))
    assert union.debate.speech_seconds == 180 and union.key == "union"


def test_unknown_threshold_names_file_and_line(tmp_path):
    text = robert_text()
    start = text.index("[motions.amend]")
    at = text.index('threshold = "majority"', start)
    bad = text[:at] + 'threshold = "two-third"' + text[at + len('threshold = "majority"') :]
    path = tmp_path / "robert2.toml"
    path.write_text(bad)
    with pytest.raises(RulebookError) as caught:
        load_rulebook(str(path))
    error = caught.value
    assert error.source == str(path)
    assert error.line == line_of(bad, 'threshold = "two-third"')
    assert str(error).startswith(
        f"{path}:{error.line}: unknown threshold 'two-third' in [motions.amend]"
    )


def test_missing_field_points_at_the_table():
    text = robert_text()
    bad = text.replace('[motions.amend]\nname = "Amend"\n', "[motions.amend]\n")
    with pytest.raises(RulebookError) as caught:
        parse_rulebook(bad, "r.toml")
    assert caught.value.line == line_of(bad, "[motions.amend]")
    assert caught.value.problem == "missing field 'name' in [motions.amend]"


def test_toml_syntax_error_has_its_line():
    bad = robert_text().replace("depth = 2", "depth = = 2")
    with pytest.raises(RulebookError) as caught:
        parse_rulebook(bad, "r.toml")
    assert caught.value.line == line_of(bad, "depth = = 2")
    assert caught.value.problem.startswith("not valid TOML")


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('basis = "members"', 'basis = "everyone"', "unknown quorum basis 'everyone'"),
        ('share = "majority"', 'share = "2"', "unknown quorum share '2'"),
        ('order = "alternating"', 'order = "loudest"', "unknown order 'loudest'"),
        ('ties = "fails"', 'ties = "coin"', "unknown tie rule 'coin'"),
        ("depth = 2", "depth = -1", "depth must be a whole number >= 0"),
        ("rank = 13", 'rank = "high"', "rank must be a whole number >= 1"),
        ('class = "privileged"', 'class = "royal"', "unknown class 'royal'"),
        ("second = true", 'second = "yes"', "second must be true or false"),
        ('target = "tabled"', 'target = "lost"', "unknown target 'lost'"),
        ('carried-by = "no"', 'carried-by = "maybe"', "carried-by must be yes or no"),
        ('applies-to = ["main"]', 'applies-to = ["mian"]', "applies-to names 'mian'"),
        ('effect = "fix-time-to-adjourn"', 'effect = "explode"', "unknown effect 'explode'"),
        ("without-quorum = true", "without-qorum = true", "unknown field 'without-qorum'"),
    ],
)
def test_semantic_errors_point_at_the_offending_key(old, new, problem):
    text = robert_text()
    assert old in text
    bad = text.replace(old, new, 1)
    with pytest.raises(RulebookError) as caught:
        parse_rulebook(bad, "bad.toml")
    assert caught.value.problem.startswith(problem), caught.value.problem
    assert caught.value.line == line_of(bad, new)


def test_no_such_rulebook():
    with pytest.raises(RulebookError) as caught:
        load_rulebook("roberts")
    assert "no such rulebook" in str(caught.value)
    with pytest.raises(RulebookError) as caught:
        load_rulebook("/nonexistent/union.toml")
    assert str(caught.value) == "/nonexistent/union.toml: no such file"
