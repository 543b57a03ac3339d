"""Live updates over server-sent events: every committed journal entry, in order, once.

A client that reconnects sends `Last-Event-ID` (browsers do this by themselves) or
`?after=SEQ`, and first gets what it missed, read from the journal, then the live
entries; an entry is never sent twice and never skipped.

Between entries come `progress` events (how many of how many have voted in a poll),
which carry no id: they are not part of the record, and the next one supersedes them.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Sequence
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from smolny.record.entry import Entry
from smolny.web import views
from smolny.web.api import MAX_SEQ, App

router = APIRouter(prefix="/api/v1")
KEEPALIVE_SECONDS = 15.0
QUEUE_LIMIT = 10_000


def _frame(seq: int, line: str) -> str:
    return f"id: {seq}\nevent: entry\ndata: {line}\n\n"


def _progress_frame(progress: dict[str, object]) -> str:
    return f"event: progress\ndata: {json.dumps(progress, separators=(',', ':'))}\n\n"


@router.get("/stream", summary="Journal entries as server-sent events, from `after` on")
async def stream(
    request: Request,
    app: App,
    after: Annotated[int | None, Query(ge=0, le=MAX_SEQ)] = None,
) -> StreamingResponse:
    last_id = request.headers.get("last-event-id", "")
    if last_id.isdecimal() and len(last_id) <= 16:
        start = min(int(last_id), MAX_SEQ)
    else:  # no (usable) Last-Event-ID: from `after`, or from now on
        start = after if after is not None else app.state.seq
    loop = asyncio.get_running_loop()
    inbox: asyncio.Queue[Sequence[Entry] | dict[str, object]] = asyncio.Queue(QUEUE_LIMIT)

    def listener(message: Sequence[Entry] | dict[str, object]) -> None:
        def put() -> None:
            # A reader that falls this far behind gets the gap from the journal later
            # (see the catch-up below), so memory stays bounded.
            with contextlib.suppress(asyncio.QueueFull):
                inbox.put_nowait(message)

        loop.call_soon_threadsafe(put)

    unsubscribers = [app.bus.subscribe(listener), app.progress_bus.subscribe(listener)]

    async def frames() -> AsyncIterator[str]:
        sent = start
        try:
            yield "retry: 1000\n\n"
            while True:  # catch up from the journal first
                rows = await run_in_threadpool(views.journal_lines, app, sent, 1000)
                for seq, line in rows:
                    yield _frame(seq, line)
                    sent = seq
                if len(rows) < 1000:
                    break
            while True:
                try:
                    batch = await asyncio.wait_for(inbox.get(), KEEPALIVE_SECONDS)
                except TimeoutError:
                    yield ": keep-alive\n\n"
                    continue
                if isinstance(batch, dict):
                    yield _progress_frame(batch)
                    continue
                if batch and batch[0].seq > sent + 1:  # missed some: read them from the journal
                    rows = await run_in_threadpool(
                        views.journal_lines, app, sent, batch[0].seq - sent - 1
                    )
                    for seq, line in rows:
                        yield _frame(seq, line)
                        sent = seq
                for entry in batch:
                    if entry.seq > sent:
                        yield _frame(entry.seq, entry.line())
                        sent = entry.seq
        finally:
            for unsubscribe in unsubscribers:
                unsubscribe()

    return StreamingResponse(
        frames(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
