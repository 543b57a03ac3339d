"""On Russian screens the refusals are in Russian: a delegates file with bad rows refused
in the secretariat (each row's problem in Russian, naming the faction and the value), and
an act the rules refuse on the chair's console (the question put while a speaker waits)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hall import Hall, log_in
from smolny.service.app import Smolny

GOOD = "brass lantern velvet harbour"
BAD_ROSTER = (
    "name,faction,voting,weight,sent_by\n"
    "Anna Petrova,f0,yes,1,Moscow printers\n"
    ",f0,yes,1,Tula printers\n"
    "Boris Ivanov,centre,maybe,x,Petrograd printers\n"
)
RUSSIAN = {"locale": "ru-RU", "viewport": {"width": 1280, "height": 800}}


def test_a_bad_delegates_file_is_refused_in_russian(
    browser: Any, hall: Hall, tmp_path: Path
) -> None:
    app = Smolny.open(f"sqlite:///{tmp_path / 'hall.sqlite3'}")
    app.accounts.create_account("root", "admin", password=GOOD)
    app.close()
    context = browser.new_context(**RUSSIAN)
    logged = context.request.post(
        f"{hall.url}/api/v1/login", data={"username": "root", "password": GOOD}
    )
    assert logged.ok, logged.text()
    page = context.new_page()
    page.goto(f"{hall.url}/secretary/bodies/congress")
    bad = tmp_path / "delegates.csv"
    bad.write_text(BAD_ROSTER, encoding="utf-8")
    importer = page.locator("form[hx-post$='/delegates/import']")
    importer.locator("input[type=file]").set_input_files(str(bad))
    importer.locator("button[type=submit]").click()
    answer = page.locator("#import-result .refusal")
    answer.wait_for(timeout=15_000)
    said = answer.inner_text()
    assert "Ничего не загружено" in said
    assert "Не указано имя" in said
    assert "Нет фракции «centre» (есть: f0, f1)" in said
    assert "«maybe»: ожидается «yes» или «no»" in said
    assert "«x»: ожидается целое число от 1" in said
    for english in ("the name is missing", "has no faction", "expected yes or no"):
        assert english not in said
    context.close()


def test_an_act_refused_on_the_console_is_refused_in_russian(browser: Any, hall: Hall) -> None:
    context = browser.new_context(**RUSSIAN)
    log_in(context, hall, "chair")
    d = hall.delegates
    moved = context.request.post(
        f"{hall.url}/api/v1/sessions/{hall.session}/motions",
        data={"title": "Декрет о мире", "text": "Справедливый мир.", "mover": d[0]},
    ).json()["motion"]
    acts = f"{hall.url}/api/v1/sessions/{hall.session}/acts"
    for body in (
        {"act": "second", "question": moved, "seconder": d[1]},
        {"act": "state", "question": moved},
        {"act": "request-floor", "delegate": d[2]},
    ):
        answer = context.request.post(acts, data=body)
        assert answer.ok, answer.text()
    page = context.new_page()
    page.goto(f"{hall.url}/chair/sessions/{hall.session}")
    page.locator("#live.open").wait_for()
    page.locator("#act-vote").click()  # a speaker is waiting and debate is not closed
    refusal = page.locator("#refusal .refusal")
    refusal.wait_for(timeout=15_000)
    said = refusal.inner_text()
    assert "Вопрос нельзя ставить на голосование" in said, said
    assert "debate" not in said and "wish to speak" not in said
    assert refusal.get_attribute("data-rule") == "debate-not-finished"
    context.close()
