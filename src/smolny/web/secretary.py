"""The secretary's and the admin's screen (`/secretary`): the tree of bodies, setting up
bodies, factions, sessions and staff accounts, importing delegates and mandates, printing
access slips, and the credentials workflow.

Every act is an htmx POST run through the service as the JSON API runs it, with the same
permission (`service.permissions`): a refusal shows its reason in place and records
nothing. The page's parts refresh themselves when the journal grows (`static/live.js`).

Forms are read by `screens.form`: URL-encoded forms capped at `FORM_MAX_BYTES`, and the
one file of an import from `multipart/form-data`, capped at the import's size limit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from starlette.datastructures import FormData, UploadFile

from smolny.adapters.database import read_transaction
from smolny.adapters.schema import access_code
from smolny.domain import commands as c
from smolny.domain.decide import BODY_KINDS, body_of
from smolny.domain.errors import Forbidden, Invalid, NotFound, Refusal, TooLarge
from smolny.domain.state import Assembly, Body
from smolny.domain.tree import tree_rows
from smolny.record.entry import Entry
from smolny.service.app import Principal, Smolny
from smolny.service.permissions import PERMISSIONS, require
from smolny.web import screens
from smolny.web.api import ROSTER_MAX_BYTES
from smolny.web.i18n import _, ngettext
from smolny.web.tree import slips_download

router = APIRouter(include_in_schema=False)

VIEWERS = frozenset({"admin", "secretary", "chair"})
FORM_MAX_BYTES = 100_000  # an ordinary form (not a file)
FORM_MAX_FIELDS = 100
ROLES = ("secretary", "chair", "admin")


# -- reading forms ---------------------------------------------------------------------------


async def _form(request: Request) -> FormData:
    return await screens.form(request, max_bytes=FORM_MAX_BYTES, max_fields=FORM_MAX_FIELDS)


async def _upload(request: Request) -> bytes:
    """The file sent in the form's `file` field."""
    form = await screens.form(request, max_bytes=ROSTER_MAX_BYTES + 64_000, files=True)
    try:
        sent = form.get("file")
        if not isinstance(sent, UploadFile) or not sent.filename or not sent.size:
            raise Invalid("file", _("Choose a CSV or XLSX file to import."), field="file")
        if sent.size > ROSTER_MAX_BYTES:
            raise TooLarge("too-large", f"the file is larger than {ROSTER_MAX_BYTES} bytes")
        return await sent.read()
    finally:
        await form.close()


# -- what the page shows ---------------------------------------------------------------------


def _service(request: Request) -> Smolny:
    app: Smolny = request.app.state.smolny
    return app


def _coded(app: Smolny) -> set[str]:
    """The delegates who hold an access code now."""
    with read_transaction(app.engine) as conn:
        return {row[0] for row in conn.execute(select(access_code.c.delegate))}


def _delegates(state: Assembly, body: Body, coded: set[str]) -> list[dict[str, Any]]:
    rows = []
    for d in body.delegates.values():
        mandate = state.mandates.get(d.mandate) if d.mandate else None
        rows.append(
            {
                "id": d.id,
                "name": d.name,
                "faction": body.factions[d.faction].name
                if d.faction in body.factions
                else d.faction,
                "voting": d.voting,
                "weight": d.weight,
                "sent_by": d.sent_by,
                "status": d.status,
                "mandate": mandate.id if mandate else None,
                "mandate_status": mandate.status if mandate else None,
                "coded": d.id in coded,
            }
        )
    return rows


def _mandates(state: Assembly, body: Body) -> dict[str, list[dict[str, Any]]]:
    """The body's mandates for the credentials committee: awaiting, contested, held, done."""
    out: dict[str, list[dict[str, Any]]] = {"pending": [], "contested": [], "held": [], "done": []}
    for m in state.mandates.values():
        if m.body != body.slug:
            continue
        holder = state.delegates[m.delegate]
        motion = state.motions.get(m.contest) if m.contest else None
        item = {
            "id": m.id,
            "name": holder.name,
            "delegate": holder.id,
            "delegate_status": holder.status,
            "sending": m.sending,
            "sending_name": state.bodies[m.sending].name,
            "faction": m.faction,
            "status": m.status,
            "reason": m.reason,
            "substitutes": [state.delegates[s].name for s in m.substitutes],
            "holders": [state.delegates[h].name for h in m.holders],
            "contest": m.contest,
            "motion": motion.title if motion else None,
            "session": motion.session if motion else None,
        }
        if m.contest:
            out["contested"].append(item)
        if m.status == "pending":
            out["pending"].append(item)
        elif holder.status in ("pending", "seated"):
            out["held"].append(item)
        else:
            out["done"].append(item)
    return out


def _committees(state: Assembly, body: Body) -> list[Body]:
    return [b for b in state.bodies.values() if b.kind == "committee" and b.parent == body.slug]


def _body_context(app: Smolny, slug: str) -> dict[str, Any]:
    coded = _coded(app)
    with app.lock:
        state = app.state
        body = body_of(state, slug)
        return {
            "body": {
                "slug": body.slug,
                "name": body.name,
                "kind": body.kind,
                "parent": body.parent,
                "members": body.members,
                "factions": [
                    {
                        "slug": f.slug,
                        "name": f.name,
                        "delegates": sum(1 for d in body.delegates.values() if d.faction == f.slug),
                    }
                    for f in body.factions.values()
                ],
                "delegates": _delegates(state, body, coded),
                "sessions": [
                    {
                        "id": s.id,
                        "title": s.title,
                        "state": s.state,
                        "opened_at": s.opened_at,
                        "closed_at": s.closed_at,
                    }
                    for s in (state.sessions[i] for i in body.sessions)
                ],
            },
        }


def _credentials_context(app: Smolny, slug: str) -> dict[str, Any]:
    with app.lock:
        state = app.state
        body = body_of(state, slug)
        committees = _committees(state, body)
        return {
            "body": {"slug": body.slug, "name": body.name},
            "mandates": _mandates(state, body),
            "committees": [
                {"slug": b.slug, "name": b.name, "credentials": b.purpose == "credentials"}
                for b in committees
            ],
        }


def _tree_context(app: Smolny, current: str | None) -> dict[str, Any]:
    with app.lock:
        rows = tree_rows(app.state)
    return {"rows": rows, "current": current}


def _may(who: Principal, act: str) -> bool:
    return who.role in PERMISSIONS[act]


async def _viewer(request: Request) -> Principal:
    """The page's viewer, who must be staff: a delegate (or anyone else) is refused."""
    who = await screens.login_required(request)
    if who.role not in VIEWERS:
        raise Forbidden(
            "staff-only", "the secretariat's screen is for the admin, the secretary and the chair"
        )
    return who


def _denied(request: Request, exc: Refusal) -> HTMLResponse:
    if request.headers.get("hx-request"):
        return screens.refusal(request, exc)
    return screens.render(
        request,
        "secretary_denied.html",
        {"rule": exc.rule, "reason": exc.message},
        status=exc.status if exc.status in (403, 404) else 403,
    )


# -- the page and its parts ------------------------------------------------------------------


@router.get("/secretary", response_class=HTMLResponse)
async def page(request: Request, body: str = "") -> HTMLResponse:
    """The secretariat's screen; `?body=` shows one body."""
    try:
        who = await _viewer(request)
    except Forbidden as exc:
        return _denied(request, exc)
    app = _service(request)
    with app.lock:
        seq = app.state.seq
        known = body in app.state.bodies
        first = next(iter(app.state.bodies), None)
    current = body if known else (first if not body else None)
    context: dict[str, Any] = {
        "who": who,
        "seq": seq,
        "kinds": BODY_KINDS,
        "roles": ROLES,
        "may": {act: _may(who, act) for act in PERMISSIONS},
        "asked": body,
        **_tree_context(app, current),
    }
    if current is not None:
        context.update(_credentials_context(app, current))
        context.update(await run_in_threadpool(_body_context, app, current))
        context["body_slug"] = current
    response = screens.render(request, "secretary.html", context)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/secretary/tree", response_class=HTMLResponse)
async def tree_part(request: Request, body: str = "") -> HTMLResponse:
    try:
        await _viewer(request)
    except Forbidden as exc:
        return _denied(request, exc)
    return screens.render(request, "secretary_tree.html", _tree_context(_service(request), body))


@router.get("/secretary/bodies/{slug}", response_class=HTMLResponse)
async def body_part(request: Request, slug: str) -> HTMLResponse:
    try:
        await _viewer(request)
        context = await run_in_threadpool(_body_context, _service(request), slug)
    except Refusal as exc:
        return _denied(request, exc)
    return screens.render(request, "secretary_body.html", context)


@router.get("/secretary/bodies/{slug}/credentials", response_class=HTMLResponse)
async def credentials_part(request: Request, slug: str) -> HTMLResponse:
    try:
        who = await _viewer(request)
        context = _credentials_context(_service(request), slug)
    except Refusal as exc:
        return _denied(request, exc)
    context["may"] = {act: _may(who, act) for act in PERMISSIONS}
    return screens.render(request, "secretary_credentials.html", context)


# -- acts -------------------------------------------------------------------------------------


async def _act(
    request: Request,
    act: str,
    build: Callable[[FormData], c.Command],
    then: Callable[[Principal, list[Entry]], HTMLResponse],
) -> HTMLResponse:
    """One act from the page: logged in, sent by the page, allowed, read from the form,
    then run through the service; a refusal is shown in place, nothing recorded."""
    who = await screens.login_required(request)
    screens.check_page_act(request)
    try:
        _allowed(who, act)
        command = build(await _form(request))
    except Refusal as exc:
        return screens.refusal(request, exc)
    return await screens.perform(
        request, _service(request), who, command, lambda entries: then(who, entries)
    )


def _allowed(who: Principal, act: str) -> None:
    if who.must_change_password:
        raise Forbidden(
            "password-change-required",
            "this account has a one-time password: change it first (POST /api/v1/account/password)",
        )
    require(who.role, act)


def _done(request: Request, message: str, **extra: Any) -> HTMLResponse:
    return screens.render(request, "secretary_done.html", {"message": message, **extra})


def _field(form: FormData, name: str) -> str:
    return str(form.get(name, "")).strip()


def _optional(form: FormData, name: str) -> str | None:
    return _field(form, name) or None


def _whole(form: FormData, name: str) -> int | None:
    value = _field(form, name)
    if not value:
        return None
    if not value.isdecimal() or len(value) > 12:
        raise Invalid(name, f"{name} must be a whole number", field=name)
    return int(value)


@router.post("/secretary/bodies", response_class=HTMLResponse)
async def create_body(request: Request) -> HTMLResponse:
    def build(form: FormData) -> c.Command:
        return c.CreateBody(
            _field(form, "slug"),
            _field(form, "name"),
            _field(form, "kind") or "congress",
            _optional(form, "parent"),
            _field(form, "language") or "en",
            _field(form, "rulebook") or "robert",
            _whole(form, "members"),
            _optional(form, "purpose"),
        )

    def then(who: Principal, entries: list[Entry]) -> HTMLResponse:
        slug = entries[0].data["body"]
        return _done(
            request,
            _("Body %(name)s created.", name=entries[0].data["name"]),
            link=f"/secretary?body={slug}",
        )

    return await _act(request, "body.create", build, then)


@router.post("/secretary/bodies/{slug}/factions", response_class=HTMLResponse)
async def form_faction(request: Request, slug: str) -> HTMLResponse:
    def build(form: FormData) -> c.Command:
        return c.FormFaction(slug, _field(form, "slug"), _field(form, "name"))

    def then(who: Principal, entries: list[Entry]) -> HTMLResponse:
        return _done(request, _("Faction %(name)s formed.", name=entries[0].data["name"]))

    return await _act(request, "faction.form", build, then)


@router.post("/secretary/bodies/{slug}/sessions", response_class=HTMLResponse)
async def open_session(request: Request, slug: str) -> HTMLResponse:
    def build(form: FormData) -> c.Command:
        return c.OpenSession(slug, _field(form, "title"), _optional(form, "opened_by"))

    def then(who: Principal, entries: list[Entry]) -> HTMLResponse:
        return _done(request, _("Session %(id)s opened.", id=entries[0].data["session"]))

    return await _act(request, "session.open", build, then)


@router.post("/secretary/mandates/{ident}/credentials", response_class=HTMLResponse)
async def check_credentials(request: Request, ident: str) -> HTMLResponse:
    app = _service(request)

    def build(form: FormData) -> c.Command:
        decision = _field(form, "decision")
        if decision not in ("accept", "reject"):
            raise Invalid("decision", "accept or reject the mandate", field="decision")
        with app.lock:
            mandate = app.state.mandates.get(ident)
            if mandate is None:
                raise NotFound("unknown-mandate", f"there is no mandate {ident!r}", field="mandate")
            to = mandate.body
        return c.CheckCredentials(
            to, ident, decision == "accept", _field(form, "reason"), _optional(form, "committee")
        )

    def then(who: Principal, entries: list[Entry]) -> HTMLResponse:
        data = entries[0].data
        with app.lock:
            name = app.state.delegates[data["delegate"]].name
        message = (
            _("The mandate of %(name)s is accepted.", name=name)
            if entries[0].kind == "mandate.accepted"
            else _("The mandate of %(name)s is rejected.", name=name)
        )
        return _credentials_after(request, who, data["body"], message)

    return await _act(request, "mandate.credentials", build, then)


@router.post("/secretary/mandates/{ident}/recall", response_class=HTMLResponse)
async def recall(request: Request, ident: str) -> HTMLResponse:
    app = _service(request)

    def build(form: FormData) -> c.Command:
        with app.lock:
            mandate = app.state.mandates.get(ident)
            if mandate is None:
                raise NotFound("unknown-mandate", f"there is no mandate {ident!r}", field="mandate")
            sending, holder = mandate.sending, mandate.delegate
        return c.RecallDelegate(sending, holder, _field(form, "reason"))

    def then(who: Principal, entries: list[Entry]) -> HTMLResponse:
        data = entries[0].data
        taken = [e.data["delegate"] for e in entries if e.kind == "mandate.taken-up"]
        with app.lock:
            name = app.state.delegates[data["delegate"]].name
            substitute = app.state.delegates[taken[0]].name if taken else None
        message = _("%(name)s is recalled.", name=name)
        if substitute:
            message += " " + _("%(name)s takes up the mandate.", name=substitute)
        return _credentials_after(request, who, data["body"], message)

    return await _act(request, "mandate.recall", build, then)


def _credentials_after(request: Request, who: Principal, slug: str, message: str) -> HTMLResponse:
    context = _credentials_context(_service(request), slug)
    context["may"] = {act: _may(who, act) for act in PERMISSIONS}
    context["message"] = message
    return screens.render(request, "secretary_credentials.html", context)


@router.post("/secretary/accounts", response_class=HTMLResponse)
async def create_account(request: Request) -> HTMLResponse:
    """A staff account with a one-time password, shown here once."""
    who = await screens.login_required(request)
    screens.check_page_act(request)
    app = _service(request)
    try:
        _allowed(who, "account.create")
        form = await _form(request)
        role = _field(form, "role")
        if role not in ROLES:
            raise Invalid("role", f"role must be one of {', '.join(ROLES)}", field="role")
        username = _field(form, "username")
        if not username or len(username) > 64:
            raise Invalid("username", "a user name of 1 to 64 characters", field="username")
        ident, password = await run_in_threadpool(
            app.accounts.create_account, username, role, None, who
        )
    except Refusal as exc:
        return screens.refusal(request, exc)
    response = screens.render(
        request,
        "secretary_account.html",
        {"username": username, "role": role, "account": ident, "password": password},
    )
    response.headers["Cache-Control"] = "no-store"
    return response


# -- files: imports and slips -------------------------------------------------------------------


async def _import(
    request: Request, act: str, make: Callable[[Any], c.Command], what: str
) -> tuple[Principal, list[Entry] | HTMLResponse]:
    from smolny.adapters.spreadsheets import SpreadsheetError, read_table

    who = await screens.login_required(request)
    screens.check_page_act(request)
    app = _service(request)
    try:
        _allowed(who, act)
        data = await _upload(request)
        try:
            table = await run_in_threadpool(read_table, data, "the file")
        except SpreadsheetError as exc:
            raise Invalid(what, f"the file: {exc}", field="file") from None
        entries = await run_in_threadpool(app.execute, make(table), who)
    except Refusal as exc:
        if exc.errors:
            return who, screens.render(
                request,
                "secretary_problems.html",
                {"reason": exc.message, "rule": exc.rule, "problems": exc.errors},
                status=422,
            )
        return who, screens.refusal(request, exc)
    return who, entries


@router.post("/secretary/bodies/{slug}/delegates/import", response_class=HTMLResponse)
async def import_delegates(request: Request, slug: str) -> HTMLResponse:
    who, done = await _import(
        request,
        "delegates.register",
        lambda table: c.ImportRoster(slug, tuple(table.header), tuple(table.rows)),
        "roster",
    )
    if isinstance(done, HTMLResponse):
        return done
    added = sum(len(e.data["delegates"]) for e in done if e.kind == "delegates.registered")
    return _done(request, ngettext("%(num)d delegate added.", "%(num)d delegates added.", added))


@router.post("/secretary/mandates/import", response_class=HTMLResponse)
async def import_mandates(request: Request) -> HTMLResponse:
    who, done = await _import(
        request,
        "mandate.issue",
        lambda table: c.ImportMandates(tuple(table.header), tuple(table.rows)),
        "mandates",
    )
    if isinstance(done, HTMLResponse):
        return done
    issued = sum(1 for e in done if e.kind == "mandate.issued")
    return _done(
        request,
        ngettext(
            "%(num)d mandate issued; it awaits the credentials committee.",
            "%(num)d mandates issued; they await the credentials committee.",
            issued,
        ),
    )


@router.post("/secretary/bodies/{slug}/access-slips", response_model=None)
async def access_slips(request: Request, slug: str) -> Response:
    """New access codes and their slips as a PDF: for every delegate of the body, or for
    those without a code. The old codes stop working."""
    who = await screens.login_required(request)
    screens.check_page_act(request)
    app = _service(request)
    try:
        _allowed(who, "access-codes.issue")
        form = await _form(request)
        if form.get("understood") != "yes":
            raise Invalid(
                "reissue-not-confirmed",
                _("Confirm that the old codes stop working before printing new slips."),
                field="understood",
            )
        which = _field(form, "which") or "uncoded"
        if which not in ("all", "uncoded"):
            raise Invalid("which", "print slips for all delegates or those without a code")
        delegates: list[str] | None = None
        if which == "uncoded":
            coded = await run_in_threadpool(_coded, app)
            with app.lock:
                target = body_of(app.state, slug)
                delegates = [d for d in target.delegates if d not in coded]
            if not delegates:
                raise Invalid(
                    "no-delegates-without-code",
                    _("Every delegate of this body has a code already."),
                    field="which",
                )
        base = str(request.base_url).rstrip("/")
        return await slips_download(app, slug, delegates, base, who)
    except Refusal as exc:
        return screens.refusal(request, exc)
