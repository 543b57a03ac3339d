"""Logging in from a slip's QR code, in a real browser."""

from __future__ import annotations

from typing import Any

from hall import Hall, assert_accessible


def test_a_slip_link_logs_a_delegate_in_and_keeps_the_code_out_of_the_history(
    browser: Any, hall: Hall
) -> None:
    delegate = hall.delegates[0]
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{hall.url}/login?code={hall.codes[delegate]}&next=/api/v1/me")
    assert "code=" not in page.url  # the code is not left in the address bar or history
    assert page.get_by_label("Access code (from your slip)").input_value() == hall.codes[delegate]
    assert_accessible(page, "login")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(hall.url + "/api/v1/me")
    assert delegate in page.content()
    context.close()


def test_a_wrong_code_is_refused_in_place(browser: Any, hall: Hall) -> None:
    context = browser.new_context(locale="ru-RU")
    page = context.new_page()
    page.goto(f"{hall.url}/login")
    assert page.locator("html").get_attribute("lang") == "ru"
    page.get_by_label("Код доступа (с вашего бланка)").fill("WRONG-CODE")
    page.get_by_role("button", name="Войти").click()
    status = page.get_by_role("status").filter(has_text="code")
    status.wait_for()
    assert "/login" in page.url and not context.cookies()
    context.close()
