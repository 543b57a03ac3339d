"""Before the congress sits: the deadlines, the councils' motions and amendments, the
standing orders committee's rulings (one appealed), its composite made with every mover's
consent, its recommendations, the emergency motion admitted by the rule, and the councils'
instructions to their delegates. Every step an act of the service, by the account that
would do it: the secretariat, a council's secretary (for that council only), the committee
(its decisions recorded by the secretariat)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone

import smolny.demo.union.motions as m
from smolny.demo.union.people import CONGRESS, Union
from smolny.domain import commands as c
from smolny.service.app import Principal, Smolny

GMT, BST = timezone(timedelta(0), "GMT"), timezone(timedelta(hours=1), "BST")
SUMMER = datetime(2026, 3, 29, 1, 0, tzinfo=UTC)  # the clocks go forward


class UnionClock:
    """The demo's clock: the union's year in UK time (GMT, then BST from 29 March 2026)."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 12, 10, 0, tzinfo=GMT)

    def __call__(self) -> datetime:
        return self.now

    def set(self, month: int, day: int, hour: int, minute: int = 0) -> None:
        self.now = _local(month, day, hour, minute)

    def later(self, minutes: int) -> None:
        self.now += timedelta(minutes=minutes)


def _local(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    winter = datetime(2026, month, day, hour, minute, tzinfo=GMT)
    return winter if winter < SUMMER else datetime(2026, month, day, hour, minute, tzinfo=BST)


def iso(month: int, day: int, hour: int, minute: int = 0) -> str:
    """A time of 2026 in UK time, ISO 8601 with its offset (as the deadlines are given)."""
    return _local(month, day, hour, minute).isoformat()


MOTIONS_DEADLINE = iso(3, 13, 17)
SENT = ((1, 27), (2, 3), (2, 11), (2, 19), (2, 24), (3, 2), (3, 6), (3, 9), (3, 12), (3, 13))
AMENDMENTS_DEADLINE = iso(4, 24, 17)

# The councils' instructions to their delegates, by paper key and council (the rest: free)
INSTRUCTIONS = {
    "composite": {
        "yorkshire": "for",
        "scotland": "for",
        "south-west": "for",
        "north-west": "for",
        "midlands": "for",
        "wales": "for",
    },
    "pensions": {
        "wales": "for",
        "north-west": "for",
        "midlands": "for",
        "south-west": "for",
        "yorkshire": "for",
        "london": "free",
        # Scotland's council wants a scheme of Scotland's own (social care is devolved)
        "scotland": "against",
    },
    "freeze": {
        "north-west": "for",
        "yorkshire": "for",
        "midlands": "for",
        "scotland": "for",
    },
    "levy": {"yorkshire": "for", "london": "against", "midlands": "against"},
}


@dataclass
class Papers:
    """The papers' numbers (M1, A1, C1...) by the demo's keys (`composite` for the
    composite)."""

    numbers: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, key: str) -> str:
        return self.numbers[key]


def before_the_congress(
    app: Smolny, secretary: Principal, clock: UnionClock, union: Union
) -> Papers:
    """The papers, from the deadlines to the committee's recommendations, in the order of the
    union's year (the emergency motion and the instructions come once the delegates are
    registered: `emergency`, `instruct`)."""
    papers = Papers()
    clock.set(1, 12, 11)
    app.execute(
        c.SetDeadlines(CONGRESS, MOTIONS_DEADLINE, AMENDMENTS_DEADLINE, workflow="union-congress"),
        by=secretary,
    )
    _submit_motions(app, clock, union, papers)
    _committee_rules(app, secretary, clock, union, papers)
    _submit_amendments(app, secretary, clock, union, papers)
    _composite(app, secretary, clock, union, papers)
    _recommend(app, secretary, clock, papers)
    return papers


def _submit_motions(app: Smolny, clock: UnionClock, union: Union, papers: Papers) -> None:
    # the councils' motions, as their meetings sent them, from late January to the deadline
    for (month, day), motion in zip(SENT, m.MOTIONS, strict=True):
        clock.set(month, day, 15)
        papers.numbers[motion.key] = _submit(app, union, motion)


def _submit(app: Smolny, union: Union, motion: m.Motion, emergency: bool = False) -> str:
    entries = app.execute(
        c.SubmitMotion(
            CONGRESS,
            motion.council,
            motion.title,
            motion.paragraphs,
            motion.movers,
            motion.supporters,
            emergency=emergency,
        ),
        by=union.councils[motion.council],
    )
    return str(entries[0].data["paper"])


def _committee_rules(
    app: Smolny, secretary: Principal, clock: UnionClock, union: Union, papers: Papers
) -> None:
    """The committee's first meeting after the deadline: every motion admitted but the one
    that would change the rules, ruled out of order; its council appeals to the congress."""
    clock.set(3, 25, 18)
    for motion in m.MOTIONS:
        if motion.key == "terms":
            _move(
                app,
                secretary,
                papers["terms"],
                "ruled-out-of-order",
                "committee",
                m.TERMS_OUT_OF_ORDER,
            )
        else:
            _move(app, secretary, papers[motion.key], "admitted", "committee")
    clock.set(4, 2, 12)
    _move(app, union.councils["midlands"], papers["terms"], "appealed", "mover", m.TERMS_APPEAL)


def _submit_amendments(
    app: Smolny, secretary: Principal, clock: UnionClock, union: Union, papers: Papers
) -> None:
    for day, amendment in zip((9, 15, 20, 23), m.AMENDMENTS, strict=True):
        clock.set(4, day, 16)
        entries = app.execute(
            c.SubmitAmendment(
                CONGRESS,
                amendment.council,
                papers[amendment.motion],
                amendment.paragraph,
                amendment.change,
                amendment.text,
                amendment.movers,
            ),
            by=union.councils[amendment.council],
        )
        papers.numbers[amendment.key] = str(entries[0].data["paper"])
    clock.set(4, 29, 18)
    for amendment in m.AMENDMENTS:
        _move(app, secretary, papers[amendment.key], "admitted", "committee")


def _composite(
    app: Smolny, secretary: Principal, clock: UnionClock, union: Union, papers: Papers
) -> None:
    """The committee proposes one composite of the three staffing motions; each council that
    moved one consents (through its own secretary's account); then it is made."""
    clock.set(4, 29, 18, 30)
    numbers = tuple(papers[key] for key in m.COMPOSITE_OF)
    proposed = app.execute(
        c.ProposeComposite(CONGRESS, numbers, m.COMPOSITE_TITLE, m.COMPOSITE), by=secretary
    )
    papers.numbers["composite"] = composite = str(proposed[0].data["paper"])
    for day, key in zip((1, 5, 6), m.COMPOSITE_OF, strict=True):
        clock.set(5, day, 10)
        council = next(x.council for x in m.MOTIONS if x.key == key)
        app.execute(
            c.ConsentToComposite(CONGRESS, composite, papers[key]), by=union.councils[council]
        )
    clock.set(5, 8, 9)
    app.execute(c.MakeComposite(CONGRESS, composite), by=secretary)


def emergency(
    app: Smolny, secretary: Principal, clock: UnionClock, union: Union, papers: Papers
) -> None:
    """Three weeks after the deadline, the North West asks for an emergency motion; the
    committee admits it, as Standing Order 14 (the rulebook's `[submission] emergency`) lets
    it."""
    clock.set(6, 3, 14)
    papers.numbers["freeze"] = number = _submit(app, union, m.EMERGENCY, emergency=True)
    clock.set(6, 8, 18)
    _move(app, secretary, number, "admitted", "committee", m.EMERGENCY_ADMITTED)
    stance, reason = m.RECOMMENDATIONS["freeze"]
    app.execute(c.Recommend(CONGRESS, number, stance, reason), by=secretary)


def _recommend(app: Smolny, secretary: Principal, clock: UnionClock, papers: Papers) -> None:
    # the committee's report: every paper but the emergency motion (not in yet)
    clock.set(5, 12, 18)
    for key, (stance, reason) in m.RECOMMENDATIONS.items():
        if key == "freeze":
            continue
        app.execute(c.Recommend(CONGRESS, papers[key], stance, reason), by=secretary)


def instruct(app: Smolny, clock: UnionClock, union: Union, papers: Papers) -> None:
    """Each council's meeting before the congress instructs the delegates it sends (an
    instruction not given leaves the delegate free)."""
    clock.set(6, 11, 19)
    for key, councils in INSTRUCTIONS.items():
        for council, instruction in councils.items():
            app.execute(
                c.InstructDelegates(CONGRESS, council, papers[key], instruction),
                by=union.councils[council],
            )
            clock.later(5)


def _move(app: Smolny, by: Principal, number: str, to: str, role: str, reason: str = "") -> None:
    app.execute(c.MovePaper(CONGRESS, number, to, role, reason), by=by)
