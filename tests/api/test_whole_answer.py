"""A vote's answer written in one piece (`smolny.web.whole`) is the ordinary answer's bytes.

The requests go in as bytes through uvicorn's own HTTP/1.1 protocol (what `smolny serve`
runs), on a connection in memory that keeps every write; each answer is compared with
the one uvicorn writes the ordinary way (`whole.write` switched off) for the same vote.
"""

from __future__ import annotations

import asyncio
import gc
import re
import weakref
from typing import Any

import pytest
import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from sample_congress import bring_to_vote, make_congress
from smolny.cli.serve import served
from smolny.service.app import Smolny
from smolny.web import whole


class Connection(asyncio.Transport):
    """A keep-alive connection in memory: every write the server makes, kept apart."""

    def __init__(self, app: Any) -> None:
        super().__init__()
        self.writes: list[bytes] = []
        self.closed = False
        config = uvicorn.Config(app, log_level="warning", access_log=False, http="httptools")
        config.load()
        self.protocol = HttpToolsProtocol(config, ServerState(), {}, asyncio.get_running_loop())
        self.protocol.connection_made(self)

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"peername": ("127.0.0.1", 5000), "sockname": ("127.0.0.1", 80)}.get(name, default)

    def write(self, data: Any) -> None:
        self.writes.append(bytes(data))

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass

    async def send(self, request: bytes, answers: int = 1) -> bytes:
        """Send request bytes; wait until `answers` whole answers have come back."""
        before = len(self.writes)
        self.protocol.data_received(request)
        for _ in range(500):
            written = b"".join(self.writes[before:])
            if _answers(written) >= answers:
                return written
            await asyncio.sleep(0.01)
        raise AssertionError(f"no answer: {b''.join(self.writes[before:])!r}")


def _answers(written: bytes) -> int:
    # how many whole answers (each with its content-length) the bytes hold
    count = 0
    while True:
        end = written.find(b"\r\n\r\n")
        found = re.search(rb"content-length: (\d+)", written[:end]) if end >= 0 else None
        if found is None or len(written) < end + 4 + int(found[1]):
            return count
        written = written[end + 4 + int(found[1]) :]
        count += 1


def vote_request(poll: str, token: str, choice: str = "yes", extra: bytes = b"") -> bytes:
    body = f'{{"choice":"{choice}"}}'.encode()
    return (
        (
            f"POST /api/v1/polls/{poll}/votes HTTP/1.1\r\nHost: x\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            f"Authorization: Bearer {token}\r\n"
        ).encode()
        + extra
        + b"\r\n"
        + body
    )


def comparable(answer: bytes) -> bytes:
    # the receipt is new with each vote, the voter another, and the date moves on
    answer = re.sub(rb"date: [^\r]*\r\n", b"date: -\r\n", answer)
    answer = re.sub(rb'"voter":"[^"]*"', b'"voter":"-"', answer)
    return re.sub(rb'"[0-9a-f]{64}"', b'"receipt"', answer)


@pytest.fixture
def voting(sqlite_service: Smolny) -> tuple[Smolny, str, list[str]]:
    service = sqlite_service
    congress = make_congress(service, size=8)
    ids = congress["delegates"]
    _, poll = bring_to_vote(service, congress["session"], ids[0], ids[1])
    codes = service.accounts.issue_access_codes("congress", ids)
    tokens = [service.accounts.login_delegate(codes[d])[0] for d in ids]
    for token in tokens:  # known to this process, as a phone's first page makes it
        service.accounts.who(token)
    return service, poll, tokens


def test_a_vote_is_answered_in_one_write_with_the_ordinary_bytes(voting, monkeypatch) -> None:
    service, poll, tokens = voting

    async def run() -> tuple[list[bytes], list[int]]:
        app = served(service, ("0", "0"))
        lean = Connection(app)
        first = await lean.send(vote_request(poll, tokens[0]))
        lean_writes = len(lean.writes)
        monkeypatch.setattr(whole, "write", lambda *args: False)
        plain = Connection(app)
        second = await plain.send(vote_request(poll, tokens[1]))
        assert not lean.closed and not plain.closed
        return [first, second], [lean_writes, len(plain.writes)]

    (first, second), writes = asyncio.run(run())
    assert writes == [1, 2], "one write the short way, two the ordinary way"
    assert first.startswith(b"HTTP/1.1 201 Created\r\n")
    assert comparable(first) == comparable(second)
    assert b"content-security-policy: default-src 'self'" in first


def test_a_kept_alive_connection_goes_on_after_a_whole_answer(voting) -> None:
    service, poll, tokens = voting

    async def run() -> list[bytes]:
        connection = Connection(served(service, ("0", "0")))
        answers = [await connection.send(vote_request(poll, tokens[i])) for i in (2, 3)]
        # two requests in one packet (pipelined): both answered, in order
        both = vote_request(poll, tokens[4]) + vote_request(poll, tokens[2])
        answers.append(await connection.send(both, answers=2))
        # a client that asks to close: answered, then the connection is closed
        answers.append(
            await connection.send(vote_request(poll, tokens[5], extra=b"Connection: close\r\n"))
        )
        assert connection.closed
        return answers

    one, two, pipelined, last = asyncio.run(run())
    assert one.startswith(b"HTTP/1.1 201") and two.startswith(b"HTTP/1.1 201")
    assert pipelined.startswith(b"HTTP/1.1 201")
    assert b"HTTP/1.1 409" in pipelined.split(b"HTTP/1.1 201", 2)[1]  # the second vote refused
    assert last.startswith(b"HTTP/1.1 201") and b"connection: close\r\n" in last
    assert service.ballots.progress(poll)["voted"] == 4


def test_a_marked_answer_and_another_server_take_the_ordinary_way(voting) -> None:
    service, poll, tokens = voting

    async def run() -> tuple[list[bytes], int]:
        marked = Connection(served(service, ("0", "0"), debug=True))
        answer = await marked.send(vote_request(poll, tokens[6]))
        assert b"x-smolny-worker: " in answer
        return marked.writes, 0

    writes, _ = asyncio.run(run())
    assert len(writes) == 2
    assert whole.cycle_of(object()) is None  # not uvicorn's cycle: nothing written at once
    assert not whole.write({"extensions": {}}, 201, b"", b"{}")


def test_headers_are_checked_once_against_the_grammar() -> None:
    assert whole.checked([(b"content-type", b"application/json")]) == (
        b"content-type: application/json\r\n"
    )
    for bad in ([(b"Content-Type", b"x")], [(b"a b", b"x")], [(b"x", b"a\r\nb: c")]):
        with pytest.raises(ValueError, match="not a header"):
            whole.checked(bad)


def test_an_answered_request_leaves_nothing_for_the_collector(voting) -> None:
    # Its cycle is freed as soon as the next request takes its place: no reference loop
    # (the cycle holds the scope, which names the cycle while it is served) is left behind
    # for the garbage collector, whose pauses a hall voting at once would feel.
    service, poll, tokens = voting

    async def run() -> list[weakref.ref[Any]]:
        connection = Connection(served(service, ("0", "0")))
        gone = []
        for token in tokens[:3]:
            await connection.send(vote_request(poll, token))
            gone.append(weakref.ref(connection.protocol.cycle))
        return gone

    gc.disable()
    try:
        cycles = asyncio.run(run())
        assert [c() is None for c in cycles[:-1]] == [True, True]
    finally:
        gc.enable()


def test_a_live_screen_that_goes_leaves_nothing_for_the_collector(sqlite_service) -> None:
    # A screen's stream is served for hours; once its reader goes and its stream ends
    # (the hub's sweep ends it), its request (the cycle, the scope and all they hold) is
    # freed at once, not left in a reference loop for the collector
    class Screen(Connection):
        def abort(self) -> None:
            self.closed = True

    async def run() -> bool:
        screen = Screen(served(sqlite_service, ("0", "0")))
        screen.protocol.data_received(b"GET /api/v1/stream HTTP/1.1\r\nHost: x\r\n\r\n")
        for _ in range(1000):
            if b"".join(screen.writes).startswith(b"HTTP/1.1 200 OK"):
                break
            await asyncio.sleep(0.01)
        cycle = weakref.ref(screen.protocol.cycle)
        screen.closed = True
        screen.protocol.connection_lost(None)  # the screen goes away
        screen.protocol.transport = screen.protocol.flow = None  # as asyncio drops them
        screen.protocol = None  # (the connection in memory would hold it otherwise)
        for _ in range(3000):  # its stream ends within seconds, even on a loaded machine
            if cycle() is None:
                return True
            await asyncio.sleep(0.01)
        return False

    gc.collect()
    gc.disable()
    try:
        assert asyncio.run(run()), "the screen's request is left for the collector"
    finally:
        gc.enable()
