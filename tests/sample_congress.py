"""A small congress for tests: a chair, delegates in factions, a session with all present."""

from __future__ import annotations

from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny, VoteRequest

CHAIR_PASSWORD = "chair-password-for-tests"


def make_congress(app: Smolny, size: int = 5, factions: int = 2) -> dict[str, object]:
    """A small congress: a chair, `size` delegates in factions, a session with all present."""
    app.accounts.create_account("chair", "chair", password=CHAIR_PASSWORD)
    chair = Principal("a1", "chair", "chair")
    app.execute(c.CreateBody("congress", "Test Congress"))
    slugs = [f"f{i}" for i in range(factions)]
    for slug in slugs:
        app.execute(c.FormFaction("congress", slug, f"Faction {slug}"))
    entries = app.execute(
        c.RegisterDelegates(
            "congress",
            tuple(c.NewDelegate(f"Delegate {i}", slugs[i % factions]) for i in range(size)),
        )
    )
    delegates = [d["delegate"] for d in entries[0].data["delegates"]]
    session = app.execute(c.OpenSession("congress", "Sitting"), by=chair)[0].data["session"]
    app.execute(c.RecordPresence(session, all_present=True), by=chair)
    return {"chair": chair, "delegates": delegates, "session": session}


def bring_to_vote(
    app: Smolny,
    session: str,
    mover: str,
    seconder: str,
    text: str = "The congress resolves.",
    method: str = "electronic-named",
    changeable: bool = False,
) -> tuple[str, str]:
    """Move a main motion, second it, state it and open a poll on it (by `method`, its votes
    `changeable` or not): (motion, poll)."""
    from smolny import procedure

    chair = Principal("a1", "chair", "chair")
    motion = app.execute(c.MoveMotion(session, "A motion", text, mover), by=chair)[0].data[
        "question"
    ]
    app.execute(c.Act(session, procedure.Second(motion, seconder)), by=chair)
    app.execute(c.Act(session, procedure.StateQuestion(motion)), by=chair)
    opened = app.execute(c.OpenPoll(motion, method=method, changeable=changeable), by=chair)
    poll = next(e.data["poll"] for e in opened if e.kind == "poll.opened")
    return motion, poll


def vote_on(app: Smolny, session: str, delegates: list[str], text: str, yes: int) -> str:
    """A motion brought to the vote and the poll closed, the first `yes` of `delegates` voting
    yes and the rest no: the motion."""
    motion, poll = bring_to_vote(app, session, delegates[0], delegates[1], text=text)
    for i, d in enumerate(delegates):
        answer = "yes" if i < yes else "no"
        for _, done in app.ballots.cast_votes(
            poll, Principal(d, "delegate", d), [VoteRequest({"choice": answer})]
        ):
            done.result(timeout=10)
    app.ballots.close_poll(poll, by=Principal("a1", "chair", "chair"))
    return motion
