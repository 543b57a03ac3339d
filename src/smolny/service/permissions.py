"""Who may do what: one matrix, consulted by every entry point (API, pages, command line)."""

from __future__ import annotations

from smolny.domain.errors import Forbidden

STAFF = frozenset({"admin", "chair", "secretary"})

# act -> the roles that may perform it. Reading the record is public and not listed.
PERMISSIONS: dict[str, frozenset[str]] = {
    "account.create": frozenset({"admin"}),
    "body.create": frozenset({"admin"}),
    "faction.form": frozenset({"admin", "secretary"}),
    "delegates.register": frozenset({"admin", "secretary"}),
    "access-codes.issue": frozenset({"admin", "secretary"}),
    "session.open": frozenset({"admin", "chair"}),
    "session.close": frozenset({"admin", "chair"}),
    "joint-session.open": frozenset({"admin", "chair"}),
    "joint-session.presidium": frozenset({"admin", "chair"}),
    "presence.record": frozenset({"admin", "chair", "secretary"}),
    "motion.move": frozenset({"admin", "chair", "secretary"}),
    "poll.open": frozenset({"admin", "chair"}),
    "poll.close": frozenset({"admin", "chair"}),
    "poll.count": frozenset({"admin", "chair", "secretary"}),
    "vote.cast": frozenset({"delegate"}),
    "vote.enter": frozenset({"admin", "chair", "secretary"}),
    "proxy.give": frozenset({"admin", "secretary", "delegate"}),
    "mandate.suspend": frozenset({"admin", "chair", "secretary"}),
    "mandate.substitute": frozenset({"admin", "secretary"}),
    "mandate.issue": frozenset({"admin", "secretary"}),
    "mandate.credentials": frozenset({"admin", "secretary"}),
    "mandate.recall": frozenset({"admin", "secretary"}),
    # staff, or a delegate of the body contesting in their own name (checked by the route)
    "mandate.contest": frozenset({"admin", "chair", "secretary", "delegate"}),
    "presidium.allot": frozenset({"admin", "chair"}),
    "body.membership": frozenset({"admin", "secretary"}),
    "congress.convene": frozenset({"admin"}),
    "faction.membership": frozenset({"admin", "secretary"}),
    "faction.declare": frozenset({"admin", "chair", "secretary"}),
    "presidium.chair": frozenset({"admin", "chair"}),
    "login.lockouts": frozenset({"admin"}),
}


def require(role: str, act: str) -> None:
    """Refuse unless `role` may perform `act`."""
    allowed = PERMISSIONS[act]
    if role not in allowed:
        raise Forbidden(
            "forbidden", f"{act} needs the role {' or '.join(sorted(allowed))}; you are {role}"
        )
