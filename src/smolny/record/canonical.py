"""Canonical JSON: the one byte form of a value that the record hashes.

The record holds no floating-point numbers and only ASCII object keys, so the
canonical form is RFC 8785 (JCS) and equals Python's `json.dumps` with sorted
keys, no whitespace and no ASCII escaping. See docs/record-format.md.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

JSON = None | bool | int | str | list["JSON"] | dict[str, "JSON"]

# JSON numbers that every verifier reads exactly, whatever its language (I-JSON, RFC 7493).
MAX_SAFE_INTEGER = 2**53 - 1
# The record is shallow (an entry's data nests a count's stages a few levels deep): a text
# nested deeper is refused before it is parsed, as a parser recursing into 100,000 `[`
# would exhaust the stack.
MAX_DEPTH = 64
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKETS = re.compile(r"[\[\]{}]")


class CanonicalError(ValueError):
    """A value that has no canonical form in the record."""


def check(value: object, path: str = "$") -> None:
    """Refuse what the record cannot hold: floats, big integers, non-ASCII keys, lone surrogates."""
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise CanonicalError(f"{path}: integer {value} is too large for the record")
        return
    if isinstance(value, str):
        _check_text(value, path)
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str) or not key.isascii():
                raise CanonicalError(f"{path}: object keys must be ASCII strings, not {key!r}")
            check(item, f"{path}.{key}")
        return
    if isinstance(value, Sequence):
        for index, item in enumerate(value):
            check(item, f"{path}[{index}]")
        return
    raise CanonicalError(f"{path}: {type(value).__name__} has no place in the record")


def _check_text(text: str, path: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise CanonicalError(f"{path}: text holds a lone surrogate") from None


def dumps(value: Any) -> str:
    """The canonical text of `value`, after checking it can be held in the record."""
    check(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def encode(value: Any) -> bytes:
    """The canonical UTF-8 bytes of `value`."""
    return dumps(value).encode("utf-8")


def _refuse_constant(name: str) -> Any:
    raise CanonicalError(f"{name} is not a JSON value")


def _refuse_float(text: str) -> Any:
    raise CanonicalError(f"the record holds no fractional numbers ({text})")


def _pairs_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise CanonicalError(f"duplicate key {key!r}")
        result[key] = value
    return result


def nesting_depth(text: str) -> int:
    """How deeply the arrays and objects of the JSON `text` nest (brackets inside strings
    are not counted)."""
    deepest = depth = 0
    for bracket in _BRACKETS.findall(_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def loads(text: str | bytes) -> Any:
    """Parse JSON strictly: no duplicate keys, no NaN, no fractional numbers, nothing nested
    deeper than MAX_DEPTH; CanonicalError (a ValueError) for anything else it refuses."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CanonicalError(f"not UTF-8 text ({exc.reason})") from None
    if text.count("[") + text.count("{") > MAX_DEPTH:  # only then can it nest too deep
        depth = nesting_depth(text)
        if depth > MAX_DEPTH:
            raise CanonicalError(f"nested {depth} deep: the record nests at most {MAX_DEPTH}")
    try:
        return json.loads(
            text,
            object_pairs_hook=_pairs_without_duplicates,
            parse_constant=_refuse_constant,
            parse_float=_refuse_float,
        )
    except RecursionError:  # a stack smaller than the depth allowed: refused all the same
        raise CanonicalError("nested too deep for this verifier") from None
