"""`smolny verify --archive` catches every kind of tampering, naming the entry; `--report`
answers about a resolution from the record alone."""

from __future__ import annotations

import json
from pathlib import Path

from smolny.record import canonical
from smolny.record.entry import make_entry
from smolny_command import run


def parts(path: Path) -> tuple[list[bytes], list[dict], list[bytes]]:
    """The header, the entries (parsed) and the rest (boxes and the end line)."""
    lines = path.read_bytes().splitlines(keepends=True)
    entries = [json.loads(line) for line in lines[1:] if line.startswith(b'{"actor"')]
    return lines[:1], entries, lines[1 + len(entries) :]


def rechain(entries: list[dict]) -> list[bytes]:
    """The entries renumbered and re-hashed, as a forger who knows the format would."""
    out, prev = [], "0" * 64
    for seq, e in enumerate(entries, 1):
        entry = make_entry(seq, e["at"], e["kind"], e["actor"], e["data"], prev)
        out.append(entry.line().encode() + b"\n")
        prev = entry.hash
    return out


def with_end(lines: list[bytes]) -> list[bytes]:
    """The end line rewritten to match, as a forger who knows the format would."""
    import hashlib

    body = lines[:-1]
    entries = [json.loads(line) for line in body if line.startswith(b'{"actor"')]
    end = {
        "boxes": sum(1 for line in body if line.startswith(b'{"ballots"')),
        "entries": len(entries),
        "head": entries[-1]["hash"],
        "sha256": hashlib.sha256(b"".join(body)).hexdigest(),
    }
    return [*body, canonical.encode({"end": end}) + b"\n"]


def verify(path: Path, tmp_path: Path, lines: list[bytes]) -> str:
    forged = tmp_path / "forged.smolny"
    forged.write_bytes(b"".join(with_end(lines)))
    result = run("verify", "--archive", forged)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.startswith("FAILED:") and result.stdout.count("\n") == 1
    return result.stdout


def as_lines(entries: list[dict]) -> list[bytes]:
    return [canonical.encode(e) + b"\n" for e in entries]


def test_an_altered_entry_is_named(demo_archive: Path, tmp_path: Path) -> None:
    head, entries, rest = parts(demo_archive)
    entries[40]["data"]["title"] = "Something else"  # entry 41, hash left as it was
    out = verify(demo_archive, tmp_path, head + as_lines(entries) + rest)
    assert "entry 41 (line 42)" in out and "altered" in out


def test_a_removed_entry_is_named(demo_archive: Path, tmp_path: Path) -> None:
    head, entries, rest = parts(demo_archive)
    del entries[29]
    out = verify(demo_archive, tmp_path, head + as_lines(entries) + rest)
    assert "entry 31 (line 31)" in out and "removed" in out


def test_an_inserted_entry_is_named(demo_archive: Path, tmp_path: Path) -> None:
    head, entries, rest = parts(demo_archive)
    entries.insert(30, dict(entries[30]))
    out = verify(demo_archive, tmp_path, head + as_lines(entries) + rest)
    assert "entry 31 (line 33)" in out and "inserted" in out


def test_reordered_entries_are_named(demo_archive: Path, tmp_path: Path) -> None:
    head, entries, rest = parts(demo_archive)
    entries[10], entries[11] = entries[11], entries[10]
    out = verify(demo_archive, tmp_path, head + as_lines(entries) + rest)
    assert "entry 12 (line 12)" in out and "reordered" in out


def test_a_ballot_altered_removed_or_added_is_caught(demo_archive: Path, tmp_path: Path) -> None:
    head, entries, rest = parts(demo_archive)
    ballots = [i for i, line in enumerate(rest) if line.startswith(b'{"ballot"')]
    altered = list(rest)
    altered[ballots[0]] = altered[ballots[0]].replace(b'\\"yes\\"', b'\\"no\\"')
    out = verify(demo_archive, tmp_path, head + as_lines(entries) + altered)
    assert "poll p1 (closed at entry 26)" in out and "altered" in out
    removed = list(rest)
    box = next(i for i, line in enumerate(rest) if line.startswith(b'{"ballots":670'))
    removed[box] = removed[box].replace(b"670", b"669")
    del removed[ballots[5]]
    out = verify(demo_archive, tmp_path, head + as_lines(entries) + removed)
    assert "poll p1 (closed at entry 26)" in out and "669 ballots" in out
    # a ballot added: a second one by a voter who voted already, under a new hash
    added = list(rest)
    first = json.loads(rest[ballots[0]])
    ballot = json.loads(first["ballot"]) | {"nonce": "0" * 32}
    text = canonical.dumps(ballot)
    import hashlib

    new_hash = hashlib.sha256(text.encode()).hexdigest()
    added[box] = added[box].replace(b"670", b"671")
    p1 = ballots[:670]
    at = next((i for i in p1 if json.loads(rest[i])["hash"] > new_hash), p1[-1] + 1)
    added.insert(at, canonical.encode({"ballot": text, "hash": new_hash, "poll": "p1"}) + b"\n")
    out = verify(demo_archive, tmp_path, head + as_lines(entries) + added)
    assert "poll p1 (closed at entry 26)" in out and "voted twice" in out


def test_a_decisions_presence_altered_so_quorum_fails_is_named(
    demo_archive: Path, tmp_path: Path
) -> None:
    head, entries, rest = parts(demo_archive)
    # a forger re-hashes the chain after claiming that the decree was adopted with 544
    # present, though 300 Bolsheviks had walked out with the Mensheviks (entry 31)
    walkout = entries[30]
    assert walkout["kind"] == "presence.changed" and walkout["data"]["faction"] == "mensheviks"
    bolsheviks = [f"d{i}" for i in range(1, 301)]
    walkout["data"]["delegates"] = walkout["data"]["delegates"] + bolsheviks
    out = verify(demo_archive, tmp_path, head + rechain(entries) + rest)
    assert "entry 49: poll p2 records 544 present" in out and "gives 244" in out
    # and a decision whose own figures say it was taken without a quorum
    head, entries, rest = parts(demo_archive)
    decree = entries[68]
    assert decree["kind"] == "motion.adopted" and decree["data"]["question"] == "m5"
    decree["data"].update(present_count=300, quorate=False)
    out = verify(demo_archive, tmp_path, head + rechain(entries) + rest)
    assert "entry 69:" in out and "records 300 present" in out


def test_report_on_a_resolution_gives_quorum_and_presence(demo_archive: Path) -> None:
    result = run(
        "verify",
        "--report",
        "--archive",
        demo_archive,
        "--resolution",
        "2",
        "--body",
        "second-congress",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "Resolution 2 of second-congress: 'To all Workers, Soldiers and Peasants'" in out
    assert "Quorate: yes: 544 present (the hall when poll p4 opened), quorum 336" in out
    assert "matches the presence replayed from the journal" in out
    assert "Bolsheviks (300)" in out and "Mensheviks" not in out.split("Present")[1]
    assert "box: 544 ballots" in out and "rechecked" in out
    by_motion = run("verify", "--report", "--archive", demo_archive, "--motion", "m5")
    assert by_motion.stdout.splitlines()[1:] == out.splitlines()[1:]
    summary = run("verify", "--report", "--archive", demo_archive)
    assert summary.returncode == 0 and "second-congress 2: 'To all Workers" in summary.stdout
    missing = run(
        "verify",
        "--report",
        "--archive",
        demo_archive,
        "--resolution",
        "9",
        "--body",
        "second-congress",
    )
    assert missing.returncode == 2 and "has no resolution 9 (it has 2)" in missing.stderr


def test_register_numbers_main_motions_per_body() -> None:
    from smolny.record.register import register

    lines = []
    prev = "0" * 64
    for seq, (kind, data) in enumerate(
        [
            ("session.opened", {"session": "s1", "body": "c", "title": "T"}),
            ("motion.moved", {"session": "s1", "question": "m1", "title": "One", "motion": "main"}),
            ("motion.adopted", {"session": "s1", "question": "m1", "motion": "main", "text": "A"}),
            ("motion.moved", {"session": "s1", "question": "m2", "title": "Adj", "motion": "x"}),
            ("motion.adopted", {"session": "s1", "question": "m2", "motion": "adjourn"}),
            ("motion.rejected", {"session": "s1", "question": "m3", "motion": "main"}),
            ("motion.adopted", {"session": "s1", "question": "m4", "motion": "main", "text": "B"}),
        ],
        1,
    ):
        entry = make_entry(seq, "2024-01-01T00:00:00.000000Z", kind, "system", data, prev)
        prev = entry.hash
        lines.append(entry)
    found = register(lines)
    assert [(r.number, r.motion, r.title, r.text, r.seq) for r in found["c"]] == [
        (1, "m1", "One", "A", 3),
        (2, "m4", "", "B", 7),
    ]
