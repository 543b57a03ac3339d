"""The tables. The journal is the record; the rest are the ballot boxes and logins.

Nothing here duplicates the journal except `box.is_open`, which lets the database
itself refuse a ballot after the close, under any concurrency.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Float,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

journal = Table(
    "journal",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("hash", String(64), nullable=False, unique=True),
    Column("prev", String(64), nullable=False, unique=True),
    Column("kind", String(100), nullable=False, index=True),
    Column("line", Text, nullable=False),  # the entry's canonical JSON, exactly as hashed
    CheckConstraint("seq > 0", name="journal_seq_positive"),
)

box = Table(
    "box",
    metadata,
    Column("poll", String(32), primary_key=True),
    Column("is_open", Boolean, nullable=False),
)

# One row per ballot of a named poll; the primary key is what makes a second
# ballot by the same voter impossible, whatever the application does.
ballot = Table(
    "ballot",
    metadata,
    Column("poll", String(32), primary_key=True),
    Column("voter", String(32), primary_key=True),
    Column("hash", String(64), nullable=False, unique=True),
    Column("body", Text, nullable=False),  # the ballot's canonical JSON, as hashed
)

# A secret poll keeps "who has voted" (the roll) and "what was voted" (the ballots)
# apart: no shared key, no timestamp, and no order. The tables have no row ids (on
# SQLite they are WITHOUT ROWID, stored in key order), a batch writes its ballots in
# hash order and its roll in voter order, and while the poll is open both sit in
# `*_pending` tables. The close seals the box: it moves the poll's rows into `roll`
# and `secret_ballot` in key order in one transaction, and then the pending tables
# are wiped (SQLite: secure_delete and a truncated WAL; PostgreSQL: VACUUM FULL), so
# a copy of the database taken after the close holds no trace of the order of votes.
roll_pending = Table(
    "roll_pending",
    metadata,
    Column("poll", String(32), primary_key=True),
    Column("voter", String(32), primary_key=True),
    Column("cast_by", String(32), nullable=True),  # a proxy holder who voted for the voter
    sqlite_with_rowid=False,
)

secret_pending = Table(
    "secret_pending",
    metadata,
    Column("poll", String(32), primary_key=True),
    Column("hash", String(64), primary_key=True),
    Column("body", Text, nullable=False),
    # SHA-256 of the change code given to the voter, who may replace the ballot with it
    Column("change_key", String(64), nullable=True, unique=True),
    sqlite_with_rowid=False,
)

roll = Table(
    "roll",
    metadata,
    Column("poll", String(32), primary_key=True),
    Column("voter", String(32), primary_key=True),
    Column("cast_by", String(32), nullable=True),
    sqlite_with_rowid=False,
)

secret_ballot = Table(
    "secret_ballot",
    metadata,
    Column("poll", String(32), primary_key=True),
    Column("hash", String(64), primary_key=True),
    Column("body", Text, nullable=False),
    sqlite_with_rowid=False,
)

account = Table(
    "account",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("password_hash", String(200), nullable=False),
    Column("must_change", Boolean, nullable=False),
)

access_code = Table(
    "access_code",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("delegate", String(32), nullable=False, unique=True),
)

login = Table(
    "login",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("principal", String(32), nullable=False),
    Column("role", String(32), nullable=False),
    Column("expires", BigInteger, nullable=False),  # unix seconds
)

# Webhooks to member councils. A subscription's outbox is the journal itself: `after_seq`
# is the last entry dealt with, and each publication after it (drawn from the journal by
# `smolny.record.publication`) is sent in order, retried until the receiver takes it.
webhook = Table(
    "webhook",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("url", Text, nullable=False),
    Column("secret", Text, nullable=False),
    Column("body", String(63), nullable=False),
    Column("what", String(16), nullable=False),  # "resolutions", "decisions" or "all"
    Column("after_seq", BigInteger, nullable=False),
    Column("attempts", BigInteger, nullable=False),  # failures of the next delivery so far
    Column("next_at", Float, nullable=False),  # unix seconds: not before then
    Column("last_error", Text, nullable=True),
    Column("delivered", BigInteger, nullable=False),
)

# Which process delivers: one row, held for a while and renewed by its holder.
webhook_lease = Table(
    "webhook_lease",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("holder", String(100), nullable=False),
    Column("expires", Float, nullable=False),  # unix seconds
)

# Failed logins, counted where every serving process sees them (service/lockout.py): one
# row per client address, and per address and account (or access code's first group).
login_failure = Table(
    "login_failure",
    metadata,
    Column("key", String(400), primary_key=True),  # "address:A" or "account:NAME@A", ...
    Column("failures", BigInteger, nullable=False),  # since the counting last began again
    Column("last_at", Float, nullable=False),  # unix seconds of the latest failure
    Column("locked_until", Float, nullable=False),  # unix seconds; 0: not locked
)
