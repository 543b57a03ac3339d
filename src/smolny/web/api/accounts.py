"""The staff accounts over the JSON API (administrator): list them, reset one's password
(a new one-time password, shown once), disable or enable one. Creating one is
`POST /api/v1/accounts`; changing one's own password `POST /api/v1/account/password`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from smolny.service.permissions import require
from smolny.service.views import accounts
from smolny.web.callers import App, Who

router = APIRouter(prefix="/api/v1")


@router.get("/accounts", summary="The staff accounts (administrator)")
def list_accounts(who: Who, app: App) -> list[dict[str, Any]]:
    require(who.role, "account.list")
    return accounts.listed(app, app.accounts)


@router.post(
    "/accounts/{ident}/password-reset",
    summary="Give a staff account a new one-time password (shown once); its logins end",
)
def reset_password(ident: str, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "account.manage")
    username = accounts.username_of(app, ident)
    password = app.accounts.reset_password(username, by=who)
    app.accounts.unlock(username, by=who)
    return {"account": ident, "username": username, "one_time_password": password}


@router.post("/accounts/{ident}/disable", summary="Disable a staff account; its logins end")
def disable_account(ident: str, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "account.manage")
    app.accounts.set_disabled(ident, True, by=who)
    return {"account": ident, "disabled": True}


@router.post("/accounts/{ident}/enable", summary="Enable a disabled staff account again")
def enable_account(ident: str, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "account.manage")
    app.accounts.set_disabled(ident, False, by=who)
    return {"account": ident, "disabled": False}
