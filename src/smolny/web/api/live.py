"""Live updates over server-sent events: every committed journal entry, in order, once.

A client that reconnects sends `Last-Event-ID` (browsers do this by themselves) or
`?after=SEQ`, and first gets what it missed, read from the journal, then the live
entries; an entry is never sent twice and never skipped.

Between entries come `progress` events (how many of how many have voted in a poll),
which carry no id: they are not part of the record, and the next one supersedes them.

One hub per process (per event loop) hears the buses and turns each entry into its
frame once, however many screens are connected: a close reaching 10,000 screens is one
serialisation and 10,000 appends. Each connection holds a short queue of frames; one
that falls `QUEUE_LIMIT` batches behind (a client that reads nothing, its transport's
buffer full) is dropped, its connection aborted: it reconnects with `Last-Event-ID`
and catches up from the journal, and meanwhile holds no memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import deque
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from smolny.service.views import record
from smolny.web.callers import MAX_SEQ, App

router = APIRouter(prefix="/api/v1")
KEEPALIVE_SECONDS = 15.0
QUEUE_LIMIT = 64  # batches of entries waiting for one connection; more and it is dropped
KEEPALIVE = b": keep-alive\n\n"

# A batch of entries as frames: ((seq, frame), ...); progress and keep-alives as bytes.
Frames = tuple[tuple[int, bytes], ...]


def _frame(seq: int, line: str) -> bytes:
    return f"id: {seq}\nevent: entry\ndata: {line}\n\n".encode()


def _progress_frame(progress: dict[str, object]) -> bytes:
    return f"event: progress\ndata: {json.dumps(progress, separators=(',', ':'))}\n\n".encode()


class _Screen:
    """One connection's share of the hub: frames waiting to be sent, and a wake-up."""

    __slots__ = ("abort", "batches", "dropped", "extra", "wake")

    def __init__(self, abort: Callable[[], None] | None) -> None:
        self.batches: deque[Frames] = deque()
        self.extra: bytes = b""  # the latest progress and keep-alive (superseded, not queued)
        self.wake = asyncio.Event()
        self.dropped = False
        self.abort = abort

    def offer_batch(self, frames: Frames) -> None:
        if self.dropped:
            return
        if len(self.batches) >= QUEUE_LIMIT:
            self.drop()
            return
        self.batches.append(frames)
        self.wake.set()

    def offer_extra(self, frame: bytes) -> None:
        if not self.dropped:
            self.extra = frame
            self.wake.set()

    def drop(self) -> None:
        self.dropped = True
        self.batches.clear()
        self.extra = b""
        self.wake.set()
        if self.abort is not None:  # the transport's buffer is full: let it all go now
            with contextlib.suppress(Exception):
                self.abort()


class _Hub:
    """This event loop's listener on the buses, handing frames to every screen."""

    def __init__(self, app: Any, loop: asyncio.AbstractEventLoop, key: tuple[int, int]) -> None:
        self.loop = loop
        self.key = key
        self.screens: set[_Screen] = set()
        self._unsubscribe = [
            app.bus.subscribe(self._heard),
            app.progress_bus.subscribe(self._heard),
        ]
        self._keepalive = loop.call_later(KEEPALIVE_SECONDS, self._keep_alive)

    def _heard(self, message: Sequence[Any] | dict[str, object]) -> None:
        # on the publisher's thread: serialise once, then hand over to the loop
        if isinstance(message, dict):
            frame = _progress_frame(message)
            self.loop.call_soon_threadsafe(self._extra, frame)
        elif message:
            frames = tuple((entry.seq, _frame(entry.seq, entry.line())) for entry in message)
            self.loop.call_soon_threadsafe(self._batch, frames)

    def _batch(self, frames: Frames) -> None:
        for screen in list(self.screens):
            screen.offer_batch(frames)

    def _extra(self, frame: bytes) -> None:
        for screen in list(self.screens):
            screen.offer_extra(frame)

    def _keep_alive(self) -> None:
        for screen in list(self.screens):
            if not screen.extra:
                screen.offer_extra(KEEPALIVE)
        self._keepalive = self.loop.call_later(KEEPALIVE_SECONDS, self._keep_alive)

    def leave(self, screen: _Screen) -> None:
        self.screens.discard(screen)
        if not self.screens:  # the last screen gone: stop listening
            _hubs.pop(self.key, None)
            self._keepalive.cancel()
            for unsubscribe in self._unsubscribe:
                unsubscribe()


_hubs: dict[tuple[int, int], _Hub] = {}


def _join(app: Any, abort: Callable[[], None] | None) -> tuple[_Hub, _Screen]:
    loop = asyncio.get_running_loop()
    key = (id(app), id(loop))
    hub = _hubs.get(key)
    if hub is None:
        hub = _hubs[key] = _Hub(app, loop, key)
    screen = _Screen(abort)
    hub.screens.add(screen)
    return hub, screen


def _abort_of(request: Request) -> Callable[[], None] | None:
    # `smolny serve` hands the connection's transport over (see cli/serve.py), so that a
    # screen that reads nothing can be cut off with its buffer; elsewhere, the stream ends
    transport = request.scope.get("extensions", {}).get("smolny.transport")
    return getattr(transport, "abort", None)


class EventStream(StreamingResponse):
    """Server-sent events (documented as such: the answer is a stream, not JSON)."""

    media_type = "text/event-stream"


@router.get(
    "/stream",
    summary="Journal entries as server-sent events, from `after` on",
    response_class=EventStream,
    responses={200: {"description": "An endless stream of `entry` events, one per entry"}},
)
async def stream(
    request: Request,
    app: App,
    after: Annotated[int | None, Query(ge=0, le=MAX_SEQ)] = None,
) -> StreamingResponse:
    last_id = request.headers.get("last-event-id", "")
    if last_id.isdecimal() and len(last_id) <= 16:
        start = min(int(last_id), MAX_SEQ)
    else:  # no (usable) Last-Event-ID: from `after`, or from now on
        start = after if after is not None else record.seq_now(app)
    hub, screen = _join(app, _abort_of(request))

    async def frames() -> AsyncIterator[bytes]:
        sent = start
        try:
            yield b"retry: 1000\n\n"
            while True:  # catch up from the journal first
                rows = await run_in_threadpool(record.journal_lines, app, sent, 1000)
                if rows:
                    yield b"".join(_frame(seq, line) for seq, line in rows)
                    sent = rows[-1][0]
                if len(rows) < 1000:
                    break
            while not screen.dropped:
                await screen.wake.wait()
                screen.wake.clear()
                out: list[bytes] = []
                while screen.batches:
                    batch = screen.batches.popleft()
                    if batch and batch[0][0] > sent + 1:  # missed some: read the journal
                        rows = await run_in_threadpool(
                            record.journal_lines, app, sent, batch[0][0] - sent - 1
                        )
                        for seq, line in rows:
                            out.append(_frame(seq, line))
                            sent = seq
                    for seq, frame in batch:
                        if seq > sent:
                            out.append(frame)
                            sent = seq
                if screen.extra:
                    out.append(screen.extra)
                    screen.extra = b""
                if out and not screen.dropped:
                    yield b"".join(out) if len(out) > 1 else out[0]
        finally:
            hub.leave(screen)

    return StreamingResponse(
        frames(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
