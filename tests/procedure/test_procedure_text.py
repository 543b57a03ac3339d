"""Amendments as changes to the text (smolny.procedure.text) and through the engine: insert,
strike, strike and insert, substitute, at a place given by word offsets or by a passage."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smolny.procedure import Change, Move
from smolny.procedure.text import (
    INSERT,
    STRIKE,
    STRIKE_INSERT,
    SUBSTITUTE,
    Edit,
    PlaceError,
    apply,
    describe,
    preview,
    resolve,
    words_of,
)

DECREE = "The congress demands an immediate peace, bread and land for all."


def amended(text: str, change: Change) -> str:
    return apply(text, resolve(text, change))


def test_insert_after_before_at_a_word_and_at_the_end() -> None:
    assert amended(DECREE, Change(INSERT, "just", before="peace")) == (
        "The congress demands an immediate just peace, bread and land for all."
    )
    assert amended(DECREE, Change(INSERT, "and liberty", after="land")) == (
        "The congress demands an immediate peace, bread and land and liberty for all."
    )
    assert amended(DECREE, Change(INSERT, "Comrades:", span=(0, 0))).startswith(
        "Comrades: The congress"
    )
    assert amended("That we meet", Change(INSERT, "on Friday")) == "That we meet on Friday"


def test_strike_leaves_no_double_space_and_no_space_before_a_comma() -> None:
    assert amended(DECREE, Change(STRIKE, strike="immediate")) == (
        "The congress demands an peace, bread and land for all."
    )
    assert amended(DECREE, Change(STRIKE, strike="immediate peace")) == (
        "The congress demands an, bread and land for all."
    )
    assert amended(DECREE, Change(STRIKE, strike="The")) == (
        "congress demands an immediate peace, bread and land for all."
    )
    assert amended("peace and land, bread", Change(STRIKE, strike="and land")) == "peace, bread"


def test_strike_and_insert_and_substitute() -> None:
    assert amended(DECREE, Change(STRIKE_INSERT, "freedom", strike="bread")) == (
        "The congress demands an immediate peace, freedom and land for all."
    )
    assert amended(DECREE, Change(SUBSTITUTE, "All power to the soviets.")) == (
        "All power to the soviets."
    )


def test_the_occurrence_chooses_among_repeated_words() -> None:
    text = "land to the peasants and land to the workers"
    edit = resolve(text, Change(STRIKE_INSERT, "factories", strike="land", occurrence=2))
    assert (edit.start, edit.end) == (5, 6)
    assert apply(text, edit) == "land to the peasants and factories to the workers"
    assert describe(text, edit) == "to strike “land” after “and” and insert “factories”"


def test_a_passage_matches_whole_words_only() -> None:
    with pytest.raises(PlaceError, match="“peace” are not in the text"):
        resolve("peaceful coexistence", Change(STRIKE, strike="peace"))


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (Change(STRIKE, strike="war"), "the words “war” are not in the text"),
        (Change(STRIKE, strike="peace", occurrence=2), "occur once in the text, not 2 times"),
        (Change(STRIKE, span=(3, 30)), "the text has 13 words: there are no words 3 to 30"),
        (Change(INSERT, "x", span=(2, 4)), "an insertion goes at one place"),
        (Change(INSERT, "x", after="tsar"), "the words “tsar” are not in the text"),
        (Change(STRIKE_INSERT, "", strike="peace"), "say what words to insert"),
        (Change("rewrite", "x"), "not 'rewrite'"),
    ],
)
def test_a_place_that_is_not_there_is_refused_naming_it(change: Change, says: str) -> None:
    with pytest.raises(PlaceError, match=says):
        resolve(DECREE, change)


def test_the_amendment_in_words() -> None:
    def said(change: Change) -> str:
        return describe(DECREE, resolve(DECREE, change))

    assert said(Change(STRIKE_INSERT, "freedom", strike="bread")) == (
        "to strike “bread” and insert “freedom”"
    )
    assert said(Change(INSERT, "just", before="peace")) == "to insert “just” after “immediate”"
    assert said(Change(INSERT, "now")) == "to insert “now” at the end"
    assert said(Change(STRIKE, strike="immediate")) == "to strike “immediate”"
    assert said(Change(SUBSTITUTE, "Peace.")) == "to substitute “Peace.” for the text"


def test_the_preview_marks_what_is_struck_and_inserted() -> None:
    segments = preview(DECREE, resolve(DECREE, Change(STRIKE_INSERT, "freedom", strike="bread")))
    assert [(s.kind, s.text) for s in segments] == [
        ("kept", "The congress demands an immediate peace, "),
        ("struck", "bread"),
        ("inserted", "freedom"),
        ("kept", " and land for all."),
    ]


# -- invariants ------------------------------------------------------------------------------

WORD = st.text(alphabet="abcdeéжы", min_size=1, max_size=6)
PUNCT = st.sampled_from(["", "", "", ",", ".", ";", ":"])
TOKEN = st.builds(lambda w, p: w + p, WORD, PUNCT)
TEXT = st.lists(TOKEN, min_size=0, max_size=12).map(" ".join)
INSERTED = st.lists(WORD, min_size=1, max_size=4).map(" ".join)


@given(TEXT, INSERTED, st.data())
def test_inserting_words_then_striking_them_gives_the_original(
    text: str, words: str, data: st.DataObject
) -> None:
    count = len(words_of(text))
    at = data.draw(st.integers(0, count))
    with_them = amended(text, Change(INSERT, words, span=(at, at)))
    size = len(words_of(words))
    struck = resolve(with_them, Change(STRIKE, span=(at, at + size)))
    assert apply(with_them, struck) == text


@given(TEXT, INSERTED, st.data())
def test_the_preview_holds_the_text_and_the_text_as_amended(
    text: str, words: str, data: st.DataObject
) -> None:
    count = len(words_of(text))
    operation = data.draw(st.sampled_from([INSERT, STRIKE, STRIKE_INSERT, SUBSTITUTE]))
    start = data.draw(st.integers(0, count))
    end = data.draw(st.integers(start, count))
    if operation in (STRIKE, STRIKE_INSERT) and start == end:
        return
    if operation == INSERT:
        end = start
    edit = resolve(text, Change(operation, words, span=(start, end)))
    segments = preview(text, edit)
    assert "".join(s.text for s in segments if s.kind != "inserted") == text
    assert "".join(s.text for s in segments if s.kind != "struck") == apply(text, edit)


@given(TEXT, st.data())
def test_a_passage_found_is_the_passage_quoted(text: str, data: st.DataObject) -> None:
    words = words_of(text)
    if not words:
        return
    start = data.draw(st.integers(0, len(words) - 1))
    end = data.draw(st.integers(start + 1, len(words)))
    passage = " ".join(words[start:end])
    occurrence = 1 + sum(" ".join(words[i : i + end - start]) == passage for i in range(start))
    edit = resolve(text, Change(STRIKE, strike=passage, occurrence=occurrence))
    assert (edit.start, edit.end) == (start, end)


# -- through the engine ------------------------------------------------------------------------


def test_a_strike_and_insert_amendment_moved_recorded_and_adopted(robert, make_chair) -> None:
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text=DECREE)
    change = Change(STRIKE_INSERT, "freedom", strike="bread")
    chair.move("a", "amend", "d3", "d4", change=change)
    moved = next(e for e in chair.events if e.kind == "motion.moved" and e.data["question"] == "a")
    assert moved.data["change"] == {"operation": "strike-insert", "span": [7, 8]}
    assert (moved.data["strike"], moved.data["text"]) == ("bread", "freedom")
    assert chair.state.question("a").change == Edit(STRIKE_INSERT, 7, 8, "freedom")
    chair.vote("a", 6, 2)
    assert chair.state.question("m").amended_text == (
        "The congress demands an immediate peace, freedom and land for all."
    )
    decision = chair.vote("m", 7, 1)
    assert decision.data["text"] == (
        "The congress demands an immediate peace, freedom and land for all."
    )


def test_a_secondary_amendment_changes_the_words_a_primary_inserts(robert, make_chair) -> None:
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text="That we meet on Monday")
    chair.move("a1", "amend", "d3", "d4", change=Change(INSERT, "at noon", after="Monday"))
    chair.move("a2", "amend", "d5", "d6", change=Change(STRIKE_INSERT, "midnight", strike="noon"))
    chair.vote("a2", 6, 2)
    chair.vote("a1", 6, 2)
    assert chair.state.question("m").amended_text == "That we meet on Monday at midnight"


def test_the_engine_refuses_a_place_not_in_the_text(robert, make_chair) -> None:
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text="That we meet on Monday")
    refused = chair.refuse(Move("a", "amend", "d3", change=Change(STRIKE, strike="Tuesday")))
    assert refused.rule == "amendment-place"
    assert refused.reason == "Amend: the words “Tuesday” are not in the text"
    assert chair.state.stack == ("m",)


def test_only_an_amendment_changes_words_at_a_place(robert, make_chair) -> None:
    chair = make_chair(robert)
    chair.move("m", "main", "d1", "d2", text="That we meet on Monday")
    refused = chair.refuse(Move("c", "commit", "d3", change=Change(STRIKE, strike="Monday")))
    assert refused.rule == "not-an-amendment"


def test_a_closed_speakers_list_is_reopened(robert, make_chair) -> None:
    from smolny.procedure import CloseList, ReopenList, RequestFloor

    chair = make_chair(robert)
    chair.do(CloseList())
    assert chair.refuse(RequestFloor("d1")).rule == "list-closed"
    chair.do(ReopenList())
    assert chair.kinds()[-1] == "speakers.reopened"
    chair.do(RequestFloor("d1"))
    assert chair.refuse(ReopenList()).rule == "list-open"
