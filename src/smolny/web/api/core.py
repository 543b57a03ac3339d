"""The JSON API (`/api/v1`): the service layer's commands over HTTP, and the record to read.

Writes need a bearer token (or the login cookie) and the role the permission matrix
names; reads of the record are public, as the record is.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import Field
from starlette.status import HTTP_201_CREATED

from smolny.domain import commands as c
from smolny.domain.errors import (
    Invalid,
    TooLarge,
    Unauthenticated,
)
from smolny.record import kinds as k
from smolny.service.app import Smolny
from smolny.service.files import Table, roster_of
from smolny.service.lockout import target_of
from smolny.service.permissions import require
from smolny.service.principals import Principal
from smolny.service.views import bodies, record, sessions
from smolny.web.bodies import ROSTER_MAX_BYTES
from smolny.web.callers import MAX_SEQ, App, Who, set_login_cookie
from smolny.web.redirects import landing, password_first, same_site_path
from smolny.web.schemas import Strict

router = APIRouter(prefix="/api/v1")


class LoginIn(Strict):
    username: str | None = Field(None, max_length=64)
    password: str | None = Field(None, max_length=1024)
    access_code: str | None = Field(None, max_length=64)
    # where the login page was asked to go afterwards; the answer's `next` is where to go
    next: str | None = Field(None, max_length=2000)


class PasswordIn(Strict):
    old: str = Field(max_length=1024)
    new: str = Field(max_length=1024)


class AccountIn(Strict):
    username: str = Field(max_length=64)
    role: Literal["admin", "chair", "secretary", "credentials", "teller", "observer"]
    password: str | None = Field(None, max_length=1024)
    body: str | None = Field(None, max_length=63)  # the body the account works for


class BodyIn(Strict):
    slug: str = Field(max_length=63)
    name: str = Field(max_length=200)
    kind: str = "congress"
    parent: str | None = Field(None, max_length=63)
    language: str = "en"
    rulebook: str = Field("robert", max_length=63)
    members: int | None = None  # a council's or section's membership
    purpose: str | None = Field(None, max_length=63)  # a committee's, e.g. credentials
    elected_by: str | None = Field(None, max_length=32)  # an executive committee's election


class FactionIn(Strict):
    slug: str = Field(max_length=63)
    name: str = Field(max_length=200)


class DelegateIn(Strict):
    name: str = Field(max_length=200)
    faction: str | None = Field(None, max_length=63)
    voting: bool = True
    weight: int = 1
    sent_by: str | None = Field(None, max_length=200)


class DelegatesIn(Strict):
    delegates: list[DelegateIn] = Field(min_length=1, max_length=20_000)


class AccessCodesIn(Strict):
    delegates: list[str] | None = Field(None, max_length=20_000)


class PresidiumIn(Strict):
    # named in the API document as before the web was split (two models share the name)
    __module__ = "smolny.web.api"
    seats: int = Field(ge=1, le=1000)
    method: Literal[
        "dhondt", "sainte-lague", "modified-sainte-lague", "huntington-hill", "hare", "droop"
    ] = "sainte-lague"
    factions: list[str] | None = Field(None, max_length=1000)
    declined: list[str] = Field(default_factory=list, max_length=1000)
    declined_seats: Literal["empty", "given"] = "empty"
    reserved: list[str] = Field(default_factory=list, max_length=1000)
    lot: list[str] | None = Field(None, max_length=1000)


PresidiumIn.model_rebuild(_types_namespace=globals())  # its fields, read in this module


class TakeUpIn(Strict):
    faction: str = Field(max_length=63)


class SessionIn(Strict):
    title: str = Field(max_length=200)
    opened_by: str | None = Field(None, max_length=32)


class PresenceIn(Strict):
    arrived: list[str] = Field(default_factory=list, max_length=20_000)
    left: list[str] = Field(default_factory=list, max_length=20_000)
    all_present: bool = False
    faction: str | None = Field(None, max_length=63)
    faction_leaves: bool = False
    declaration: str | None = Field(None, max_length=10_000)


class MotionIn(Strict):
    title: str = Field(max_length=200)
    text: str
    mover: str = Field(max_length=32)
    kind: str = Field("main", max_length=63)


def _entries(entries: list[Any]) -> list[dict[str, Any]]:
    return [{"seq": e.seq, "kind": e.kind, "hash": e.hash} for e in entries]


# -- logins ---------------------------------------------------------------------------


@router.post("/login", summary="Log in as staff (username, password) or a delegate (access code)")
async def log_in(body: LoginIn, request: Request, response: Response, app: App) -> dict[str, Any]:
    # Failed logins are counted per address, and per account or code prefix from an
    # address; at the limit, that address (for that account) waits, growing waits, right
    # passwords refused too; the account from elsewhere is not (see service/lockout.py).
    # A password is hashed, and a store not read at once, on a worker thread; a delegate's
    # new login is awaited here, written with the others of the moment (a hall logs in at
    # once). (An access-code login usually takes the short way: web/lean_login.py.)
    address = request.client.host if request.client else "-"
    if body.access_code is not None and body.username is None and body.password is None:
        token, who = await code_login(app, address, body.access_code)
    elif body.username is not None and body.password is not None and body.access_code is None:
        target = target_of(body.username, None)
        accounts = app.accounts
        try:
            counted, (token, who) = await run_in_threadpool(
                _staff_checked, app, address, target, body.username, body.password
            )
        except Unauthenticated:
            await run_in_threadpool(accounts.login_guard.failed, address, target)
            raise
        if counted:  # (a write only where failures were counted)
            await run_in_threadpool(accounts.login_guard.succeeded, address, target, counted)
    else:
        raise Invalid(
            "login-fields",
            "give either username and password, or access_code",
            field="access_code",
        )
    set_login_cookie(request, response, token, app)
    return login_answer(token, who, body.next)


async def code_login(app: Smolny, address: str, code: str) -> tuple[str, Principal]:
    """A delegate's login with an access code from `address`: (token, principal), or the
    refusal (a lockout, a wrong code), the failure counted. The lockouts and the code are
    read at once, on the event loop where the store allows it (SQLite), else on a worker
    thread; the new login is written with the others of the moment."""
    target = target_of(None, code)
    accounts = app.accounts
    try:
        checked = accounts.code_checked(address, target, code, inline=True)
        if checked is None:
            checked = await run_in_threadpool(accounts.code_checked, address, target, code)
        assert checked is not None  # (asked on a thread, it is always answered)
        counted, who = checked
    except Unauthenticated:
        await run_in_threadpool(accounts.login_guard.failed, address, target)
        raise
    token = await accounts.new_login(who)
    if counted:  # (a write only where failures were counted)
        await run_in_threadpool(accounts.login_guard.succeeded, address, target, counted)
    return token, who


def login_answer(token: str, who: Principal, wanted: str | None) -> dict[str, Any]:
    """The answer to a login: the token, who it is, and where to go (`wanted`: the login
    page's `next`, if a path of this site)."""
    after = same_site_path(wanted) or landing(who.role)
    return {
        "token": token,
        "principal": who.id,
        "role": who.role,
        "name": who.name,
        "must_change_password": who.must_change_password,
        # a path of this site, decided here: the login page goes there and nowhere else
        # (a one-time password first to the page that sets one's own, then there)
        "next": password_first(after) if who.must_change_password else after,
    }


def _staff_checked(
    app: Smolny, address: str, target: str, username: str, password: str
) -> tuple[bool, tuple[str, Principal]]:
    # (on a worker thread) the lockouts checked, then the password
    counted = app.accounts.login_guard.check(address, target)
    return counted, app.accounts.login_staff(username, password)


@router.post(
    "/account/password",
    summary="Change one's own password (the caller stays logged in with a new token)",
    description=(
        "The new password must be strong enough and differ from the one in use. `old` may be "
        "left empty only by an account logging in with a one-time password. The account's "
        "other logins end; the answer's `token` (also set as the login cookie) is the "
        "caller's new login."
    ),
)
def change_password(
    body: PasswordIn, request: Request, response: Response, who: Who, app: App
) -> dict[str, str]:
    require(who.role, "account.password")
    token = app.accounts.change_password(who, body.old or None, body.new)
    set_login_cookie(request, response, token, app)
    return {"status": "changed", "token": token}


@router.get("/me", summary="Who the caller is logged in as")
def me(who: Who) -> dict[str, Any]:
    return {"principal": who.id, "role": who.role, "name": who.name}


@router.post("/accounts", status_code=HTTP_201_CREATED, summary="Create a staff account")
def create_account(body: AccountIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "account.create")
    ident, password = app.accounts.create_account(
        body.username, body.role, body.password, by=who, body=body.body
    )
    result: dict[str, Any] = {"account": ident, "username": body.username, "role": body.role}
    if body.body is not None:
        result["body"] = body.body
    if body.password is None:
        result["one_time_password"] = password
    return result


# -- bodies, factions, delegates ----------------------------------------------------------


@router.post("/bodies", status_code=HTTP_201_CREATED, summary="Create a body")
def create_body(body: BodyIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "body.create")
    entries = app.execute(
        c.CreateBody(
            body.slug,
            body.name,
            body.kind,
            body.parent,
            body.language,
            body.rulebook,
            body.members,
            body.purpose,
            body.elected_by,
        ),
        by=who,
    )
    return {"body": body.slug, "entries": _entries(entries)}


@router.get("/bodies", summary="The bodies (with tree=1: as a tree, parents first, with depth)")
def list_bodies(app: App, tree: bool = False) -> list[dict[str, Any]]:
    if tree:
        return bodies.tree_rows(app)
    return list(bodies.bodies(app))  # type: ignore[arg-type]


@router.get("/bodies/{slug}", summary="A body, its factions and its delegates")
def get_body(slug: str, app: App) -> dict[str, Any]:
    return dict(bodies.body(app, slug))


@router.post("/bodies/{slug}/factions", status_code=HTTP_201_CREATED, summary="Form a faction")
def form_faction(slug: str, body: FactionIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "faction.form")
    entries = app.execute(c.FormFaction(slug, body.slug, body.name), by=who)
    return {"faction": body.slug, "entries": _entries(entries)}


@router.post("/bodies/{slug}/delegates", status_code=HTTP_201_CREATED, summary="Register delegates")
def register_delegates(slug: str, body: DelegatesIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "delegates.register")
    command = c.RegisterDelegates(
        slug,
        tuple(
            c.NewDelegate(d.name, d.faction, d.voting, d.weight, d.sent_by) for d in body.delegates
        ),
    )
    entries = app.execute(command, by=who)
    ids = [d["delegate"] for d in entries[0].data["delegates"]]
    return {"delegates": ids, "entries": _entries(entries)}


# a roster sent as the request body, as the OpenAPI document describes it
ROSTER_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                "schema": {"type": "string", "format": "binary"}
            },
        },
    }
}


async def roster_table(request: Request, rule: str) -> Table:
    """The CSV or XLSX table sent as the request body, read with a size cap; a file that
    cannot be read is refused naming `rule`."""
    declared = request.headers.get("content-length", "")
    if declared.isdecimal() and int(declared) > ROSTER_MAX_BYTES:
        raise TooLarge("too-large", f"the file is larger than {ROSTER_MAX_BYTES} bytes")
    data = bytearray()
    async for chunk in request.stream():
        data.extend(chunk)
        if len(data) > ROSTER_MAX_BYTES:
            raise TooLarge("too-large", f"the file is larger than {ROSTER_MAX_BYTES} bytes")
    return await run_in_threadpool(roster_of, bytes(data), rule)


@router.post(
    "/bodies/{slug}/delegates/import",
    status_code=HTTP_201_CREATED,
    summary="Import delegates from a CSV or XLSX file sent as the request body",
    openapi_extra=ROSTER_BODY,
)
async def import_delegates(slug: str, request: Request, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "delegates.register")
    table = await roster_table(request, "roster")
    command = c.ImportRoster(slug, tuple(table.header), tuple(table.rows))
    entries = await run_in_threadpool(app.execute, command, who)
    ids = [d["delegate"] for e in entries for d in e.data["delegates"]]
    return {"delegates": ids, "entries": _entries(entries)}


@router.post(
    "/bodies/{slug}/access-codes",
    summary="Issue new access codes (shown once; old codes stop working)",
)
def issue_access_codes(slug: str, body: AccessCodesIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "access-codes.issue")
    return {"codes": app.accounts.issue_access_codes(slug, body.delegates, by=who)}


@router.post(
    "/bodies/{slug}/presidium",
    status_code=HTTP_201_CREATED,
    summary="Allot the presidium's seats to factions in proportion to their delegates",
)
def allot_presidium(slug: str, body: PresidiumIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "presidium.allot")
    command = c.AllotPresidium(
        slug,
        body.seats,
        body.method,
        tuple(body.factions) if body.factions is not None else None,
        tuple(body.declined),
        body.declined_seats,
        tuple(body.reserved),
        tuple(body.lot) if body.lot is not None else None,
    )
    entries = app.execute(command, by=who)
    return {"presidium": entries[0].data["result"], "entries": _entries(entries)}


@router.post("/bodies/{slug}/presidium/take-up", summary="A faction takes up its reserved seats")
def take_up_seats(slug: str, body: TakeUpIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "presidium.allot")
    entries = app.execute(c.TakeUpSeats(slug, body.faction), by=who)
    return {"seats": entries[0].data["seats"], "entries": _entries(entries)}


# -- sessions, presence, motions ---------------------------------------------------------


@router.post("/bodies/{slug}/sessions", status_code=HTTP_201_CREATED, summary="Open a session")
def open_session(slug: str, body: SessionIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "session.open")
    entries = app.execute(c.OpenSession(slug, body.title, body.opened_by), by=who)
    return {"session": entries[0].data["session"], "entries": _entries(entries)}


@router.get("/sessions/{ident}", summary="A session: presence and motions")
def get_session(ident: str, app: App) -> dict[str, Any]:
    return sessions.session(app, ident)


@router.post("/sessions/{ident}/presence", summary="Record delegates arriving or leaving")
def record_presence(ident: str, body: PresenceIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "presence.record")
    command = c.RecordPresence(
        ident,
        tuple(body.arrived),
        tuple(body.left),
        body.all_present,
        body.faction,
        body.faction_leaves,
        body.declaration,
    )
    entries = app.execute(command, by=who)
    counts = [e.data["present_count"] for e in entries if e.kind == k.PRESENCE_CHANGED]
    return {"present": counts[-1], "entries": _entries(entries)}


@router.post("/sessions/{ident}/close", summary="Close a session")
def close_session(ident: str, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "session.close")
    return {"entries": _entries(app.execute(c.CloseSession(ident), by=who))}


@router.post("/sessions/{ident}/motions", status_code=HTTP_201_CREATED, summary="Move a motion")
def move_motion(ident: str, body: MotionIn, who: Who, app: App) -> dict[str, Any]:
    require(who.role, "motion.move")
    entries = app.execute(c.MoveMotion(ident, body.title, body.text, body.mover, body.kind), by=who)
    moved = next(e.data for e in entries if e.kind == k.MOTION_MOVED)
    return {"motion": moved["question"], "entries": _entries(entries)}


@router.get("/motions/{ident}", summary="A motion and its polls")
def get_motion(ident: str, app: App) -> dict[str, Any]:
    return dict(sessions.motion(app, ident))


# -- the journal ----------------------------------------------------------------------------


@router.get("/journal", summary="Journal entries after a seq, in order")
async def read_journal(
    app: App,
    after: Annotated[int, Query(ge=0, le=MAX_SEQ)] = 0,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> Response:
    rows = await run_in_threadpool(record.journal_lines, app, after, limit)
    return Response("[" + ",".join(line for _, line in rows) + "]", media_type="application/json")
