"""The paragraphs of a session's own entries: one small function per kind of entry.

Each takes the `Reader` walking the journal, the entry and the time the act was made at
(the entry's own `at` in its data, else the time it was recorded), and adds what it tells
to the minutes. `SESSION` lists them by kind.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smolny.documents.minutes.model import Decision, PollRecord, int_or_none
from smolny.documents.minutes.reader import NAMES_LISTED, Reader
from smolny.record.entry import Entry


def _s_opened(reader: Reader, entry: Entry, at: str | None) -> None:
    reader.add(
        entry.at,
        "opened",
        by=reader.name(entry.data["opened_by"]) if entry.data.get("opened_by") else None,
    )
    reader.note_chair(entry.at)


def _s_presence(reader: Reader, entry: Entry, at: str | None) -> None:
    data = entry.data
    ids = [str(d) for d in data.get("delegates", [])]
    first = reader.present is None
    reader.present = int_or_none(data.get("present_count"))
    reader.quorum = int_or_none(data.get("quorum"))
    if first and data.get("present") and reader.opening_presence is None:
        reader.opening_presence = (reader.present, reader.quorum)
    reader.add(
        at,
        "presence",
        present=bool(data.get("present")),
        count=len(ids),
        names=[reader.name(d) for d in ids] if len(ids) <= NAMES_LISTED else [],
        faction=reader.faction(data.get("faction")),
        declaration=data.get("declaration"),
        present_count=reader.present,
        quorum=reader.quorum,
        quorate=data.get("quorate"),
    )


def _s_quorum(reader: Reader, entry: Entry, at: str | None) -> None:
    lost = entry.kind == "quorum.lost"
    if not lost and not reader.quorum_lost:
        return  # the quorum reached at the opening is told by the presence itself
    reader.quorum_lost = lost
    reader.add(
        at,
        "quorum",
        lost=lost,
        present_count=int_or_none(entry.data.get("present_count")),
        quorum=int_or_none(entry.data.get("quorum")),
    )


def _s_moved(reader: Reader, entry: Entry, at: str | None) -> None:
    data = entry.data
    question = str(data["question"])
    brought = data.get("brought_from")
    reader.motions[question] = {
        "id": question,
        "title": str(data.get("title") or data["motion"]),
        "motion": str(data["motion"]),
        "mover": reader.name(data["mover"]),
        "seconder": None,
        "text": str(data.get("text") or ""),
        "amended_text": str(data.get("text") or ""),
        "applies_to": data.get("applies_to"),
        "strike": data.get("strike"),
        "status": "moved",
    }
    reader.add(
        at,
        "moved",
        motion=question,
        title=reader.motions[question]["title"],
        act=str(data["motion"]),
        mover=reader.name(data["mover"]),
        text=str(data.get("text") or ""),
        applies_to=data.get("applies_to"),
        until=data.get("until"),
        committee=data.get("committee"),
        brought_from=reader.bodies.get(brought["body"], {}).get("name", brought["body"])
        if isinstance(brought, dict)
        else None,
    )


def _s_seconded(reader: Reader, entry: Entry, at: str | None) -> None:
    question = str(entry.data["question"])
    if question in reader.motions:
        reader.motions[question]["seconder"] = reader.name(entry.data["seconder"])
    reader.add(at, "seconded", motion=question, seconder=reader.name(entry.data["seconder"]))


def _s_stated(reader: Reader, entry: Entry, at: str | None) -> None:
    question = str(entry.data["question"])
    if question in reader.motions:
        reader.motions[question]["status"] = "pending"


def _s_put(reader: Reader, entry: Entry, at: str | None) -> None:
    question = str(entry.data["question"])
    reader.add(
        at,
        "put",
        motion=question,
        title=reader.motions.get(question, {}).get("title", question),
        needs=entry.data.get("needs"),
    )


def _s_decided(reader: Reader, entry: Entry, at: str | None) -> None:
    data = entry.data
    question = str(data["question"])
    adopted = entry.kind == "motion.adopted"
    motion = reader.motions.get(question)
    if motion is not None:
        motion["status"] = "adopted" if adopted else "rejected"
    decision = Decision(
        motion=question,
        title=motion["title"] if motion else question,
        adopted=adopted,
        method=str(data.get("method") or ""),
        yes=int(data.get("yes") or 0),
        no=int(data.get("no") or 0),
        abstain=int(data.get("abstain") or 0),
        unit=str(data.get("unit") or "heads"),
        threshold=str(data.get("threshold") or ""),
        base=int_or_none(data.get("base")),
        required=int_or_none(data.get("required")),
        present_count=int_or_none(data.get("present_count")),
        quorum=int_or_none(data.get("quorum")),
        quorate=data.get("quorate") if isinstance(data.get("quorate"), bool) else None,
        explanation=str(data.get("explanation") or ""),
        at=at,
    )
    reader.decisions.append(decision)
    reader.add(at, "decision", decision=decision)


def _s_amended(reader: Reader, entry: Entry, at: str | None) -> None:
    question = str(entry.data["question"])
    if question in reader.motions:
        reader.motions[question]["amended_text"] = str(entry.data["text"])
    reader.add(
        at,
        "amended",
        motion=question,
        amendment=entry.data.get("amendment"),
        title=reader.motions.get(question, {}).get("title", question),
        text=str(entry.data["text"]),
    )


_DISPOSALS = {
    "motion.tabled": "tabled",
    "motion.postponed": "postponed",
    "motion.referred": "referred",
    "motion.postponed-indefinitely": "postponed-indefinitely",
    "motion.withdrawn": "withdrawn",
    "motion.taken-from-table": "pending",
    "question.taken-up": "pending",
    "motion.reconsidered": "pending",
    "motion.rescinded": "rescinded",
    "motion.not-considered": "not-considered",
    "debate.closed": None,
    "debate.limited": None,
    "vote.cancelled": "pending",
}


def _s_disposed(reader: Reader, entry: Entry, at: str | None) -> None:
    data = entry.data
    ids = [str(q) for q in data.get("questions", [])] or (
        [str(data["question"])] if data.get("question") else []
    )
    status = _DISPOSALS[entry.kind]
    for question in ids:
        if status is not None and question in reader.motions:
            reader.motions[question]["status"] = status
    reader.add(
        at,
        "disposed",
        act=entry.kind,
        titles=[reader.motions.get(q, {}).get("title", q) for q in ids],
        by=reader.name(data["by"]) if data.get("by") else None,
        until=data.get("until"),
        committee=reader.bodies.get(str(data.get("committee")), {}).get(
            "name", data.get("committee")
        ),
        reason=data.get("reason"),
    )


def _s_divided(reader: Reader, entry: Entry, at: str | None) -> None:
    whole = reader.motions.get(str(entry.data["question"]))
    texts = [str(t) for t in entry.data.get("texts", [])]
    for part, text in zip(entry.data.get("parts", []), texts, strict=False):
        reader.motions[str(part)] = {
            **(whole or {}),
            "id": str(part),
            "text": text,
            "amended_text": text,
            "status": "pending",
        }
    if whole is not None:
        whole["status"] = "divided"
    reader.add(
        at,
        "disposed",
        act=entry.kind,
        titles=[whole["title"] if whole else ""],
        by=None,
        until=None,
        committee=None,
        reason=None,
    )


def _s_floor(reader: Reader, entry: Entry, at: str | None) -> None:
    data = entry.data
    question = data.get("question")
    reader.add(
        at,
        "speech",
        speaker=reader.name(data["delegate"]),
        reply=data.get("kind") == "reply",
        in_name_of=reader.faction(data.get("in_name_of")),
        side=data.get("side"),
        on=reader.motions.get(str(question), {}).get("title") if question else None,
    )


def _s_interrupted(reader: Reader, entry: Entry, at: str | None) -> None:
    reader.add(
        at,
        "interrupted",
        speaker=reader.name(entry.data["delegate"]),
        by=reader.name(entry.data["by"]) if entry.data.get("by") else None,
    )


def _s_ruling(reader: Reader, entry: Entry, at: str | None) -> None:
    data = entry.data
    if entry.kind == "ruling.made":
        reader.add(
            at,
            "ruling",
            text=str(data.get("text") or ""),
            well_taken=data.get("well_taken"),
            outcome=None,
        )
    else:
        reader.add(at, "ruling", text="", well_taken=None, outcome=entry.kind.split(".")[1])


def _s_agenda(reader: Reader, entry: Entry, at: str | None) -> None:
    if entry.kind == "agenda.changed":
        for item in entry.data.get("items", []):
            reader.items[str(item["item"])] = str(item["title"])
        reader.add(at, "agenda", items=[str(i["title"]) for i in entry.data.get("items", [])])
        return
    reader.items_taken += 1
    item = str(entry.data["item"])
    reader.add(at, "item", title=reader.items.get(item, item))
    reader.note_chair(at)


def _s_declared(reader: Reader, entry: Entry, at: str | None) -> None:
    reader.add(
        entry.at,
        "declaration",
        faction=reader.faction(entry.data["faction"]),
        speaker=reader.name(entry.data["delegate"]),
        text=str(entry.data["text"]),
    )


def _s_poll_opened(reader: Reader, entry: Entry, at: str | None) -> None:
    data = entry.data
    reader.polls[str(data["poll"])] = {
        "id": str(data["poll"]),
        "motion": data.get("motion"),
        "title": str(data.get("title") or ""),
        "method": str(data.get("method") or ""),
        "question": str(data.get("question") or "yes-no-abstain"),
        "threshold": str(data.get("threshold") or ""),
        "eligible": len(data.get("eligible") or []),
        "present": int_or_none(data.get("present")) or 0,
        "quorum": int_or_none(data.get("quorum")),
        "members": int_or_none(data.get("members")),
        "state": "open",
    }


def _s_poll_closed(reader: Reader, entry: Entry, at: str | None) -> None:
    data = entry.data
    poll = reader.polls.setdefault(str(data["poll"]), {"id": str(data["poll"])})
    box = data.get("box")
    if entry.kind == "poll.closed":
        poll.update(
            state="closed",
            heads={str(k): int(v) for k, v in (data.get("heads") or {}).items()},
            weights={str(k): int(v) for k, v in (data.get("weights") or {}).items()},
            unit=str(data.get("unit") or "heads"),
            eligible=int_or_none(data.get("eligible")) or poll.get("eligible", 0),
        )
        outcome = data.get("outcome")
        count = outcome.get("count") if isinstance(outcome, dict) else None
        if isinstance(count, dict) and "ranking" in count and "stages" not in count:
            poll["order"] = count
    else:
        poll.update(state="cancelled", reason=str(data.get("reason") or ""))
    if isinstance(box, dict):
        poll["ballots"] = int_or_none(box.get("ballots"))
    record = poll_record(poll)
    reader.add(entry.at, "poll", poll=record)


def poll_record(poll: Mapping[str, Any]) -> PollRecord:
    return PollRecord(
        id=str(poll["id"]),
        motion=poll.get("motion"),
        title=str(poll.get("title", "")),
        method=str(poll.get("method", "")),
        question=str(poll.get("question", "yes-no-abstain")),
        threshold=str(poll.get("threshold", "")),
        eligible=int(poll.get("eligible", 0)),
        present=int(poll.get("present", 0)),
        quorum=poll.get("quorum"),
        members=poll.get("members"),
        state=str(poll.get("state", "open")),
        heads=dict(poll.get("heads", {})),
        weights=dict(poll.get("weights", {})),
        unit=str(poll.get("unit", "heads")),
        ballots=poll.get("ballots"),
        order=poll.get("order"),
        reason=poll.get("reason"),
    )


def _s_session_state(reader: Reader, entry: Entry, at: str | None) -> None:
    data = entry.data
    if entry.kind == "session.adjourned":
        reader.adjourned_at = at
        reader.add(
            at,
            "adjourned",
            to=data.get("to"),
            left_pending=[
                reader.motions.get(str(q), {}).get("title", q)
                for q in data.get("no_vote_taken", [])
            ],
        )
        for question in data.get("no_vote_taken", []):
            if str(question) in reader.motions:
                reader.motions[str(question)]["status"] = "no-vote-taken"
    elif entry.kind == "session.closed":
        reader.closed_at = entry.at
        reader.sitting = False
        reader.add(entry.at, "closed")
    elif entry.kind == "session.recessed":
        reader.add(at, "recess", until=data.get("until"))
    elif entry.kind == "session.resumed":
        reader.add(at, "resumed")
    elif entry.kind == "adjournment.fixed":
        reader.add(at, "other", act=entry.kind, to=data.get("to"))


def _s_silent(reader: Reader, entry: Entry, at: str | None) -> None:
    return  # told by the paragraphs around it (a request for the floor, a yield...)


def _s_seated(reader: Reader, entry: Entry, at: str | None) -> None:
    body = reader.bodies.get(str(entry.data["body"]), {}).get("name", entry.data["body"])
    made = entry.data.get("made_place")
    reader.add(
        entry.data.get("at") or entry.at,
        "seated",
        body=body,
        made_place=reader.bodies.get(str(made), {}).get("name", made) if made else None,
    )


SESSION = {
    "session.opened": _s_opened,
    "presence.changed": _s_presence,
    "quorum.lost": _s_quorum,
    "quorum.regained": _s_quorum,
    "motion.moved": _s_moved,
    "motion.seconded": _s_seconded,
    "question.stated": _s_stated,
    "question.put": _s_put,
    "motion.adopted": _s_decided,
    "motion.rejected": _s_decided,
    "text.amended": _s_amended,
    "question.divided": _s_divided,
    "floor.given": _s_floor,
    "floor.interrupted": _s_interrupted,
    "floor.requested": _s_silent,
    "floor.request-withdrawn": _s_silent,
    "floor.yielded": _s_silent,
    "floor.resumed": _s_silent,
    "speakers.closed": _s_silent,
    "division.demanded": _s_silent,
    "delegate.registered": _s_silent,
    "ruling.made": _s_ruling,
    "ruling.sustained": _s_ruling,
    "ruling.reversed": _s_ruling,
    "agenda.changed": _s_agenda,
    "agenda.item-taken-up": _s_agenda,
    "faction.declared": _s_declared,
    "poll.opened": _s_poll_opened,
    "poll.scheduled": _s_silent,
    "poll.count-entered": _s_silent,
    "poll.closed": _s_poll_closed,
    "poll.cancelled": _s_poll_closed,
    "session.adjourned": _s_session_state,
    "session.closed": _s_session_state,
    "session.recessed": _s_session_state,
    "session.resumed": _s_session_state,
    "adjournment.fixed": _s_session_state,
    "joint-session.presidium-seated": _s_seated,
    "mandate.contested": _s_silent,
    **{kind: _s_disposed for kind in _DISPOSALS},
}
