"""The presence behind every decision, replayed from the journal alone, and its quorum.

A sitting starts with every delegate absent; `presence.changed` and `delegate.registered`
move them in and out (docs/record-format.md, section 3). A decision by a poll was taken
against the hall as it was when the poll opened, with the voters on the register who were
outside it (`absent` of `poll.opened`); any other decision against the hall as it is.
This module replays that hall and checks each decision's recorded presence against it:
the number present, the quorum by the body's quorum rule (when its rulebook is one smolny
ships), `quorate`, and, in a joint sitting, each body's share.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

from smolny.record import kinds as k
from smolny.record import rulebooks
from smolny.record.entry import Entry
from smolny.record.rulebooks import QuorumRule, RulebookFacts

DECISIONS = k.DECIDING  # counted, and declared by the chair with no count


@dataclass(frozen=True)
class DecisionPresence:
    """One decision with the hall behind it, replayed."""

    decision: Entry
    session: str
    body: str  # the body whose sitting it was (the convening body of a joint sitting)
    present: frozenset[str]  # delegates in the hall (at the poll's opening, for a poll)
    absent_voters: int  # voters on the poll's register outside the hall (proxies, `all`)
    poll_opened: Entry | None  # the poll that decided it, if one did
    sits_for: Mapping[str, str]  # delegate -> the body they sit for (joint sittings)

    @property
    def counted(self) -> int:
        """How many the decision should count as present."""
        return len(self.present) + self.absent_voters


@dataclass(frozen=True)
class FactionMove:
    """A faction walking out of a sitting (or coming back), with the hall after it."""

    entry: Entry  # its `presence.changed`
    session: str
    faction: str
    left: bool
    moved: int  # how many delegates went out (or came in)
    declaration: str | None
    hall: frozenset[str]  # the delegates in the hall after it
    sits_for: Mapping[str, str]  # delegate -> the body they sit for (joint sittings)


@dataclass(frozen=True)
class QuorumProblem:
    """A decision whose presence or quorum does not hold against the replayed journal."""

    seq: int
    reason: str

    def describe(self) -> str:
        """One line naming the decision's entry and what is wrong."""
        return f"entry {self.seq}: {self.reason}"


@dataclass
class _Sitting:
    body: str
    bodies: list[str]
    rules: dict[str, QuorumRule]  # a joint sitting's bodies' own rules
    present: set[str] = field(default_factory=set)
    sits_for: dict[str, str] = field(default_factory=dict)


@dataclass
class Replay:
    """What the journal says about delegates and decisions, folded in order."""

    decisions: list[DecisionPresence] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # delegate -> name
    factions: dict[str, str | None] = field(default_factory=dict)  # delegate -> faction
    faction_names: dict[tuple[str, str], str] = field(default_factory=dict)  # (body, slug)
    home: dict[str, set[str]] = field(default_factory=dict)  # delegate -> bodies
    rulebooks: dict[str, str] = field(default_factory=dict)  # body -> rulebook name
    sessions: dict[str, Entry] = field(default_factory=dict)  # session -> its opening
    joint_rules: dict[str, dict[str, QuorumRule]] = field(default_factory=dict)
    walkouts: list[FactionMove] = field(default_factory=list)  # and returns, in order
    voiceless: set[str] = field(default_factory=set)  # delegates with a voice and no vote


def _delegate(replay: Replay, body: str, ident: str, name: Any, faction: Any = None) -> None:
    replay.names[ident] = str(name)
    replay.factions[ident] = str(faction) if faction is not None else None
    replay.home.setdefault(ident, set()).add(body)


def _amended(replay: Replay, data: Mapping[str, Any]) -> None:
    # delegates corrected: a new name, a new faction (or none)
    for item in data["delegates"]:
        ident = str(item["delegate"])
        if "name" in item:
            replay.names[ident] = str(item["name"])
        if "faction" in item:
            replay.factions[ident] = None if item["faction"] is None else str(item["faction"])


def replay(entries: Iterable[Entry]) -> Replay:
    """Fold the journal into the presence behind every decision (pure; never raises on
    malformed data, which the checks then report)."""
    result = Replay()
    sittings: dict[str, _Sitting] = {}
    polls: dict[str, tuple[Entry, frozenset[str]]] = {}  # poll -> (opened, hall at opening)
    previous: Entry | None = None
    for entry in entries:
        data = entry.data
        # a malformed entry is passed over: its decision, if any, then fails the checks
        with suppress(KeyError, TypeError, ValueError, AttributeError):
            _fold(result, sittings, polls, previous, entry, data)
        previous = entry
    return result


def _presence_changed(
    result: Replay, sitting: _Sitting, entry: Entry, data: Mapping[str, Any]
) -> None:
    # delegates come in or go out; a faction's move (a walkout, a return) is kept as such
    moved = {str(d) for d in data["delegates"]}
    if data["present"] is True:
        sitting.present |= moved
    else:
        sitting.present -= moved
    if data.get("faction"):
        hall = frozenset(sitting.present)
        result.walkouts.append(
            FactionMove(
                entry,
                str(data["session"]),
                str(data["faction"]),
                data["present"] is not True,
                len(moved),
                str(data["declaration"]) if data.get("declaration") else None,
                hall,
                _sits_for(result, sitting, hall),
            )
        )


def _fold(
    result: Replay,
    sittings: dict[str, _Sitting],
    polls: dict[str, tuple[Entry, frozenset[str]]],
    previous: Entry | None,
    entry: Entry,
    data: Mapping[str, Any],
) -> None:
    kind = entry.kind
    if kind == k.BODY_CREATED:
        result.rulebooks[str(data["body"])] = str(data.get("rulebook", ""))
    elif kind == k.FACTION_FORMED:
        result.faction_names[(str(data["body"]), str(data["faction"]))] = str(data["name"])
    elif kind == k.DELEGATES_REGISTERED:
        for item in data["delegates"]:
            if item.get("voting") is False:
                result.voiceless.add(str(item["delegate"]))
            _delegate(
                result,
                str(data["body"]),
                str(item["delegate"]),
                item.get("name"),
                item.get("faction"),
            )
    elif kind == k.MANDATE_ISSUED:
        body = str(data["body"])
        if data.get("voting") is False:
            result.voiceless.add(str(data["delegate"]))
        _delegate(result, body, str(data["delegate"]), data.get("name"), data.get("faction"))
        for sub in data.get("substitutes", ()):
            _delegate(result, body, str(sub["delegate"]), sub.get("name"), data.get("faction"))
    elif kind == k.FACTION_JOINED:
        result.factions[str(data["delegate"])] = str(data["faction"])
    elif kind == k.FACTION_LEFT:
        result.factions[str(data["delegate"])] = None
    elif kind == k.DELEGATES_AMENDED:
        _amended(result, data)
    elif kind == k.SESSION_OPENED:
        session = str(data["session"])
        result.sessions[session] = entry
        bodies = [str(b["body"]) for b in data.get("bodies", ())] or [str(data["body"])]
        rules = {
            str(b["body"]): QuorumRule(
                str(b["quorum"]["basis"]), b["quorum"].get("number"), b["quorum"].get("share")
            )
            for b in data.get("bodies", ())
        }
        result.joint_rules[session] = rules
        sittings[session] = _Sitting(str(data["body"]), bodies, rules)
    elif kind == k.PRESENCE_CHANGED:
        _presence_changed(result, sittings[str(data["session"])], entry, data)
    elif kind == k.DELEGATE_REGISTERED and "session" in data:
        sitting = sittings[str(data["session"])]
        ident = str(data["delegate"])
        if data.get("sits_for"):
            sitting.sits_for[ident] = str(data["sits_for"])
        if data.get("present") is True:
            sitting.present.add(ident)
    elif kind == k.POLL_OPENED and "session" in data:
        sitting = sittings[str(data["session"])]
        polls[str(data["poll"])] = (entry, frozenset(sitting.present))
    elif kind in DECISIONS and "present_count" in data:
        sitting = sittings[str(data["session"])]
        opened: Entry | None = None
        hall = frozenset(sitting.present)
        if (
            previous is not None
            and previous.kind == k.POLL_CLOSED
            and previous.data.get("motion") is not None
            and previous.data.get("motion") == data.get("question")
            and str(previous.data.get("poll")) in polls
        ):
            opened, hall = polls[str(previous.data["poll"])]
        absent = opened.data.get("absent", 0) if opened is not None else 0
        result.decisions.append(
            DecisionPresence(
                entry,
                str(data["session"]),
                sitting.body,
                hall,
                absent if type(absent) is int else 0,
                opened,
                _sits_for(result, sitting, hall),
            )
        )


def _sits_for(result: Replay, sitting: _Sitting, hall: Iterable[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for ident in hall:
        if ident in sitting.sits_for:
            found[ident] = sitting.sits_for[ident]
            continue
        homes = result.home.get(ident, set()) & set(sitting.bodies)
        if len(homes) == 1:
            found[ident] = next(iter(homes))
    return found


def quorum_number(rule: QuorumRule, members: int, registered: int) -> int:
    """The least number present that makes a quorum (as procedure.quorum computes it,
    written again here so that the verifier does not lean on the code that wrote it)."""
    if rule.basis == "number":
        return int(rule.number or 0)
    base = members if rule.basis == "members" else registered
    if rule.share in (None, "majority"):
        return base // 2 + 1
    numerator, _, denominator = str(rule.share).partition("/")
    p, q = int(numerator), int(denominator or 1)
    return -((-p * base) // q)  # at least the share: round up


FactsOf = Callable[[str], RulebookFacts | None]


def check(result: Replay, rules_of: FactsOf | None = rulebooks.facts) -> list[QuorumProblem]:
    """Check every decision's presence and quorum against the replay.

    `rules_of(rulebook_name)` gives a rulebook's facts: its quorum rule and which motions
    may be decided without a quorum; a rulebook it does not know (None) is not recomputed,
    and then only main motions must have been quorate.
    """
    problems: list[QuorumProblem] = []
    for found in result.decisions:
        opened = found.poll_opened
        if opened is not None and opened.data.get("present") != len(found.present):
            problems.append(
                QuorumProblem(
                    opened.seq,
                    f"poll {opened.data.get('poll')} records {opened.data.get('present')} "
                    f"present at its opening; the journal's presence gives {len(found.present)}",
                )
            )
            continue
        problem = _check_one(result, found, rules_of)
        if problem is not None:
            problems.append(QuorumProblem(found.decision.seq, problem))
    return problems


def _check_one(result: Replay, found: DecisionPresence, rules_of: FactsOf | None) -> str | None:
    data = found.decision.data
    what = f"the decision on {data.get('question')} ({found.decision.kind})"
    try:
        recorded, quorum, quorate = data["present_count"], data["quorum"], data["quorate"]
        if not (type(recorded) is int and type(quorum) is int and type(quorate) is bool):
            return f"{what} records its presence malformed"
        if recorded != found.counted:
            return (
                f"{what} records {recorded} present; the journal's presence gives "
                f"{found.counted}"
                + (
                    f" (the hall when poll {found.poll_opened.data.get('poll')} opened)"
                    if found.poll_opened is not None
                    else ""
                )
            )
        if found.poll_opened is not None:
            opened = found.poll_opened.data
            if opened.get("quorum") != quorum:
                return (
                    f"{what} records a quorum of {quorum}; poll {opened.get('poll')} opened "
                    f"with {opened.get('quorum')}"
                )
        joint = data.get("bodies")
        each_body = isinstance(joint, list) and bool(joint)
        if not each_body and quorate != (recorded >= quorum):
            return f"{what} records quorate {quorate}, but {recorded} present against {quorum}"
        rulebook = result.rulebooks.get(found.body, "")
        known = rules_of(rulebook) if rules_of is not None else None
        if known is not None and not result.joint_rules.get(found.session):
            rule = known.quorum
            members = data.get("members")
            if rule.basis != "registered" and type(members) is int:
                needed = quorum_number(rule, members, 0)
                if needed != quorum:
                    return (
                        f"{what} records a quorum of {quorum}; the {rulebook} rulebook's "
                        f"({rule.basis}) gives {needed} of {members} members"
                    )
        if isinstance(joint, list) and joint:
            problem = _check_bodies(result, found, joint)
            if problem is not None:
                return f"{what}: {problem}"
        problem = _check_by_body(found, data.get("by_body"))
        if problem is not None:
            return f"{what}: {problem}"
        if not quorate:
            motion = str(data.get("motion", ""))
            may = known.may_lack_quorum(motion) if known is not None else None
            if may is None:
                may = motion != "main"
            if not may:
                return f"{what} was taken without a quorum ({recorded} present, {quorum} needed)"
    except (KeyError, TypeError, ValueError, AttributeError):
        return f"{what} records its presence malformed"
    return None


def _split(found: DecisionPresence) -> dict[str, int] | None:
    if len(found.sits_for) != len(found.present) or found.absent_voters:
        return None  # some delegate's body is not known for sure: the split is not rechecked
    counts: dict[str, int] = {}
    for body in found.sits_for.values():
        counts[body] = counts.get(body, 0) + 1
    return counts


def _check_bodies(result: Replay, found: DecisionPresence, bodies: list[Any]) -> str | None:
    split = _split(found)
    rules = result.joint_rules.get(found.session, {})
    for item in bodies:
        body = str(item["body"])
        present, quorum, quorate = item["present_count"], item["quorum"], item["quorate"]
        if split is not None and split.get(body, 0) != present:
            return (
                f"records {present} of {body} present; the journal's presence gives "
                f"{split.get(body, 0)}"
            )
        if quorate != (present >= quorum):
            return f"records {body} quorate {quorate}, but {present} present against {quorum}"
        rule = rules.get(body)
        if rule is not None and rule.basis != "registered" and type(item.get("members")) is int:
            needed = quorum_number(rule, item["members"], 0)
            if needed != quorum:
                return f"records a quorum of {quorum} for {body}; its rule gives {needed}"
    return None


def _check_by_body(found: DecisionPresence, by_body: Any) -> str | None:
    if not isinstance(by_body, list):
        return None
    split = _split(found)
    if split is None:
        return None
    for item in by_body:
        body = str(item["body"])
        if item.get("present_count") is not None and item["present_count"] != split.get(body, 0):
            return (
                f"counts {item['present_count']} of {body} present; the journal's presence "
                f"gives {split.get(body, 0)}"
            )
    return None
