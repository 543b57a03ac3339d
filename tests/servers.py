"""What tests share that is not a fixture: whether the servers are required, the
repository's root, and `smolny serve` in a process of its own.

A plain module (not conftest.py): a test directory's own conftest.py would shadow
`conftest` for whoever imports it by that name.
"""

from __future__ import annotations

import os
from pathlib import Path

REQUIRED = os.environ.get("SMOLNY_REQUIRE_SERVICES") == "1"
ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """`smolny serve` in its own process, on a free port."""

    def __init__(self, db: str, *args: str, port: int | None = None) -> None:
        import subprocess
        import sys
        import tempfile
        import time

        import httpx

        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # the output goes to a file, not a pipe: a server that logs more than a pipe holds
        # (a database gone away, say) would otherwise block on its next line
        self.output = tempfile.TemporaryFile("w+")  # noqa: SIM115 (closed with the server)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "smolny", "serve", "--db", db, "--port", str(self.port), *args],
            stdout=self.output,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"smolny serve exited: {self.printed()}")
            try:
                httpx.get(self.url + "/api/v1/bodies", timeout=1)
                return
            except httpx.TransportError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("smolny serve did not answer within 30 s")

    def stop(self) -> str:
        """Stop the server; returns what it printed."""
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except Exception:
            self.process.kill()
            self.process.wait()
        return self.printed()

    def printed(self) -> str:
        """What the server has printed so far."""
        self.output.flush()
        self.output.seek(0)
        return self.output.read()
