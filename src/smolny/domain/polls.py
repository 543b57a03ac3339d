"""Polls: the ways a body votes, what a ballot may say, and how a box is counted.

Pure functions shared by the decision (`decide`), the service (which checks a vote
before it queues it) and the verifier (which recounts a box from the record alone).

A poll has a *method* (how the votes are taken) and a *question* (what is asked):

- methods: `show-of-hands` and `standing` (tellers enter counts, per section if
  wished), `roll-call` (each delegate's vote by name, in the register's order, by
  the delegate or entered by the secretary), `electronic-named`, `electronic-secret`;
- questions: `yes-no-abstain` (on a motion: the engine decides it), `choice` (one of
  N), `multiple` (up to K of N), `ranked` (counted by STV, IRV, Schulze or Borda) and
  `list` (seats apportioned between lists).
"""

from __future__ import annotations

import hashlib
import json
import random
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from smolny.counting import bounds
from smolny.counting.methods import (
    DEFAULT_LIST,
    DEFAULT_RANKED,
    LIST,
    keys,
    list_method,
    parse_counting,
    poll_countings,
)
from smolny.domain.checks import hidden_character

METHODS = ("show-of-hands", "standing", "roll-call", "electronic-named", "electronic-secret")
TELLER_METHODS = ("show-of-hands", "standing")
BOX_METHODS = ("roll-call", "electronic-named", "electronic-secret")
QUESTIONS = ("yes-no-abstain", "choice", "multiple", "ranked", "list")
YES_NO = ("yes", "no", "abstain")
ABSTAIN = "abstain"
# the methods of counting.methods, by the question they count (a ranked count with the
# options a poll may give it: `schulze:margins`, `borda:dowdall`)
RANKED_COUNTS = poll_countings()
LIST_COUNTS = keys(LIST)
CHOICE_THRESHOLDS = ("plurality", "majority", "two-thirds")
PRESENCE_RULES = ("present", "all")
MAX_OPTIONS = 500
MAX_OPTION = 200


class VoteError(ValueError):
    """A ballot that does not answer the poll's question; `rule` names what is wrong."""

    def __init__(self, rule: str, message: str, field: str = "choice") -> None:
        super().__init__(message)
        self.rule = rule
        self.field = field


@dataclass(frozen=True)
class Question:
    """What a poll asks: its kind, its options, seats, count and threshold."""

    kind: str = "yes-no-abstain"
    options: tuple[str, ...] = ()
    seats: int = 1
    counting: str | None = None
    threshold: str = "majority"

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Question:
        """The question of a `poll.opened` entry's data."""
        return cls(
            kind=str(data.get("question", "yes-no-abstain")),
            options=tuple(data.get("options", ())),
            seats=int(data.get("seats", 1)),
            counting=data.get("counting"),
            threshold=str(data.get("choice_threshold", "majority")),
        )

    def answers(self) -> tuple[str, ...]:
        """The values a single-choice ballot may hold."""
        if self.kind == "yes-no-abstain":
            return YES_NO
        return (*self.options, ABSTAIN)


def vote_fields(question: Question, vote: Mapping[str, Any]) -> dict[str, Any]:
    """The ballot's answer in canonical form ({"choice": ...}, {"choices": [...]} or
    {"ranking": [...]}), or VoteError saying what the question does not allow."""
    kind = question.kind
    if kind in ("yes-no-abstain", "choice", "list"):
        choice = _answer(vote.get("choice"))
        if vote.get("choices") is not None or vote.get("ranking") is not None:
            raise VoteError("choice", "this poll takes one choice, not a list", "choice")
        allowed = question.answers()
        if not isinstance(choice, str) or choice not in allowed:
            shown = ", ".join(allowed[:20]) + (", ..." if len(allowed) > 20 else "")
            raise VoteError("choice", f"choice must be one of {shown}", "choice")
        return {"choice": choice}
    key = "choices" if kind == "multiple" else "ranking"
    values = vote.get(key)
    if isinstance(values, list):
        values = [_answer(v) for v in values]
    others = [k for k in ("choice", "choices", "ranking") if k != key and vote.get(k) is not None]
    if values is None and others == ["choice"] and _answer(vote.get("choice")) == ABSTAIN:
        values, others = [], []  # an abstention: a blank ballot
    if others:
        raise VoteError(key, f"this poll takes {key} only, not {others[0]}", key)
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise VoteError(key, f"this poll takes {key}: a list of options", key)
    if len(set(values)) != len(values):
        repeated = next(v for v in values if values.count(v) > 1)
        rule = "repeated-candidate" if kind == "ranked" else "repeated-choice"
        raise VoteError(rule, f"{repeated!r} is named twice on the ballot", key)
    unknown = [v for v in values if v not in question.options]
    if unknown:
        raise VoteError("unknown-option", f"{unknown[0]!r} is not an option of this poll", key)
    if kind == "multiple" and len(values) > question.seats:
        raise VoteError(
            "too-many-choices", f"at most {question.seats} may be chosen, not {len(values)}", key
        )
    if kind == "multiple":
        values = sorted(values, key=question.options.index)  # the ballot says a set
    return {key: values}


def check_answer(question: Question, ballot: Mapping[str, Any]) -> str | None:
    """What is wrong with a stored ballot's answer, or None (for the recount)."""
    fields = {k: ballot[k] for k in ("choice", "choices", "ranking") if k in ballot}
    try:
        canonical = vote_fields(question, fields)
    except VoteError as exc:
        return str(exc)
    if canonical != fields:
        return "its answer is not in canonical form"
    return None


# -- tallies -------------------------------------------------------------------------------


@dataclass
class Tally:
    """Heads and weights per answer (for ranked questions, per ranking)."""

    heads: dict[str, int] = field(default_factory=dict)
    weights: dict[str, int] = field(default_factory=dict)
    rankings: dict[tuple[str, ...], int] = field(default_factory=dict)  # ranked: weight each
    ballots: int = 0
    blank: int = 0  # ballots that chose nobody (multiple, ranked)

    def record(self, kind: str | None = None) -> dict[str, Any]:
        """The tally as the closing entry records it (with the blank ballots of a question
        of `kind` multiple or ranked)."""
        out: dict[str, Any] = {"heads": self.heads, "weights": self.weights}
        if kind in ("multiple", "ranked") or self.rankings or self.blank:
            out["blank"] = self.blank
        return out


def empty_tally(question: Question) -> Tally:
    """A tally with every answer at zero, so the record always names them all."""
    keys = question.answers() if question.kind != "ranked" else (*question.options, ABSTAIN)
    return Tally(dict.fromkeys(keys, 0), dict.fromkeys(keys, 0))


def add_ballot(tally: Tally, question: Question, ballot: Mapping[str, Any], weight: int) -> None:
    """Count one stored ballot (already checked) into `tally`."""
    tally.ballots += 1
    if "choice" in ballot:
        tally.heads[ballot["choice"]] += 1
        tally.weights[ballot["choice"]] += weight
        return
    chosen = ballot.get("choices", ballot.get("ranking", []))
    if not chosen:
        tally.blank += 1
        tally.heads[ABSTAIN] += 1
        tally.weights[ABSTAIN] += weight
        return
    if question.kind == "ranked":
        key = tuple(chosen)
        tally.rankings[key] = tally.rankings.get(key, 0) + weight
        first = chosen[0]  # first preferences, for the screens
        tally.heads[first] += 1
        tally.weights[first] += weight
        return
    for option in chosen:
        tally.heads[option] += 1
        tally.weights[option] += weight


def teller_total(counts: Mapping[str, int]) -> int:
    """How many hands a section's counts add up to."""
    return sum(counts.values())


# -- outcomes of elections and choices -------------------------------------------------------


def lot_seed(*parts: str) -> int:
    """A lot drawn from what the close records (the box's digest, or the record's head):
    nobody knows it before the close, and anyone can draw it again."""
    return int(hashlib.sha256("\n".join(parts).encode()).hexdigest()[:13], 16)  # < 2**53


def outcome(question: Question, tally: Tally, weighted: bool, seed: int) -> dict[str, Any]:
    """Who or what a choice, multiple, ranked or list poll elected, with every tie-break."""
    counted = tally.weights if weighted else tally.heads
    unit = "weight" if weighted else "heads"
    if question.kind == "choice":
        return _choice(question, counted, unit, seed)
    if question.kind == "multiple":
        return _multiple(question, counted, unit, seed)
    if question.kind == "list":
        return _list(question, counted, unit, seed)
    if question.kind == "ranked":
        return _ranked(question, tally, seed)
    raise ValueError(f"no outcome for a {question.kind} question")


def _ranked_by_votes(
    options: Sequence[str], counted: Mapping[str, int], places: int, seed: int, purpose: str
) -> tuple[list[str], list[dict[str, Any]]]:
    # The `places` options with most votes; a tie across the last place is drawn by lot.
    order = sorted(options, key=lambda o: -counted[o])
    if places >= len(order):
        return order, []
    boundary = counted[order[places - 1]]
    sure = [o for o in order if counted[o] > boundary]
    tied = [o for o in order if counted[o] == boundary]
    need = places - len(sure)
    if len(tied) == need:
        return sure + tied, []
    drawn = sorted(tied)
    random.Random(seed).shuffle(drawn)
    breaks = [
        {
            "purpose": purpose,
            "tied": sorted(tied),
            "votes": boundary,
            "method": "lot",
            "seed": seed,
            "order": drawn,
            "chosen": drawn[:need],
        }
    ]
    return sure + drawn[:need], breaks


def _choice(question: Question, counted: Mapping[str, int], unit: str, seed: int) -> dict[str, Any]:
    cast = sum(counted[o] for o in question.options)
    top = max((counted[o] for o in question.options), default=0)
    leaders = [o for o in question.options if counted[o] == top]
    needed: int | None = None
    if question.threshold == "majority":
        needed = cast // 2 + 1
    elif question.threshold == "two-thirds":
        needed = -((-2 * cast) // 3)
    result: dict[str, Any] = {"unit": unit, "cast": cast, "threshold": question.threshold}
    if needed is not None:
        result["needed"] = needed
    if cast == 0 or (needed is not None and top < needed):
        result.update(chosen=None, reason="no option reached the threshold")
        return result
    chosen, breaks = _ranked_by_votes(leaders, counted, 1, seed, "the choice")
    result.update(chosen=chosen[0], tie_breaks=breaks)
    return result


def _multiple(
    question: Question, counted: Mapping[str, int], unit: str, seed: int
) -> dict[str, Any]:
    standing = [o for o in question.options if counted[o] > 0]
    places = min(question.seats, len(standing))
    elected, breaks = _ranked_by_votes(standing, counted, places, seed, "the last seat")
    return {
        "unit": unit,
        "seats": question.seats,
        "elected": elected,
        "tie_breaks": breaks,
        "unfilled": question.seats - len(elected),
    }


def _list(question: Question, counted: Mapping[str, int], unit: str, seed: int) -> dict[str, Any]:
    from smolny.counting.apportionment import TieBreak

    method = list_method(question.counting or DEFAULT_LIST).apportion
    votes = {o: counted[o] for o in question.options}
    if not any(votes.values()):  # every ballot abstained: there is nothing to apportion
        return {
            "unit": unit,
            "seed": seed,
            "apportionment": None,
            "unfilled": question.seats,
            "reason": "no list received votes",
        }
    result = method.evaluate(votes, question.seats, tie_break=TieBreak(seed=seed))
    return {"unit": unit, "seed": seed, "apportionment": result.record()}


def _ranked(question: Question, tally: Tally, seed: int) -> dict[str, Any]:
    from smolny.counting.stv import Ballot, Candidate, Election, Lot

    method = question.counting or DEFAULT_RANKED
    seats = min(question.seats, len(question.options))
    if not tally.rankings:  # every ballot was blank: nobody is elected (not by lot)
        return {
            "method": method,
            "seed": seed,
            "count": None,
            "elected": [],
            "unfilled": seats,
            "reason": "no ballot ranked a candidate",
        }
    number = {name: i for i, name in enumerate(question.options, start=1)}
    papers = tuple(
        Ballot(weight, tuple(number[name] for name in ranking))
        for ranking, weight in sorted(tally.rankings.items())
    )
    election = Election(tuple(Candidate(i, name) for name, i in number.items()), seats, papers)
    counter, options = parse_counting(method)
    counted = counter.run(election, seats, Lot(seed=seed), options)
    return {"method": method, "seed": seed, "count": counter.to_json(counted, election)}


def check_bounds(question: Question, voters: int) -> None:
    """Refuse (`bounds.BoundExceeded`) a poll whose count at the close, with at most one
    paper a voter of the register, could pass the bounds of `counting.bounds`: checked at
    the opening, so that no close is ever refused for the work of its count."""
    if question.kind == "ranked":
        counter, _ = parse_counting(question.counting or DEFAULT_RANKED)
        bounds.check_ranked(counter.key, len(question.options), question.seats, voters)
    elif question.kind == "list":
        method = list_method(question.counting or DEFAULT_LIST).apportion
        bounds.check_apportionment(method.per_seat, question.seats, [0] * len(question.options))


def most_candidates(counting: str) -> int | None:
    """How many candidates a ranked poll counted by `counting` may have (None: any)."""
    return parse_counting(counting)[0].max_candidates


def option_name(text: str) -> str:
    """An option's name as the record holds it, and as a ballot's answer is matched to it:
    in Unicode's composed form, NFC (docs/record-format.md 1.2, *Names*). "José" typed with a
    combining accent (NFD, as some keyboards and systems send it) is the same option as
    "José" with its precomposed "é"."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _answer(value: Any) -> Any:
    # a vote's answer (a text) as it names an option (`option_name`); anything else as sent
    return option_name(value) if type(value) is str else value


def check_options(options: Iterable[str]) -> tuple[str, ...]:
    """Options as given, stripped and in NFC (`option_name`); ValueError naming the first
    that is unusable, or two that are the same once in NFC."""
    out: dict[str, str] = {}  # each option, by how it was typed (stripped)
    for raw in options:
        name = option_name(raw.strip()) if isinstance(raw, str) else ""
        if not name or len(name) > MAX_OPTION or any(ord(ch) < 32 for ch in name):
            raise ValueError(f"option {raw!r} must be 1-{MAX_OPTION} printable characters")
        hidden = hidden_character(name)
        if hidden is not None:
            raise ValueError(
                f"option {name!r} holds {hidden}, which changes how it is shown: an option (a "
                "candidate, a list) may not hold it"
            )
        if name == ABSTAIN:
            raise ValueError("'abstain' is not an option: every ballot may abstain")
        if name in out:
            if out[name] != raw.strip():
                raise ValueError(
                    f"option {name!r} is given twice: two options are the same once written "
                    "in Unicode's composed form (NFC), as they would show the same on a ballot"
                )
            raise ValueError(f"option {name!r} is given twice")
        out[name] = raw.strip()
    if len(out) > MAX_OPTIONS:
        raise ValueError(f"at most {MAX_OPTIONS} options")
    return tuple(out)


# -- a joint session's poll counted by body (see smolny.domain.joint) ------------------------


def split_by_body(
    question: Question,
    ballots: Iterable[tuple[str, str]],
    bodies: Mapping[str, str],
    order: Sequence[str],
) -> tuple[tuple[str, Tally], ...]:
    """A named box's ballots, (hash, canonical text) as `read_box` checked them, counted
    apart by the body each voter sits for (`bodies`: voter -> body), in `order`."""
    tallies = {body: empty_tally(question) for body in order}
    for _, text in ballots:
        ballot = json.loads(text)
        add_ballot(tallies[bodies[ballot["voter"]]], question, ballot, int(ballot["weight"]))
    return tuple((body, tallies[body]) for body in order)
