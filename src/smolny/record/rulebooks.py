"""What the verifier takes from a rulebook smolny ships: three facts, read from its file.

A decision's record names its body's rulebook, not the rulebook's content. For the
rulebooks smolny ships (`smolny/procedure/rulebooks/*.toml`, documented in
docs/rulebooks.md), a verifier can read three facts from the published file itself: the
quorum rule (`[quorum]`), which motions are in order without a quorum (`without-quorum`
of `[motions.KEY]`), and what a tie does (`[voting] ties`). They are read here from the
TOML text with the standard library, as data: the verifier shares the files with the
writer, never the code that reads them. An organisation's own rulebook is not in the
record, so nothing is recomputed for it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).resolve().parent.parent / "procedure" / "rulebooks"


@dataclass(frozen=True)
class QuorumRule:
    """A rulebook's quorum rule, as its `[quorum]` (or a joint `session.opened`) gives it."""

    basis: str  # "number", "members" or "registered"
    number: int | None = None
    share: str | None = None  # "majority" or "p/q"


@dataclass(frozen=True)
class RulebookFacts:
    """The quorum rule, the motions in order without a quorum, and the tie rule."""

    quorum: QuorumRule
    without_quorum: frozenset[str] = field(default_factory=frozenset)
    motions: frozenset[str] = field(default_factory=frozenset)
    ties: str = "fails"  # "fails" or "chair-decides"

    def may_lack_quorum(self, motion: str) -> bool | None:
        """Whether motion `motion` is in order without a quorum; None for a motion the
        rulebook does not list."""
        if motion not in self.motions:
            return None
        return motion in self.without_quorum


def shipped() -> list[str]:
    """The names of the rulebooks smolny ships."""
    return sorted(path.stem for path in FOLDER.glob("*.toml"))


@cache
def facts(name: str) -> RulebookFacts | None:
    """The facts of the shipped rulebook `name`; None for any other (or an unreadable one)."""
    if name not in shipped():
        return None
    try:
        data = tomllib.loads((FOLDER / f"{name}.toml").read_text(encoding="utf-8"))
        return _facts(data)
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError):
        return None


def _facts(data: dict[str, Any]) -> RulebookFacts:
    quorum = data["quorum"]
    basis = str(quorum["basis"])
    if basis == "number":
        rule = QuorumRule("number", number=int(quorum["number"]))
    else:
        rule = QuorumRule(basis, share=str(quorum["share"]))
    motions = data.get("motions", {})
    return RulebookFacts(
        quorum=rule,
        without_quorum=frozenset(k for k, m in motions.items() if m.get("without-quorum")),
        motions=frozenset(motions),
        ties=str(data.get("voting", {}).get("ties", "fails")),
    )
