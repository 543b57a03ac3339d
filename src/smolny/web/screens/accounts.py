"""The accounts pages: one's own password (`/account/password`, where a one-time password
leads at once) and the administrator's accounts (`/accounts`: list, create, reset, disable,
enable); and the body and sitting in hand chosen in the staff navigation (`/hand`).

Every act is an htmx POST run through the service, with the permission the JSON API asks;
its answer, success or refusal, is shown by the form that sent it (`static/accounts.js`
moves the focus there), and a refusal records nothing.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from smolny.domain.errors import Invalid, Refusal
from smolny.service import passwords
from smolny.service.app import Principal, Smolny
from smolny.service.permissions import require
from smolny.service.views import accounts, bodies
from smolny.service.views import hand as hand_views
from smolny.web import i18n
from smolny.web.callers import set_login_cookie
from smolny.web.i18n import _
from smolny.web.redirects import PASSWORD_PAGE, landing, same_site_path
from smolny.web.screens import common as screens
from smolny.web.screens import navigation

router = APIRouter(include_in_schema=False)

FORM_MAX_BYTES = 10_000


def _service(request: Request) -> Smolny:
    app: Smolny = request.app.state.smolny
    return app


def _answer(request: Request, exc: Refusal, target: str) -> HTMLResponse:
    """A refusal, shown by the form that asked (`target`), naming its field."""
    return screens.render(
        request,
        "_account_answer.html",
        {"rule": exc.rule, "reason": exc.message, "field": exc.field, "values": exc.values},
        status=exc.status if exc.status in (403, 404, 409, 413, 422) else 409,
        headers={"HX-Retarget": target, "HX-Reswap": "innerHTML"},
    )


async def _form(request: Request) -> FormData:
    return await screens.form(request, max_bytes=FORM_MAX_BYTES, max_fields=20)


def _field(form: FormData, name: str) -> str:
    return str(form.get(name, "")).strip()


# -- one's own password -------------------------------------------------------------------


@router.get(PASSWORD_PAGE, response_class=HTMLResponse)
async def password_page(request: Request) -> HTMLResponse:
    who = await screens.login_required(request, password_page=True)
    require(who.role, "account.password")
    next_path = same_site_path(request.query_params.get("next")) or ""
    return screens.render(
        request,
        "account_password.html",
        {
            "who": who,
            "forced": who.must_change_password,
            "next": next_path,
            "min_length": passwords.MIN_LENGTH,
        },
    )


@router.post(PASSWORD_PAGE, response_class=HTMLResponse)
async def change_password(request: Request) -> Response:
    who = await screens.login_required(request, password_page=True)
    screens.check_page_act(request)
    app = _service(request)
    try:
        require(who.role, "account.password")
        form = await _form(request)
        new, again = str(form.get("new", "")), str(form.get("again", ""))
        if new != again:
            with i18n.active(i18n.choose(request)):
                differ = _("The two new passwords differ.")
            raise Invalid("password-again", differ, field="again")
        old = None if who.must_change_password else str(form.get("old", ""))
        token = await run_in_threadpool(app.accounts.change_password, who, old, new)
    except Refusal as exc:
        return _answer(request, exc, "#password-answer")
    target = same_site_path(_field(form, "next")) or landing(who.role)
    response = HTMLResponse("", status_code=200, headers={"HX-Redirect": target})
    set_login_cookie(request, response, token, app)
    return response


# -- the administrator's accounts ---------------------------------------------------------


def _list_context(app: Smolny, who: Principal) -> dict[str, Any]:
    return {
        "who": who,
        "accounts": accounts.listed(app, app.accounts),
        "role_names": {value: name for value, name, _says in navigation.role_words()},
        "body_names": bodies.names(app),
    }


@router.get("/accounts", response_class=HTMLResponse)
async def accounts_page(request: Request) -> HTMLResponse:
    who = await screens.login_required(request)
    app = _service(request)
    require(who.role, "account.list")  # else the problem page (403)
    with i18n.active(i18n.choose(request)):  # the roles' words, in the page's language
        context = _list_context(app, who)
        context["roles"] = navigation.role_words()
    context["bodies"] = [{"slug": s, "name": n} for s, n in bodies.names(app).items()]
    return screens.render(request, "accounts.html", context)


async def _list_after(
    request: Request, act: str, run: Any, target: str = "#accounts-answer"
) -> HTMLResponse:
    """One act on the accounts: allowed, run, then the list again with what to show."""
    who = await screens.login_required(request)
    screens.check_page_act(request)
    app = _service(request)
    try:
        require(who.role, act)
        with i18n.active(i18n.choose(request)):  # what is shown, in the page's language
            shown = await run(app, who)
            context = {**_list_context(app, who), "shown": shown}
    except Refusal as exc:
        return _answer(request, exc, target)
    return screens.render(request, "_accounts_list.html", context)


@router.post("/accounts", response_class=HTMLResponse)
async def create_account(request: Request) -> HTMLResponse:
    form = await _form(request)

    async def run(app: Smolny, who: Principal) -> dict[str, str]:
        username, role = _field(form, "username"), _field(form, "role")
        body = _field(form, "body") or None
        _ident, password = await run_in_threadpool(
            app.accounts.create_account, username, role, None, who, body
        )
        return {"message": _("Account %(name)s created.", name=username), "password": password}

    return await _list_after(request, "account.create", run, "#create-answer")


@router.post("/accounts/{ident}/reset", response_class=HTMLResponse)
async def reset_password(request: Request, ident: str) -> HTMLResponse:
    async def run(app: Smolny, who: Principal) -> dict[str, str]:
        username = accounts.username_of(app, ident)
        password = await run_in_threadpool(app.accounts.reset_password, username, None, who)
        await run_in_threadpool(app.accounts.unlock, username, who)
        message = _("%(name)s has a new one-time password; their logins have ended.", name=username)
        return {"message": message, "password": password}

    return await _list_after(request, "account.manage", run)


@router.post("/accounts/{ident}/disable", response_class=HTMLResponse)
async def disable(request: Request, ident: str) -> HTMLResponse:
    async def run(app: Smolny, who: Principal) -> dict[str, str]:
        username = accounts.username_of(app, ident)
        await run_in_threadpool(app.accounts.set_disabled, ident, True, who)
        return {"message": _("%(name)s is disabled; their logins have ended.", name=username)}

    return await _list_after(request, "account.manage", run)


@router.post("/accounts/{ident}/enable", response_class=HTMLResponse)
async def enable(request: Request, ident: str) -> HTMLResponse:
    async def run(app: Smolny, who: Principal) -> dict[str, str]:
        username = accounts.username_of(app, ident)
        await run_in_threadpool(app.accounts.set_disabled, ident, False, who)
        return {"message": _("%(name)s is enabled and can log in again.", name=username)}

    return await _list_after(request, "account.manage", run)


# -- the body and sitting in hand ---------------------------------------------------------

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")


@router.get("/hand")
async def choose(request: Request, choice: str = "", next: str = "") -> RedirectResponse:
    """Take a body (`body:SLUG`) or a sitting (`sitting:ID`) in hand from the header, and
    go back to the screen it was chosen on, now for what is in hand."""
    who = await screens.login_required(request)
    require(who.role, "screen.hand")
    app: Smolny = request.app.state.smolny
    what, _sep, ident = choice.partition(":")
    body = ident if what == "body" and _SLUG.fullmatch(ident) else None
    sitting = ident if what == "sitting" and _SLUG.fullmatch(ident) else None
    hand = hand_views.in_hand(app, body, sitting)
    back = same_site_path(next) or "/secretary"
    key = navigation.current(back.partition("?")[0])
    if key in ("secretary", "console", "projector", "minutes"):
        addresses = {name: address for name, address, _w in navigation.links(hand, who.role)}
        back = addresses.get(key, back)
    response = RedirectResponse(back, status_code=303)
    navigation.keep_hand(response, navigation.cookie_of(hand))
    return response
