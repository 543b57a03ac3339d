"""Browser tests: Debian's Chromium driven by Playwright against a real `smolny serve`.

Chromium is `/usr/bin/chromium`, installed with apt-get when missing (as root); a
browser downloaded by Playwright is never used. Without it (and outside CI) these
tests skip, saying how to enable them; with SMOLNY_REQUIRE_SERVICES=1 they fail.
Helpers (the hall, logging in, axe-core, screenshots) are in tests/hall.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hall import CHROMIUM, FLAGS, Hall, _install_chromium, make_hall
from servers import REQUIRED


@pytest.fixture(scope="session")
def chromium() -> str:
    if not CHROMIUM.exists():
        why = _install_chromium()
        if why is not None:
            message = f"Chromium is needed at {CHROMIUM}: {why}"
            if REQUIRED:
                pytest.fail(message)
            pytest.skip(message + "; run apt-get install chromium to enable the browser tests")
    return str(CHROMIUM)


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Any]:
    # A module's browser, stopped at its end: Playwright's sync API keeps an asyncio
    # loop running in the main thread while it is started, and code under test that
    # asks for the running loop (the ballot writer does) must not find it afterwards.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def hall(tmp_path: Path) -> Iterator[Hall]:
    made = make_hall(tmp_path)
    yield made
    made.server.stop()
