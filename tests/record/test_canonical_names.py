"""Names that are not ASCII in canonical JSON (docs/record-format.md 1.2): written as
themselves in UTF-8, object members sorted as RFC 8785 sorts them (UTF-16 code units),
and read back only in that one form."""

from __future__ import annotations

import hashlib
import json

import pytest

from smolny.record import canonical
from smolny.record.entry import make_entry

ROSES = "\U0001f339"  # beyond U+FFFF: the surrogate pair D83C DF39 in UTF-16
WIDE = "\uff32"  # FULLWIDTH LATIN CAPITAL LETTER R: one code unit, FF32


def test_cyrillic_and_accented_keys_are_written_as_themselves_in_code_point_order() -> None:
    heads = {"Мартов": 0, "Ленин": 8, "Siân": 3, "José": 1, "abstain": 0}
    text = canonical.dumps({"heads": heads})
    assert text == '{"heads":{"José":1,"Siân":3,"abstain":0,"Ленин":8,"Мартов":0}}'
    assert canonical.encode({"heads": heads}) == text.encode("utf-8")
    assert canonical.loads_canonical(text) == {"heads": heads}


def test_a_key_beyond_u_ffff_is_sorted_by_utf16_code_units_as_rfc_8785_says() -> None:
    # by code point WIDE (U+FF32) comes first; by UTF-16 code units ROSES (D83C) does
    value = {WIDE: 1, ROSES: 2, "a": {WIDE: [ROSES], ROSES: None}}
    text = canonical.dumps(value)
    assert text == f'{{"a":{{"{ROSES}":null,"{WIDE}":["{ROSES}"]}},"{ROSES}":2,"{WIDE}":1}}'
    assert canonical.loads_canonical(text) == value
    by_code_point = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    with pytest.raises(canonical.CanonicalError, match="canonical"):
        canonical.loads_canonical(by_code_point)


def test_an_entry_keyed_by_cyrillic_options_hashes_its_utf8_bytes() -> None:
    data = {"heads": {"Ленин": 8, "abstain": 0}, "poll": "p1"}
    entry = make_entry(1, "2026-12-06T12:00:00.000000Z", "poll.closed", "system", data, "0" * 64)
    line = entry.line()
    assert "Ленин" in line and "\\u" not in line
    body = {k: v for k, v in canonical.loads(line).items() if k != "hash"}
    assert entry.hash == hashlib.sha256(canonical.dumps(body).encode("utf-8")).hexdigest()
