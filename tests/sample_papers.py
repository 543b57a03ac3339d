"""A union's congress with its papers, for the tests of papers at the sitting: three
councils, four delegates sent by them, four admitted motions with the committee's
recommendations and the councils' instructions."""

from __future__ import annotations

from importlib import resources

from smolny import procedure
from smolny.domain import commands as c
from smolny.record import kinds as k
from smolny.service.app import Principal, Smolny, VoteRequest

ROBERT = (resources.files("smolny.procedure") / "rulebooks" / "robert.toml").read_text()
DECLARED = ROBERT.replace('adoption = "vote"', 'adoption = "declaration"')
DEADLINE = "2999-03-01T17:00:00+00:00"
CHAIR = Principal("a-chair", "chair", "chair")  # no account: acts for no council


def rules(text: str, key: str) -> procedure.Rulebook:
    return procedure.parse_rulebook(text, f"{key}.toml")


def fill(app: Smolny, rulebook: str) -> None:
    """M1 Pay (Leeds), M2 Hours (York), M3 Dues (Hull), M4 Safety (Leeds), admitted; the
    committee supports M1, M2, M4 and opposes M3; Leeds instructs its delegates Ann (d1) and
    Bob (d2) for M1 and M2, York its Cat (d3) against M1; Dan (d4) is Hull's."""
    for slug in ("leeds", "york", "hull"):
        app.execute(c.CreateBody(slug, slug.title() + " council", "council", members=100))
    app.execute(c.CreateBody("congress", "Union congress", rulebook=rulebook))
    app.execute(c.ConveneCongress("congress", ("leeds", "york", "hull"), "fixed", number=2))
    app.execute(c.SetDeadlines("congress", DEADLINE))
    people = tuple(
        c.NewDelegate(name, sent_by=council)
        for name, council in (("Ann", "leeds"), ("Bob", "leeds"), ("Cat", "york"), ("Dan", "hull"))
    )
    app.execute(c.RegisterDelegates("congress", people))  # d1-d4
    motions = (("leeds", "Pay"), ("york", "Hours"), ("hull", "Dues"), ("leeds", "Safety"))
    for council, title in motions:
        text = (f"{title} matter.", "Congress resolves.")
        number = app.execute(c.SubmitMotion("congress", council, title, text, ("A",)))[0].data[
            "paper"
        ]
        app.execute(c.MovePaper("congress", number, "admitted", "committee"))
    stances = (("M1", "support"), ("M2", "support"), ("M3", "oppose"), ("M4", "support"))
    for number, stance in stances:
        app.execute(c.Recommend("congress", number, stance, f"reason for {number}"))
    app.execute(c.InstructDelegates("congress", "leeds", "M1", "for"))
    app.execute(c.InstructDelegates("congress", "leeds", "M2", "for"))
    app.execute(c.InstructDelegates("congress", "york", "M1", "against"))


def sitting(app: Smolny) -> str:
    """A sitting of the congress opened, every delegate present."""
    session = str(app.execute(c.OpenSession("congress", "Sitting"), by=CHAIR)[0].data["session"])
    app.execute(c.RecordPresence(session, all_present=True), by=CHAIR)
    return session


def vote(app: Smolny, question: str, answers: dict[str, str], session: str) -> str:
    """`question` seconded, stated, put to a named vote, answered and closed: the poll."""
    app.execute(c.Act(session, procedure.Second(question, "d3")), by=CHAIR)
    app.execute(c.Act(session, procedure.StateQuestion(question)), by=CHAIR)
    opened = app.execute(c.OpenPoll(question, method="electronic-named"), by=CHAIR)
    poll = next(str(e.data["poll"]) for e in opened if e.kind == k.POLL_OPENED)
    for voter, choice in answers.items():
        for _, done in app.ballots.cast_votes(
            poll, Principal(voter, "delegate", voter), [VoteRequest({"choice": choice})]
        ):
            done.result(timeout=10)
    app.ballots.close_poll(poll, by=CHAIR)
    return poll
