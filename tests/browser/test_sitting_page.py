"""A sitting's public page on a 360 px phone: no sideways scroll, no serious axe finding,
in English and Russian; the walkout, its declaration and the answer are on it."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hall import assert_accessible, screenshot
from servers import Server
from smolny.service.app import Smolny

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))
from test_sitting_page import CLAIM, build  # noqa: E402

PHONE = {"width": 360, "height": 740}
SHOTS = os.environ.get("SMOLNY_SHOTS_DIR")  # keep full-page screenshots here too


def test_the_sitting_page_on_a_phone(browser: Any, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'sitting.sqlite3'}"
    app = Smolny.open(url, clock=lambda: datetime(1917, 11, 7, 20, 40, tzinfo=UTC))
    build(app)
    app.close()
    port = int(os.environ.get("SMOLNY_TEST_PORT", "0")) or None
    server = Server(url, port=port)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        for lang, sitting, walkouts in (
            ("en", "s1", "Walkouts (1)"),
            ("ru", "s1", "Уходы (1)"),
            ("en", "s2", "Walkouts: none"),
        ):
            page.goto(f"{server.url}/sessions/{sitting}?lang={lang}")
            page.get_by_role("heading", name=walkouts).wait_for()
            if sitting == "s1":
                assert CLAIM in page.inner_text("main")
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= PHONE["width"], f"{lang} {sitting}: {wide} px wide at 360 px"
            assert_accessible(page, f"the sitting page {sitting} ({lang})")
            screenshot(page, f"sitting-{sitting}-{lang}")
            if SHOTS:
                page.screenshot(path=f"{SHOTS}/sitting-{sitting}-{lang}.png", full_page=True)
        link = page.get_by_role("link", name="Download the journal")
        with page.expect_download() as download:
            link.click()
        assert download.value.suggested_filename == "journal.jsonl"
    finally:
        context.close()
        server.stop()
