"""The webhooks' tables: subscriptions with their delivery cursors, and the lease that says
which process delivers (`smolny.service.webhooks`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, update

from smolny.adapters.database import is_sqlite, read_transaction
from smolny.adapters.schema import webhook, webhook_lease
from smolny.adapters.store import Hook

LEASE = "webhooks"  # the lease row's name


def _hook(row: Any) -> Hook:
    return Hook(
        row.id,
        row.url,
        row.secret,
        row.body,
        row.what,
        row.after_seq,
        row.attempts,
        row.next_at,
        row.last_error,
        row.delivered,
    )


class SqlWebhooks:
    """The subscriptions and the lease in the database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(self, hook: Hook) -> None:
        """Store a new subscription."""
        with self.engine.begin() as conn:
            conn.execute(
                insert(webhook).values(
                    id=hook.id,
                    url=hook.url,
                    secret=hook.secret,
                    body=hook.body,
                    what=hook.what,
                    after_seq=hook.after_seq,
                    attempts=hook.attempts,
                    next_at=hook.next_at,
                    last_error=hook.last_error,
                    delivered=hook.delivered,
                )
            )

    def all(self) -> list[Hook]:
        """Every subscription, in the order of their ids."""
        with read_transaction(self.engine) as conn:
            return [_hook(r) for r in conn.execute(select(webhook).order_by(webhook.c.id))]

    def get(self, ident: str) -> Hook | None:
        """One subscription, as it stands now (None: removed)."""
        with read_transaction(self.engine) as conn:
            row = conn.execute(select(webhook).where(webhook.c.id == ident)).first()
        return _hook(row) if row is not None else None

    def remove(self, ident: str) -> bool:
        """Remove a subscription; False if there was none."""
        with self.engine.begin() as conn:
            return bool(conn.execute(delete(webhook).where(webhook.c.id == ident)).rowcount)

    def delivered(self, hook: Hook, seq: int) -> None:
        """The publication at entry `seq` was taken: the cursor moves on to it (only from
        where it was, so that a removed or re-read subscription is left as it is)."""
        with self.engine.begin() as conn:
            conn.execute(
                update(webhook)
                .where(webhook.c.id == hook.id, webhook.c.after_seq == hook.after_seq)
                .values(
                    after_seq=seq,
                    attempts=0,
                    next_at=0.0,
                    last_error=None,
                    delivered=webhook.c.delivered + 1,
                )
            )

    def failed(self, hook: Hook, next_at: float, error: str) -> None:
        """A delivery failed: one more failure counted, and not again before `next_at`."""
        with self.engine.begin() as conn:
            conn.execute(
                update(webhook)
                .where(webhook.c.id == hook.id)
                .values(attempts=webhook.c.attempts + 1, next_at=next_at, last_error=error)
            )

    def _locked(self, conn: Connection) -> Any:
        query = select(webhook_lease).where(webhook_lease.c.name == LEASE)
        if not is_sqlite(self.engine):
            query = query.with_for_update()
        return conn.execute(query).first()

    def take_lease(self, holder: str, now: float, seconds: float) -> bool:
        """Take or renew the lease for `seconds` from `now`; False while another holds it."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(smolny_write=True)  # SQLite: BEGIN IMMEDIATE
            with conn.begin():
                row = self._locked(conn)
                if row is None or (row.holder != holder and row.expires > now):
                    return False
                conn.execute(
                    update(webhook_lease)
                    .where(webhook_lease.c.name == LEASE)
                    .values(holder=holder, expires=now + seconds)
                )
        return True

    def release_lease(self, holder: str) -> None:
        """Give the lease up, if `holder` holds it, so that another process takes over."""
        with self.engine.begin() as conn:
            conn.execute(
                update(webhook_lease)
                .where(webhook_lease.c.name == LEASE, webhook_lease.c.holder == holder)
                .values(holder="", expires=0.0)
            )
