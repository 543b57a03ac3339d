"""The catalogue of entry kinds (smolny.record.kinds): every entry smolny writes is of a
catalogued kind and has its members, of their types; a malformed one is caught."""

from __future__ import annotations

import ast
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from smolny import procedure
from smolny.adapters import journal
from smolny.adapters.boxes import Cast
from smolny.adapters.database import read_transaction, write_transaction
from smolny.domain import commands as c
from smolny.procedure import events as engine_events
from smolny.record import kinds
from smolny.record.entry import make_entry
from smolny.service.app import Principal, Smolny, VoteRequest
from smolny.service.views import book as motions_book

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "demo-journal.jsonl"
CHAIR = Principal("a1", "chair", "chair")


def problems_in(lines: list[str]) -> list[str]:
    """Every problem of every entry in these journal lines, each with its seq and kind."""
    found = []
    for line in lines:
        entry = json.loads(line)
        found += [
            f"{entry['seq']} {entry['kind']}: {p}"
            for p in kinds.check(entry["kind"], entry["data"])
        ]
    return found


def journal_lines(app: Smolny) -> list[str]:
    with read_transaction(app.engine) as conn:
        return [line for _, line in journal.lines(conn)]


# -- the catalogue itself --------------------------------------------------------------------


def test_every_constant_names_its_kind_and_every_kind_has_a_constant() -> None:
    constants = {
        name: value
        for name, value in vars(kinds).items()
        if name.isupper() and isinstance(value, str) and value in kinds.CATALOGUE
    }
    for name, value in constants.items():
        assert name == re.sub(r"[.-]", "_", value).upper(), name
    assert sorted(constants.values()) == sorted(kinds.CATALOGUE)


def test_the_engine_kinds_are_the_engines_events() -> None:
    engine = {name for name, kind in kinds.CATALOGUE.items() if kind.engine}
    assert engine == set(procedure.EVENT_KINDS)
    # every one applied by a handler of the engine's, and no other kind
    assert set(engine_events._HANDLERS) == engine
    for name in engine:  # each recorded with the sitting it took place in
        assert kinds.CATALOGUE[name].data.members[0] == kinds.Member("session", kinds.STRING)


# -- each kind named once: by its constant, never by a bare string ---------------------------

SMOLNY = Path(__file__).resolve().parents[2] / "src" / "smolny"


def bare_kinds(source: str) -> list[str]:
    """Each string literal in `source` that is a catalogued kind's name, with its line."""
    return [
        f"{node.lineno}: {node.value!r}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and node.value in kinds.CATALOGUE
    ]


def sources(package: str = "") -> list[Path]:
    return sorted((SMOLNY / package).rglob("*.py"))


def test_no_entry_kind_is_named_by_a_bare_string_outside_the_catalogue() -> None:
    found = [
        f"{path.relative_to(SMOLNY)}:{where}"
        for path in sources()
        if path != SMOLNY / "record" / "kinds.py"
        for where in bare_kinds(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "name these kinds by their constants in smolny.record.kinds"


def test_a_bare_kind_is_found_and_a_constant_is_not() -> None:
    source = 'if entry.kind == "motion.moved" and k.POLL_CLOSED != "poll.closed.x":\n    pass\n'
    assert bare_kinds(source) == ["1: 'motion.moved'"]


# -- the specification: docs/record-format.md (and the engine's events, docs/rulebooks.md) ---

DOCS = Path(__file__).resolve().parents[2] / "docs"
KIND_NAME = r"`([a-z][a-z0-9-]*(?:\.[a-z][a-z0-9-]*)+)`"
# a row whose members another row states: poll.scheduled has poll.opened's settings; a
# joint session's members of poll.opened and poll.closed are in the row "in a joint session"
SEE_ALSO = {
    "poll.scheduled": ["poll.opened", "in a joint session"],
    "poll.opened": ["in a joint session"],
    "poll.closed": ["in a joint session"],
}


def table_rows(text: str) -> dict[str, list[str]]:
    """The rows of the tables in `text`, by each kind their first cell names (or the first
    cell's words, where it names none): the text of their second cells."""
    rows: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.startswith("| ") or line.startswith("| ---"):
            continue
        cells = line[2:].removesuffix(" |").split(" | ")
        for name in re.findall(KIND_NAME, cells[0]) or [cells[0]]:
            rows.setdefault(name, []).append(cells[1])
    return rows


def outside_brackets(text: str) -> str:
    """`text` with whatever is in parentheses, brackets or braces blanked out."""
    depth, kept = 0, []
    for ch in text:
        depth += ch in "([{"
        kept.append(ch if depth == 0 else " ")
        depth -= ch in ")]}"
    return "".join(kept)


def between(text: str, start: str, end: str) -> str:
    begin = text.index(start)
    return text[begin : text.index(end, begin)]


RECORD_FORMAT = (DOCS / "record-format.md").read_text(encoding="utf-8")
SECTION_3 = between(RECORD_FORMAT, "## 3. Entry kinds", "**Acts of procedure.**")
ACTS = between(RECORD_FORMAT, "**Acts of procedure.**", "## 4. Verifying")
APPENDIX = RECORD_FORMAT[RECORD_FORMAT.index("## Appendix A.") :]
ENGINE_EVENTS = between(
    (DOCS / "rulebooks.md").read_text(encoding="utf-8"), "## Engine events", "\n## Simplif"
)
DOMAIN_KINDS = {name for name, kind in kinds.CATALOGUE.items() if not kind.engine}
ENGINE_KINDS = {name for name, kind in kinds.CATALOGUE.items() if kind.engine}


def test_section_3_documents_every_kind_the_domain_records_and_no_other() -> None:
    documented = {name for name in table_rows(SECTION_3) if "." in name}
    assert documented == DOMAIN_KINDS


@pytest.mark.parametrize("name", sorted(DOMAIN_KINDS))
def test_section_3_names_every_member_and_calls_optional_only_what_may_be_left_out(
    name: str,
) -> None:
    rows = table_rows(SECTION_3)
    text = " ".join(rows[name] + [r for other in SEE_ALSO.get(name, []) for r in rows[other]])
    named = set(re.findall(r"`([a-z_][a-z0-9_]*)`", text))
    members = kinds.CATALOGUE[name].data.members
    assert [m.name for m in members if m.name not in named] == []
    said_optional = set(re.findall(r"optional `([a-z_][a-z0-9_]*)`", " ".join(rows[name])))
    assert [m.name for m in members if m.name in said_optional and not m.optional] == []


def test_the_engine_events_table_names_every_acts_members_and_no_other() -> None:
    rows = table_rows(ENGINE_EVENTS)
    assert {name for name in rows if "." in name} == ENGINE_KINDS
    for name in sorted(ENGINE_KINDS):
        listed = set()
        for group in re.findall(r"`([^`]*)`", outside_brackets(" ".join(rows[name]))):
            listed |= {word.strip() for word in group.split(",") if word.strip()}
        # the record adds the session, a motion's title, and where it was brought from
        members = {m.name for m in kinds.CATALOGUE[name].data.members}
        assert listed == members - {"session", "title", "brought_from"}, name
    for added in ("session", "title", "brought_from", "bodies", "sits_for"):
        assert f"`{added}`" in ACTS


def test_appendix_a_lists_every_kind_with_its_members_and_their_types() -> None:
    documented = {name: cells[0] for name, cells in table_rows(APPENDIX).items() if "." in name}
    catalogued = {
        name: ", ".join(str(m) for m in kind.data.members) for name, kind in kinds.CATALOGUE.items()
    }
    assert list(documented) == list(catalogued)  # every kind, in the catalogue's order
    for name, members in catalogued.items():
        assert documented[name] == members, f"{name}: the catalogue has\n| `{name}` | {members}"


# -- a malformed entry is caught -------------------------------------------------------------


GOOD_CLOSE = {
    "poll": "p1",
    "motion": "m1",
    "session": "s1",
    "box": {"ballots": 2, "digest": "ab" * 32},
    "heads": {"yes": 2, "no": 0, "abstain": 0},
    "weights": {"yes": 2, "no": 0, "abstain": 0},
    "unit": "heads",
    "eligible": 3,
    "present": 3,
}


def test_a_well_formed_entry_has_no_problems() -> None:
    assert kinds.check(kinds.POLL_CLOSED, GOOD_CLOSE) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"poll": None}, "data.poll: expected string, not None"),
        ({"eligible": "3"}, "data.eligible: expected integer, not '3'"),
        ({"eligible": True}, "data.eligible: expected integer, not True"),
        ({"box": {"ballots": 2}}, "data.box: member 'digest' is missing"),
        ({"heads": {"yes": "2"}}, "data.heads.yes: expected integer, not '2'"),
        ({"quorum": 2}, "data: unknown member 'quorum'"),
        ({"unit": ["heads"]}, "data.unit: expected string, not ['heads']"),
    ],
)
def test_a_malformed_entry_is_caught(change: dict[str, Any], problem: str) -> None:
    assert kinds.check(kinds.POLL_CLOSED, {**GOOD_CLOSE, **change}) == [problem]


POLL_OPENED = {
    "body": "second-congress",
    "changeable": False,
    "eligible": [["d1", 1], ["d2", 1]],
    "members": 670,
    "method": "electronic-named",
    "motion": "m1",
    "poll": "p1",
    "presence": "present",
    "present": 670,
    "proxies": [],
    "question": "yes-no-abstain",
    "quorum": 336,
    "session": "s1",
    "threshold": "majority",
    "title": "Peaceful settlement and a united socialist government",
}


def test_a_missing_member_an_unknown_kind_and_a_bad_pair_are_caught() -> None:
    data = {k: v for k, v in GOOD_CLOSE.items() if k != "heads"}
    assert kinds.check(kinds.POLL_CLOSED, data) == ["data: member 'heads' is missing"]
    assert kinds.check("poll.exploded", {}) == ["'poll.exploded' is not a kind of entry"]
    assert kinds.check(kinds.PROXY_GIVEN, []) == ["data: expected an object, not []"]
    data = POLL_OPENED  # the demo has no polls: the accounts of 1917 give none
    assert kinds.check(kinds.POLL_OPENED, data) == []
    bad = {**data, "eligible": [["d1", 1], ["d2"]], "proxies": [["d1", 2]]}
    assert kinds.check(kinds.POLL_OPENED, bad) == [
        "data.eligible[1]: expected [string, integer], not ['d2']",
        "data.proxies[0][1]: expected string, not 2",
    ]


# -- every entry smolny writes is catalogued -------------------------------------------------


def test_every_entry_of_the_demo_journal_is_well_formed() -> None:
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    assert len(lines) > 100
    assert problems_in(lines) == []


# Scenarios through the service, between them writing every kind the domain decides (the
# acts of procedure they reach too): the journal of each, read back from the database.

ROBERT = (resources.files("smolny.procedure") / "rulebooks" / "robert.toml").read_text()
BY_BODY = procedure.parse_rulebook(ROBERT + '\n[joint]\nvoting = "by-body"\n', "by-body.toml")
LATER = "2999-01-01T00:00:00Z"


def vote(app: Smolny, poll: str, voter: str, answer: dict[str, object]) -> None:
    by = Principal(voter, "delegate", voter)
    [(_, done)] = app.ballots.cast_votes(poll, by, [VoteRequest(answer)])
    assert done.result(timeout=30) is Cast.ACCEPTED


def moved(app: Smolny, session: str, mover: str, seconder: str, **kw: Any) -> str:
    """A main motion moved, seconded and stated: its question."""
    entries = app.execute(c.MoveMotion(session, "A motion", "The congress resolves.", mover, **kw))
    question = str(next(e.data["question"] for e in entries if e.kind == "motion.moved"))
    app.execute(c.Act(session, procedure.Second(question, seconder)))
    app.execute(c.Act(session, procedure.StateQuestion(question)))
    return question


def poll_of(entries: list[Any]) -> str:
    return str(next(e.data["poll"] for e in entries if e.kind in ("poll.opened", "poll.scheduled")))


def a_congress_at_work(app: Smolny) -> None:
    """Councils convening a congress; factions, presidium, chairs, proxies, suspensions; a
    vote by tellers in sections, elections of every kind, a secret vote cancelled, a poll
    scheduled and cancelled, procedural motions; the minutes corrected and approved."""
    app.accounts.create_account("chair", "chair", password="a chair's password for tests")
    app.execute(c.CreateBody("petrograd", "Petrograd Soviet", "council", members=2800))
    app.execute(c.CreateBody("moscow", "Moscow Soviet", "council", members=1500))
    app.execute(c.SetMembership("moscow", 1600))
    app.execute(c.CreateBody("congress", "Congress"))
    app.execute(c.ConveneCongress("congress", ("petrograd", "moscow"), "apportioned", seats=9))
    app.execute(
        c.CreateBody("workers", "Workers' Section", "section", parent="petrograd", members=2000)
    )
    app.execute(
        c.CreateBody("cc", "Credentials", "committee", parent="congress", purpose="credentials")
    )
    for slug in ("bol", "men"):
        app.execute(c.FormFaction("congress", slug, slug.title()))
    people = [
        c.NewDelegate(f"D{i}", "bol" if i < 3 else "men", sent_by="Kronstadt") for i in range(6)
    ]
    people.append(c.NewDelegate("Substitute", None, voting=False))
    app.execute(c.RegisterDelegates("congress", tuple(people)))  # d1-d6, and d7 without a vote
    app.execute(c.LeaveFaction("congress", "d6"))
    app.execute(c.JoinFaction("congress", "d6", "bol"))
    app.execute(c.JoinFaction("congress", "d5", "bol"))  # from men
    app.accounts.issue_access_codes("congress", ["d1"])
    app.execute(c.AllotPresidium("congress", 5, factions=("bol", "men"), reserved=("men",)))
    app.execute(c.TakeUpSeats("congress", "men"))
    session = app.execute(c.OpenSession("congress", "Sitting", opened_by="d1"))[0].data["session"]
    app.execute(c.RecordPresence(session, all_present=True))
    app.execute(c.SetChair("congress", ("d1", "d2"), rota="per-session"))
    app.execute(c.Declare(session, "men", "We protest.", by="d4"))
    app.execute(c.GiveProxy("congress", "d3", "d1"))
    app.execute(c.WithdrawProxy("congress", "d3"))
    app.execute(c.SuspendMandate("congress", "d2", "unpaid dues"))
    app.execute(c.SuspendMandate("congress", "d2", "dues paid", restore=True))
    app.execute(c.TakeUpMandate("congress", "d7", "d6"))

    # tellers count the hands by faction
    question = moved(app, session, "d1", "d2")
    poll = poll_of(
        app.execute(c.OpenPoll(question, method="show-of-hands", sections=("bol", "men")))
    )
    app.execute(c.EnterCount(poll, {"yes": 4}, section="bol", tellers=("Reed",)))
    app.execute(c.EnterCount(poll, {"no": 1}, section="men"))
    app.ballots.close_poll(poll, by=CHAIR)

    # elections of every kind, by named ballot
    ballots: dict[str, dict[str, object]] = {
        "choice": {"choice": "Lenin"},
        "multiple": {"choices": ["Lenin", "Trotsky"]},
        "ranked": {"ranking": ["Trotsky", "Lenin"]},
        "list": {"choice": "Lenin"},
    }
    for kind, ballot in ballots.items():
        seats = 2 if kind in ("multiple", "list") else 1
        entries = app.execute(
            c.OpenPoll(
                session=session,
                title=f"A {kind} election",
                question=kind,
                options=("Lenin", "Trotsky", "Martov"),
                seats=seats,
            )
        )
        poll = poll_of(entries)
        for voter in ("d1", "d3", "d4"):
            vote(app, poll, voter, ballot)
        vote(app, poll, "d5", {"choice": "abstain"})
        app.ballots.close_poll(poll, by=CHAIR)

    # a secret vote on a motion, cancelled with a ballot in its box
    question = moved(app, session, "d3", "d4")
    poll = poll_of(app.execute(c.OpenPoll(question, method="electronic-secret")))
    vote(app, poll, "d1", {"choice": "yes"})
    app.ballots.cancel_poll(poll, "the hall was not lit", by=CHAIR)
    # a poll scheduled for later, cancelled before it opens
    poll = poll_of(
        app.execute(
            c.OpenPoll(
                session=session,
                title="Later",
                question="choice",
                options=("a", "b"),
                opens_at=LATER,
            )
        )
    )
    app.ballots.cancel_poll(poll, "not needed", by=CHAIR)
    # procedural motions on the question: amended, then laid on the table
    amend = app.execute(
        c.Act(session, procedure.Move("", "amend", "d3", text="resolves firmly", strike="resolves"))
    )[0].data["question"]
    app.execute(c.Act(session, procedure.Second(amend, "d4")))
    app.execute(c.Act(session, procedure.StateQuestion(amend)))
    app.execute(c.Act(session, procedure.PutQuestion(amend)))
    app.execute(c.Act(session, procedure.RecordResult(amend, 5, 0)))
    table = app.execute(c.Act(session, procedure.Move("", "lay-on-the-table", "d1")))[0]
    table_id = table.data["question"]
    app.execute(c.Act(session, procedure.Second(table_id, "d2")))
    app.execute(c.Act(session, procedure.StateQuestion(table_id)))
    app.execute(c.Act(session, procedure.PutQuestion(table_id)))
    app.execute(c.Act(session, procedure.RecordResult(table_id, 5, 0)))
    app.execute(c.CloseSession(session))

    # the minutes corrected, and approved at the next sitting
    app.execute(c.CorrectMinutes(session, "§1", "D4 spoke first", "the order of speakers"))
    sitting = app.execute(c.OpenSession("congress", "Next sitting"))[0].data["session"]
    app.execute(c.RecordPresence(sitting, all_present=True))
    for yes, no in ((0, 5), (5, 0)):  # not approved, then approved
        approval = app.execute(c.MoveApproval(sitting, session, "d1", "0" * 64))[0]
        question = approval.data["question"]
        app.execute(c.Act(sitting, procedure.Second(question, "d2")))
        app.execute(c.Act(sitting, procedure.StateQuestion(question)))
        app.execute(c.Act(sitting, procedure.PutQuestion(question)))
        app.execute(c.Act(sitting, procedure.RecordResult(question, yes, no)))


def mandates_checked_contested_recalled(app: Smolny) -> None:
    """Mandates issued with substitutes and a term, accepted by the credentials committee
    and rejected; a contest lost (annulled, the substitute takes the seat up) and one won;
    a recall."""
    for slug, name in (("petrograd", "Petrograd Soviet"), ("moscow", "Moscow Soviet")):
        app.execute(c.CreateBody(slug, name, "council"))
    app.execute(c.CreateBody("congress", "Second Congress"))
    app.execute(c.CreateBody("credentials", "Credentials", "committee", "congress"))
    app.execute(c.FormFaction("congress", "bol", "Bolsheviks"))
    old = tuple(c.NewDelegate(f"Old {i}", "bol", sent_by="Kronstadt") for i in range(3))
    app.execute(c.RegisterDelegates("congress", old))  # d1-d3
    app.execute(  # md1: d4, substitutes d5, d6
        c.IssueMandate(
            "petrograd",
            "congress",
            "Trotsky",
            "bol",
            substitutes=("Kamenev", "Zinoviev"),
            term_until="2999-12-31",
        )
    )
    app.execute(c.CheckCredentials("congress", "md1", True, committee="credentials"))
    app.execute(c.IssueMandate("moscow", "congress", "Martov"))  # md2: d7
    app.execute(c.CheckCredentials("congress", "md2", False, "He does not represent them"))
    app.execute(c.IssueMandate("moscow", "congress", "Dan", weight=2))  # md3: d8
    app.execute(c.CheckCredentials("congress", "md3", True, "in order"))
    session = app.execute(c.OpenSession("congress", "Sitting"))[0].data["session"]
    app.execute(c.RecordPresence(session, all_present=True))
    for delegate, by, carried in (("d4", "d1", False), ("d8", "d2", True)):
        entries = app.execute(c.ContestMandate("congress", delegate, by, "not elected"))
        motion = next(e.data["question"] for e in entries if e.kind == "motion.moved")
        app.execute(c.Act(session, procedure.Second(motion, "d3")))
        app.execute(c.Act(session, procedure.StateQuestion(motion)))
        poll = poll_of(app.execute(c.OpenPoll(motion, method="show-of-hands")))
        app.execute(c.EnterCount(poll, {"yes": 4, "no": 0} if carried else {"yes": 0, "no": 4}))
        app.ballots.close_poll(poll, by=CHAIR)
    app.execute(c.RecallDelegate("petrograd", "d5", "voted against instructions"))


def a_joint_session_by_body(app: Smolny) -> None:
    """A section's resolution; two committees in a joint session, their presidiums seated
    together, a delegate registered during it, a named ballot counted by body, and the
    section's resolution brought to the whole."""
    app.execute(c.CreateBody("soviet", "Petrograd Soviet", "council"))
    app.execute(c.CreateBody("workers", "Workers' Section", "section", parent="soviet"))
    workers = tuple(c.NewDelegate(f"Worker {i}") for i in range(3))
    app.execute(c.RegisterDelegates("workers", workers))  # d1-d3
    meeting = app.execute(c.OpenSession("workers", "Meeting"))[0].data["session"]
    app.execute(c.RecordPresence(meeting, all_present=True))
    resolution = moved(app, meeting, "d1", "d2")
    app.execute(c.Act(meeting, procedure.PutQuestion(resolution)))
    app.execute(c.Act(meeting, procedure.RecordResult(resolution, 3, 0)))
    app.execute(c.CloseSession(meeting))
    for slug in ("cec", "peasants"):
        app.execute(c.CreateBody(slug, slug.title(), "committee", rulebook="by-body"))
        app.execute(c.FormFaction(slug, "srs", "SRs"))
        people = tuple(
            c.NewDelegate(f"{slug} {i}", "srs", sent_by="Petrograd Soviet") for i in range(4)
        )
        app.execute(c.RegisterDelegates(slug, people))  # cec d4-d7, peasants d8-d11
        app.execute(c.AllotPresidium(slug, 2))
    entries = app.execute(c.OpenJointSession(("cec", "peasants"), "Joint sitting", opened_by="d4"))
    session = entries[0].data["session"]
    app.execute(c.SeatPresidium(session, "peasants", makes_place="cec"))
    app.execute(c.RegisterDelegates("peasants", (c.NewDelegate("Latecomer", "srs"),)))  # d12
    app.execute(c.RecordPresence(session, all_present=True))
    question = moved(app, session, "d4", "d8")
    poll = poll_of(app.execute(c.OpenPoll(question)))
    for voter in ("d4", "d5", "d8", "d9", "d12"):
        vote(app, poll, voter, {"choice": "yes"})
    app.ballots.close_poll(poll, by=CHAIR)
    app.execute(c.MoveMotion(session, "", "", "d4", brought_from=resolution))


def a_lockout_lifted(app: Smolny) -> None:
    """Wrong passwords lock an account out from one network; an administrator lifts it."""
    app.accounts.create_account("chair", "chair", password="Tallinn lantern 1917 quorum")
    guard = app.accounts.login_guard
    for _ in range(guard.policy.failures_per_target):
        guard.failed("203.0.113.7", "account:chair")
    guard.lift("account:chair", by=Principal("a9", "admin", "admin"))


def accounts_managed(app: Smolny) -> None:
    """An administrator disables an account, enables it again and resets its password."""
    admin = Principal("a1", "admin", "admin")
    app.accounts.create_account("admin", "admin", password="Tallinn lantern 1917 quorum")
    ident, _ = app.accounts.create_account("chair", "chair", by=admin)
    app.accounts.set_disabled(ident, True, by=admin)
    app.accounts.set_disabled(ident, False, by=admin)
    app.accounts.reset_password("chair", by=admin)


def an_agenda_adopted_and_delegates_corrected(app: Smolny) -> None:
    """Delegates corrected one and several at once; an agenda drafted, adopted by a vote."""
    app.execute(c.CreateBody("soviet", "A soviet"))
    app.execute(c.FormFaction("soviet", "left", "The Left"))
    people = tuple(c.NewDelegate(f"Member {i}") for i in range(4))
    ids = [
        d["delegate"]
        for d in app.execute(c.RegisterDelegates("soviet", people))[0].data["delegates"]
    ]
    app.execute(c.AmendDelegates("soviet", (c.DelegateChange(ids[0], name="Chair", weight=2),)))
    app.execute(
        c.AmendDelegates("soviet", tuple(c.DelegateChange(d, faction="left") for d in ids[1:]))
    )
    session = app.execute(c.OpenSession("soviet", "Sitting"), by=CHAIR)[0].data["session"]
    app.execute(c.RecordPresence(session, all_present=True), by=CHAIR)
    items = (c.AgendaDraftItem("Reports", reporter="The secretary", starts="10:00", minutes=20),)
    app.execute(c.DraftAgenda(session, items), by=CHAIR)
    motion = app.execute(c.AdoptAgenda(session, mover=ids[0]), by=CHAIR)[0].data["question"]
    app.execute(c.Act(session, procedure.Second(motion, ids[1])), by=CHAIR)
    app.execute(c.Act(session, procedure.StateQuestion(motion)), by=CHAIR)
    app.execute(c.Act(session, procedure.PutQuestion(motion)), by=CHAIR)
    app.execute(c.Act(session, procedure.RecordResult(motion, 3, 1)), by=CHAIR)
    app.execute(c.Act(session, procedure.TakeUpItem("i1")), by=CHAIR)


def a_sitting_as_the_accounts_tell_it(app: Smolny) -> None:
    """A body keeping local mean time; a sitting scheduled, postponed and opened; an
    emergency sitting; a note in the record on a value not in the sources; a statement made
    outside the sitting."""
    app.execute(c.CreateBody("soviet", "Petrograd Soviet", "council", members=3))
    app.execute(c.SetTimeZone("soviet", "+02:01:18", "Petrograd mean time"))
    app.execute(c.RegisterDelegates("soviet", tuple(c.NewDelegate(f"D{i}") for i in range(3))))
    called = app.execute(c.ScheduleSession("soviet", "Sitting", "1917-11-07T12:00:00Z"))
    session = called[0].data["session"]
    app.execute(c.PostponeSession(session, "1917-11-07T20:00:00Z", "not enough delegates"))
    opened = app.execute(c.OpenSession("soviet", "Sitting", scheduled=session))
    app.execute(c.AddNote(opened[0].seq, "the hour is not in the accounts", "at", session))
    app.execute(
        c.IssueStatement(
            "soviet",
            "The sitting did not take place.",
            "the departed",
            "the committee",
            session,
            "1917-11-07T23:00:00Z",
        )
    )
    app.execute(c.CloseSession(session))
    app.execute(c.OpenSession("soviet", "Emergency sitting", emergency=True))


def papers_before_a_congress(app: Smolny) -> None:
    """Deadlines set; motions and an amendment submitted; a ruling appealed; a composite
    consented and made; a recommendation; a council's account; an instruction."""
    for slug in ("leeds", "york"):
        app.execute(c.CreateBody(slug, slug.title(), "council"))
    app.execute(c.CreateBody("union", "Union congress"))
    app.execute(c.CreateAccount("leeds-sec", "secretary"))
    app.execute(c.AttachAccount("leeds-sec", "leeds"))
    app.execute(c.RegisterDelegates("union", (c.NewDelegate("Ann", sent_by="leeds"),)))
    app.execute(c.SetDeadlines("union", "2999-01-01T00:00:00Z", "2999-02-01T00:00:00Z"))
    for council in ("leeds", "york", "leeds"):
        app.execute(c.SubmitMotion("union", council, "Pay", ("We resolve.",), ("A",)))
    app.execute(c.SubmitAmendment("union", "york", "M1", 1, "replace", "We demand.", ("B",)))
    for number in ("M1", "M2"):
        app.execute(c.MovePaper("union", number, "admitted", "committee"))
    app.execute(c.MovePaper("union", "M3", "ruled-out-of-order", "committee", "not ours"))
    app.execute(c.MovePaper("union", "M3", "appealed", "mover", "it is ours"))
    app.execute(c.MovePaper("union", "M3", "ruling-upheld", "congress", "the congress upheld"))
    app.execute(c.ProposeComposite("union", ("M1", "M2"), "Pay", ("We resolve together.",)))
    for number in ("M1", "M2"):
        app.execute(c.ConsentToComposite("union", "C1", number))
    app.execute(c.MakeComposite("union", "C1"))
    app.execute(c.Recommend("union", "C1", "support", "a fair claim"))
    app.execute(c.InstructDelegates("union", "leeds", "C1", "for"))
    # at the sitting: motions taken together (paper.put), one taken out (paper.objected)
    for council in ("leeds", "york"):
        number = app.execute(c.SubmitMotion("union", council, "Hours", ("We ask.",), ("A",)))
        app.execute(c.MovePaper("union", number[0].data["paper"], "admitted", "committee"))
    for number in ("M4", "M5"):
        app.execute(c.Recommend("union", number, "support", "fair"))
    session = app.execute(c.OpenSession("union", "Sitting"))[0].data["session"]
    app.execute(c.RecordPresence(session, all_present=True))
    moved = app.execute(c.MoveEnBloc(session, ("C1", "M4", "M5"), "d1"))
    question = next(e.data["question"] for e in moved if e.kind == kinds.PAPER_PUT)
    app.execute(c.ObjectEnBloc(session, question, "M5", "york"))
    app.execute(motions_book.fixing(app, "union"))  # a final edition of the motions book


SCENARIOS = [
    an_agenda_adopted_and_delegates_corrected,
    a_congress_at_work,
    papers_before_a_congress,
    a_sitting_as_the_accounts_tell_it,
    mandates_checked_contested_recalled,
    a_joint_session_by_body,
    a_lockout_lifted,
    accounts_managed,
]


@pytest.fixture(scope="module")
def scenario_journals(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    journals = {}
    for scenario in SCENARIOS:
        path = tmp_path_factory.mktemp(scenario.__name__) / "smolny.sqlite3"
        app = Smolny.open(f"sqlite:///{path}", rulebooks=[BY_BODY])
        try:
            scenario(app)
            journals[scenario.__name__] = journal_lines(app)
        finally:
            app.close()
    return journals


@pytest.mark.parametrize("scenario", [s.__name__ for s in SCENARIOS])
def test_every_entry_of_a_scenario_is_well_formed(
    scenario_journals: dict[str, list[str]], scenario: str
) -> None:
    assert problems_in(scenario_journals[scenario]) == []


def test_the_scenarios_and_the_demo_write_every_kind_the_domain_decides(
    scenario_journals: dict[str, list[str]],
) -> None:
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    lines += [line for journal in scenario_journals.values() for line in journal]
    written = {json.loads(line)["kind"] for line in lines}
    domain = {name for name, kind in kinds.CATALOGUE.items() if not kind.engine}
    assert domain - written == set()


def test_an_application_that_wrote_a_malformed_entry_fails_its_test_at_close(
    sqlite_url: str,
) -> None:
    # tests/conftest.py checks every application's journal when it closes
    app = Smolny.open(sqlite_url)
    app.execute(c.CreateBody("congress", "Congress"))
    data = {"session": "s1", "closed_by": "d1"}
    bad = make_entry(2, "2026-01-01T00:00:00Z", kinds.SESSION_CLOSED, "a1", data, app.state.head)
    with write_transaction(app.engine) as conn:
        journal.append(conn, [bad])
    with pytest.raises(pytest.fail.Exception, match="2 session.closed: .* member 'closed_by'"):
        app.close()


# -- the acts of procedure: the engine's events as the domain records them --------------------


# the robert rulebook, with a motion of a body's own that one member's demand settles
QUIET = """
[motions.call-for-quiet]
name = "Call for quiet"
class = "privileged"
rank = 9
second = false
debatable = false
amendable = false
threshold = "none"
on-demand = true
interrupts = true
reconsiderable = false
"""
ROBERT_AND_QUIET = procedure.parse_rulebook(ROBERT + QUIET, "quiet.toml")


class Sitting:
    """The engine driven directly (on the robert rulebook), each event tagged as the domain
    records it: with its session, and a motion moved with its title."""

    def __init__(self, agenda: tuple[procedure.AgendaItem, ...] = (), present: int = 10) -> None:
        self.rulebook = ROBERT_AND_QUIET
        people = [procedure.Delegate(f"d{i}", present=i <= present) for i in range(1, 11)]
        self.state = procedure.initial_state(self.rulebook, 10, people, agenda)
        self.events: list[tuple[str, dict[str, Any]]] = []

    def do(self, *acts: procedure.Act) -> None:
        for act in acts:
            outcome = procedure.attempt(self.rulebook, self.state, act)
            assert isinstance(outcome, procedure.Accepted), outcome
            self.state = outcome.state
            for event in outcome.events:
                data = {"session": "s1", **json.loads(json.dumps(event.data))}
                if event.kind == "motion.moved":
                    data["title"] = "A motion"
                self.events.append((event.kind, data))

    def move(self, id: str, motion: str, text: str = "", **kw: Any) -> None:
        """Moved by d1, seconded by d2 and stated."""
        self.do(procedure.Move(id, motion, "d1", text=text, **kw))
        if self.rulebook.motion(motion).second:  # type: ignore[union-attr]
            self.do(procedure.Second(id, "d2"))
        self.do(procedure.StateQuestion(id))

    def vote(self, id: str, yes: int = 6, no: int = 3) -> None:
        self.do(procedure.PutQuestion(id), procedure.RecordResult(id, yes, no))


def engine_tour() -> list[tuple[str, dict[str, Any]]]:
    """Every act of procedure the engine knows, on the textbook's scenarios (RONR)."""
    events = []
    s = Sitting()  # amendment, table and back, division of the question, reconsider, rescind
    s.move("m", "main", "That we buy a bus and hire a driver")
    s.move("a", "amend", "two buses", strike="a bus")
    s.vote("a")
    change = procedure.Change("strike-insert", "coach", strike="buses")
    s.do(procedure.Move("a2", "amend", "d3", change=change), procedure.Second("a2", "d4"))
    s.do(procedure.StateQuestion("a2"))
    s.vote("a2")
    s.move("t", "lay-on-the-table", applies_to="m")
    s.vote("t")
    s.move("f", "take-from-table", applies_to="m")
    s.vote("f")
    s.move("dq", "division-of-question", parts=("buy a bus", "hire a driver"))
    s.vote("dq")
    s.vote("m.1")
    s.do(procedure.TakeUpQuestion("m.2"))
    s.vote("m.2")
    s.move("r", "reconsider", applies_to="m.2")
    s.vote("r")
    s.vote("m.2")
    s.move("x", "rescind", applies_to="m.2")
    s.vote("x", 9, 0)
    events += s.events
    s = Sitting()  # debate closed and limited, postponed, referred, dropped; floor; suspension
    s.move("m", "main", "That the bylaws be revised")
    s.move("l", "limit-debate", speech_seconds=120, speeches_per_member=1)
    s.vote("l")
    s.do(procedure.RequestFloor("d3", "for"), procedure.RequestFloor("d4"))
    s.do(procedure.WithdrawFloorRequest("d4", by="d4"), procedure.Recognise(at=0))
    s.do(procedure.Move("qp", "question-of-privilege", "d5", text="The hall is too cold"))
    s.do(procedure.ChairRuling("r1", "The windows will be closed", question="qp", well_taken=True))
    s.do(procedure.Yield(at=60), procedure.CloseList(), procedure.ReopenList())
    s.do(procedure.CloseList())
    s.move("pq", "previous-question")
    s.vote("pq", 9, 0)
    s.vote("m")
    s.move("m1", "main", "That a hall be rented")
    s.move("p", "postpone-definitely", until="next meeting")
    s.vote("p")
    s.move("m2", "main", "That the club buy a bus")
    s.move("c", "commit", committee="finance")
    s.vote("c")
    s.move("m3", "main", "That we endorse a candidate")
    s.move("pi", "postpone-indefinitely")
    s.vote("pi")
    s.move("s", "suspend-rules", "to take up the report")
    s.vote("s", 9, 0)
    events += s.events
    s = Sitting()  # a ruling appealed and reversed, an objection, a division, withdrawal
    s.move("m", "main", "That the treasurer be thanked")
    s.do(procedure.Move("po", "point-of-order", "d3", text="Not seconded"))
    s.do(procedure.ChairRuling("r1", "Not well taken", question="po", well_taken=False))
    s.move("ap", "appeal", applies_to="r1")
    s.vote("ap", 4, 4)  # the chair sustained on a tie
    s.do(procedure.ChairRuling("r2", "The amendment is not germane"))
    s.move("ap2", "appeal")
    s.vote("ap2", 3, 5)  # reversed
    s.move("w", "withdraw")
    s.vote("w")
    s.move("m2", "main", "That we condemn the neighbours")
    s.do(procedure.Move("o", "objection-to-consideration", "d3"), procedure.StateQuestion("o"))
    s.vote("o", 2, 7)
    s.move("m3", "main", "That we buy flags")
    s.do(procedure.PutQuestion("m3"), procedure.CancelVote("m3", "the lights went out"))
    s.do(procedure.PutQuestion("m3"), procedure.Move("div", "division-of-assembly", "d3"))
    s.do(procedure.RecordResult("m3", 5, 4, method="rising"))
    events += s.events
    agenda = (
        procedure.AgendaItem("reports", "Reports", status="current"),
        procedure.AgendaItem("election", "Election", order_of_the_day=True),
    )
    s = Sitting(agenda)  # the agenda; orders of the day; a recess; quorum; registration
    s.move("m", "main", "That peace be on the agenda")
    s.vote("m")
    items = (procedure.AgendaEntry("reports", "Reports"), procedure.AgendaEntry("peace", "Peace"))
    s.do(procedure.ChangeAgenda((*items, procedure.AgendaEntry("election", "Election", True)), "m"))
    s.move("m2", "main", "That the report be printed")
    s.do(procedure.Move("o", "orders-of-the-day", "d3"))
    s.do(procedure.Move("q", "call-for-quiet", "d3"))
    s.move("rc", "recess", until="15 minutes")
    s.vote("rc")
    s.do(procedure.Resume(at=900))
    s.do(procedure.ChangePresence(False, tuple(f"d{i}" for i in range(4, 11))))
    s.do(procedure.ChangePresence(True, ("d4", "d5", "d6")))
    s.do(procedure.Register("d11", faction="late", present=True))
    s.move("fx", "fix-time-to-adjourn", until="Tuesday 19:00")
    s.vote("fx", 5, 1)
    s.move("adj", "adjourn")
    s.vote("adj", 5, 1)
    events += s.events
    s = Sitting()  # the record as the accounts tell it: chair, words, guests, reports
    s.do(procedure.TakeChair("d1"), procedure.TakeChair(name="Fyodor Dan"))
    s.do(procedure.RequestFloor("d3"), procedure.Recognise("d3"))
    s.do(procedure.Yield(words="We leave the congress.", quoted=True))
    s.do(procedure.Interject("He does not represent the army!", voice="a soldier"))
    s.do(procedure.Interject("Shame!", delegate="d4"))
    s.do(procedure.HearGuest("A member of the City Duma", "We go to die", in_name_of="the Duma"))
    s.do(procedure.ReadReport("Units coming over", "The garrison is with us", by="d1"))
    s.move("m", "main", "That the congress denounce the attack")
    s.do(procedure.PutQuestion("m"), procedure.DeclareResult("m", True, words="quickly passed"))
    s.move("m2", "main", "That negotiations begin")  # its mover walks out: no vote on it
    s.do(procedure.SetAside("m2", "its mover and his group left the hall"))
    s.move("m3", "main", "That the garrison be thanked")
    s.do(procedure.DeclareAdjourned(words="before dawn"))  # nobody moved to adjourn
    events += s.events
    s = Sitting()  # a first agenda adopted by a vote (robert's [agenda] adoption)
    s.move("ag", "main", "That the agenda be adopted")
    s.vote("ag")
    s.do(procedure.AdoptAgenda((procedure.AgendaEntry("i1", "Reports", reporter="Lenin"),), "ag"))
    events += s.events
    return events


def test_every_act_of_procedure_is_well_formed_and_catalogued() -> None:
    events = engine_tour()
    problems = [f"{kind}: {p}" for kind, data in events for p in kinds.check(kind, data)]
    assert problems == []
    assert set(procedure.EVENT_KINDS) - {kind for kind, _ in events} == set()
