"""Rulebooks: a body's rules of procedure as data, read from TOML.

A rulebook says which motions exist, how they rank, what each needs to pass, what a
quorum is and how long a member may speak. The format is documented in
`docs/rulebooks.md`. `parse_rulebook` is pure; `load_rulebook` reads a bundled rulebook
(through `importlib.resources`) or an organisation's own file.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

from smolny.counting.thresholds import Threshold, ThresholdError, TieRule

CLASSES = ("privileged", "subsidiary", "main", "incidental", "bring-back")
TARGETS = ("none", "pending", "tabled", "decided", "adopted", "ruling", "voting")
# What the engine knows how to do when a motion of that kind is adopted; a rulebook's own
# motion key names one of these in `effect` (its own key by default, else "none").
EFFECTS = (
    "none",
    "fix-time-to-adjourn",
    "adjourn",
    "recess",
    "question-of-privilege",
    "orders-of-the-day",
    "lay-on-the-table",
    "previous-question",
    "limit-debate",
    "postpone-definitely",
    "commit",
    "amend",
    "postpone-indefinitely",
    "main",
    "take-from-table",
    "reconsider",
    "rescind",
    "point-of-order",
    "point-of-information",
    "appeal",
    "suspend-rules",
    "objection-to-consideration",
    "division-of-assembly",
    "division-of-question",
    "withdraw",
)
NONE_THRESHOLD = "none"
_KEY = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_REQUIRED = (
    "name",
    "class",
    "second",
    "debatable",
    "amendable",
    "threshold",
    "interrupts",
    "reconsiderable",
)


class RulebookError(ValueError):
    """A rulebook that cannot be used: which file, which line, what is wrong."""

    def __init__(self, source: str, line: int | None, problem: str) -> None:
        self.source = source
        self.line = line
        self.problem = problem
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class MotionRule:
    """What a rulebook says about one motion."""

    key: str
    name: str
    motion_class: str
    rank: int | None  # None: an incidental motion, in order when its occasion arises
    second: bool
    debatable: bool
    amendable: bool
    threshold: str  # a `Threshold` key, or "none": decided by the chair or on demand
    interrupts: bool
    reconsiderable: bool
    applies_to: tuple[str, ...]  # motion keys it may be applied to; "*" for any
    target: str  # what it applies to: a pending question, a tabled one, a ruling, ...
    without_quorum: bool
    on_demand: bool
    threshold_with_notice: str | None
    also_carried_by: tuple[str, ...]
    carried_by: str  # "yes", or "no" when the noes decide (an appeal reverses the chair)
    effect: str

    @property
    def decided_by_vote(self) -> bool:
        """True when the motion is put to a vote; False when the chair or a demand settles it."""
        return self.threshold != NONE_THRESHOLD

    def to_json(self) -> dict[str, Any]:
        """The motion as `smolny rules show --json` prints it."""
        return {
            "key": self.key,
            "name": self.name,
            "class": self.motion_class,
            "rank": self.rank,
            "second": self.second,
            "debatable": self.debatable,
            "amendable": self.amendable,
            "threshold": self.threshold,
            "threshold_with_notice": self.threshold_with_notice,
            "also_carried_by": list(self.also_carried_by),
            "carried_by": self.carried_by,
            "interrupts": self.interrupts,
            "reconsiderable": self.reconsiderable,
            "applies_to": list(self.applies_to),
            "target": self.target,
            "without_quorum": self.without_quorum,
            "on_demand": self.on_demand,
            "effect": self.effect,
        }


@dataclass(frozen=True)
class QuorumRule:
    """What a quorum is: a fixed number, or a share of the members or of the registered."""

    basis: str  # "number", "members" or "registered"
    number: int | None = None
    share: str | None = None  # "majority" (more than half) or "p/q" (at least that share)

    def describe(self) -> str:
        """Words a chair can read out: 'a majority of the members'."""
        if self.basis == "number":
            return f"{self.number} delegates"
        whom = "the members" if self.basis == "members" else "the registered delegates"
        if self.share == "majority":
            return f"a majority of {whom}"
        return f"{self.share} of {whom}"


@dataclass(frozen=True)
class DebateRule:
    """How long and how often a member may speak, and in what order the list is taken."""

    speeches_per_member: int
    speech_seconds: int
    reply_seconds: int  # 0: a reply is the member's next speech, with its usual time
    order: str  # "first-come" or "alternating"


@dataclass(frozen=True)
class JointRule:
    """How a joint session of several bodies counts: its quorum and its votes.

    `quorum`: "each-body" (every body must have its own quorum) or "jointly" (one quorum
    of all their members together). `voting`: "jointly" (all votes in one count) or
    "by-body" (each body's votes counted apart; adopted only if every body adopts).
    """

    quorum: str = "each-body"
    voting: str = "jointly"


@dataclass(frozen=True)
class SubmissionRule:
    """How papers reach a congress (`[submission]`): the supporting councils a motion and an
    amendment need besides their mover, and who admits a late motion as an emergency one
    (`none`: nobody; `secretariat`, `committee` or `congress`)."""

    supporters: int = 0
    amendment_supporters: int = 0
    emergency: str = "committee"


@dataclass(frozen=True)
class PapersRule:
    """How a congress takes its papers at the sitting (`[papers]`): `en_bloc`, whether
    motions the committee recommends to support may be put together to one vote; and
    `objection`, what an objection does to such a bundle (`any`: any one objection takes the
    motion out, to be taken on its own; `none`: objections are not taken, the vote decides)."""

    en_bloc: bool = False
    objection: str = "any"


EN_BLOC_OBJECTION = ("any", "none")
EMERGENCY_BY = ("none", "secretariat", "committee", "congress")
JOINT_QUORUM = ("each-body", "jointly")
JOINT_VOTING = ("jointly", "by-body")
AGENDA_ADOPTION = ("vote", "declaration")


@dataclass(frozen=True)
class Rulebook:
    """A whole rulebook: motions by key, quorum, debate, amendment depth, tie rule."""

    key: str
    name: str
    source: str
    motions: Mapping[str, MotionRule]
    quorum: QuorumRule
    debate: DebateRule
    amendment_depth: int
    ties: TieRule
    joint: JointRule = JointRule()
    submission: SubmissionRule = SubmissionRule()
    papers: PapersRule = PapersRule()
    # how a sitting's first agenda is adopted: "vote" (a main motion put to the body,
    # RONR §41) or "declaration" (the chair declares the agenda as drafted adopted)
    agenda_adoption: str = "vote"

    def motion(self, key: str) -> MotionRule | None:
        """The rule for motion `key`, or None when this rulebook has no such motion."""
        return self.motions.get(key)

    def threshold(self, key: str) -> Threshold:
        """The `Threshold` named `key`, with this rulebook's tie rule."""
        return Threshold.parse(key, self.ties)

    def ordered(self) -> list[MotionRule]:
        """The motions in the order of a motion table: ranked ones highest first, then the rest."""
        return sorted(
            self.motions.values(),
            key=lambda m: (
                m.rank is None,
                -(m.rank or 0),
                CLASSES.index(m.motion_class),
                m.key,
            ),
        )


def bundled_rulebooks() -> list[str]:
    """The names of the rulebooks that ship with smolny."""
    folder = resources.files("smolny.procedure") / "rulebooks"
    return sorted(p.name[: -len(".toml")] for p in folder.iterdir() if p.name.endswith(".toml"))


def load_rulebook(name_or_path: str | Path) -> Rulebook:
    """A bundled rulebook by name (`robert`), or the rulebook in a TOML file at a path.

    Raises `RulebookError` naming the file, the line and the problem.
    """
    text_name = str(name_or_path)
    if isinstance(name_or_path, str) and _KEY.match(name_or_path):
        resource = resources.files("smolny.procedure") / "rulebooks" / f"{name_or_path}.toml"
        if resource.is_file():
            return parse_rulebook(resource.read_text(encoding="utf-8"), f"{name_or_path}.toml")
        if not Path(name_or_path).exists():
            known = ", ".join(bundled_rulebooks())
            raise RulebookError(
                text_name, None, f"no such rulebook (bundled ones: {known}; or give a file path)"
            )
    path = Path(name_or_path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RulebookError(text_name, None, "no such file") from None
    except UnicodeDecodeError:
        raise RulebookError(text_name, None, "not UTF-8 text") from None
    except OSError as exc:
        raise RulebookError(text_name, None, exc.strerror or "cannot be read") from None
    return parse_rulebook(text, text_name)


def parse_rulebook(text: str, source: str = "<rulebook>") -> Rulebook:
    """The rulebook in TOML `text`; `source` names the file in errors. Pure."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        if line is None:
            match = re.search(r"line (\d+)", str(exc))
            line = int(match.group(1)) if match else max(1, len(text.splitlines()))
        problem = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)$", "", str(exc))
        raise RulebookError(source, line, f"not valid TOML: {problem}") from None
    return _Reader(text, source).rulebook(data)


class _Reader:
    """Checks parsed TOML against the format, pointing at the offending line."""

    def __init__(self, text: str, source: str) -> None:
        self.lines = text.splitlines()
        self.source = source

    def fail(self, table: str | None, key: str | None, problem: str) -> RulebookError:
        return RulebookError(self.source, self.line_of(table, key), problem)

    def line_of(self, table: str | None, key: str | None) -> int | None:
        # tomllib gives no positions for values, so find the table header, then the key in it.
        start = 0
        if table is not None:
            header = re.compile(r"^\s*\[\s*" + _dotted(table) + r"\s*\]\s*(#.*)?$")
            found = [i for i, line in enumerate(self.lines) if header.match(line)]
            if not found:
                return None
            start = found[0]
            if key is None:
                return start + 1
        if key is None:
            return None
        key_line = re.compile(r"^\s*(\"?)" + re.escape(key) + r"\1\s*=")
        for i in range(start + (1 if table is not None else 0), len(self.lines)):
            line = self.lines[i]
            if table is not None and re.match(r"^\s*\[", line):
                break
            if key_line.match(line):
                return i + 1
        return start + 1 if table is not None else None

    def table(self, data: Mapping[str, Any], name: str) -> Mapping[str, Any]:
        value = data.get(name)
        if not isinstance(value, dict):
            raise self.fail(None, None, f"missing table [{name}]")
        return value

    def rulebook(self, data: Mapping[str, Any]) -> Rulebook:
        known = {
            "rulebook",
            "quorum",
            "debate",
            "amendment",
            "voting",
            "joint",
            "agenda",
            "motions",
            "submission",
            "papers",
        }
        for name in data:
            if name not in known:
                raise self.fail(name, None, f"unknown table [{name}]")
        head = self.table(data, "rulebook")
        name = self.string(head, "rulebook", "name")
        quorum = self.quorum(self.table(data, "quorum"))
        debate = self.debate(self.table(data, "debate"))
        amendment = data.get("amendment", {})
        depth = self.integer(amendment, "amendment", "depth", minimum=0, default=2)
        voting = data.get("voting", {})
        ties_name = self.string(voting, "voting", "ties", default="fails")
        try:
            ties = TieRule(ties_name)
        except ValueError:
            choices = ", ".join(t.value for t in TieRule)
            raise self.fail(
                "voting", "ties", f"unknown tie rule {ties_name!r} (one of {choices})"
            ) from None
        motions_data = data.get("motions")
        if not isinstance(motions_data, dict) or not motions_data:
            raise self.fail(None, None, "no motions: a rulebook needs [motions.main] at least")
        motions: dict[str, MotionRule] = {}
        for key, body in motions_data.items():
            motions[key] = self.motion(key, body, ties)
        if "main" not in motions:
            raise self.fail(None, None, "missing [motions.main]")
        for motion in motions.values():
            for target in motion.applies_to:
                if target != "*" and target not in motions:
                    raise self.fail(
                        f"motions.{motion.key}",
                        "applies-to",
                        f"applies-to names {target!r}, which is not a motion of this rulebook "
                        f"in [motions.{motion.key}]",
                    )
        key = Path(self.source).name.removesuffix(".toml")
        return Rulebook(
            key=key,
            name=name,
            source=self.source,
            motions=motions,
            quorum=quorum,
            debate=debate,
            amendment_depth=depth,
            ties=ties,
            joint=self.joint(data.get("joint", {})),
            submission=self.submission(data.get("submission", {})),
            agenda_adoption=self.agenda(data.get("agenda", {})),
            papers=self.papers(data.get("papers", {})),
        )

    def submission(self, data: Mapping[str, Any]) -> SubmissionRule:
        if not isinstance(data, dict):
            raise self.fail("submission", None, "[submission] must be a table")
        for key in data:
            if key not in ("supporters", "amendment-supporters", "emergency"):
                raise self.fail("submission", key, f"unknown key {key!r} in [submission]")
        emergency = self.string(data, "submission", "emergency", default="committee")
        if emergency not in EMERGENCY_BY:
            raise self.fail(
                "submission",
                "emergency",
                f"unknown emergency rule {emergency!r} (one of {', '.join(EMERGENCY_BY)})",
            )
        return SubmissionRule(
            supporters=self.integer(data, "submission", "supporters", minimum=0, default=0),
            amendment_supporters=self.integer(
                data, "submission", "amendment-supporters", minimum=0, default=0
            ),
            emergency=emergency,
        )

    def agenda(self, data: Mapping[str, Any]) -> str:
        if not isinstance(data, dict):
            raise self.fail("agenda", None, "[agenda] must be a table")
        for key in data:
            if key != "adoption":
                raise self.fail("agenda", key, f"unknown key {key!r} in [agenda]")
        adoption = self.string(data, "agenda", "adoption", default="vote")
        if adoption not in AGENDA_ADOPTION:
            raise self.fail(
                "agenda", "adoption", f"unknown agenda adoption {adoption!r} (vote or declaration)"
            )
        return adoption

    def papers(self, data: Mapping[str, Any]) -> PapersRule:
        if not isinstance(data, dict):
            raise self.fail("papers", None, "[papers] must be a table")
        for key in data:
            if key not in ("en-bloc", "en-bloc-objection"):
                raise self.fail("papers", key, f"unknown key {key!r} in [papers]")
        objection = self.string(data, "papers", "en-bloc-objection", default="any")
        if objection not in EN_BLOC_OBJECTION:
            raise self.fail(
                "papers",
                "en-bloc-objection",
                f"unknown en-bloc objection rule {objection!r} (any or none)",
            )
        return PapersRule(self.boolean(data, "papers", "en-bloc", default=False), objection)

    def joint(self, data: Mapping[str, Any]) -> JointRule:
        if not isinstance(data, dict):
            raise self.fail("joint", None, "[joint] must be a table")
        for key in data:
            if key not in ("quorum", "voting"):
                raise self.fail("joint", key, f"unknown key {key!r} in [joint]")
        quorum = self.string(data, "joint", "quorum", default="each-body")
        if quorum not in JOINT_QUORUM:
            raise self.fail(
                "joint", "quorum", f"unknown joint quorum {quorum!r} (each-body or jointly)"
            )
        voting = self.string(data, "joint", "voting", default="jointly")
        if voting not in JOINT_VOTING:
            raise self.fail(
                "joint", "voting", f"unknown joint voting {voting!r} (jointly or by-body)"
            )
        return JointRule(quorum=quorum, voting=voting)

    def quorum(self, data: Mapping[str, Any]) -> QuorumRule:
        basis = self.string(data, "quorum", "basis")
        if basis == "number":
            return QuorumRule("number", number=self.integer(data, "quorum", "number", minimum=1))
        if basis not in ("members", "registered"):
            raise self.fail(
                "quorum",
                "basis",
                f"unknown quorum basis {basis!r} (one of number, members, registered)",
            )
        share = self.string(data, "quorum", "share")
        if share != "majority":
            try:
                value = Fraction(share)
            except (ValueError, ZeroDivisionError):
                value = Fraction(-1)
            if "/" not in share or not 0 < value <= 1:
                raise self.fail(
                    "quorum",
                    "share",
                    f'unknown quorum share {share!r} ("majority" or a fraction "p/q" '
                    "between 0 and 1)",
                )
        return QuorumRule(basis, share=share)

    def debate(self, data: Mapping[str, Any]) -> DebateRule:
        order = self.string(data, "debate", "order", default="first-come")
        if order not in ("first-come", "alternating"):
            raise self.fail(
                "debate", "order", f"unknown order {order!r} (first-come or alternating)"
            )
        return DebateRule(
            speeches_per_member=self.integer(data, "debate", "speeches-per-member", minimum=1),
            speech_seconds=self.integer(data, "debate", "speech-seconds", minimum=1),
            reply_seconds=self.integer(data, "debate", "reply-seconds", minimum=0, default=0),
            order=order,
        )

    def motion(self, key: str, body: Any, ties: TieRule) -> MotionRule:
        table = f"motions.{key}"
        if not _KEY.match(key):
            raise self.fail(table, None, f"motion key {key!r} must be lowercase kebab-case")
        if not isinstance(body, dict):
            raise self.fail(None, None, f"[{table}] must be a table")
        allowed = set(_REQUIRED) | {
            "rank",
            "applies-to",
            "target",
            "without-quorum",
            "on-demand",
            "threshold-with-notice",
            "also-carried-by",
            "carried-by",
            "effect",
        }
        for field in body:
            if field not in allowed:
                raise self.fail(table, field, f"unknown field {field!r} in [{table}]")
        for field in _REQUIRED:
            if field not in body:
                raise self.fail(table, None, f"missing field {field!r} in [{table}]")
        motion_class = self.string(body, table, "class")
        if motion_class not in CLASSES:
            raise self.fail(
                table,
                "class",
                f"unknown class {motion_class!r} in [{table}] (one of {', '.join(CLASSES)})",
            )
        rank: int | None = None
        if "rank" in body or motion_class != "incidental":
            rank = self.integer(body, table, "rank", minimum=1)
        threshold = self.threshold(body, table, "threshold", ties)
        notice = self.threshold(body, table, "threshold-with-notice", ties, optional=True)
        also = self.strings(body, table, "also-carried-by")
        for alternative in also:
            self.check_threshold(alternative, table, "also-carried-by", ties)
        applies_to = self.strings(body, table, "applies-to")
        default_target = "pending" if applies_to else "none"
        target = self.string(body, table, "target", default=default_target)
        if target not in TARGETS:
            raise self.fail(
                table,
                "target",
                f"unknown target {target!r} in [{table}] (one of {', '.join(TARGETS)})",
            )
        carried_by = self.string(body, table, "carried-by", default="yes")
        if carried_by not in ("yes", "no"):
            raise self.fail(table, "carried-by", f"carried-by must be yes or no in [{table}]")
        effect = self.string(body, table, "effect", default=key if key in EFFECTS else "none")
        if effect not in EFFECTS:
            raise self.fail(table, "effect", f"unknown effect {effect!r} in [{table}]")
        on_demand = self.boolean(body, table, "on-demand", default=False)
        if on_demand and threshold != NONE_THRESHOLD:
            raise self.fail(table, "on-demand", f'on-demand needs threshold = "none" in [{table}]')
        return MotionRule(
            key=key,
            name=self.string(body, table, "name"),
            motion_class=motion_class,
            rank=rank,
            second=self.boolean(body, table, "second"),
            debatable=self.boolean(body, table, "debatable"),
            amendable=self.boolean(body, table, "amendable"),
            threshold=threshold or NONE_THRESHOLD,
            interrupts=self.boolean(body, table, "interrupts"),
            reconsiderable=self.boolean(body, table, "reconsiderable"),
            applies_to=applies_to,
            target=target,
            without_quorum=self.boolean(body, table, "without-quorum", default=False),
            on_demand=on_demand,
            threshold_with_notice=notice,
            also_carried_by=also,
            carried_by=carried_by,
            effect=effect,
        )

    def threshold(
        self, body: Mapping[str, Any], table: str, key: str, ties: TieRule, optional: bool = False
    ) -> str | None:
        if optional and key not in body:
            return None
        value = self.string(body, table, key)
        if value == NONE_THRESHOLD and not optional:
            return value
        self.check_threshold(value, table, key, ties)
        return value

    def check_threshold(self, value: str, table: str, key: str, ties: TieRule) -> None:
        try:
            Threshold.parse(value, ties)
        except ThresholdError:
            raise self.fail(
                table,
                key,
                f"unknown threshold {value!r} in [{table}] (majority, two-thirds, "
                "majority-of-members, none, or RULE-of-BASIS as in docs/rulebooks.md)",
            ) from None

    def string(
        self, body: Mapping[str, Any], table: str, key: str, default: str | None = None
    ) -> str:
        if key not in body:
            if default is not None:
                return default
            raise self.fail(table, None, f"missing field {key!r} in [{table}]")
        value = body[key]
        if not isinstance(value, str):
            raise self.fail(table, key, f"{key} must be a string in [{table}]")
        return value

    def strings(self, body: Mapping[str, Any], table: str, key: str) -> tuple[str, ...]:
        value = body.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(table, key, f"{key} must be a list of strings in [{table}]")
        return tuple(value)

    def boolean(
        self, body: Mapping[str, Any], table: str, key: str, default: bool | None = None
    ) -> bool:
        if key not in body:
            if default is not None:
                return default
            raise self.fail(table, None, f"missing field {key!r} in [{table}]")
        value = body[key]
        if not isinstance(value, bool):
            raise self.fail(table, key, f"{key} must be true or false in [{table}]")
        return value

    def integer(
        self,
        body: Mapping[str, Any],
        table: str,
        key: str,
        minimum: int,
        default: int | None = None,
    ) -> int:
        if key not in body:
            if default is not None:
                return default
            raise self.fail(table, None, f"missing field {key!r} in [{table}]")
        value = body[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.fail(table, key, f"{key} must be a whole number >= {minimum} in [{table}]")
        return int(value)


def _dotted(table: str) -> str:
    # a header may quote its parts or space its dots: [motions."amend"], [ motions . amend ]
    parts = table.split(".")
    return r"\s*\.\s*".join(r"(\"?)" + re.escape(p) + rf"\{i + 1}" for i, p in enumerate(parts))
