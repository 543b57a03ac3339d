"""A newcomer's whole congress, through the screens only (issue 15, "Done when").

From an empty database (`smolny serve` on a fresh SQLite, the administrator's one-time
password read from what the server printed, as an installer reads it) to the minutes PDF
and the public page: no API call, no command, no database read after the server starts.
The delegates log in with the codes printed on the slips the secretariat downloads (read
from the PDF's text), vote a secret ballot and rank an STV election of 3 among 5 on their
phones.

Run at 1280x800 and again with the staff on a 360 px phone (360x740, is_mobile). axe-core
finds no serious violation at any step. With SMOLNY_SCREENSHOTS=1 each step's screen is
kept in docs/screens/journey/ with a README of the steps, their clicks (click, check,
select_option) and typed fields (fill, set_input_files).
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from hall import assert_accessible, focused_in
from servers import ROOT, Server

JOURNEY = ROOT / "docs" / "screens" / "journey"
TIMEOUT = 45_000  # a loaded 2-core machine: generous, and every wait is for a condition
BODY = "Congress of the Printers' Union"
DELEGATES = [  # name, faction, voting, sent by
    ("Anna Petrova", "left", "yes", "Moscow printers"),
    ("Boris Ivanov", "right", "yes", "Petrograd printers"),
    ("Vera Sokolova", "left", "yes", "Tula printers"),
    ("Grigory Orlov", "right", "yes", "Kazan printers"),
    ("Daria Volkova", "left", "yes", "Kiev printers"),
    ("Yevgeny Lebedev", "right", "no", "Odessa printers"),
]
BAD_ROSTER = (
    "name,faction,voting,weight,sent_by\n"
    "Anna Petrova,left,yes,1,Moscow printers\n"
    ",left,yes,1,Tula printers\n"
    "Boris Ivanov,centre,maybe,x,Petrograd printers\n"
)
MOTION = "That the union demand a wage of forty roubles a month for every compositor."
CANDIDATES = ["Anna Petrova", "Boris Ivanov", "Vera Sokolova", "Grigory Orlov", "Daria Volkova"]
RANKINGS = {  # the three phones' preferences
    "Anna Petrova": ["Anna Petrova", "Vera Sokolova", "Daria Volkova"],
    "Boris Ivanov": ["Boris Ivanov", "Grigory Orlov", "Anna Petrova"],
    "Vera Sokolova": ["Vera Sokolova", "Anna Petrova", "Boris Ivanov", "Daria Volkova"],
}
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}
PHONE: dict[str, Any] = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


@dataclass
class Step:
    name: str
    screen: str
    who: str  # "staff" or "delegates"
    clicks: int = 0
    fields: int = 0


@dataclass
class Journey:
    """The journey's page actions, counted: clicks (click, check, select_option) and typed
    fields (fill, set_input_files), step by step; each step's screen checked by axe-core
    and kept as a screenshot when asked."""

    form: str  # "desktop" or "phone": the staff's screens
    steps: list[Step] = field(default_factory=list)

    @contextmanager
    def step(self, name: str, page: Any, who: str = "staff") -> Iterator[None]:
        width = page.viewport_size["width"]
        self.steps.append(Step(name, f"{width}x{page.viewport_size['height']}", who))
        yield
        page.wait_for_load_state()
        assert_accessible(page, f"{len(self.steps):02d}-{name} ({self.form})")
        if os.environ.get("SMOLNY_SCREENSHOTS") == "1":
            JOURNEY.mkdir(parents=True, exist_ok=True)
            shot = JOURNEY / f"{len(self.steps):02d}-{name}-{self.form}.png"
            page.screenshot(path=str(shot), full_page=False)

    def click(self, target: Any) -> None:
        self.steps[-1].clicks += 1
        target.click()

    def check(self, target: Any) -> None:
        self.steps[-1].clicks += 1
        target.check()

    def select(self, target: Any, value: str | None = None, label: str | None = None) -> None:
        self.steps[-1].clicks += 1
        if label is not None:
            target.select_option(label=label)
        else:
            target.select_option(value)

    def fill(self, target: Any, text: str) -> None:
        self.steps[-1].fields += 1
        target.fill(text)

    def upload(self, target: Any, files: Any) -> None:
        self.steps[-1].fields += 1
        target.set_input_files(files)

    # -- what a person does on these screens, in the counted acts above

    def nav(self, page: Any, label: str) -> None:
        """Follow a link of the staff navigation (opening its menu at a phone's width)."""
        menu = page.locator("header .menu-button")
        if menu.is_visible():
            self.click(menu)
        self.click(page.locator("nav.staff-links").get_by_role("link", name=label, exact=True))

    def delegate(self, page: Any, field_: Any, name: str) -> None:
        """Type a delegate's name in a field that completes it, and choose the name."""
        self.fill(field_, name)
        option = page.get_by_role("option", name=re.compile(re.escape(name)))
        option.first.wait_for(timeout=TIMEOUT)
        self.click(option.first)

    def confirm(self, page: Any) -> None:
        """Say yes to the console's question in the page (closing a poll, ...)."""
        self.click(page.locator("#confirm-yes"))

    def totals(self, who: str | None = None) -> tuple[int, int]:
        """Clicks and typed fields, of everyone or of `who` ("staff", "delegates")."""
        steps = [s for s in self.steps if who is None or s.who == who]
        return sum(s.clicks for s in steps), sum(s.fields for s in steps)

    def table(self) -> str:
        rows = [
            f"| {i:02d} | {s.name} | {s.screen} | {s.clicks} | {s.fields} |"
            for i, s in enumerate(self.steps, 1)
        ]
        clicks, fields = self.totals()
        return "\n".join(
            [
                "| # | Step | Screen | Clicks | Typed fields |",
                "|---|------|--------|-------:|-------------:|",
                *rows,
                f"| | **Total** | | **{clicks}** | **{fields}** |",
            ]
        )


def _login(page: Any, j: Journey, user: str, password: str) -> None:
    j.click(page.locator("summary", has_text="Chair, secretary or administrator"))
    j.fill(page.locator("#username"), user)
    j.fill(page.locator("#password"), password)
    j.click(page.get_by_role("button", name="Log in"))


def _own_password(page: Any, j: Journey, password: str) -> None:
    page.wait_for_url(re.compile(r"/account/password"), timeout=TIMEOUT)
    j.fill(page.locator("input[name=new]"), password)
    j.fill(page.locator("input[name=again]"), password)
    j.click(page.get_by_role("button", name="Set my password and go on"))
    page.wait_for_url(lambda u: "/account/password" not in u, timeout=TIMEOUT)


def _slip_codes(pdf: bytes) -> dict[str, str]:
    """Each delegate's access code as the slips print it, read from the PDF's text."""
    import pypdf

    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    return dict(re.findall(r"([^\n]+)\nFaction: [^\n]+\nAccess code\n([0-9A-Z-]+)", text))


def _expect(locator: Any) -> Any:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT)  # a loaded machine: generous
    return expect(locator)


def run_journey(browser: Any, tmp_path: Path, staff: dict[str, Any], form: str) -> Journey:
    server = Server(f"sqlite:///{tmp_path / 'journey.sqlite3'}")
    contexts: list[Any] = []

    def new_page(options: dict[str, Any]) -> Any:
        context = browser.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        return page

    try:
        j = Journey(form)
        _walk(j, server, new_page, staff, tmp_path)
        return j
    finally:
        for context in contexts:
            context.close()
        server.stop()


def _walk(j: Journey, server: Any, new_page: Any, staff: dict[str, Any], tmp: Path) -> None:
    # the installer reads the administrator's one-time password from the server's output
    printed = server.printed()
    found = re.search(r"one-time password\s*\n\s*(\S+)", printed)
    assert found, printed
    admin = new_page(staff)

    with j.step("public-page-empty", admin):
        admin.goto(server.url + "/")
        _expect(admin.locator("main")).to_contain_text("No bodies yet")
    with j.step("first-login", admin):
        j.click(admin.get_by_role("link", name="Log in"))
        _login(admin, j, "admin", found[1])
        admin.wait_for_url(re.compile(r"/account/password"), timeout=TIMEOUT)
    with j.step("own-password", admin):
        _own_password(admin, j, "quiet harbour lantern 47")
        _expect(admin.locator("h1")).to_have_text("Secretariat")

    with j.step("body", admin):
        create = admin.locator("form[hx-post='/secretary/bodies']")
        j.fill(create.locator("input[name=name]"), BODY)
        j.fill(create.locator("input[name=slug]"), "printers")
        j.click(create.get_by_role("button", name="Create the body"))
        _expect(admin.locator("#create-body-result")).to_contain_text("created")
        j.click(admin.locator("#create-body-result").get_by_role("link", name="Open it"))
        admin.wait_for_url(re.compile(r"/secretary/bodies/printers$"), timeout=TIMEOUT)

    with j.step("factions", admin):
        factions = admin.locator("form[hx-post$='/factions']")
        for name, slug in (("Left Printers", "left"), ("Right Printers", "right")):
            j.fill(factions.locator("input[name=name]"), name)
            j.fill(factions.locator("input[name=slug]"), slug)
            j.click(factions.get_by_role("button", name="Form the faction"))
            _expect(admin.locator("#faction-result")).to_contain_text(f"Faction {name} formed")

    importer = admin.locator("form[hx-post$='/delegates/import']")
    with j.step("import-refused", admin):
        bad = tmp / "delegates.csv"
        bad.write_text(BAD_ROSTER, encoding="utf-8")
        j.upload(importer.locator("input[type=file]"), bad)
        j.click(importer.get_by_role("button", name="Import"))
        answer = admin.locator("#import-result")
        _expect(answer).to_contain_text("Nothing was imported")
        _expect(answer).to_contain_text("the name is missing")
        _expect(answer).to_contain_text("no faction 'centre'")
        assert focused_in(admin, "#import-result")  # focus moved there, and it is in view

    with j.step("import", admin):
        good = tmp / "delegates-corrected.csv"
        rows = [f"{n},{f},{v},1,{s}" for n, f, v, s in DELEGATES]
        good.write_text("name,faction,voting,weight,sent_by\n" + "\n".join(rows) + "\n")
        j.upload(importer.locator("input[type=file]"), good)
        j.click(importer.get_by_role("button", name="Import"))
        _expect(admin.locator("#import-result")).to_contain_text("6 delegates added")
        _expect(admin.locator("table").first).to_contain_text("Yevgeny Lebedev")

    with j.step("slips", admin):
        slips = admin.locator("#slips-form")
        j.check(slips.locator("input[name=understood]"))
        with admin.expect_download(timeout=TIMEOUT) as download:
            j.click(slips.get_by_role("button", name="Download the slips (PDF)"))
        codes = _slip_codes(Path(download.value.path()).read_bytes())
        assert sorted(codes) == sorted(n for n, *_ in DELEGATES), codes

    passwords: dict[str, str] = {}
    with j.step("staff-accounts", admin):
        j.nav(admin, "Accounts")
        admin.wait_for_url(re.compile(r"/accounts$"), timeout=TIMEOUT)
        create = admin.locator("form[hx-post='/accounts']")
        for user, role in (("olga", "secretary"), ("pavel", "chair")):
            j.fill(create.locator("input[name=username]"), user)
            j.select(create.locator("select[name=role]"), role)
            j.select(create.locator("select[name=body]"), label=BODY)
            j.click(create.get_by_role("button", name="Create the account"))
            made = admin.locator(".ok", has_text=f"Account {user} created")
            _expect(made).to_be_visible()
            passwords[user] = made.locator("code.password").inner_text().strip()

    # the chair: first login, the sitting opened from the body's page
    chair = new_page(staff)
    with j.step("chair-login", chair):
        chair.goto(server.url + "/login")
        _login(chair, j, "pavel", passwords["pavel"])
        _own_password(chair, j, "pavel's brass lamp 1905")
    with j.step("sitting-opened", chair):
        j.click(chair.locator(".in-hand").get_by_role("link", name=BODY))
        chair.wait_for_url(re.compile(r"/secretary/bodies/printers$"), timeout=TIMEOUT)
        opener = chair.locator("form[hx-post$='/sessions']")
        j.fill(opener.locator("input[name=title]"), "First sitting")
        j.click(opener.get_by_role("button", name="Open the session"))
        _expect(chair.locator("#session-result")).to_contain_text("Sitting “First sitting” opened")

    # the secretary drafts the agenda
    secretary = new_page(staff)
    with j.step("secretary-login", secretary):
        secretary.goto(server.url + "/login")
        _login(secretary, j, "olga", passwords["olga"])
        _own_password(secretary, j, "olga's copper kettle 1917")
    with j.step("agenda-drafted", secretary):
        j.click(secretary.locator("#tree").get_by_role("link", name=BODY))
        secretary.wait_for_url(re.compile(r"/secretary/bodies/printers$"), timeout=TIMEOUT)
        j.click(secretary.locator("a[href$='/agenda']").first)
        secretary.wait_for_url(re.compile(r"/agenda$"), timeout=TIMEOUT)
        editor = secretary.locator("#agenda-editor")
        items = [
            ("Report of the executive", "Anna Petrova", "10:00", "30"),
            ("Wages resolution", "Boris Ivanov", "10:30", "45"),
            ("Election of the auditors", "", "11:15", "30"),
        ]
        for i, (title, reporter, starts, minutes) in enumerate(items):
            if i:
                j.click(editor.get_by_role("button", name="Add an item"))
            j.fill(editor.locator("input[name=title]").nth(i), title)
            if reporter:
                j.fill(editor.locator("input[name=reporter]").nth(i), reporter)
            j.fill(editor.locator("input[name=starts]").nth(i), starts)
            j.fill(editor.locator("input[name=minutes]").nth(i), minutes)
        j.click(editor.get_by_role("button", name="Save the draft"))
        _expect(secretary.locator("#agenda-answer")).to_contain_text("The draft is saved: 3 items")

    # the chair's console: presence, the agenda adopted
    with j.step("console-presence", chair):
        j.click(chair.locator("#session-result").get_by_role("link", name="Its console"))
        chair.wait_for_url(re.compile(r"/chair/sessions/"), timeout=TIMEOUT)
        j.click(chair.get_by_role("button", name=re.compile("^All present")))
        _expect(chair.locator("#console")).to_contain_text("quorate")
    with j.step("agenda-adopted", chair):
        j.delegate(chair, chair.locator("#agenda-mover"), "Anna Petrova")
        j.click(chair.get_by_role("button", name="Move the adoption of the agenda"))
        _expect(chair.locator("#console")).to_contain_text("That the agenda be adopted")
        _second_and_state(j, chair, "Boris Ivanov")
        _show_of_hands(j, chair, 4, 1)
        _expect(chair.locator("#console")).to_contain_text("Adopted: 4 for, 1 against")
        agenda = chair.locator("section:has(#h-agenda)")
        j.click(agenda.get_by_role("button", name=re.compile("Take up: Report of the executive")))
        j.click(agenda.get_by_role("button", name=re.compile("Take up: Wages resolution")))
        _expect(agenda).to_contain_text("Now: item 2 — Wages resolution")

    with j.step("motion", chair):
        _move(j, chair, "main", "Boris Ivanov")
        move = chair.locator("#move-form")
        j.fill(move.locator("input[name=title]"), "Wages of compositors")
        j.fill(move.locator("textarea[name=text]"), MOTION)
        j.click(move.get_by_role("button", name="Record the motion"))
        _expect(chair.locator("section:has(#h-question)")).to_contain_text("Wages of compositors")
        _second_and_state(j, chair, "Vera Sokolova")

    with j.step("amendment-preview", chair):
        _move(j, chair, "amend", "Grigory Orlov")
        move = chair.locator("#move-form")
        j.select(move.locator("select[name=operation]"), "strike-insert")
        j.fill(move.locator("input[name=strike]"), "forty")
        j.fill(move.locator("textarea[name=words]"), "forty-five")
        preview = move.locator(".amendment-preview")
        _expect(preview).to_contain_text("to strike “forty” and insert “forty-five”")
        _expect(preview.locator("del")).to_contain_text("forty")
        _expect(preview.locator("ins")).to_contain_text("forty-five")
    with j.step("amendment-stated", chair):
        j.click(move.get_by_role("button", name="Record the motion"))
        _second_and_state(j, chair, "Daria Volkova")
        question = chair.locator("section:has(#h-question)")
        _expect(question).to_contain_text("Immediately pending: Amend")
        _expect(question.locator("ins")).to_contain_text("forty-five")

    with j.step("speakers-list", chair):
        floor = chair.locator("section:has(#h-floor)")
        adder = floor.locator("form:has(button:has-text('Add to the list'))")
        for name, side in (("Anna Petrova", "for"), ("Yevgeny Lebedev", "against")):
            j.delegate(chair, adder.locator("input[name=delegate]"), name)
            j.select(adder.locator("select[name=side]"), side)
            j.click(adder.get_by_role("button", name="Add to the list"))
            _expect(floor.locator("ol.speakers")).to_contain_text(name)
        for name in ("Anna Petrova", "Yevgeny Lebedev"):
            j.click(floor.get_by_role("button", name=re.compile("^Recognise the next speaker")))
            _expect(floor.locator("text=Time left")).to_be_visible()
            _expect(floor).to_contain_text(name)
            j.click(floor.get_by_role("button", name=re.compile(r"^Finished\b")).first)
        _expect(floor).to_contain_text("Nobody has the floor")
    with j.step("amendment-adopted", chair):
        _show_of_hands(j, chair, 4, 1)
        _expect(chair.locator("section:has(#h-question)")).to_contain_text("forty-five roubles")

    # three delegates' phones, logged in with the codes on their slips
    phones = {}
    for name in ("Anna Petrova", "Boris Ivanov", "Vera Sokolova"):
        phone = new_page(PHONE)
        phones[name] = phone
        with j.step("phone-login", phone, "delegates"):
            phone.goto(server.url + "/login")
            j.fill(phone.locator("#code"), codes[name])
            j.click(phone.get_by_role("button", name="Log in"))
            phone.wait_for_url(re.compile(r"/phone"), timeout=TIMEOUT)
            _expect(phone.locator("main")).to_contain_text(name)

    with j.step("secret-vote-opened", chair):
        j.select(chair.locator("#vote-method"), "electronic-secret")
        j.click(chair.locator("#act-vote"))
        _expect(chair.locator("section:has(#h-poll)")).to_contain_text("0 of 5 have voted")
    for name, choice in (("Anna Petrova", "yes"), ("Boris Ivanov", "yes"), ("Vera Sokolova", "no")):
        phone = phones[name]
        with j.step("secret-ballot", phone, "delegates"):
            ballot = phone.locator(f"button[name=choice][value={choice}]")
            _expect(ballot).to_be_in_viewport()  # the ballot comes to the view
            j.click(ballot)
            _expect(phone.locator("#ballot")).to_contain_text("You have voted")
            _expect(phone.locator("main")).to_contain_text("Your receipt")
    with j.step("secret-vote-closed", chair):
        _expect(chair.locator("section:has(#h-poll)")).to_contain_text("3 of 5 have voted")
        j.click(chair.get_by_role("button", name=re.compile("^Close the poll and announce")))
        j.confirm(chair)
        _expect(chair.locator("section:has(#h-question)")).to_contain_text(
            "Adopted: 2 for, 1 against"
        )

    with j.step("election-opened", chair):
        agenda = chair.locator("section:has(#h-agenda)")
        j.click(agenda.get_by_role("button", name=re.compile("Take up: Election of the auditors")))
        j.click(chair.locator("summary", has_text="Hold an election"))
        elect = chair.locator("form:has(#act-elect)")
        j.fill(elect.locator("input[name=title]"), "Auditors of the union")
        j.select(elect.locator("select[name=kind]"), "ranked")
        j.fill(elect.locator("textarea[name=candidates]"), "\n".join(CANDIDATES))
        j.fill(elect.locator("input[name=seats]"), "3")
        j.select(elect.locator("select[name=counting]"), "scottish-stv")
        j.click(chair.locator("#act-elect"))
        _expect(chair.locator("section:has(#h-poll)")).to_contain_text("Auditors of the union")
    for name, order in RANKINGS.items():
        phone = phones[name]
        with j.step("ranking", phone, "delegates"):
            ranks = phone.locator("form.vote select[name=rank]")
            _expect(ranks.first).to_be_in_viewport()
            for i, candidate in enumerate(order):
                j.select(ranks.nth(i), label=candidate)
            j.click(phone.get_by_role("button", name="Cast this ranking"))
            _expect(phone.locator("#ballot")).to_contain_text("You have voted")
    with j.step("election-counted", chair):
        _expect(chair.locator("section:has(#h-poll)")).to_contain_text("3 of 5 have voted")
        j.click(chair.get_by_role("button", name=re.compile("^Close the poll and announce")))
        j.confirm(chair)
        _expect(chair.locator("section:has(#h-question)")).to_contain_text(
            "Elected: Anna Petrova, Boris Ivanov, Vera Sokolova"
        )

    with j.step("minutes", chair):
        j.nav(chair, "Minutes")
        chair.wait_for_url(re.compile(r"/minutes/"), timeout=TIMEOUT)
        _expect(chair.locator("main")).to_contain_text("Wages of compositors")
        with chair.expect_download(timeout=TIMEOUT) as download:
            j.click(chair.locator("main").get_by_role("link", name="PDF").first)
        pdf = Path(download.value.path()).read_bytes()
        assert pdf.startswith(b"%PDF")
        import pypdf

        text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
        assert "Wages of compositors" in text and "Auditors of the union" in text

    with j.step("public-page", chair):
        j.nav(chair, "Public record")
        chair.wait_for_url(server.url + "/", timeout=TIMEOUT)
        main = chair.locator("main")
        _expect(main).to_contain_text(BODY)
        _expect(main).to_contain_text("Wages of compositors")


def _move(j: Journey, chair: Any, motion: str, mover: str) -> None:
    """Open the console's form for a motion moved from the floor, with its mover."""
    move = chair.locator("#move-form")
    if not move.is_visible():
        j.click(chair.locator("#move-summary"))
    j.select(move.locator("select[name=motion]"), motion)
    j.delegate(chair, move.locator("#move-mover"), mover)


def _second_and_state(j: Journey, chair: Any, seconder: str) -> None:
    question = chair.locator("section:has(#h-question)")
    j.delegate(chair, question.locator("input[name=seconder]"), seconder)
    j.click(chair.locator("#act-second"))
    _expect(question).to_contain_text(f"seconded by {seconder}")
    j.click(question.get_by_role("button", name=re.compile("^State the question")))
    _expect(chair.locator("#act-vote")).to_be_visible()


def _show_of_hands(j: Journey, chair: Any, yes: int, no: int) -> None:
    j.select(chair.locator("#vote-method"), "show-of-hands")
    j.click(chair.locator("#act-vote"))
    count = chair.locator("form[id^=count-]")
    j.fill(count.locator("input[name=yes]"), str(yes))
    j.fill(count.locator("input[name=no]"), str(no))
    j.fill(count.locator("input[name=abstain]"), "0")
    j.click(count.get_by_role("button", name="Enter the count"))
    poll = chair.locator("section:has(#h-poll)")
    _expect(poll).to_contain_text(f"Tellers' count: For {yes}, Against {no}")
    j.click(poll.get_by_role("button", name=re.compile("^Close the poll and announce")))
    j.confirm(chair)
    _expect(poll.locator("form[id^=count-]")).to_have_count(0)  # the poll closed


def _write_readme(form: str, journey: Journey) -> None:
    """The README of docs/screens/journey: this run's table beside the other form's (kept
    from the README as it was, so each form may be run alone)."""
    readme = JOURNEY / "README.md"
    sections: dict[str, str] = {}
    if readme.exists():
        for part in readme.read_text(encoding="utf-8").split("\n## ")[1:]:
            key = "phone" if "(phone)" in part.splitlines()[0] else "desktop"
            sections[key] = "## " + part.strip() + "\n"
    clicks, fields = journey.totals()
    staff, delegates = journey.totals("staff"), journey.totals("delegates")
    size = "1280x800" if form == "desktop" else "360x740"
    sections[form] = "\n".join(
        [
            f"## The staff at {size} ({form})",
            "",
            f"{clicks} clicks and {fields} typed fields in {len(journey.steps)} steps: the staff "
            f"{staff[0]} clicks and {staff[1]} typed fields (three first logins with their own "
            f"passwords among them), three delegates' phones {delegates[0]} and {delegates[1]}.",
            "",
            journey.table(),
            "",
        ]
    )
    head = [
        "# A newcomer's congress through the screens",
        "",
        "Written by `tests/browser/test_journey.py` (run with `SMOLNY_SCREENSHOTS=1`): from an",
        "empty database to the minutes PDF and the public page, through the screens only. A",
        "click is a click, a check or a choice in a list; a typed field is a field filled or a",
        "file chosen. The delegates' phones are always 360x740. The screenshots beside this",
        "file are each step's screen as it ended (`NN-step-desktop.png`, `NN-step-phone.png`).",
        "",
        "Before issue 15 the same journey took 107 clicks and 51 typed fields, with 8 steps",
        "impossible from the screens.",
        "",
    ]
    body = [sections[k] for k in ("desktop", "phone") if k in sections]
    JOURNEY.mkdir(parents=True, exist_ok=True)
    readme.write_text("\n".join(head) + "\n" + "\n".join(body), encoding="utf-8")


@pytest.mark.parametrize("form", ["desktop", "phone"])
def test_a_newcomers_congress_through_the_screens(browser: Any, tmp_path: Path, form: str) -> None:
    journey = run_journey(browser, tmp_path, DESKTOP if form == "desktop" else PHONE, form)
    clicks, fields = journey.totals()
    staff = journey.totals("staff")
    print(f"\nthe journey ({form}): {clicks} clicks, {fields} typed fields; staff {staff}")
    print(journey.table())
    if os.environ.get("SMOLNY_SCREENSHOTS") == "1":
        _write_readme(form, journey)
