"""Canonical JSON: the one byte form of a value that the record hashes.

The record holds no floating-point numbers, so the canonical form is RFC 8785 (JCS):
Python's `json.dumps` with sorted keys, no whitespace and no ASCII escaping, the members
of an object sorted by the UTF-16 code units of their names. Names are any text (a poll's
`heads` are keyed by its options: "Ленин", "Siân"); Python sorts text by code point,
which is the same order unless a name holds a character beyond U+FFFF, and only then is
the object put in JCS order before it is written. See docs/record-format.md (1.2).
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
    """Refuse what the record cannot hold: floats, big integers, lone surrogates."""
    _checked(value, path)


def _checked(value: object, path: str = "$") -> bool:
    # `check`, answering whether some object's names hold a character beyond U+FFFF (and so
    # must be sorted by their UTF-16 code units, not by code point, `utf16_order`)
    if _fits(value):  # the usual case (ASCII names), without building a path for every value
        return False
    return _check(value, path)


def _fits(value: object) -> bool:
    # True only for what `_check` accepts, built of the plain types alone; anything else
    # (a float, a subclass, a big integer) is left to `_check`, which names the fault.
    if type(value) is str:
        return value.isascii() or _encodes(value)
    if type(value) is int:
        return -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER
    if type(value) is dict:
        for key, item in value.items():
            if type(key) is not str or not _fits_item(item):
                return False
            if not key.isascii() and (_beyond_bmp(key) or not _encodes(key)):
                return False
        return True
    if type(value) is list or type(value) is tuple:
        return all(_fits_item(item) for item in value)
    return value is None or type(value) is bool


def _fits_item(item: object) -> bool:
    # `_fits`, with a short text or a small number answered here without another call
    if type(item) is str and item.isascii():
        return True
    if type(item) is int:
        return -MAX_SAFE_INTEGER <= item <= MAX_SAFE_INTEGER
    return _fits(item)


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check(value: object, path: str) -> bool:
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise CanonicalError(f"{path}: integer {value} is too large for the record")
        return False
    if isinstance(value, str):
        _check_text(value, path)
        return False
    astral = False
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise CanonicalError(f"{path}: object keys must be strings, not {key!r}")
            _check_text(key, f"{path} (a key)")
            astral = _check(item, f"{path}.{key}") or astral or _beyond_bmp(key)
        return astral
    if isinstance(value, Sequence):
        for index, item in enumerate(value):
            astral = _check(item, f"{path}[{index}]") or astral
        return astral
    raise CanonicalError(f"{path}: {type(value).__name__} has no place in the record")


def _beyond_bmp(text: str) -> bool:
    return not text.isascii() and any(ord(ch) > 0xFFFF for ch in text)


def utf16_order(name: str) -> bytes:
    """The sort key of an object's member names in canonical JSON (RFC 8785, 3.2.3): the
    UTF-16 code units of the name. It orders text as Python (by code point) does, unless a
    name holds a character beyond U+FFFF."""
    return name.encode("utf-16-be", "surrogatepass")


def _in_utf16_order(value: Any) -> Any:
    # `value` with every object's members in the order `utf16_order` gives (for the encoder
    # that does not sort), lists and texts as they were
    if isinstance(value, Mapping):
        return {key: _in_utf16_order(value[key]) for key in sorted(value, key=utf16_order)}
    if isinstance(value, list | tuple):
        return [_in_utf16_order(item) for item in value]
    return value


def _check_text(text: str, path: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise CanonicalError(f"{path}: text holds a lone surrogate") from None


def dumps(value: Any) -> str:
    """The canonical text of `value`, after checking it can be held in the record."""
    if _checked(value):
        return _ENCODER_IN_ORDER.encode(_in_utf16_order(value))
    return _ENCODER.encode(value)


def dumps_checked(value: Any) -> str:
    """The canonical text of a value made only of values the record holds already (checked
    when they went in), such as a ballot the service builds from a poll's register and
    question: `dumps` without checking them again. Its objects' names are ASCII (a ballot's
    are), or at least hold no character beyond U+FFFF (`utf16_order`)."""
    return _ENCODER.encode(value)


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


def loads_canonical(text: str) -> Any:
    """The value of a text that must be canonical JSON (a stored ballot), or CanonicalError
    (a ValueError) if it is not the canonical form of a value the record holds. Quicker
    than `loads` and then `dumps`: a duplicate key needs no check of its own, as a text
    that holds one is not the canonical form of what it parses to."""
    if text.count("[") + text.count("{") > MAX_DEPTH and nesting_depth(text) > MAX_DEPTH:
        raise CanonicalError(f"nested deeper than the record's {MAX_DEPTH}")
    try:
        value, end = _CANONICAL_DECODER.raw_decode(text)  # (no whitespace is canonical)
    except RecursionError:
        raise CanonicalError("nested too deep for this verifier") from None
    if end != len(text) or dumps(value) != text:
        raise CanonicalError("not in canonical form")
    return value


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
        return _DECODER.decode(text)
    except RecursionError:  # a stack smaller than the depth allowed: refused all the same
        raise CanonicalError("nested too deep for this verifier") from None


# made once: `json.dumps` and `json.loads` given options build a new coder every call
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
_ENCODER_IN_ORDER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)
_DECODER = json.JSONDecoder(
    object_pairs_hook=_pairs_without_duplicates,
    parse_constant=_refuse_constant,
    parse_float=_refuse_float,
)
_CANONICAL_DECODER = json.JSONDecoder(parse_constant=_refuse_constant, parse_float=_refuse_float)
