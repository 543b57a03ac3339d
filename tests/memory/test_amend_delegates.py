"""Correcting registered delegates, one or many in one act: names, factions, a vote or a
consultative voice, weights; bad changes refused naming the rule, nothing half-written."""

from __future__ import annotations

import pytest

from smolny.domain import commands as c
from smolny.domain.errors import Refusal
from smolny.record import kinds as k
from smolny.service.app import Principal, Smolny

CHAIR = Principal("a1", "chair", "chair")


def _body(app: Smolny, size: int = 4) -> list[str]:
    app.execute(c.CreateBody("congress", "Test Congress"))
    app.execute(c.FormFaction("congress", "left", "The Left"))
    app.execute(c.FormFaction("congress", "right", "The Right"))
    entries = app.execute(
        c.RegisterDelegates(
            "congress", tuple(c.NewDelegate(f"Delegate {i}", "left") for i in range(size))
        )
    )
    return [d["delegate"] for d in entries[0].data["delegates"]]


def test_one_delegate_corrected_and_several_at_once(app: Smolny) -> None:
    ids = _body(app)
    [entry] = app.execute(
        c.AmendDelegates("congress", (c.DelegateChange(ids[0], name="Vladimir Lenin", weight=3),))
    )
    assert entry.kind == k.DELEGATES_AMENDED
    assert entry.data["delegates"] == [{"delegate": ids[0], "name": "Vladimir Lenin", "weight": 3}]
    lenin = app.state.delegates[ids[0]]
    assert (lenin.name, lenin.weight, lenin.faction) == ("Vladimir Lenin", 3, "left")
    # a bulk act: three to the right, consultative; one of them is already... nothing skipped
    changes = tuple(c.DelegateChange(d, faction="right", voting=False) for d in ids[1:])
    [bulk] = app.execute(c.AmendDelegates("congress", changes))
    assert len(bulk.data["delegates"]) == 3
    assert {(app.state.delegates[d].faction, app.state.delegates[d].voting) for d in ids[1:]} == {
        ("right", False)
    }
    # out of any faction; what is so already is left out of the entry
    [out] = app.execute(
        c.AmendDelegates(
            "congress",
            (c.DelegateChange(ids[1], no_faction=True), c.DelegateChange(ids[2], voting=False)),
        )
    )
    assert out.data["delegates"] == [{"delegate": ids[1], "faction": None}]
    assert app.state.delegates[ids[1]].faction is None


@pytest.mark.parametrize(
    ("change", "rule", "field"),
    [
        (c.DelegateChange("d99", name="X"), "unknown-delegate", "changes[1].delegate"),
        (c.DelegateChange("d2", faction="centre"), "unknown-faction", "changes[1].faction"),
        (c.DelegateChange("d2", weight=0), "weight", "changes[1].weight"),
        (c.DelegateChange("d2", name=""), "required", "changes[1].name"),
        (c.DelegateChange("d2", name="Delegate 0"), "duplicate-name", "changes[1].name"),
        (c.DelegateChange("d2", faction="left", no_faction=True), "faction", "changes[1]"),
        (c.DelegateChange("d1", weight=2), "duplicate", "changes"),
    ],
)
def test_a_bad_change_is_refused_naming_it_and_nothing_is_written(
    app: Smolny, change: c.DelegateChange, rule: str, field: str
) -> None:
    ids = _body(app)
    assert ids[:2] == ["d1", "d2"]
    seq = app.state.seq
    with pytest.raises(Refusal) as refused:
        # the first change is good: it is not written either
        app.execute(c.AmendDelegates("congress", (c.DelegateChange("d1", weight=5), change)))
    assert (refused.value.rule, refused.value.field) == (rule, field)
    assert app.state.seq == seq and app.state.delegates["d1"].weight == 1


def test_nothing_to_change_is_refused(app: Smolny) -> None:
    ids = _body(app)
    with pytest.raises(Refusal) as refused:
        app.execute(c.AmendDelegates("congress", (c.DelegateChange(ids[0], faction="left"),)))
    assert refused.value.rule == "nothing-changed"


def test_during_a_sitting_a_vote_is_settled_but_a_name_and_faction_change(app: Smolny) -> None:
    ids = _body(app)
    session = app.execute(c.OpenSession("congress", "Sitting"), by=CHAIR)[0].data["session"]
    with pytest.raises(Refusal) as refused:
        app.execute(c.AmendDelegates("congress", (c.DelegateChange(ids[0], voting=False),)))
    assert refused.value.rule == "vote-settled"
    app.execute(
        c.AmendDelegates("congress", (c.DelegateChange(ids[0], name="Lenin", faction="right"),))
    )
    sitting = app.state.sessions[session].procedure
    assert sitting.delegate(ids[0]).faction == "right"  # type: ignore[union-attr]
    app.execute(c.CloseSession(session), by=CHAIR)
    app.execute(c.AmendDelegates("congress", (c.DelegateChange(ids[0], voting=False),)))
    assert not app.state.delegates[ids[0]].voting
