"""The verifier's recount of a closed poll: its box read ballot by ballot, or its tellers'
counts added up, into heads and weights per answer.

Written from docs/record-format.md (sections 2 and 4), apart from the code that counted
the box at the close: what a ballot may hold, who may have cast it, and how it counts.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from smolny.record import canonical
from smolny.record.ballotbox import box_digest, roll_line

YES_NO = ("yes", "no", "abstain")
ABSTAIN = "abstain"
ANSWER_KEYS = ("choice", "choices", "ranking")


class BoxFault(ValueError):
    """A box that holds what no honest poll could have put in it."""


@dataclass(frozen=True)
class Question:
    """What a poll asked, as its `poll.opened` entry records it."""

    kind: str
    options: tuple[str, ...] = ()
    seats: int = 1
    counting: str | None = None
    choice_threshold: str = "majority"

    @classmethod
    def of(cls, opened: Mapping[str, Any]) -> Question:
        """The question of a `poll.opened` entry's data."""
        options = opened.get("options", [])
        seats = opened.get("seats", 1)
        if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
            raise ValueError("the poll's options are malformed")
        if type(seats) is not int:
            raise ValueError("the poll's seats are malformed")
        counting = opened.get("counting")
        return cls(
            kind=str(opened.get("question", "yes-no-abstain")),
            options=tuple(options),
            seats=seats,
            counting=None if counting is None else str(counting),
            choice_threshold=str(opened.get("choice_threshold", "majority")),
        )

    def answers(self) -> tuple[str, ...]:
        """The answers the tally names: yes, no, abstain; or every option, then abstain."""
        return YES_NO if self.kind == "yes-no-abstain" else (*self.options, ABSTAIN)


@dataclass
class Tally:
    """Heads and weights per answer, the blank ballots, and a ranked poll's rankings."""

    heads: dict[str, int]
    weights: dict[str, int]
    blank: int = 0
    rankings: dict[tuple[str, ...], int] = field(default_factory=dict)  # ranking -> weight

    @classmethod
    def empty(cls, question: Question) -> Tally:
        """Every answer at zero."""
        answers = question.answers()
        return cls(dict.fromkeys(answers, 0), dict.fromkeys(answers, 0))

    def add(self, question: Question, ballot: Mapping[str, Any], weight: int) -> None:
        """Count one ballot whose answer was checked (`check_answer`)."""
        if "choice" in ballot:
            self._count(str(ballot["choice"]), weight)
            return
        named = list(ballot.get("choices", ballot.get("ranking", [])))
        if not named:
            self.blank += 1
            self._count(ABSTAIN, weight)
        elif question.kind == "ranked":
            key = tuple(named)
            self.rankings[key] = self.rankings.get(key, 0) + weight
            self._count(named[0], weight)  # first preferences
        else:
            for option in named:
                self._count(option, weight)

    def _count(self, answer: str, weight: int) -> None:
        self.heads[answer] += 1
        self.weights[answer] += weight


@dataclass(frozen=True)
class Register:
    """Who may vote, with what weight, and who holds whose proxy (`poll.opened`)."""

    weights: Mapping[str, int]
    proxies: Mapping[str, str]

    @classmethod
    def of(cls, opened: Mapping[str, Any]) -> Register:
        """The register of a `poll.opened` entry's data."""
        weights: dict[str, int] = {}
        for voter, weight in opened["eligible"]:
            if not isinstance(voter, str) or type(weight) is not int:
                raise ValueError("the poll's register is malformed")
            weights[voter] = weight
        proxies = {str(d): str(h) for d, h in opened.get("proxies", [])}
        return cls(weights, proxies)

    @property
    def weighted(self) -> bool:
        """Whether a box counts weights (some weight on the register is not 1)."""
        return any(weight != 1 for weight in self.weights.values())


@dataclass(frozen=True)
class BoxRead:
    """What a box holds: its ballots, their digest, the tally, and a secret poll's roll."""

    ballots: int
    digest: str
    tally: Tally
    roll: tuple[int, str] | None = None  # names on the roll, and the roll's digest


def stored_ballot(stored_hash: str, text: str) -> dict[str, Any]:
    """The ballot a box row holds, if its text is canonical JSON hashing to its hash."""
    name = stored_hash[:12]
    try:
        ballot = canonical.loads(text)
    except (ValueError, canonical.CanonicalError):
        raise BoxFault(f"ballot {name} is unreadable") from None
    if not isinstance(ballot, dict):
        raise BoxFault(f"ballot {name} was altered (its hash does not match)")
    written = canonical.dumps(ballot)
    if hashlib.sha256(written.encode("utf-8")).hexdigest() != stored_hash:
        raise BoxFault(f"ballot {name} was altered (its hash does not match)")
    if written != text:
        raise BoxFault(f"ballot {name} is not in canonical form")
    return ballot


def check_answer(question: Question, ballot: Mapping[str, Any]) -> str | None:
    """What is wrong with a ballot's answer for `question` (section 2.1), or None."""
    given = [key for key in ANSWER_KEYS if key in ballot]
    kind = question.kind
    wanted = {"multiple": "choices", "ranked": "ranking"}.get(kind, "choice")
    if given != [wanted]:
        return f"this poll takes {wanted} only"
    value = ballot[wanted]
    if wanted == "choice":
        if value not in question.answers():
            return f"{value!r} is not an answer of this poll"
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return f"{wanted} must be a list of options"
    if len(set(value)) != len(value):
        return "an option is named twice on the ballot"
    if any(v not in question.options for v in value):
        return "the ballot names what is not an option of this poll"
    if kind == "multiple":
        if len(value) > question.seats:
            return f"at most {question.seats} may be chosen, not {len(value)}"
        if value != sorted(value, key=question.options.index):
            return "its choices are not in the order of the poll's options"
    return None


def read_box(
    poll: str,
    opened: Mapping[str, Any],
    ballots: Iterable[tuple[str, str]],
    roll: Iterable[tuple[str, str | None]] | None = None,
) -> BoxRead:
    """Recount (hash, canonical text) ballots against the poll's opening; BoxFault naming
    the first thing wrong. A secret poll's ballots name nobody: `roll` says who voted."""
    register, question = Register.of(opened), Question.of(opened)
    tally = Tally.empty(question)
    hashes: list[str] = []
    voters: set[str] = set()
    secret_weights: list[int] = []
    for stored_hash, text in ballots:
        name = stored_hash[:12]
        ballot = stored_ballot(stored_hash, text)
        if type(ballot.get("v")) is not int or ballot.get("v") != 1 or ballot.get("poll") != poll:
            raise BoxFault(f"ballot {name} is not a ballot of poll {poll}")
        if roll is None:
            weight = _named_voter(register, ballot, name, voters)
        else:
            weight = _secret_weight(ballot, name)
            secret_weights.append(weight)
        problem = check_answer(question, ballot)
        if problem is not None:
            raise BoxFault(f"ballot {name}: {problem}")
        hashes.append(stored_hash)
        tally.add(question, ballot, weight)
    rolled = None if roll is None else _roll(register, roll, voters, secret_weights)
    return BoxRead(len(hashes), box_digest(hashes), tally, rolled)


def _named_voter(register: Register, ballot: Mapping[str, Any], name: str, voters: set[str]) -> int:
    voter, weight = ballot.get("voter"), ballot.get("weight")
    if not isinstance(voter, str) or voter not in register.weights:
        raise BoxFault(f"ballot {name} is by {voter!r}, who is not on the poll's register")
    if voter in voters:
        raise BoxFault(f"ballot {name}: {voter} voted twice")
    if type(weight) is not int or weight != register.weights[voter]:
        raise BoxFault(
            f"ballot {name} carries weight {weight!r}, the register {register.weights[voter]}"
        )
    proxy = ballot.get("proxy")
    if proxy is not None and register.proxies.get(voter) != proxy:
        raise BoxFault(f"ballot {name} was cast by {proxy!r}, who held no proxy of {voter}")
    voters.add(voter)
    return weight


def _secret_weight(ballot: Mapping[str, Any], name: str) -> int:
    if "voter" in ballot or "proxy" in ballot:
        raise BoxFault(f"ballot {name} of a secret poll names a voter")
    weight = ballot.get("weight")
    if type(weight) is not int or weight < 1:
        raise BoxFault(f"ballot {name} carries weight {weight!r}")
    return weight


def _roll(
    register: Register,
    roll: Iterable[tuple[str, str | None]],
    voters: set[str],
    secret_weights: list[int],
) -> tuple[int, str]:
    lines: list[str] = []
    roll_weights: list[int] = []
    for voter, cast_by in roll:
        if voter not in register.weights:
            raise BoxFault(f"{voter} is on the roll but not on the poll's register")
        if voter in voters:
            raise BoxFault(f"{voter} is on the roll twice")
        if cast_by is not None and register.proxies.get(voter) != cast_by:
            raise BoxFault(f"{cast_by} voted for {voter} without holding their proxy")
        voters.add(voter)
        lines.append(roll_line(voter, cast_by))
        roll_weights.append(register.weights[voter])
    if not _weights_agree(roll_weights, secret_weights):
        raise BoxFault(
            f"the box holds {len(secret_weights)} ballots, the roll {len(roll_weights)} "
            "names (or their weights differ)"
        )
    return len(lines), box_digest(lines)


def _weights_agree(roll_weights: list[int], secret_weights: list[int]) -> bool:
    # A secret box is published in units (docs/record-format.md 2.3): every ballot of the
    # weight `unit`, the divisor of the roll's weights, as many as the roll's weights make.
    # A box sealed before units were published holds each voter's ballot at their weight.
    unit = math.gcd(*roll_weights) or 1
    if all(weight == unit for weight in secret_weights):
        return len(secret_weights) * unit == sum(roll_weights)
    return sorted(roll_weights) == sorted(secret_weights)


def tellers_tally(question: Question, counts: Mapping[str, Mapping[str, Any]]) -> Tally:
    """The sum of the tellers' latest counts (one per section): heads, and weights alike."""
    tally = Tally.empty(question)
    for entry in counts.values():
        for answer, number in entry["counts"].items():
            if answer not in tally.heads or type(number) is not int or number < 0:
                raise ValueError(f"a tellers' count of {answer!r} is malformed")
            tally.heads[answer] += number
            tally.weights[answer] += number
    return tally
