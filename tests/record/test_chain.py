"""The hash chain: every kind of tampering is caught at the first bad entry."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smolny.record import canonical
from smolny.record.chain import UnusableInput, walk
from smolny.record.entry import GENESIS, entry_hash, make_entry


def journal(n: int) -> list[str]:
    lines, prev = [], GENESIS
    for seq in range(1, n + 1):
        entry = make_entry(
            seq,
            f"2026-11-22T10:00:{seq % 60:02d}.000000Z",
            "motion.moved",
            "account:a1",
            {"motion": f"m{seq}", "text": f"Текст {seq} ‮ zero​width"},
            prev,
        )
        lines.append(entry.line())
        prev = entry.hash
    return lines


def check(lines: list[str]):
    return walk(enumerate(lines, 1))


def test_an_untouched_chain_verifies_and_ends_at_its_head() -> None:
    lines = journal(6)
    report = check(lines)
    assert report.ok
    assert len(report.entries) == 6
    assert report.head == json.loads(lines[-1])["hash"]


def test_an_altered_entry_is_named() -> None:
    lines = journal(6)
    obj = json.loads(lines[2])
    obj["data"]["text"] = "a different resolution"
    lines[2] = canonical.dumps(obj)
    report = check(lines)
    assert not report.ok and report.broken is not None
    assert (report.broken.seq, report.broken.line) == (3, 3)
    assert "altered" in report.broken.reason


def test_an_altered_entry_with_its_hash_recomputed_breaks_the_next_link() -> None:
    lines = journal(6)
    obj = json.loads(lines[2])
    obj["data"]["text"] = "forged"
    del obj["hash"]
    obj["hash"] = make_entry(3, obj["at"], obj["kind"], obj["actor"], obj["data"], obj["prev"]).hash
    lines[2] = canonical.dumps(obj)
    report = check(lines)
    assert report.broken is not None and report.broken.seq == 4
    assert "prev does not match" in report.broken.reason


def test_a_removed_entry_is_caught_where_it_is_missing() -> None:
    lines = journal(6)
    del lines[3]
    report = check(lines)
    assert report.broken is not None
    assert (report.broken.seq, report.broken.line) == (5, 4)
    assert "removed" in report.broken.reason


def test_an_inserted_entry_is_caught() -> None:
    lines = journal(6)
    forged = make_entry(
        3,
        "2026-11-22T10:00:03.000000Z",
        "motion.adopted",
        "account:a1",
        {"motion": "m1"},
        json.loads(lines[1])["hash"],
    )
    lines.insert(2, forged.line())
    report = check(lines)
    assert report.broken is not None
    assert report.broken.line == 4  # the real entry 3 now stands where 4 should
    assert "inserted" in report.broken.reason


def test_reordered_entries_are_caught() -> None:
    lines = journal(6)
    lines[2], lines[3] = lines[3], lines[2]
    report = check(lines)
    assert report.broken is not None and report.broken.line == 3
    assert report.broken.seq == 4


def test_a_line_not_in_canonical_form_is_caught() -> None:
    lines = journal(3)
    lines[1] = json.dumps(json.loads(lines[1]), indent=1).replace("\n", "")
    report = check(lines)
    assert report.broken is not None and report.broken.seq == 2
    assert "canonical" in report.broken.reason


def test_input_that_is_not_a_journal_is_unusable() -> None:
    with pytest.raises(UnusableInput):
        check(["this is not json"])
    with pytest.raises(UnusableInput):
        check(['{"name": "a spreadsheet row"}'])


def test_floats_and_duplicate_keys_have_no_place_in_the_record() -> None:
    with pytest.raises(canonical.CanonicalError):
        canonical.dumps({"share": 0.5})
    with pytest.raises(canonical.CanonicalError):
        canonical.loads('{"a": 1, "a": 2}')
    with pytest.raises(canonical.CanonicalError):
        canonical.dumps({"\ud800": 1})  # a key is valid Unicode, as any text


@given(st.integers(min_value=1, max_value=12), st.data())
def test_any_single_change_to_a_line_breaks_verification(n: int, data: st.DataObject) -> None:
    lines = journal(n)
    index = data.draw(st.integers(0, n - 1))
    position = data.draw(st.integers(0, len(lines[index]) - 1))
    original = lines[index]
    replacement = data.draw(
        st.characters(codec="utf-8").filter(lambda ch: ch != original[position])
    )
    lines[index] = original[:position] + replacement + original[position + 1 :]
    try:
        report = check(lines)
    except UnusableInput:
        assert index == 0  # only a first line that is no longer an entry is unusable input
        return
    assert not report.ok
    assert report.broken is not None and report.broken.line == index + 1


def rewrite(lines: list[str], index: int, **changes: object) -> None:
    """Change fields of one entry and give it a hash that matches, as a forger would."""
    obj = json.loads(lines[index])
    obj.update(changes)
    del obj["hash"]
    obj["hash"] = entry_hash(obj)
    lines[index] = canonical.dumps(obj)


@pytest.mark.parametrize(
    "changes",
    [
        {"v": True},  # true == 1 in some languages, not in the record
        {"at": "٢٠٢٦-١١-٢٢T10:00:01.000000Z"},  # digits, but not ASCII ones
        {"actor": "the chairman"},
    ],
    ids=["v-true", "non-ascii-digits", "free-text-actor"],
)
@pytest.mark.parametrize("index", [0, 1])
def test_fields_outside_the_format_are_refused_even_with_a_good_hash(
    changes: dict, index: int
) -> None:
    lines = journal(3)
    rewrite(lines, index, **changes)
    report = check(lines)
    assert report.broken is not None and report.broken.line == index + 1


def test_a_line_with_extra_line_endings_is_not_canonical() -> None:
    lines = journal(3)
    lines[1] = lines[1] + "\r"
    report = check(lines)
    assert report.broken is not None and report.broken.line == 2
