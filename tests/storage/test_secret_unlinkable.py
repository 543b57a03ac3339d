"""After a secret poll, nothing in the database links a delegate to their ballot.

The test knows the truth (who cast which receipt) and plays the attacker with the whole
database as it is after the close: every table, every column and every row, the rows'
hidden order (SQLite rowids, PostgreSQL ctid, xmin and xmax) and the raw bytes (the
SQLite file, its WAL and its shared-memory index; on PostgreSQL, with pageinspect, the
pages of every relation and every tuple on them, dead or alive). See
docs/secret-ballots.md for what this does and does not cover.

The votes are the worst case: cast one at a time, each in its own transaction, so any
trace of the order in which they were written would link them; a few voters change
their vote; and a read that began before the close is still open while it runs.

The attacks:
- shared values: what the rows naming each delegate hold (down to the object naming
  them in a journal entry) against what each ballot's row holds;
- orders: every order of the voters seen anywhere (and the orders someone in the hall
  saw them vote in) against every order of the ballots seen anywhere (natural, rowid,
  ctid, xmin, xmax, tuple place and xid, byte offsets in files and pages), paired by
  rank, and compared run by run (within a page, say) by counting inversions;
- residue: no copy of a ballot outside the sealed box's pages, none of a voter in the
  pending tables' pages or in free pages, none at all of a replaced ballot.

When nothing links voters and ballots, a pairing by rank is a random permutation, which
gets k or more pairs right with probability at most 1/k!, and the inversions between
runs have a known distribution (a product of uniform ones); the thresholds keep the
chance of a false alarm, over every pairing tried, under FALSE_ALARM. Controls show
that the attacks find what they look for: a named poll in the same database is linked
through shared values, and tables filled one row per transaction, as the pending tables
are, are linked through their order.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import itertools
import json
import math
import os
import random
import re
import secrets
import sqlite3
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, create_engine, inspect, text
from sqlalchemy.engine import make_url

from smolny import procedure
from smolny.adapters import boxes
from smolny.adapters.boxes import Cast
from smolny.adapters.database import read_transaction
from smolny.domain import commands as c
from smolny.record.ballotbox import unit_nonce
from smolny.service.app import Principal, Receipt, Smolny, VoteRequest

VOTERS = 40  # also each control table's rows: few enough for one page, where the order
# of insertion shows (in bigger tables SQLite rebuilds split pages in key order and
# PostgreSQL prunes full pages as it reads them, so the controls need not link)
CHANGERS = 4  # voters who change their vote before the close
HEAVY = 2  # one delegate's weight, unique: their ballot is published as two units of 1
FALSE_ALARM = 1e-6  # chance that chance alone fails the test, over all pairings tried
READER_SECONDS = 0.3  # a read begun before the close ends this long after the close begins
CHOICES = ("yes", "no", "abstain")
PAGEINSPECT_LOCK = 0x736D6F70  # runs that create and drop pageinspect take turns
SEALED_BOX = {"secret_ballot", "secret_ballot_pkey"}  # where a secret ballot may be after the close
PENDING = ("roll_pending", "secret_pending")  # tables (and their indexes) wiped at the close
NOT_HEX = "ghjkmnpqrstvwxyz"  # control ids are made of these, so no hash contains one


# -- what is attacked -------------------------------------------------------------------


class Subject:
    """Voters and ballots whose link (the truth) must stay hidden, or, in a control, be found."""

    def __init__(
        self,
        name: str,
        truth: dict[str, str],
        hall: dict[str, list[str]],
        masks: tuple[bytes, ...] = (),
        poll: str | None = None,
    ) -> None:
        self.name = name
        self.truth = truth  # voter -> the hash of their (final) ballot
        self.hall = hall  # orders of the voters that someone watching the hall could know
        self.masks = masks  # published hex strings, blanked before looking for voters
        self.poll = poll
        self.voters = sorted(truth)
        self.ballots = sorted(truth.values())
        self._voter_set = set(self.voters)
        self._ballot_set = set(self.ballots)
        names = sorted(self.voters, key=len, reverse=True)
        self._voter_re = re.compile(
            b"(" + b"|".join(re.escape(v.encode()) for v in names) + rb")(?![0-9])"
        )

    def voters_in(self, data: bytes) -> dict[str, list[int]]:
        """Offsets of each voter's id in raw bytes. An id inside a hash or a nonce is not
        one: published ones are blanked, and a match after four hex digits is dropped."""
        for mask in self.masks:
            data = data.replace(mask, b"\0" * len(mask))
        found: dict[str, list[int]] = defaultdict(list)
        for match in self._voter_re.finditer(data):
            start = match.start()
            if start >= 4 and re.fullmatch(rb"[0-9a-f]{4}", data[start - 4 : start]):
                continue
            found[match.group(1).decode()].append(start)
        return found

    def ballots_in(self, data: bytes) -> dict[str, list[int]]:
        """Offsets of each ballot's hash in raw bytes."""
        found: dict[str, list[int]] = {}
        for ballot in self.ballots:
            needle = ballot.encode()
            offsets, at = [], data.find(needle)
            while at >= 0:
                offsets.append(at)
                at = data.find(needle, at + 1)
            if offsets:
                found[ballot] = offsets
        return found

    def voter_of(self, leaf: tuple[str, Any]) -> str | None:
        return leaf[1] if leaf[0] == "s" and leaf[1] in self._voter_set else None

    def ballot_of(self, leaf: tuple[str, Any]) -> str | None:
        if leaf[0] != "s":
            return None
        if leaf[1] in self._ballot_set:
            return str(leaf[1])
        if len(leaf[1]) > 64:
            return next((b for b in self.ballots if b in leaf[1]), None)
        return None


# -- what the attacker reads ------------------------------------------------------------


@dataclass
class Rows:
    """Rows read from one place, each with its values and its rank by several keys."""

    source: str
    values: list[list[Any]]
    keys: dict[str, list[Any]]  # family ("natural", "rowid", "ctid", ...) -> key of each row
    raw: bool = False  # each row is one tuple's raw bytes (pageinspect), not columns


@dataclass
class Blob:
    """Raw bytes (a file, or a relation's pages) and where its pages lie."""

    source: str
    data: bytes
    first: int  # offset of the first page (a WAL has a header before it)
    stride: int  # from one page to the next (a WAL frame has its own header)
    owner: Callable[[int], str]  # the table or index a page (counted from 0) belongs to

    def owner_at(self, offset: int) -> str:
        if offset < self.first:
            return f"the header of {self.source}"
        return self.owner((offset - self.first) // self.stride)


@dataclass
class Evidence:
    rows: list[Rows] = field(default_factory=list)
    blobs: list[Blob] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # what could not be read, and why


def read_sqlite(url: str) -> Evidence:
    """Every row of every table, with its rowid where it has one; the raw files."""
    evidence = Evidence()
    path = Path(make_url(url).database or "")
    # the files as they are now, before this reader opens them
    files = {
        suffix: path.with_name(path.name + suffix).read_bytes()
        for suffix in ("", "-wal", "-shm")
        if path.with_name(path.name + suffix).exists()
    }
    con = sqlite3.connect(path)
    try:
        tables = [
            name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        for table in ["sqlite_master", *tables]:
            try:
                rows = [list(row) for row in con.execute(f'SELECT rowid, * FROM "{table}"')]
                keys = {"natural": list(range(len(rows))), "rowid": [row[0] for row in rows]}
                rows = [row[1:] for row in rows]
            except sqlite3.OperationalError:  # WITHOUT ROWID: no rowid to read
                rows = [list(row) for row in con.execute(f'SELECT * FROM "{table}"')]
                keys = {"natural": list(range(len(rows)))}
            evidence.rows.append(Rows(f"SQLite table {table}", rows, keys))
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
        owners = {page - 1: name for name, page in con.execute("SELECT name, pageno FROM dbstat")}
    finally:
        con.close()
    wal = files.get("-wal", b"")

    def in_file(page: int) -> str:
        return owners.get(page, "a free page")

    def in_wal(frame: int) -> str:  # a frame's header begins with its page's number
        at = 32 + frame * (24 + page_size)
        return in_file(int.from_bytes(wal[at : at + 4], "big") - 1)

    for suffix, first, stride, owner in (
        ("", 0, page_size, in_file),
        ("-wal", 32, 24 + page_size, in_wal),
        ("-shm", 0, 4096, lambda _: "the WAL index"),
    ):
        if suffix in files:
            evidence.blobs.append(
                Blob(f"the file {path.name}{suffix}", files[suffix], first, stride, owner)
            )
    return evidence


def _xid(value: Any) -> int:
    return -1 if value is None else int(str(value))


def _ctid(value: str) -> tuple[int, int]:
    block, item = value.strip("()").split(",")
    return int(block), int(item)


def read_postgres(engine: Engine) -> Evidence:
    """Every row of every table of the schema, with its ctid, xmin and xmax; with
    pageinspect, the pages of every relation and every tuple on them, dead or alive."""
    evidence = Evidence()
    with engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            result = conn.execute(
                text(f'SELECT ctid::text, xmin::text, xmax::text, * FROM "{table}"')
            )
            rows = [list(row) for row in result]
            keys = {
                "natural": list(range(len(rows))),
                "ctid": [_ctid(row[0]) for row in rows],
                "xmin": [_xid(row[1]) for row in rows],
                "xmax": [_xid(row[2]) for row in rows],
            }
            evidence.rows.append(Rows(f"PostgreSQL table {table}", [row[3:] for row in rows], keys))
        conn.commit()
        with _pageinspect(conn, evidence) as schema:
            if schema is not None:
                _read_pages(conn, schema, evidence)
    return evidence


@contextmanager
def _pageinspect(conn: Connection, evidence: Evidence) -> Iterator[str | None]:
    """The schema holding pageinspect's functions (created here and dropped afterwards if
    need be), or None, noted in `evidence`, if it cannot be loaded."""
    conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": PAGEINSPECT_LOCK})
    conn.commit()
    created = False
    try:
        schema = conn.execute(
            text(
                "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n"
                " ON n.oid = e.extnamespace WHERE e.extname = 'pageinspect'"
            )
        ).scalar()
        if schema is None:
            schema = conn.execute(text("SELECT current_schema()")).scalar_one()
            try:
                conn.execute(text(f'CREATE EXTENSION pageinspect SCHEMA "{schema}"'))
                conn.commit()
                created = True
            except Exception as exc:
                conn.rollback()
                why = str(exc).splitlines()[0]
                evidence.missing.append(
                    f"the pageinspect extension could not be created ({why}), so the raw"
                    " pages and dead tuples of PostgreSQL were not attacked"
                )
                schema = None
        conn.commit()
        yield schema
    finally:
        conn.rollback()
        if created:
            conn.execute(text("DROP EXTENSION pageinspect"))
            conn.commit()
        conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": PAGEINSPECT_LOCK})
        conn.commit()


def _read_pages(conn: Connection, schema: str, evidence: Evidence) -> None:
    # The schema's tables, indexes and sequences, and the TOAST tables and indexes behind them.
    relations = conn.execute(
        text(
            """
            WITH mine AS (
                SELECT c.oid, c.reltoastrelid FROM pg_class c
                WHERE c.relnamespace = to_regnamespace(current_schema())
            ), toast AS (
                SELECT reltoastrelid AS oid FROM mine WHERE reltoastrelid <> 0
            )
            SELECT c.oid, format('%I.%I', n.nspname, c.relname) AS name, c.relkind
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'i', 't', 'm', 'S')
              AND (c.oid IN (SELECT oid FROM mine) OR c.oid IN (SELECT oid FROM toast)
                   OR c.oid IN (SELECT indexrelid FROM pg_index
                                WHERE indrelid IN (SELECT oid FROM toast)))
            ORDER BY name
            """
        )
    ).all()
    block_size = int(conn.execute(text("SELECT current_setting('block_size')")).scalar_one())
    raw_page = text(f'SELECT "{schema}".get_raw_page(:name, CAST(:block AS integer))')
    items = text(
        f"SELECT lp, lp_off, t_xmin::text, t_xmax::text, t_data"
        f' FROM "{schema}".heap_page_items("{schema}".get_raw_page(:name, CAST(:block AS integer)))'
    )
    for oid, name, kind in relations:
        size = conn.execute(text("SELECT pg_relation_size(:oid)"), {"oid": oid}).scalar_one()
        blocks = range(size // block_size)
        pages = [
            bytes(conn.execute(raw_page, {"name": name, "block": b}).scalar_one()) for b in blocks
        ]
        relation = name.split(".")[-1].strip('"')
        evidence.blobs.append(
            Blob(f"the pages of {name}", b"".join(pages), 0, block_size, lambda _, r=relation: r)
        )
        if kind not in ("r", "t"):
            continue
        tuples: list[list[Any]] = []
        keys: dict[str, list[Any]] = defaultdict(list)
        for b in blocks:
            for lp, lp_off, xmin, xmax, data in conn.execute(items, {"name": name, "block": b}):
                tuples.append([bytes(data or b"")])
                keys["tuple place"].append((b, lp))
                keys["tuple offset"].append((b, lp_off))
                keys["tuple xmin"].append(_xid(xmin))
                keys["tuple xmax"].append(_xid(xmax))
        evidence.rows.append(Rows(f"the tuples of {name}", tuples, dict(keys), raw=True))
    conn.commit()


# -- values: a row as a tree of leaves --------------------------------------------------

Leaf = tuple[str, Any]


def tree(value: Any) -> Leaf | list[Any] | None:
    """A column's value as a leaf, or the tree of a JSON document (keys are leaves too)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, int):
        return ("i", value)
    if isinstance(value, bytes | memoryview):
        return ("s", bytes(value).decode("latin-1"))
    if isinstance(value, str) and value[:1] in ("{", "["):
        try:
            return _json_tree(json.loads(value))
        except ValueError:
            pass
    return ("s", str(value))


def _json_tree(value: Any) -> Leaf | list[Any] | None:
    if isinstance(value, dict):
        return [node for k, v in value.items() for node in (("s", k), _json_tree(v))]
    if isinstance(value, list):
        return [_json_tree(v) for v in value]
    if isinstance(value, str):
        return ("s", value)
    return tree(value)


def leaves(node: Any) -> list[Leaf]:
    if node is None:
        return []
    if isinstance(node, tuple):
        return [node]
    return [leaf for child in node for leaf in leaves(child)]


def units(node: Any, find: Callable[[Leaf], str | None]) -> Iterator[tuple[str, set[Leaf]]]:
    """(item, leaves) of each smallest part of `node` that names exactly one item: a row
    naming one voter, or within a journal entry the object or pair naming one delegate."""
    if node is None or isinstance(node, tuple):
        return
    found = leaves(node)
    named = {item for item in map(find, found) if item is not None}
    if len(named) == 1:
        yield named.pop(), set(found)
    elif named:
        for child in node:
            yield from units(child, find)


# -- orders, and pairing them ----------------------------------------------------------


@dataclass
class Ordering:
    """Items in an order seen in the evidence: `runs` are what was seen (the items of a
    page by offset, say; their order is known within each run only), `items` all of them,
    the runs' items first and the rest after, in their own order."""

    families: set[str]  # what kind of evidence: "hall", "natural", "rowid", "bytes", ...
    description: str
    runs: tuple[tuple[str, ...], ...]
    items: tuple[str, ...]


def ordering(
    family: str, description: str, items: list[str], runs: list[list[str]]
) -> Ordering | None:
    placed: list[str] = []
    for run in runs:
        placed += run
    if len(placed) < 2:
        return None
    rest = [item for item in items if item not in set(placed)]
    return Ordering({family}, description, tuple(map(tuple, runs)), tuple(placed + rest))


def ranked(
    family: str, description: str, items: list[str], keys: dict[str, Any]
) -> Ordering | None:
    """Items ranked by their keys, in one run."""
    return ordering(family, description, items, [sorted(keys, key=lambda i: (keys[i], i))])


def orderings_of_rows(subject: Subject, rows: Rows) -> tuple[list[Ordering], list[Ordering]]:
    first: dict[str, dict[str, dict[str, Any]]] = {
        side: {family: {} for family in rows.keys} for side in ("voters", "ballots")
    }
    for r, values in enumerate(rows.values):
        if rows.raw:
            seen = {
                "voters": {v: at[0] for v, at in subject.voters_in(values[0]).items()},
                "ballots": {b: at[0] for b, at in subject.ballots_in(values[0]).items()},
            }
        else:
            seen = {"voters": {}, "ballots": {}}
            for i, leaf in enumerate(leaves([tree(v) for v in values])):
                for side, find in (("voters", subject.voter_of), ("ballots", subject.ballot_of)):
                    item = find(leaf)
                    if item is not None:
                        seen[side].setdefault(item, i)
        for side, found in seen.items():
            for family, keys in rows.keys.items():
                best = first[side][family]
                for item, position in found.items():
                    key = (keys[r], position)
                    if item not in best or key < best[item]:
                        best[item] = key
    result: dict[str, list[Ordering]] = {"voters": [], "ballots": []}
    for side, items in (("voters", subject.voters), ("ballots", subject.ballots)):
        for family, keys in first[side].items():
            found = ranked(family, f"{rows.source}, by {family}", items, keys)
            if found is not None:
                result[side].append(found)
    return result["voters"], result["ballots"]


def orderings_of_blob(subject: Subject, blob: Blob) -> tuple[list[Ordering], list[Ordering]]:
    result: tuple[list[Ordering], list[Ordering]] = ([], [])
    for out, items, offsets in (
        (result[0], subject.voters, subject.voters_in(blob.data)),
        (result[1], subject.ballots, subject.ballots_in(blob.data)),
    ):
        found: list[Ordering | None] = [
            ranked(
                "bytes",
                f"{blob.source}, by first offset",
                items,
                {i: at[0] for i, at in offsets.items()},
            ),
            ranked(
                "bytes",
                f"{blob.source}, by last offset",
                items,
                {i: at[-1] for i, at in offsets.items()},
            ),
            ranked(
                "bytes",
                f"{blob.source}, by copies",
                items,
                {i: len(at) for i, at in offsets.items()},
            ),
        ]
        # Within each page (or WAL frame): the order of offsets. Every page holding many of
        # them alone; and all pages together, taking each item's first copy, or second, ...
        # (an item can be in several B-trees: the runs of one ordering must not share items).
        pages: dict[int, dict[str, int]] = defaultdict(dict)
        copies: dict[str, list[int]] = defaultdict(list)
        for item, at in offsets.items():
            for offset in at:
                if offset >= blob.first:
                    page = (offset - blob.first) // blob.stride
                    if item not in pages[page]:
                        pages[page][item] = offset
                        copies[item].append(page)
        for copy in range(max(map(len, copies.values()), default=0)):
            home = {item: homes[copy] for item, homes in copies.items() if len(homes) > copy}
            runs = [
                sorted((i for i in held if home.get(i) == page), key=held.__getitem__)
                for page, held in sorted(pages.items())
            ]
            found.append(
                ordering("bytes", f"{blob.source}, within pages (copy {copy + 1})", items, runs)
            )
        for page, held in sorted(pages.items()):
            if len(held) >= max(3, len(items) // 4):
                found.append(ranked("bytes", f"{blob.source}, page {page}, by offset", items, held))
        out += [o for o in found if o is not None]
    return result


def _distinct(orderings: list[Ordering]) -> list[Ordering]:
    by_items: dict[tuple[Any, ...], Ordering] = {}
    for o in orderings:
        key = (o.runs, o.items)
        if key in by_items:
            kept = by_items[key]
            kept.families |= o.families
            kept.description += f"; {o.description}"
        else:
            by_items[key] = Ordering(set(o.families), o.description, o.runs, o.items)
    return list(by_items.values())


def threshold(trials: int) -> int:
    """The least k for which `trials` random permutations all get fewer than k pairs right,
    but with probability at most FALSE_ALARM (each gets k or more with probability <= 1/k!)."""
    k = 1
    while trials / math.factorial(k) > FALSE_ALARM:
        k += 1
    return k


def inversions(sequence: list[int]) -> int:
    seen: list[int] = []
    count = 0
    for x in sequence:
        count += len(seen) - bisect.bisect_right(seen, x)
        bisect.insort(seen, x)
    return count


@functools.cache
def inversions_by_chance(sizes: tuple[int, ...]) -> tuple[list[int], int]:
    """How many ways random permutations of runs of these sizes have at most k inversions
    in all (for each k), and how many ways there are: a product of uniform distributions."""
    ways = [1]
    for size in sizes:
        for j in range(2, size + 1):  # the j-th element adds 0..j-1 inversions, uniformly
            out = [0] * (len(ways) + j - 1)
            running = 0
            for k in range(len(out)):
                running += ways[k] if k < len(ways) else 0
                running -= ways[k - j] if k - j >= 0 else 0
                out[k] = running
            ways = out
    cumulative = list(itertools.accumulate(ways))
    return cumulative, cumulative[-1]


@dataclass
class Link:
    kind: str  # "rank" (pairs right) or "order" (runs' order against the voters')
    voters: Ordering
    ballots: Ordering
    right: int = 0  # rank: voters paired with their own ballot
    reversed: bool = False
    pairs: int = 0  # order: ballots whose voter is placed, compared in runs
    p: float = 1.0  # order: the chance of an agreement (or disagreement) this strong

    def describe(self, subject: Subject) -> str:
        against = (
            f"voters ordered by [{self.voters.description[:300]}] against ballots ordered by"
            f" [{self.ballots.description[:300]}]"
        )
        if self.kind == "rank":
            how = "reversed rank" if self.reversed else "rank"
            return f"{self.right} of {len(subject.voters)} paired right by {how}: {against}"
        how = "disagree" if self.reversed else "agree"
        return f"the orders of {self.pairs} {how} (chance {self.p:.2g}): {against}"


@dataclass
class OrderReport:
    ranks: list[Link]  # strongest first
    bound: int  # this many right or more is not chance
    orders: list[Link]  # least likely first
    alpha: float  # a chance this small is not chance

    def flagged(self) -> list[Link]:
        return [link for link in self.ranks if link.right >= self.bound] + [
            link for link in self.orders if link.p <= self.alpha
        ]

    def flagged_by(self, family: str) -> list[Link]:
        return [
            link
            for link in self.flagged()
            if family in link.voters.families and family in link.ballots.families
        ]


def attack_orders(subject: Subject, evidence: Evidence) -> OrderReport:
    """Every order of the voters against every order of the ballots: pair them by rank,
    and compare the ballots' order in each run with their voters' order."""
    voter_orders: list[Ordering] = [
        Ordering({"hall"}, f"what the hall saw: {name}", (tuple(order),), tuple(order))
        for name, order in subject.hall.items()
    ]
    ballot_orders: list[Ordering] = []
    for rows in evidence.rows:
        v, b = orderings_of_rows(subject, rows)
        voter_orders += v
        ballot_orders += b
    for blob in evidence.blobs:
        v, b = orderings_of_blob(subject, blob)
        voter_orders += v
        ballot_orders += b
    voter_orders, ballot_orders = _distinct(voter_orders), _distinct(ballot_orders)
    n = len(subject.voters)
    owner = {ballot: voter for voter, ballot in subject.truth.items()}
    ranks: list[Link] = []
    orders: list[Link] = []
    for ballots in ballot_orders:
        rank = {ballot: i for i, ballot in enumerate(ballots.items)}
        true_rank = {voter: rank[subject.truth[voter]] for voter in subject.voters}
        for voters in voter_orders:
            same = sum(1 for i, voter in enumerate(voters.items) if true_rank[voter] == i)
            rev = sum(1 for i, voter in enumerate(voters.items) if true_rank[voter] == n - 1 - i)
            ranks.append(Link("rank", voters, ballots, right=same))
            ranks.append(Link("rank", voters, ballots, right=rev, reversed=True))
            # where each voter was seen (run, place), and the voters of each run of ballots
            # that share a run of voters, in the ballots' order
            place = {}
            for r, run in enumerate(voters.runs):
                for i, voter in enumerate(run):
                    place.setdefault(voter, (r, i))
            groups: dict[tuple[int, int], list[int]] = defaultdict(list)
            for r, run in enumerate(ballots.runs):
                for ballot in run:
                    if owner[ballot] in place:
                        v_run, i = place[owner[ballot]]
                        groups[(v_run, r)].append(i)
            sequences = [g for g in groups.values() if len(g) >= 2]
            if not sequences:
                continue
            sizes = tuple(sorted(len(g) for g in sequences))
            found = sum(inversions(g) for g in sequences)
            cumulative, total = inversions_by_chance(sizes)
            agree = cumulative[found] / total
            disagree = (total - (cumulative[found - 1] if found else 0)) / total
            pairs = sum(sizes)
            orders.append(Link("order", voters, ballots, pairs=pairs, p=agree))
            orders.append(Link("order", voters, ballots, pairs=pairs, p=disagree, reversed=True))
    ranks.sort(key=lambda link: -link.right)
    orders.sort(key=lambda link: link.p)
    return OrderReport(ranks, threshold(len(ranks)), orders, FALSE_ALARM / max(1, len(orders)))


@dataclass
class SharedReport:
    right: int  # ballots whose best-sharing voter is their voter
    definitive: dict[str, list[tuple[str, Leaf]]]  # voter -> (ballot, value only the two share)
    together: list[str]  # rows that hold a ballot and name a voter


def attack_shared_values(subject: Subject, evidence: Evidence) -> SharedReport:
    """What each voter's rows hold, against what each ballot's row holds: a value that one
    voter and one ballot share links them; otherwise each ballot goes to the voter it
    shares the rarest values with."""
    of_voter: dict[str, set[Leaf]] = defaultdict(set)
    of_ballot: dict[str, set[Leaf]] = defaultdict(set)
    together: list[str] = []
    for rows in evidence.rows:
        if rows.raw:
            continue
        for values in rows.values:
            node = [tree(v) for v in values]
            for voter, found in units(node, subject.voter_of):
                of_voter[voter] |= found
            for ballot, found in units(node, subject.ballot_of):
                of_ballot[ballot] |= found
                names = {v for v in map(subject.voter_of, found) if v is not None}
                if names:
                    together.append(f"{rows.source}: ballot {ballot[:12]} with {sorted(names)}")
    ignored = {("s", subject.poll)}
    voters_with = Counter(value for found in of_voter.values() for value in found)
    ballots_with = Counter(value for found in of_ballot.values() for value in found)
    right = 0
    definitive: dict[str, list[tuple[str, Leaf]]] = defaultdict(list)
    for ballot in subject.ballots:
        held = of_ballot.get(ballot, set()) - ignored
        scores = {
            voter: sum(1 / voters_with[value] for value in held & of_voter[voter])
            for voter in subject.voters
        }
        best = max(scores.values())
        guesses = [voter for voter, score in scores.items() if score == best]
        if best > 0 and len(guesses) == 1:
            right += subject.truth[guesses[0]] == ballot
        for value in held:
            if voters_with[value] == 1 and ballots_with[value] == 1:
                voter = next(v for v in subject.voters if value in of_voter[v])
                definitive[voter].append((ballot, value))
    return SharedReport(right, dict(definitive), together)


def residue(subject: Subject, evidence: Evidence, replaced: list[str]) -> list[str]:
    """Copies of ballots outside the sealed box's pages, of voters' ids in the pending
    tables' pages or in free pages, and of replaced ballots anywhere: what a wipe should
    have left nothing of."""
    found: list[str] = []
    for blob in evidence.blobs:
        found += [
            f"replaced ballot {h[:12]} in {blob.source}"
            for h in replaced
            if h.encode() in blob.data
        ]
        for ballot, offsets in subject.ballots_in(blob.data).items():
            for offset in offsets:
                owner = blob.owner_at(offset)
                if owner not in SEALED_BOX:
                    found.append(f"ballot {ballot[:12]} in {owner} ({blob.source}, at {offset})")
        for voter, offsets in subject.voters_in(blob.data).items():
            for offset in offsets:
                owner = blob.owner_at(offset)
                if owner == "a free page" or any(table in owner for table in PENDING):
                    found.append(f"{voter} in {owner} ({blob.source}, at {offset})")
    return found


# -- the congress, the polls and the controls -------------------------------------------


def open_poll(app: Smolny, session: str, mover: str, seconder: str, **options: Any) -> str:
    motion = app.execute(c.MoveMotion(session, "A motion", "The congress resolves.", mover))
    question = motion[0].data["question"]
    app.execute(c.Act(session, procedure.Second(question, seconder)))
    app.execute(c.Act(session, procedure.StateQuestion(question)))
    opened = app.execute(c.OpenPoll(question, **options))
    return next(e.data["poll"] for e in opened if e.kind == "poll.opened")


def vote(app: Smolny, poll: str, voter: str, choice: str, change: str | None = None) -> Receipt:
    [(receipt, future)] = app.ballots.cast_votes(
        poll, Principal(voter, "delegate", voter), [VoteRequest({"choice": choice}, change=change)]
    )
    assert future.result() == (Cast.CHANGED if change else Cast.ACCEPTED)  # committed alone
    return receipt


def published(app: Smolny, poll: str) -> list[tuple[str, str]]:
    with read_transaction(app.engine) as conn:
        return boxes.ballots(conn, poll)


def masks_of(*boxes_: list[tuple[str, str]]) -> tuple[bytes, ...]:
    """What an attacker reads in the published boxes: hashes and nonces."""
    return tuple(
        s.encode()
        for box in boxes_
        for hash_, body in box
        for s in (hash_, json.loads(body)["nonce"])
    )


@dataclass
class Sitting:
    """What happened, as only the test knows it."""

    delegates: list[str]
    heavy: str  # the delegate with the unique weight
    named: Subject  # a named poll
    secret: Subject  # a secret poll, closed while a read begun before it was open
    replaced: list[str]  # secret ballots replaced by their voters' changes
    controls: list[Subject]  # tables filled in the order things came


def hold_sitting(app: Smolny, url: str, engine: Engine, rng: random.Random) -> Sitting:
    app.execute(c.CreateBody("congress", "Test Congress"))
    heavy = rng.randrange(VOTERS)
    registered = app.execute(
        c.RegisterDelegates(
            "congress",
            tuple(
                c.NewDelegate(f"Delegate {i}", weight=HEAVY if i == heavy else 1)
                for i in range(VOTERS)
            ),
        )
    )
    delegates = [d["delegate"] for d in registered[0].data["delegates"]]
    session = app.execute(c.OpenSession("congress", "Sitting"))[0].data["session"]
    app.execute(c.RecordPresence(session, all_present=True))

    # A named poll: its ballots name their voters.
    named_poll = open_poll(app, session, delegates[0], delegates[1])
    named_order = rng.sample(delegates, len(delegates))
    named = {v: vote(app, named_poll, v, rng.choice(CHOICES)).hash for v in named_order}
    app.ballots.close_poll(named_poll)

    # Tables filled one row per transaction.
    controls = [fill_control(engine, "probe_keyed", rng, keyed=True)]
    if engine.dialect.name == "sqlite":
        controls.append(fill_control(engine, "probe_rowid", rng, keyed=False))
    else:
        controls.append(fill_control(engine, "probe_dead", rng, keyed=True, delete=True))

    # The secret poll: one vote per transaction, in an order nobody could guess from the
    # delegates' ids, with varied choices; a few voters change their vote at the end.
    poll = open_poll(
        app, session, delegates[2], delegates[3], method="electronic-secret", changeable=True
    )
    first_order = rng.sample(delegates, len(delegates))
    receipts = {v: vote(app, poll, v, rng.choice(CHOICES)) for v in first_order}
    changers = rng.sample(delegates, CHANGERS)
    replaced = [receipts[v].hash for v in changers]
    for v in changers:
        receipts[v] = vote(app, poll, v, rng.choice(CHOICES), change=receipts[v].change_code)
    with read_in_flight(url, engine):
        app.ballots.close_poll(poll)

    named_box = published(app, named_poll)
    return Sitting(
        delegates,
        delegates[heavy],
        Subject("the named poll", named, {"votes": named_order}, masks_of(named_box), named_poll),
        Subject(
            "the secret poll",
            {v: r.hash for v, r in receipts.items()},
            {
                "first votes": first_order,
                "final ballots": [v for v in first_order if v not in changers] + changers,
            },
            masks_of(published(app, poll), named_box),
            poll,
        ),
        replaced,
        controls,
    )


def fill_control(
    engine: Engine, name: str, rng: random.Random, *, keyed: bool, delete: bool = False
) -> Subject:
    """Two tables filled as a secret poll's pending tables are (a voter and their ballot
    in each transaction, in the order they came), with made-up voters and ballots."""
    voters = ["cv" + "".join(rng.choice(NOT_HEX) for _ in range(10)) for _ in range(VOTERS)]
    truth = {v: hashlib.sha256(secrets.token_bytes(16)).hexdigest() for v in voters}
    order = voters[:]
    rng.shuffle(order)
    sqlite = engine.dialect.name == "sqlite"
    key = " PRIMARY KEY" if keyed else ""
    suffix = " WITHOUT ROWID" if sqlite and keyed else ""
    storage = "" if sqlite or not delete else " WITH (autovacuum_enabled = false)"
    with engine.begin() as conn:
        conn.execute(text(f"CREATE TABLE {name}_roll (voter TEXT{key}){storage}{suffix}"))
        conn.execute(text(f"CREATE TABLE {name}_box (hash TEXT{key}){storage}{suffix}"))
    for voter in order:
        with engine.begin() as conn:
            conn.execute(text(f"INSERT INTO {name}_roll VALUES (:v)"), {"v": voter})
            conn.execute(text(f"INSERT INTO {name}_box VALUES (:h)"), {"h": truth[voter]})
    if delete:
        with engine.begin() as conn:
            conn.execute(text(f"DELETE FROM {name}_roll"))
            conn.execute(text(f"DELETE FROM {name}_box"))
    masks = tuple(h.encode() for h in truth.values())
    return Subject(f"the control {name}", truth, {"insertion order": order}, masks)


@contextmanager
def read_in_flight(url: str, engine: Engine) -> Iterator[None]:
    """A read that began before the block, holding its snapshot until READER_SECONDS
    after the block began (a screen reading progress while the chair closes the poll)."""
    if engine.dialect.name == "sqlite":
        reader: Any = sqlite3.connect(
            make_url(url).database or "", isolation_level=None, check_same_thread=False
        )
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM box").fetchall()

        def end() -> None:
            reader.execute("COMMIT")
            reader.close()
    else:
        reader = engine.connect().execution_options(isolation_level="REPEATABLE READ")
        reader.execute(text("SELECT count(*) FROM box")).scalar_one()

        def end() -> None:
            reader.rollback()
            reader.close()

    timer = threading.Timer(READER_SECONDS, end)
    timer.start()
    try:
        yield
    finally:
        timer.join()


# -- the test ---------------------------------------------------------------------------


def test_a_copy_of_the_database_after_a_secret_poll_links_no_delegate_to_a_ballot(
    service: Smolny, database_url: str
) -> None:
    seed = int.from_bytes(os.urandom(4), "big")
    about = f"(seed {seed})"
    engine = create_engine(database_url)
    is_sqlite = engine.dialect.name == "sqlite"
    sitting = hold_sitting(service, database_url, engine, random.Random(seed))
    secret, poll = sitting.secret, sitting.secret.poll
    assert poll is not None

    # What the close must give: every receipt in the published box, the voters on the roll.
    # The heavy delegate's ballot is published as HEAVY units of weight 1, which only its
    # receipt finds (docs/record-format.md 2.3); every other ballot's hash is its receipt.
    box = published(service, poll)
    heavy = secret.truth[sitting.heavy]
    nonces_of_heavy = {unit_nonce(heavy, i) for i in range(HEAVY)}
    units = [h for h, text in box if json.loads(text)["nonce"] in nonces_of_heavy]
    assert len(units) == HEAVY and all('"weight":1' in text for _, text in box)
    assert sorted(h for h, _ in box if h not in units) == sorted(
        r for r in secret.ballots if r != heavy
    )
    assert sorted(service.ballots.box_roll(poll)) == [(v, None) for v in sorted(sitting.delegates)]

    # The attacker's copy, taken now.
    evidence = read_sqlite(database_url) if is_sqlite else read_postgres(engine)
    engine.dispose()

    # The journal holds no secret ballot, and no row holds one next to a delegate.
    journal = json.dumps(next(r for r in evidence.rows if r.source.endswith("journal")).values)
    nonces = [json.loads(body)["nonce"] for _, body in box]
    in_journal = [s for s in secret.ballots + nonces if s in journal]
    assert not in_journal, f"the journal holds secret ballots' hashes or nonces: {in_journal}"
    shared = attack_shared_values(secret, evidence)
    assert not shared.together, f"rows hold a secret ballot next to a delegate: {shared.together}"

    # Shared values: none, the delegate with the unique weight neither (issue 16, 11a).
    assert not shared.definitive, (
        f"the shared-value attack links voters to their ballots: {shared.definitive} {about}"
    )
    guessing_bound = threshold(1)
    assert shared.right < guessing_bound, (
        f"the shared-value attack finds {shared.right} of {VOTERS} voters' ballots {about}"
    )

    # Orders: none pairs voters with ballots better than chance.
    report = attack_orders(secret, evidence)
    assert report.ranks and report.orders, "no ordering of voters and ballots to attack"
    strongest = report.ranks[0]
    assert strongest.right < report.bound, (
        f"an order attack links voters to ballots: {strongest.describe(secret)}"
        f" (chance allows fewer than {report.bound} over {len(report.ranks)} pairings) {about}"
    )
    closest = report.orders[0]
    assert closest.p > report.alpha, (
        f"an order attack links voters to ballots: {closest.describe(secret)} (chance"
        f" allows no less than {report.alpha:.2g} over {len(report.orders)} comparisons) {about}"
    )

    # Residue: the wipe left nothing of the pending tables.
    left_over = residue(secret, evidence, sitting.replaced)
    assert not left_over, f"the pending tables were not wiped: {left_over[:10]} {about}"

    # Controls: the same attacks link what is linkable.
    named = attack_shared_values(sitting.named, evidence)
    assert set(named.definitive) == set(sitting.delegates), "the shared-value attack is blind"
    assert named.right >= guessing_bound, "the shared-value attack cannot guess"
    needs_pages = {"bytes", "tuple xmin", "tuple place"}
    expected = {
        "probe_keyed": ["bytes"] if is_sqlite else ["natural", "ctid", "xmin", *needs_pages],
        "probe_rowid": ["natural", "rowid"],
        "probe_dead": sorted(needs_pages),
    }
    for control in sitting.controls:
        control_report = attack_orders(control, evidence)
        for family in expected[control.name.split()[-1]]:
            if family in needs_pages and evidence.missing:
                continue
            assert control_report.flagged_by(family), (
                f"the {family} attack does not link {control.name}, filled in insertion order;"
                f" best: {control_report.ranks[0].describe(control)}"
            )

    if evidence.missing:
        pytest.skip("; ".join(evidence.missing) + " (every other attack ran and found nothing)")
