"""The hall: a sitting as the chair's console and the projector show it.

The console shows the chair everything needed to run the sitting (the questions on the
stack, the motions in order, the floor and the speakers, presence by faction, the polls
open, the last result, the agenda); the projector what the hall reads from the back.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from smolny import procedure
from smolny.domain import polls
from smolny.domain.decide import session_of
from smolny.domain.state import Assembly, Session
from smolny.procedure.speakers import next_request
from smolny.service.ballots import Ballots
from smolny.service.unit_of_work import UnitOfWork
from smolny.service.views import amendments
from smolny.service.views.polls import TELLER_METHODS, poll_result
from smolny.service.views.sessions import motions_in_order, session_detail

ABSENT_SHOWN = 200  # the absent delegates listed by name; the rest counted


def natural(ident: str) -> tuple[str, int]:
    """An id's sort key: its prefix, then its number (p2 before p10)."""
    prefix = ident.rstrip("0123456789")
    return prefix, int(ident[len(prefix) :] or 0)


def _name(state: Assembly, delegate: str | None) -> str:
    if delegate is None:
        return ""
    found = state.delegates.get(delegate)
    return found.name if found is not None else delegate


def sessions(app: UnitOfWork) -> tuple[list[dict[str, Any]], int]:
    """Every session, open ones first, with its body's name and presence; and the record's
    length."""
    with app.lock:
        state = app.state
        found = [
            {
                "id": s.id,
                "title": s.title,
                "state": s.state,
                "body": state.bodies[s.body].name if s.body in state.bodies else s.body,
                "opened_at": s.opened_at,
                "present": len(s.present),
            }
            for s in state.sessions.values()
        ]
        seq = state.seq
    found.sort(key=lambda s: (s["state"] != "open", natural(s["id"])))
    return found, seq


def scheduled(app: UnitOfWork) -> list[dict[str, Any]]:
    """The sittings called and not yet opened, the soonest first: each with its body (slug
    and name), its title, when it is called for (after any postponement: None when put off
    with no time set) and whether it was put off."""
    with app.lock:
        state = app.state
        found = []
        for ident, data in state.scheduled.items():
            postponed = data.get("postponed") or []
            body = state.bodies.get(data["body"])
            found.append(
                {
                    "id": ident,
                    "title": data["title"],
                    "body": data["body"],
                    "body_name": body.name if body is not None else data["body"],
                    "when": postponed[-1]["to"] if postponed else data["scheduled_for"],
                    "postponed": bool(postponed),
                    "emergency": bool(data.get("emergency")),
                }
            )
    found.sort(key=lambda s: (s["when"] is None, s["when"] or "", natural(s["id"])))
    return found


# -- the chair's console -----------------------------------------------------------------


def console(app: UnitOfWork, ballots: Ballots, ident: str, now: str) -> dict[str, Any]:
    """Everything the chair's console shows of session `ident` at `now` (with how many
    have voted in each open poll); NotFound if there is no such session."""
    with app.lock:
        state = app.state
        found = session_of(state, ident)
        view = _console(state, found, now)
        view["seq"] = state.seq
    for poll in view["open_polls"]:
        if poll["method"] not in TELLER_METHODS and poll["state"] == "open":
            poll["voted"] = ballots.progress(poll["id"])["voted"]
    return view


def _console(state: Assembly, found: Session, now: str) -> dict[str, Any]:
    detail = session_detail(state, found, now) | {"motions": []}
    sitting = found.procedure
    rulebook = state.rulebooks.get(found.rulebook)
    stack = _stack(state, sitting, rulebook)
    floor = detail["floor"]
    if floor is not None:
        floor["name"] = _name(state, floor["delegate"])
        floor["up"] = floor["seconds_left"] is not None and floor["seconds_left"] <= 0
    agenda = detail["agenda"]
    absent = sorted((d.id for d in sitting.delegates if not d.present), key=natural)
    return {
        "session": detail,
        "open": found.state == "open" and sitting.status == "open",
        "stack": stack,
        "top": stack[0] if stack else None,
        "in_order": _in_order(found, rulebook),
        "floor": floor,
        "speakers": _speakers(state, sitting, rulebook, detail["speakers"]),
        "factions": _factions(state, found),
        "absent": [{"id": d, "name": _name(state, d)} for d in absent[:ABSENT_SHOWN]],
        "absent_more": max(0, len(absent) - ABSENT_SHOWN),
        "open_polls": _open_polls(state, found),
        "result": _result(state, found),
        "agenda": agenda,
        "next_item": next((i for i in agenda if i["status"] == "waiting"), None),
        "speech_seconds": rulebook.debate.speech_seconds if rulebook is not None else None,
        "rulebook_loaded": rulebook is not None,
    }


def _stack(
    state: Assembly, sitting: procedure.State, rulebook: procedure.Rulebook | None
) -> list[dict[str, Any]]:
    # the questions pending, the one immediately before the body first
    def rule_name(key: str) -> str:
        rule = rulebook.motion(key) if rulebook is not None else None
        return rule.name if rule is not None else key

    stack = []
    for position, qid in enumerate(reversed(sitting.stack)):
        q = sitting.question(qid)
        if q is None:
            continue
        rule = rulebook.motion(q.motion) if rulebook is not None else None
        motion = state.motions.get(qid)
        stack.append(
            {
                "id": q.id,
                "motion": q.motion,
                "name": rule_name(q.motion),
                "title": motion.title if motion is not None else rule_name(q.motion),
                "text": q.amended_text,
                "amended": q.amended_text != q.text,
                "status": q.status,
                "mover": _name(state, q.mover),
                "seconder": _name(state, q.seconder),
                "needs_second": bool(rule and rule.second and q.seconder is None),
                "by_vote": bool(rule is None or rule.decided_by_vote),
                "debatable": bool(rule and rule.debatable),
                "top": position == 0,
                "amendment": amendments.pending(sitting, q),
            }
        )
    return stack


def _in_order(found: Session, rulebook: procedure.Rulebook | None) -> list[dict[str, Any]]:
    # the motions a delegate present (the first by number) could move now, and why not
    if rulebook is None or found.state != "open":
        return []
    mover = next(iter(sorted(found.present, key=natural)), None)
    return [
        {"key": rule.key, "name": rule.name, "ok": why is None, "why": why or ""}
        for rule, why in motions_in_order(rulebook, found.procedure, mover)
    ]


def _speakers(
    state: Assembly,
    sitting: procedure.State,
    rulebook: procedure.Rulebook | None,
    listed: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    # the speakers' list with names, the one the chair recognises next marked
    waiting = next_request(rulebook, sitting) if rulebook is not None else None
    next_up = waiting.delegate if waiting is not None else None
    return [
        {**s, "name": _name(state, s["delegate"]), "next": s["delegate"] == next_up} for s in listed
    ]


def _factions(state: Assembly, found: Session) -> list[dict[str, Any]]:
    # presence by faction (of every body of a joint sitting); no name: the unaffiliated
    names = {
        f.slug: f.name
        for b in (found.joint or {}).get("bodies", [found.body])
        if isinstance(b, str) and b in state.bodies
        for f in state.bodies[b].factions.values()
    }
    delegates = found.procedure.delegates
    registered = Counter(d.faction for d in delegates)
    present = Counter(d.faction for d in delegates if d.present)
    return [
        {
            "slug": slug or "",
            "name": names.get(slug or "", slug) if slug else "",
            "present": present.get(slug, 0),
            "registered": count,
        }
        for slug, count in sorted(registered.items(), key=lambda kv: str(kv[0] or "~"))
    ]


def _held(state: Assembly, found: Session) -> list[Any]:
    return sorted(
        (p for p in state.polls.values() if p.session == found.id), key=lambda p: natural(p.id)
    )


def _open_polls(state: Assembly, found: Session) -> list[dict[str, Any]]:
    open_polls = []
    for p in _held(state, found):
        if p.state not in ("open", "scheduled"):
            continue
        entered = {k or "hall": dict(v["counts"]) for k, v in p.counts.items()}
        open_polls.append(
            {
                "id": p.id,
                "motion": p.motion,
                "title": p.title,
                "method": p.method,
                "eligible": len(p.eligible),
                "voted": sum(sum(int(n) for n in e.values()) for e in entered.values()),
                "counts": entered,
                "tellers": p.method in TELLER_METHODS,
                "answers": polls.Question.of(p.opened).answers(),
                "state": p.state,  # open, or scheduled to open at `opens_at`
                "opens_at": p.opens_at,
                "closes_at": p.closes_at,
                "changeable": p.changeable,
                "roll_call": p.method == "roll-call",
                "kind": polls.Question.of(p.opened).kind,  # yes-no-abstain, choice, ranked...
            }
        )
    return open_polls


def _result(state: Assembly, found: Session) -> dict[str, Any] | None:
    # the last decision of a motion; or an election closed after it
    closed = [p for p in _held(state, found) if p.state == "closed"]
    if closed and closed[-1].motion is None:
        return {"election": True, **poll_result(state, closed[-1])}
    decided = [state.motions[m] for m in found.motions if state.motions[m].decision is not None]
    last = max(
        decided, key=lambda m: str(m.decision.get("at", "")) if m.decision else "", default=None
    )
    if last is None or last.decision is None:
        return None
    d = last.decision
    question = found.procedure.question(last.id)
    return {
        "question": last.id,
        "title": last.title,
        "status": (question or procedure.Question("", "", "", "", "")).status,
        "yes": d.get("yes"),
        "no": d.get("no"),
        "abstain": d.get("abstain"),
        "explanation": d.get("explanation", ""),
        "method": d.get("method", ""),
    }


# -- the projector -----------------------------------------------------------------------


def sitting_now(state: Assembly) -> Session | None:
    """The session sitting now: the latest one opened and not closed, or None."""
    sitting = [s for s in state.sessions.values() if s.state == "open"]
    return max(sitting, key=lambda s: (s.opened_at or "", s.id)) if sitting else None


def projector(app: UnitOfWork, ballots: Ballots, ident: str | None, now: str) -> dict[str, Any]:
    """What the projector shows: the session `ident` (None: the one sitting now) at `now`,
    its open poll with how many have voted; with no session, the sessions to choose from.
    `missing` is set when `ident` names no session."""
    with app.lock:
        state = app.state
        found = sitting_now(state) if ident is None else state.sessions.get(ident)
        view: dict[str, Any] = {"seq": state.seq, "ident": ident, "missing": False}
        if ident is not None and found is None:
            view["missing"] = True
            return view
        if found is None:
            view["sessions"] = _choices(state)
            view["screen"] = None
        else:
            view["screen"] = screen_of(state, found, now)
    poll = view["screen"] and view["screen"]["poll"]
    if poll:
        poll["voted"] = ballots.progress(poll["id"])["voted"]
    return view


def _choices(state: Assembly) -> list[dict[str, Any]]:
    return sorted(
        (
            {
                "id": s.id,
                "title": s.title,
                "state": s.state,
                "body": state.bodies[s.body].name if s.body in state.bodies else s.body,
                "opened_at": s.opened_at,
            }
            for s in state.sessions.values()
        ),
        key=lambda s: s["opened_at"] or "",
        reverse=True,
    )


def screen_of(state: Assembly, found: Session, now: str) -> dict[str, Any]:
    """Everything the projector shows of a session at `now`. (For a query holding the lock.)"""
    sitting = found.procedure
    rulebook = state.rulebooks.get(found.rulebook)
    body = state.bodies.get(found.body)
    quorum = procedure.quorum_status(rulebook, sitting) if rulebook is not None else None
    item = sitting.current_item()
    return {
        "session": {
            "id": found.id,
            "title": found.title,
            "state": found.state,
            "status": sitting.status,
            "body": body.name if body is not None else found.body,
        },
        "present": len(found.present),
        "quorum": None if quorum is None else {"needed": quorum.quorum, "quorate": quorum.quorate},
        "item": item.title if item is not None else None,
        "item_number": sitting.agenda.index(item) + 1 if item is not None else None,
        "floor": _projected_floor(state, found, now),
        "next": _following(state, found, rulebook),
        "waiting": len(sitting.speakers),
        "question": _projected_question(state, found),
        **_projected_polls(state, found),
    }


def _faction(state: Assembly, found: Session, slug: str | None) -> str | None:
    if not slug:
        return None
    body = state.bodies.get(found.body)
    faction = body.factions.get(slug) if body is not None else None
    return faction.name if faction is not None else slug


def _projected_floor(state: Assembly, found: Session, now: str) -> dict[str, Any] | None:
    floor = found.procedure.floor
    if floor is None:
        return None
    timing = procedure.speaking_time(found.procedure, now)
    return {
        "name": _name(state, floor.delegate),
        "kind": floor.kind,
        "side": floor.side,
        "in_name_of": _faction(state, found, floor.in_name_of),
        "seconds": floor.seconds,
        "left": timing.left if timing is not None else floor.seconds,
        "over": bool(timing and timing.up),
    }


def _following(
    state: Assembly, found: Session, rulebook: procedure.Rulebook | None
) -> dict[str, Any] | None:
    upcoming = next_request(rulebook, found.procedure) if rulebook is not None else None
    if upcoming is None:
        return None
    return {
        "name": _name(state, upcoming.delegate),
        "side": upcoming.side,
        "in_name_of": _faction(state, found, upcoming.in_name_of),
    }


def _projected_question(state: Assembly, found: Session) -> dict[str, Any] | None:
    sitting = found.procedure
    top = sitting.top()
    if top is None:
        return None
    motion = state.motions.get(top.id)
    applies = sitting.question(top.applies_to) if top.applies_to else None
    applies_motion = state.motions.get(applies.id) if applies is not None else None
    return {
        "id": top.id,
        "title": motion.title if motion is not None else top.id,
        "motion": top.motion,
        "status": top.status,
        "text": top.amended_text,
        "mover": _name(state, top.mover),
        "amendment": amendments.pending(sitting, top),
        "applies_to": None
        if applies is None
        else {
            "title": applies_motion.title if applies_motion is not None else applies.id,
            "text": applies.amended_text,
        },
    }


def _projected_polls(state: Assembly, found: Session) -> dict[str, Any]:
    # the poll open now; else the result of the last one held
    held = [state.polls[p] for m in found.motions for p in state.motions[m].polls]
    held += [p for p in state.polls.values() if p.session == found.id and p.motion is None]
    held.sort(key=lambda p: int(p.id[1:]) if p.id[1:].isdecimal() else 0)
    open_poll = next((p for p in reversed(held) if p.state == "open"), None)
    last = held[-1] if held else None
    result = None
    if open_poll is None and last is not None and last.state in ("closed", "cancelled"):
        result = poll_result(state, last)
    if open_poll is None:
        return {"poll": None, "result": result}
    title = open_poll.title or (state.motions[open_poll.motion].title if open_poll.motion else "")
    return {
        "poll": {
            "id": open_poll.id,
            "title": title,
            "method": open_poll.method,
            "secret": open_poll.secret,
            "eligible": len(open_poll.eligible),
        },
        "result": result,
    }
