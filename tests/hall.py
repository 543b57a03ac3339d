"""A congress in session served by `smolny serve`, and what browser tests do with it."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sample_congress import CHAIR_PASSWORD, make_congress
from servers import ROOT, Server
from smolny.service.app import Smolny

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = ROOT / "docs" / "screens"


def _install_chromium() -> str | None:
    """Install Debian's chromium; None when done, else why not."""
    if not shutil.which("apt-get"):
        return "apt-get is not available"
    if os.geteuid() != 0:
        return "installing it needs root (sudo apt-get install chromium)"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]
    done = subprocess.run(install, env=env, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:  # the package lists may be missing on a fresh machine
        subprocess.run(["apt-get", "update"], env=env, capture_output=True, timeout=600)
        done = subprocess.run(install, env=env, capture_output=True, text=True, timeout=900)
    if done.returncode != 0 or not CHROMIUM.exists():
        return f"apt-get install chromium failed: {done.stderr.strip()[-500:]}"
    return None


@dataclass
class Hall:
    """A congress in session, served by `smolny serve`: its address, the chair's login,
    the delegates and their access codes."""

    server: Server
    session: str
    delegates: list[str]
    codes: dict[str, str]
    names: dict[str, str] = field(default_factory=dict)
    chair: tuple[str, str] = ("chair", CHAIR_PASSWORD)

    @property
    def url(self) -> str:
        return self.server.url

    def server_journal(self) -> list[dict[str, Any]]:
        """The journal as the server serves it."""
        import httpx

        entries: list[dict[str, Any]] = []
        while True:
            page = httpx.get(
                f"{self.url}/api/v1/journal", params={"after": len(entries)}, timeout=10
            ).json()
            batch = page["entries"] if isinstance(page, dict) else page
            if not batch:
                return entries
            entries.extend(batch)


def make_hall(tmp_path: Path, size: int = 6) -> Hall:
    url = f"sqlite:///{tmp_path / 'hall.sqlite3'}"
    app = Smolny.open(url)
    congress = make_congress(app, size=size)
    delegates: list[str] = congress["delegates"]  # type: ignore[assignment]
    codes = app.accounts.issue_access_codes("congress", delegates)
    names = {d: app.state.delegates[d].name for d in delegates}
    app.close()
    return Hall(Server(url), str(congress["session"]), delegates, codes, names)


def log_in(context: Any, hall: Hall, who: str) -> None:
    """Log a browser context in: `who` is "chair" or a delegate's id."""
    if who == "chair":
        body = {"username": hall.chair[0], "password": hall.chair[1]}
    else:
        body = {"access_code": hall.codes[who]}
    answer = context.request.post(hall.url + "/api/v1/login", data=body)
    assert answer.ok, answer.text()


def wait_until(page: Any, expression: str, timeout: float = 30_000) -> None:
    """Wait until the JavaScript `expression` is true in the page, asked every 50 ms.

    Playwright's `wait_for_function` builds its predicate with eval, which the pages'
    Content-Security-Policy forbids (no 'unsafe-eval'); `evaluate` is not bound by it."""
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout:.0f} ms: {expression}")
        page.wait_for_timeout(50)


def focused_in(page: Any, selector: str, timeout_s: float = 10) -> bool:
    """The focus comes to `selector` (or into it), and it is in the view (waited for: the
    focus moves once the answer has settled)."""
    check = """(sel) => { const el = document.querySelector(sel); const a = document.activeElement;
        if (!el || !(el === a || el.contains(a))) return false;
        const r = el.getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight; }"""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(check, selector):
        if time.monotonic() > deadline:
            return False
        page.wait_for_timeout(50)
    return True


def focused_field(page: Any, name: str) -> None:
    """Wait until the focus is in the field called `name` (a form's first field, focused
    once the form has settled)."""
    wait_until(page, f"document.activeElement && document.activeElement.name === {name!r}")


def assert_accessible(page: Any, what: str) -> None:
    """axe-core finds no serious or critical violation on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert not bad, f"{what}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(n["target"]) for n in v["nodes"][:3])
        for v in bad
    )


def screenshot(page: Any, name: str, full_page: bool = False) -> None:
    """Keep a screenshot of the screen for docs/ when SMOLNY_SCREENSHOTS=1."""
    if os.environ.get("SMOLNY_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)
