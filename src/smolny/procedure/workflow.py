"""Workflows: the states a paper submitted to a congress (a motion, an amendment, a
composite) passes through, and who may move it from one to the next, as data read from TOML.

The format (docs/workflows.md): `[workflow]` with `name`, `initial` (the state a paper is
submitted in), `composite` (the state a composite starts in) and `composited` (the state its
motions move to); `[states.KEY]` with a `name` each; `[[moves]]` with `from` (a state or a
list of them), `to`, `by` (the roles that may make the move: `secretariat`, `committee`,
`congress`, `mover`) and `reason` (true: the move must give one). `parse_workflow` is pure;
`load_workflow` reads a bundled workflow or an organisation's own file.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from smolny.procedure.rulebook import RulebookError

ROLES = ("secretariat", "committee", "congress", "mover")
ROLE_WORDS = {
    "secretariat": "the secretariat",
    "committee": "the standing orders committee",
    "congress": "the congress",
    "mover": "the mover",
}
_KEY = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
DEFAULT = "union-congress"


class WorkflowError(RulebookError):
    """A workflow that cannot be used: which file, which line, what is wrong."""


@dataclass(frozen=True)
class Move:
    """One move a workflow allows: from one state to another, by whom, with a reason or not."""

    start: str
    end: str
    by: tuple[str, ...]
    reason: bool


@dataclass(frozen=True)
class Workflow:
    """A whole workflow: its states (key -> name), the moves between them."""

    key: str
    name: str
    initial: str
    composite: str
    composited: str
    states: Mapping[str, str]
    moves: tuple[Move, ...]

    def move(self, start: str, end: str) -> Move | None:
        """The move from `start` to `end`, or None when this workflow has none."""
        return next((m for m in self.moves if m.start == start and m.end == end), None)

    def state_name(self, state: str) -> str:
        """A state's name for people (its key, for a state this workflow does not have)."""
        return self.states.get(state, state)

    def refusal(self, start: str, end: str, role: str) -> str | None:
        """Why `role` may not move a paper from `start` to `end` (None: it may)."""
        if end not in self.states:
            known = ", ".join(self.states)
            return f"the workflow {self.key!r} has no state {end!r} (its states: {known})"
        move = self.move(start, end)
        if move is None:
            nexts = [m.end for m in self.moves if m.start == start]
            then = f"only to {', '.join(nexts)}" if nexts else "nowhere: it is final"
            return (
                f"the workflow {self.key!r} moves no paper from {self.state_name(start)!r} to "
                f"{self.state_name(end)!r}: from there {then}"
            )
        if role not in move.by:
            whom = " or ".join(ROLE_WORDS[r] for r in move.by)
            return (
                f"the workflow {self.key!r} lets only {whom} move a paper from "
                f"{self.state_name(start)!r} to {self.state_name(end)!r}, not {ROLE_WORDS[role]}"
            )
        return None


def bundled_workflows() -> list[str]:
    """The names of the workflows that ship with smolny."""
    folder = resources.files("smolny.procedure") / "workflows"
    return sorted(p.name[: -len(".toml")] for p in folder.iterdir() if p.name.endswith(".toml"))


def load_workflow(name_or_path: str | Path) -> Workflow:
    """A bundled workflow by name (`union-congress`), or the workflow in a TOML file.

    Raises `WorkflowError` naming the file, the line and the problem.
    """
    text_name = str(name_or_path)
    if isinstance(name_or_path, str) and _KEY.match(name_or_path):
        resource = resources.files("smolny.procedure") / "workflows" / f"{name_or_path}.toml"
        if resource.is_file():
            return parse_workflow(resource.read_text(encoding="utf-8"), f"{name_or_path}.toml")
        if not Path(name_or_path).exists():
            known = ", ".join(bundled_workflows())
            raise WorkflowError(
                text_name, None, f"no such workflow (bundled ones: {known}; or give a file path)"
            )
    path = Path(name_or_path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise WorkflowError(text_name, None, "no such file") from None
    except (UnicodeDecodeError, OSError):
        raise WorkflowError(text_name, None, "cannot be read as UTF-8 text") from None
    return parse_workflow(text, text_name)


def parse_workflow(text: str, source: str = "<workflow>") -> Workflow:
    """The workflow in TOML `text`; `source` names the file in errors. Pure."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise WorkflowError(
            source, getattr(exc, "lineno", None), f"not valid TOML: {exc}"
        ) from None
    return _Reader(text, source).workflow(data)


class _Reader:
    def __init__(self, text: str, source: str) -> None:
        self.lines = text.splitlines()
        self.source = source

    def fail(self, needle: str | None, problem: str) -> WorkflowError:
        line = None
        if needle is not None:
            line = next((i + 1 for i, t in enumerate(self.lines) if needle in t), None)
        return WorkflowError(self.source, line, problem)

    def workflow(self, data: Mapping[str, Any]) -> Workflow:
        for name in data:
            if name not in ("workflow", "states", "moves"):
                raise self.fail(f"[{name}", f"unknown table [{name}]")
        head = data.get("workflow")
        states_data = data.get("states")
        if not isinstance(head, dict):
            raise self.fail(None, "missing table [workflow]")
        if not isinstance(states_data, dict) or not states_data:
            raise self.fail(None, "no states: a workflow needs [states.KEY] tables")
        states: dict[str, str] = {}
        for key, body in states_data.items():
            if not _KEY.match(key) or not isinstance(body, dict):
                raise self.fail(f"[states.{key}", f"[states.{key}] is not a state")
            label = body.get("name")
            if not isinstance(label, str) or not label.strip():
                raise self.fail(f"[states.{key}", f"[states.{key}] needs a name")
            states[key] = label
        picked: dict[str, str] = {}
        for key in ("name", "initial", "composite", "composited"):
            value = head.get(key)
            if not isinstance(value, str) or not value:
                raise self.fail("[workflow]", f"[workflow] needs {key} (a string)")
            if key != "name" and value not in states:
                raise self.fail(f"{key} =", f"[workflow] {key} names {value!r}, not a state")
            picked[key] = value
        moves = tuple(m for body in data.get("moves", []) for m in self.moves(body, states))
        return Workflow(
            key=Path(self.source).name.removesuffix(".toml"),
            name=picked["name"],
            initial=picked["initial"],
            composite=picked["composite"],
            composited=picked["composited"],
            states=states,
            moves=moves,
        )

    def moves(self, body: Any, states: Mapping[str, str]) -> list[Move]:
        if not isinstance(body, dict):
            raise self.fail("[[moves]]", "each [[moves]] is a table")
        starts = body.get("from")
        starts = [starts] if isinstance(starts, str) else starts
        end, by = body.get("to"), body.get("by")
        if not isinstance(starts, list) or not starts or not isinstance(end, str):
            raise self.fail("[[moves]]", "each [[moves]] needs from (a state or a list) and to")
        for state in (*starts, end):
            if state not in states:
                raise self.fail(f'"{state}"', f"a move names {state!r}, which is not a state")
        if not isinstance(by, list) or not by or any(r not in ROLES for r in by):
            raise self.fail(
                f'to = "{end}"', f"the move to {end!r} needs by: a list of {', '.join(ROLES)}"
            )
        reason = body.get("reason", False)
        if not isinstance(reason, bool):
            raise self.fail("reason", "reason is true or false")
        return [Move(start, end, tuple(by), reason) for start in starts]
