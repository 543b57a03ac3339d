"""Mandates through the service: issued, checked by credentials, contested, recalled, lapsed;
imported and exported. Every refusal leaves the journal as it was."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from smolny import procedure
from smolny.adapters.spreadsheet_writer import write_table
from smolny.adapters.spreadsheets import read_table
from smolny.domain import commands as c
from smolny.domain.errors import Invalid, NotFound, OutOfOrder, Refusal
from smolny.domain.mandates import EXPORT_COLUMNS, delegate_rows
from smolny.service.app import Principal, Smolny, VoteRequest

TWELFTH = "He does not represent the Twelfth Army!"


def tree(app: Smolny, old: bool = True) -> None:
    """Two councils sending to a congress with a credentials committee; three old delegates."""
    app.execute(c.CreateBody("petrograd", "Petrograd Soviet", "council"))
    app.execute(c.CreateBody("moscow", "Moscow Soviet", "council"))
    app.execute(c.CreateBody("congress", "Second Congress"))
    app.execute(c.CreateBody("credentials", "Credentials Committee", "committee", "congress"))
    app.execute(c.CreateBody("other-committee", "Other Committee", "committee", "moscow"))
    app.execute(c.FormFaction("congress", "bolsheviks", "Bolsheviks"))
    app.execute(c.FormFaction("congress", "left-srs", "Left SRs"))
    if old:
        app.execute(
            c.RegisterDelegates(
                "congress",
                tuple(
                    c.NewDelegate(f"Old {i}", "bolsheviks", sent_by="Kronstadt") for i in range(3)
                ),
            )
        )


@pytest.fixture
def app(service: Smolny) -> Smolny:
    tree(service)
    return service


def refused(app: Smolny, command: c.Command, kind: type[Refusal], rule: str) -> Refusal:
    """The command is refused with `rule`, and nothing is recorded."""
    before = app.state.seq
    with pytest.raises(kind) as caught:
        app.execute(command)
    assert caught.value.rule == rule, caught.value.message
    assert app.state.seq == before
    return caught.value


def issue(app: Smolny, name: str = "Trotsky", **kw: object) -> dict:
    args: dict = {"faction": "bolsheviks", "substitutes": ("Kamenev", "Zinoviev")} | kw
    sending = str(args.pop("sending", "petrograd"))
    return app.execute(c.IssueMandate(sending, "congress", name, **args))[0].data


def sitting(app: Smolny) -> str:
    session = app.execute(c.OpenSession("congress", "Sitting"))[0].data["session"]
    app.execute(c.RecordPresence(session, all_present=True))
    return session


def all_in(app: Smolny, session: str) -> None:
    """Everyone in the hall (if someone is not)."""
    if set(app.state.bodies["congress"].delegates) - app.state.sessions[session].present:
        app.execute(c.RecordPresence(session, all_present=True))


def register_of(app: Smolny, session: str) -> list[str]:
    opened = app.execute(
        c.OpenPoll(
            session=session,
            title="Test",
            question="choice",
            options=("a", "b"),
            method="electronic-named",
        )
    )
    poll = next(e.data for e in opened if e.kind == "poll.opened")
    app.ballots.cancel_poll(poll["poll"], "only looking at the register")
    return [d for d, _ in poll["eligible"]]


def test_a_mandate_registers_its_delegate_pending_and_its_substitutes_in_order(app: Smolny) -> None:
    session = sitting(app)
    members = app.state.sessions[session].procedure.members
    data = issue(app)
    assert data["mandate"] == "md1" and data["delegate"] == "d4"
    assert [s["delegate"] for s in data["substitutes"]] == ["d5", "d6"]
    assert [s["name"] for s in data["substitutes"]] == ["Kamenev", "Zinoviev"]
    trotsky = app.state.delegates["d4"]
    assert (trotsky.status, trotsky.mandate, trotsky.faction) == ("pending", "md1", "bolsheviks")
    assert trotsky.sent_by == "Petrograd Soviet"
    assert "have not been checked" in (trotsky.why_no_vote() or "")
    assert app.state.delegates["d5"].status == "substitute"
    assert "substitute" in (app.state.delegates["d5"].why_no_vote() or "")
    # the open sitting knows them (absent), and they add no vote to its membership
    known = {d.id for d in app.state.sessions[session].procedure.delegates}
    assert {"d4", "d5", "d6"} <= known
    assert app.state.sessions[session].procedure.members == members
    all_in(app, session)
    assert register_of(app, session) == ["d1", "d2", "d3"]
    # the old delegates, registered without a mandate, are seated as before
    assert (
        app.state.delegates["d1"].mandate is None and app.state.delegates["d1"].status == "seated"
    )


def test_issuing_refuses_unknown_bodies_factions_and_duplicates(app: Smolny) -> None:
    error = refused(app, c.IssueMandate("nowhere", "congress", "X"), NotFound, "unknown-body")
    assert "sending" in error.message and error.field == "sending"
    error = refused(app, c.IssueMandate("petrograd", "nowhere", "X"), NotFound, "unknown-body")
    assert "receiving" in error.message and error.field == "to"
    refused(
        app, c.IssueMandate("petrograd", "congress", "X", "anarchists"), NotFound, "unknown-faction"
    )
    refused(app, c.IssueMandate("petrograd", "congress", "X", weight=0), Invalid, "weight")
    refused(app, c.IssueMandate("petrograd", "congress", "X", term_until="soon"), Invalid, "term")
    refused(app, c.IssueMandate("petrograd", "congress", " "), Invalid, "required")
    refused(
        app, c.IssueMandate("petrograd", "congress", "X", substitutes=("x",)), Invalid, "duplicate"
    )
    issue(app)
    refused(
        app, c.IssueMandate("petrograd", "congress", "trotsky"), OutOfOrder, "duplicate-delegate"
    )
    issue(app, sending="moscow")  # another council may send a namesake


def test_credentials_accepted_give_the_vote_once(app: Smolny) -> None:
    session = sitting(app)
    members = app.state.sessions[session].procedure.members
    issue(app)
    refused(
        app,
        c.CheckCredentials("congress", "md1", True, committee="other-committee"),
        Invalid,
        "not-a-committee-of-the-body",
    )
    refused(
        app,
        c.CheckCredentials("congress", "md1", True, committee="moscow"),
        Invalid,
        "not-a-committee-of-the-body",
    )
    refused(app, c.CheckCredentials("congress", "md9", True), NotFound, "unknown-mandate")
    refused(app, c.CheckCredentials("moscow", "md1", True), NotFound, "unknown-mandate")
    entries = app.execute(c.CheckCredentials("congress", "md1", True, committee="credentials"))
    assert [e.kind for e in entries] == ["mandate.accepted"]
    assert entries[0].data == {
        "mandate": "md1",
        "body": "congress",
        "delegate": "d4",
        "committee": "credentials",
    }
    assert app.state.delegates["d4"].why_no_vote() is None
    assert app.state.sessions[session].procedure.members == members + 1
    error = refused(
        app,
        c.CheckCredentials("congress", "md1", False, "forged"),
        OutOfOrder,
        "credentials-checked",
    )
    assert "accepted" in error.message
    all_in(app, session)
    assert register_of(app, session) == ["d1", "d2", "d3", "d4"]


def test_credentials_rejected_with_the_reason_leave_no_vote(app: Smolny) -> None:
    issue(app, voting=False)
    refused(app, c.CheckCredentials("congress", "md1", False, ""), Invalid, "required")
    entries = app.execute(c.CheckCredentials("congress", "md1", False, "papers unsigned"))
    assert entries[0].kind == "mandate.rejected"
    assert entries[0].data["reason"] == "papers unsigned"
    assert "rejected" in (app.state.delegates["d4"].why_no_vote() or "")
    refused(app, c.CheckCredentials("congress", "md1", True), OutOfOrder, "credentials-checked")


def test_a_consultative_mandate_has_a_voice_and_no_vote(app: Smolny) -> None:
    issue(app, voting=False, substitutes=())
    app.execute(c.CheckCredentials("congress", "md1", True))
    assert "consultative" in (app.state.delegates["d4"].why_no_vote() or "")


def test_a_recall_by_another_body_is_refused_with_the_reason(app: Smolny) -> None:
    issue(app)
    error = refused(
        app, c.RecallDelegate("moscow", "d4", "no reason"), OutOfOrder, "not-the-sending-body"
    )
    assert error.message == "d4 was sent by the Petrograd Soviet, not by the Moscow Soviet"
    refused(app, c.RecallDelegate("nowhere", "d4", "x"), NotFound, "unknown-body")
    refused(app, c.RecallDelegate("petrograd", "d99", "x"), NotFound, "unknown-delegate")
    refused(app, c.RecallDelegate("petrograd", "d1", "x"), OutOfOrder, "no-mandate")
    refused(app, c.RecallDelegate("petrograd", "d5", "x"), OutOfOrder, "mandate-not-held")


def test_a_recall_seats_the_next_substitute_and_the_recalled_cannot_vote(app: Smolny) -> None:
    issue(app, weight=3, faction="left-srs")
    app.execute(c.CheckCredentials("congress", "md1", True))
    session = sitting(app)
    members = app.state.sessions[session].procedure.members
    opened = app.execute(
        c.OpenPoll(session=session, title="Chair", question="choice", options=("a", "b"))
    )
    poll = next(e.data["poll"] for e in opened if e.kind == "poll.opened")
    assert app.state.polls[poll].eligible["d4"] == 3
    entries = app.execute(c.RecallDelegate("petrograd", "d4", "voted against instructions"))
    assert [e.kind for e in entries] == ["mandate.recalled", "mandate.taken-up"]
    assert entries[1].data == {
        "body": "congress",
        "delegate": "d5",
        "replaces": "d4",
        "weight": 3,
        "mandate": "md1",
    }
    kamenev = app.state.delegates["d5"]
    assert (kamenev.status, kamenev.faction, kamenev.weight) == ("seated", "left-srs", 3)
    assert kamenev.why_no_vote() is None
    assert "recalled" in (app.state.delegates["d4"].why_no_vote() or "")
    assert app.state.sessions[session].procedure.members == members
    assert app.state.mandates["md1"].delegate == "d5"
    # the register was taken before the recall: the vote is refused when cast
    with pytest.raises(OutOfOrder) as caught:
        app.ballots.cast_votes(
            poll, Principal("d4", "delegate", "Trotsky"), [VoteRequest({"choice": "a"})]
        )
    assert caught.value.rule == "mandate-withdrawn"
    app.ballots.cancel_poll(poll, "test")
    all_in(app, session)
    assert "d5" in register_of(app, session) and "d4" not in register_of(app, session)
    # the second recall seats the last substitute; the third leaves the seat empty
    app.execute(c.RecallDelegate("petrograd", "d5", "also"))
    last = app.execute(c.RecallDelegate("petrograd", "d6", "and again"))
    assert [e.kind for e in last] == ["mandate.recalled"]
    assert app.state.mandates["md1"].status == "recalled"
    assert app.state.sessions[session].procedure.members == members - 1


def contest_and_second(app: Smolny, session: str, by: str = "d1") -> str:
    entries = app.execute(c.ContestMandate("congress", "d4", by, TWELFTH))
    assert [e.kind for e in entries] == ["mandate.contested", "motion.moved"]
    contested, moved = entries[0].data, entries[1].data
    assert contested["grounds"] == TWELFTH and contested["by"] == by
    assert moved["mover"] == by and moved["question"] == contested["motion"]
    assert moved["text"] == "That the mandate of Trotsky, sent by the Petrograd Soviet, is valid"
    motion = str(contested["motion"])
    app.execute(c.Act(session, procedure.Second(motion, "d3" if by == "d2" else "d2")))
    app.execute(c.Act(session, procedure.StateQuestion(motion)))
    return motion


def test_a_contest_rejected_by_a_show_of_hands_annuls_the_mandate(app: Smolny) -> None:
    issue(app)
    app.execute(c.CheckCredentials("congress", "md1", True))
    session = sitting(app)
    motion = contest_and_second(app, session)
    refused(app, c.ContestMandate("congress", "d4", "d2", "again"), OutOfOrder, "contest-pending")
    opened = app.execute(c.OpenPoll(motion, method="show-of-hands"))
    poll = next(e.data["poll"] for e in opened if e.kind == "poll.opened")
    app.execute(c.EnterCount(poll, {"yes": 1, "no": 3, "abstain": 0}))
    entries = app.ballots.close_poll(poll)
    assert [e.kind for e in entries][-3:] == [
        "motion.rejected",
        "mandate.annulled",
        "mandate.taken-up",
    ]
    assert entries[-2].data == {
        "mandate": "md1",
        "body": "congress",
        "delegate": "d4",
        "motion": motion,
    }
    assert app.state.delegates["d4"].status == "annulled"
    assert app.state.delegates["d5"].why_no_vote() is None
    assert app.state.mandates["md1"].contest is None


def test_a_contest_adopted_by_ballot_upholds_the_mandate(app: Smolny) -> None:
    issue(app)
    app.execute(c.CheckCredentials("congress", "md1", True))
    session = sitting(app)
    motion = contest_and_second(app, session, by="d2")
    opened = app.execute(c.OpenPoll(motion))
    poll = next(e.data["poll"] for e in opened if e.kind == "poll.opened")
    for voter in ("d1", "d2", "d3", "d4"):
        _, future = app.ballots.cast_vote(poll, Principal(voter, "delegate", voter), "yes")
        future.result(timeout=10)
    entries = app.ballots.close_poll(poll)
    assert [e.kind for e in entries][-2:] == ["motion.adopted", "mandate.upheld"]
    assert app.state.delegates["d4"].status == "seated"
    assert app.state.mandates["md1"].contest is None
    # decided: the mandate may be contested again
    app.execute(c.ContestMandate("congress", "d4", "d3", "new grounds"))


def test_what_cannot_be_contested(app: Smolny) -> None:
    issue(app)
    refused(app, c.ContestMandate("congress", "d4", "d1", TWELFTH), OutOfOrder, "not-sitting")
    sitting(app)
    error = refused(
        app, c.ContestMandate("congress", "d2", "d1", TWELFTH), OutOfOrder, "no-mandate"
    )
    assert "registered without one" in error.message
    refused(app, c.ContestMandate("congress", "d5", "d1", TWELFTH), OutOfOrder, "no-mandate")
    refused(app, c.ContestMandate("congress", "d4", "d99", TWELFTH), NotFound, "unknown-delegate")
    refused(app, c.ContestMandate("congress", "d4", "d1", ""), Invalid, "required")
    refused(app, c.ContestMandate("moscow", "d4", "d1", TWELFTH), NotFound, "unknown-delegate")


def test_a_lapsed_term_keeps_the_delegate_off_a_new_register_and_refuses_the_vote(
    sqlite_url: str,
) -> None:
    now = [datetime(2026, 11, 7, 20, 0, tzinfo=UTC)]
    app = Smolny.open(sqlite_url, clock=lambda: now[0])
    try:
        tree(app)
        app.execute(
            c.IssueMandate("petrograd", "congress", "Trotsky", term_until="2026-11-07T22:00:00Z")
        )
        app.execute(c.IssueMandate("moscow", "congress", "Bukharin", term_until="2026-11-07"))
        app.execute(c.CheckCredentials("congress", "md1", True))
        app.execute(c.CheckCredentials("congress", "md2", True))
        session = sitting(app)
        assert register_of(app, session) == ["d1", "d2", "d3", "d4", "d5"]
        opened = app.execute(
            c.OpenPoll(session=session, title="Chair", question="choice", options=("a", "b"))
        )
        poll = next(e.data["poll"] for e in opened if e.kind == "poll.opened")
        now[0] += timedelta(hours=3)  # 23:00: Trotsky's term has run out, Bukharin's not
        with pytest.raises(OutOfOrder) as caught:
            app.ballots.cast_votes(
                poll, Principal("d4", "delegate", "T"), [VoteRequest({"choice": "a"})]
            )
        assert caught.value.rule == "mandate-withdrawn" and "lapsed" in caught.value.message
        app.ballots.cancel_poll(poll, "test")
        assert register_of(app, session) == ["d1", "d2", "d3", "d5"]
        now[0] += timedelta(hours=1)  # past midnight: the date's whole day is over
        assert register_of(app, session) == ["d1", "d2", "d3"]
    finally:
        app.close()


def test_the_record_folds_back_to_the_same_mandates(app: Smolny, database_url: str) -> None:
    issue(app)
    issue(app, "Bukharin", sending="moscow", substitutes=("Rykov",))
    app.execute(c.CheckCredentials("congress", "md1", True))
    app.execute(c.CheckCredentials("congress", "md2", False, "unsigned"))
    app.execute(c.RecallDelegate("petrograd", "d4", "recalled"))
    again = Smolny.open(database_url)
    try:
        assert again.state.mandates == app.state.mandates
        assert {k: (d.status, d.voting, d.weight) for k, d in again.state.delegates.items()} == {
            k: (d.status, d.voting, d.weight) for k, d in app.state.delegates.items()
        }
        assert again.state.counters == app.state.counters
    finally:
        again.close()


# -- import and export ---------------------------------------------------------------------

HEADER = (
    "name",
    "sending body",
    "receiving body",
    "faction",
    "voting",
    "weight",
    "term",
    "substitutes",
)


def rows(*lines: tuple[str, ...]) -> tuple[tuple[int, dict[str, str]], ...]:
    return tuple((n, dict(zip(HEADER, line, strict=False))) for n, line in enumerate(lines, 2))


def test_an_import_with_bad_rows_lists_every_one_and_writes_nothing(app: Smolny) -> None:
    issue(app)
    command = c.ImportMandates(
        HEADER,
        rows(
            ("Lenin", "petrograd", "congress", "bolsheviks", "yes", "1", "", "Krupskaya"),  # good
            ("", "petrograd", "congress", "", "", "", "", ""),  # row 3: no name
            ("Martov", "petrograd", "congress", "mensheviks", "", "", "", ""),  # 4: faction
            ("Trotsky", "petrograd", "congress", "", "", "", "", ""),  # 5: a delegate already
            ("Dan", "petrograd", "assembly", "", "", "", "", ""),  # 6: no such body
            ("Lenin", "petrograd", "congress", "", "", "", "", ""),  # 7: twice in the file
            ("Gorky", "petrograd", "congress", "", "maybe", "x", "never", ""),  # 8: three
        ),
        "mandates.csv",
    )
    error = refused(app, command, Invalid, "mandates")
    assert error.errors is not None
    found = {(e["row"], e["column"]) for e in error.errors}
    assert found == {
        (3, "name"),
        (4, "faction"),
        (5, "name"),
        (6, "receiving body"),
        (7, "name"),
        (8, "voting"),
        (8, "weight"),
    }
    assert "mandates.csv: 7 problem(s), nothing imported" in error.message
    # the term is checked once the cells are well formed
    error = refused(
        app,
        c.ImportMandates(HEADER, rows(("Gorky", "petrograd", "congress", "", "", "", "never", ""))),
        Invalid,
        "mandates",
    )
    assert [(e["row"], e["column"]) for e in error.errors] == [(2, "term")]
    assert error.errors[0]["code"] == "term"  # its words' key in another language
    refused(app, c.ImportMandates(("name", "body"), rows()), Invalid, "mandates")
    refused(app, c.ImportMandates(HEADER, rows()), Invalid, "mandates")


def test_an_import_issues_mandates_and_registers_rows_without_one(app: Smolny) -> None:
    header = (*HEADER, "sent by")
    command = c.ImportMandates(
        header,
        tuple(
            (n, dict(zip(header, line, strict=True)))
            for n, line in enumerate(
                [
                    (
                        "Lenin",
                        "petrograd",
                        "congress",
                        "bolsheviks",
                        "yes",
                        "2",
                        "2026-12-31",
                        "Krupskaya; Stalin",
                        "",
                    ),
                    ("Antonov", "", "congress", "bolsheviks", "yes", "", "", "", "Fleet"),
                    ("Sailor", "", "congress", "", "no", "", "", "", "Fleet"),
                    ("Martov", "moscow", "congress", "", "no", "", "", "", ""),
                ],
                2,
            )
        ),
    )
    entries = app.execute(command)
    assert [e.kind for e in entries] == ["mandate.issued", "delegates.registered", "mandate.issued"]
    lenin, plain, martov = (e.data for e in entries)
    assert (lenin["mandate"], lenin["delegate"], lenin["weight"]) == ("md1", "d4", 2)
    assert [s["name"] for s in lenin["substitutes"]] == ["Krupskaya", "Stalin"]
    assert [d["delegate"] for d in plain["delegates"]] == ["d7", "d8"]
    assert (martov["mandate"], martov["delegate"], martov["voting"]) == ("md2", "d9", False)
    assert app.state.delegates["d7"].status == "seated" and app.state.delegates["d7"].voting
    assert app.state.delegates["d4"].term_until == "2026-12-31T23:59:59.999999Z"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_reads_back_through_the_import(app: Smolny, fmt: str, tmp_path) -> None:
    issue(app, weight=2, term_until="2026-12-31")
    issue(app, "Bukharin", sending="moscow", faction=None, voting=False, substitutes=())
    app.execute(c.CheckCredentials("congress", "md1", True))
    exported = delegate_rows(app.state, app.state.bodies["congress"])
    assert [r[0] for r in exported] == ["Old 0", "Old 1", "Old 2", "Trotsky", "Bukharin"]
    trotsky = dict(zip(EXPORT_COLUMNS, exported[3], strict=True))
    assert trotsky == {
        "name": "Trotsky",
        "sending body": "petrograd",
        "receiving body": "congress",
        "faction": "bolsheviks",
        "voting": "yes",
        "weight": "2",
        "term": "2026-12-31",
        "substitutes": "Kamenev; Zinoviev",
        "sent by": "",
        "mandate": "md1",
        "status": "seated",
    }
    table = read_table(write_table(EXPORT_COLUMNS, exported, fmt), f"delegates.{fmt}")
    fresh = Smolny.open(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    try:
        tree(fresh, old=False)
        fresh.execute(c.ImportMandates(tuple(table.header), tuple(table.rows)))
        again = delegate_rows(fresh.state, fresh.state.bodies["congress"])
    finally:
        fresh.close()
    status = EXPORT_COLUMNS.index("status")
    # everything comes back, but a mandate imported awaits its credentials check again
    assert [r[:status] for r in again] == [r[:status] for r in exported]
    assert [r[status] for r in again] == ["seated"] * 3 + ["pending", "pending"]


def test_rows_without_a_mandate_are_checked_as_delegates(app: Smolny) -> None:
    header = ("name", "sending body", "receiving body", "sent by", "weight")
    lines = [
        ("old 0", "", "congress", "KRONSTADT", ""),  # row 2: a delegate already
        ("Antonov", "", "congress", "Fleet", ""),  # good
        ("Antonov", "", "congress", "Fleet", ""),  # row 4: twice
        ("Antonov", "", "congress", "Army", "0"),  # row 5: another Antonov, a bad weight
        ("Raskolnikov", "", "congress", "Fleet", ""),  # good
        (
            "Lenin",
            "",
            "congress",
            "",
            "",
        ),  # good
    ]
    rows = tuple((n, dict(zip(header, line, strict=True))) for n, line in enumerate(lines, 2))
    error = refused(app, c.ImportMandates(header, rows), Invalid, "mandates")
    assert [(e["row"], e["column"]) for e in error.errors or []] == [
        (2, "name"),
        (4, "name"),
        (5, "weight"),
    ]
