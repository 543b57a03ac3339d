"""Languages: gettext catalogues (Babel), the language in force, dates and numbers.

The catalogues are `smolny/locale/<lang>/LC_MESSAGES/*.po`, one file per screen or
document so that each one's strings live beside each other; all of a language's files
make one catalogue, compiled in memory when first needed (no compiled `.mo` files to keep
in step). English is the source language.

The screens (`smolny.web.i18n` chooses a request's language) and the documents
(`smolny.documents`: minutes, slips, posters) both translate through this module, each
inside `active(lang)`. Dates and numbers are formatted in that language by Babel.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_datetime, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

LANGUAGES = {"en": "English", "ru": "Русский"}
DEFAULT = "en"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

_current: contextvars.ContextVar[str] = contextvars.ContextVar("smolny_lang", default=DEFAULT)


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """All of `lang`'s catalogues as one (English: the strings as written)."""
    merged: gettext.NullTranslations = gettext.NullTranslations()
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    for po in sorted(folder.glob("*.po")) if lang != DEFAULT else ():
        with po.open("rb") as file:
            catalog = read_po(file, locale=lang)
        compiled = io.BytesIO()
        write_mo(compiled, catalog)
        compiled.seek(0)
        one = gettext.GNUTranslations(compiled)
        one.add_fallback(merged)
        merged = one
    return merged


def from_header(header: str) -> str:
    """The best of our languages for an Accept-Language header."""
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().split("-")[0].lower()
        if primary in LANGUAGES and quality > 0:
            weighted.append((-quality, position, primary))
    return min(weighted)[2] if weighted else DEFAULT


@contextmanager
def active(lang: str) -> Iterator[None]:
    """Translate into `lang` within the block (templates render inside it)."""
    token = _current.set(lang)
    try:
        yield
    finally:
        _current.reset(token)


def current() -> str:
    """The language in force."""
    return _current.get()


def _(message: str, **values: object) -> str:
    """`message` in the current language, %-formatted with `values` (as in templates)."""
    text = translations(_current.get()).gettext(message)
    return text % values if values else text


def ngettext(singular: str, plural: str, n: int, **values: object) -> str:
    """The singular or plural of a message, for `n`, in the current language."""
    text = translations(_current.get()).ngettext(singular, plural, n)
    return text % {"num": n, **values}


def pgettext(context: str, message: str, **values: object) -> str:
    """`message` in `context`, in the current language."""
    text = translations(_current.get()).pgettext(context, message)
    return text % values if values else text


def _locale() -> Locale:
    try:
        return Locale.parse(_current.get())
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT)


def number(value: object) -> str:
    """A number as the user writes it (1,234.5 or 1 234,5)."""
    if value is None or value == "":
        return ""
    return str(format_decimal(value, locale=_locale()))  # type: ignore[arg-type]


def percent(value: float) -> str:
    """A share as a percentage in the current language."""
    return str(format_percent(value, locale=_locale(), format="#,##0.#%"))


# a moment written out, the month in words and the day first, in either language ("6
# December 2026, 10:31"; "6 декабря 2026, 10:31"), never "12/6/26"
_WRITTEN = {
    "short": "d MMMM y, HH:mm",
    "medium": "d MMMM y, HH:mm:ss",
    "long": "d MMMM y, HH:mm:ss z",
}


def when(
    value: str | dt.datetime | None, form: str = "medium", zone: dt.tzinfo | None = None
) -> str:
    """A moment of the record (an ISO 8601 string in UTC) in the user's locale, in `zone`
    (a body's own time zone; default UTC), the date written out: `short` to the minute,
    `medium` to the second, `long` with the zone."""
    if not value:
        return ""
    moment = (
        dt.datetime.fromisoformat(value.replace("Z", "+00:00")) if isinstance(value, str) else value
    )
    pattern = _WRITTEN.get(form, form)
    return str(format_datetime(moment, format=pattern, tzinfo=zone or dt.UTC, locale=_locale()))


def clock(value: str | dt.datetime | None, zone: dt.tzinfo | None = None) -> str:
    """The time of day of a moment (hours, minutes and seconds), in `zone` (default UTC)."""
    if not value:
        return ""
    moment = (
        dt.datetime.fromisoformat(value.replace("Z", "+00:00")) if isinstance(value, str) else value
    )
    return str(format_time(moment, format="medium", tzinfo=zone or dt.UTC, locale=_locale()))
