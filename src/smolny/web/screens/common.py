"""What every screen shares: templates in the user's language, who is looking, one act.

Screens are server-rendered (Jinja2) and updated in place with htmx: a page is made of
fragments, each of which can be fetched on its own (`hx-get`), and `static/live.js`
asks the fragments to refresh themselves (`hx-trigger="smolny:entry from:body"`)
whenever the journal grows, as heard over the server-sent events stream. A dropped
stream reconnects by itself from the last entry it saw, so nothing is missed and the
page is never reloaded.

An act from a page is a POST made by htmx (it carries the `HX-Request` header, which a
form on another site cannot send, and the login cookie is SameSite=Strict). It runs
one command through the service, as the JSON API does, and answers with the fragment
to show: on a refusal, the engine's rule and reason, shown in place (status 409/403/422,
swapped in all the same; see `htmx-config` in base.html). A page whose login is gone
sends the browser back to the login page, the act not applied.

Every page reads its forms with `form`: the body capped as it is read, URL-encoded forms
decoded strictly as UTF-8, and `multipart/form-data` (a file's upload) parsed by
python-multipart through Starlette's `MultiPartParser`, the parser of `Request.form()`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncGenerator, Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote

import jinja2
from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from smolny.domain.errors import Forbidden, Invalid, Refusal, TooLarge
from smolny.i18n import words
from smolny.service.app import Principal, Smolny
from smolny.service.views import record
from smolny.web import callers, i18n
from smolny.web.redirects import password_first, same_site_path
from smolny.web.screens import navigation

TEMPLATES = Path(__file__).with_name("templates")


def _zone(context: Any) -> dt.tzinfo | None:
    """The time zone a page shows its times in: the body's (`time_zone` in its context,
    set by the views of one body's pages), else None (UTC)."""
    zone = context.get("time_zone")
    return zone if isinstance(zone, dt.tzinfo) else None


@jinja2.pass_context
def _when(context: Any, value: Any, form: str = "medium") -> str:
    return i18n.when(value, form, _zone(context))


@jinja2.pass_context
def _clock(context: Any, value: Any) -> str:
    return i18n.clock(value, _zone(context))


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda message: i18n.translations(i18n.current()).gettext(message),
        ngettext=lambda s, p, n: i18n.translations(i18n.current()).ngettext(s, p, n),
        pgettext=lambda c, m: i18n.translations(i18n.current()).pgettext(c, m),
        newstyle=True,
    )
    env.filters["number"] = i18n.number
    env.filters["percent"] = i18n.percent
    env.filters["when"] = _when
    env.filters["clock"] = _clock
    env.filters["date"] = words.date
    env.globals["LANGUAGES"] = i18n.LANGUAGES
    env.globals.update(words.WORDS)  # words for people, not identifiers (smolny.i18n.words)
    return env


templates = Jinja2Templates(env=_environment())


class LoginNeeded(Exception):
    """A page that needs a login was asked for without one (or with one that ended), or
    (`password`) by an account that must first set its own password."""

    def __init__(self, next_path: str, password: bool = False) -> None:
        super().__init__(next_path)
        self.next_path = next_path
        self.password = password


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Template `name` in the request's language."""
    lang = i18n.choose(request)
    values: dict[str, Any] = {"lang": lang, **(context or {})}
    if "seq" not in values:  # the page shows the record up to here; live.js goes on from it
        values["seq"] = record.seq_now(request.app.state.smolny)
    keep = None
    if "nav" not in values and not request.headers.get("hx-request"):
        with i18n.active(lang):  # the staff navigation, for a staff viewer of a whole page
            values["nav"], keep = navigation.staff_nav(request)
    with i18n.active(lang):
        response = templates.TemplateResponse(
            request,
            name,
            values,
            status_code=status,
            headers=headers,
        )
    if request.query_params.get("lang") == lang:
        response.set_cookie(i18n.COOKIE, lang, max_age=365 * 86400, samesite="lax")
    if keep is not None:
        navigation.keep_hand(response, keep)
    return response


async def viewer(request: Request) -> Principal | None:
    """Who is looking at the page, from the login cookie, or None."""
    app: Smolny = request.app.state.smolny
    token = request.cookies.get(callers.COOKIE)
    if not token:
        return None
    who = app.accounts.known_login(token)
    if who is None:
        who = await run_in_threadpool(app.accounts.who, token)
    return who


async def login_required(request: Request, *, password_page: bool = False) -> Principal:
    """The page's viewer; else back to the login page (see `install`). An account with a
    one-time password is sent to the page that sets its own first (`password_page`: this is
    that page), to come back here."""
    who = await viewer(request)
    if who is None or (who.must_change_password and not password_page):
        path = request.url.path
        if request.headers.get("hx-request") and request.headers.get("hx-current-url"):
            # an act or a fragment from a page: back to that page after the login
            current = request.headers["hx-current-url"]
            path = "/" + current.split("/", 3)[3] if current.count("/") >= 3 else "/"
        raise LoginNeeded(path, password=who is not None)
    return who


def login_address(next_path: str) -> str:
    """The login page, to come back to `next_path` (a path of this site; else the start)."""
    safe = same_site_path(next_path) or "/"
    return "/login?next=" + quote(safe, safe="/")


def install(app: Any) -> None:
    """A lost login: an ordinary request is redirected to the login page; an htmx
    request is answered 401 and told to go there (`HX-Redirect`), nothing applied."""

    @app.exception_handler(LoginNeeded)
    async def to_login(request: Request, exc: LoginNeeded) -> HTMLResponse:
        if exc.password:
            address = password_first(same_site_path(exc.next_path) or "/")
        else:
            address = login_address(exc.next_path)
        if request.headers.get("hx-request"):
            return HTMLResponse("", status_code=401, headers={"HX-Redirect": address})
        return RedirectResponse(address, status_code=303)  # type: ignore[return-value]


def check_page_act(request: Request) -> None:
    """A page's act must come from one of our pages through htmx (a cross-site form
    cannot set the header), and, as a second layer, not from another site by what the
    browser says of it (`Sec-Fetch-Site`, else `Origin`)."""
    if request.headers.get("hx-request") != "true":
        raise Forbidden("page-act", "acts on a page are sent by the page itself (HX-Request)")
    if not same_origin(request):
        raise Forbidden("cross-site", "acts on a page are sent from this site, not another one")


# What a browser says of where a request comes from: Sec-Fetch-Site is set by the browser
# itself (a proxy that rewrites Host leaves it true); Origin is compared with the Host the
# request was sent to. A client that sends neither (not a browser) is judged by the rest.
SAME_SITE_FETCHES = frozenset({"same-origin", "none"})


def same_origin(request: Request) -> bool:
    """False when the browser says the request was sent from another site (another
    origin, a sibling subdomain included, or an opaque "null" one)."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site.strip().lower() in SAME_SITE_FETCHES
    origin = request.headers.get("origin")
    if origin is None:
        return True
    scheme, _, host = origin.strip().lower().partition("://")
    return scheme in ("http", "https") and host == request.headers.get("host", "").lower()


def refusal(request: Request, exc: Refusal) -> HTMLResponse:
    """The engine's (or the service's) reason for a refusal, to show in place."""
    return render(
        request,
        "_refusal.html",
        {"rule": exc.rule, "reason": exc.message, "field": exc.field, "values": exc.values},
        status=exc.status if exc.status in (403, 404, 409, 413, 422) else 409,
        # "global": from the document, as the element that sent the act may have been
        # replaced by a live refresh meanwhile
        headers={"HX-Retarget": "global #refusal", "HX-Reswap": "innerHTML"},
    )


async def perform(
    request: Request,
    app: Smolny,
    who: Principal,
    command: Any,
    then: Callable[[list[Any]], HTMLResponse],
) -> HTMLResponse:
    """Run one command as `who` from a page: `then(entries)` renders what to show, a
    refusal is shown in place with its reason."""
    check_page_act(request)
    try:
        entries = await run_in_threadpool(app.execute, command, who)
    except Refusal as exc:
        return refusal(request, exc)
    return then(entries)


# -- forms -------------------------------------------------------------------------------

URLENCODED = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"


async def form(
    request: Request, *, max_bytes: int, max_fields: int = 100, files: bool = False
) -> FormData:
    """The form sent with `request`, read once.

    At most `max_bytes` are read: a larger Content-Length is refused before reading, and a
    body without one (chunked) is refused as soon as it grows past the cap (`TooLarge`,
    413). A page's form is URL-encoded (or sent without a body), decoded strictly as UTF-8;
    with `files`, it must be `multipart/form-data` carrying at most one file (an
    `UploadFile`; whoever reads it closes the form, `await form.close()`). Any other
    content type, more than `max_fields` fields, an URL-encoded body that is not UTF-8, a
    body that is not the multipart it claims to be: `Invalid` (422), nothing read further.
    (A multipart form's text fields are decoded as Starlette decodes them, UTF-8 else
    Latin-1; the pages' multipart forms carry a file and nothing else.)
    """
    kind = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if files and kind != MULTIPART:
        raise Invalid("file", f"send the file in a multipart form ({MULTIPART})", field="file")
    if not files and kind not in (URLENCODED, ""):
        raise Invalid("form", f"expected a form ({URLENCODED})", field="form")
    where = "file" if files else "form"
    declared = request.headers.get("content-length", "").strip()
    if declared.isdecimal() and int(declared) > max_bytes:
        raise _too_large(max_bytes, where)
    body = _capped(request, max_bytes, where)
    if files:
        parser = MultiPartParser(
            request.headers, body, max_files=1, max_fields=max_fields, max_part_size=max_bytes
        )
        try:
            return await parser.parse()
        except MultiPartException as exc:
            reason = f"the form could not be read: {exc.message}"
            raise Invalid("form", reason, field=where) from None
    raw = b"".join([chunk async for chunk in body])
    try:
        pairs: list[tuple[str, str | UploadFile]] = []
        pairs += parse_qsl(
            raw.decode("utf-8"),
            keep_blank_values=True,
            max_num_fields=max_fields,
            encoding="utf-8",
            errors="strict",
        )
    except UnicodeDecodeError:
        raise Invalid("encoding", "the form is not UTF-8", field="form") from None
    except ValueError:  # more fields than max_fields
        raise Invalid("form", f"the form has more than {max_fields} fields", field="form") from None
    return FormData(pairs)


async def _capped(request: Request, limit: int, where: str) -> AsyncGenerator[bytes, None]:
    """The request's body chunk by chunk; `TooLarge` once more than `limit` bytes came."""
    seen = 0
    async for chunk in request.stream():
        seen += len(chunk)
        if seen > limit:
            raise _too_large(limit, where)
        if chunk:
            yield chunk


def _too_large(limit: int, where: str) -> TooLarge:
    return TooLarge("too-large", f"what was sent is larger than {limit} bytes", field=where)
