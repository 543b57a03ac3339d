"""The tree of bodies, congresses convened from councils, factions' members and
declarations, the presidium's chair and rota, and who may open a session."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from smolny import demo, procedure
from smolny.domain import commands as c
from smolny.domain.errors import Refusal
from smolny.domain.polls import lot_seed
from smolny.domain.tree import chair_of, tree_rows
from smolny.service.app import Principal, Smolny
from smolny.service.views import bodies, sessions

CHAIR = Principal("a1", "chair", "chair")


def refused(app: Smolny, status: int, rule: str, command: c.Command) -> Refusal:
    """The command is refused with `rule` and nothing is written."""
    before = app.state.seq, app.state.head
    with pytest.raises(Refusal) as caught:
        app.execute(command)
    assert (caught.value.status, caught.value.rule) == (status, rule), caught.value.message
    assert caught.value.message
    assert (app.state.seq, app.state.head) == before
    return caught.value


def councils(app: Smolny, members: dict[str, int | None]) -> None:
    for slug, size in members.items():
        app.execute(c.CreateBody(slug, f"Council {slug}", "council", members=size))


# -- the tree ------------------------------------------------------------------------------


def test_councils_sections_committees_and_an_elected_executive(service: Smolny) -> None:
    service.execute(c.CreateBody("petrograd", "Petrograd Soviet", "council", members=2800))
    service.execute(
        c.CreateBody("workers", "Workers' Section", "section", parent="petrograd", members=2000)
    )
    service.execute(
        c.CreateBody("credentials", "Credentials Committee", "committee", purpose="credentials")
    )
    service.execute(c.CreateBody("congress", "Congress"))
    service.execute(c.RegisterDelegates("congress", (c.NewDelegate("Sverdlov"),)))
    session = service.execute(c.OpenSession("congress", "Sitting"))[0].data["session"]
    entry = service.execute(
        c.CreateBody("cec", "CEC", "executive-committee", parent="congress", elected_by=session)
    )[0]
    assert entry.data["elected_by"] == session and entry.data["parent"] == "congress"
    state = service.state
    assert state.bodies["petrograd"].members == 2800
    assert state.bodies["workers"].members == 2000
    assert state.bodies["credentials"].purpose == "credentials"
    assert state.bodies["cec"].elected_by == session
    service.execute(c.SetMembership("petrograd", 3000))
    assert service.state.bodies["petrograd"].members == 3000
    rows = {row["slug"]: row for row in tree_rows(service.state)}
    assert (rows["workers"]["depth"], rows["workers"]["parent"]) == (1, "petrograd")
    assert (rows["cec"]["depth"], rows["congress"]["sessions"]) == (1, 1)
    order = [row["slug"] for row in tree_rows(service.state)]
    assert order.index("petrograd") < order.index("workers")
    assert order.index("congress") < order.index("cec")


def test_the_tree_refuses_what_does_not_fit(service: Smolny) -> None:
    councils(service, {"moscow": None})
    service.execute(c.CreateBody("congress", "Congress"))
    service.execute(c.CreateBody("housing", "Housing", "committee", parent="moscow"))
    other = service.execute(c.OpenSession("housing", "Sitting"))[0].data["session"]
    cases: list[tuple[int, str, c.Command]] = [
        (422, "section-parent", c.CreateBody("s", "S", "section")),
        (422, "section-parent", c.CreateBody("s", "S", "section", parent="housing")),
        (404, "unknown-body", c.CreateBody("s", "S", "section", parent="nowhere")),
        (422, "executive-parent", c.CreateBody("e", "E", "executive-committee", parent="moscow")),
        (422, "elected-by", c.CreateBody("e", "E", "executive-committee", elected_by=other)),
        (
            404,
            "unknown-election",
            c.CreateBody("e", "E", "executive-committee", parent="congress", elected_by=other),
        ),
        (
            422,
            "elected-by",
            c.CreateBody("x", "X", "committee", parent="congress", elected_by="s1"),
        ),
        (422, "membership-kind", c.CreateBody("x", "X", "congress", members=10)),
        (422, "members", c.CreateBody("x", "X", "council", members=0)),
        (422, "members", c.CreateBody("x", "X", "council", members=True)),  # type: ignore[arg-type]
        (422, "purpose", c.CreateBody("x", "X", "council", purpose="credentials")),
        (422, "slug", c.CreateBody("x", "X", "committee", purpose="Not A Slug")),
        (422, "membership-kind", c.SetMembership("congress", 10)),
        (422, "members", c.SetMembership("moscow", -3)),
        (404, "unknown-body", c.SetMembership("nowhere", 10)),
    ]
    for status, rule, command in cases:
        refused(service, status, rule, command)
    service.execute(c.SetMembership("moscow", 10))
    refused(service, 409, "membership-unchanged", c.SetMembership("moscow", 10))


# -- congresses convened from councils ---------------------------------------------------------


def test_fixed_and_per_members_rules(service: Smolny) -> None:
    councils(service, {"a": 1000, "b": 450, "c": 90})
    service.execute(c.CreateBody("first", "First Congress"))
    service.execute(c.CreateBody("second", "Second Congress"))
    entry = service.execute(c.ConveneCongress("first", ("a", "b", "c"), "fixed", number=2))[0]
    assert entry.kind == "congress.convened"
    assert service.state.bodies["first"].allocation == {"a": 2, "b": 2, "c": 2}
    service.execute(c.ConveneCongress("second", ("a", "b", "c"), "per-members", number=100))
    # one per 100 members, rounded down: 10, 4; and at least one for 90 members
    assert service.state.bodies["second"].allocation == {"a": 10, "b": 4, "c": 1}
    assert service.state.bodies["second"].convened["councils"][2] == {
        "council": "c",
        "delegates": 1,
        "members": 90,
    }


def test_apportioned_by_membership_with_the_count_recorded(service: Smolny) -> None:
    councils(service, {"a": 1000, "b": 450, "c": 90})
    service.execute(c.CreateBody("congress", "Congress"))
    entry = service.execute(
        c.ConveneCongress("congress", ("a", "b", "c"), "apportioned", seats=20, method="hare")
    )[0]
    # Hare quota 1540/20 = 77: whole quotas 12, 5, 1 (remainders 76, 65, 13); the two seats
    # left go to the largest remainders, a and b.
    assert service.state.bodies["congress"].allocation == {"a": 13, "b": 6, "c": 1}
    record = entry.data["apportionment"]
    assert record["method"] == "hare" and record["seats"] == {"a": 13, "b": 6, "c": 1}
    assert record["trace"] and record["ties"] == []
    assert entry.data["seats"] == 20 and entry.data["method"] == "hare"


def test_a_tie_for_a_delegate_is_settled_by_a_lot_anyone_can_draw_again(service: Smolny) -> None:
    councils(service, {"a": 100, "b": 100, "c": 100})
    service.execute(c.CreateBody("congress", "Congress"))
    service.execute(c.CreateBody("other", "Other Congress"))
    head = service.state.head
    entry = service.execute(
        c.ConveneCongress("congress", ("a", "b", "c"), "apportioned", seats=2, method="dhondt")
    )[0]
    assert entry.data["lot_seed"] == lot_seed("congress", head)
    [tie] = entry.data["apportionment"]["ties"]
    assert tie["settled_by"] == "lot" and sorted(tie["contenders"]) == ["a", "b", "c"]
    assert len(tie["winners"]) == 2 and sorted(tie["lot"]) == ["a", "b", "c"]
    assert tie["winners"] == tie["lot"][:2]
    allocation = service.state.bodies["congress"].allocation
    assert sorted(allocation.values()) == [0, 1, 1]
    assert all(allocation[w] == 1 for w in tie["winners"])
    # a lot the body drew itself
    service.execute(
        c.ConveneCongress(
            "other", ("a", "b", "c"), "apportioned", seats=1, method="dhondt", lot=("c", "a", "b")
        )
    )
    assert service.state.bodies["other"].allocation == {"a": 0, "b": 0, "c": 1}
    assert "lot_seed" not in service.state.bodies["other"].convened


def test_convening_refusals(service: Smolny) -> None:
    councils(service, {"a": 100, "b": None})
    service.execute(c.CreateBody("congress", "Congress"))
    service.execute(c.CreateBody("committee", "Committee", "committee"))
    cases: list[tuple[int, str, c.Command]] = [
        (404, "unknown-body", c.ConveneCongress("nowhere", ("a",), "fixed", number=1)),
        (422, "not-a-congress", c.ConveneCongress("a", ("b",), "fixed", number=1)),
        (404, "unknown-body", c.ConveneCongress("congress", ("a", "zz"), "fixed", number=1)),
        (422, "not-a-council", c.ConveneCongress("congress", ("committee",), "fixed", number=1)),
        (422, "duplicate", c.ConveneCongress("congress", ("a", "a"), "fixed", number=1)),
        (422, "required", c.ConveneCongress("congress", (), "fixed", number=1)),
        (422, "convening-rule", c.ConveneCongress("congress", ("a",), "by-lot", number=1)),
        (422, "number", c.ConveneCongress("congress", ("a",), "fixed")),
        (422, "number", c.ConveneCongress("congress", ("a",), "per-members", number=0)),
        (422, "seats", c.ConveneCongress("congress", ("a",), "apportioned")),
        (422, "seats", c.ConveneCongress("congress", ("a",), "fixed", number=1, seats=3)),
        (
            422,
            "apportionment",
            c.ConveneCongress("congress", ("a",), "apportioned", seats=3, method="x"),
        ),
        (409, "no-membership", c.ConveneCongress("congress", ("a", "b"), "per-members", number=5)),
        (
            409,
            "no-membership",
            c.ConveneCongress("congress", ("a", "b"), "apportioned", seats=5),
        ),
    ]
    for status, rule, command in cases:
        refused(service, status, rule, command)
    service.execute(c.ConveneCongress("congress", ("a", "b"), "fixed", number=3))
    refused(
        service,
        409,
        "already-convened",
        c.ConveneCongress("congress", ("a",), "fixed", number=1),
    )


# -- factions -----------------------------------------------------------------------------


def present_of(app: Smolny, session: str, faction: str) -> set[str]:
    sitting = app.state.sessions[session].procedure
    return {d.id for d in sitting.delegates if d.present and d.faction == faction}


def test_joining_and_leaving_keep_the_sitting_in_step(
    service: Smolny, congress_of: Callable[..., dict[str, Any]]
) -> None:
    hall = congress_of(service, size=6)  # f0: d1 d3 d5; f1: d2 d4 d6
    session, ids = hall["session"], hall["delegates"]
    entry = service.execute(c.JoinFaction("congress", ids[0], "f1"))[0]
    assert entry.data == {"body": "congress", "delegate": ids[0], "faction": "f1", "from": "f0"}
    service.execute(c.LeaveFaction("congress", ids[1]))
    assert service.state.delegates[ids[0]].faction == "f1"
    assert service.state.delegates[ids[1]].faction is None
    assert present_of(service, session, "f1") == {ids[0], ids[3], ids[5]}
    # the faction walks out as it is now: with d1, without d2
    entries = service.execute(
        c.RecordPresence(session, faction="f1", faction_leaves=True), by=CHAIR
    )
    changed = next(e for e in entries if e.kind == "presence.changed")
    assert sorted(changed.data["delegates"]) == sorted([ids[0], ids[3], ids[5]])
    assert service.state.sessions[session].present == {ids[1], ids[2], ids[4]}
    # the per-faction presence the session view shows
    detail = sessions.session(service, session)
    assert detail["present_by_faction"] == {"": 1, "f0": 2}
    # a sitting opened later registers delegates with their faction as it is then
    service.execute(c.RecordPresence(session, all_present=True), by=CHAIR)
    service.execute(c.CloseSession(session), by=CHAIR)
    later = service.execute(c.OpenSession("congress", "Later"), by=CHAIR)[0].data["session"]
    assert service.state.sessions[later].procedure.delegate(ids[0]).faction == "f1"


def test_faction_membership_refusals(
    service: Smolny, congress_of: Callable[..., dict[str, Any]]
) -> None:
    ids = congress_of(service, size=4)["delegates"]
    service.execute(c.LeaveFaction("congress", ids[0]))
    cases: list[tuple[int, str, c.Command]] = [
        (404, "unknown-faction", c.JoinFaction("congress", ids[1], "anarchists")),
        (404, "unknown-delegate", c.JoinFaction("congress", "d99", "f0")),
        (404, "unknown-body", c.JoinFaction("nowhere", ids[1], "f0")),
        (409, "in-faction", c.JoinFaction("congress", ids[1], "f1")),
        (409, "no-faction", c.LeaveFaction("congress", ids[0])),
        (404, "unknown-delegate", c.LeaveFaction("congress", "d99")),
    ]
    for status, rule, command in cases:
        refused(service, status, rule, command)


def test_a_declaration_in_a_factions_name(
    service: Smolny, congress_of: Callable[..., dict[str, Any]]
) -> None:
    hall = congress_of(service, size=4)  # f0: d1 d3; f1: d2 d4
    session, ids = hall["session"], hall["delegates"]
    text = "The faction will not take part in the vote."
    entry = service.execute(c.Declare(session, "f1", text, by=ids[1]))[0]
    assert entry.kind == "faction.declared"
    assert entry.data == {
        "session": session,
        "body": "congress",
        "faction": "f1",
        "delegate": ids[1],
        "text": text,
    }
    cases: list[tuple[int, str, c.Command]] = [
        (409, "not-of-faction", c.Declare(session, "f1", text, by=ids[0])),
        (404, "unknown-faction", c.Declare(session, "nobody", text, by=ids[0])),
        (404, "unknown-delegate", c.Declare(session, "f1", text, by="d99")),
        (422, "required", c.Declare(session, "f1", "  ", by=ids[1])),
        (404, "unknown-session", c.Declare("s99", "f1", text, by=ids[1])),
    ]
    for status, rule, command in cases:
        refused(service, status, rule, command)
    service.execute(c.CloseSession(session), by=CHAIR)
    refused(service, 409, "session-not-open", c.Declare(session, "f1", text, by=ids[1]))


def test_a_faction_walks_out_in_one_entry_and_the_quorum_is_recomputed(
    service: Smolny, congress_of: Callable[..., dict[str, Any]]
) -> None:
    hall = congress_of(service, size=7)  # f0: 4 delegates, f1: 3; quorum 4 of 7 members
    session = hall["session"]
    before = service.state.seq
    entries = service.execute(
        c.RecordPresence(session, faction="f1", faction_leaves=True, declaration="We leave!"),
        by=CHAIR,
    )
    assert [e.kind for e in entries] == ["presence.changed"]  # one act, one entry
    assert service.state.seq == before + 1
    data = entries[0].data
    assert len(data["delegates"]) == 3 and data["faction"] == "f1"
    assert data["declaration"] == "We leave!"
    assert (data["present_count"], data["quorum"], data["quorate"]) == (4, 4, True)
    # a second walkout breaks the quorum: the loss is recorded with it, in the same act
    entries = service.execute(c.RecordPresence(session, left=(hall["delegates"][0],)), by=CHAIR)
    assert [e.kind for e in entries] == ["presence.changed", "quorum.lost"]
    assert (entries[0].data["present_count"], entries[0].data["quorate"]) == (3, False)
    quorum = sessions.session(service, session)["quorum"]
    assert quorum == {"present": 3, "needed": 4, "quorate": False}
    # the faction comes back as one act
    entries = service.execute(c.RecordPresence(session, faction="f1"), by=CHAIR)
    assert [e.kind for e in entries] == ["presence.changed", "quorum.regained"]
    assert entries[0].data["present_count"] == 6


# -- the presidium's chair and rota --------------------------------------------------------------


def adopt(app: Smolny, session: str, mover: str, seconder: str) -> str:
    question = app.execute(c.MoveMotion(session, "Agenda", "The agenda", mover), by=CHAIR)[0].data[
        "question"
    ]
    for act in (
        procedure.Second(question, seconder),
        procedure.StateQuestion(question),
        procedure.PutQuestion(question),
        procedure.RecordResult(question, 5, 0),
    ):
        app.execute(c.Act(session, act), by=CHAIR)
    return str(question)


def test_the_chair_by_rota(service: Smolny, congress_of: Callable[..., dict[str, Any]]) -> None:
    hall = congress_of(service, size=6)
    first, ids = hall["session"], hall["delegates"]
    assert chair_of(service.state, service.state.sessions[first]) is None
    service.execute(c.SetChair("congress", (ids[2], ids[0]), "fixed"))
    assert chair_of(service.state, service.state.sessions[first]) == ids[2]
    service.execute(c.SetChair("congress", (ids[0], ids[1], ids[2]), "per-session"))
    state = service.state
    assert chair_of(state, state.sessions[first]) == ids[0]  # the rota starts with this sitting
    summary = bodies.body(service, "congress")["chair"]
    assert summary == {"chairs": [ids[0], ids[1], ids[2]], "rota": "per-session", "current": ids[0]}
    sittings = [first]
    for _ in range(3):
        service.execute(c.CloseSession(sittings[-1]), by=CHAIR)
        assert (
            bodies.body(service, "congress")["chair"]["current"]
            == [ids[0], ids[1], ids[2]][len(sittings) % 3]
        )  # who will chair the next one
        sittings.append(
            service.execute(c.OpenSession("congress", "Sitting"), by=CHAIR)[0].data["session"]
        )
    state = service.state
    assert [chair_of(state, state.sessions[s]) for s in sittings] == [
        ids[0],
        ids[1],
        ids[2],
        ids[0],
    ]
    detail = sessions.session(service, sittings[1])
    assert detail["chair"] == ids[1]


def test_the_chair_turns_with_the_agenda_items(
    service: Smolny, congress_of: Callable[..., dict[str, Any]]
) -> None:
    hall = congress_of(service, size=6)
    session, ids = hall["session"], hall["delegates"]
    service.execute(c.SetChair("congress", (ids[4], ids[5]), "per-item"))
    decision = adopt(service, session, ids[0], ids[1])
    items = tuple(procedure.AgendaEntry(f"i{n}", f"Item {n}") for n in range(3))
    service.execute(c.Act(session, procedure.ChangeAgenda(items, decision)), by=CHAIR)
    chairs = []
    for item in ("i0", "i1", "i2"):
        service.execute(c.Act(session, procedure.TakeUpItem(item)), by=CHAIR)
        chairs.append(chair_of(service.state, service.state.sessions[session]))
    assert chairs == [ids[4], ids[5], ids[4]]


def test_chair_refusals(service: Smolny, congress_of: Callable[..., dict[str, Any]]) -> None:
    ids = congress_of(service, size=3)["delegates"]
    service.execute(c.CreateBody("other", "Other"))
    outsider = service.execute(c.RegisterDelegates("other", (c.NewDelegate("X"),)))[0].data[
        "delegates"
    ][0]["delegate"]
    cases: list[tuple[int, str, c.Command]] = [
        (404, "unknown-delegate", c.SetChair("congress", (ids[0], outsider))),
        (422, "required", c.SetChair("congress", ())),
        (422, "duplicate", c.SetChair("congress", (ids[0], ids[0]))),
        (422, "rota", c.SetChair("congress", (ids[0],), "by-lot")),
        (404, "unknown-body", c.SetChair("nowhere", (ids[0],))),
    ]
    for status, rule, command in cases:
        refused(service, status, rule, command)


# -- who may open a session --------------------------------------------------------------------


@pytest.fixture(scope="module")
def second_congress(tmp_path_factory: pytest.TempPathFactory) -> Smolny:
    app = Smolny.open(f"sqlite:///{tmp_path_factory.mktemp('tree') / 'demo.sqlite3'}")
    demo.load(app)
    yield app
    app.close()


def test_dan_opened_the_second_congress_and_outsiders_may_not(second_congress: Smolny) -> None:
    app = second_congress
    dan = next(d for d in app.state.delegates.values() if d.name == "Dan")
    opened = [s for s in app.state.sessions.values() if s.body == demo.CONGRESS]
    assert opened[0].opened_by == dan.id
    for session in opened:
        if session.state == "open":
            app.execute(c.CloseSession(session.id), by=CHAIR)
    tseretelli = next(d for d in app.state.delegates.values() if d.name == "Tseretelli")
    assert tseretelli.body == demo.TAURIDE  # of an executive committee the congress did not elect
    refusal = refused(
        app, 404, "unknown-delegate", c.OpenSession(demo.CONGRESS, "X", opened_by=tseretelli.id)
    )
    assert refusal.field == "opened_by"
    # an executive committee the congress elected: its members may open the congress
    app.execute(c.CreateBody("new-cec", "New CEC", "executive-committee", parent=demo.CONGRESS))
    member = app.execute(c.RegisterDelegates("new-cec", (c.NewDelegate("Kamenev"),)))[0].data[
        "delegates"
    ][0]["delegate"]
    session = app.execute(c.OpenSession(demo.CONGRESS, "Again", opened_by=member), by=CHAIR)
    assert session[0].data["opened_by"] == member
    app.execute(c.CloseSession(session[0].data["session"]), by=CHAIR)
    # and the members of the executive that convened a congress (Dan's case in the tree)
    app.execute(c.CreateBody("third", "Third Congress", parent=demo.TAURIDE))
    entry = app.execute(c.OpenSession("third", "Opening", opened_by=tseretelli.id), by=CHAIR)[0]
    assert entry.data["opened_by"] == tseretelli.id
    assert app.execute(c.OpenSession(demo.CONGRESS, "By Dan", opened_by=dan.id), by=CHAIR)
