"""The secretariat's roll of a body: searched and paged by the read side; the agenda's state
in a session's view; the item now on the phone and the public page."""

from __future__ import annotations

from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny
from smolny.service.views import record, roll, sessions

CHAIR = Principal("a1", "chair", "chair")


def _body(app: Smolny) -> None:
    app.execute(c.CreateBody("congress", "Test Congress"))
    app.execute(c.FormFaction("congress", "left", "The Left"))
    people = [
        c.NewDelegate(
            f"Delegate {i:03}",
            "left" if i % 2 else None,
            voting=i % 5 != 0,
            sent_by="Petrograd" if i < 40 else "Moscow",
        )
        for i in range(120)
    ]
    app.execute(c.RegisterDelegates("congress", tuple(people)))


def test_the_roll_is_paged_and_searched(app: Smolny) -> None:
    _body(app)
    first = roll.delegates_page(app, "congress", set())
    assert (first["total"], first["matching"], first["pages"]) == (120, 120, 3)
    assert (first["first"], first["last"], len(first["rows"])) == (1, 50, 50)
    last = roll.delegates_page(app, "congress", set(), page=9)  # past the end: the last page
    assert (last["page"], last["first"], last["last"]) == (3, 101, 120)
    found = roll.delegates_page(app, "congress", set(), query="PETROGRAD 03")
    # every word somewhere in the name, the id or the sending body, in any case
    assert [r["name"] for r in found["rows"]] == [
        f"Delegate {i:03}" for i in range(40) if "03" in f"{i:03}"
    ]
    left = roll.delegates_page(app, "congress", set(), faction="left", sent_by="Moscow")
    assert left["matching"] == 40 and {r["faction_name"] for r in left["rows"]} == {"The Left"}
    none = roll.delegates_page(app, "congress", set(), faction="-")
    assert none["matching"] == 60
    consultative = roll.delegates_page(app, "congress", {"d1"}, status="consultative")
    assert consultative["matching"] == 24 and not any(r["voting"] for r in consultative["rows"])
    coded = roll.delegates_page(app, "congress", {"d1", "d2"}, status="coded")
    assert [r["id"] for r in coded["rows"]] == ["d1", "d2"]
    nothing = roll.delegates_page(app, "congress", set(), query="nobody")
    assert (nothing["matching"], nothing["first"], nothing["rows"]) == (0, 0, [])
    assert first["sending"] == ["Moscow", "Petrograd"] and first["statuses"] == ["seated"]


def test_the_agenda_in_the_session_view_and_the_item_now(app: Smolny) -> None:
    _body(app)
    session = app.execute(c.OpenSession("congress", "Sitting"), by=CHAIR)[0].data["session"]
    view = sessions.session(app, session)
    assert (view["agenda_adopted"], view["agenda_adoption"], view["agenda_draft"]) == (
        False,
        "vote",
        [],
    )
    app.execute(c.DraftAgenda(session, (c.AgendaDraftItem("Peace", reporter="Lenin"),)))
    assert sessions.session(app, session)["agenda_draft"][0]["reporter"] == "Lenin"
    public = record.public_bodies(app, 3)[0]["sessions"][0]
    assert public["item"] is None
