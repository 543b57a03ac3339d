"""A sitting as the record tells it (its public page): who presided, the walkouts with
their declarations and the hall after each, the quorum behind every decision taken after
them, each joint body's own quorum, the answer. The facts are `smolny.record.sittings`'s,
the very ones `smolny verify --report --session` prints, drawn from the whole journal
and its verification (the record alone: no ballot boxes)."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field

from smolny.domain.errors import NotFound
from smolny.record import sittings
from smolny.record.chain import walk
from smolny.record.entry import Entry
from smolny.record.verification import check_record
from smolny.service.unit_of_work import UnitOfWork
from smolny.service.views.record import head, journal_lines

Sitting = sittings.Sitting
DOWNLOAD_BATCH = 5000  # journal lines read per transaction while downloading


@dataclass(frozen=True)
class _Checked:
    seq: int
    entries: tuple[Entry, ...]
    problems: dict[int, str]
    told: dict[str, Sitting] = field(default_factory=dict)  # each sitting asked about


_kept: weakref.WeakKeyDictionary[UnitOfWork, _Checked] = weakref.WeakKeyDictionary()
_kept_lock = threading.Lock()


def _checked(app: UnitOfWork) -> _Checked:
    """The journal's entries and what verifying it finds, kept until it grows."""
    seq, _ = head(app)
    with _kept_lock:
        found = _kept.get(app)
    if found is not None and found.seq == seq:
        return found
    with app.store.reading() as tx:
        chain = walk(tx.stream())
    findings = check_record(chain.entries, None) if chain.ok else None
    problems = {p.seq: p.text for p in findings.problems} if findings is not None else {}
    found = _Checked(len(chain.entries), tuple(chain.entries), problems)
    with _kept_lock:
        _kept[app] = found
    return found


def sitting(app: UnitOfWork, ident: str) -> Sitting:
    """What the record says of sitting `ident`; NotFound ("session", listing the sittings
    there are) if there is none such."""
    checked = _checked(app)
    found = checked.told.get(ident)
    if found is not None:
        return found
    try:
        found = sittings.sitting(checked.entries, checked.problems, ident)
    except sittings.NotInRecord as exc:
        raise NotFound("session", str(exc), field="ident") from None
    with _kept_lock:
        checked.told[ident] = found
    return found


def journal_download(app: UnitOfWork) -> Iterator[str]:
    """The whole journal as `smolny journal export` writes it (one entry a line), read a
    batch per transaction up to the entry that was last when the download began."""
    last, _ = head(app)
    after = 0
    while after < last:
        rows = journal_lines(app, after, min(DOWNLOAD_BATCH, last - after))
        if not rows:
            return
        yield "".join(line + "\n" for _, line in rows)
        after = rows[-1][0]
