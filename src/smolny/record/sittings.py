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


def _each_body(
    opened: Entry,
    hall: frozenset[str],
    sits_for: Mapping[str, str],
    names: _Names,
    voiceless: set[str],
) -> list[str]:
    """Each body of a joint sitting: its members in `hall` (those with a voice and no vote
    told apart), against its own quorum."""
    lines = []
    for body, (members, rule) in _body_rules(opened).items():
        here = [ident for ident in hall if sits_for.get(ident) == body]
        voices = sum(1 for ident in here if ident in voiceless)
        present = len(here) - voices
        needed = quorum_number(rule, members, 0)
        verdict = "quorate" if present >= needed else "NOT quorate"
        also = f" (and {voices} with a voice and no vote)" if voices else ""
        lines.append(
            f"    {names.body(body)}: {present} members present{also}, its own quorum "
            f"{needed} of {members} members: {verdict}"
        )
    unplaced = sum(1 for ident in hall if ident not in sits_for)
    if unplaced:
        lines.append(f"    ({unplaced} present whose body the record does not say for sure)")
    return lines


def _move_lines(
    move: FactionMove, opened: Entry, names: _Names, zone: dt.tzinfo, replayed: Replay
) -> list[str]:
    data = move.entry.data
    what = "walked out" if move.left else "came back"
    lines = [
        f"  entry {move.entry.seq}, {_when(move.entry, zone)}: {names.faction(move.faction)} "
        f"{what} ({move.moved} delegates)"
    ]
    if move.declaration:
        lines.append(f"    declaration: {_quoted(move.declaration)}")
    recorded = data.get("present_count")
    quorum = data.get("quorum")
    hall = len(move.hall)
    agrees = (
        "as the journal's presence gives"
        if recorded == hall
        else f"the journal's presence gives {hall}"
    )
    lines.append(
        f"    after it: {recorded} present{_voices(replayed, move.hall)}, quorum {quorum}: "
        f"{'quorate' if data.get('quorate') else 'NOT quorate'} ({agrees})"
    )
    if opened.data.get("bodies"):
        lines += _each_body(opened, move.hall, move.sits_for, names, replayed.voiceless)
    return lines


def _voices(replayed: Replay, hall: frozenset[str]) -> str:
    voices = len(hall & replayed.voiceless)
    return f" ({voices} of them with a voice and no vote)" if voices else ""


def decision_line(
    found: DecisionPresence, names: _Names, zone: dt.tzinfo, replayed: Replay
) -> list[str]:
    """One decision: what, when, how, and the presence and quorum behind it; in a joint
    sitting each body's own."""
    data = found.decision.data
    motion = str(data.get("question"))
    adopted = k.adopted(found.decision.kind, data)
    if found.decision.kind == k.MOTION_DECLARED:
        how = f"{data.get('method')}, declared by the chair with no count"
        if data.get("words"):
            how += f" ({_quoted(str(data.get('words')))})"
    else:
        how = f"{data.get('yes')}–{data.get('no')}–{data.get('abstain')}, {data.get('method')}"
    lines = [
        f"  entry {found.decision.seq}, {_when(found.decision, zone)}: {motion} "
        f"{names.titles.get(motion, '')!r} {'adopted' if adopted else 'rejected'} ({how})",
        f"    {data.get('present_count')} present{_voices(replayed, found.present)}, quorum "
        f"{data.get('quorum')} of {data.get('members')} members: "
        f"{'quorate' if data.get('quorate') else 'NOT quorate'}",
    ]
    for item in data.get("bodies") or ():
        lines.append(
            f"    {names.body(str(item.get('body')))}: {item.get('present_count')} present, "
            f"its own quorum {item.get('quorum')} of {item.get('members')} members: "
            f"{'quorate' if item.get('quorate') else 'NOT quorate'}"
        )
    opened = replayed.sessions.get(found.session)
    if not data.get("bodies") and opened is not None and opened.data.get("bodies"):
        # a joint sitting's decision recording one combined presence: each body's, replayed
        lines.append("    each body's own, replayed from the journal:")
        lines += _each_body(opened, found.present, found.sits_for, names, replayed.voiceless)
    return lines


def session_report(
    entries: Sequence[Entry], problems: Mapping[int, str], session: str
) -> list[str]:
    """The walkouts of a sitting with their declarations and the hall after each, and every
    decision taken after the first with the quorum behind it (`problems`: the verifier's
    findings by entry)."""
    replayed = replay(entries)
    opened = _sitting(entries, replayed, session)
    names = _Names(entries)
    body = str(opened.data.get("body"))
    zone = names.zones.get(body, UTC)
    lines = [
        f"Sitting {session} {str(opened.data.get('title'))!r} of {names.body(body)}, opened at "
        f"entry {opened.seq}, {_when(opened, zone)} (times in {zone_label(zone)})"
    ]
    joint = [str(b.get("body")) for b in opened.data.get("bodies") or ()]
    if joint:
        lines.append("Joint sitting of: " + "; ".join(names.body(b) for b in joint))
    moves = [m for m in replayed.walkouts if m.session == session]
    walkouts = [m for m in moves if m.left]
    lines.append(f"Walkouts ({len(walkouts)}):" if walkouts else "Walkouts: none")
    for move in moves:
        lines += _move_lines(move, opened, names, zone, replayed)
    decisions = [d for d in replayed.decisions if d.session == session]
    first = walkouts[0].entry.seq if walkouts else None
    after = [d for d in decisions if first is None or d.decision.seq > first]
    heading = "after the first walkout" if first is not None else "in the sitting"
    lines.append(
        f"Decisions taken {heading} ({len(after)}):" if after else f"Decisions {heading}: none"
    )
    for found in after:
        lines += decision_line(found, names, zone, replayed)
        problem = problems.get(found.decision.seq)
        lines.append(
            f"    DOES NOT HOLD: {problem}"
            if problem
            else "    matches the presence replayed from the journal"
        )
    lines += _notes(entries, session)
    lines.append(_answer(after, problems, first is not None))
    return lines


def _notes(entries: Sequence[Entry], session: str) -> list[str]:
    notes = [e for e in entries if e.kind == k.NOTE_ADDED and e.data.get("session") == session]
    if not notes:
        return []
    return ["Notes in the record:"] + [
        f"  on entry {n.data.get('about')}: {n.data.get('text')}" for n in notes
    ]


def _answer(after: Sequence[DecisionPresence], problems: Mapping[int, str], walked: bool) -> str:
    short = [d for d in after if not d.decision.data.get("quorate")]
    broken = [d for d in after if d.decision.seq in problems]
    if not after:
        return "Answer: the record holds no decision taken " + (
            "after the walkouts." if walked else "in this sitting."
        )
    if not short and not broken:
        return (
            f"Answer: all {len(after)} decision(s) "
            + ("taken after the walkouts " if walked else "")
            + "were taken with a quorum present, as the journal's own presence confirms."
        )
    seqs = ", ".join(str(d.decision.seq) for d in [*short, *broken])
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
        lines += [line.strip() for line in _move_lines(move, opened, names, zone, replayed)[1:]]
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
