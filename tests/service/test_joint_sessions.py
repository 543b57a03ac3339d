"""Joint sessions of several bodies: presence and quorum per body, presidiums sitting
together, votes counted jointly or by body, and a section's resolution brought to the whole."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources

import pytest

from smolny import procedure
from smolny.domain import commands as c
from smolny.domain.errors import Invalid, NotFound, OutOfOrder, Refusal
from smolny.service.app import Principal, Smolny

CHAIR = Principal("a1", "chair", "chair")
ROBERT = (resources.files("smolny.procedure") / "rulebooks" / "robert.toml").read_text()
BY_BODY = procedure.parse_rulebook(ROBERT + '\n[joint]\nvoting = "by-body"\n', "by-body.toml")


@pytest.fixture
def app(database_url: str) -> Iterator[Smolny]:
    """The application, with a rulebook that counts a joint session's votes by body."""
    service = Smolny.open(database_url, rulebooks=[BY_BODY])
    yield service
    service.close()


def bodies(app: Smolny, rulebook: str = "robert") -> dict[str, list[str]]:
    """The Executive Committee (10, sent by the Petrograd Soviet) and the Peasants'
    Executive (6), each with its factions; their delegates' ids."""
    app.execute(c.CreateBody("cec", "Executive Committee", "committee", rulebook=rulebook))
    app.execute(c.CreateBody("peasants", "Peasants' Executive", "committee", rulebook=rulebook))
    ids = {}
    for slug, size in (("cec", 10), ("peasants", 6)):
        app.execute(c.FormFaction(slug, "srs", "SRs"))
        new = tuple(
            c.NewDelegate(f"{slug} {i}", "srs" if i % 2 else None, sent_by="Petrograd Soviet")
            for i in range(size)
        )
        entries = app.execute(c.RegisterDelegates(slug, new))
        ids[slug] = [d["delegate"] for d in entries[0].data["delegates"]]
    return ids


def joint(app: Smolny, title: str = "Joint sitting") -> str:
    entries = app.execute(c.OpenJointSession(("cec", "peasants"), title), by=CHAIR)
    return str(entries[0].data["session"])


def refused(app: Smolny, command: c.Command, kind: type[Refusal], rule: str) -> Refusal:
    """`command` is refused with `rule`, and the journal is as it was."""
    before = app.state.seq
    with pytest.raises(kind) as caught:
        app.execute(command, by=CHAIR)
    assert caught.value.rule == rule
    assert app.state.seq == before
    return caught.value


def act(app: Smolny, session: str, the_act: procedure.Act) -> list:
    return app.execute(c.Act(session, the_act), by=CHAIR)


def stated(app: Smolny, session: str, mover: str, seconder: str, **fields) -> str:
    entries = app.execute(c.MoveMotion(session, "Moscow", "Meet in Moscow", mover, **fields))
    question = str(entries[0].data["question"])
    act(app, session, procedure.Second(question, seconder))
    act(app, session, procedure.StateQuestion(question))
    return question


def test_a_joint_session_registers_every_bodys_delegates_with_its_own_quorum(
    app: Smolny,
) -> None:
    ids = bodies(app)
    entries = app.execute(
        c.OpenJointSession(("cec", "peasants"), "Joint sitting", opened_by=ids["peasants"][0]),
        by=CHAIR,
    )
    opened = entries[0]
    assert opened.kind == "session.opened"
    assert opened.data["body"] == "cec"  # the convening body
    assert [b["body"] for b in opened.data["bodies"]] == ["cec", "peasants"]
    assert [b["members"] for b in opened.data["bodies"]] == [10, 6]
    assert opened.data["opened_by"] == ids["peasants"][0]
    session = app.state.sessions[opened.data["session"]]
    assert {d.id: d.sits_for for d in session.procedure.delegates} == {
        **dict.fromkeys(ids["cec"], "cec"),
        **dict.fromkeys(ids["peasants"], "peasants"),
    }
    # all of the committee and three of the six peasants: 13 present, but the Peasants'
    # Executive has no quorum of its own (a majority of 6 is 4)
    entries = app.execute(
        c.RecordPresence(session.id, arrived=(*ids["cec"], *ids["peasants"][:3])), by=CHAIR
    )
    changed = entries[0].data
    assert changed["present_count"] == 13 and changed["quorate"] is False
    assert changed["bodies"] == [
        {"body": "cec", "members": 10, "present_count": 10, "quorum": 6, "quorate": True},
        {"body": "peasants", "members": 6, "present_count": 3, "quorum": 4, "quorate": False},
    ]
    error = refused(
        app,
        c.MoveMotion(session.id, "Moscow", "Meet in Moscow", ids["cec"][0]),
        OutOfOrder,
        "quorum",
    )
    assert "peasants: 3 present, 4 needed" in error.message
    entries = app.execute(c.RecordPresence(session.id, arrived=(ids["peasants"][3],)))
    assert [e.kind for e in entries] == ["presence.changed", "quorum.regained"]
    # a delegate of either body moves and seconds; the decision shows each body's presence
    question = stated(app, session.id, ids["peasants"][0], ids["cec"][1])
    act(app, session.id, procedure.PutQuestion(question))
    entries = act(app, session.id, procedure.RecordResult(question, 9, 4, 1))
    decision = entries[0].data
    assert entries[0].kind == "motion.adopted"  # counted jointly: 9 of 13 cast
    assert decision["present_count"] == 14 and decision["quorate"] is True
    assert [(b["body"], b["present_count"], b["quorum"]) for b in decision["bodies"]] == [
        ("cec", 10, 6),
        ("peasants", 4, 4),
    ]
    assert "by_body" not in decision


def test_the_presidiums_sit_together(app: Smolny) -> None:
    bodies(app)
    for slug in ("cec", "peasants"):
        app.execute(c.AllotPresidium(slug, seats=3, factions=("srs",)), by=CHAIR)
    session = joint(app)
    opened = app.state.sessions[session]
    assert opened.joint is not None
    assert opened.joint["presidiums"]["peasants"] == {
        "seats": 3,
        "factions": [{"faction": "srs", "seats": 3}],
    }
    assert opened.joint["platform"] == ["cec"]
    entries = app.execute(c.SeatPresidium(session, "peasants", makes_place="cec"), by=CHAIR)
    assert entries[0].kind == "joint-session.presidium-seated"
    assert entries[0].data["made_place"] == "cec"
    assert app.state.sessions[session].joint["platform"] == ["cec", "peasants"]
    refused(app, c.SeatPresidium(session, "peasants"), OutOfOrder, "presidium-seated")
    refused(app, c.SeatPresidium(session, "nobody"), NotFound, "unknown-body")


def test_refusals_of_a_joint_session(app: Smolny) -> None:
    bodies(app)
    app.execute(c.CreateBody("soviet", "Soviet", "council"))
    refused(app, c.OpenJointSession(("cec",), "Alone"), Invalid, "joint-bodies")
    refused(app, c.OpenJointSession(("cec", "cec"), "Twice"), Invalid, "joint-bodies")
    refused(app, c.OpenJointSession(("cec", "nobody"), "Who"), NotFound, "unknown-body")
    refused(app, c.OpenJointSession(("cec", "peasants"), " "), Invalid, "required")
    own = app.execute(c.OpenSession("soviet", "Its own sitting"), by=CHAIR)[0].data["session"]
    refused(app, c.OpenJointSession(("cec", "soviet"), "Joint"), OutOfOrder, "session-already-open")
    app.execute(c.CloseSession(own), by=CHAIR)
    session = joint(app)
    # sitting jointly, neither body opens a sitting of its own, nor sits in another joint one
    refused(app, c.OpenSession("peasants", "Apart"), OutOfOrder, "session-already-open")
    refused(
        app, c.OpenJointSession(("soviet", "peasants"), "Again"), OutOfOrder, "session-already-open"
    )
    refused(app, c.SeatPresidium(session, "peasants"), OutOfOrder, "no-presidium")
    refused(app, c.SeatPresidium(own, "soviet"), OutOfOrder, "session-not-open")


def test_a_delegate_registered_during_a_joint_session_sits_for_their_body(app: Smolny) -> None:
    ids = bodies(app)
    session = joint(app)
    entries = app.execute(c.RegisterDelegates("peasants", (c.NewDelegate("Latecomer"),)))
    late = entries[0].data["delegates"][0]["delegate"]
    sitting = app.state.sessions[session].procedure
    assert sitting.delegate(late) is not None and sitting.delegate(late).sits_for == "peasants"
    assert [b.members for b in sitting.bodies] == [10, 7]
    app.execute(c.RecordPresence(session, arrived=(*ids["cec"], *ids["peasants"][:3], late)))
    status = procedure.quorum_status(app.rulebooks["robert"], app.state.sessions[session].procedure)
    assert [(b.present, b.quorum, b.quorate) for b in status.bodies] == [
        (10, 6, True),
        (4, 4, True),
    ]


def test_votes_counted_by_body_need_every_body(app: Smolny) -> None:
    ids = bodies(app, rulebook="by-body")
    session = joint(app)
    app.execute(c.RecordPresence(session, all_present=True))
    question = stated(app, session, ids["cec"][0], ids["cec"][1])
    act(app, session, procedure.PutQuestion(question))
    before = app.state.seq
    with pytest.raises(OutOfOrder) as caught:  # the rules count by body: say each body's
        act(app, session, procedure.RecordResult(question, 10, 6))
    assert caught.value.rule == "by-body" and app.state.seq == before
    lopsided = {
        "cec": procedure.BodyResult(9, 1),
        "peasants": procedure.BodyResult(1, 5),
    }
    with pytest.raises(OutOfOrder) as caught:  # the bodies' counts must add up to the whole
        act(app, session, procedure.RecordResult(question, 11, 6, by_body=lopsided))
    assert caught.value.rule == "tally" and app.state.seq == before
    # 10 to 6 in all, but the Peasants' Executive votes it down: rejected
    entries = act(app, session, procedure.RecordResult(question, 10, 6, by_body=lopsided))
    decision = entries[0].data
    assert entries[0].kind == "motion.rejected"
    assert decision["counted"] == "by-body"
    assert [(b["body"], b["yes"], b["no"], b["adopted"]) for b in decision["by_body"]] == [
        ("cec", 9, 1, True),
        ("peasants", 1, 5, False),
    ]
    assert "not adopted by every body" in decision["explanation"]


def test_a_show_of_hands_by_body_is_counted_by_tellers_body_by_body(app: Smolny) -> None:
    ids = bodies(app, rulebook="by-body")
    session = joint(app)
    app.execute(c.RecordPresence(session, all_present=True))
    question = stated(app, session, ids["cec"][0], ids["peasants"][1])
    opened = app.execute(c.OpenPoll(question, method="show-of-hands"), by=CHAIR)
    poll = next(e.data for e in opened if e.kind == "poll.opened")
    assert poll["sections"] == ["cec", "peasants"] and poll["by_body"] is True
    assert [b["present_count"] for b in poll["bodies"]] == [10, 6]
    refused(
        app,
        c.EnterCount(poll["poll"], {"yes": 7}, section="peasants"),
        Invalid,
        "count-exceeds-present",
    )
    app.execute(c.EnterCount(poll["poll"], {"yes": 6, "no": 3, "abstain": 1}, section="cec"))
    app.execute(c.EnterCount(poll["poll"], {"yes": 4, "no": 2}, section="peasants"))
    entries = app.ballots.close_poll(poll["poll"], by=CHAIR)
    closed = entries[0].data
    assert closed["by_body"] == {
        "cec": {"yes": 6, "no": 3, "abstain": 1},
        "peasants": {"yes": 4, "no": 2, "abstain": 0},
    }
    decision = next(e for e in entries if e.kind.startswith("motion."))
    assert decision.kind == "motion.adopted"
    assert [(b["body"], b["adopted"]) for b in decision.data["by_body"]] == [
        ("cec", True),
        ("peasants", True),
    ]


def test_a_named_ballot_by_body_splits_the_box_by_the_voters_bodies(app: Smolny) -> None:
    ids = bodies(app, rulebook="by-body")
    session = joint(app)
    app.execute(c.RecordPresence(session, all_present=True))
    question = stated(app, session, ids["cec"][0], ids["peasants"][1])
    refused(app, c.OpenPoll(question, method="electronic-secret"), OutOfOrder, "by-body-secret")
    opened = app.execute(c.OpenPoll(question), by=CHAIR)
    poll = next(e.data["poll"] for e in opened if e.kind == "poll.opened")
    # the committee for, 7 to 3; the peasants against, 2 to 4
    votes = {d: "yes" if i < 7 else "no" for i, d in enumerate(ids["cec"])}
    votes.update({d: "yes" if i < 2 else "no" for i, d in enumerate(ids["peasants"])})
    futures = [
        app.ballots.cast_vote(poll, Principal(d, "delegate", d), v)[1] for d, v in votes.items()
    ]
    for future in futures:
        future.result()
    entries = app.ballots.close_poll(poll, by=CHAIR)
    assert entries[0].data["by_body"] == {
        "cec": {"yes": 7, "no": 3, "abstain": 0},
        "peasants": {"yes": 2, "no": 4, "abstain": 0},
    }
    decision = next(e for e in entries if e.kind.startswith("motion."))
    assert decision.kind == "motion.rejected"  # 9 to 7 in all, but not in both bodies


# -- a section's resolution brought to the whole ----------------------------------------------


def section_resolution(app: Smolny, adopt: bool = True) -> str:
    """The Workers' Section of the Petrograd Soviet meets, amends and adopts (or rejects)
    its resolution; returns the motion's id."""
    app.execute(c.CreateBody("petrograd-soviet", "Petrograd Soviet", "council"))
    app.execute(c.CreateBody("workers", "Workers' Section", "section", parent="petrograd-soviet"))
    entries = app.execute(
        c.RegisterDelegates("workers", tuple(c.NewDelegate(f"Worker {i}") for i in range(5)))
    )
    ids = [d["delegate"] for d in entries[0].data["delegates"]]
    session = app.execute(c.OpenSession("workers", "Evening meeting"), by=CHAIR)[0].data["session"]
    app.execute(c.RecordPresence(session, all_present=True))
    entries = app.execute(
        c.MoveMotion(session, "All power", "The Committee shall take power", ids[0])
    )
    question = entries[0].data["question"]
    act(app, session, procedure.Second(question, ids[1]))
    act(app, session, procedure.StateQuestion(question))
    amend = act(
        app,
        session,
        procedure.Move("m99", "amend", ids[2], text="take over power", strike="take power"),
    )[0].data["question"]
    act(app, session, procedure.Second(amend, ids[3]))
    act(app, session, procedure.StateQuestion(amend))
    act(app, session, procedure.PutQuestion(amend))
    act(app, session, procedure.RecordResult(amend, 5, 0))
    act(app, session, procedure.PutQuestion(question))
    act(app, session, procedure.RecordResult(question, 5 if adopt else 1, 0 if adopt else 4))
    app.execute(c.CloseSession(session), by=CHAIR)
    return str(question)


def test_a_sections_resolution_is_brought_to_the_joint_session_as_adopted(app: Smolny) -> None:
    ids = bodies(app)
    resolution = section_resolution(app)
    session = joint(app)
    app.execute(c.RecordPresence(session, all_present=True))
    reporter = ids["cec"][2]
    entries = app.execute(c.MoveMotion(session, "", "", reporter, brought_from=resolution))
    moved = entries[0].data
    assert moved["text"] == "The Committee shall take over power"  # as amended
    assert moved["title"] == "All power" and moved["mover"] == reporter
    assert moved["brought_from"] == {
        "motion": resolution,
        "body": "workers",
        "session": app.state.motions[resolution].session,
        "reporter": reporter,
    }
    assert app.state.motions[moved["question"]].body == "cec"


def test_refusals_of_a_resolution_brought_from_a_section(app: Smolny) -> None:
    ids = bodies(app)
    rejected = section_resolution(app, adopt=False)
    # a motion of the committee itself, adopted at its own sitting: not a section's
    own = app.execute(c.OpenSession("cec", "Own sitting"), by=CHAIR)[0].data["session"]
    app.execute(c.RecordPresence(own, all_present=True))
    mine = stated(app, own, ids["cec"][0], ids["cec"][1])
    act(app, own, procedure.PutQuestion(mine))
    act(app, own, procedure.RecordResult(mine, 8, 0))
    app.execute(c.CloseSession(own), by=CHAIR)
    # a section of a council that sends nobody to these bodies
    app.execute(c.CreateBody("moscow", "Moscow Soviet", "council"))
    app.execute(c.CreateBody("moscow-workers", "Moscow Workers", "section", parent="moscow"))
    elsewhere_ids = app.execute(
        c.RegisterDelegates("moscow-workers", (c.NewDelegate("A"), c.NewDelegate("B")))
    )[0].data["delegates"]
    a, b = (d["delegate"] for d in elsewhere_ids)
    there = app.execute(c.OpenSession("moscow-workers", "Meeting"), by=CHAIR)[0].data["session"]
    app.execute(c.RecordPresence(there, all_present=True))
    far = stated(app, there, a, b)
    act(app, there, procedure.PutQuestion(far))
    act(app, there, procedure.RecordResult(far, 2, 0))
    app.execute(c.CloseSession(there), by=CHAIR)

    session = joint(app)
    app.execute(c.RecordPresence(session, all_present=True))
    mover = ids["cec"][0]

    def bring(motion: str, text: str = "") -> c.MoveMotion:
        return c.MoveMotion(session, "", text, mover, brought_from=motion)

    refused(app, bring("m404"), NotFound, "unknown-motion")
    refused(app, bring(rejected), OutOfOrder, "not-adopted")
    refused(app, bring(mine), Invalid, "not-a-section")
    refused(app, bring(far), Invalid, "section-elsewhere")
    adopted = section_resolution_adopted_elsewhere(app)
    refused(app, bring(adopted, "Other words"), Invalid, "brought-text")


def section_resolution_adopted_elsewhere(app: Smolny) -> str:
    """A second meeting of the Workers' Section, adopting a short resolution."""
    members = list(app.state.bodies["workers"].delegates)
    session = app.execute(c.OpenSession("workers", "Second meeting"), by=CHAIR)[0].data["session"]
    app.execute(c.RecordPresence(session, all_present=True))
    question = stated(app, session, members[0], members[1])
    act(app, session, procedure.PutQuestion(question))
    act(app, session, procedure.RecordResult(question, 5, 0))
    app.execute(c.CloseSession(session), by=CHAIR)
    return question
