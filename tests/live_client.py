"""A live screen for tests: reads /api/v1/stream in a thread, reconnecting with
Last-Event-ID as a browser does, and keeps every entry it got and which worker sent it."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Callable


class Screen:
    def __init__(self, port: int, after: int | None = None) -> None:
        self.port = port
        self.after = after
        self.entries: list[tuple[int, str]] = []  # (seq, kind), in the order received
        self.workers: list[str] = []  # X-Smolny-Worker of each connection
        self.connections = 0
        self.connected = threading.Event()
        self._stop = threading.Event()
        self._sock: socket.socket | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(OSError):
                self._once()
            if not self._stop.is_set():
                time.sleep(0.3)  # the stream's `retry: 1000`, shortened

    def _once(self) -> None:
        last = str(self.entries[-1][0]) if self.entries else None
        query = f"?after={self.after}" if self.after is not None and last is None else ""
        head = f"GET /api/v1/stream{query} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        if last is not None:
            head += f"Last-Event-ID: {last}\r\n"
        with socket.create_connection(("127.0.0.1", self.port), timeout=60) as sock:
            self._sock = sock
            sock.sendall((head + "\r\n").encode())
            reader = sock.makefile("rb")
            status = reader.readline()
            if b" 200 " not in status:
                return
            while (line := reader.readline().strip()) != b"":
                name, _, value = line.partition(b":")
                if name.lower() == b"x-smolny-worker":
                    self.workers.append(value.strip().decode())
            self.connections += 1
            self.connected.set()
            event: dict[str, str] = {}
            buffered = b""
            while not self._stop.is_set():
                # chunked transfer: a size line, then the data
                size_line = reader.readline()
                if not size_line:
                    return
                size = int(size_line.strip() or b"0", 16)
                if size == 0:
                    return
                buffered += reader.read(size)
                reader.readline()
                *lines, buffered = buffered.split(b"\n")
                for raw in lines:
                    line_text = raw.decode()
                    if line_text == "":
                        if event.get("event") == "entry":
                            data = json.loads(event["data"])
                            self.entries.append((int(event["id"]), data["kind"]))
                        event = {}
                    elif not line_text.startswith(":"):
                        key, _, value = line_text.partition(":")
                        event[key] = value.lstrip(" ")

    def has(self, kind: str) -> bool:
        return any(k == kind for _, k in self.entries)

    def cut(self) -> None:
        """Drop the current connection (the screen reconnects)."""
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self._stop.set()
        self.cut()
        self._thread.join(timeout=5)


def wait_for(predicate: Callable[[], bool], seconds: float, step: float = 0.02) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def in_order_once(screen: Screen, first: int) -> bool:
    """Every entry after `first` up to the last received, once and in order."""
    seqs = [seq for seq, _ in screen.entries]
    return seqs == list(range(first + 1, first + 1 + len(seqs)))
