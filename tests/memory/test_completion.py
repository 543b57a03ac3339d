"""Names completed as typed: the delegates of a sitting fitting what the chair types."""

from __future__ import annotations

import pytest

from smolny.domain import commands as c
from smolny.domain.errors import Invalid, NotFound
from smolny.service.app import Principal, Smolny
from smolny.service.views import completion

CHAIR = Principal("a1", "chair", "chair")
NAMES = ("Vladimir Lenin", "Leon Trotsky", "Julius Martov", "Lev Kamenev", "Maria Spiridonova")


def _sitting(app: Smolny) -> str:
    app.accounts.create_account("chair", "chair", password="a chair's long password")
    app.execute(c.CreateBody("congress", "Test Congress"))
    app.execute(c.FormFaction("congress", "left-sr", "Left SRs"))
    people = [c.NewDelegate(n, "left-sr" if n.startswith("Maria") else None) for n in NAMES]
    app.execute(c.RegisterDelegates("congress", tuple(people)))
    session = app.execute(c.OpenSession("congress", "Sitting"), by=CHAIR)[0].data["session"]
    app.execute(c.RecordPresence(session, all_present=True), by=CHAIR)
    return session


def names(found: dict) -> list[str]:  # type: ignore[type-arg]
    return [d["name"] for d in found["delegates"]]


def test_names_begin_with_what_is_typed_best_first(app: Smolny) -> None:
    session = _sitting(app)
    # names beginning so first, then any word of the name (or the faction) beginning so
    assert names(completion.delegates(app, session, "le")) == [
        "Leon Trotsky",
        "Lev Kamenev",
        "Vladimir Lenin",
        "Maria Spiridonova",
    ]
    assert names(completion.delegates(app, session, "LEV")) == ["Lev Kamenev"]
    assert names(completion.delegates(app, session, "v len")) == ["Vladimir Lenin"]
    assert names(completion.delegates(app, session, "left")) == ["Maria Spiridonova"]
    assert completion.delegates(app, session, "left")["delegates"][0]["faction"] == "Left SRs"
    assert names(completion.delegates(app, session, "zinoviev")) == []
    first = completion.delegates(app, session, "")["delegates"][0]
    assert completion.delegates(app, session, first["id"])["delegates"][0] == first


def test_paged(app: Smolny) -> None:
    session = _sitting(app)
    page = completion.delegates(app, session, "", offset=2, limit=2)
    assert (page["total"], len(page["delegates"])) == (5, 2)
    assert names(page) == list(NAMES[2:4])


def test_bounds_and_unknown_session(app: Smolny) -> None:
    session = _sitting(app)
    with pytest.raises(Invalid):
        completion.delegates(app, session, "", limit=1000)
    with pytest.raises(Invalid):
        completion.delegates(app, session, "", offset=-1)
    with pytest.raises(NotFound):
        completion.delegates(app, "s99", "")


def test_a_completed_name_names_its_delegate(app: Smolny) -> None:
    from smolny.service.views.sessions import SessionRefs

    session = _sitting(app)
    lenin = completion.delegates(app, session, "lenin")["delegates"][0]
    refs = SessionRefs(app, session)
    assert refs.delegate(f"{lenin['name']} ({lenin['id']})", "mover") == lenin["id"]
    assert refs.delegate("Vladimir Lenin", "mover") == lenin["id"]
    with pytest.raises(Invalid):
        refs.delegate("Vladimir Lenin (d99)", "mover")
