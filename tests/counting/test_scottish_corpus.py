"""All 1,100 Scottish elections of `shared/data/scottish-stv`, checked against two oracles.

Approach: both oracles run live on every file. Measured on the development machine
(2 cores), over all 1,100 files: pref_voting's stv_scottish 28-30 s, stvpoll's
ScottishSTV 30 s; our count 1 s plus 3.5 s to read the files. That is about one
minute, under the three minutes below which the brief has them run live, so there is
no committed table of oracle results to drift out of date: each run asks the oracles.

Where they disagree, the statute decides (SSI 2007/42, Schedule 1, rules 45-52):

* stvpoll 0.5.6 elects differently in 10 files, every one a count in which two
  candidates reach the quota at the same stage. stvpoll then transfers both
  surpluses in one step, passing the first one's papers to the second (elected, so
  not a "continuing candidate" as rule 48(2) requires) and re-transferring them in
  the second surplus, whose total they inflate. `STVPOLL_WRONG` lists the files; the
  test asserts each is still wrong in stvpoll, and right (agreeing with pref_voting)
  in ours. test_scottish_oracle_defects.py shows the mechanism on five lines.
* pref_voting 1.18.2 elects as we do in all 1,100, but counts in floating point and
  leaves the value lost to truncation with the elected candidate, whom it then finds
  over the quota again and whose "surplus" it transfers again (extra stages). Its
  stage totals differ from the statute's by up to 0.054 of a vote here; we compare
  them within 0.1 after skipping its extra stages. No winner in the corpus changes by
  it, but one can: test_scottish_oracle_defects.py has a hand count where it does.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from scottish_oracles import (
    DATA,
    corpus_files,
    corpus_name,
    pref_voting_count,
    stvpoll_count,
)

from smolny.counting.blt import read_blt
from smolny.counting.scottish import count_scottish
from smolny.counting.stv import Election
from smolny.counting.trace import Result

pytestmark = pytest.mark.skipif(
    not corpus_files(), reason=f"Scottish corpus not found at {DATA} (shared/ beside the repo)"
)

TWO_ELECTED_AT_ONCE = (
    "two candidates reach the quota at stage 1; stvpoll passes papers between them"
)

# Files where stvpoll 0.5.6 elects other candidates than the statutory count.
STVPOLL_WRONG: dict[str, str] = {
    "5_cands/dumgal_2022_ward7.blt": TWO_ELECTED_AT_ONCE,
    "5_cands/north_lanarkshire_2022_ward12.blt": TWO_ELECTED_AT_ONCE,
    "5_cands/shetland_2017_ward7.blt": TWO_ELECTED_AT_ONCE,
    "5_cands/south_ayrshire_2012_ward3.blt": TWO_ELECTED_AT_ONCE,
    "6_cands/south_lanarkshire_2012_ward13.blt": TWO_ELECTED_AT_ONCE,
    "7_cands/falkirk_2022_ward6.blt": TWO_ELECTED_AT_ONCE,
    "7_cands/highland_2022_inverness_ness_side.blt": TWO_ELECTED_AT_ONCE,
    "7_cands/north_ayrshire_2017_ward1.blt": TWO_ELECTED_AT_ONCE,
    "7_cands/south_ayrshire_2012_ward4.blt": TWO_ELECTED_AT_ONCE,
    "8_cands/west_dunbartonshire_2017_ward2.blt": TWO_ELECTED_AT_ONCE,
}

STAGE_TOLERANCE = 0.1  # votes; pref_voting's drift measured at most 0.054 here


def distance(votes: dict[int, Fraction], snapshot: dict[int, float]) -> float:
    """The largest difference between our exact totals and an oracle's float ones."""
    return max(abs(float(v) - snapshot.get(c, 0.0)) for c, v in votes.items())


@pytest.fixture(scope="module")
def corpus() -> dict[str, tuple[Election, Result]]:
    counted = {}
    for path in corpus_files():
        election = read_blt(path.read_text(encoding="utf-8"), str(path))
        counted[corpus_name(path)] = (election, count_scottish(election))
    return counted


@pytest.fixture(scope="module")
def oracles(
    corpus: dict[str, tuple[Election, Result]],
) -> dict[str, tuple[list[int], list[dict[int, float]], list[int]]]:
    answers = {}
    for name, (election, _) in corpus.items():
        pv_elected, pv_stages = pref_voting_count(election)
        answers[name] = (pv_elected, pv_stages, stvpoll_count(election))
    return answers


def test_all_1100_files_are_read_and_counted(corpus: dict[str, tuple[Election, Result]]) -> None:
    assert len(corpus) == 1100
    for name, (election, result) in corpus.items():
        assert len(result.elected) == election.seats, name
        # No count in the corpus needs a lot (counting without one would have raised).
        assert result.lot is None
        for stage in result.stages:
            total = sum(stage.votes.values(), Fraction(0))
            total += stage.non_transferable_total + stage.truncation_loss_total
            assert total == result.valid_votes, (name, stage.number)


def test_pref_voting_elects_the_same_candidates_in_every_file(
    corpus: dict[str, tuple[Election, Result]],
    oracles: dict[str, tuple[list[int], list[dict[int, float]], list[int]]],
) -> None:
    differ = [n for n, (_, r) in corpus.items() if sorted(r.elected) != oracles[n][0]]
    assert differ == []


def test_stvpoll_agrees_except_where_it_breaks_rule_48(
    corpus: dict[str, tuple[Election, Result]],
    oracles: dict[str, tuple[list[int], list[dict[int, float]], list[int]]],
) -> None:
    differ = {n for n, (_, r) in corpus.items() if sorted(r.elected) != oracles[n][2]}
    assert differ == set(STVPOLL_WRONG), "stvpoll's disagreements changed: re-examine them"
    for name in STVPOLL_WRONG:
        _, result = corpus[name]
        # right in ours: the other oracle agrees with us ...
        assert sorted(result.elected) == oracles[name][0]
        # ... and the defect's trigger is there: two elected at the first stage.
        first = result.stages[0].decisions
        assert sum(1 for d in first if d.outcome == "elected") >= 2, name


def test_stage_totals_agree_with_pref_voting_within_its_float_error(
    corpus: dict[str, tuple[Election, Result]],
    oracles: dict[str, tuple[list[int], list[dict[int, float]], list[int]]],
) -> None:
    unmatched = []
    for name, (_, result) in corpus.items():
        snapshots = oracles[name][1]
        j = -1
        for stage in result.stages:
            # pref_voting may interpose stages re-transferring truncation residue:
            # allow it to skip up to three of its own stages to find ours.
            ahead = range(j + 1, min(j + 5, len(snapshots)))
            match = next(
                (i for i in ahead if distance(stage.votes, snapshots[i]) <= STAGE_TOLERANCE), None
            )
            if match is None:
                unmatched.append((name, stage.number))
                break
            j = match
    assert unmatched == []


def test_the_closest_margin_in_the_corpus(corpus: dict[str, tuple[Election, Result]]) -> None:
    # The data README: the closest real margin is 0.014 votes, in Cromarty Firth
    # (Highland 2012, ward 7). At stage 6 Fletcher trails Rattray by that much and is
    # excluded at stage 7; pref_voting's float totals agree on the order.
    election, result = corpus["8_cands/highland_2012_ward7.blt"]
    stage6 = result.stages[5].votes
    fletcher = next(c.number for c in election.candidates if "FLETCHER" in c.name)
    rattray = next(c.number for c in election.candidates if "RATTRAY" in c.name)
    margin = stage6[rattray] - stage6[fletcher]
    assert 0 < margin < Fraction(15, 1000) and round(float(margin), 3) == 0.014
    assert result.stages[6].subject == fletcher
    # Declared: Wilson, Finlayson, Smith and Rattray (Wikipedia, "Cromarty Firth
    # (ward)", councillors 2012; the Highland News of 4 May 2012 reports the recount).
    surnames = {election.name(c).split()[-2].upper() for c in result.elected}
    assert surnames == {"WILSON", "FINLAYSON", "SMITH", "RATTRAY"}


def test_meek_agrees_with_pref_voting_where_meek_and_the_statute_differ(
    corpus: dict[str, tuple[Election, Result]],
) -> None:
    # In Moray 2022 ward 4, Meek elects candidate 1 where the Scottish count elects 5.
    # pref_voting's stv_meek (floats, its own tolerance) is an independent Meek; it is
    # slow (seconds a file), so one discriminating file stands for the seven of a
    # 1-in-10 sample where the two methods differ, all of which it confirmed by hand run.
    from pref_voting.profiles_with_ties import ProfileWithTies
    from pref_voting.proportional_methods import stv_meek

    from smolny.counting.meek import count_meek
    from smolny.counting.stv import distinct_rankings

    election, scottish = corpus["5_cands/moray_2022_ward4.blt"]
    meek = count_meek(election)
    assert sorted(meek.elected) != sorted(scottish.elected)
    merged, _ = distinct_rankings(election)
    profile = ProfileWithTies(
        [{c: rank for rank, c in enumerate(ranking, start=1)} for ranking in merged],
        rcounts=list(merged.values()),
        candidates=list(election.running),
    )
    assert sorted(meek.elected) == sorted(stv_meek(profile, num_seats=election.seats))


def test_falkirk_north_2022_as_declared(corpus: dict[str, tuple[Election, Result]]) -> None:
    # Declared result (Falkirk Herald, "Falkirk Council elections: Falkirk North
    # result", 6 May 2022): first preferences Meiklejohn 2260, Bissett 1464, Bundy 857,
    # Sinclair 801, Burgess 399, McLaughlin 381, Arshad 294; elected Bundy, Bissett,
    # Meiklejohn and Sinclair. stvpoll elects Burgess instead of Bundy (STVPOLL_WRONG).
    election, result = corpus["7_cands/falkirk_2022_ward6.blt"]
    surname = {c.number: c.name.split()[-1].upper() for c in election.candidates}
    first = {surname[c]: v for c, v in result.stages[0].votes.items()}
    assert first == {
        "MEIKLEJOHN": 2260,
        "BISSETT": 1464,
        "BUNDY": 857,
        "SINCLAIR": 801,
        "BURGESS": 399,
        "MCLAUGHLIN": 381,
        "ARSHAD": 294,
    }
    assert {surname[c] for c in result.elected} == {"BUNDY", "BISSETT", "MEIKLEJOHN", "SINCLAIR"}
