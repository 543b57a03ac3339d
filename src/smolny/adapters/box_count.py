"""Counting a ballot box at its close: the writer's reading of a box against its register.

Every ballot in canonical form with its own hash, of this poll, by a voter on the
register, once, with the register's weight and an answer the question allows; counted
with the domain's tally (`smolny.domain.polls`). A box that holds anything else is not
counted (`BoxError`) and the poll stays open. The verifier rechecks a closed box with its
own code (`smolny.record.audit`), sharing nothing with this but the record's format.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from smolny.domain import polls
from smolny.record import canonical
from smolny.record.ballotbox import box_digest, roll_line


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
    answers: dict[str, str | None] = {}  # a single choice: what is wrong with it, or None
    shape = _secret_shape(poll, question) if roll is not None else None
    match = shape[0].fullmatch if shape is not None else None
    sha256 = hashlib.sha256
    plain_counts: dict[tuple[str, str], int] = {}  # (answer's JSON, weight): how many
    for stored_hash, text in ballots:
        plain = match(text) if match is not None else None
        if plain is not None:  # a secret ballot just as the service writes it: not parsed
            if sha256(text.encode("utf-8")).hexdigest() != stored_hash:
                raise BoxError(f"ballot {stored_hash[:12]} was altered (its hash does not match)")
            key = plain.groups()
            plain_counts[key] = plain_counts.get(key, 0) + 1
            hashes.append(stored_hash)
            continue
        name = stored_hash[:12]
        ballot = _stored_ballot(stored_hash, text)
        if ballot.get("v") != 1 or type(ballot.get("v")) is not int or ballot.get("poll") != poll:
            raise BoxError(f"ballot {name} is not a ballot of poll {poll}")
        weight = ballot.get("weight")
        if roll is None:
            _check_named(register, ballot, name, voters)
        else:
            if "voter" in ballot or "proxy" in ballot:
                raise BoxError(f"ballot {name} of a secret poll names a voter")
            if type(weight) is not int or weight < 1:
                raise BoxError(f"ballot {name} carries weight {weight!r}")
            secret_weights.append(weight)
        choice = ballot.get("choice")  # a single choice is checked once for each value
        if type(choice) is str and "choices" not in ballot and "ranking" not in ballot:
            if choice not in answers:
                answers[choice] = polls.check_answer(question, {"choice": choice})
            problem = answers[choice]
        else:
            problem = polls.check_answer(question, ballot)
        if problem is not None:
            raise BoxError(f"ballot {name}: {problem}")
        hashes.append(stored_hash)
        polls.add_ballot(tally, question, ballot, weight)
    if shape is not None:  # the plain ballots counted, as `add_ballot` counts them one by one
        for (answer, weight_text), many in plain_counts.items():
            choice, weight = shape[1][answer], int(weight_text)
            secret_weights.extend([weight] * many)
            tally.ballots += many
            tally.heads[choice] += many
            tally.weights[choice] += weight * many
    rolled = None if roll is None else _read_roll(register, roll, voters, secret_weights)
    return BoxTally(len(hashes), box_digest(hashes), tally, rolled)


def _secret_shape(poll: str, question: polls.Question) -> tuple[re.Pattern[str], dict[str, str]]:
    # The exact canonical text of a secret single-choice ballot of this poll, as the service
    # writes it (keys sorted, no space, an answer the question allows, a nonce of 32 hex
    # digits, a weight below 2**53), and each answer by its JSON form. A text it matches is
    # what `_stored_ballot` and the checks after it accept, read without parsing; any other
    # text takes the long way, which says what is wrong with it.
    if question.kind not in ("yes-no-abstain", "choice", "list"):
        return re.compile(r"(?!)"), {}  # matches nothing
    answers = {canonical.dumps_checked(a): a for a in question.answers() if isinstance(a, str)}
    pattern = (
        r'\{"choice":('
        + "|".join(re.escape(a) for a in answers)
        + r'),"nonce":"[0-9a-f]{32}","poll":'
        + re.escape(canonical.dumps_checked(poll))
        + r',"v":1,"weight":([1-9][0-9]{0,14})\}'
    )
    return re.compile(pattern), answers


def _check_named(
    register: Register, ballot: Mapping[str, Any], name: str, voters: set[str]
) -> None:
    voter, weight = ballot.get("voter"), ballot.get("weight")
    if not isinstance(voter, str) or voter not in register.weights:
        raise BoxError(f"ballot {name} is by {voter!r}, who is not on the poll's register")
    if voter in voters:
        raise BoxError(f"ballot {name}: {voter} voted twice")
    if type(weight) is not int or weight != register.weights[voter]:
        raise BoxError(
            f"ballot {name} carries weight {weight!r}, the register {register.weights[voter]}"
        )
    proxy = ballot.get("proxy")
    if proxy is not None and register.proxies.get(voter) != proxy:
        raise BoxError(f"ballot {name} was cast by {proxy!r}, who held no proxy of {voter}")
    voters.add(voter)


def _read_roll(
    register: Register,
    roll: Iterable[tuple[str, str | None]],
    voters: set[str],
    secret_weights: list[int],
) -> tuple[int, str]:
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
        lines.append(voter if cast_by is None else roll_line(voter, cast_by))
        roll_weights.append(register.weights[voter])
    # published in units of the roll's weight divisor (record.ballotbox.publish_secret_box),
    # or, sealed before that was so, one ballot a voter at their weight
    unit = math.gcd(*roll_weights) or 1
    in_units = all(w == unit for w in secret_weights)
    if (in_units and len(secret_weights) * unit != sum(roll_weights)) or (
        not in_units and sorted(roll_weights) != sorted(secret_weights)
    ):
        raise BoxError(
            f"the box holds {len(secret_weights)} ballots, the roll {len(roll_weights)} "
            "names (or their weights differ)"
        )
    return len(lines), box_digest(lines)


def _stored_ballot(stored_hash: str, text: str) -> dict[str, Any]:
    """The ballot a box row holds, if its text is canonical and hashes to its hash."""
    name = stored_hash[:12]
    try:
        altered = hashlib.sha256(text.encode("utf-8")).hexdigest() != stored_hash
    except UnicodeEncodeError:
        raise BoxError(f"ballot {name} is unreadable") from None
    if altered:
        raise BoxError(f"ballot {name} was altered (its hash does not match)")
    try:
        ballot = canonical.loads_canonical(text)
    except ValueError:
        raise BoxError(f"ballot {name} is unreadable or not in canonical form") from None
    if not isinstance(ballot, dict):
        raise BoxError(f"ballot {name} is not a ballot")
    return ballot
