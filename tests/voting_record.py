"""A congress that votes by ballot and by tellers' counts: the record the CLI and web tests
read and tamper with (ballot boxes, tellers' counts, resolutions, minutes).

It was the demo until issue 17: a loose replay of 1917 with invented figures (411-60-20,
480-5-6 ...) and electronic ballots. The demo (`smolny.demo`) now replays the accounts
faithfully, with no ballots and no figures they do not give; this record keeps the ballots
and counts these tests need. Its figures are invented: it is test data, not history.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from smolny import procedure
from smolny.domain import commands as c
from smolny.record import kinds as k
from smolny.service.app import Principal, Smolny

CONGRESS = "second-congress"
PETROGRAD = timezone(timedelta(hours=2, minutes=1), "Petrograd")  # local mean time, 1917

# (slug, name, delegates, known delegates) -- sizes from the account in seed 001:
# "Of 670 delegates, 300 were Bolsheviks. 193 were SRs, more than half of them of the
# party's left; 68 Mensheviks, and 14 Menshevik-Internationalists. The rest were
# unaffiliated, or members of tiny groups."
FACTIONS: list[tuple[str, str, int, tuple[str, ...]]] = [
    (
        "bolsheviks",
        "Bolsheviks",
        300,
        (
            "Vladimir Lenin",
            "Leon Trotsky",
            "Lev Kamenev",
            "Grigory Zinoviev",
            "Anatoly Lunacharsky",
            "Alexandra Kollontai",
            "Yakov Sverdlov",
            "Nikolai Krylenko",
        ),
    ),
    # The split of the 193 SRs is the demo's choice: "more than half of them of the left",
    # 150 of them, within the range (135-166) for which Sainte-Lague gives the presidium
    # the sources report (tests/counting/test_apportionment.py).
    (
        "left-srs",
        "Left Socialist Revolutionaries",
        150,
        ("Maria Spiridonova", "Boris Kamkov", "Sergei Mstislavsky", "Prosh Proshian"),
    ),
    ("srs", "Socialist Revolutionaries", 43, ("Mikhail Gendelman",)),
    ("mensheviks", "Mensheviks", 68, ("Fyodor Dan", "Lev Khinchuk", "Boris Kharash")),
    ("menshevik-internationalists", "Menshevik-Internationalists", 14, ("Julius Martov",)),
    # "Tiny groups": the Bund is named in the account; its size is the demo's choice.
    ("bund", "Jewish Bund", 7, ("Henryk Erlich",)),
]
UNAFFILIATED = 670 - sum(size for _, _, size, _ in FACTIONS)

TAURIDE = "central-executive-committee"
PEASANTS_EXECUTIVE = "peasants-executive"
WORKERS_SECTION = "workers-section"
SECTION_CHAIRMAN = "Chairman of the Workers' Section"
SECTION_RESOLUTION = (
    "The Workers' Section of the Petrograd Soviet demands that the All-Russian Central "
    "Executive Committee take over power."
)
TSIK = "tsik"
PETROGRAD_SOVIET = "petrograd-soviet"
PEASANTS_CONGRESS = "peasants-congress"
# EVENTS.md 20: the speakers of the triumphal session in the account's order, and in whose
# name they spoke (None: their own)
TRIUMPHAL_SPEAKERS: tuple[tuple[str, str | None], ...] = (
    ("Yakov Sverdlov", None),
    ("Maria Spiridonova", None),
    ("Leon Trotsky", None),
    ("Nikolai Krylenko", None),
    ("Pavel Dybenko", "Baltic Fleet"),
    ("Krushinsky", "Vikzhel"),
    ("Anatoly Lunacharsky", None),
    ("Prosh Proshian", "left-srs"),
    ("Saharashvili", "united-sd-internationalists"),
)
WALKOUT_DECLARATION = (
    "We leave the present congress! We repudiate what is done here; the Central Executive "
    "Committee considers the Second Congress as not having taken place."
)
MARTOV_RESOLUTION = (
    "The Congress condemns the seizure of power by one party on the eve of the Congress, "
    "which pre-empted the Congress's will, and again proposes negotiations for a broad, "
    "inclusive socialist government."
)
CONDEMNATION = "The Congress condemns the departure of the Mensheviks and the SRs."
MANIFESTO_STRUCK = "all power passes to the Soviets"
MANIFESTO = (
    "To all Workers, Soldiers and Peasants: the Provisional Government is deposed; "
    "all power passes to the Soviets"
)
MANIFESTO_TWEAK = "all power passes to the Soviets of Workers', Soldiers' and Peasants' Deputies"
TSERETELLI = "That the plenary session of the Committee be held in Moscow."

MARTOV_MOTION = (
    "The Congress calls for an immediate ceasefire in Petrograd and for negotiations to begin "
    "without delay on a united, cross-party socialist government."
)


@dataclass(frozen=True)
class DemoLogins:
    """How to log in to the demo: staff passwords and one delegate's access code."""

    chair_password: str
    secretary_password: str
    delegate: str
    delegate_name: str
    delegate_code: str


class _HallClock:
    """The demo's clock: the acts are recorded at the times the sources give."""

    def __init__(self) -> None:
        self.now = datetime(1917, 10, 25, 12, 0, tzinfo=PETROGRAD)

    def __call__(self) -> datetime:
        return self.now

    def set(self, day: int, hour: int, minute: int) -> None:
        self.now = datetime(1917, 10, day, hour, minute, tzinfo=PETROGRAD)


def load(app: Smolny) -> DemoLogins:
    """Replay the Second Congress into an empty record through the service layer."""
    if app.state.seq:
        raise ValueError("the record is not empty: the demo loads only into a new database")
    clock = _HallClock()
    saved, app.clock = app.clock, clock
    try:
        return _replay(app, clock)
    finally:
        app.clock = saved


def _replay(app: Smolny, clock: _HallClock) -> DemoLogins:
    _, chair_pw = app.accounts.create_account("chair", "chair", password=_demo_password())
    _, secretary_pw = app.accounts.create_account(
        "secretary", "secretary", password=_demo_password()
    )
    chair = Principal(_account_id(app, "chair"), "chair", "chair")
    secretary = Principal(_account_id(app, "secretary"), "secretary", "secretary")

    ids = _second_congress(app, secretary)
    hall = _first_sitting_opened(app, chair, secretary, clock, ids)
    _settlement_and_walkout(hall, secretary, clock)
    returning = _condemnations(hall, secretary, clock)
    _manifesto(hall, clock, returning)

    _triumphal_session(app, chair, secretary, clock)
    _tauride_palace(app, chair, secretary, clock)

    code = app.accounts.issue_access_codes(CONGRESS, [ids["Julius Martov"]], by=secretary)[
        ids["Julius Martov"]
    ]
    return DemoLogins(chair_pw, secretary_pw, ids["Julius Martov"], "Julius Martov", code)


def _second_congress(app: Smolny, secretary: Principal) -> dict[str, str]:
    """The congress, its factions and its 670 delegates; their ids by name."""
    app.execute(
        c.CreateBody(CONGRESS, "Second All-Russian Congress of Soviets", "congress", language="en"),
        by=secretary,
    )
    for slug, name, _, _ in FACTIONS:
        app.execute(c.FormFaction(CONGRESS, slug, name), by=secretary)
    delegates: list[c.NewDelegate] = []
    for slug, _, size, known in FACTIONS:
        names = list(known) + [
            f"{slug.replace('-', ' ').title()} delegate {i}"
            for i in range(len(known) + 1, size + 1)
        ]
        delegates.extend(
            c.NewDelegate(n, slug, sent_by=_sending_body(i)) for i, n in enumerate(names)
        )
    delegates.extend(
        c.NewDelegate(f"Unaffiliated delegate {i}", None, sent_by=_sending_body(i))
        for i in range(1, UNAFFILIATED + 1)
    )
    registered = app.execute(c.RegisterDelegates(CONGRESS, tuple(delegates)), by=secretary)
    return {d["name"]: d["delegate"] for d in registered[0].data["delegates"]}


def _first_sitting_opened(
    app: Smolny, chair: Principal, secretary: Principal, clock: _HallClock, ids: dict[str, str]
) -> _Hall:
    """EVENTS.md 2-5: the first sitting opened, everyone present, the presidium allotted."""
    clock.set(25, 22, 40)  # "postponed for hours" from 2 PM; the hall opened at 10:40 PM
    # EVENTS.md 2-3: the opening, postponed from 2 PM, is rung open by Dan of the outgoing CEC.
    session = app.execute(
        c.OpenSession(CONGRESS, "First sitting, 25-26 October 1917", opened_by=ids["Fyodor Dan"]),
        by=chair,
    )[0].data["session"]
    app.execute(c.RecordPresence(session, all_present=True), by=secretary)

    # EVENTS.md 5: "the new, proportionally allotted presidium": 14 Bolsheviks, 7 Left SRs;
    # the Mensheviks abjure their three seats, Martov's group reserves its one.
    clock.set(25, 22, 50)
    app.execute(
        c.AllotPresidium(
            CONGRESS,
            seats=25,
            method="sainte-lague",
            factions=("bolsheviks", "left-srs", "mensheviks", "menshevik-internationalists"),
            declined=("mensheviks",),
            declined_seats="empty",
            reserved=("menshevik-internationalists",),
        ),
        by=chair,
    )
    return _Hall(app, session, chair, ids)


def _settlement_and_walkout(hall: _Hall, secretary: Principal, clock: _HallClock) -> None:
    """EVENTS.md 6-8: Martov's motion for a peaceful settlement carried; the walkout."""
    app, session = hall.app, hall.session
    # EVENTS.md 6: Martov's motion, supported from every side, carried unanimously.
    clock.set(25, 23, 5)  # the demo's choice: soon after the new presidium took its seats
    settlement = hall.move(
        "Peaceful settlement and a united socialist government",
        MARTOV_MOTION,
        "Julius Martov",
        "Sergei Mstislavsky",
    )
    hall.speak("Sergei Mstislavsky", side="for", in_name_of="left-srs")
    hall.speak("Anatoly Lunacharsky", side="for", in_name_of="bolsheviks")
    clock.set(25, 23, 40)
    hall.ballot(settlement, lambda delegate: "yes")

    # EVENTS.md 7-8: Kharash repudiates the proceedings; Khinchuk: "We leave the present
    # congress!"; the Mensheviks, the SRs and the Bund walk out. Quorum is recomputed.
    clock.set(26, 0, 40)
    hall.speak("Boris Kharash", in_name_of="mensheviks")
    for faction in ("mensheviks", "srs", "bund"):
        app.execute(
            c.RecordPresence(
                session, faction=faction, faction_leaves=True, declaration=WALKOUT_DECLARATION
            ),
            by=secretary,
        )


def _condemnations(hall: _Hall, secretary: Principal, clock: _HallClock) -> list[str]:
    """EVENTS.md 9-15: Martov's condemnation withdrawn and his group's walkout; Trotsky's
    condemnation of the departed laid on the table. The returning delegates' ids."""
    app, session, chair, ids = hall.app, hall.session, hall.chair, hall.ids
    # EVENTS.md 9-11: Martov moves to condemn the pre-emption; Trotsky replies ("into the
    # dustbin of history"); "Then we'll leave!": Martov withdraws it and his group walks out.
    clock.set(26, 1, 10)
    condemn_preemption = hall.move(
        "Against the pre-emption of the Congress's will",
        MARTOV_RESOLUTION,
        "Julius Martov",
        "Menshevik Internationalists delegate 2",
    )
    app.execute(
        c.Act(session, procedure.Reply(ids["Leon Trotsky"], in_name_of="bolsheviks")), by=chair
    )
    app.execute(c.Act(session, procedure.Yield()), by=chair)
    app.execute(
        # stated already, so withdrawn by consent: the chair asks, and nobody objects
        c.Act(session, procedure.Withdraw(condemn_preemption, ids["Julius Martov"], consent=True)),
        by=chair,
    )
    app.execute(
        c.RecordPresence(
            session,
            faction="menshevik-internationalists",
            faction_leaves=True,
            declaration="Then we'll leave!",
        ),
        by=secretary,
    )

    # EVENTS.md 12, 15: Trotsky's condemnation of the departed; at about 4 AM a delegation
    # of Martov's group re-enters, and Kamenev moves to lay the condemnation on the table,
    # "putting it into procedural limbo". Tellers count the hands.
    clock.set(26, 1, 30)
    condemnation = hall.move(
        "Condemnation of the departed", CONDEMNATION, "Leon Trotsky", "Anatoly Lunacharsky"
    )
    clock.set(26, 4, 0)
    returning = [d for d in _faction_ids(app, "menshevik-internationalists")][1:7]
    app.execute(c.RecordPresence(session, arrived=tuple(returning)), by=secretary)
    table = hall.move(
        "Lay the condemnation on the table",
        "",
        "Lev Kamenev",
        "Anatoly Lunacharsky",
        motion="lay-on-the-table",
        applies_to=condemnation,
    )
    hall.show_of_hands(table, yes=411, no=60, abstain=20)
    return returning


def _manifesto(hall: _Hall, clock: _HallClock, returning: list[str]) -> None:
    """EVENTS.md 16-18: Lenin's manifesto, amended and voted through; the session ends."""
    # EVENTS.md 16: Lenin's manifesto, one tiny verbal tweak for the Left SRs, a minuscule
    # Menshevik faction abstaining, "overwhelmingly voted through" at 5:00 AM.
    clock.set(26, 4, 20)
    manifesto = hall.move(
        "To all Workers, Soldiers and Peasants", MANIFESTO, "Anatoly Lunacharsky", "Leon Trotsky"
    )
    tweak = hall.move(
        "The Left SRs' amendment",
        MANIFESTO_TWEAK,
        "Boris Kamkov",
        "Sergei Mstislavsky",
        motion="amend",
        applies_to=manifesto,
        strike=MANIFESTO_STRUCK,
    )
    hall.show_of_hands(tweak, yes=480, no=5, abstain=6)
    clock.set(26, 5, 0)
    abstaining = set(returning)
    hall.ballot(manifesto, lambda d: "abstain" if d in abstaining else "yes")

    # EVENTS.md 18: the session ends.
    clock.set(26, 5, 10)
    close = hall.move("Adjourn", "", "Lev Kamenev", "Leon Trotsky", motion="adjourn")
    hall.show_of_hands(close, yes=450, no=0, abstain=0)


class _Hall:
    """The chair's acts in the demo's sitting, in words close to the sources."""

    def __init__(self, app: Smolny, session: str, chair: Principal, ids: dict[str, str]) -> None:
        self.app, self.session, self.chair, self.ids = app, session, chair, ids

    def act(self, act: procedure.Act) -> list[Any]:
        return self.app.execute(c.Act(self.session, act), by=self.chair)

    def move(
        self,
        title: str,
        text: str,
        mover: str,
        seconder: str | None,
        *,
        motion: str = "main",
        applies_to: str | None = None,
        strike: str | None = None,
        until: str | None = None,
    ) -> str:
        """Move (and second and state) a motion; returns the question's id."""
        if motion == "main":
            entries = self.app.execute(
                c.MoveMotion(self.session, title, text, self.ids[mover]), by=self.chair
            )
        else:
            entries = self.act(
                procedure.Move(
                    "",
                    motion,
                    self.ids[mover],
                    text=text,
                    applies_to=applies_to,
                    strike=strike,
                    until=until,
                )
            )
        question: str = next(e.data["question"] for e in entries if e.kind == k.MOTION_MOVED)
        if seconder is not None:  # seconded, then stated by the chair: before the body
            self.act(procedure.Second(question, self.ids[seconder]))
            self.act(procedure.StateQuestion(question))
        return question

    def speak(self, name: str, side: str | None = None, in_name_of: str | None = None) -> None:
        """A delegate asks for the floor, is recognised, speaks and yields."""
        self.act(procedure.RequestFloor(self.ids[name], side, in_name_of))
        self.act(procedure.Recognise())
        self.act(procedure.Yield())

    def ballot(self, question: str, choose: Callable[[str], str]) -> None:
        """An electronic named ballot: every delegate present votes."""
        opened = self.app.execute(c.OpenPoll(question), by=self.chair)
        poll = next(e.data["poll"] for e in opened if e.kind == k.POLL_OPENED)
        futures = [
            self.app.ballots.cast_vote(poll, Principal(d, "delegate", d), choose(d))[1]
            for d in self.app.state.polls[poll].eligible
        ]
        for future in futures:
            future.result()
        self.app.ballots.close_poll(poll, by=self.chair)

    def show_of_hands(self, question: str, yes: int, no: int, abstain: int) -> None:
        """A show of hands: the question put, the tellers' count entered, the poll closed
        (the figures are the demo's)."""
        opened = self.app.execute(c.OpenPoll(question, method="show-of-hands"), by=self.chair)
        poll = next(e.data["poll"] for e in opened if e.kind == k.POLL_OPENED)
        counts = {"yes": yes, "no": no, "abstain": abstain}
        self.app.execute(c.EnterCount(poll, counts), by=self.chair)
        self.app.ballots.close_poll(poll, by=self.chair)


def _faction_ids(app: Smolny, faction: str) -> list[str]:
    body = app.state.bodies[CONGRESS]
    return [d.id for d in body.delegates.values() if d.faction == faction]


def _register(
    app: Smolny, secretary: Principal, body: str, people: list[c.NewDelegate]
) -> dict[str, str]:
    entries = app.execute(c.RegisterDelegates(body, tuple(people)), by=secretary)
    return {d["name"]: d["delegate"] for d in entries[0].data["delegates"]}


def _members(
    known: tuple[tuple[str, str | None, str | None], ...],
    sizes: dict[str | None, int],
    label: str,
    sent_by: str | None = None,
) -> list[c.NewDelegate]:
    """The named delegates (name, faction, sending body), then numbered ones, so that each
    faction has its size."""
    people = [c.NewDelegate(n, f, sent_by=b or sent_by) for n, f, b in known]
    for faction, size in sizes.items():
        named = sum(1 for _, f, _ in known if f == faction)
        words = (faction or "unaffiliated").replace("-", " ").title()
        people.extend(
            c.NewDelegate(f"{label} {words} delegate {i}", faction, sent_by=sent_by)
            for i in range(named + 1, size + 1)
        )
    return people


def _triumphal_session(
    app: Smolny, chair: Principal, secretary: Principal, clock: _HallClock
) -> None:
    """EVENTS.md 19-20: the joint "triumphal session" of the Central Executive Committee,
    the whole Petrograd Soviet and the Peasants' Congress at Smolny; the presidium makes
    place for the Peasants' presidium; Zinoviev announces the agreement, and the speakers
    take the tribune, some in the name of the bodies that sent them."""
    # "weeks later": the account gives no date; the demo takes the evening of 15 November
    # 1917 (Old Style, as the demo's other dates), after the agreement with the Peasants'
    clock.now = datetime(1917, 11, 15, 20, 0, tzinfo=PETROGRAD)
    ids = _triumphal_bodies(app, chair, secretary)
    clock.now = datetime(1917, 11, 15, 21, 0, tzinfo=PETROGRAD)
    session = app.execute(
        c.OpenJointSession(
            (TSIK, PETROGRAD_SOVIET, PEASANTS_CONGRESS),
            "Triumphal session with the Peasants' Congress",
            opened_by=ids["Yakov Sverdlov"],
        ),
        by=chair,
    )[0].data["session"]
    app.execute(c.RecordPresence(session, all_present=True), by=secretary)
    hall = _Hall(app, session, chair, ids)
    # "Zinoviev announced the agreement with the Peasants' Congress ... the presidium rose
    # and made place for the Peasants' presidium, the two embracing"
    hall.speak("Grigory Zinoviev")
    clock.now = datetime(1917, 11, 15, 21, 15, tzinfo=PETROGRAD)
    app.execute(c.SeatPresidium(session, PEASANTS_CONGRESS, makes_place=TSIK), by=chair)
    # "Then opened the triumphal session": the speakers' list, in the account's order
    clock.now = datetime(1917, 11, 15, 21, 20, tzinfo=PETROGRAD)
    for name, in_name_of in TRIUMPHAL_SPEAKERS:
        hall.act(procedure.RequestFloor(ids[name], None, in_name_of))
    for _ in TRIUMPHAL_SPEAKERS:
        hall.act(procedure.Recognise())
        hall.act(procedure.Yield())
    clock.now = datetime(1917, 11, 16, 1, 0, tzinfo=PETROGRAD)  # the demo's choice
    app.execute(c.CloseSession(session), by=chair)


def _triumphal_bodies(app: Smolny, chair: Principal, secretary: Principal) -> dict[str, str]:
    """The three bodies of the triumphal session, their factions, delegates and the two
    presidiums; every delegate's id by name (a committee member's over a namesake's)."""
    app.execute(
        c.CreateBody(
            TSIK,
            "Central Executive Committee",
            "executive-committee",
            parent=CONGRESS,
            elected_by="s1",
        ),
        by=secretary,
    )
    app.execute(c.CreateBody(PETROGRAD_SOVIET, "Petrograd Soviet", "council"), by=secretary)
    app.execute(
        c.CreateBody(PEASANTS_CONGRESS, "Extraordinary All-Russian Congress of Peasants' Deputies"),
        by=secretary,
    )
    factions = {
        TSIK: ("bolsheviks", "left-srs", "united-sd-internationalists"),
        PETROGRAD_SOVIET: ("bolsheviks", "left-srs"),
        PEASANTS_CONGRESS: ("left-srs", "srs", "bolsheviks"),
    }
    names = {
        "bolsheviks": "Bolsheviks",
        "left-srs": "Left Socialist Revolutionaries",
        "srs": "Socialist Revolutionaries",
        "united-sd-internationalists": "United Social Democrats Internationalists",
    }
    for body, slugs in factions.items():
        for slug in slugs:
            app.execute(c.FormFaction(body, slug, names[slug]), by=secretary)
    # The sizes are the demo's choice (the account gives none): a committee of 101 as the
    # Second Congress elected, Bolsheviks and Left SRs first; a Petrograd Soviet of 600
    # (smaller than the real one, to keep the demo quick) and a Peasants' Congress of 330,
    # the Left SRs the largest group.
    tsik = _register(
        app,
        secretary,
        TSIK,
        _members(
            (
                ("Yakov Sverdlov", "bolsheviks", None),
                ("Leon Trotsky", "bolsheviks", None),
                ("Nikolai Krylenko", "bolsheviks", None),
                ("Anatoly Lunacharsky", "bolsheviks", None),
                ("Pavel Dybenko", "bolsheviks", "Baltic Fleet"),
                ("Prosh Proshian", "left-srs", None),
                ("Saharashvili", "united-sd-internationalists", None),
            ),
            {"bolsheviks": 62, "left-srs": 29, "united-sd-internationalists": 6, None: 4},
            "Committee",
        ),
    )
    # Krushinsky speaks as a member of the Vikzhel, the railwaymen's executive: a voice in
    # the committee, and no vote (the demo's reading of "member of the Vikzhel")
    tsik.update(
        _register(
            app,
            secretary,
            TSIK,
            [c.NewDelegate("Krushinsky", None, voting=False, sent_by="Vikzhel")],
        )
    )
    soviet = _register(
        app,
        secretary,
        PETROGRAD_SOVIET,
        _members(
            (("Grigory Zinoviev", "bolsheviks", None),),
            {"bolsheviks": 420, "left-srs": 120, None: 60},
            "Soviet",
            sent_by="Petrograd factories and regiments",
        ),
    )
    peasants = _register(
        app,
        secretary,
        PEASANTS_CONGRESS,
        _members(
            (("Maria Spiridonova", "left-srs", None),),
            {"left-srs": 195, "srs": 65, "bolsheviks": 37, None: 33},
            "Peasant",
        ),
    )
    # the two presidiums that embrace on the platform (their sizes the demo's choice)
    app.execute(c.AllotPresidium(TSIK, seats=7, factions=("bolsheviks", "left-srs")), by=chair)
    app.execute(
        c.AllotPresidium(PEASANTS_CONGRESS, seats=5, factions=("left-srs", "bolsheviks")),
        by=chair,
    )
    return {**soviet, **peasants, **tsik}


def _tauride_palace(app: Smolny, chair: Principal, secretary: Principal, clock: _HallClock) -> None:
    """EVENTS.md 21-23: the joint session of the All-Russian Executive Committee and the
    Peasants' Executive; the Workers' Section's resolution brought to it by the Section's
    chairman; Tseretelli's proposal to meet in Moscow, left with no vote taken."""
    # "months earlier": the evening of 3 July 1917, when the Workers' Section met and the
    # demonstrators marched to the Tauride Palace (the demo replays the sources in the
    # order of EVENTS.md, so the clock goes back here)
    clock.now = datetime(1917, 7, 3, 20, 0, tzinfo=PETROGRAD)
    ids, section = _tauride_bodies(app, secretary)
    resolution = _workers_section(app, chair, secretary, section)

    clock.now = datetime(1917, 7, 3, 23, 30, tzinfo=PETROGRAD)
    session = app.execute(
        c.OpenJointSession(
            (TAURIDE, PEASANTS_EXECUTIVE), "Joint sitting with the Peasants' Executive"
        ),
        by=chair,
    )[0].data["session"]
    app.execute(c.RecordPresence(session, all_present=True), by=secretary)
    hall = _Hall(app, session, chair, ids)
    # "The chairman of the Workers' Section of the Petrograd Soviet read the resolution of
    # the Section": brought as the Section adopted it
    brought = app.execute(
        c.MoveMotion(session, "", "", ids[SECTION_CHAIRMAN], brought_from=resolution), by=chair
    )
    demand = next(e.data["question"] for e in brought if e.kind == k.MOTION_MOVED)
    hall.act(procedure.Second(demand, ids["Leon Trotsky"]))
    hall.act(procedure.StateQuestion(demand))
    hall.speak("Peasant deputy Ivanov", side="against")  # "Petrograd isn't all Russia!"
    hall.speak("Leon Trotsky", side="for")
    # Tseretelli's proposal for the presiding board: take the question up at a plenary
    # session of the Committee in Moscow (the demo's reading: a motion to postpone to it)
    clock.now = datetime(1917, 7, 4, 1, 30, tzinfo=PETROGRAD)
    hall.move(
        "The plenary in Moscow",
        TSERETELLI,
        "Irakli Tseretelli",
        "Peasant deputy 2",
        motion="postpone-definitely",
        applies_to=demand,
        until="the plenary session of the Committee in Moscow",
    )
    hall.speak("Peasant deputy 3", side="for")
    hall.speak("Julius Martov", side="against")
    clock.now = datetime(1917, 7, 4, 4, 30, tzinfo=PETROGRAD)  # "adjourned before dawn"
    close = hall.move("Adjourn", "", "Nikolai Chkheidze", "Executive member 5", motion="adjourn")
    hall.show_of_hands(close, yes=50, no=12, abstain=0)


def _tauride_bodies(app: Smolny, secretary: Principal) -> tuple[dict[str, str], dict[str, str]]:
    """The two executive committees and the Workers' Section, with their delegates: the ids
    by name of the committees' delegates, and of the Section's."""
    app.execute(
        c.CreateBody(TAURIDE, "All-Russian Central Executive Committee", "executive-committee"),
        by=secretary,
    )
    app.execute(
        c.CreateBody(
            PEASANTS_EXECUTIVE,
            "Executive Committee of the All-Russian Soviet of Peasants' Deputies",
            "executive-committee",
        ),
        by=secretary,
    )
    app.execute(
        c.CreateBody(WORKERS_SECTION, "Workers' Section", "section", parent=PETROGRAD_SOVIET),
        by=secretary,
    )
    # The sizes are the demo's choice: 40 of the committee present, 30 of the Peasants'
    # Executive, 25 at the Section's meeting. The Section's chairman (the account does not
    # name him) sits in the committee with a voice, sent by the Petrograd Soviet.
    names = ("Irakli Tseretelli", "Julius Martov", "Nikolai Chkheidze", "Leon Trotsky")
    members = names + tuple(f"Executive member {i}" for i in range(5, 41))
    ids = _register(
        app, secretary, TAURIDE, [c.NewDelegate(n, sent_by="Petrograd Soviet") for n in members]
    )
    ids.update(
        _register(
            app,
            secretary,
            TAURIDE,
            [c.NewDelegate(SECTION_CHAIRMAN, voting=False, sent_by="Petrograd Soviet")],
        )
    )
    ids.update(
        _register(
            app,
            secretary,
            PEASANTS_EXECUTIVE,
            [c.NewDelegate("Peasant deputy Ivanov")]
            + [c.NewDelegate(f"Peasant deputy {i}") for i in range(2, 31)],
        )
    )
    section = _register(
        app,
        secretary,
        WORKERS_SECTION,
        [c.NewDelegate(SECTION_CHAIRMAN)] + [c.NewDelegate(f"Worker {i}") for i in range(2, 26)],
    )
    return ids, section


def _workers_section(
    app: Smolny, chair: Principal, secretary: Principal, section: dict[str, str]
) -> str:
    """The Workers' Section meets on its own and demands that the committee take power;
    the resolution's id."""
    meeting = app.execute(
        c.OpenSession(WORKERS_SECTION, "Meeting of the Workers' Section"), by=chair
    )[0].data["session"]
    app.execute(c.RecordPresence(meeting, all_present=True), by=secretary)
    workers = _Hall(app, meeting, chair, section)
    resolution = workers.move(
        "All power to the Soviets", SECTION_RESOLUTION, SECTION_CHAIRMAN, "Worker 2"
    )
    workers.act(procedure.PutQuestion(resolution))
    # a show of hands the chair counted and declared (the figures are the demo's)
    workers.act(procedure.RecordResult(resolution, 22, 2, 1, method="show-of-hands"))
    app.execute(c.CloseSession(meeting), by=chair)
    return resolution


def fresh_logins(app: Smolny) -> DemoLogins:
    """New demo passwords and a new access code, for a demo loaded by an earlier run."""
    martov = next(d for d in app.state.delegates.values() if d.name == "Julius Martov")
    return DemoLogins(
        app.accounts.reset_password("chair", _demo_password()),
        app.accounts.reset_password("secretary", _demo_password()),
        martov.id,
        martov.name,
        app.accounts.issue_access_codes(CONGRESS, [martov.id])[martov.id],
    )


def _account_id(app: Smolny, username: str) -> str:
    return next(k for k, v in app.state.accounts.items() if v["username"] == username)


def _demo_password() -> str:
    from smolny.adapters.credentials import new_password

    return new_password()


_SENDERS = (
    "Petrograd Soviet",
    "Moscow Soviet",
    "Kronstadt Soviet",
    "Baltic Fleet",
    "Twelfth Army",
    "Fifth Army",
    "Helsingfors Soviet",
    "Ivanovo-Voznesensk Soviet",
    "Kiev Soviet",
    "Minsk Soviet",
)


def _sending_body(index: int) -> str:
    return _SENDERS[index % len(_SENDERS)]
