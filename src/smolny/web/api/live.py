"""Live updates over server-sent events: every committed journal entry, in order, once.

A client that reconnects sends `Last-Event-ID` (browsers do this by themselves) or
`?after=SEQ`, and first gets what it missed, read from the journal, then the live
entries; an entry is never sent twice and never skipped.

Between entries come `progress` events (how many of how many have voted in a poll),
which carry no id: they are not part of the record, and the next one supersedes them.

One hub per process (per event loop) hears the buses and turns each entry into its
frame once, however many screens are connected: a close reaching 10,000 screens is one
serialisation and 10,000 appends of the same bytes. Each connection holds the batches
not yet sent; one that falls `QUEUE_LIMIT` batches behind (a client that reads nothing,
its transport's buffer full) is dropped, its connection aborted: it reconnects with
`Last-Event-ID` and catches up from the journal, and meanwhile holds no memory.

A live screen holds its request for hours, so what a connection keeps is kept small
(see `LeanStream`, `_Screen`, `_serve`): one coroutine, no task, queue or event of its
own while it waits. `bench/live.py` measures it (`--trace` says where it goes).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from smolny.service.views import record
from smolny.web.callers import MAX_SEQ, App

router = APIRouter(prefix="/api/v1")
KEEPALIVE_SECONDS = 15.0
SWEEP_SECONDS = 1.0  # how soon a screen whose connection closed is let go
QUEUE_LIMIT = 64  # batches of entries waiting for one connection; more and it is dropped
KEEPALIVE = b": keep-alive\n\n"

# A batch of entries as frames: ((seq, frame), ...); progress and keep-alives as bytes.
Frames = tuple[tuple[int, bytes], ...]


def _frame(seq: int, line: str) -> bytes:
    return f"id: {seq}\nevent: entry\ndata: {line}\n\n".encode()


def _progress_frame(progress: dict[str, object]) -> bytes:
    return f"event: progress\ndata: {json.dumps(progress, separators=(',', ':'))}\n\n".encode()


class _Screen:
    """One connection's share of the hub: frames waiting to be sent, and a wake-up.

    Kept small, as there are as many as screens in the hall: no queue object or event
    while nothing waits (a list of batches, one future while the connection waits).

    A screen whose connection waits with nothing pending, its transport handed over and
    its answer in chunks (HTTP/1.1), is written to by the hub at once (`write`): the
    same chunk, made once, for every such screen, without waking its coroutine."""

    __slots__ = ("batches", "chunked", "dropped", "extra", "sent", "transport", "waiter")

    def __init__(self, transport: Any, chunked: bool, sent: int) -> None:
        self.batches: list[Frames] | None = None
        self.extra: bytes = b""  # the latest progress and keep-alive (superseded, not queued)
        self.waiter: asyncio.Future[None] | None = None
        self.dropped = False
        self.transport = transport  # the connection's, where the server hands it over
        self.chunked = chunked and transport is not None  # the hub may write to it
        self.sent = sent  # the last entry sent to it

    def write(self, chunk: bytes, first: int, last: int) -> bool:
        """Write `chunk` (entries `first` to `last`, or none: 0, 0) to the connection at
        once if it waits for nothing else and can take it; else False (offer it)."""
        if not self.chunked or self.waiter is None or self.batches or self.extra:
            return False
        if first and first != self.sent + 1:  # some missed, or sent: the coroutine sees to it
            return False
        transport = self.transport
        if self.dropped or transport.is_closing() or transport.get_write_buffer_size():
            return False
        transport.write(chunk)
        if last:
            self.sent = last
        return True

    def _wake(self) -> None:
        waiter = self.waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def wait(self) -> None:
        """Until there is something to send, or the connection is to end."""
        if self.batches or self.extra or self.dropped:
            return
        self.waiter = asyncio.get_running_loop().create_future()
        try:
            await self.waiter
        finally:
            self.waiter = None

    def offer_batch(self, frames: Frames) -> None:
        if self.dropped:
            return
        if self.batches is None:
            self.batches = [frames]
        elif len(self.batches) >= QUEUE_LIMIT:
            self.drop()
            return
        else:
            self.batches.append(frames)
        self._wake()

    def offer_extra(self, frame: bytes) -> None:
        if not self.dropped:
            self.extra = frame
            self._wake()

    def take(self) -> tuple[list[Frames] | None, bytes]:
        """The batches and the extra frame waiting, handed over."""
        batches, extra = self.batches, self.extra
        self.batches, self.extra = None, b""
        return batches, extra

    def end(self) -> None:
        """The client has gone: stop."""
        self.dropped = True
        self.batches = None
        self.extra = b""
        self._wake()

    def drop(self) -> None:
        self.end()
        if self.transport is not None:  # its buffer is full: let it all go now
            with contextlib.suppress(Exception):
                self.transport.abort()


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
        self._sweep = loop.call_later(SWEEP_SECONDS, self._look)

    def _heard(self, message: Sequence[Any] | dict[str, object]) -> None:
        # on the publisher's thread: serialise once, then hand over to the loop
        if isinstance(message, dict):
            frame = _progress_frame(message)
            self.loop.call_soon_threadsafe(self._extra, frame)
        elif message:
            frames = tuple((entry.seq, _frame(entry.seq, entry.line())) for entry in message)
            self.loop.call_soon_threadsafe(self._batch, frames)

    def _batch(self, frames: Frames) -> None:
        chunk = _chunk(b"".join(frame for _, frame in frames))
        first, last = frames[0][0], frames[-1][0]
        for screen in list(self.screens):
            if not screen.write(chunk, first, last):
                screen.offer_batch(frames)

    def _extra(self, frame: bytes) -> None:
        chunk = _chunk(frame)
        for screen in list(self.screens):
            if not screen.write(chunk, 0, 0):
                screen.offer_extra(frame)

    def _keep_alive(self) -> None:
        chunk = _chunk(KEEPALIVE)
        for screen in list(self.screens):
            if not screen.extra and not screen.write(chunk, 0, 0):
                screen.offer_extra(KEEPALIVE)
        self._keepalive = self.loop.call_later(KEEPALIVE_SECONDS, self._keep_alive)

    def _look(self) -> None:
        # the screens whose connection has closed end (their server handed the transport
        # over, so that no listener on `receive` is needed for each)
        for screen in list(self.screens):
            transport = screen.transport
            if transport is not None and transport.is_closing():
                screen.end()
        self._sweep = self.loop.call_later(SWEEP_SECONDS, self._look)

    def leave(self, screen: _Screen) -> None:
        self.screens.discard(screen)
        if not self.screens:  # the last screen gone: stop listening
            _hubs.pop(self.key, None)
            self._keepalive.cancel()
            self._sweep.cancel()
            for unsubscribe in self._unsubscribe:
                unsubscribe()


_hubs: dict[tuple[int, int], _Hub] = {}


def _chunk(body: bytes) -> bytes:
    # the body as one chunk of an HTTP/1.1 answer in chunks, as the server would frame it
    return b"%x\r\n%b\r\n" % (len(body), body)


def _join(app: Any, transport: Any, chunked: bool, sent: int) -> tuple[_Hub, _Screen]:
    loop = asyncio.get_running_loop()
    key = (id(app), id(loop))
    hub = _hubs.get(key)
    if hub is None:
        hub = _hubs[key] = _Hub(app, loop, key)
    screen = _Screen(transport, chunked, sent)
    hub.screens.add(screen)
    return hub, screen


def _transport_of(scope: Scope) -> Any:
    # `smolny serve` hands the connection's transport over (see cli/serve.py): a screen
    # that reads nothing is cut off with its buffer, one whose connection has closed is
    # seen to by the hub's sweep; elsewhere, a listener on `receive` hears the end
    transport = scope.get("extensions", {}).get("smolny.transport")
    if callable(getattr(transport, "abort", None)) and callable(
        getattr(transport, "is_closing", None)
    ):
        return transport
    return None


def _start_of(headers: Sequence[tuple[bytes, bytes]], after: int | None, app: Any) -> int:
    """Where a connection starts: after its Last-Event-ID, else `after`, else now."""
    for name, value in headers:
        if name == b"last-event-id":
            if value.isdigit() and len(value) <= 16:
                return min(int(value), MAX_SEQ)
            break
    return after if after is not None else record.seq_now(app)


class EventStream(Response):
    """Server-sent events, from `start` on (documented as such: a stream, not JSON).

    A plain ASGI loop, one coroutine per connection (and a listener for its end where
    the server does not hand its transport over): no body iterator, task group or queue
    of its own (see `_serve`)."""

    media_type = "text/event-stream"
    charset = "utf-8"

    def __init__(self, app: Any = None, start: int = 0) -> None:
        self.status_code = 200
        self.background = None
        self.app = app
        self.start = start
        self.raw_headers = HEADERS

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await _serve(self.app, self.start, scope, receive, send)


HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-store"),
    (b"x-accel-buffering", b"no"),
]
RETRY = b"retry: 1000\n\n"
CATCH_UP = 1000  # entries read from the journal at a time


async def _serve(app: Any, start: int, scope: Scope, receive: Receive, send: Send) -> None:
    # One live connection: what it missed from the journal, then the hub's frames as they
    # come, until the client leaves (heard by `receive`) or is dropped.
    while True:  # the request's body (none, for a GET) read first
        message = await receive()
        if message["type"] != "http.request":
            return
        if not message.get("more_body", False):
            break
    transport = _transport_of(scope)
    hub, screen = _join(app, transport, scope.get("http_version") == "1.1", start)
    listener: asyncio.Future[Any] | None = None

    def heard(done: asyncio.Future[Any]) -> None:
        nonlocal listener
        if done.cancelled() or screen.dropped:
            return
        if done.exception() is None and done.result().get("type") != "http.disconnect":
            listener = asyncio.ensure_future(receive())  # not the end yet: listen on
            listener.add_done_callback(heard)
            return
        screen.end()

    try:
        if transport is None:
            listener = asyncio.ensure_future(receive())
            listener.add_done_callback(heard)
        await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
        await send({"type": "http.response.body", "body": RETRY, "more_body": True})
        # what it missed, from the journal; `screen.sent` is the last entry it was sent
        # (here, or by the hub's `write` while this waits)
        while screen.sent < record.seq_now(app) and not screen.dropped:
            rows = await run_in_threadpool(record.journal_lines, app, screen.sent, CATCH_UP)
            if not rows:
                break
            body = b"".join(_frame(seq, line) for seq, line in rows)
            await send({"type": "http.response.body", "body": body, "more_body": True})
            screen.sent = rows[-1][0]
        while not screen.dropped:
            await screen.wait()
            batches, extra = screen.take()
            out: list[bytes] = []
            sent = screen.sent
            for batch in batches or ():
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
            if extra:
                out.append(extra)
            if out and not screen.dropped:
                body = b"".join(out) if len(out) > 1 else out[0]
                await send({"type": "http.response.body", "body": body, "more_body": True})
            screen.sent = sent
    finally:
        hub.leave(screen)
        if listener is not None and not listener.done():
            listener.remove_done_callback(heard)
            listener.cancel()
        heard = _unheard  # (it named itself: no loop left for the collector, request and all)


def _unheard(done: asyncio.Future[Any]) -> None:
    """What a stream's listener is once its stream has ended: nothing."""


class LeanStream:
    """`GET /api/v1/stream` served ahead of FastAPI's routing (see `web.app.Application`):
    a live screen holds its request for hours, and every layer it passes through stays
    in memory with it. A query other than `after=N` takes the ordinary way (FastAPI
    validates it), as does anything on a root path."""

    PATH = "/api/v1/stream"

    def __init__(self, app: Any) -> None:
        self.app = app

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> bool:
        """Serve the stream and return True, or return False having consumed nothing."""
        if scope["path"] != self.PATH or scope["method"] != "GET" or scope.get("root_path"):
            return False
        query: bytes = scope.get("query_string", b"")
        after: int | None = None
        if query:
            name, _, value = query.partition(b"=")
            if name != b"after" or not value.isdigit() or len(value) > 16:
                return False
            after = int(value)
            if after > MAX_SEQ:
                return False
        service = self.app.state.smolny
        await _serve(service, _start_of(scope["headers"], after, service), scope, receive, send)
        return True


@router.get(
    "/stream",
    summary="Journal entries as server-sent events, from `after` on",
    response_class=EventStream,
    status_code=200,
    responses={200: {"description": "An endless stream of `entry` events, one per entry"}},
)
async def stream(
    request: Request,
    app: App,
    after: Annotated[int | None, Query(ge=0, le=MAX_SEQ)] = None,
) -> EventStream:
    # the ordinary way (tests overriding dependencies, a query FastAPI must validate);
    # `smolny serve` takes the short way, LeanStream
    return EventStream(app, _start_of(request.scope["headers"], after, app))
