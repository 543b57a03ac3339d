"""Words for people, not identifiers: every entry kind of the journal's catalogue, every
way of taking a vote, every counting method (and option a poll may name) and every kind
of poll question has words in English and in Russian; dates are written out."""

from __future__ import annotations

import pytest

from smolny import i18n
from smolny.counting import methods
from smolny.domain import polls
from smolny.i18n import words
from smolny.record import kinds


def both(say: object, key: str) -> tuple[str, str]:
    with i18n.active("en"):
        english = say(key)  # type: ignore[operator]
    with i18n.active("ru"):
        russian = say(key)  # type: ignore[operator]
    return english, russian


def assert_words(say: object, key: str) -> None:
    english, russian = both(say, key)
    assert english and english != key, f"{key}: no English words"
    assert russian != english, f"{key}: no Russian words ({english!r})"
    assert any("а" <= ch <= "я" for ch in russian.lower()), f"{key}: {russian!r}"


@pytest.mark.parametrize("kind", sorted(kinds.CATALOGUE))
def test_every_entry_kind_has_words_in_both_languages(kind: str) -> None:
    assert_words(words.entry_kind, kind)


@pytest.mark.parametrize("key", [m.key for m in methods.TABLE] + list(methods.poll_countings()))
def test_every_counting_method_has_words_in_both_languages(key: str) -> None:
    assert_words(words.counting_method, key)


@pytest.mark.parametrize("key", polls.METHODS)
def test_every_way_of_taking_a_vote_has_words_in_both_languages(key: str) -> None:
    assert_words(words.voting_method, key)


@pytest.mark.parametrize("key", polls.QUESTIONS)
def test_every_kind_of_poll_has_words_in_both_languages(key: str) -> None:
    assert_words(words.poll_kind, key)


def test_the_words_read_as_people_write() -> None:
    assert both(words.entry_kind, "speakers.closed") == (
        "The speakers' list was closed",
        "Список выступающих закрыт",
    )
    english, russian = both(words.voting_method, "electronic-named")
    assert english == "electronic named ballot" and "поимённое" in russian
    assert both(words.counting_method, "dhondt")[0] == "the D'Hondt method"
    assert words.entry_kind("some.future-kind") == "some.future-kind"  # shown, not lost


def test_dates_are_written_out_in_the_readers_language() -> None:
    assert both(words.date, "2026-12-06T10:31:00Z") == ("6 December 2026", "6 декабря 2026")
    with i18n.active("en"):
        assert i18n.when("2026-12-06T10:31:00Z", "short") == "6 December 2026, 10:31"
        assert i18n.number(1234567) == "1,234,567"
    with i18n.active("ru"):
        assert i18n.when("2026-12-06T10:31:00Z", "short") == "6 декабря 2026, 10:31"
        assert i18n.number(1234567) == "1\xa0234\xa0567"


def test_no_message_is_translated_two_ways_across_the_catalogues() -> None:
    from babel.messages.pofile import read_po

    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for po in sorted((i18n.LOCALE_DIR / "ru" / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as file:
            for message in read_po(file, locale="ru"):
                if not message.id or not isinstance(message.id, str) or message.context:
                    continue
                before = seen.setdefault(message.id, (po.name, str(message.string)))
                if before[1] != message.string and po.name == "words.po":
                    clashes.append((message.id, before, message.string))
    assert not clashes


def test_refusals_on_a_russian_screen_are_in_russian() -> None:
    with i18n.active("en"):
        assert words.refusal("poll-closed", "poll p1 is closed") == "poll p1 is closed"
    with i18n.active("ru"):
        said = words.refusal("repeated-candidate", "'Anna' is named twice on the ballot")
        assert said == "Кандидат указан дважды: каждого кандидата можно указать только один раз."
        assert words.refusal("some-new-rule", "as written") == "as written"


def test_how_lots_were_drawn_in_words() -> None:
    assert both(words.lot, "seeded draw (seed 42)") == (
        "a draw seeded with 42",
        "жеребьёвка с начальным числом 42",
    )
    with i18n.active("en"):
        assert words.lot("fixed order 3,1,2") == "a fixed order: 3, 1, 2"
        assert words.lot("random ballot, then lot: seeded draw (seed 11)") == (
            "a random ballot, then a draw seeded with 11"
        )
