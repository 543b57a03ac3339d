"""Mandates: issued by a sending body, checked by credentials, contested, recalled.

A mandate registers its delegate in the receiving body as `pending`: no vote until the
credentials committee accepts it. Its substitutes are registered with it, in order,
without a vote; when the sending body recalls its delegate, or the body annuls the
mandate after a contest, the next substitute takes the seat up (`mandate.taken-up`).
A contest is a main motion "That the mandate of NAME, sent by BODY, is valid", decided
as any motion is; its decision brings `mandate.upheld` or `mandate.annulled` in the same
unit of work (`contests_decided`, which `smolny.domain.registry` runs after every command).

Delegates registered without a mandate (RegisterDelegates, `smolny import delegates`)
are seated as before: no mandate, no credentials, nobody to recall them.

A mandate's suspension (no vote while it lasts) and a substitute taking up a delegate's
mandate by the body's decision (SuspendMandate, TakeUpMandate) are here too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from smolny.domain import bodies, checks, joint, sessions
from smolny.domain import commands as c
from smolny.domain.checks import body_of
from smolny.domain.errors import Invalid, NotFound, OutOfOrder, Refusal
from smolny.domain.events import Event
from smolny.domain.roster import (
    RowProblem,
    header_problems,
    is_voting,
    nothing_imported,
    text_problems,
    voting_and_weight_problems,
)
from smolny.domain.state import Assembly, Body, Decider, Delegate, Fold, Mandate
from smolny.record import kinds as k

LIVE = ("pending", "seated")  # a delegate's statuses while they hold their mandate


# -- checks --------------------------------------------------------------------------------


def _body_named(state: Assembly, slug: str, role: str, field: str) -> Body:
    body = state.bodies.get(slug) if isinstance(slug, str) else None
    if body is None:
        raise NotFound("unknown-body", f"there is no body {slug!r} (the {role} body)", field=field)
    return body


def _the(name: str) -> str:
    """`the Petrograd Soviet`, not `the The Petrograd Soviet`."""
    return name if name.lower().startswith("the ") else f"the {name}"


def _term(value: str | None) -> str | None:
    # A date runs to the end of that day (UTC); a time must give its zone.
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value).isoformat() + "T23:59:59.999999Z"
    except (TypeError, ValueError):
        pass
    try:
        return checks.when(value, "term_until")
    except Invalid:
        raise Invalid(
            "term",
            f"term_until must be a date (2026-11-30) or a time with its zone, not {value!r}",
            field="term_until",
        ) from None


def _mandate_of(state: Assembly, ident: str) -> Mandate:
    mandate = state.mandates.get(ident) if isinstance(ident, str) else None
    if mandate is None:
        raise NotFound("unknown-mandate", f"there is no mandate {ident!r}", field="mandate")
    return mandate


def _held(state: Assembly, delegate: Delegate) -> Mandate | None:
    """The mandate `delegate` holds now, or None."""
    if delegate.mandate is None or delegate.status not in LIVE:
        return None
    mandate = state.mandates[delegate.mandate]
    return mandate if mandate.delegate == delegate.id else None


def _issued(state: Assembly, cmd: c.IssueMandate, d_offset: int, m_offset: int) -> Event:
    # The `mandate.issued` entry for `cmd`, its ids numbered on by the offsets.
    sending = _body_named(state, cmd.sending, "sending", "sending")
    body = _body_named(state, cmd.to, "receiving", "to")
    if sending.slug == body.slug:
        raise Invalid("mandate-to-itself", "a body does not send delegates to itself", field="to")
    name = checks.name(cmd.name, "name")
    if cmd.faction is not None and cmd.faction not in body.factions:
        known = ", ".join(sorted(body.factions)) or "none"
        raise NotFound(
            "unknown-faction",
            f"{body.slug} has no faction {cmd.faction!r} (it has {known})",
            field="faction",
        )
    if not isinstance(cmd.voting, bool):
        raise Invalid("voting", "voting must be true or false", field="voting")
    weight = cmd.weight
    if isinstance(weight, bool) or not isinstance(weight, int) or not 1 <= weight <= 1_000_000:
        raise Invalid("weight", "weight must be a whole number from 1 to 1000000", field="weight")
    term = _term(cmd.term_until)
    substitutes = [checks.name(s, "substitutes") for s in cmd.substitutes]
    names = [n.casefold() for n in (name, *substitutes)]
    if len(set(names)) != len(names):
        raise Invalid("duplicate", "a name is given twice in one mandate", field="substitutes")
    for other in body.delegates.values():
        if (
            other.name.casefold() == name.casefold()
            and other.status in LIVE
            and (other.sent_by or "").casefold() in (sending.name.casefold(), sending.slug)
        ):
            raise OutOfOrder(
                "duplicate-delegate",
                f"{name} sits in {body.slug} for {_the(sending.name)} already ({other.id})",
                field="name",
            )
    data: dict[str, Any] = {
        "mandate": state.next_id("md", offset=m_offset),
        "sending": sending.slug,
        "body": body.slug,
        "delegate": state.next_id("d", offset=d_offset),
        "name": name,
        "voting": cmd.voting,
        "weight": weight,
        "substitutes": [
            {"delegate": state.next_id("d", offset=d_offset + i), "name": s}
            for i, s in enumerate(substitutes, start=1)
        ],
    }
    if cmd.faction is not None:
        data["faction"] = cmd.faction
    if term is not None:
        data["term_until"] = term
    return Event(k.MANDATE_ISSUED, data)


def _taken_up(mandate: Mandate, holder: str) -> list[Event]:
    # The next substitute takes the seat up, if one is left.
    if not mandate.substitutes:
        return []
    data = {
        "body": mandate.body,
        "delegate": mandate.substitutes[0],
        "replaces": holder,
        "weight": mandate.weight,
        "mandate": mandate.id,
    }
    return [Event(k.MANDATE_TAKEN_UP, data)]


# -- the deciders --------------------------------------------------------------------------


def _issue_mandate(state: Assembly, cmd: c.IssueMandate) -> list[Event]:
    return [_issued(state, cmd, 0, 0)]


def _check_credentials(state: Assembly, cmd: c.CheckCredentials) -> list[Event]:
    body = body_of(state, cmd.body)
    mandate = _mandate_of(state, cmd.mandate)
    if mandate.body != body.slug:
        raise NotFound(
            "unknown-mandate",
            f"{mandate.id} is a mandate to {mandate.body}, not to {body.slug}",
            field="mandate",
        )
    if cmd.committee is not None:
        committee = _body_named(state, cmd.committee, "committee's", "committee")
        if committee.kind != "committee" or committee.parent != body.slug:
            raise Invalid(
                "not-a-committee-of-the-body",
                f"{committee.slug} is not a committee of {body.slug}: only its own credentials "
                "committee checks its mandates",
                field="committee",
            )
    if mandate.status != "pending":
        raise OutOfOrder(
            "credentials-checked",
            f"the credentials of {mandate.id} were checked already: the mandate is "
            f"{mandate.status}",
            field="mandate",
        )
    if not isinstance(cmd.accepted, bool):
        raise Invalid("accepted", "accepted must be true or false", field="accepted")
    data: dict[str, Any] = {"mandate": mandate.id, "body": body.slug, "delegate": mandate.delegate}
    if cmd.accepted and not (cmd.reason or "").strip():
        pass  # accepting needs no reason
    else:
        data["reason"] = checks.text(cmd.reason, "reason")
    if cmd.committee is not None:
        data["committee"] = cmd.committee
    return [Event(k.MANDATE_ACCEPTED if cmd.accepted else k.MANDATE_REJECTED, data)]


def _contest_mandate(state: Assembly, cmd: c.ContestMandate) -> list[Event]:
    body = body_of(state, cmd.body)
    delegate = state.delegates[checks.delegate_in(state, body, cmd.delegate, "delegate")]
    by = checks.delegate_in(state, body, cmd.by, "by")
    mandate = _held(state, delegate)
    if mandate is None:
        raise OutOfOrder(
            "no-mandate",
            f"{delegate.id} ({delegate.name}) holds no mandate in {body.slug}"
            + (
                ": registered without one, they have no mandate to contest"
                if delegate.mandate is None
                else f" (they are {delegate.status})"
            ),
            field="delegate",
        )
    grounds = checks.text(cmd.grounds, "grounds")
    if mandate.contest is not None:
        raise OutOfOrder(
            "contest-pending",
            f"the mandate of {delegate.id} is contested already: motion {mandate.contest} "
            "decides it",
            field="delegate",
        )
    sitting = [s for s in body.sessions if state.sessions[s].state == "open"]
    if not sitting:
        raise OutOfOrder(
            "not-sitting", f"{body.slug} is not sitting: it decides a contest in session"
        )
    sending = state.bodies[mandate.sending]
    moved = sessions.move_motion(
        state,
        c.MoveMotion(
            sitting[0],
            f"The mandate of {delegate.name}",
            f"That the mandate of {delegate.name}, sent by {_the(sending.name)}, is valid",
            by,
            at=cmd.at,
        ),
    )
    motion = next(e.data["question"] for e in moved if e.kind == k.MOTION_MOVED)
    contested = {
        "mandate": mandate.id,
        "body": body.slug,
        "delegate": delegate.id,
        "by": by,
        "grounds": grounds,
        "session": sitting[0],
        "motion": motion,
    }
    return [Event(k.MANDATE_CONTESTED, contested), *moved]


def _recall_delegate(state: Assembly, cmd: c.RecallDelegate) -> list[Event]:
    sending = _body_named(state, cmd.sending, "sending", "sending")
    delegate = state.delegates.get(cmd.delegate) if isinstance(cmd.delegate, str) else None
    if delegate is None:
        raise NotFound(
            "unknown-delegate", f"there is no delegate {cmd.delegate!r}", field="delegate"
        )
    if delegate.mandate is None:
        raise OutOfOrder(
            "no-mandate",
            f"{delegate.id} was registered without a mandate: no body sent them to recall them",
            field="delegate",
        )
    mandate = state.mandates[delegate.mandate]
    if mandate.sending != sending.slug:
        sent_by = state.bodies[mandate.sending].name
        raise OutOfOrder(
            "not-the-sending-body",
            f"{delegate.id} was sent by {_the(sent_by)}, not by {_the(sending.name)}",
            field="sending",
        )
    if _held(state, delegate) is None:
        raise OutOfOrder(
            "mandate-not-held",
            f"{delegate.id} does not hold mandate {mandate.id} now (they are {delegate.status})",
            field="delegate",
        )
    reason = checks.text(cmd.reason, "reason")
    data = {
        "mandate": mandate.id,
        "sending": sending.slug,
        "body": mandate.body,
        "delegate": delegate.id,
        "reason": reason,
    }
    return [Event(k.MANDATE_RECALLED, data), *_taken_up(mandate, delegate.id)]


def _suspend_mandate(state: Assembly, cmd: c.SuspendMandate) -> list[Event]:
    body = body_of(state, cmd.body)
    delegate = state.delegates[checks.delegate_in(state, body, cmd.delegate, "delegate")]
    reason = checks.text(cmd.reason, "reason")
    if cmd.restore:
        if delegate.suspended is None:
            raise OutOfOrder("not-suspended", f"the mandate of {delegate.id} is not suspended")
        kind = k.MANDATE_RESTORED
    else:
        if delegate.suspended is not None:
            raise OutOfOrder("suspended", f"the mandate of {delegate.id} is suspended already")
        kind = k.MANDATE_SUSPENDED
    return [Event(kind, {"body": body.slug, "delegate": delegate.id, "reason": reason})]


def _take_up_mandate(state: Assembly, cmd: c.TakeUpMandate) -> list[Event]:
    body = body_of(state, cmd.body)
    substitute = state.delegates[checks.delegate_in(state, body, cmd.substitute, "substitute")]
    replaced = state.delegates[checks.delegate_in(state, body, cmd.replaces, "replaces")]
    if substitute.voting or substitute.replaced_by is not None:
        raise OutOfOrder(
            "not-a-substitute",
            f"{substitute.id} holds a mandate of their own and cannot take up another",
            field="substitute",
        )
    if not replaced.voting:
        raise OutOfOrder(
            "no-mandate", f"{replaced.id} holds no voting mandate to take up", field="replaces"
        )
    return [
        Event(
            k.MANDATE_TAKEN_UP,
            {
                "body": body.slug,
                "delegate": substitute.id,
                "replaces": replaced.id,
                "weight": replaced.weight,
            },
        )
    ]


def contests_decided(state: Assembly, events: Iterable[Event]) -> list[Event]:
    """For each contest motion `events` decide: `mandate.upheld`, or `mandate.annulled` and
    the next substitute taking the seat up."""
    if not state.mandates:
        return []
    out: list[Event] = []
    for event in events:
        if event.kind not in k.DECIDING:
            continue
        motion = event.data.get("question")
        mandate = next((m for m in state.mandates.values() if m.contest == motion), None)
        if mandate is None:
            continue
        data = {
            "mandate": mandate.id,
            "body": mandate.body,
            "delegate": mandate.delegate,
            "motion": motion,
        }
        if k.adopted(event.kind, event.data):
            out.append(Event(k.MANDATE_UPHELD, data))
        else:
            out.extend([Event(k.MANDATE_ANNULLED, data), *_taken_up(mandate, mandate.delegate)])
    return out


# -- import --------------------------------------------------------------------------------

COLUMNS = (
    "name",
    "sending body",
    "receiving body",
    "faction",
    "voting",
    "weight",
    "term",
    "substitutes",
    "sent by",  # a delegate registered without a mandate (empty sending body)
    "mandate",  # written by the export; read back as information only
    "status",
)
REQUIRED = ("name", "sending body", "receiving body")
_COLUMN_OF = {
    "name": "name",
    "sending": "sending body",
    "to": "receiving body",
    "faction": "faction",
    "weight": "weight",
    "voting": "voting",
    "term_until": "term",
    "substitutes": "substitutes",
    "sent_by": "sent by",
}


def _column(header: str) -> str:
    return " ".join(header.strip().lower().replace("_", " ").split())


def check_mandates(
    state: Assembly,
    header: Iterable[str],
    rows: Iterable[tuple[int, Mapping[str, str]]],
) -> list[Event] | list[RowProblem]:
    """The entries importing these rows records, or every problem, each with its row."""
    columns = [_column(h) for h in header]
    problems = header_problems(columns, COLUMNS, REQUIRED)
    if problems:
        return problems
    items: list[Event | tuple[str, c.NewDelegate]] = []  # a mandate, or a row without one
    seen: dict[tuple[str, str, str], int] = {}
    d_offset = m_offset = 0
    for number, row in rows:
        cells = {_column(k): checks.trimmed(v or "") for k, v in row.items() if k is not None}
        if not any(cells.values()):
            continue  # a blank line in a spreadsheet
        row_problems = _row_problems(number, cells, seen)
        if row_problems:
            problems.extend(row_problems)
            continue
        try:
            item = _row_item(state, cells, d_offset, m_offset)
        except Refusal as exc:
            column = _COLUMN_OF.get((exc.field or "").split(".")[-1])
            message = exc.message
            if message.startswith("delegates[0]: "):  # a check of a row without a mandate
                message = message.removeprefix("delegates[0]: ")
            values = tuple((k, str(v)) for k, v in exc.values.items())
            problems.append(RowProblem(number, column, message, exc.rule, values))
            continue
        items.append(item)
        if isinstance(item, Event):
            d_offset += 1 + len(item.data["substitutes"])
            m_offset += 1
        else:
            d_offset += 1
    if problems:
        return problems
    if not items:
        return [RowProblem(2, None, "the file has no mandates", "row-no-mandates")]
    return _numbered(state, items)


def _row_problems(
    number: int, cells: Mapping[str, str], seen: dict[tuple[str, str, str], int]
) -> list[RowProblem]:
    # What is wrong with a row's cells, and a person named on an earlier row too (`seen`:
    # each receiving body, name and sender, with the row it was first on).
    problems = _cell_problems(number, cells)
    key = (
        cells.get("receiving body", ""),
        cells.get("name", "").casefold(),
        (cells.get("sending body") or cells.get("sent by", "")).casefold(),
    )
    if key in seen and cells.get("name"):
        problems.append(
            RowProblem(
                number,
                "name",
                f"{cells['name']} is also on row {seen[key]}",
                "row-twice",
                (("name", cells["name"]), ("row", str(seen[key]))),
            )
        )
    seen.setdefault(key, number)
    return problems


def _row_item(
    state: Assembly, cells: Mapping[str, str], d_offset: int, m_offset: int
) -> Event | tuple[str, c.NewDelegate]:
    # A row's mandate (its `mandate.issued` entry, its ids numbered on by the offsets), or a
    # delegate registered without one (its receiving body, and the delegate), checked.
    to = cells["receiving body"]
    if not cells["sending body"]:
        new = c.NewDelegate(
            cells["name"],
            cells.get("faction") or None,
            is_voting(cells),
            int(cells.get("weight") or 1),
            cells.get("sent by") or None,
        )
        target = _body_named(state, to, "receiving", "to")
        bodies.registration(state, target, (new,))  # its checks, for this row
        for other in target.delegates.values():
            if other.mandate is None and _person(other.name, other.sent_by) == _person(
                new.name, new.sent_by
            ):
                raise OutOfOrder(
                    "duplicate-delegate",
                    f"{new.name} is a delegate of {to} already ({other.id})",
                    field="name",
                )
        return to, new
    substitutes = tuple(s.strip() for s in cells.get("substitutes", "").split(";") if s.strip())
    command = c.IssueMandate(
        cells["sending body"],
        to,
        cells["name"],
        cells.get("faction") or None,
        is_voting(cells),
        int(cells.get("weight") or 1),
        cells.get("term") or None,
        substitutes,
    )
    return _issued(state, command, d_offset, m_offset)


def _person(name: str, sent_by: str | None) -> tuple[str, str]:
    return name.casefold(), (sent_by or "").casefold()


def _numbered(state: Assembly, items: list[Event | tuple[str, c.NewDelegate]]) -> list[Event]:
    # Rows without a mandate become `delegates.registered` entries in file order, with the
    # ids the rows before them leave (consecutive such rows into one body share one entry).
    out: list[Event] = []
    offset = 0
    for item in items:
        if isinstance(item, Event):
            out.append(item)
            offset += 1 + len(item.data["substitutes"])
            continue
        body = state.bodies[item[0]]
        entry = bodies.registration(state, body, (item[1],), offset)
        if out and out[-1].kind == k.DELEGATES_REGISTERED and out[-1].data["body"] == body.slug:
            out[-1].data["delegates"].extend(entry.data["delegates"])
        else:
            out.append(entry)
        offset += 1
    return out


def _cell_problems(number: int, cells: Mapping[str, str]) -> list[RowProblem]:
    problems = text_problems(number, cells, {"substitutes": 200 * 20})
    if not cells.get("receiving body"):
        problems.append(
            RowProblem(
                number, "receiving body", "the receiving body is missing", "row-receiving-missing"
            )
        )
    problems.extend(voting_and_weight_problems(number, cells))
    if cells.get("sending body") and cells.get("sent by"):
        problems.append(
            RowProblem(
                number,
                "sent by",
                "a mandate is sent by its sending body: leave 'sent by' empty",
                "row-sent-by",
            )
        )
    if not cells.get("sending body") and cells.get("substitutes"):
        problems.append(
            RowProblem(
                number,
                "substitutes",
                "substitutes come with a mandate: name its sending body",
                "row-substitutes",
            )
        )
    return problems


def _import_mandates(state: Assembly, cmd: c.ImportMandates) -> list[Event]:
    checked = check_mandates(state, cmd.header, cmd.rows)
    if checked and isinstance(checked[0], Event):
        return [e for e in checked if isinstance(e, Event)]
    raise nothing_imported(
        "mandates", cmd.source, [p for p in checked if isinstance(p, RowProblem)]
    )


# -- export --------------------------------------------------------------------------------

EXPORT_COLUMNS = COLUMNS  # every column the import reads, in its order


def delegate_rows(state: Assembly, body: Body) -> list[list[str]]:
    """The body's delegates as rows of EXPORT_COLUMNS, which the import reads back.

    Substitutes waiting on a mandate are written in its row, not on rows of their own.
    """
    rows: list[list[str]] = []
    for delegate in body.delegates.values():
        if delegate.status == "substitute":
            continue
        mandate = state.mandates.get(delegate.mandate or "")
        if mandate is None:
            voting, sending, sent_by, term, waiting = delegate.voting, "", delegate.sent_by, "", []
        else:
            voting, sending, sent_by = mandate.voting, mandate.sending, ""
            term = _short_term(mandate.term_until)
            live = mandate.delegate == delegate.id
            waiting = [state.delegates[s].name for s in mandate.substitutes] if live else []
        rows.append(
            [
                delegate.name,
                sending,
                body.slug,
                delegate.faction or "",
                "yes" if voting else "no",
                str(delegate.weight),
                term,
                "; ".join(waiting),
                sent_by or "",
                delegate.mandate or "",
                delegate.status,
            ]
        )
    return rows


def _short_term(term: str | None) -> str:
    # a date, as it was given, when the term runs to the end of a day
    if term is None:
        return ""
    return term[:10] if term.endswith("T23:59:59.999999Z") else term


# -- folding the events into the state ---------------------------------------------------


def _adjust_members(state: Assembly, body: str, delta: int) -> None:
    # a sitting in progress counts its members anew when a vote is gained or lost
    for session_id in state.bodies[body].sessions:
        session = state.sessions[session_id]
        if session.state == "open":
            members = session.procedure.members + delta
            session.procedure = replace(session.procedure, members=members)


def _on_issued(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    sending = state.bodies[data["sending"]]
    common = {"voting": False, "weight": data["weight"], "sent_by": sending.name}
    if "faction" in data:
        common["faction"] = data["faction"]
    people = [{"delegate": data["delegate"], "name": data["name"]}, *data["substitutes"]]
    # registered as RegisterDelegates registers (an open sitting learns of them, a joint
    # one too), voteless
    registered = {"body": data["body"], "delegates": [{**p, **common} for p in people]}
    bodies.delegates_registered(state, registered, at, actor)
    joint.delegates_registered(state, registered, at, actor)
    mandate = Mandate(
        id=data["mandate"],
        sending=data["sending"],
        body=data["body"],
        delegate=data["delegate"],
        name=data["name"],
        faction=data.get("faction"),
        voting=data["voting"],
        weight=data["weight"],
        term_until=data.get("term_until"),
        substitutes=[s["delegate"] for s in data["substitutes"]],
        holders=[data["delegate"]],
    )
    state.mandates[mandate.id] = mandate
    state.count_id(mandate.id)
    for person in people:
        delegate = state.delegates[person["delegate"]]
        delegate.mandate, delegate.term_until = mandate.id, mandate.term_until
        delegate.status = "pending" if person["delegate"] == mandate.delegate else "substitute"


def _on_accepted(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    mandate = state.mandates[data["mandate"]]
    holder = state.delegates[mandate.delegate]
    mandate.reason = data.get("reason")
    mandate.status, holder.status = "accepted", "seated"
    holder.voting = mandate.voting
    if holder.voting:
        _adjust_members(state, mandate.body, 1)


def _on_rejected(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    mandate = state.mandates[data["mandate"]]
    mandate.reason = data.get("reason")
    mandate.status = "rejected"
    state.delegates[mandate.delegate].status = "rejected"


def _on_contested(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    state.mandates[data["mandate"]].contest = data["motion"]


def _on_upheld(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    state.mandates[data["mandate"]].contest = None


def _unseat(state: Assembly, data: dict[str, Any], status: str) -> None:
    mandate = state.mandates[data["mandate"]]
    holder = state.delegates[data["delegate"]]
    if holder.voting:
        _adjust_members(state, mandate.body, -1)
    holder.status, holder.voting = status, False
    state.bodies[mandate.body].proxies.pop(holder.id, None)
    mandate.contest = None
    if not mandate.substitutes:  # else the next substitute takes it up in the next entry
        mandate.status = status


def _on_annulled(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    _unseat(state, data, "annulled")


def _on_recalled(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    state.mandates[data["mandate"]].reason = data["reason"]
    _unseat(state, data, "recalled")


def _on_suspended(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    state.delegates[data["delegate"]].suspended = data["reason"]


def _on_restored(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    state.delegates[data["delegate"]].suspended = None


def _on_taken_up(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    # The substitute votes in the place of the delegate they replace, with their weight.
    substitute = state.delegates[data["delegate"]]
    replaced = state.delegates[data["replaces"]]
    substitute.voting, substitute.weight = True, replaced.weight
    substitute.substitute_for = replaced.id
    replaced.voting, replaced.replaced_by = False, substitute.id
    state.bodies[data["body"]].proxies.pop(replaced.id, None)
    # A substitute of a mandate takes it up as the mandate is: its faction, weight and
    # vote, seated if its credentials were accepted (else pending, as the mandate is).
    if "mandate" not in data:
        return
    mandate = state.mandates[data["mandate"]]
    substitute = state.delegates[data["delegate"]]
    mandate.substitutes.remove(substitute.id)
    mandate.delegate = substitute.id
    mandate.holders.append(substitute.id)
    seated = mandate.status == "accepted"
    substitute.status = "seated" if seated else "pending"
    substitute.voting = mandate.voting and seated
    substitute.faction = mandate.faction
    if substitute.voting:
        _adjust_members(state, mandate.body, 1)


DECIDERS: dict[type[c.Command], Decider] = {
    c.SuspendMandate: _suspend_mandate,
    c.TakeUpMandate: _take_up_mandate,
    c.IssueMandate: _issue_mandate,
    c.CheckCredentials: _check_credentials,
    c.ContestMandate: _contest_mandate,
    c.RecallDelegate: _recall_delegate,
    c.ImportMandates: _import_mandates,
}

FOLDS: dict[str, Fold] = {
    k.MANDATE_SUSPENDED: _on_suspended,
    k.MANDATE_RESTORED: _on_restored,
    k.MANDATE_ISSUED: _on_issued,
    k.MANDATE_ACCEPTED: _on_accepted,
    k.MANDATE_REJECTED: _on_rejected,
    k.MANDATE_CONTESTED: _on_contested,
    k.MANDATE_UPHELD: _on_upheld,
    k.MANDATE_ANNULLED: _on_annulled,
    k.MANDATE_RECALLED: _on_recalled,
    k.MANDATE_TAKEN_UP: _on_taken_up,
}
