"""The record and the public pages drawn from it: the journal's lines, the latest entries
with the names they refer to, each body's sessions, register of resolutions and latest
results, the publications (resolutions, decisions, results: `smolny.record.publication`),
the presence behind a decision, and a session's minutes."""

from __future__ import annotations

import json
import threading
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from smolny.documents.minutes import Minutes, UnknownSession, draw
from smolny.domain import agenda
from smolny.domain.errors import NotFound, Refusal
from smolny.domain.papers import workflow_of
from smolny.domain.state import Assembly
from smolny.record import kinds as k
from smolny.record.chain import walk
from smolny.record.publication import Publication, Publisher, entry_of
from smolny.record.quorums import replay
from smolny.record.register import Resolution
from smolny.service.unit_of_work import UnitOfWork
from smolny.service.views.polls import poll_result

# -- the journal -------------------------------------------------------------------------


def journal_lines(app: UnitOfWork, after: int, limit: int | None) -> list[tuple[int, str]]:
    """(seq, canonical line) of up to `limit` entries (None: all) after `after`, read from
    the store."""
    with app.store.reading() as tx:
        return tx.lines(after=after, limit=limit)


def seq_now(app: UnitOfWork) -> int:
    """How many entries this process has folded, read at once without the lock (for the
    event loop, which must not wait for a writer)."""
    return app.state.seq


def head(app: UnitOfWork) -> tuple[int, str]:
    """The seq and hash of the last entry this process has folded."""
    with app.lock:
        return app.state.seq, app.state.head


@dataclass(frozen=True)
class Names:
    """What the entries of a page refer to, by name: delegates, motions (by title), polls
    (by title, else their motion's), bodies and sessions (by title)."""

    delegates: dict[str, str] = field(default_factory=dict)
    motions: dict[str, str] = field(default_factory=dict)
    polls: dict[str, str] = field(default_factory=dict)
    bodies: dict[str, str] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)
    paper_states: dict[str, str] = field(default_factory=dict)  # a workflow's state -> name

    def delegate(self, ident: Any) -> str:
        return self.delegates.get(str(ident), str(ident))

    def motion(self, ident: Any) -> str:
        return self.motions.get(str(ident), str(ident))

    def poll(self, ident: Any) -> str:
        return self.polls.get(str(ident), str(ident))

    def body(self, ident: Any) -> str:
        return self.bodies.get(str(ident), str(ident))

    def session(self, ident: Any) -> str:
        return self.sessions.get(str(ident), str(ident))

    def paper_state(self, ident: Any) -> str:
        return self.paper_states.get(str(ident), str(ident))


def names_in(state: Assembly, entries: Iterable[dict[str, Any]]) -> Names:
    """The names the entries refer to, as the state knows them now. (For a query holding
    the lock.)"""
    refs: dict[str, set[str]] = {k: set() for k in ("d", "m", "p", "b", "s")}
    for entry in entries:
        data = entry.get("data") or {}
        for key, kind in _REFERS.items():
            if key in data:
                refs[kind].add(str(data[key]))
        refs["m"].update(str(q) for q in data.get("questions", []))
    polls = {}
    for ident in refs["p"]:
        found = state.polls.get(ident)
        if found is not None:
            polls[ident] = found.title or (
                _motion_title(state, found.motion) if found.motion else found.id
            )
    return Names(
        paper_states=_paper_states(state, entries),
        delegates={d: state.delegates[d].name for d in refs["d"] if d in state.delegates},
        motions={m: _motion_title(state, m) for m in refs["m"] if m in state.motions},
        polls=polls,
        bodies={b: state.bodies[b].name for b in refs["b"] if b in state.bodies},
        sessions={s: state.sessions[s].title for s in refs["s"] if s in state.sessions},
    )


# the fields of an entry's data that name something, and what they name
def _paper_states(state: Assembly, entries: Iterable[dict[str, Any]]) -> dict[str, str]:
    # the states papers moved between, by the names their congress's workflow gives them
    named: dict[str, str] = {}
    for entry in entries:
        data = entry.get("data") or {}
        if entry.get("kind") != k.PAPER_MOVED:
            continue
        try:
            workflow = workflow_of(state, str(data.get("congress")))
        except Refusal:  # a congress gone, or a workflow this server has not loaded
            continue
        for key in ("from", "to"):
            if key in data:
                named[str(data[key])] = workflow.state_name(str(data[key]))
    return named


_REFERS = {
    "mover": "d",
    "seconder": "d",
    "delegate": "d",
    "question": "m",
    "poll": "p",
    "body": "b",
    "council": "b",
    "congress": "b",
    "session": "s",
}


def _motion_title(state: Assembly, ident: str) -> str:
    found = state.motions.get(ident)
    return found.title if found is not None and found.title else ident


def entries(app: UnitOfWork, after: int, limit: int) -> list[dict[str, Any]]:
    """Up to `limit` entries after `after`, as JSON objects, in order."""
    return [json.loads(line) for _, line in journal_lines(app, after, limit)]


def latest(app: UnitOfWork, recent: int) -> tuple[list[dict[str, Any]], Names]:
    """The last `recent` entries, newest first, with the names they refer to."""
    seq, _ = head(app)
    # read from the store outside the lock, so that writers are not held up
    found = entries(app, max(0, seq - recent), recent)
    with app.lock:
        return found[::-1], names_in(app.state, found)


def page(app: UnitOfWork, before: int | None, size: int) -> dict[str, Any]:
    """The record in pages of `size` entries, newest first, before entry `before`: the
    entries with their names, the record's length and head, and where the older and
    newer pages begin."""
    seq, last = head(app)
    end = min(before, seq + 1) if before is not None else seq + 1
    start = max(0, end - 1 - size)
    found = entries(app, start, end - 1 - start) if end > 1 else []
    with app.lock:
        names = names_in(app.state, found)
    return {
        "seq": seq,
        "head": last,
        "entries": found[::-1],
        "names": names,
        "older": start + 1 if start > 0 else None,
        "newer": end + size if end <= seq else None,
    }


# -- the public page's bodies ----------------------------------------------------------


def public_bodies(app: UnitOfWork, results: int) -> list[dict[str, Any]]:
    """Every body with its sessions, its register of resolutions (as the record numbers
    them) and its latest `results` results."""
    registers = register(app)
    with app.lock:
        state = app.state
        return [
            _public_body(state, slug, registers.get(slug, []), results) for slug in state.bodies
        ]


def _public_body(
    state: Assembly, slug: str, numbered: list[Resolution], results: int
) -> dict[str, Any]:
    body = state.bodies[slug]
    polls = [
        p for p in state.polls.values() if p.body == slug and p.state in ("closed", "cancelled")
    ]
    polls.sort(key=lambda p: int(p.id[1:]) if p.id[1:].isdecimal() else 0, reverse=True)
    sessions = [state.sessions[s] for s in body.sessions]
    return {
        "slug": body.slug,
        "name": body.name,
        "delegates": len(body.delegates),
        "papers": slug in state.papers,  # a congress taking papers: its motions book
        "sessions": [
            {
                "id": s.id,
                "title": s.title,
                "state": s.state,
                "present": len(s.present),
                "item": agenda.item_now(s) if s.state == "open" else None,
                "opened_at": s.opened_at,
            }
            for s in sessions
        ],
        "register": _register_rows(state, numbered),
        "results": [poll_result(state, p) for p in polls[:results]],
        "more_results": max(0, len(polls) - results),
    }


def _register_rows(state: Assembly, numbered: list[Resolution]) -> list[dict[str, Any]]:
    # each resolution with its text as adopted and the decision's figures
    shown = []
    for resolution in numbered:
        motion = state.motions.get(resolution.motion)
        session = state.sessions.get(motion.session) if motion is not None else None
        shown.append(
            {
                "id": resolution.motion,
                "number": resolution.number,
                "title": resolution.title,
                "text": resolution.text,
                "session": session.title if session is not None else "",
                "decision": dict((motion.decision if motion is not None else None) or {}),
            }
        )
    return shown


def session_title(app: UnitOfWork, ident: str) -> str:
    """A session's title (its id, if there is none such)."""
    with app.lock:
        found = app.state.sessions.get(ident)
        return found.title if found is not None else ident


# -- publications ------------------------------------------------------------------------


class Publications:
    """One service's publications, folded from its journal and kept up to date: each read
    folds only the entries appended since the last."""

    def __init__(self, app: UnitOfWork) -> None:
        self.app = app
        self.publisher = Publisher()
        self.first_hash = ""  # the record's first entry names the record in feed ids
        self.lock = threading.Lock()

    def current(self) -> Publisher:
        """The publisher, having folded every entry the store holds now."""
        with self.lock:
            rows = journal_lines(self.app, self.publisher.seq, None)
            for _, text in rows:
                entry = entry_of(text)
                if entry.seq == 1:
                    self.first_hash = entry.hash
                self.publisher.fold(entry)
            return self.publisher


_kept: weakref.WeakKeyDictionary[UnitOfWork, Publications] = weakref.WeakKeyDictionary()
_kept_lock = threading.Lock()


def publications_of(app: UnitOfWork) -> Publications:
    """The service's publications (made on first use)."""
    with _kept_lock:
        found = _kept.get(app)
        if found is None:
            found = _kept[app] = Publications(app)
        return found


def register(app: UnitOfWork) -> dict[str, list[Resolution]]:
    """Each body's register of resolutions, up to the journal's last entry."""
    publisher = publications_of(app).current()
    return {body: list(found) for body, found in publisher.registrar.resolutions.items()}


def register_of(app: UnitOfWork, slug: str) -> list[dict[str, Any]]:
    """A body's resolutions, each with the figures of the decision that adopted it."""
    numbered = register(app).get(slug, [])
    by_seq = {p.seq: p for p in publications_of(app).publisher.publications}
    return [
        {"resolution": r, "figures": dict(by_seq[r.seq].figures) if r.seq in by_seq else {}}
        for r in numbered
    ]


def resolution(app: UnitOfWork, slug: str, number: int) -> Publication:
    """Resolution `number` of a body; NotFound ("resolution") if it has none such."""
    publisher = publications_of(app).current()
    numbered = [
        p
        for p in publisher.publications
        if p.kind == "resolution" and p.body == slug and p.number == number
    ]
    if not numbered:
        count = len(publisher.registrar.resolutions.get(slug, []))
        raise NotFound(
            "resolution", f"{slug} has no resolution {number} (it has {count})", field="number"
        )
    return numbered[0]


def feed(app: UnitOfWork, slug: str | None, size: int) -> tuple[list[Publication], str]:
    """The latest `size` resolutions and results of a body (None: of every body), newest
    first; and the hash of the record's first entry, which names the record."""
    kept = publications_of(app)
    publisher = kept.current()
    chosen = [
        p
        for p in publisher.publications
        if p.kind in ("resolution", "result") and (slug is None or p.body == slug)
    ]
    return chosen[-size:][::-1], kept.first_hash


def presence(app: UnitOfWork, found: Publication, no_faction: str) -> list[dict[str, Any]]:
    """Who was present behind a decision, by faction (`no_faction`: the label of those in
    none), replayed from the journal up to it."""
    rows = journal_lines(app, 0, found.seq)
    replayed = replay(entry_of(text) for _, text in rows)
    behind = next((d for d in replayed.decisions if d.decision.seq == found.seq), None)
    if behind is None:
        return []
    by_faction: dict[str, list[str]] = {}
    for ident in behind.present:
        faction = replayed.factions.get(ident)
        label = (
            replayed.faction_names.get((behind.body, faction), faction) if faction else no_faction
        )
        by_faction.setdefault(str(label), []).append(replayed.names.get(ident, ident))
    return [
        {"faction": label, "count": len(names), "names": sorted(names)}
        for label, names in sorted(by_faction.items(), key=lambda f: (-len(f[1]), f[0]))
    ]


# -- minutes -----------------------------------------------------------------------------


def minutes(app: UnitOfWork, ident: str) -> Minutes:
    """The minutes of session `ident`, drawn from the whole journal; NotFound ("session",
    listing the sessions there are) if there is none such."""
    with app.store.reading() as tx:
        report = walk(tx.stream())
    try:
        return draw(report.entries, ident)
    except UnknownSession as exc:
        known = ", ".join(s.id for s in exc.sessions) or "none"
        raise NotFound(
            "session", f"there is no session {ident!r} (the sessions: {known})", field="ident"
        ) from None
