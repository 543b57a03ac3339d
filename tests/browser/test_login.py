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


def test_a_link_that_would_send_the_browser_elsewhere_after_the_login_stays_on_the_site(
    browser: Any, hall: Hall
) -> None:
    # /\other.host/x is another host to a browser: after a genuine login, a forged QR code
    # must not hand the delegate to it
    delegate = hall.delegates[0]
    context = browser.new_context()
    page = context.new_page()
    left: list[str] = []

    def outside(route: Any) -> None:
        left.append(route.request.url)
        route.abort()

    page.route(lambda url: not url.startswith(hall.url), outside)
    page.goto(f"{hall.url}/login?code={hall.codes[delegate]}&next=/%5Cother.host/x")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(hall.url + "/phone", timeout=10_000)  # the delegate's own screen
    assert page.url.startswith(hall.url + "/") and not left, (page.url, left)
    context.close()
