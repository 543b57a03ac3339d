"""The demo's journal, byte for byte: a recomposition of the code must not change the record.

Ballots carry random nonces; the replay here draws them from a seeded generator, so the
whole journal (box digests and every hash after them) is the same at every run. When the
demo itself is meant to change, regenerate the file:
`SMOLNY_GOLDEN=1 make test PYTEST_ARGS=tests/golden`.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from smolny import demo
from smolny.adapters import journal
from smolny.adapters.database import read_transaction
from smolny.service.app import Smolny

GOLDEN = Path(__file__).with_name("demo-journal.jsonl")


def replayed_journal(tmp_path: Path) -> str:
    app = Smolny.open(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    seeded = random.Random(1917)
    app.ballots.nonce = lambda: f"{seeded.getrandbits(128):032x}"
    try:
        demo.load(app)
        with read_transaction(app.engine) as conn:
            return "".join(line + "\n" for _, line in journal.lines(conn))
    finally:
        app.close()


@pytest.mark.slow
def test_the_demo_journal_is_byte_for_byte_the_golden_one(tmp_path: Path) -> None:
    text = replayed_journal(tmp_path)
    if os.environ.get("SMOLNY_GOLDEN") == "1":
        GOLDEN.write_text(text, encoding="utf-8")
    golden = GOLDEN.read_text(encoding="utf-8").splitlines()
    lines = text.splitlines()
    for number, (want, got) in enumerate(zip(golden, lines, strict=False), start=1):
        assert got == want, f"entry {number} differs from the golden journal"
    assert len(lines) == len(golden)
