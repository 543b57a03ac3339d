"""The verifier's own arithmetic (`smolny.record`: apportion, stv, decisions) agrees with
the writer's (`smolny.counting`) wherever the writer is right: on random apportionments,
ranked counts and decisions, and on the Scottish elections of the corpus.

The two share no code; the tests hold them side by side, so that a change to either that
the other does not follow (and docs/record-format.md, section 7, does not say) fails here.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smolny.counting.apportionment import ApportionmentError, DeclinedSeats, TieBreak, method_named
from smolny.counting.irv import count_irv
from smolny.counting.meek import count_meek
from smolny.counting.methods import poll_countings
from smolny.counting.scottish import count_scottish
from smolny.counting.stv import Ballot, Candidate, Election, Lot
from smolny.counting.thresholds import Basis, Rule, Tally, Threshold, TieRule, Unit, decide
from smolny.counting.trace import to_json
from smolny.domain import polls
from smolny.record import apportion, decisions, outcomes, stv
from smolny.record import recount as verifier_tally
from smolny.record.entry import make_entry
from smolny.record.outcomes import without_wording
from smolny.record.rulebooks import QuorumRule, RulebookFacts

# The Scottish elections sit beside the repository, as for tests/counting.
CORPUS = sorted(
    (Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "scottish-stv").glob(
        "*/*.blt"
    )
)
COUNTERS = {"scottish-stv": count_scottish, "meek": count_meek, "irv": count_irv}


# -- apportionment ----------------------------------------------------------------------------


@st.composite
def apportionments(draw: st.DrawFn) -> dict[str, Any]:
    names = [f"f{i}" for i in range(draw(st.integers(1, 6)))]
    votes = {name: draw(st.sampled_from([0, 1, 2, 3, 5, 8, 10, 13, 20, 30, 47])) for name in names}
    declined = draw(st.lists(st.sampled_from(names), max_size=1, unique=True))
    reserved = [n for n in draw(st.lists(st.sampled_from(names), max_size=2, unique=True))]
    return {
        "method": draw(st.sampled_from(apportion.METHODS)),
        "votes": votes,
        "seats": draw(st.integers(1, 15)),
        "threshold": draw(st.sampled_from([None, 5, 10, Fraction(25, 2)])),
        "declined": declined,
        "reserved": [n for n in reserved if n not in declined],
        "declined_seats": draw(st.sampled_from(["given", "empty"])),
        "seed": draw(st.integers(0, 2**52)),
    }


@settings(max_examples=400, deadline=None)
@given(apportionments())
def test_apportionments_agree(case: dict[str, Any]) -> None:
    try:
        written = method_named(case["method"]).evaluate(
            case["votes"],
            case["seats"],
            threshold=case["threshold"],
            declined=case["declined"],
            declined_seats=DeclinedSeats(case["declined_seats"]),
            reserved=case["reserved"],
            tie_break=TieBreak(seed=case["seed"]),
        )
    except ApportionmentError:
        with pytest.raises(apportion.Unverifiable):
            recount(case, apportion.Lot(case["seed"]))
        return
    assert recount(case, apportion.Lot(case["seed"])) == written.record()
    # a lot the body drew is read back from the record's own ties
    ordered = (
        method_named(case["method"])
        .evaluate(
            case["votes"],
            case["seats"],
            threshold=case["threshold"],
            declined=case["declined"],
            declined_seats=DeclinedSeats(case["declined_seats"]),
            reserved=case["reserved"],
            tie_break=TieBreak(order=tuple(sorted(case["votes"], reverse=True))),
        )
        .record()
    )
    assert recount(case, apportion.Lot(None, ordered["ties"])) == ordered


def recount(case: dict[str, Any], lot: apportion.Lot) -> dict[str, Any]:
    threshold = case["threshold"]
    return apportion.allot(
        case["method"],
        case["votes"],
        case["seats"],
        lot=lot,
        threshold=None if threshold is None else Fraction(threshold),
        declined=case["declined"],
        declined_seats=case["declined_seats"],
        reserved=case["reserved"],
    )


# -- ranked counts ----------------------------------------------------------------------------


@st.composite
def ranked_polls(draw: st.DrawFn) -> tuple[str, list[str], dict[tuple[str, ...], int], int, int]:
    options = [f"c{i}" for i in range(draw(st.integers(2, 7)))]
    rankings: dict[tuple[str, ...], int] = {}
    for _ in range(draw(st.integers(1, 30))):
        ranking = tuple(draw(st.permutations(options))[: draw(st.integers(1, len(options)))])
        rankings[ranking] = rankings.get(ranking, 0) + draw(st.sampled_from([1, 1, 1, 2, 5]))
    method = draw(st.sampled_from(sorted(COUNTERS)))
    seats = 1 if method == "irv" else draw(st.integers(1, len(options)))
    return method, options, rankings, seats, draw(st.integers(0, 2**52))


def written_count(
    method: str, options: list[str], rankings: dict[tuple[str, ...], int], seats: int, seed: int
) -> dict[str, Any]:
    number = {name: i for i, name in enumerate(options, start=1)}
    papers = tuple(
        Ballot(weight, tuple(number[n] for n in ranking))
        for ranking, weight in sorted(rankings.items())
    )
    election = Election(tuple(Candidate(i, n) for n, i in number.items()), seats, papers)
    return to_json(COUNTERS[method](election, seats, Lot(seed=seed)), election)


@settings(max_examples=400, deadline=None)
@given(ranked_polls())
def test_ranked_counts_agree(
    case: tuple[str, list[str], dict[tuple[str, ...], int], int, int],
) -> None:
    method, options, rankings, seats, seed = case
    written = written_count(method, options, rankings, seats, seed)
    recounted = stv.count(method, stv.Ballots.of(options, rankings, seats, seed))
    assert without_wording(recounted) == without_wording(written)


# -- orders: Schulze and Borda, as a ranked poll's outcome ------------------------------------


@st.composite
def ordered_polls(draw: st.DrawFn) -> tuple[str, list[str], dict[tuple[str, ...], int], int, int]:
    # few papers of small weights over few candidates: cycles and level scores are common
    options = [f"c{i}" for i in range(draw(st.integers(1, 6)))]
    rankings: dict[tuple[str, ...], int] = {}
    for _ in range(draw(st.integers(1, 8))):
        ranking = tuple(draw(st.permutations(options))[: draw(st.integers(1, len(options)))])
        rankings[ranking] = rankings.get(ranking, 0) + draw(st.sampled_from([1, 1, 2, 3]))
    counting = draw(st.sampled_from(poll_countings()[3:] + ("borda:dowdall,zero",)))
    return counting, options, rankings, draw(st.integers(1, 7)), draw(st.integers(0, 2**52))


@settings(max_examples=400, deadline=None)
@given(ordered_polls())
def test_schulze_and_borda_outcomes_agree(
    case: tuple[str, list[str], dict[tuple[str, ...], int], int, int],
) -> None:
    counting, options, rankings, seats, seed = case
    seats = min(seats, len(options))
    written_question = polls.Question("ranked", tuple(options), seats, counting)
    written_tally = polls.Tally(rankings=dict(sorted(rankings.items())))
    written = polls.outcome(written_question, written_tally, False, seed)
    tally = verifier_tally.Tally({}, {}, rankings=rankings)
    question = verifier_tally.Question("ranked", tuple(options), seats, counting)
    recounted = outcomes.outcome(question, tally, "heads", seed)
    assert outcomes.compare(written, recounted, ranked=True) is None
    assert without_wording(recounted) == without_wording(written)


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS, reason="the Scottish corpus (shared/data/scottish-stv) is absent")
@pytest.mark.parametrize("path", CORPUS[::10], ids=lambda p: p.stem)
def test_the_scottish_corpus_is_counted_alike(path: Path) -> None:
    from smolny.counting.blt import read_blt

    election = read_blt(path.read_text(encoding="utf-8"), path.name)
    if election.withdrawn:
        pytest.skip("a poll has no withdrawn candidates")
    written = to_json(count_scottish(election, lot=Lot(seed=1)), election)
    rankings: dict[tuple[str, ...], int] = {}
    names = [str(c.number) for c in election.candidates]
    for ballot in election.ballots:
        if ballot.preferences and ballot.weight:
            key = tuple(names[p - 1] for p in ballot.preferences)
            rankings[key] = rankings.get(key, 0) + ballot.weight
    recounted = stv.count("scottish-stv", stv.Ballots.of(names, rankings, election.seats, 1))
    for count in (written, recounted):
        count.pop("invalid_papers")
        for item in [*count["elected"], *(c for s in count["stages"] for c in _named(s))]:
            item.pop("name")
    assert without_wording(recounted) == without_wording(written)


def _named(stage: dict[str, Any]) -> list[dict[str, Any]]:
    found = [*stage["elected"], *stage["excluded"]]
    if stage["candidate"] is not None:
        found.append(stage["candidate"])
    for tie in stage["tie_breaks"]:
        found += [*tie["tied"], tie["chosen"]]
    return found


# -- decisions --------------------------------------------------------------------------------


@st.composite
def decided(draw: st.DrawFn) -> tuple[Threshold, Tally, bool | None, str]:
    rule = draw(st.sampled_from(list(Rule)))
    basis = Basis.VOTES_CAST if rule is Rule.SIMPLE else draw(st.sampled_from(list(Basis)))
    unit = draw(st.sampled_from(list(Unit)))
    if unit is Unit.WEIGHT and rule is not Rule.SIMPLE:
        basis = draw(st.sampled_from([Basis.VOTES_CAST, Basis.VALID_VOTES]))
    ties = draw(st.sampled_from(list(TieRule)))
    yes, no, abstain = (draw(st.integers(0, 12)) for _ in range(3))
    present = yes + no + abstain + draw(st.integers(0, 5))
    tally = Tally(
        yes,
        no,
        abstain,
        unit=unit,
        present=present if unit is Unit.HEADS else None,
        members=present + draw(st.integers(0, 5)) if unit is Unit.HEADS else None,
    )
    carried_by = draw(st.sampled_from(["yes", "no"]))
    return (
        Threshold(rule, basis, ties),
        tally,
        draw(st.sampled_from([None, True, False])),
        carried_by,
    )


@settings(max_examples=500, deadline=None)
@given(decided())
def test_decisions_agree(case: tuple[Threshold, Tally, bool | None, str]) -> None:
    threshold, tally, casting, carried_by = case
    counted = tally
    if carried_by == "no":  # the engine swaps before deciding; the record keeps yes and no
        counted = Tally(
            tally.no, tally.yes, tally.abstain, tally.unit, tally.present, tally.members
        )
    try:
        decision = decide(threshold, counted, casting)
    except Exception:
        return  # a tie the chair must break without a casting vote: no such record
    number = decisions.number_text
    data = {
        "question": "m1",
        "threshold": threshold.key,
        "yes": tally.yes,
        "no": tally.no,
        "abstain": tally.abstain,
        "unit": tally.unit.value,
        "carried_by": carried_by,
        "base": number(Fraction(decision.base)),
        "required": number(Fraction(decision.required)),
        "strict": decision.strict,
        "tie": decision.tie,
        "casting_vote": casting if decision.tie else None,
        "present_count": tally.present,
        "members": tally.members,
    }
    kind = "motion.adopted" if decision.adopted else "motion.rejected"
    entry = make_entry(1, "1917-10-25T20:00:00.000000Z", kind, "system", data, "0" * 64)
    facts = RulebookFacts(QuorumRule("number", 1), ties=threshold.ties.value)
    assert decisions.check(entry, facts) is None
    assert decisions.check(entry, None) is None  # a rulebook smolny does not ship
    other = "motion.rejected" if decision.adopted else "motion.adopted"
    forged = make_entry(1, "1917-10-25T20:00:00.000000Z", other, "system", data, "0" * 64)
    assert decisions.check(forged, facts) is not None
