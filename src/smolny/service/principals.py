"""Who acts: a staff account or a delegate, with a role; and the system itself."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Principal:
    """Who is acting: a staff account or a delegate, with a role."""

    id: str  # "a1" for an account, "d17" for a delegate
    role: str  # "admin", "chair", "secretary", "delegate"
    name: str
    must_change_password: bool = False

    @property
    def actor(self) -> str:
        """The principal as the journal names an actor."""
        if self.role == "system":
            return "system"
        kind = "delegate" if self.role == "delegate" else "account"
        return f"{kind}:{self.id}"


SYSTEM = Principal("system", "system", "smolny")
