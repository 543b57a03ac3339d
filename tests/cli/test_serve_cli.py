"""`smolny serve` refuses what it cannot use at once, in one line, exit 2."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path


def serve(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "smolny", "serve", *args], capture_output=True, text=True, timeout=60
    )


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # nobody listens once the probe closes


def test_a_redis_that_does_not_answer(tmp_path: Path) -> None:
    db = str(tmp_path / "s.sqlite3")
    result = serve(
        "--db", db, "--port", str(unused_port()), "--redis", f"redis://127.0.0.1:{unused_port()}/0"
    )
    assert result.returncode == 2
    assert "Redis does not answer" in result.stderr and result.stderr.count("\n") == 1


def test_a_port_in_use_and_a_missing_directory(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = serve("--db", str(tmp_path / "s.sqlite3"), "--port", str(port))
    assert result.returncode == 2 and "is in use" in result.stderr
    result = serve(
        "--db", str(tmp_path / "no" / "such" / "dir.sqlite3"), "--port", str(unused_port())
    )
    assert result.returncode == 2 and "no such directory" in result.stderr
    assert "Traceback" not in result.stderr
