"""Reading a ballot box against its poll's register, and checking it against the chain.

One reading serves the close (which counts the box) and the verifier (which recounts it):
every ballot in canonical form with its own hash, of this poll, by a voter on the
register, once, with the register's weight and a choice the question allows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from smolny.domain import polls
from smolny.record import canonical
from smolny.record.ballotbox import box_digest
from smolny.record.entry import Entry


class BoxError(ValueError):
    """A box that holds what no honest poll could have put in it."""


@dataclass(frozen=True)
class BoxTally:
    """What a box holds: how many ballots, their digest, the tally, and a secret poll's roll."""

    ballots: int
    digest: str
    tally: polls.Tally
    roll: tuple[int, str] | None = None  # how many on the roll, and the roll's digest


@dataclass(frozen=True)
class Register:
    """Who may vote in a poll, as its opening recorded: weights, proxies and the question."""

    weights: Mapping[str, int]
    proxies: Mapping[str, str] = field(default_factory=dict)  # delegator -> holder
    question: polls.Question = field(default_factory=polls.Question)

    @classmethod
    def of(cls, opened: Mapping[str, Any]) -> Register:
        """The register of a `poll.opened` entry's data."""
        return cls(
            {str(voter): int(weight) for voter, weight in opened["eligible"]},
            {str(d): str(h) for d, h in opened.get("proxies", ())},
            polls.Question.of(opened),
        )


def roll_line(voter: str, cast_by: str | None) -> str:
    """One name on a secret poll's roll, as its digest takes it."""
    return voter if cast_by is None else f"{voter} by {cast_by}"


def read_box(
    poll: str,
    register: Register,
    ballots: Iterable[tuple[str, str]],
    roll: Iterable[tuple[str, str | None]] | None = None,
) -> BoxTally:
    """Count (hash, text) ballots against the register; BoxError if the box is bad.

    A named box's ballots each name their voter. A secret box's do not: `roll` gives
    who voted (voter, proxy holder or None), and the ballots' weights must be the
    roll's weights, one ballot per name on the roll.
    """
    question = register.question
    hashes: list[str] = []
    tally = polls.empty_tally(question)
    voters: set[str] = set()
    secret_weights: list[int] = []
    for stored_hash, text in ballots:
        name = stored_hash[:12]
        ballot = _stored_ballot(stored_hash, text)
        if ballot.get("v") != 1 or type(ballot.get("v")) is not int or ballot.get("poll") != poll:
            raise BoxError(f"ballot {name} is not a ballot of poll {poll}")
        weight = ballot.get("weight")
        if roll is None:
            voter = ballot.get("voter")
            if not isinstance(voter, str) or voter not in register.weights:
                raise BoxError(f"ballot {name} is by {voter!r}, who is not on the poll's register")
            if voter in voters:
                raise BoxError(f"ballot {name}: {voter} voted twice")
            if type(weight) is not int or weight != register.weights[voter]:
                raise BoxError(
                    f"ballot {name} carries weight {weight!r}, the register "
                    f"{register.weights[voter]}"
                )
            proxy = ballot.get("proxy")
            if proxy is not None and register.proxies.get(voter) != proxy:
                raise BoxError(f"ballot {name} was cast by {proxy!r}, who held no proxy of {voter}")
            voters.add(voter)
        else:
            if "voter" in ballot or "proxy" in ballot:
                raise BoxError(f"ballot {name} of a secret poll names a voter")
            if type(weight) is not int or weight < 1:
                raise BoxError(f"ballot {name} carries weight {weight!r}")
            secret_weights.append(weight)
        problem = polls.check_answer(question, ballot)
        if problem is not None:
            raise BoxError(f"ballot {name}: {problem}")
        hashes.append(stored_hash)
        polls.add_ballot(tally, question, ballot, weight)
    rolled = None
    if roll is not None:
        lines: list[str] = []
        roll_weights: list[int] = []
        for voter, cast_by in roll:
            if voter not in register.weights:
                raise BoxError(f"{voter} is on the roll but not on the poll's register")
            if voter in voters:
                raise BoxError(f"{voter} is on the roll twice")
            if cast_by is not None and register.proxies.get(voter) != cast_by:
                raise BoxError(f"{cast_by} voted for {voter} without holding their proxy")
            voters.add(voter)
            lines.append(roll_line(voter, cast_by))
            roll_weights.append(register.weights[voter])
        if sorted(roll_weights) != sorted(secret_weights):
            raise BoxError(
                f"the box holds {len(secret_weights)} ballots, the roll {len(roll_weights)} "
                "names (or their weights differ)"
            )
        rolled = (len(lines), box_digest(lines))
    return BoxTally(len(hashes), box_digest(hashes), tally, rolled)


def _stored_ballot(stored_hash: str, text: str) -> dict[str, Any]:
    """The ballot a box row holds, if its text is canonical and hashes to its hash."""
    name = stored_hash[:12]
    try:
        ballot = canonical.loads(text)
    except (ValueError, canonical.CanonicalError):
        raise BoxError(f"ballot {name} is unreadable") from None
    if not isinstance(ballot, dict):
        raise BoxError(f"ballot {name} was altered (its hash does not match)")
    canonical_text = canonical.dumps(ballot)  # its hash is the ballot's hash (ballot_hash)
    if hashlib.sha256(canonical_text.encode("utf-8")).hexdigest() != stored_hash:
        raise BoxError(f"ballot {name} was altered (its hash does not match)")
    if canonical_text != text:
        raise BoxError(f"ballot {name} is not in canonical form")
    return ballot


@dataclass(frozen=True)
class BoxProblem:
    """A poll whose box does not match what the journal recorded at its close."""

    poll: str
    seq: int  # the entry that closed the poll
    reason: str

    def describe(self) -> str:
        """One line naming the poll, the entry and what does not match."""
        return f"poll {self.poll} (closed at entry {self.seq}): {self.reason}"


@dataclass(frozen=True)
class ClosedPoll:
    """A poll as the journal tells it: the entry that opened it, the one that closed it, the
    tellers' counts entered in between (latest per section), and the decision on its motion
    that follows the close."""

    poll: str
    opened: Entry | None
    closed: Entry
    counts: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    decision: Entry | None = None


def closed_polls(entries: Iterable[Entry]) -> tuple[dict[str, ClosedPoll], list[BoxProblem]]:
    """Each closed poll with its opening entry; and problems with the journal's polls themselves."""
    opened: dict[str, Entry] = {}
    counts: dict[str, dict[str, Mapping[str, Any]]] = {}
    closed: dict[str, ClosedPoll] = {}
    problems: list[BoxProblem] = []
    previous: Entry | None = None
    for entry in entries:
        poll = entry.data.get("poll")
        if (
            entry.kind in ("motion.adopted", "motion.rejected")
            and previous is not None
            and previous.kind == "poll.closed"
            and previous.data.get("motion") is not None
            and previous.data.get("motion") == entry.data.get("question")
        ):
            closing = closed.get(str(previous.data.get("poll")))
            if closing is not None and closing.closed is previous:
                closed[closing.poll] = replace(closing, decision=entry)
        previous = entry
        if entry.kind == "poll.opened" and isinstance(poll, str):
            opened[poll] = entry
        elif entry.kind == "poll.count-entered" and isinstance(poll, str):
            counts.setdefault(poll, {})[str(entry.data.get("section") or "")] = entry.data
        elif entry.kind == "poll.closed":
            if not isinstance(poll, str):
                problems.append(BoxProblem("?", entry.seq, "the entry names no poll"))
            elif poll in closed:
                problems.append(BoxProblem(poll, entry.seq, "the poll was closed twice"))
            else:
                closed[poll] = ClosedPoll(poll, opened.get(poll), entry, counts.get(poll, {}))
    return closed, problems


def counted_by_tellers(poll: ClosedPoll) -> bool:
    """Whether the poll was a show of hands or standing vote (it has no box)."""
    return poll.opened is not None and poll.opened.data.get("method") in polls.TELLER_METHODS


def is_secret(poll: ClosedPoll) -> bool:
    """Whether the poll was a secret ballot (its box has a roll)."""
    return poll.opened is not None and poll.opened.data.get("method") == "electronic-secret"


def check_box(
    poll: ClosedPoll,
    ballots: Iterable[tuple[str, str]],
    roll: Iterable[tuple[str, str | None]] | None = None,
) -> BoxProblem | None:
    """Recheck one poll against its entries: its box (ballots as (hash, canonical text),
    and a secret poll's roll) or its tellers' counts; and recount its outcome."""
    closing = poll.closed
    if poll.opened is None:
        return BoxProblem(poll.poll, closing.seq, "the journal never opened this poll")
    try:
        register = Register.of(poll.opened.data)
        if counted_by_tellers(poll):
            stray = len(list(ballots)) + len(list(roll or ()))
            if stray:
                return BoxProblem(
                    poll.poll,
                    closing.seq,
                    f"the tellers counted this poll, but {stray} ballots or names are in a box",
                )
            tally = _tellers_tally(register.question, poll.counts)
            digest, rolled = None, None
        else:
            read = read_box(poll.poll, register, ballots, roll if is_secret(poll) else None)
            tally, digest, rolled = read.tally, read.digest, read.roll
            recorded: Any = closing.data["box"]
            if read.ballots != recorded["ballots"]:
                return BoxProblem(
                    poll.poll,
                    closing.seq,
                    f"the box holds {read.ballots} ballots, the record says {recorded['ballots']}",
                )
            if digest != recorded["digest"]:
                return BoxProblem(
                    poll.poll, closing.seq, "the box's digest does not match the record"
                )
            if rolled is not None and [rolled[0], rolled[1]] != [
                closing.data["roll"]["voters"],
                closing.data["roll"]["digest"],
            ]:
                return BoxProblem(poll.poll, closing.seq, "the roll does not match the record")
        if tally.heads != closing.data["heads"] or tally.weights != closing.data["weights"]:
            return BoxProblem(
                poll.poll,
                closing.seq,
                f"the recount (heads {tally.heads}, weights {tally.weights}) differs from the "
                "record",
            )
        if "blank" in closing.data and closing.data["blank"] != tally.blank:
            return BoxProblem(
                poll.poll,
                closing.seq,
                f"the box holds {tally.blank} blank ballots, the record says "
                f"{closing.data['blank']}",
            )
        # tellers count hands; a box counts weights when the register carries any
        weighted = not counted_by_tellers(poll) and any(w != 1 for w in register.weights.values())
        unit = "weight" if weighted else "heads"
        if closing.data.get("unit") != unit:
            return BoxProblem(
                poll.poll,
                closing.seq,
                f"the record counts by {closing.data.get('unit')!r}, the register by {unit!r}",
            )
        counted = tally.weights if weighted else tally.heads
        if closing.data.get("motion") is not None:
            if poll.decision is None:
                return BoxProblem(
                    poll.poll, closing.seq, "no decision on the motion follows the close"
                )
            decided = poll.decision.data
            said = [decided.get(k) for k in ("yes", "no", "abstain", "unit")]
            if said != [counted["yes"], counted["no"], counted["abstain"], unit]:
                return BoxProblem(
                    poll.poll,
                    closing.seq,
                    f"the decision at entry {poll.decision.seq} counts {said[:3]}, the box "
                    f"{[counted['yes'], counted['no'], counted['abstain']]}",
                )
        if register.question.kind != "yes-no-abstain" and "outcome" not in closing.data:
            return BoxProblem(poll.poll, closing.seq, "the close records no outcome")
        if "outcome" in closing.data:
            seed = polls.lot_seed(poll.poll, digest if digest is not None else closing.prev)
            if polls.outcome(register.question, tally, weighted, seed) != closing.data["outcome"]:
                return BoxProblem(
                    poll.poll, closing.seq, "the recounted outcome differs from the record"
                )
    except BoxError as exc:
        return BoxProblem(poll.poll, closing.seq, str(exc))
    except (KeyError, TypeError, ValueError):
        return BoxProblem(poll.poll, closing.seq, "the poll's entries are malformed")
    return None


def _tellers_tally(
    question: polls.Question, counts: Mapping[str, Mapping[str, Any]]
) -> polls.Tally:
    tally = polls.empty_tally(question)
    for entry in counts.values():
        for key, value in entry["counts"].items():
            tally.heads[key] += value
            tally.weights[key] += value
            tally.ballots += value
    return tally


def check_cancelled(
    cancelling: Entry,
    ballots: Iterable[tuple[str, str]],
    roll: Iterable[tuple[str, str | None]] = (),
) -> BoxProblem | None:
    """Recheck a cancelled poll's box: the ballots it held when shut, by number and digest,
    and a secret poll's roll likewise."""
    poll = str(cancelling.data.get("poll"))
    if "box" not in cancelling.data:
        return None  # a scheduled poll, or one counted by tellers: there was no box
    held = list(ballots)
    try:
        recorded: Any = cancelling.data["box"]
        expected = (recorded["ballots"], recorded["digest"])
    except (KeyError, TypeError):
        return BoxProblem(poll, cancelling.seq, "the entry is malformed")
    try:
        for stored_hash, text in held:
            _stored_ballot(stored_hash, text)
    except BoxError as exc:
        return BoxProblem(poll, cancelling.seq, str(exc))
    if (len(held), box_digest(h for h, _ in held)) != expected:
        return BoxProblem(
            poll, cancelling.seq, "the box does not match what it held when cancelled"
        )
    names = [roll_line(voter, by) for voter, by in roll]
    recorded_roll: Any = cancelling.data.get("roll", {"voters": 0, "digest": box_digest([])})
    try:
        if [len(names), box_digest(names)] != [recorded_roll["voters"], recorded_roll["digest"]]:
            return BoxProblem(
                poll, cancelling.seq, "the roll does not match what it held when cancelled"
            )
    except (KeyError, TypeError):
        return BoxProblem(poll, cancelling.seq, "the entry is malformed")
    return None
