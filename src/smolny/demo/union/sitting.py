"""The congress sits (16 June 2026, the demo's): opened by the president, the quorum
present, the standing orders committee's report, the appeal against its ruling, every
motion debated and voted (three by named electronic vote, where the councils' instructions
bind their delegates), the composite adopted, an emergency motion, the executive's general
seats elected by STV, and the sitting closed. The congress's decision on each paper is
recorded on the paper (`MovePaper` as the congress, by the chair) as soon as it is taken."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

import smolny.demo.union.motions as m
import smolny.demo.union.speeches as s
from smolny import procedure
from smolny.demo.clerk import Clerk
from smolny.demo.union.before import INSTRUCTIONS, Papers, UnionClock
from smolny.demo.union.people import (
    ABSENT,
    CONGRESS,
    EXECUTIVE,
    INVENTED,
    NEW_EXECUTIVE,
    PRESIDENT,
    RULEBOOK,
    Union,
)
from smolny.domain import commands as c
from smolny.procedure.text import Change
from smolny.record import kinds as k
from smolny.service.app import Principal, Smolny, VoteRequest

TITLE = "Annual Congress 2026, first day (Harrogate, 16 June)"
LATE = ABSENT[-1]  # arrives before the first named vote
SOC_CHAIR = "Ron Baptiste, chair of the Standing Orders Committee"
# Who voted against their council's instruction, on which paper, and how (the demo's)
DEPARTURES = {("pensions", "Jamie Sinclair"): "yes", ("freeze", "Michael Armitage"): "abstain"}
_ANSWER = {"for": "yes", "against": "no"}


@dataclass
class Sitting:
    """What the sitting left for what comes after it: the sitting's id, the named votes by
    paper number (the polls a council's report back reads: `views.papers.instructions`)
    and the election's poll."""

    session: str
    named_votes: dict[str, str] = field(default_factory=dict)
    election: str = ""


def the_congress(
    app: Smolny,
    chair: Principal,
    secretary: Principal,
    clock: UnionClock,
    union: Union,
    papers: Papers,
) -> Sitting:
    clock.set(6, 16, 9, 30)
    opened = app.execute(
        c.OpenSession(CONGRESS, TITLE, union.ids[PRESIDENT]),
        by=chair,
    )
    sitting = Sitting(opened[0].data["session"])
    hall = Hall(app, sitting.session, chair, secretary, union.ids, clock, union, papers, sitting)
    hall.note(opened, INVENTED)
    present = hall.presence(arrived=tuple(i for n, i in union.ids.items() if n not in ABSENT))
    hall.note(present, s.PRESENCE_NOTE, field="present_count")
    hall.take_chair(PRESIDENT)
    hall.report("Opening of congress", s.PRESIDENT_OPENS, by=PRESIDENT, kind="announcement")
    hall.report("The Standing Orders Committee's report", s.SOC_REPORT, name=SOC_CHAIR)
    hall.appeal()
    hall.pay()
    hall.composite()
    hall.pensions()
    hall.organising()
    hall.violence()
    hall.in_house()
    hall.levy()
    hall.emergency()
    hall.election()
    clock.set(6, 16, 17, 30)
    closed = hall.close()
    hall.note(closed, s.CLOSE_NOTE)
    return sitting


class Hall(Clerk):
    """The sitting's acts, with the papers they decide."""

    def __init__(
        self,
        app: Smolny,
        session: str,
        chair: Principal,
        secretary: Principal,
        ids: dict[str, str],
        clock: UnionClock,
        union: Union,
        papers: Papers,
        sitting: Sitting,
    ) -> None:
        super().__init__(app, session, chair, secretary, ids)
        self.clock, self.union, self.papers, self.sitting = clock, union, papers, sitting

    # -- papers ----------------------------------------------------------------------------
    def decide(self, key: str, to: str, reason: str = "") -> None:
        """The congress's decision on a paper, recorded on it by the chair."""
        self.app.execute(
            c.MovePaper(CONGRESS, self.papers[key], to, "congress", reason), by=self.chair
        )

    def take(self, key: str) -> str:
        """A paper moved (by its first mover) as a motion before the congress: the question."""
        paper = next(p for p in (*m.MOTIONS, m.EMERGENCY) if p.key == key)
        number = self.papers[key]
        question, _ = self.move(
            f"{number} {paper.title}", "\n\n".join(paper.paragraphs), paper.movers[0]
        )
        return question

    def amend(self, key: str, question: str) -> str:
        """A council's amendment to the motion before the congress, moved by its mover."""
        amendment = next(a for a in m.AMENDMENTS if a.key == key)
        motion = next(p for p in m.MOTIONS if p.key == amendment.motion)
        at = motion.paragraphs[amendment.paragraph - 1]
        change = {
            "replace": Change("strike-insert", amendment.text, strike=at),
            "delete": Change("strike", strike=at),
            "insert-after": Change("insert", " " + amendment.text, after=at),
        }[amendment.change]
        moved = self.act(
            procedure.Move(
                "", "amend", self.ids[amendment.movers[0]], change=change, applies_to=question
            )
        )
        amend: str = next(e.data["question"] for e in moved if e.kind == k.MOTION_MOVED)
        if not any(e.kind == k.QUESTION_STATED for e in moved):
            self.act(procedure.StateQuestion(amend))
        return amend

    def counted(self, question: str, yes: int, no: int, abstain: int = 0) -> list[Any]:
        """A show of hands, counted by the tellers and recorded with its figures."""
        self.act(procedure.PutQuestion(question))
        return self.act(procedure.RecordResult(question, yes, no, abstain))

    def named(self, key: str, question: str) -> str:
        """A named electronic vote: each delegate present votes as their council instructed
        them (free: as the demo has them), but for the departures; the poll."""
        opened = self.app.execute(c.OpenPoll(motion=question), by=self.chair)
        poll: str = next(e.data["poll"] for e in opened if e.kind == k.POLL_OPENED)
        asked = INSTRUCTIONS.get(key, {})
        present = self.app.state.sessions[self.session].present
        waiting: list[Future[Any]] = []
        for i, (name, delegate) in enumerate(self.ids.items()):
            if delegate not in present:
                continue
            council = self.union.sent_by[name]
            answer = DEPARTURES.get((key, name)) or _ANSWER.get(asked.get(council, "free"))
            answer = answer or _free(key, i)
            waiting += self._cast(poll, delegate, {"choice": answer})
        for done in waiting:
            done.result(timeout=30)
        self.app.ballots.close_poll(poll, by=self.chair)
        self.sitting.named_votes[self.papers[key]] = poll
        return poll

    def _cast(self, poll: str, delegate: str, answer: dict[str, object]) -> list[Future[Any]]:
        voter = Principal(delegate, "delegate", delegate)
        return [done for _, done in self.app.ballots.cast_votes(poll, voter, [VoteRequest(answer)])]

    # -- the order of business -------------------------------------------------------------
    def appeal(self) -> None:
        """The Midlands' appeal against the ruling on its motion on two-year terms: put to
        the congress, which upholds the ruling."""
        self.clock.set(6, 16, 10, 5)
        number = self.papers["terms"]
        question, _ = self.move(
            f"Appeal against the ruling on {number}",
            s.APPEAL.format(number=number),
            "Claire Bennett",
        )
        self.speak("Claire Bennett", s.APPEAL_SPEECH, in_name_of="midlands", side="for")
        self.guest(SOC_CHAIR, s.APPEAL_REPLY, "the Standing Orders Committee")
        counted = self.counted(question, 14, 41, 3)
        self.note(counted, s.FIGURES)
        self.decide("terms", "ruling-upheld", m.TERMS_UPHELD)

    def pay(self) -> None:
        self.clock.set(6, 16, 10, 30)
        pay = self.take("pay")
        self.speak("Folasade Adeyemi", s.PAY_MOVER, in_name_of="london", side="for")
        self.speak("Harjit Sandhu", s.PAY_SECONDER, side="for")
        flat = self.amend("pay-flat-rate", pay)
        self.speak("Tom Gallagher", s.FLAT_RATE, in_name_of="yorkshire", side="for")
        self.counted(flat, 43, 12, 3)
        self.decide("pay-flat-rate", "adopted")
        self.declare(pay, words="Carried overwhelmingly on a show of hands, as amended")
        self.decide("pay", "adopted")

    def composite(self) -> None:
        """The composite on staffing, moved by Yorkshire, seconded by Scotland and spoken to
        by the South West, whose three motions it replaces: adopted on a named vote."""
        self.clock.set(6, 16, 11, 15)
        self.presence(arrived=(self.ids[LATE],))
        number = self.papers["composite"]
        question, _ = self.move(
            f"{number} {m.COMPOSITE_TITLE}", "\n\n".join(m.COMPOSITE), "Shazia Hussain"
        )
        self.speak("Shazia Hussain", s.STAFFING_MOVER, in_name_of="yorkshire", side="for")
        self.speak("Fiona MacLeod", s.STAFFING_SECONDER, in_name_of="scotland", side="for")
        self.speak("Jim Trewin", s.STAFFING_RATIOS, in_name_of="south-west", side="for")
        self.named("composite", question)
        self.decide("composite", "adopted")

    def pensions(self) -> None:
        """The pensions motion, amended for the devolved nations; on the named vote one of
        Scotland's delegates votes for it against his council's instruction."""
        self.clock.set(6, 16, 12, 0)
        pensions = self.take("pensions")
        self.speak("Siân Pritchard", s.PENSIONS_MOVER, in_name_of="wales", side="for")
        devolved = self.amend("pensions-devolved", pensions)
        self.speak("Eilidh Campbell", s.PENSIONS_DEVOLVED, in_name_of="scotland", side="for")
        self.declare(devolved, words="Carried on a show of hands")
        self.decide("pensions-devolved", "adopted")
        self.speak("Gordon McAllister", s.PENSIONS_AGAINST, in_name_of="scotland", side="against")
        self.speak("Jamie Sinclair", s.PENSIONS_SINCLAIR, side="for")
        self.named("pensions", pensions)
        self.decide("pensions", "adopted")

    def organising(self) -> None:
        self.clock.set(6, 16, 14, 0)
        organising = self.take("organising")
        self.speak("Liam Doherty", s.ORGANISING_MOVER, in_name_of="north-west", side="for")
        welsh = self.amend("organising-welsh", organising)
        self.speak("Ceri Jones", s.ORGANISING_WELSH, in_name_of="wales", side="for")
        self.declare(welsh, words="Accepted by the mover; carried unanimously")
        self.decide("organising-welsh", "adopted")
        self.declare(organising, words="Carried unanimously, as amended")
        self.decide("organising", "adopted")

    def violence(self) -> None:
        self.clock.set(6, 16, 14, 30)
        violence = self.take("violence")
        self.speak("Wayne Fletcher", s.VIOLENCE_MOVER, in_name_of="midlands", side="for")
        self.speak("Maria Santos", s.VIOLENCE_SECONDER, in_name_of="london", side="for")
        self.declare(violence, words="Carried unanimously")
        self.decide("violence", "adopted")

    def in_house(self) -> None:
        """London's motion on outsourcing: the Midlands' amendment lost, the motion referred
        to the executive as the committee recommended, its mover agreeing."""
        self.clock.set(6, 16, 14, 50)
        in_house = self.take("in-house")
        self.speak("Declan Byrne", s.IN_HOUSE_MOVER, in_name_of="london", side="for")
        ballot = self.amend("in-house-ballot", in_house)
        self.speak("Rajesh Mistry", s.IN_HOUSE_AMENDMENT, in_name_of="midlands", side="for")
        self.speak("Sunil Patel", s.IN_HOUSE_AGAINST_AMENDMENT, side="against")
        self.counted(ballot, 23, 31, 5)
        self.decide("in-house-ballot", "rejected")
        moved = self.act(
            procedure.Move(
                "", "commit", self.ids["Declan Byrne"], applies_to=in_house, committee=EXECUTIVE
            )
        )
        refer: str = next(e.data["question"] for e in moved if e.kind == k.MOTION_MOVED)
        if not any(e.kind == k.QUESTION_STATED for e in moved):
            self.act(procedure.StateQuestion(refer))
        self.declare(refer, words=s.REFERRED)
        self.decide("in-house", "referred", s.REFERRED)

    def levy(self) -> None:
        self.clock.set(6, 16, 15, 20)
        levy = self.take("levy")
        self.speak("Karen Pickles", s.LEVY_MOVER, in_name_of="yorkshire", side="for")
        self.speak("Maria Santos", s.LEVY_AGAINST, in_name_of="london", side="against")
        counted = self.counted(levy, 19, 37, 3)
        self.note(counted, s.FIGURES)
        self.decide("levy", "rejected")

    def emergency(self) -> None:
        """The emergency motion on the recruitment freeze: on the named vote one of
        Yorkshire's delegates abstains against his council's instruction."""
        self.clock.set(6, 16, 15, 45)
        freeze = self.take("freeze")
        self.speak("Grace Mensah", s.FREEZE_MOVER, in_name_of="north-west", side="for")
        self.speak("Harjit Sandhu", s.FREEZE_SECONDER, in_name_of="midlands", side="for")
        self.speak("Michael Armitage", s.FREEZE_ARMITAGE)
        self.named("freeze", freeze)
        self.decide("freeze", "adopted")

    def election(self) -> None:
        """The five general seats on the National Executive Council, by STV, in secret."""
        self.clock.set(6, 16, 16, 15)
        opened = self.app.execute(
            c.OpenPoll(
                session=self.session,
                title="National Executive Council: five general seats",
                question="ranked",
                options=m.CANDIDATES,
                seats=5,
                method="electronic-secret",
            ),
            by=self.chair,
        )
        poll: str = next(e.data["poll"] for e in opened if e.kind == k.POLL_OPENED)
        present = self.app.state.sessions[self.session].present
        waiting: list[Future[Any]] = []
        for i, (name, delegate) in enumerate(self.ids.items()):
            if delegate in present:
                ranking = _ranking(self.union.sent_by[name], i)
                waiting += self._cast(poll, delegate, {"ranking": ranking})
        for done in waiting:
            done.result(timeout=30)
        self.clock.set(6, 16, 16, 45)
        closed = self.app.ballots.close_poll(poll, by=self.chair)
        self.note(closed, s.BALLOTS_NOTE)
        self.sitting.election = poll
        self.app.execute(
            c.CreateBody(
                NEW_EXECUTIVE,
                "National Executive Council 2026-27 (general seats)",
                "executive-committee",
                parent=CONGRESS,
                rulebook=RULEBOOK,
                elected_by=poll,
            ),
            by=self.secretary,
        )


def _free(key: str, i: int) -> str:
    # a delegate left free votes as the demo has them: most for, a few against or abstaining
    return ("yes", "yes", "yes", "no", "yes", "abstain", "yes")[(i + len(key)) % 7]


# the candidates each council's delegates put first (their own), the rest in the order below
_OWN = {
    "london": ("Folasade Adeyemi", "Declan Byrne"),
    "yorkshire": ("Shazia Hussain",),
    "north-west": ("Liam Doherty",),
    "wales": ("Gethin Morgan",),
    "midlands": ("Harjit Sandhu",),
    "scotland": ("Fiona MacLeod",),
    "south-west": ("Rachel Penhaligon",),
}


def _ranking(council: str, i: int) -> list[str]:
    """A delegate's ranking (the demo's): their council's own candidates first, then the
    others in one of a few orders, some ranking only five."""
    own = list(_OWN[council])
    rest = [name for name in m.CANDIDATES if name not in own]
    turn = i % len(rest)
    rest = rest[turn:] + rest[:turn] if i % 3 else rest
    ranking = own + rest
    return ranking[:5] if i % 4 == 0 else ranking
