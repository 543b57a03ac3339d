"""Joint sessions: one sitting of two or more bodies, and a section's resolution brought to
the whole.

A joint session is recorded as `session.opened` with a `bodies` member (the first body,
`body`, convenes it: its rulebook runs the sitting, and code that knows one body per
session keeps working). Every body's delegates are registered in the sitting, each marked
with the body they sit for; each body's quorum is counted from its own members and
delegates by its own rulebook's quorum rule (`procedure.quorum.joint_quorate`); the
convening rulebook's `[joint]` table says whether the votes are counted jointly or by
body. The presidiums sit together on the platform: the opening records each body's
presidium, and `joint-session.presidium-seated` one presidium making place for another's.

The other features ask this one where a joint session changes what they do: who sits in a
session (`sitting_body`), whether a body sits jointly (`sitting_of`), what a motion brought
from a section says (`brought`), and how a poll is counted by body (`poll_settings`,
`poll_presence`, `count_limit`, `body_results`, and the service's `split_box`). Its folds
of `session.opened` and `delegates.registered` run after those of sessions and bodies
(`smolny.domain.registry`).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from smolny import procedure
from smolny.domain import checks, polls
from smolny.domain import commands as c
from smolny.domain.errors import Invalid, NotFound, OutOfOrder
from smolny.domain.events import Event
from smolny.domain.state import Assembly, Body, Decider, Fold, Poll, Session
from smolny.procedure.rulebook import QuorumRule
from smolny.record import kinds as k

MAX_BODIES = 20


# -- reading a sitting ---------------------------------------------------------------------


def joint_bodies(session: Session) -> tuple[str, ...]:
    """The bodies of a joint session, the convening one first; () for one body's sitting."""
    return tuple(b.slug for b in session.procedure.bodies)


def sittings_of(state: Assembly, slug: str) -> list[str]:
    """Every sitting `slug` took part in, in the order opened: its own, and the joint
    sittings of several bodies it sat in (whichever convened them)."""
    return [s.id for s in state.sessions.values() if s.body == slug or slug in joint_bodies(s)]


def sitting_body(state: Assembly, session: Session) -> Body:
    """The body whose delegates sit in `session`: its own body, or for a joint session one
    made of every body's delegates, factions and proxies (under the convening body's
    slug), for the checks that look a delegate up."""
    body = state.bodies[session.body]
    if not session.procedure.bodies:
        return body
    merged = copy.copy(body)
    merged.delegates, merged.factions, merged.proxies = {}, {}, {}
    for slug in joint_bodies(session):
        other = state.bodies[slug]
        merged.delegates.update(other.delegates)
        merged.factions.update(
            {k: v for k, v in other.factions.items() if k not in merged.factions}
        )
        merged.proxies.update(other.proxies)
    return merged


def sitting_of(state: Assembly, slug: str) -> Session | None:
    """The open sitting `slug` takes part in (its own, or a joint session), if any."""
    for session in state.sessions.values():
        if session.state == "open" and (session.body == slug or slug in joint_bodies(session)):
            return session
    return None


def _quorum_data(rule: QuorumRule) -> dict[str, Any]:
    data: dict[str, Any] = {"basis": rule.basis}
    if rule.number is not None:
        data["number"] = rule.number
    if rule.share is not None:
        data["share"] = rule.share
    return data


def _presidium_data(body: Body) -> dict[str, Any] | None:
    if body.presidium is None:
        return None
    return {
        "seats": body.presidium["seats"],
        "factions": [
            {"faction": share["name"], "seats": share["taken"]}
            for share in body.presidium["result"]["factions"]
            if share["taken"]
        ],
    }


# -- deciders ------------------------------------------------------------------------------


def _open_joint_session(state: Assembly, cmd: c.OpenJointSession) -> list[Event]:
    slugs = tuple(cmd.bodies)
    if len(slugs) < 2:
        raise Invalid("joint-bodies", "a joint session is of two or more bodies", field="bodies")
    if len(slugs) > MAX_BODIES:
        raise Invalid("joint-bodies", f"at most {MAX_BODIES} bodies sit jointly", field="bodies")
    if len(set(slugs)) != len(slugs):
        raise Invalid("joint-bodies", "a body is named twice", field="bodies")
    bodies = [checks.body_of(state, slug) for slug in slugs]
    for body in bodies:
        sitting = sitting_of(state, body.slug)
        if sitting is not None:
            raise OutOfOrder(
                "session-already-open",
                f"{body.slug} is already sitting (session {sitting.id})",
                field="bodies",
            )
        if body.kind == "presidium":
            raise Invalid(
                "joint-bodies", f"{body.slug} is a presidium: it sits with its body", field="bodies"
            )
    items = []
    for body in bodies:
        item: dict[str, Any] = {
            "body": body.slug,
            "rulebook": body.rulebook,
            "members": len(body.voting_delegates()),
            "quorum": _quorum_data(checks.body_rulebook(state, body).quorum),
        }
        presidium = _presidium_data(body)
        if presidium is not None:
            item["presidium"] = presidium
        items.append(item)
    data: dict[str, Any] = {
        "session": state.next_id("s"),
        "body": slugs[0],
        "title": checks.name(cmd.title, "title"),
        "bodies": items,
    }
    if cmd.opened_by is not None:
        data["opened_by"] = _opener(state, bodies, cmd.opened_by)
    return [Event(k.SESSION_OPENED, data)]


def _opener(state: Assembly, bodies: list[Body], ident: str) -> str:
    if any(ident in body.delegates for body in bodies):
        return ident
    return checks.opener(state, bodies[0], ident)  # an executive committee's member may open


def _seat_presidium(state: Assembly, cmd: c.SeatPresidium) -> list[Event]:
    session = checks.open_session(state, cmd.session)
    if session.joint is None:
        raise OutOfOrder("not-joint", f"session {session.id} is the sitting of one body")
    if cmd.body not in joint_bodies(session):
        raise NotFound(
            "unknown-body", f"{cmd.body!r} is not one of the bodies sitting", field="body"
        )
    platform = list(session.joint["platform"])
    if cmd.body in platform:
        raise OutOfOrder("presidium-seated", f"the presidium of {cmd.body} is seated already")
    if session.joint["presidiums"].get(cmd.body) is None:
        raise OutOfOrder("no-presidium", f"{cmd.body} has no presidium allotted", field="body")
    if cmd.makes_place is not None and cmd.makes_place not in platform:
        raise OutOfOrder(
            "presidium-not-seated",
            f"the presidium of {cmd.makes_place!r} is not on the platform to make place",
            field="makes_place",
        )
    data: dict[str, Any] = {
        "session": session.id,
        "body": cmd.body,
        "made_place": cmd.makes_place,
        "platform": [*platform, cmd.body],
    }
    at = checks.when(cmd.at, "at")
    if at is not None:
        data["at"] = at
    return [Event(k.JOINT_SESSION_PRESIDIUM_SEATED, data)]


def brought(
    state: Assembly, session: Session, cmd: c.MoveMotion
) -> tuple[dict[str, Any], str, str]:
    """What a motion brought from a section records, its text and its title: the section's
    resolution as adopted (amended), checked to be a section's of a body sitting here."""
    assert cmd.brought_from is not None
    motion = state.motions.get(cmd.brought_from)
    if motion is None:
        raise NotFound(
            "unknown-motion", f"there is no motion {cmd.brought_from!r}", field="brought_from"
        )
    section = state.bodies[motion.body]
    if section.kind != "section":
        raise Invalid(
            "not-a-section",
            f"{motion.id} is a motion of {section.slug}, a {section.kind}, not of a section: "
            "only a section's resolution is brought to the whole",
            field="brought_from",
        )
    sitting = joint_bodies(session) or (session.body,)
    if section.parent is None or not _under(state, section.parent, sitting):
        raise Invalid(
            "section-elsewhere",
            f"{section.slug} is a section of {section.parent}, which is not one of the bodies "
            f"sitting ({', '.join(sitting)}) nor sends delegates to them",
            field="brought_from",
        )
    origin = state.sessions[motion.session].procedure.question(motion.id)
    if origin is None or origin.status != "adopted" or motion.decision is None:
        status = origin.status if origin is not None else "unknown"
        raise OutOfOrder(
            "not-adopted",
            f"{section.name} has not adopted {motion.id} (it is {status}): only an adopted "
            "resolution is brought to the whole",
            field="brought_from",
        )
    if cmd.kind != "main":
        raise Invalid("brought-kind", "a section's resolution is moved as a main motion")
    text = str(motion.decision.get("text") or origin.amended_text)
    given = cmd.text.strip() if isinstance(cmd.text, str) else ""
    if given and given != text:
        raise Invalid(
            "brought-text",
            f"the text of {motion.id} is the section's as adopted: leave text out, or give it "
            "unchanged",
            field="text",
        )
    given = isinstance(cmd.title, str) and cmd.title.strip()
    title = checks.name(cmd.title, "title") if given else motion.title
    brought = {
        "motion": motion.id,
        "body": section.slug,
        "session": motion.session,
        "reporter": cmd.mover,
    }
    return brought, text, title


def _under(state: Assembly, council: str, sitting: tuple[str, ...]) -> bool:
    """Whether `council` is one of the sitting bodies, below one of them in the tree, or
    sends delegates to one of them (a Workers' Section of a soviet that sends deputies to
    the Executive Committee)."""
    seen = set()
    slug: str | None = council
    while slug is not None and slug not in seen:
        if slug in sitting:
            return True
        seen.add(slug)
        parent = state.bodies.get(slug)
        slug = parent.parent if parent is not None else None
    names = {council, state.bodies[council].name}
    for body_slug in sitting:
        body = state.bodies[body_slug]
        if council in body.allocation or any(d.sent_by in names for d in body.delegates.values()):
            return True
    return False


# -- polls in a joint session (asked by smolny.domain.voting) ----------------------------------


def poll_settings(
    state: Assembly, session: Session, method: str, kind: str, sections: tuple[str, ...]
) -> dict[str, Any]:
    """What a poll on a motion in a joint session adds to its opening: `by_body` (each
    body's votes are counted apart) and, for tellers counting by body, the `sections`."""
    bodies = joint_bodies(session)
    if not bodies or kind != "yes-no-abstain":
        return {}
    by_body = checks.rulebook_of(state, session).joint.voting == "by-body"
    if method in polls.TELLER_METHODS:
        if sections and sorted(sections) != sorted(bodies):
            if not by_body:
                return {}
            raise Invalid(
                "sections",
                "the votes of this joint session are counted by body: the tellers count "
                f"each of {', '.join(bodies)} apart",
                field="sections",
            )
        if by_body or sections:
            return {"by_body": True, "sections": list(bodies)}
        return {}
    if method == "electronic-secret":
        if by_body:
            raise OutOfOrder(
                "by-body-secret",
                "the votes of this joint session are counted by body, and a secret box cannot "
                "be split by the voters' bodies: take a named ballot or a show of hands",
                field="method",
            )
        return {}
    return {"by_body": True}


def poll_presence(state: Assembly, session: Session) -> dict[str, Any]:
    """Each body's presence and quorum at a poll's opening in a joint session."""
    if not session.procedure.bodies:
        return {}
    status = procedure.quorum_status(checks.rulebook_of(state, session), session.procedure)
    return {"bodies": [b.record() for b in status.bodies]}


def count_limit(state: Assembly, poll: Poll, section: str | None) -> int | None:
    """How many on a poll's register the tellers of `section` may count, where the section
    is a body of a joint session; None otherwise."""
    if not poll.opened.get("by_body") or section is None:
        return None
    return sum(1 for d in poll.eligible if state.delegates[d].body == section)


def split_box(
    state: Assembly, poll: Poll, ballots: Iterable[tuple[str, str]]
) -> tuple[tuple[str, polls.Tally], ...]:
    """A named box's ballots (hash, canonical text) counted apart by the voters' bodies, for
    a poll counted by body; () for any other poll."""
    if not poll.opened.get("by_body") or poll.secret or poll.method in polls.TELLER_METHODS:
        return ()
    question = polls.Question.of(poll.opened)
    voters = {d: state.delegates[d].body for d in poll.eligible}
    order = [b.slug for b in state.sessions[poll.session].procedure.bodies]
    return polls.split_by_body(question, ballots, voters, order)


def body_results(
    state: Assembly, poll: Poll, box: c.BoxCount | None
) -> dict[str, procedure.BodyResult] | None:
    """Each body's count of a poll counted by body, with its presence at the opening."""
    if not poll.opened.get("by_body"):
        return None
    opening = {b["body"]: b for b in poll.opened.get("bodies", ())}
    results: dict[str, procedure.BodyResult] = {}
    split = dict(box.by_body) if box is not None else {}
    for slug in [b.slug for b in state.sessions[poll.session].procedure.bodies]:
        if poll.method in polls.TELLER_METHODS:
            counts = poll.counts[slug]["counts"]
            yes, no, abstain = counts["yes"], counts["no"], counts["abstain"]
        else:
            if slug not in split:
                raise OutOfOrder(
                    "box-by-body", f"poll {poll.id} is counted by body: its box was not split"
                )
            counted = split[slug].weights if poll.weighted else split[slug].heads
            yes, no, abstain = counted["yes"], counted["no"], counted["abstain"]
        at_open = opening.get(slug, {})
        results[slug] = procedure.BodyResult(
            yes,
            no,
            abstain,
            present=at_open.get("present_count"),
            quorum=at_open.get("quorum"),
            members=at_open.get("members"),
        )
    return results


# -- folding the events ----------------------------------------------------------------------


def _session_opened(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    # After `smolny.domain.sessions` opened the convening body's sitting as one body's
    # would be: every body's delegates, each body's members and quorum, the presidiums.
    if "bodies" not in data:
        return
    session = state.sessions[data["session"]]
    delegates: list[procedure.Delegate] = []
    sitting_bodies = []
    for item in data["bodies"]:
        body = state.bodies[item["body"]]
        delegates.extend(
            procedure.Delegate(d.id, d.faction, d.sent_by, sits_for=body.slug)
            for d in body.delegates.values()
        )
        rule = item["quorum"]
        sitting_bodies.append(
            procedure.SittingBody(
                body.slug,
                item["members"],
                QuorumRule(rule["basis"], number=rule.get("number"), share=rule.get("share")),
            )
        )
    session.procedure = replace(
        session.procedure,
        members=sum(b.members for b in sitting_bodies),
        delegates=tuple(delegates),
        bodies=tuple(sitting_bodies),
    )
    first = data["bodies"][0]["body"]
    session.joint = {
        "bodies": [item["body"] for item in data["bodies"]],
        "presidiums": {item["body"]: item.get("presidium") for item in data["bodies"]},
        "platform": [first] if data["bodies"][0].get("presidium") is not None else [],
        "seated": [],
    }


def _presidium_seated(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    session = state.sessions[data["session"]]
    assert session.joint is not None
    session.joint["platform"] = list(data["platform"])
    session.joint["seated"].append(
        {"body": data["body"], "made_place": data.get("made_place"), "at": data.get("at", at)}
    )


def delegates_registered(state: Assembly, data: dict[str, Any], at: str, actor: str) -> None:
    """After `smolny.domain.bodies` folded a registration (or a mandate's holders): a joint
    sitting in progress registers the body's new delegates too, absent, sitting for it."""
    slug = data["body"]
    for session in state.sessions.values():
        if session.state != "open" or slug not in joint_bodies(session):
            continue
        sitting = session.procedure
        new = {item["delegate"] for item in data["delegates"]}
        kept = tuple(replace(d, sits_for=slug) if d.id in new else d for d in sitting.delegates)
        known = {d.id for d in kept}
        added = tuple(
            procedure.Delegate(
                item["delegate"], item.get("faction"), item.get("sent_by"), sits_for=slug
            )
            for item in data["delegates"]
            if item["delegate"] not in known
        )
        voting = sum(1 for i in data["delegates"] if i.get("voting", True))
        bodies = tuple(
            replace(b, members=b.members + voting) if b.slug == slug else b for b in sitting.bodies
        )
        session.procedure = replace(
            sitting,
            delegates=kept + added,
            bodies=bodies,
            members=sum(b.members for b in bodies),
        )


DECIDERS: dict[type[c.Command], Decider] = {
    c.OpenJointSession: _open_joint_session,
    c.SeatPresidium: _seat_presidium,
}

FOLDS: dict[str, Fold] = {
    k.SESSION_OPENED: _session_opened,
    k.DELEGATES_REGISTERED: delegates_registered,
    k.JOINT_SESSION_PRESIDIUM_SEATED: _presidium_seated,
}
