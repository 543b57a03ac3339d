"""A congress's motions book (issue 19, docs/papers.md): its papers as they stand, drawn
from the state the journal folds to, and its final editions fixed in the journal.

The book's *canonical content* is the papers as data: the congress, its deadlines and
workflow, the agenda of its sitting (if one is set), every motion and composite with its
paragraphs, its amendments (each with the paragraph it struck and the text it inserted),
its state, its moves with their reasons and the committee's recommendation. In canonical
JSON (`smolny.record.canonical`, the journal's own encoding) its SHA-256 is what a final
edition fixes; the PDF, the Markdown and the pages are drawn from the same content, in a
reader's language, and are not hashed (a PDF's bytes are not reproducible).

An edition is checked by drawing the book again from the journal up to the entry it
covers (`edition`), so a final edition stays checkable after the papers move on.
"""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Iterable
from typing import Any

from smolny.domain import commands as c
from smolny.domain.errors import NotFound
from smolny.domain.events import Event
from smolny.domain.papers import congress_of, papers_of, workflow_of
from smolny.domain.registry import FOLDS
from smolny.domain.state import Assembly, Paper
from smolny.record import canonical
from smolny.record import kinds as k
from smolny.record.chain import walk
from smolny.record.entry import Entry
from smolny.service.unit_of_work import BrokenRecord, UnitOfWork
from smolny.service.views.papers import _amendments


def content(state: Assembly, slug: str) -> dict[str, Any]:
    """The canonical content of `slug`'s motions book in `state` (a refusal if it is no
    congress or takes no papers yet): plain data, the same in every language."""
    body = congress_of(state, slug)
    papers = papers_of(state, slug)
    shown = [p for p in papers.papers.values() if p.motion is None and p.made]
    named = {slug for p in papers.papers.values() for slug in (p.council, *p.supporters) if slug}
    return {
        "congress": slug,
        "name": body.name,
        "deadlines": {"motions": papers.motions_by, "amendments": papers.amendments_by},
        "workflow": papers.workflow,
        "agenda": _agenda(state, slug),
        "councils": {s: state.bodies[s].name for s in sorted(named) if s in state.bodies},
        "papers": [_paper(state, p) for p in shown],
    }


def canonical_text(found: dict[str, Any]) -> str:
    """The canonical JSON of a book's content: the text whose SHA-256 an edition fixes."""
    return canonical.dumps(found)


def digest(found: dict[str, Any]) -> str:
    """SHA-256 (hex) of the UTF-8 bytes of the content's canonical JSON."""
    return hashlib.sha256(canonical_text(found).encode("utf-8")).hexdigest()


def book(app: UnitOfWork, slug: str, edition: int | None = None) -> dict[str, Any]:
    """The motions book of congress `slug`: as it stands, or (`edition`) as its final edition
    was fixed, drawn again from the journal; with the state names of its workflow, every
    final edition, and whether the book drawn matches the edition asked for."""
    with app.lock:
        state = app.state
        papers = papers_of(state, slug)
        editions = [dict(e) for e in papers.editions]
        names = dict(workflow_of(state, slug).states)
        seq = state.seq
        found = content(state, slug) if edition is None else None
    fixed = None
    if edition is not None:
        fixed = next((e for e in editions if e["edition"] == edition), None)
        if fixed is None:
            raise NotFound(
                "unknown-edition",
                f"{slug}'s motions book has no final edition {edition} ({len(editions)} so far)",
                field="edition",
            )
        seq = fixed["covers"]
        found = edition_content(app, seq, slug)
    assert found is not None
    sha = digest(found)
    return {
        "content": found,
        "states": names,
        "sha256": sha,
        "seq": seq,
        "edition": fixed,
        "matches": fixed is not None and fixed["sha256"] == sha,
        "editions": editions,
    }


def check(app: UnitOfWork, slug: str) -> list[dict[str, Any]]:
    """Every final edition of `slug`'s book in the store's journal, checked (`check_entries`)."""
    with app.store.reading() as tx:
        lines = tx.lines(0)
    return check_entries(app, walk(lines).entries, slug)


def check_entries(app: UnitOfWork, entries: Iterable[Entry], slug: str) -> list[dict[str, Any]]:
    """Every final edition of `slug`'s book in `entries` (a journal, from its first entry),
    the book drawn again from the entries before it: its number, the SHA-256 recorded, the
    SHA-256 drawn, and whether they match (and it covers the entries before it)."""
    state = Assembly(rulebooks=app.rulebooks, workflows=app.workflows, folds=FOLDS)
    out = []
    for entry in entries:
        if entry.kind == k.MOTIONS_BOOK_FIXED and entry.data["congress"] == slug:
            fixed = entry.data
            drawn = digest(content(state, slug))
            matches = drawn == fixed["sha256"] and fixed["covers"] == state.seq
            out.append({**fixed, "seq": entry.seq, "drawn": drawn, "matches": matches})
        state.apply(Event(entry.kind, entry.data), entry.at, entry.actor)
        state.seq, state.head = entry.seq, entry.hash
    return out


def fixing(app: UnitOfWork, slug: str) -> c.FixMotionsBook:
    """The command that fixes `slug`'s book as it stands now (call it inside the unit of work,
    `app.run`, so that no entry comes between the book drawn and the edition recorded)."""
    with app.lock:
        return c.FixMotionsBook(slug, digest(content(app.state, slug)), app.state.seq)


_EDITIONS: weakref.WeakKeyDictionary[Any, dict[tuple[int, str], dict[str, Any]]] = (
    weakref.WeakKeyDictionary()
)  # a store -> (seq, congress) -> its book then
_EDITIONS_KEPT = 8


def edition_content(app: UnitOfWork, seq: int, slug: str) -> dict[str, Any]:
    """The content of `slug`'s book as it stood at entry `seq`: drawn from the journal once,
    then kept with the store (the journal before `seq` never changes), so that a public page
    asked for an edition again and again does not fold the journal each time."""
    kept = _EDITIONS.setdefault(app.store, {})
    found = kept.get((seq, slug))
    if found is None:
        found = content(state_at(app, seq), slug)
        if len(kept) >= _EDITIONS_KEPT:
            kept.pop(next(iter(kept)))
        kept[(seq, slug)] = found
    return found


def state_at(app: UnitOfWork, seq: int) -> Assembly:
    """The state the journal folds to up to entry `seq`, drawn again from the store; a
    journal that does not verify is refused (BrokenRecord), never drawn in part."""
    with app.store.reading() as tx:
        lines = tx.lines(0, seq)
    report = walk(lines)
    if not report.ok:
        assert report.broken is not None
        raise BrokenRecord(f"the journal does not verify: {report.broken.describe()}")
    state = Assembly(rulebooks=app.rulebooks, workflows=app.workflows, folds=FOLDS)
    for entry in report.entries:
        state.apply(Event(entry.kind, entry.data), entry.at, entry.actor)
        state.seq, state.head = entry.seq, entry.hash
    return state


def _agenda(state: Assembly, slug: str) -> dict[str, Any] | None:
    # the agenda of the congress's latest sitting that has one: adopted, or as drafted
    for ident in reversed(state.bodies[slug].sessions):
        session = state.sessions[ident]
        adopted = session.procedure.agenda
        if adopted:
            items = [{"title": i.title, "reporter": i.reporter} for i in adopted]
        elif session.agenda_draft:
            items = [
                {"title": i["title"], "reporter": i.get("reporter")} for i in session.agenda_draft
            ]
        else:
            continue
        return {
            "session": session.id,
            "title": session.title,
            "adopted": session.procedure.agenda_adopted,
            "items": items,
        }
    return None


def _paper(state: Assembly, found: Paper) -> dict[str, Any]:
    amendments = []
    for change in _amendments(state, found):
        amendment = state.papers[found.congress].papers[change["number"]]
        text = amendment.change["text"] if amendment.change else ""
        amendments.append({**change, **_common(amendment), "text": text})
    return {
        "number": found.number,
        "kind": "composite" if found.motions else "motion",
        "title": found.title,
        "paragraphs": list(found.paragraphs),
        "emergency": found.emergency,
        "motions": list(found.motions),  # a composite: the motions it replaces
        "composite": found.composite,  # a motion: the composite that replaced it
        **_common(found),
        "amendments": amendments,
    }


def _common(found: Paper) -> dict[str, Any]:
    # what a motion and an amendment both have: who, the state, the moves, the recommendation
    recommendation = found.recommendation
    return {
        "council": found.council,
        "movers": list(found.movers),
        "supporters": list(found.supporters),
        "submitted_at": found.submitted_at,
        "state": found.state,
        "moves": [
            {key: m[key] for key in ("from", "to", "by", "reason", "at")} for m in found.history
        ],
        "recommendation": (
            {"stance": recommendation["stance"], "reason": recommendation["reason"]}
            if recommendation
            else None
        ),
    }
