"""What `smolny verify --report` answers, from the record alone: a whole record's summary,
and for one decision (by resolution number, entry or motion) the presence and quorum behind
it, who was present by faction, the poll's figures and its box rechecked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from smolny.record import kinds as k
from smolny.record.entry import Entry
from smolny.record.quorums import DecisionPresence, Replay, replay
from smolny.record.register import Resolution, register
from smolny.record.verification import Findings


@dataclass(frozen=True)
class Record:
    """A verified chain's entries, with what the verification found and whether the boxes
    were at hand."""

    entries: Sequence[Entry]
    findings: Findings
    boxes_at_hand: bool


class NotFound(LookupError):
    """The decision asked about is not in the record; the message lists what is."""


class NotADecision(NotFound):
    """The entry or motion asked about is in no decision: `smolny.record.sittings` tells
    what it is instead."""


def _bodies(entries: Sequence[Entry]) -> dict[str, Entry]:
    return {str(e.data.get("body")): e for e in entries if e.kind == k.BODY_CREATED}


def summary(record: Record) -> list[str]:
    """The whole record in a few lines: bodies, sittings, decisions and resolutions."""
    entries = record.entries
    replayed = replay(entries)
    resolutions = register(entries)
    lines = []
    bodies = _bodies(entries)
    sittings: dict[str, int] = {}
    decisions: dict[str, int] = {}
    for opened in replayed.sessions.values():
        # a joint sitting is a sitting of every body taking part
        taking_part = [str(b.get("body")) for b in opened.data.get("bodies") or ()]
        for body in taking_part or [str(opened.data.get("body"))]:
            sittings[body] = sittings.get(body, 0) + 1
    for found in replayed.decisions:
        decisions[found.body] = decisions.get(found.body, 0) + 1
    lines.append(f"Bodies ({len(bodies)}):")
    for slug, created in bodies.items():
        lines.append(
            f"  {slug}: {created.data.get('name')} ({created.data.get('kind')}), "
            f"{sittings.get(slug, 0)} sitting(s), {decisions.get(slug, 0)} decision(s), "
            f"{len(resolutions.get(slug, []))} resolution(s)"
        )
    lines.append("Resolutions (numbered per body in order of adoption):")
    by_seq = {found.decision.seq: found for found in replayed.decisions}
    for slug, numbered in resolutions.items():
        for resolution in numbered:
            behind = by_seq.get(resolution.seq)
            presence = (
                f"{behind.decision.data.get('present_count')} present, quorum "
                f"{behind.decision.data.get('quorum')}"
                if behind
                else "presence not recorded"
            )
            lines.append(
                f"  {slug} {resolution.number}: {resolution.title!r} ({resolution.motion}), "
                f"adopted at entry {resolution.seq}, {resolution.at}; {presence}"
            )
    if not resolutions:
        lines.append("  none")
    return lines


def find(
    record: Record,
    *,
    resolution: int | None = None,
    body: str | None = None,
    decision: int | None = None,
    motion: str | None = None,
) -> DecisionPresence:
    """The decision asked about: a body's resolution by number, a decision's entry, or the
    last decision on a motion."""
    replayed = replay(record.entries)
    if resolution is not None:
        numbered = register(record.entries)
        if body is None:
            holders = [slug for slug, found in numbered.items() if len(found) >= resolution]
            if len(holders) != 1:
                known = ", ".join(f"{s} ({len(r)})" for s, r in numbered.items()) or "none"
                raise NotFound(
                    f"resolution {resolution}: name the body with --body "
                    f"(bodies and their resolutions: {known})"
                )
            body = holders[0]
        found_resolutions: list[Resolution] = numbered.get(body, [])
        if not 1 <= resolution <= len(found_resolutions):
            raise NotFound(
                f"{body} has no resolution {resolution} (it has {len(found_resolutions)})"
            )
        decision = found_resolutions[resolution - 1].seq
    for found in reversed(replayed.decisions):
        if decision is not None and found.decision.seq == decision:
            return found
        if motion is not None and found.decision.data.get("question") == motion:
            return found
    known = ", ".join(
        f"{d.decision.seq} ({d.decision.data.get('question')})" for d in replayed.decisions
    )
    what = f"entry {decision}" if decision is not None else f"motion {motion}"
    raise NotADecision(f"{what} is not a decision of the record; decisions: {known or 'none'}")


def decision_report(record: Record, found: DecisionPresence) -> list[str]:
    """Was the body quorate when it took this decision, who was present, the poll's figures
    and its box rechecked."""
    entries = record.entries
    replayed = replay(entries)
    data = found.decision.data
    motion = str(data.get("question"))
    title = next(
        (
            str(e.data.get("title"))
            for e in entries
            if e.kind == k.MOTION_MOVED and e.data.get("question") == motion
        ),
        "",
    )
    numbered = register(entries)
    number = next(
        (r.number for r in numbered.get(found.body, []) if r.seq == found.decision.seq), None
    )
    verdict = "adopted" if k.adopted(found.decision.kind, data) else "rejected"
    bodies = _bodies(entries)
    session = replayed.sessions.get(found.session)
    lines = [
        (f"Resolution {number} of {found.body}: " if number else f"Decision of {found.body}: ")
        + f"{title!r} (motion {motion}, {data.get('motion')})",
        f"{verdict.capitalize()} at entry {found.decision.seq}, "
        f"{data.get('at') or found.decision.at}, "
        f"in sitting {found.session}"
        + (f" ({session.data.get('title')})" if session else "")
        + f" of {bodies[found.body].data.get('name') if found.body in bodies else found.body}",
    ]
    if data.get("text"):
        lines.append(f"Text: {data.get('text')}")
    problems = [p for p in record.findings.problems if p.seq == found.decision.seq]
    replay_note = (
        "matches the presence replayed from the journal"
        if not problems
        else f"DOES NOT HOLD: {problems[0].text}"
    )
    hall = (
        f"the hall when poll {found.poll_opened.data.get('poll')} opened"
        if found.poll_opened is not None
        else "the hall"
    )
    absent = (
        f" and {found.absent_voters} voter(s) on the register outside it"
        if found.absent_voters
        else ""
    )
    lines.append(
        f"Quorate: {'yes' if data.get('quorate') else 'NO'}: {data.get('present_count')} present "
        f"({hall}{absent}), quorum {data.get('quorum')} of {data.get('members')} members; "
        + replay_note
    )
    for item in data.get("bodies") or ():
        lines.append(
            f"  {item.get('body')}: {item.get('present_count')} present, quorum "
            f"{item.get('quorum')} of {item.get('members')}, "
            f"{'quorate' if item.get('quorate') else 'NOT quorate'}"
        )
    if found.decision.kind == k.MOTION_DECLARED:
        words = f"; in the record's words: “{data.get('words')}”" if data.get("words") else ""
        lines.append(
            f"Vote: {data.get('method')}, declared by the chair; the votes were not counted and "
            f"the record holds no figures{words}"
        )
    else:
        lines.append(
            f"Vote: {data.get('yes')} for, {data.get('no')} against, {data.get('abstain')} "
            f"abstaining ({data.get('unit')}, {data.get('method')}); {data.get('explanation')}"
        )
    lines += _poll_lines(record, found, entries)
    lines += _present_lines(replayed, found)
    return lines


def _poll_lines(record: Record, found: DecisionPresence, entries: Sequence[Entry]) -> list[str]:
    if found.poll_opened is None:
        return ["Poll: none (decided without a poll)"]
    opened = found.poll_opened.data
    poll = str(opened.get("poll"))
    closed = next(
        (e for e in entries if e.kind == k.POLL_CLOSED and e.data.get("poll") == poll), None
    )
    lines = [
        f"Poll {poll}: {opened.get('method')}, opened at entry {found.poll_opened.seq}"
        + (f", closed at entry {closed.seq}" if closed else "")
        + f"; {len(opened.get('eligible') or ())} on the register, threshold "
        f"{opened.get('threshold')}"
    ]
    if closed is None:
        return lines
    heads, weights = closed.data.get("heads"), closed.data.get("weights")
    lines.append(f"  heads {heads}; weights {weights}; counted by {closed.data.get('unit')}")
    box = closed.data.get("box")
    if isinstance(box, dict):
        if not record.boxes_at_hand:
            state = "not rechecked (an export holds no boxes: verify --db or --archive)"
        elif any(p.seq == closed.seq for p in record.findings.problems):
            problem = next(p for p in record.findings.problems if p.seq == closed.seq)
            state = f"FAILED: {problem.text}"
        else:
            state = "rechecked: every ballot, the digest and the count match"
        lines.append(f"  box: {box.get('ballots')} ballots, digest {box.get('digest')}; {state}")
    else:
        lines.append("  counted by tellers; the sum of their counts rechecked")
    return lines


def _present_lines(replayed: Replay, found: DecisionPresence) -> list[str]:
    by_faction: dict[str, list[str]] = {}
    for ident in found.present:
        faction = replayed.factions.get(ident)
        label = (
            replayed.faction_names.get((found.body, faction), faction) if faction else "no faction"
        )
        if faction and (found.body, faction) not in replayed.faction_names:
            label = next(
                (n for (_, slug), n in replayed.faction_names.items() if slug == faction), faction
            )
        by_faction.setdefault(label, []).append(ident)
    lines = [f"Present ({len(found.present)}), by faction:"]
    for label in sorted(by_faction, key=lambda f: (-len(by_faction[f]), f)):
        people = sorted(by_faction[label], key=lambda d: replayed.names.get(d, d))
        names = ", ".join(f"{replayed.names.get(d, d)} ({d})" for d in people)
        lines.append(f"  {label} ({len(people)}): {names}")
    return lines
