"""The secretary's and the admin's screen (`/secretary`): the tree of bodies, setting up
bodies and staff accounts, importing mandates; and the acts of a body's page (factions,
sessions, importing delegates, printing access slips, the credentials workflow), whose page
and roll are `secretary_roll`'s, a sitting's agenda `secretary_agenda`'s.

Every act is an htmx POST run through the service as the JSON API runs it, with the same
permission (`service.permissions`): a refusal shows its reason beside the form that asked
(`in_place`) and records nothing. The page's parts refresh themselves when the journal
grows (`static/live.js`).

Forms are read by `screens.form`: URL-encoded forms capped at `FORM_MAX_BYTES`, and the
one file of an import from `multipart/form-data`, capped at the import's size limit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from smolny.domain import commands as c
from smolny.domain.errors import Forbidden, Invalid, Refusal, TooLarge
from smolny.record import kinds as k
from smolny.service.app import Principal, Smolny
from smolny.service.files import roster_of
from smolny.service.permissions import PERMISSIONS, require
from smolny.service.views import accounts, bodies, paper_desk
from smolny.service.views.bodies import BODY_KINDS
from smolny.web.bodies import ROSTER_MAX_BYTES
from smolny.web.i18n import _, ngettext
from smolny.web.screens import common as screens
from smolny.web.slips import slips_download

router = APIRouter(include_in_schema=False)

VIEWERS = frozenset({"admin", "secretary", "chair"})
FORM_MAX_BYTES = 100_000  # an ordinary form (not a file)
FORM_MAX_FIELDS = 100
ROLES = ("secretary", "chair", "admin")


# -- reading forms ---------------------------------------------------------------------------


async def read_form(request: Request) -> FormData:
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


def service(request: Request) -> Smolny:
    app: Smolny = request.app.state.smolny
    return app


def _credentials_context(app: Smolny, slug: str) -> dict[str, Any]:
    return bodies.credentials(app, slug)


def body_summary(app: Smolny, slug: str) -> dict[str, Any]:
    """What the header of a body's page says of it (`_body_summary.html`)."""
    summary = bodies.secretariat_body(app, slug, set())
    summary["delegates_count"] = len(summary.pop("delegates"))
    return summary


def _tree_context(app: Smolny, current: str | None) -> dict[str, Any]:
    return {"rows": bodies.tree_rows(app), "current": current}


def _may(who: Principal, act: str) -> bool:
    return who.role in PERMISSIONS[act]


async def viewer(request: Request) -> Principal:
    """The page's viewer, who must be staff: a delegate (or anyone else) is refused."""
    who = await screens.login_required(request)
    if who.role not in VIEWERS:
        raise Forbidden(
            "staff-only", "the secretariat's screen is for the admin, the secretary and the chair"
        )
    return who


def denied(request: Request, exc: Refusal) -> HTMLResponse:
    if request.headers.get("hx-request"):
        return screens.refusal(request, exc)
    return screens.render(
        request,
        "secretary_denied.html",
        {"rule": exc.rule, "reason": exc.message, "values": exc.values},
        status=exc.status if exc.status in (403, 404) else 403,
    )


# -- the page and its parts ------------------------------------------------------------------


@router.get("/secretary", response_class=HTMLResponse, response_model=None)
async def page(request: Request, body: str = "") -> Response:
    """The secretariat's first page: the bodies, and setting one up; `?body=` (of old
    links) leads to that body's page."""
    try:
        who = await viewer(request)
    except Forbidden as exc:
        return denied(request, exc)
    app = service(request)
    seq, current = bodies.overview(app, body)
    if body and current == body:
        return RedirectResponse(f"/secretary/bodies/{quote(body)}", status_code=303)
    context: dict[str, Any] = {
        "who": who,
        "seq": seq,
        "kinds": BODY_KINDS,
        "roles": ROLES,
        "rulebooks": list(bodies.rulebook_names(app).items()),
        "may": {act: _may(who, act) for act in PERMISSIONS},
        "asked": body,
        "council_papers": _council_papers(app, who),
        **_tree_context(app, None),
    }
    response = screens.render(request, "secretary.html", context)
    response.headers["Cache-Control"] = "no-store"
    return response


def _council_papers(app: Smolny, who: Principal) -> list[tuple[str, str]]:
    """An account that works for a council: its council's papers to each congress."""
    council = paper_desk.account_council(app, who.id)
    if council is None:
        return []
    return [
        (f"/papers/{quote(g['slug'])}/councils/{quote(council)}", g["name"])
        for g in paper_desk.congresses(app, council)
    ]


@router.get("/secretary/tree", response_class=HTMLResponse)
async def tree_part(request: Request, body: str = "") -> HTMLResponse:
    try:
        await viewer(request)
    except Forbidden as exc:
        return denied(request, exc)
    return screens.render(request, "secretary_tree.html", _tree_context(service(request), body))


@router.get("/secretary/bodies/{slug}/credentials", response_class=HTMLResponse)
async def credentials_part(request: Request, slug: str) -> HTMLResponse:
    try:
        who = await viewer(request)
        context = _credentials_context(service(request), slug)
    except Refusal as exc:
        return denied(request, exc)
    context["may"] = {act: _may(who, act) for act in PERMISSIONS}
    return screens.render(request, "secretary_credentials.html", context)


# -- acts -------------------------------------------------------------------------------------


async def _act(
    request: Request,
    act: str,
    build: Callable[[FormData], c.Command],
    then: Callable[[Principal, list[Any]], HTMLResponse],
) -> HTMLResponse:
    """One act from the page: logged in, sent by the page, allowed, read from the form,
    then run through the service; a refusal is shown in place, nothing recorded."""
    who = await screens.login_required(request)
    screens.check_page_act(request)
    try:
        allowed(who, act)
        command = build(await read_form(request))
    except Refusal as exc:
        return in_place(request, exc)
    try:
        entries = await run_in_threadpool(service(request).execute, command, who)
    except Refusal as exc:
        return in_place(request, exc)
    return then(who, entries)


def in_place(request: Request, exc: Refusal) -> HTMLResponse:
    """A refusal drawn beside the form that asked (its own answer slot, the form's
    `hx-target`), where the eye is, never in the page's top slot far above it."""
    return screens.render(
        request,
        "_refusal.html",
        {"rule": exc.rule, "reason": exc.message, "field": exc.field, "values": exc.values},
        status=exc.status if exc.status in (403, 404, 409, 413, 422) else 409,
    )


def allowed(who: Principal, act: str) -> None:
    if who.must_change_password:
        raise Forbidden(
            "password-change-required",
            "this account has a one-time password: change it first (POST /api/v1/account/password)",
        )
    require(who.role, act)


def _done(request: Request, message: str, **extra: Any) -> HTMLResponse:
    return screens.render(request, "secretary_done.html", {"message": message, **extra})


def field(form: FormData, name: str) -> str:
    return str(form.get(name, "")).strip()


def _optional(form: FormData, name: str) -> str | None:
    return field(form, name) or None


def whole(form: FormData, name: str) -> int | None:
    value = field(form, name)
    if not value:
        return None
    if not value.isdecimal() or len(value) > 12:
        raise Invalid(name, f"{name} must be a whole number", field=name)
    return int(value)


@router.post("/secretary/bodies", response_class=HTMLResponse)
async def create_body(request: Request) -> HTMLResponse:
    def build(form: FormData) -> c.Command:
        return c.CreateBody(
            field(form, "slug"),
            field(form, "name"),
            field(form, "kind") or "congress",
            _optional(form, "parent"),
            field(form, "language") or "en",
            field(form, "rulebook") or "robert",
            whole(form, "members"),
            _optional(form, "purpose"),
        )

    def then(who: Principal, entries: list[Any]) -> HTMLResponse:
        slug = entries[0].data["body"]
        return _done(
            request,
            _("Body %(name)s created.", name=entries[0].data["name"]),
            link=f"/secretary/bodies/{slug}",
        )

    return await _act(request, "body.create", build, then)


@router.post("/secretary/bodies/{slug}/factions", response_class=HTMLResponse)
async def form_faction(request: Request, slug: str) -> HTMLResponse:
    def build(form: FormData) -> c.Command:
        return c.FormFaction(slug, field(form, "slug"), field(form, "name"))

    def then(who: Principal, entries: list[Any]) -> HTMLResponse:
        message = _("Faction %(name)s formed.", name=entries[0].data["name"])
        return _done(request, message, body=body_summary(service(request), slug))

    return await _act(request, "faction.form", build, then)


@router.post("/secretary/bodies/{slug}/sessions", response_class=HTMLResponse)
async def open_session(request: Request, slug: str) -> HTMLResponse:
    def build(form: FormData) -> c.Command:
        return c.OpenSession(slug, field(form, "title"), _optional(form, "opened_by"))

    def then(who: Principal, entries: list[Any]) -> HTMLResponse:
        opened = entries[0].data  # the sitting in words, one click from its console
        return _done(
            request,
            _("Sitting “%(title)s” opened.", title=opened.get("title") or opened["session"]),
            links=[
                (f"/chair/sessions/{opened['session']}", _("Its console")),
                (f"/secretary/sessions/{opened['session']}/agenda", _("Its agenda")),
            ],
        )

    return await _act(request, "session.open", build, then)


@router.post("/secretary/mandates/{ident}/credentials", response_class=HTMLResponse)
async def check_credentials(request: Request, ident: str) -> HTMLResponse:
    app = service(request)

    def build(form: FormData) -> c.Command:
        decision = field(form, "decision")
        if decision not in ("accept", "reject"):
            raise Invalid("decision", "accept or reject the mandate", field="decision")
        to = bodies.mandate_refs(app, ident)["body"]
        return c.CheckCredentials(
            to, ident, decision == "accept", field(form, "reason"), _optional(form, "committee")
        )

    def then(who: Principal, entries: list[Any]) -> HTMLResponse:
        data = entries[0].data
        name = bodies.delegate_names(app, [data["delegate"]])[data["delegate"]]
        message = (
            _("The mandate of %(name)s is accepted.", name=name)
            if entries[0].kind == k.MANDATE_ACCEPTED
            else _("The mandate of %(name)s is rejected.", name=name)
        )
        return _credentials_after(request, who, data["body"], message)

    return await _act(request, "mandate.credentials", build, then)


@router.post("/secretary/mandates/{ident}/recall", response_class=HTMLResponse)
async def recall(request: Request, ident: str) -> HTMLResponse:
    app = service(request)

    def build(form: FormData) -> c.Command:
        refs = bodies.mandate_refs(app, ident)
        return c.RecallDelegate(refs["sending"], refs["delegate"], field(form, "reason"))

    def then(who: Principal, entries: list[Any]) -> HTMLResponse:
        data = entries[0].data
        taken = [e.data["delegate"] for e in entries if e.kind == k.MANDATE_TAKEN_UP]
        names = bodies.delegate_names(app, [data["delegate"], *taken])
        name = names[data["delegate"]]
        substitute = names[taken[0]] if taken else None
        message = _("%(name)s is recalled.", name=name)
        if substitute:
            message += " " + _("%(name)s takes up the mandate.", name=substitute)
        return _credentials_after(request, who, data["body"], message)

    return await _act(request, "mandate.recall", build, then)


def _credentials_after(request: Request, who: Principal, slug: str, message: str) -> HTMLResponse:
    context = _credentials_context(service(request), slug)
    context["may"] = {act: _may(who, act) for act in PERMISSIONS}
    context["message"] = message
    return screens.render(request, "secretary_credentials.html", context)


@router.post("/secretary/accounts", response_class=HTMLResponse)
async def create_account(request: Request) -> HTMLResponse:
    """A staff account with a one-time password, shown here once."""
    who = await screens.login_required(request)
    screens.check_page_act(request)
    app = service(request)
    try:
        allowed(who, "account.create")
        form = await read_form(request)
        role = field(form, "role")
        if role not in ROLES:
            raise Invalid("role", f"role must be one of {', '.join(ROLES)}", field="role")
        username = field(form, "username")
        if not username or len(username) > 64:
            raise Invalid("username", "a user name of 1 to 64 characters", field="username")
        ident, password = await run_in_threadpool(
            app.accounts.create_account, username, role, None, who
        )
    except Refusal as exc:
        return in_place(request, exc)
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
) -> tuple[Principal, list[Any] | HTMLResponse]:
    who = await screens.login_required(request)
    screens.check_page_act(request)
    app = service(request)
    try:
        allowed(who, act)
        data = await _upload(request)
        table = await run_in_threadpool(roster_of, data, what)
        entries = await run_in_threadpool(app.execute, make(table), who)
    except Refusal as exc:
        if exc.errors:
            return who, screens.render(
                request,
                "secretary_problems.html",
                {"reason": exc.message, "rule": exc.rule, "problems": exc.errors},
                status=422,
            )
        return who, in_place(request, exc)
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
    added = sum(len(e.data["delegates"]) for e in done if e.kind == k.DELEGATES_REGISTERED)
    message = ngettext("%(num)d delegate added.", "%(num)d delegates added.", added)
    # the page's header counts them too: drawn again with the answer (out of band)
    return _done(request, message, body=body_summary(service(request), slug))


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
    issued = sum(1 for e in done if e.kind == k.MANDATE_ISSUED)
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
    """New access codes and their slips as a PDF: for every delegate of the body, for
    those without a code, or for those selected in the roll. The old codes stop working."""
    who = await screens.login_required(request)
    screens.check_page_act(request)
    app = service(request)
    try:
        allowed(who, "access-codes.issue")
        form = await read_form(request)
        if form.get("understood") != "yes":
            raise Invalid(
                "reissue-not-confirmed",
                _("Confirm that the old codes stop working before printing new slips."),
                field="understood",
            )
        which = field(form, "which") or "uncoded"
        if which not in ("all", "uncoded", "selected"):
            raise Invalid(
                "which", "print slips for all delegates, those without a code, or those selected"
            )
        delegates: list[str] | None = None
        if which == "selected":
            delegates = [str(d) for d in form.getlist("delegates")]
            if not delegates:
                raise Invalid("no-delegates", _("Select the delegates first."), field="delegates")
        if which == "uncoded":
            delegates = await run_in_threadpool(accounts.uncoded, app, app.accounts, slug)
            if not delegates:
                raise Invalid(
                    "no-delegates-without-code",
                    _("Every delegate of this body has a code already."),
                    field="which",
                )
        base = str(request.base_url).rstrip("/")
        return await slips_download(app, slug, delegates, base, who)
    except Refusal as exc:
        return in_place(request, exc)
