"""The strict Content-Security-Policy in a real browser: every screen loads and works
(its scripts run, its live stream connects, htmx swaps fragments) and the browser
reports no violation of the policy."""

from __future__ import annotations

from typing import Any

from browser.conftest import browser, chromium, hall  # noqa: F401  (the browser tests' fixtures)
from hall import Hall, log_in, wait_until

VIOLATION = ("Content Security Policy", "Content-Security-Policy", "violates the following")


def watched(context: Any) -> tuple[Any, list[str]]:
    """A page of `context` whose console errors and policy violations are kept."""
    page = context.new_page()
    seen: list[str] = []
    page.on("console", lambda message: seen.append(f"console {message.type}: {message.text}"))
    page.on("pageerror", lambda error: seen.append(f"page error: {error}"))
    # the browser's own report of a violation, also for ones it does not print
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    return page, seen


def violations(seen: list[str]) -> list[str]:
    return [line for line in seen if any(mark in line for mark in VIOLATION)]


def visit(page: Any, seen: list[str], url: str, live: bool = True) -> None:
    answer = page.goto(url)
    assert answer is not None and answer.ok, (url, answer and answer.status)
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    if live:  # live.js ran and its stream connected (connect-src 'self')
        wait_until(page, "document.body.dataset.live === 'open'", timeout=10_000)
    page.wait_for_timeout(300)
    assert violations(seen) == [], (url, seen)


def test_no_screen_violates_the_policy(browser: Any, hall: Hall) -> None:  # noqa: F811
    public = browser.new_context()
    page, seen = watched(public)
    visit(page, seen, hall.url + "/")
    visit(page, seen, hall.url + "/login", live=True)
    visit(page, seen, hall.url + "/projector")
    visit(page, seen, f"{hall.url}/projector/sessions/{hall.session}")
    visit(page, seen, hall.url + "/record")
    public.close()

    chair = browser.new_context()
    log_in(chair, hall, "chair")
    page, seen = watched(chair)
    visit(page, seen, hall.url + "/chair")
    visit(page, seen, f"{hall.url}/chair/sessions/{hall.session}")
    page.get_by_role("button", name="Log out").wait_for()  # a logged-in page's header
    visit(page, seen, hall.url + "/secretary")
    chair.close()

    phone = browser.new_context()
    log_in(phone, hall, hall.delegates[0])
    page, seen = watched(phone)
    visit(page, seen, hall.url + "/phone")
    # the phone's controls are enabled by its script (phone.js ran under the policy)
    page.locator("[data-needs-script]").first.wait_for()
    assert page.locator("[data-needs-script]:disabled").count() == 0
    page.get_by_role("button", name="Ask for the floor: for").click()
    page.wait_for_timeout(500)
    assert violations(seen) == [], seen
    # logging out from the header: back at the login page, the login ended
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login")
    assert phone.request.get(hall.url + "/api/v1/me").status == 401
    assert violations(seen) == [], seen
    phone.close()


def test_the_policy_blocks_an_injected_inline_script(browser: Any, hall: Hall) -> None:  # noqa: F811
    context = browser.new_context()
    page, seen = watched(context)
    visit(page, seen, hall.url + "/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.injected = true'; document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.injected === undefined")  # the policy held
    assert violations(seen), "the browser reported no violation: is the policy enforced?"
    context.close()


def test_the_api_documentation_is_served_from_the_package_under_the_policy(
    browser: Any,  # noqa: F811
    hall: Hall,  # noqa: F811
) -> None:
    # A hall's network may be offline: the page is whole with no request leaving the host.
    context = browser.new_context()
    page, seen = watched(context)
    left: list[str] = []

    def outside(route: Any) -> None:
        left.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith(hall.url), outside)
    answer = page.goto(hall.url + "/docs")
    assert answer is not None and answer.ok
    policy = answer.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "https:" not in policy and "unsafe" not in policy
    # Swagger UI ran, read the document and drew its operations
    page.locator(".opblock-summary-path", has_text="/api/v1/polls/{ident}/votes").first.wait_for(
        timeout=15_000
    )
    page.wait_for_timeout(500)
    assert left == [], left
    assert violations(seen) == [], seen
    assert page.locator(".swagger-ui .info .title", has_text="smolny").count() == 1
    context.close()
