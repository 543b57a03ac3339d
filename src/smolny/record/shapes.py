"""The types of the members of an entry's `data`, as the catalogue of entry kinds
(`smolny.record.kinds`) describes them and docs/record-format.md writes them.

Types: `string`, `integer`, `boolean`, `null`; `object` (any JSON object, its members
described elsewhere: an apportionment, an outcome); `array of T`; `object of T` (members
of any name, each a T); `[T, U]` (an array of exactly these); `{a: T, b?: U}` (exactly these
members, `b` optional); `T | U` (either). Two are named: `time` (`string | integer | null`,
an act's time as given to the engine) and `number` (`integer | string`, a count that may be
a fraction written `"p/q"`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True)
class Scalar:
    """A JSON string, integer (never a boolean), boolean or null."""

    label: str

    def problems(self, value: object, where: str) -> list[str]:
        """What is wrong with `value` as this type (`where` names it in the entry)."""
        if self.label == "string":
            ok = isinstance(value, str)
        elif self.label == "integer":
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif self.label == "boolean":
            ok = isinstance(value, bool)
        else:
            ok = value is None
        return [] if ok else [f"{where}: expected {self.label}, not {_shown(value)}"]

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class AnyObject:
    """A JSON object whose members this catalogue leaves to another document."""

    def problems(self, value: object, where: str) -> list[str]:
        """What is wrong with `value` as this type (`where` names it in the entry)."""
        return [] if isinstance(value, dict) else [f"{where}: expected object, not {_shown(value)}"]

    def __str__(self) -> str:
        return "object"


@dataclass(frozen=True)
class ArrayOf:
    """A JSON array, each item of one type."""

    item: Type

    def problems(self, value: object, where: str) -> list[str]:
        """What is wrong with `value` as this type (`where` names it in the entry)."""
        if not isinstance(value, list):
            return [f"{where}: expected {self}, not {_shown(value)}"]
        return [p for i, v in enumerate(value) for p in self.item.problems(v, f"{where}[{i}]")]

    def __str__(self) -> str:
        return f"array of {self.item}"


@dataclass(frozen=True)
class ObjectOf:
    """A JSON object with members of any name, each of one type."""

    value: Type

    def problems(self, value: object, where: str) -> list[str]:
        """What is wrong with `value` as this type (`where` names it in the entry)."""
        if not isinstance(value, dict):
            return [f"{where}: expected {self}, not {_shown(value)}"]
        return [p for k, v in value.items() for p in self.value.problems(v, f"{where}.{k}")]

    def __str__(self) -> str:
        return f"object of {self.value}"


@dataclass(frozen=True)
class Fixed:
    """A JSON array of exactly these items, in this order (a pair: `[string, integer]`)."""

    items: tuple[Type, ...]

    def problems(self, value: object, where: str) -> list[str]:
        """What is wrong with `value` as this type (`where` names it in the entry)."""
        if not isinstance(value, list) or len(value) != len(self.items):
            return [f"{where}: expected {self}, not {_shown(value)}"]
        return [p for i, t in enumerate(self.items) for p in t.problems(value[i], f"{where}[{i}]")]

    def __str__(self) -> str:
        return "[" + ", ".join(str(t) for t in self.items) + "]"


@dataclass(frozen=True)
class Either:
    """One of several types; `label` names a union the catalogue uses often."""

    options: tuple[Type, ...]
    label: str | None = None

    def problems(self, value: object, where: str) -> list[str]:
        """What is wrong with `value` as this type (`where` names it in the entry)."""
        if any(not t.problems(value, where) for t in self.options):
            return []
        return [f"{where}: expected {self}, not {_shown(value)}"]

    def __str__(self) -> str:
        return self.label or " or ".join(str(t) for t in self.options)


@dataclass(frozen=True)
class Member:
    """A member of an object: its name, type, and whether it may be left out."""

    name: str
    type: Type
    optional: bool = False

    def __str__(self) -> str:
        return f"{self.name}{'?' if self.optional else ''}: {self.type}"


@dataclass(frozen=True)
class Record:
    """A JSON object with exactly these members (the optional ones may be left out)."""

    members: tuple[Member, ...]

    def problems(self, value: object, where: str) -> list[str]:
        """What is wrong with `value` as this type (`where` names it in the entry)."""
        if not isinstance(value, dict):
            return [f"{where}: expected an object, not {_shown(value)}"]
        found: list[str] = []
        names = {m.name for m in self.members}
        found.extend(f"{where}: unknown member {k!r}" for k in value if k not in names)
        for m in self.members:
            if m.name in value:
                found.extend(m.type.problems(value[m.name], f"{where}.{m.name}"))
            elif not m.optional:
                found.append(f"{where}: member {m.name!r} is missing")
        return found

    def __str__(self) -> str:
        return "{" + ", ".join(str(m) for m in self.members) + "}"


Type = Union[Scalar, AnyObject, ArrayOf, ObjectOf, Fixed, Either, Record]  # noqa: UP007


@dataclass(frozen=True)
class OptionalMember:
    """A member that may be left out: `parent=optional(STRING)`."""

    type: Type


def optional(type_: Type) -> OptionalMember:
    """Mark a member as one that may be left out."""
    return OptionalMember(type_)


def _members(given: Mapping[str, Type | OptionalMember]) -> tuple[Member, ...]:
    return tuple(
        Member(name, t.type, True) if isinstance(t, OptionalMember) else Member(name, t)
        for name, t in given.items()
    )


def record(**members: Type | OptionalMember) -> Record:
    """An object with exactly these members."""
    return Record(_members(members))


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


STRING = Scalar("string")
INTEGER = Scalar("integer")
BOOLEAN = Scalar("boolean")
NULL = Scalar("null")
OBJECT = AnyObject()
TIME = Either((STRING, INTEGER, NULL), "time")
NUMBER = Either((INTEGER, STRING), "number")
STRINGS = ArrayOf(STRING)


def maybe(type_: Type) -> Either:
    """`type_`, or null."""
    return Either((type_, NULL))
