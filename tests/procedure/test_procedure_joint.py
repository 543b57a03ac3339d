"""The engine in a joint session: each body's quorum by its own rule, and the rulebook's
[joint] table read and checked."""

from __future__ import annotations

from importlib import resources

import pytest

from smolny import procedure
from smolny.procedure.rulebook import QuorumRule

ROBERT = (resources.files("smolny.procedure") / "rulebooks" / "robert.toml").read_text()


def sitting(rulebook: procedure.Rulebook, present: dict[str, int]) -> procedure.State:
    """Body a (10 members, majority) and body b (6 members, a fixed quorum of 2), with
    `present` of each in the hall."""
    delegates = [
        procedure.Delegate(f"{slug}{i}", sits_for=slug, present=i < present[slug])
        for slug, size in (("a", 10), ("b", 6))
        for i in range(size)
    ]
    bodies = (
        procedure.SittingBody("a", 10),
        procedure.SittingBody("b", 6, QuorumRule("number", number=2)),
    )
    return procedure.State(members=16, delegates=tuple(delegates), bodies=bodies)


def test_each_body_has_its_own_quorum() -> None:
    robert = procedure.parse_rulebook(ROBERT, "robert.toml")
    status = procedure.quorum_status(robert, sitting(robert, {"a": 6, "b": 1}))
    assert [(b.body, b.present, b.quorum, b.quorate) for b in status.bodies] == [
        ("a", 6, 6, True),
        ("b", 1, 2, False),  # its own rule: two, whatever the convening rulebook says
    ]
    assert (status.present, status.quorum, status.quorate) == (7, 8, False)
    assert status.lacking() == "b: 1 present, 2 needed"
    assert procedure.quorum_status(robert, sitting(robert, {"a": 6, "b": 2})).quorate


def test_a_joint_quorum_counts_the_whole() -> None:
    jointly = procedure.parse_rulebook(ROBERT + '\n[joint]\nquorum = "jointly"\n', "j.toml")
    status = procedure.quorum_status(jointly, sitting(jointly, {"a": 9, "b": 0}))
    assert (status.present, status.quorum, status.quorate) == (9, 9, True)  # 16 // 2 + 1
    assert [b.quorate for b in status.bodies] == [True, False]


def test_the_joint_table_is_checked() -> None:
    assert procedure.parse_rulebook(ROBERT, "r.toml").joint == procedure.JointRule()
    with pytest.raises(procedure.RulebookError, match="unknown joint voting 'each'"):
        procedure.parse_rulebook(ROBERT + '\n[joint]\nvoting = "each"\n', "r.toml")
    with pytest.raises(procedure.RulebookError, match="unknown key 'quorate'"):
        procedure.parse_rulebook(ROBERT + '\n[joint]\nquorate = "jointly"\n', "r.toml")


def test_a_result_by_body_in_a_sitting_of_one_body_is_refused() -> None:
    robert = procedure.parse_rulebook(ROBERT, "robert.toml")
    state = procedure.initial_state(
        robert, 3, [procedure.Delegate(f"d{i}", present=True) for i in range(3)]
    )
    for act in (
        procedure.Move("m1", "main", "d0", text="Peace"),
        procedure.Second("m1", "d1"),
        procedure.StateQuestion("m1"),
        procedure.PutQuestion("m1"),
    ):
        outcome = procedure.attempt(robert, state, act)
        assert isinstance(outcome, procedure.Accepted), outcome
        state = outcome.state
    refused = procedure.attempt(
        robert,
        state,
        procedure.RecordResult("m1", 2, 1, by_body={"x": procedure.BodyResult(2, 1)}),
    )
    assert isinstance(refused, procedure.Refused) and refused.rule == "not-joint"
