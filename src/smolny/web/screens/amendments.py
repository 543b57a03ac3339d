"""The chair's console: an amendment as a change to the text, from the form for a motion
moved from the floor, and its preview drawn as the chair types
(`POST /chair/sessions/{id}/amendment-preview`: the text as amended, struck and inserted
words marked, or why the place named is not in the text)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from smolny import procedure
from smolny.domain.errors import Forbidden, Invalid, Refusal
from smolny.procedure import text
from smolny.service.app import Smolny
from smolny.service.permissions import STAFF
from smolny.service.views import amendments
from smolny.web import i18n
from smolny.web.screens import common as screens

router = APIRouter(include_in_schema=False)

MAX_FORM_BYTES = 200_000
WHERE = ("after", "before", "end", "beginning")


def change_of(form: dict[str, str]) -> procedure.Change:
    """The change to the text the console's form asks for: its operation (`operation`), the
    words it inserts (`words`), and where: the words struck (`strike`), or for an insert
    `where` (after or before the words `anchor`, at the end, at the beginning); and which
    time those words occur (`occurrence`, 1 the first)."""
    operation = form.get("operation") or text.STRIKE_INSERT
    if operation not in text.OPERATIONS:
        raise Invalid(
            "operation", i18n._("the amendment inserts, strikes or substitutes"), field="operation"
        )
    words = form.get("words", "")
    occurrence_text = form.get("occurrence", "") or "1"
    if not occurrence_text.isdigit() or len(occurrence_text) > 6 or int(occurrence_text) < 1:
        raise Invalid(
            "occurrence", i18n._("which time the words occur: 1, 2, 3..."), field="occurrence"
        )
    occurrence = int(occurrence_text)
    if operation == text.SUBSTITUTE:
        return procedure.Change(operation, words)
    if operation != text.INSERT:
        return procedure.Change(
            operation, words, strike=form.get("strike", ""), occurrence=occurrence
        )
    where = form.get("where") or "after"
    if where not in WHERE:
        raise Invalid(
            "where",
            i18n._("insert after or before words, at the end or at the beginning"),
            field="where",
        )
    if where == "end":
        return procedure.Change(operation, words)
    if where == "beginning":
        return procedure.Change(operation, words, span=(0, 0))
    anchor = form.get("anchor", "")
    if not anchor.strip():
        raise Invalid(
            "anchor", i18n._("say after (or before) which words to insert"), field="anchor"
        )
    if where == "after":
        return procedure.Change(operation, words, after=anchor, occurrence=occurrence)
    return procedure.Change(operation, words, before=anchor, occurrence=occurrence)


@router.post("/chair/sessions/{ident}/amendment-preview", response_class=HTMLResponse)
async def preview(request: Request, ident: str) -> HTMLResponse:
    """The text of the question immediately pending as the amendment in the form would
    amend it; a place not in the text is said in the preview (nothing is recorded)."""
    who = await screens.login_required(request)
    app: Smolny = request.app.state.smolny
    try:
        screens.check_page_act(request)
        if who.role not in STAFF:
            raise Forbidden("forbidden", f"the console is for staff; you are {who.role}")
    except Refusal as exc:
        return screens.refusal(request, exc)
    try:
        fields = await screens.form(request, max_bytes=MAX_FORM_BYTES)
        form = {name: str(value).strip() for name, value in fields.items()}
        if form.get("motion") != "amend":
            return HTMLResponse("")
        shown = await run_in_threadpool(amendments.preview, app, ident, change_of(form))
    except Refusal as exc:  # said where the chair is looking: in the preview
        context = {"refused": exc.message, "rule": exc.rule}
        return screens.render(request, "_amendment_preview.html", context)
    return screens.render(request, "_amendment_preview.html", {"amendment": shown})
