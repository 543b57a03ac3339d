"""The language of a request; the catalogues, dates and numbers are `smolny.i18n`'s.

The language of a request is, in this order: `?lang=` (remembered in a cookie), the
`lang` cookie, the browser's Accept-Language, else English. Everything else is
re-exported from `smolny.i18n`, which the documents share.
"""

from __future__ import annotations

from starlette.requests import Request

from smolny.i18n import (
    DEFAULT,
    LANGUAGES,
    LOCALE_DIR,
    _,
    active,
    clock,
    current,
    from_header,
    ngettext,
    number,
    percent,
    pgettext,
    translations,
    when,
)

__all__ = [
    "COOKIE",
    "DEFAULT",
    "LANGUAGES",
    "LOCALE_DIR",
    "_",
    "active",
    "choose",
    "clock",
    "current",
    "from_header",
    "ngettext",
    "number",
    "percent",
    "pgettext",
    "translations",
    "when",
]

COOKIE = "smolny_lang"


def choose(request: Request) -> str:
    """The language to answer `request` in."""
    asked = request.query_params.get("lang") or request.cookies.get(COOKIE)
    if asked in LANGUAGES:
        return asked
    return from_header(request.headers.get("accept-language", ""))
