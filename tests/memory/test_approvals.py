"""The minutes a sitting may approve, from the chair's console."""

from __future__ import annotations

from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny
from smolny.service.views import approvals

CHAIR = Principal("a1", "chair", "chair")


def test_an_earlier_sitting_to_approve_then_pending(app: Smolny) -> None:
    app.accounts.create_account("chair", "chair", password="a chair's long password")
    app.execute(c.CreateBody("congress", "Test Congress"))
    entries = app.execute(
        c.RegisterDelegates("congress", tuple(c.NewDelegate(f"D {i}") for i in range(3)))
    )
    ids = [d["delegate"] for d in entries[0].data["delegates"]]
    first = app.execute(c.OpenSession("congress", "First"), by=CHAIR)[0].data["session"]
    app.execute(c.CloseSession(first), by=CHAIR)
    second = app.execute(c.OpenSession("congress", "Second"), by=CHAIR)[0].data["session"]
    app.execute(c.RecordPresence(second, all_present=True), by=CHAIR)
    (earlier,) = approvals.minutes_to_approve(app, second)
    assert {k: earlier[k] for k in ("id", "title", "approval")} == {
        "id": first,
        "title": "First",
        "approval": None,
    }
    assert earlier["opened_at"].startswith("20")  # written out on the console as a date
    digest = approvals.minutes_hash_of(app, first)
    assert len(digest) == 64
    app.execute(c.MoveApproval(second, first, ids[0], digest), by=CHAIR)
    assert approvals.minutes_to_approve(app, second)[0]["approval"] == "pending"
