"""The report back to a council (docs/papers.md, "The report back"): how the delegates it
instructed voted in each named vote on a paper, and who departed from its instruction.

- `GET /councils/{slug}/report`: the page, for staff and for the council's own account
  (an account attached to another council is refused); from it, the recall of a departed
  delegate (`POST /councils/{slug}/report/recall`, the mandates' `RecallDelegate`);
- `GET /councils/{slug}/report.json`: the same as a JSON Feed (jsonfeed.org 1.1), one item
  per named vote, public: named votes and the councils' instructions are public record.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse

from smolny.domain import commands as c
from smolny.domain.errors import Forbidden, Refusal
from smolny.service.app import Principal, Smolny
from smolny.service.permissions import require
from smolny.service.views import paper_desk, sitting_papers
from smolny.web import i18n
from smolny.web.screens import common as screens

router = APIRouter(include_in_schema=False)


def instruction_words(instruction: str) -> str:
    """A council's instruction in words, in the language in force."""
    words = {
        "for": i18n._("instructed to vote for"),
        "against": i18n._("instructed to vote against"),
        "free": i18n._("free to vote as they judge"),
    }
    return words.get(instruction, instruction)


def vote_words(vote: str | None) -> str:
    """A named ballot's answer in words (None: no vote cast)."""
    words = {"yes": i18n._("voted for"), "no": i18n._("voted against")}
    return words.get(vote or "", i18n._("abstained") if vote else i18n._("did not vote"))


def _viewer_may(app: Smolny, who: Principal, slug: str, act: str) -> None:
    require(who.role, act)
    council = paper_desk.account_council(app, who.id)
    if council is not None and council != slug:
        raise Forbidden(
            "council-account",
            f"the account {who.name} works for {council}: it reads and acts for {council} only",
        )


@router.get("/councils/{slug}/report", response_class=HTMLResponse)
async def report(request: Request, slug: str) -> HTMLResponse:
    """The council's report back: each named vote on a paper, its delegates' votes."""
    who = await screens.login_required(request)
    app: Smolny = request.app.state.smolny
    try:
        _viewer_may(app, who, slug, "papers.report")
        found = await run_in_threadpool(sitting_papers.council_report, app, slug)
    except Refusal as exc:
        return screens.render(
            request,
            "chair_forbidden.html",
            {"rule": exc.rule, "reason": exc.message},
            status=exc.status if exc.status in (403, 404) else 409,
        )
    may_recall = who.role in ("admin", "secretary")
    with i18n.active(i18n.choose(request)):
        for vote in found["votes"]:
            for row in vote["delegates"]:
                row["instruction_words"] = instruction_words(row["instruction"])
                row["vote_words"] = vote_words(row["vote"])
    context = {**found, "recall": may_recall}
    return screens.render(request, "council_report.html", context)


@router.post("/councils/{slug}/report/recall", response_class=HTMLResponse)
async def recall(request: Request, slug: str) -> HTMLResponse:
    """The council recalls a delegate who departed from its instruction."""
    who = await screens.login_required(request)
    app: Smolny = request.app.state.smolny
    try:
        screens.check_page_act(request)
        _viewer_may(app, who, slug, "mandate.recall")
        form = await screens.form(request, max_bytes=20_000, max_fields=10)
        delegate = str(form.get("delegate", "")).strip()
        reason = str(form.get("reason", "")).strip()
        command = c.RecallDelegate(slug, delegate, reason)
        await run_in_threadpool(app.execute, command, by=who)
    except Refusal as exc:
        return screens.refusal(request, exc)
    with i18n.active(i18n.choose(request)):
        message = i18n._("%(delegate)s is recalled.", delegate=delegate)
    return screens.render(request, "secretary_done.html", {"message": message})


def _item(base: str, slug: str, vote: dict[str, Any]) -> dict[str, Any]:
    papers = ", ".join(f"{p['number']} {p['title']}" for p in vote["papers"])
    lines = [
        f"{r['name']} ({r['paper']}): {instruction_words(r['instruction'])}, "
        + vote_words(r["vote"])
        + (" — " + i18n._("departed from the instruction") if r["departed"] else "")
        for r in vote["delegates"]
    ]
    item: dict[str, Any] = {
        "id": f"urn:smolny:report:{slug}:{vote['poll']}",
        "url": f"{base}/councils/{slug}/report#poll-{vote['poll']}",
        "title": i18n._(
            "%(papers)s: %(departures)d departed from the instructions",
            papers=papers,
            departures=vote["departures"],
        ),
        "content_text": "\n".join(lines),
        "_smolny": vote,
    }
    if vote["at"]:
        item["date_published"] = vote["at"]
    return item


@router.get("/councils/{slug}/report.json")
async def feed(request: Request, slug: str) -> JSONResponse:
    """The council's report back as a JSON Feed, one item per named vote on a paper."""
    app: Smolny = request.app.state.smolny
    found = await run_in_threadpool(sitting_papers.council_report, app, slug)
    base = str(request.base_url).rstrip("/")
    with i18n.active(i18n.choose(request)):
        body = _feed(base, slug, found, i18n.choose(request))
    return JSONResponse(body, media_type="application/feed+json")


def _feed(base: str, slug: str, found: dict[str, Any], lang: str) -> dict[str, Any]:
    return {
        "version": "https://jsonfeed.org/version/1.1",
        "title": i18n._("Report back to %(council)s", council=found["name"]),
        "home_page_url": f"{base}/councils/{slug}/report",
        "feed_url": f"{base}/councils/{slug}/report.json",
        "language": lang,
        "items": [_item(base, slug, v) for v in reversed(found["votes"])],
    }
