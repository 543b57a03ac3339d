"""Workflows as data (smolny.procedure.workflow): the bundled union congress, an
organisation's own file, and a file with a mistake refused naming its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from smolny import procedure
from smolny.procedure.workflow import WorkflowError

OWN = """
[workflow]
name = "A small federation"
initial = "in"
composite = "in"
composited = "merged"

[states.in]
name = "Received"
[states.merged]
name = "Merged"
[states.carried]
name = "Carried"

[[moves]]
from = "in"
to = "carried"
by = ["congress"]
"""


def test_the_union_congress_workflow_ships_and_says_who_moves_what() -> None:
    assert "union-congress" in procedure.bundled_workflows()
    workflow = procedure.load_workflow("union-congress")
    assert workflow.initial == "submitted"
    assert workflow.refusal("submitted", "admitted", "committee") is None
    assert "only the standing orders committee" in str(
        workflow.refusal("submitted", "admitted", "secretariat")
    )
    assert "nowhere: it is final" in str(workflow.refusal("adopted", "rejected", "congress"))
    assert "no state 'lost'" in str(workflow.refusal("submitted", "lost", "congress"))


def test_an_organisations_own_workflow_is_read_from_its_file(tmp_path: Path) -> None:
    path = tmp_path / "federation.toml"
    path.write_text(OWN, encoding="utf-8")
    workflow = procedure.load_workflow(str(path))
    assert workflow.key == "federation"
    assert workflow.refusal("in", "carried", "congress") is None


@pytest.mark.parametrize(
    ("change", "problem", "line"),
    [
        (('by = ["congress"]', 'by = ["king"]'), "needs by", 17),
        (('to = "carried"', 'to = "won"'), "'won', which is not a state", 17),
        (('initial = "in"', 'initial = "out"'), "initial names 'out'", 4),
        (("[states.carried]", "[kings]"), "unknown table [kings]", 12),
    ],
)
def test_a_workflow_with_a_mistake_is_refused_naming_the_line(
    change: tuple[str, str], problem: str, line: int
) -> None:
    with pytest.raises(WorkflowError) as caught:
        procedure.parse_workflow(OWN.replace(*change), "own.toml")
    assert problem in caught.value.problem
    assert caught.value.line == line


def test_the_rulebook_says_how_papers_are_submitted() -> None:
    robert = procedure.load_rulebook("robert")
    assert robert.submission.supporters == 0 and robert.submission.emergency == "committee"
    with pytest.raises(procedure.RulebookError) as caught:
        procedure.parse_rulebook(_robert() + '\n[submission]\nemergency = "king"\n', "bad.toml")
    assert "unknown emergency rule 'king'" in caught.value.problem


def _robert() -> str:
    from importlib import resources

    return (resources.files("smolny.procedure") / "rulebooks" / "robert.toml").read_text()
