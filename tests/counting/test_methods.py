"""The one table of counting methods (counting.methods), and the places that read it."""

from __future__ import annotations

import pytest

from smolny.counting import apportionment
from smolny.counting.blt import read_blt
from smolny.counting.methods import (
    DEFAULT_LIST,
    DEFAULT_RANKED,
    LIST,
    LIST_METHODS,
    RANKED,
    RANKED_METHODS,
    TABLE,
    keys,
    list_method,
    parse_counting,
    poll_countings,
    ranked_method,
)
from smolny.counting.stv import CountError

# Three candidates, two seats: 4 papers for 1 then 2, 3 for 2, 2 for 3 then 1.
SMALL = '3 2\n4 1 2 0\n3 2 0\n2 3 1 0\n0\n"Ada"\n"Bo"\n"Cy"\n"Small"\n'


def test_every_key_is_in_the_table_once() -> None:
    everything = [m.key for m in TABLE]
    assert len(set(everything)) == len(everything)
    assert keys(RANKED) == ("scottish-stv", "meek", "irv", "schulze", "borda")
    assert keys(LIST) == (
        "dhondt",
        "sainte-lague",
        "modified-sainte-lague",
        "huntington-hill",
        "hare",
        "droop",
    )
    assert {m.kind for m in RANKED_METHODS} == {RANKED}
    assert {m.kind for m in LIST_METHODS} == {LIST}
    assert DEFAULT_RANKED in keys(RANKED) and DEFAULT_LIST in keys(LIST)


def test_the_list_methods_are_the_apportionment_methods() -> None:
    assert [(m.key, m.name, m.apportion) for m in LIST_METHODS] == [
        (key, method.title, method) for key, method in apportionment.METHODS.items()
    ]
    assert list_method("dhondt").apportion is apportionment.DHONDT


def test_each_ranked_method_counts_and_says_what_it_needs() -> None:
    election = read_blt(SMALL, "small.blt")
    for method in RANKED_METHODS:
        assert method.name and method.summary
        if method.one_seat:
            with pytest.raises(CountError, match="fills one seat"):
                method.count(election, None, None)
            assert len(method.count(election, 1, None).elected) == 1
        else:
            result = method.count(election, None, None)
            assert len(result.elected) == 2
            assert method.to_json(result, election)["elected"][0]["name"] == "Ada"
            assert "Elected: Ada" in method.render_text(result, election)
    assert [m.key for m in RANKED_METHODS if m.one_seat] == ["irv"]


def test_an_unknown_key_is_refused() -> None:
    with pytest.raises(KeyError):
        ranked_method("copeland")
    with pytest.raises(apportionment.ApportionmentError, match="unknown apportionment method"):
        list_method("scottish-stv")


def test_the_command_line_the_api_and_the_polls_offer_the_table() -> None:
    from smolny.cli import apportion, count
    from smolny.domain import polls
    from smolny.web.api.counting import ApportionIn, CountIn

    assert keys(RANKED) == count.METHODS
    assert poll_countings() == polls.RANKED_COUNTS
    assert apportion.METHODS == polls.LIST_COUNTS == keys(LIST)
    ranked = CountIn.model_json_schema()["properties"]["method"]
    assert (tuple(ranked["enum"]), ranked["default"]) == (keys(RANKED), DEFAULT_RANKED)
    assert tuple(ApportionIn.model_json_schema()["properties"]["method"]["enum"]) == keys(LIST)


def test_the_options_of_a_ranked_method_are_checked_against_the_table() -> None:
    election = read_blt(SMALL, "small.blt")
    schulze = ranked_method("schulze")
    assert [o.name for o in schulze.options] == ["variant", "tie_rule"]
    assert schulze.run(election, 1, None, {"variant": "margins"}).variant == "margins"
    with pytest.raises(CountError, match="schulze takes no option 'scoring'"):
        schulze.run(election, 1, None, {"scoring": "dowdall"})
    with pytest.raises(CountError, match="variant 'copeland': choose one of"):
        schulze.run(election, 1, None, {"variant": "copeland"})
    borda = ranked_method("borda")
    assert borda.run(election, 1, None, {"scoring": "modified"}).unranked == "zero"
    with pytest.raises(CountError, match="takes no option"):
        ranked_method("meek").run(election, 1, None, {"tie_rule": "lot"})


def test_a_poll_names_a_ranked_count_and_its_options() -> None:
    assert poll_countings() == (
        "scottish-stv",
        "meek",
        "irv",
        "schulze",
        "schulze:margins",
        "borda",
        "borda:dowdall",
        "borda:modified",
        "borda:zero",
    )
    method, options = parse_counting("borda:dowdall,zero")
    assert (method.key, options) == ("borda", {"scoring": "dowdall", "unranked": "zero"})
    assert parse_counting("meek") == (ranked_method("meek"), {})
    for wrong, why in (
        ("borda:margins", "borda takes no option 'margins'"),
        ("borda:dowdall,modified", "scoring is given twice"),
        ("schulze:random-ballot", "takes no option"),  # a poll's ties go to its lot
        ("copeland", "no ranked count 'copeland'"),
    ):
        with pytest.raises(CountError, match=why):
            parse_counting(wrong)


def test_schulze_ranks_at_most_its_candidates() -> None:
    names = "".join(f'"c{i}"\n' for i in range(101))
    election = read_blt(f'101 1\n1 1 0\n0\n{names}"Many"\n', "many.blt")
    with pytest.raises(CountError, match="ranks at most 100 candidates, not 101"):
        ranked_method("schulze").run(election, 1, None)
    assert ranked_method("borda").run(election, 1, None).elected == (1,)
