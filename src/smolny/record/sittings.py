"""What the record says of one sitting, and of any entry, from the record alone
(`smolny verify --report --session ID`, `--decision SEQ`, `--motion ID`).

A claim such as "the congress did not take place: its quorum left with us" is answered here:
each faction that walked out with its declaration and the hall after it, then every
decision taken after the first walkout with the presence and quorum behind it, as the
replayed journal gives it; in a joint sitting each body's own presence and quorum. Times are
shown in the body's own time zone (`body.time-zone-set`) when it has one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from smolny.record import kinds as k
from smolny.record.clock import UTC, day_and_time, zone_label, zone_named
from smolny.record.entry import Entry
from smolny.record.quorums import DecisionPresence, FactionMove, Replay, quorum_number, replay
from smolny.record.rulebooks import QuorumRule

QUOTED = 300  # a declaration is quoted up to this many characters


class NotInRecord(LookupError):
    """The sitting, entry or motion asked about is not in the record; the message lists
    what is."""


class _Names:
    """Names and zones read from the record: bodies, factions, the bodies' time zones."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.bodies: dict[str, str] = {}
        self.factions: dict[str, str] = {}
        self.zones: dict[str, dt.tzinfo] = {}
        self.titles: dict[str, str] = {}
        for entry in entries:
            data = entry.data
            if entry.kind == k.BODY_CREATED:
                self.bodies[str(data.get("body"))] = str(data.get("name"))
            elif entry.kind == k.FACTION_FORMED:
                self.factions.setdefault(str(data.get("faction")), str(data.get("name")))
            elif entry.kind == k.BODY_TIME_ZONE_SET:
                try:
                    zone = zone_named(str(data.get("zone")), data.get("name"))
                except ValueError:
                    continue
                self.zones[str(data.get("body"))] = zone
            elif entry.kind == k.MOTION_MOVED:
                self.titles[str(data.get("question"))] = str(data.get("title", ""))

    def body(self, slug: str) -> str:
        return f"{self.bodies[slug]} ({slug})" if slug in self.bodies else slug

    def faction(self, slug: str) -> str:
        return self.factions.get(slug, slug)


def _when(entry: Entry, zone: dt.tzinfo) -> str:
    at = entry.data.get("at")
    return day_and_time(at if isinstance(at, str) else entry.at, zone)


def _quoted(text: str) -> str:
    return f"“{text if len(text) <= QUOTED else text[: QUOTED - 1] + '…'}”"


def _sitting(entries: Sequence[Entry], replayed: Replay, session: str) -> Entry:
    opened = replayed.sessions.get(session)
    if opened is None:
        known = ", ".join(replayed.sessions) or "none"
        raise NotInRecord(f"there is no sitting {session} in the record; sittings: {known}")
    return opened


def _body_rules(opened: Entry) -> dict[str, tuple[int, QuorumRule]]:
    """A joint sitting's bodies: each one's members at the opening and its quorum rule."""
    rules: dict[str, tuple[int, QuorumRule]] = {}
    for item in opened.data.get("bodies") or ():
        quorum = item.get("quorum") or {}
        rule = QuorumRule(str(quorum.get("basis")), quorum.get("number"), quorum.get("share"))
        rules[str(item.get("body"))] = (int(item.get("members", 0)), rule)
    return rules


@dataclass(frozen=True)
class BodyQuorum:
    """One body of a joint sitting at a moment: its members present (those with a voice
    and no vote apart) against its own quorum."""

    body: str
    name: str
    present: int
    voices: int
    needed: Any  # the quorum, as recorded or replayed
    members: Any
    quorate: bool


@dataclass(frozen=True)
class Move:
    """A faction walking out of the sitting (or coming back), with the hall after it."""

    seq: int
    at: str
    faction: str
    faction_name: str
    left: bool
    moved: int
    declaration: str | None
    present: Any  # as the journal records it
    hall: int  # as the journal's presence replays it
    voices: int
    quorum: Any
    quorate: bool
    bodies: tuple[BodyQuorum, ...] = ()
    unplaced: int = 0  # present whose body the record does not say for sure


@dataclass(frozen=True)
class Decision:
    """A decision of the sitting with the presence and quorum behind it."""

    seq: int
    at: str
    motion: str
    title: str
    adopted: bool
    declared: bool  # declared by the chair with no count
    method: str
    words: str | None
    figures: tuple[Any, Any, Any]  # for, against, abstaining (counted ones)
    present: Any
    voices: int
    quorum: Any
    members: Any
    quorate: bool
    bodies: tuple[BodyQuorum, ...] = ()
    replayed_bodies: bool = False  # each joint body's own, replayed (none recorded)
    unplaced: int = 0
    problem: str | None = None  # what the verifier found against it


@dataclass(frozen=True)
class Chair:
    """Someone taking the chair in the sitting."""

    seq: int
    at: str
    name: str


@dataclass(frozen=True)
class Note:
    seq: int
    about: Any
    text: str


@dataclass(frozen=True)
class Statement:
    """A statement made outside the sitting that speaks of it (`statement.issued`)."""

    seq: int
    at: str
    name: str
    in_name_of: str | None
    text: str


@dataclass(frozen=True)
class Sitting:
    """What the record says of one sitting: the plain facts `smolny verify --report
    --session` prints and the sitting's public page shows."""

    session: str
    title: str
    body: str
    body_name: str
    joint: tuple[tuple[str, str], ...]  # a joint sitting's bodies: (slug, name)
    opened_seq: int
    opened_at: str
    ended_at: str | None  # closed or adjourned
    zone: dt.tzinfo
    zone_label: str
    chairs: tuple[Chair, ...]
    moves: tuple[Move, ...]  # walkouts and returns, in order
    walkouts: int
    first_walkout: int | None  # its seq
    statements: tuple[Statement, ...]  # made outside the sitting, speaking of it
    decisions: tuple[Decision, ...]  # those after the first walkout (all, if none)
    notes: tuple[Note, ...]
    answer: str  # "none", "all" or "not"
    failing: tuple[int, ...]  # the decisions that do not hold a quorum or do not verify


def _each_body(
    opened: Entry,
    hall: frozenset[str],
    sits_for: Mapping[str, str],
    names: _Names,
    voiceless: set[str],
) -> tuple[tuple[BodyQuorum, ...], int]:
    """Each body of a joint sitting: its members in `hall` (those with a voice and no vote
    told apart), against its own quorum; and how many present sit for no body known."""
    found = []
    for body, (members, rule) in _body_rules(opened).items():
        here = [ident for ident in hall if sits_for.get(ident) == body]
        voices = sum(1 for ident in here if ident in voiceless)
        present = len(here) - voices
        needed = quorum_number(rule, members, 0)
        found.append(
            BodyQuorum(
                body,
                names.bodies.get(body, body),
                present,
                voices,
                needed,
                members,
                present >= needed,
            )
        )
    unplaced = sum(1 for ident in hall if ident not in sits_for)
    return tuple(found), unplaced


def _move(move: FactionMove, opened: Entry, names: _Names, replayed: Replay) -> Move:
    data = move.entry.data
    at = data.get("at")
    bodies, unplaced = (
        _each_body(opened, move.hall, move.sits_for, names, replayed.voiceless)
        if opened.data.get("bodies")
        else ((), 0)
    )
    return Move(
        seq=move.entry.seq,
        at=at if isinstance(at, str) else move.entry.at,
        faction=move.faction,
        faction_name=names.faction(move.faction),
        left=move.left,
        moved=move.moved,
        declaration=move.declaration,
        present=data.get("present_count"),
        hall=len(move.hall),
        voices=len(move.hall & replayed.voiceless),
        quorum=data.get("quorum"),
        quorate=bool(data.get("quorate")),
        bodies=bodies,
        unplaced=unplaced,
    )


def _decision(
    found: DecisionPresence, names: _Names, replayed: Replay, problem: str | None = None
) -> Decision:
    data = found.decision.data
    motion = str(data.get("question"))
    at = data.get("at")
    recorded = tuple(
        BodyQuorum(
            str(item.get("body")),
            names.bodies.get(str(item.get("body")), str(item.get("body"))),
            int(item.get("present_count") or 0),
            0,
            item.get("quorum"),
            item.get("members"),
            bool(item.get("quorate")),
        )
        for item in data.get("bodies") or ()
    )
    opened = replayed.sessions.get(found.session)
    replayed_bodies = bool(not recorded and opened is not None and opened.data.get("bodies"))
    bodies, unplaced = (
        _each_body(opened, found.present, found.sits_for, names, replayed.voiceless)
        if replayed_bodies and opened is not None
        else (recorded, 0)
    )
    declared = found.decision.kind == k.MOTION_DECLARED
    return Decision(
        seq=found.decision.seq,
        at=at if isinstance(at, str) else found.decision.at,
        motion=motion,
        title=names.titles.get(motion, ""),
        adopted=k.adopted(found.decision.kind, data),
        declared=declared,
        method=str(data.get("method")),
        words=str(data["words"]) if declared and data.get("words") else None,
        figures=(data.get("yes"), data.get("no"), data.get("abstain")),
        present=data.get("present_count"),
        voices=len(found.present & replayed.voiceless),
        quorum=data.get("quorum"),
        members=data.get("members"),
        quorate=bool(data.get("quorate")),
        bodies=bodies,
        replayed_bodies=replayed_bodies,
        unplaced=unplaced,
        problem=problem,
    )


def sitting(entries: Sequence[Entry], problems: Mapping[int, str], session: str) -> Sitting:
    """What the record says of a sitting: who presided, the walkouts with their
    declarations and the hall after each, every decision taken after the first with the
    quorum behind it, the notes, and the answer (`problems`: the verifier's findings by
    entry). NotInRecord if there is no such sitting."""
    replayed = replay(entries)
    opened = _sitting(entries, replayed, session)
    names = _Names(entries)
    body = str(opened.data.get("body"))
    zone = names.zones.get(body, UTC)
    moves = [m for m in replayed.walkouts if m.session == session]
    walkouts = [m for m in moves if m.left]
    first = walkouts[0].entry.seq if walkouts else None
    after = [
        _decision(d, names, replayed, problems.get(d.decision.seq))
        for d in replayed.decisions
        if d.session == session and (first is None or d.decision.seq > first)
    ]
    failing = tuple(d.seq for d in after if not d.quorate) + tuple(
        d.seq for d in after if d.problem
    )
    ended = next(
        (
            e.at
            for e in entries
            if e.kind in (k.SESSION_CLOSED, k.SESSION_ADJOURNED)
            and e.data.get("session") == session
        ),
        None,
    )
    return Sitting(
        session=session,
        title=str(opened.data.get("title")),
        body=body,
        body_name=names.bodies.get(body, body),
        joint=tuple(
            (str(b.get("body")), names.bodies.get(str(b.get("body")), str(b.get("body"))))
            for b in opened.data.get("bodies") or ()
        ),
        opened_seq=opened.seq,
        opened_at=_at(opened),
        ended_at=ended,
        zone=zone,
        zone_label=zone_label(zone),
        chairs=_chairs(entries, session, replayed),
        moves=tuple(_move(m, opened, names, replayed) for m in moves),
        walkouts=len(walkouts),
        first_walkout=first,
        statements=tuple(
            Statement(
                e.seq,
                _at(e),
                str(e.data.get("name")),
                str(e.data["in_name_of"]) if e.data.get("in_name_of") else None,
                str(e.data.get("text")),
            )
            for e in entries
            if e.kind == k.STATEMENT_ISSUED and e.data.get("session") == session
        ),
        decisions=tuple(after),
        notes=tuple(
            Note(e.seq, e.data.get("about"), str(e.data.get("text")))
            for e in entries
            if e.kind == k.NOTE_ADDED and e.data.get("session") == session
        ),
        answer="none" if not after else ("not" if failing else "all"),
        failing=failing,
    )


def _at(entry: Entry) -> str:
    at = entry.data.get("at")
    return at if isinstance(at, str) else entry.at


def _chairs(entries: Sequence[Entry], session: str, replayed: Replay) -> tuple[Chair, ...]:
    return tuple(
        Chair(
            e.seq,
            _at(e),
            replayed.names.get(str(e.data["delegate"]), str(e.data["delegate"]))
            if e.data.get("delegate")
            else str(e.data.get("name")),
        )
        for e in entries
        if e.kind == k.CHAIR_TAKEN and e.data.get("session") == session
    )


# -- the same facts as `smolny verify --report --session` prints them -------------------


def _body_lines(bodies: Sequence[BodyQuorum], unplaced: int) -> list[str]:
    lines = []
    for b in bodies:
        also = f" (and {b.voices} with a voice and no vote)" if b.voices else ""
        lines.append(
            f"    {b.name} ({b.body}): {b.present} members present{also}, its own quorum "
            f"{b.needed} of {b.members} members: {'quorate' if b.quorate else 'NOT quorate'}"
        )
    if unplaced:
        lines.append(f"    ({unplaced} present whose body the record does not say for sure)")
    return lines


def _voices(voices: int) -> str:
    return f" ({voices} of them with a voice and no vote)" if voices else ""


def _move_lines(move: Move, zone: dt.tzinfo) -> list[str]:
    what = "walked out" if move.left else "came back"
    lines = [
        f"  entry {move.seq}, {day_and_time(move.at, zone)}: {move.faction_name} "
        f"{what} ({move.moved} delegates)"
    ]
    if move.declaration:
        lines.append(f"    declaration: {_quoted(move.declaration)}")
    agrees = (
        "as the journal's presence gives"
        if move.present == move.hall
        else f"the journal's presence gives {move.hall}"
    )
    lines.append(
        f"    after it: {move.present} present{_voices(move.voices)}, quorum {move.quorum}: "
        f"{'quorate' if move.quorate else 'NOT quorate'} ({agrees})"
    )
    return lines + _body_lines(move.bodies, move.unplaced)


def decision_lines(found: Decision, zone: dt.tzinfo) -> list[str]:
    """One decision: what, when, how, and the presence and quorum behind it; in a joint
    sitting each body's own."""
    if found.declared:
        how = f"{found.method}, declared by the chair with no count"
        if found.words:
            how += f" ({_quoted(found.words)})"
    else:
        yes, no, abstain = found.figures
        how = f"{yes}–{no}–{abstain}, {found.method}"
    lines = [
        f"  entry {found.seq}, {day_and_time(found.at, zone)}: {found.motion} "
        f"{found.title!r} {'adopted' if found.adopted else 'rejected'} ({how})",
        f"    {found.present} present{_voices(found.voices)}, quorum "
        f"{found.quorum} of {found.members} members: "
        f"{'quorate' if found.quorate else 'NOT quorate'}",
    ]
    if found.replayed_bodies:
        # a joint sitting's decision recording one combined presence: each body's, replayed
        lines.append("    each body's own, replayed from the journal:")
        return lines + _body_lines(found.bodies, found.unplaced)
    for b in found.bodies:
        lines.append(
            f"    {b.name} ({b.body}): {b.present} present, its own quorum {b.needed} of "
            f"{b.members} members: {'quorate' if b.quorate else 'NOT quorate'}"
        )
    return lines


def decision_line(
    found: DecisionPresence, names: _Names, zone: dt.tzinfo, replayed: Replay
) -> list[str]:
    """One decision as `decision_lines` prints it, from the replayed journal."""
    return decision_lines(_decision(found, names, replayed), zone)


def session_report(
    entries: Sequence[Entry], problems: Mapping[int, str], session: str
) -> list[str]:
    """`sitting` in lines, as `smolny verify --report --session` prints it."""
    found = sitting(entries, problems, session)
    zone = found.zone
    lines = [
        f"Sitting {session} {found.title!r} of {found.body_name} ({found.body}), opened at "
        f"entry {found.opened_seq}, {day_and_time(found.opened_at, zone)} "
        f"(times in {found.zone_label})"
    ]
    if found.joint:
        lines.append("Joint sitting of: " + "; ".join(f"{n} ({b})" for b, n in found.joint))
    if found.chairs:
        lines.append(
            "Presiding: "
            + "; ".join(f"{c.name} from {day_and_time(c.at, zone)}" for c in found.chairs)
        )
    else:
        lines.append("Presiding: the record names no one taking the chair")
    lines.append(f"Walkouts ({found.walkouts}):" if found.walkouts else "Walkouts: none")
    for move in found.moves:
        lines += _move_lines(move, zone)
    if found.statements:
        lines.append(f"Statements made outside the sitting ({len(found.statements)}):")
    for said in found.statements:
        whom = f" (for {said.in_name_of})" if said.in_name_of else ""
        lines.append(f"  entry {said.seq}, {day_and_time(said.at, zone)}: {said.name}{whom}")
        lines.append(f"    declared: {_quoted(said.text)}")
    heading = "after the first walkout" if found.first_walkout is not None else "in the sitting"
    lines.append(
        f"Decisions taken {heading} ({len(found.decisions)}):"
        if found.decisions
        else f"Decisions {heading}: none"
    )
    for decision in found.decisions:
        lines += decision_lines(decision, zone)
        lines.append(
            f"    DOES NOT HOLD: {decision.problem}"
            if decision.problem
            else "    matches the presence replayed from the journal"
        )
    if found.notes:
        lines.append("Notes in the record:")
        lines += [f"  on entry {n.about}: {n.text}" for n in found.notes]
    lines.append(_answer(found))
    return lines


def _answer(found: Sitting) -> str:
    walked = found.first_walkout is not None
    if found.answer == "none":
        return "Answer: the record holds no decision taken " + (
            "after the walkouts." if walked else "in this sitting."
        )
    if found.answer == "all":
        return (
            f"Answer: all {len(found.decisions)} decision(s) "
            + ("taken after the walkouts " if walked else "")
            + "were taken with a quorum present, as the journal's own presence confirms."
        )
    seqs = ", ".join(str(seq) for seq in found.failing)
    return f"Answer: NOT every decision held a quorum: see entries {seqs}."


def _describe(value: Any) -> str:
    text = str(value)
    return text if len(text) <= QUOTED else text[: QUOTED - 1] + "…"


def entry_report(entries: Sequence[Entry], seq: int) -> list[str]:
    """Any entry explained: its kind, time, who recorded it, its sitting and its members;
    for a walkout the hall and the quorum after it; the notes on it."""
    if not 1 <= seq <= len(entries):
        raise NotInRecord(f"there is no entry {seq}: the record has entries 1 to {len(entries)}")
    entry = entries[seq - 1]
    names = _Names(entries)
    replayed = replay(entries)
    session = str(entry.data.get("session")) if entry.data.get("session") else None
    opened = replayed.sessions.get(session) if session else None
    body = str(opened.data.get("body")) if opened else str(entry.data.get("body", ""))
    zone = names.zones.get(body, UTC)
    lines = [f"Entry {seq}: {entry.kind}, recorded {_when(entry, zone)} by {entry.actor}"]
    if opened is not None:
        lines.append(
            f"In sitting {session} {str(opened.data.get('title'))!r} of {names.body(body)}"
        )
    move = next((m for m in replayed.walkouts if m.entry.seq == seq), None)
    if move is not None and opened is not None:
        lines += [
            line.strip() for line in _move_lines(_move(move, opened, names, replayed), zone)[1:]
        ]
        later = [d for d in replayed.decisions if d.session == session and d.decision.seq > seq]
        lines.append(f"Decisions taken after it in the sitting ({len(later)}):")
        for found in later:
            lines += decision_line(found, names, zone, replayed)
    else:
        for key, value in entry.data.items():
            lines.append(f"  {key}: {_describe(value)}")
    for note in (e for e in entries if e.kind == k.NOTE_ADDED and e.data.get("about") == seq):
        lines.append(f"Note in the record (entry {note.seq}): {note.data.get('text')}")
    return lines


_FATES = {
    k.MOTION_WITHDRAWN: "withdrawn",
    k.MOTION_SET_ASIDE: "left with no vote taken",
    k.MOTION_TABLED: "laid on the table",
    k.MOTION_POSTPONED: "postponed",
    k.MOTION_REFERRED: "referred to a committee",
    k.MOTION_POSTPONED_INDEFINITELY: "postponed indefinitely",
    k.MOTION_NOT_CONSIDERED: "not considered",
    k.QUESTION_DIVIDED: "divided",
    k.MOTION_TAKEN_FROM_TABLE: "taken from the table",
    k.QUESTION_TAKEN_UP: "taken up again",
    k.VOTE_CANCELLED: "its vote cancelled",
}


def motion_report(entries: Sequence[Entry], motion: str) -> list[str]:
    """A motion left undecided: who moved it, where, and what became of it."""
    moved = next(
        (e for e in entries if e.kind == k.MOTION_MOVED and e.data.get("question") == motion),
        None,
    )
    if moved is None:
        known = ", ".join(str(e.data.get("question")) for e in entries if e.kind == k.MOTION_MOVED)
        raise NotInRecord(f"there is no motion {motion} in the record; motions: {known or 'none'}")
    names = _Names(entries)
    replayed = replay(entries)
    session = str(moved.data.get("session"))
    opened = replayed.sessions.get(session)
    body = str(opened.data.get("body")) if opened else ""
    zone = names.zones.get(body, UTC)
    lines = [
        f"Motion {motion} {str(moved.data.get('title'))!r} ({moved.data.get('motion')}), moved "
        f"at entry {moved.seq}, {_when(moved, zone)}, by {replayed.names.get(str(moved.data.get('mover')), moved.data.get('mover'))}"  # noqa: E501
        f" in sitting {session} of {names.body(body)}",
        "Not decided: no vote on it is recorded.",
    ]
    if moved.data.get("text"):
        lines.append(f"Text: {_describe(moved.data.get('text'))}")
    fate = "pending when the record ends"
    for entry in entries[moved.seq :]:
        data = entry.data
        questions = [str(q) for q in data.get("questions", ())] or [str(data.get("question"))]
        if entry.kind in _FATES and motion in questions:
            fate = f"{_FATES[entry.kind]} at entry {entry.seq}, {_when(entry, zone)}"
            lines.append(f"  {fate}")
        elif entry.kind == k.SESSION_ADJOURNED and motion in data.get("no_vote_taken", ()):
            fate = f"left with no vote taken when the sitting adjourned at entry {entry.seq}"
            lines.append(f"  {fate}, {_when(entry, zone)}")
    lines.append(f"Its fate: {fate}.")
    return lines
