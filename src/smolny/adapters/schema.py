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
