"""The pages' languages: every string of every template has a Russian translation, the
language is chosen as documented, and numbers and dates follow the locale."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from smolny.web import i18n

TEMPLATES = Path(i18n.__file__).parent / "screens" / "templates"


def template_messages() -> dict[str | tuple[str, str], str]:
    """msgid (or a plural's (singular, plural)) -> where it is used, for every
    translatable string in the templates."""
    found: dict[str | tuple[str, str], str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(TEMPLATES),
        method_map=[("**.html", "jinja2")],
        options_map={"**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true"}},
    ):
        if isinstance(message, tuple):
            message = (message[0], message[1])
        if message:
            found.setdefault(message, f"{filename}:{lineno}")
    return found


def _translated(russian: gettext.NullTranslations, message: str | tuple[str, str]) -> bool:
    if isinstance(message, tuple):  # a plural: every Russian form differs from the English
        singular, plural = message
        return russian.ngettext(singular, plural, 1) != singular and all(
            russian.ngettext(singular, plural, n) != plural for n in (2, 5)
        )
    return russian.gettext(message) != message


def test_every_template_string_has_a_russian_translation() -> None:
    messages = template_messages()
    assert len(messages) > 10  # the extraction itself works
    russian = i18n.translations("ru")
    missing = [
        f"{where}: {message!r}"
        for message, where in sorted(messages.items(), key=lambda m: m[1])
        if not _translated(russian, message)
    ]
    assert not missing, "untranslated:\n" + "\n".join(missing)


@pytest.mark.parametrize(
    ("header", "chosen"),
    [
        ("ru-RU,ru;q=0.9,en;q=0.8", "ru"),
        ("de-DE,de;q=0.9", "en"),
        ("en;q=0.3, ru;q=0.7", "ru"),
        ("ru;q=0, en", "en"),
        ("", "en"),
        ("garbage;q=x, ru", "ru"),
    ],
)
def test_the_language_follows_accept_language(header: str, chosen: str) -> None:
    assert i18n.from_header(header) == chosen


def test_numbers_and_dates_follow_the_locale() -> None:
    with i18n.active("ru"):
        assert i18n.number(12345.5) == "12\xa0345,5"
        assert "2026" in i18n.when("2026-11-07T22:40:00Z") and "нояб" in i18n.when(
            "2026-11-07T22:40:00Z"
        )
        assert i18n._("Log in") == "Войти"
    with i18n.active("en"):
        assert i18n.number(12345.5) == "12,345.5"
        assert i18n.when("2026-11-07T22:40:00Z") == "7 November 2026, 22:40:00"
        assert i18n._("Log in") == "Log in"
