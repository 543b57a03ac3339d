"""A whole sitting through the screens alone: the chair opens the question on the console,
delegates in separate browsers ask for the floor and vote on their phones, and the result
appears on the projector and the public page; every screen stays live and accessible."""

from __future__ import annotations

import re
from typing import Any

from hall import Hall, assert_accessible, log_in, screenshot, wait_until

PHONE = {"width": 390, "height": 844}
# ms: every screen shows an act live, pushed, without a reload. On a quiet machine that is
# within a second (bench/live.py measures it); here the bound is loose enough to hold on a
# loaded 2-core machine, and the pages are checked not to have reloaded.
SECOND = 10_000


def settled(page: Any) -> None:
    busy = ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added"
    wait_until(page, f"!document.querySelector({busy!r})")
    page.wait_for_timeout(50)


def live(page: Any) -> None:
    page.locator("#live.open").wait_for(state="attached")  # (the projector hides it)
    page.evaluate("window.__marker = 'not reloaded'")


def test_a_whole_sitting_through_the_screens(browser: Any, hall: Hall) -> None:
    mover, seconder, third = hall.delegates[:3]
    title = "Decree on land"
    text = "The landlord's ownership of land is abolished without compensation."

    projector_context = browser.new_context(viewport={"width": 1920, "height": 1080})
    projector = projector_context.new_page()
    projector.goto(f"{hall.url}/projector/sessions/{hall.session}")
    live(projector)
    public_context = browser.new_context()
    public = public_context.new_page()
    public.goto(hall.url + "/")
    live(public)

    phones: dict[str, Any] = {}
    contexts = [projector_context, public_context]
    for delegate in (mover, seconder, third):
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        contexts.append(context)
        page = context.new_page()
        page.goto(hall.url + "/login?next=/phone")  # with the code from the slip
        page.get_by_label("Access code (from your slip)").fill(hall.codes[delegate])
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(hall.url + "/phone")  # ("**/phone" would match /login?next=/phone)
        live(page)
        phones[delegate] = page

    chair_context = browser.new_context()
    contexts.append(chair_context)
    log_in(chair_context, hall, "chair")
    chair = chair_context.new_page()
    chair.goto(f"{hall.url}/chair/sessions/{hall.session}")
    live(chair)

    # the mover asks for the floor on the phone; the chair sees it and recognises them
    phones[mover].get_by_role("button", name="Ask for the floor: for").click()
    chair.locator("#chair-floor .speakers", has_text=hall.names[mover]).wait_for(timeout=SECOND)
    settled(chair)
    chair.keyboard.press("n")
    chair.locator("#speaker", has_text=hall.names[mover]).wait_for()
    projector.locator(".speaker", has_text=hall.names[mover]).wait_for(timeout=SECOND)
    phones[mover].get_by_text("You have the floor.").wait_for(timeout=SECOND)
    settled(chair)
    chair.keyboard.press("f")  # the speaker is done
    chair.get_by_text("Nobody has the floor.").wait_for()
    settled(chair)

    # the motion is moved, seconded and stated on the console
    chair.keyboard.press("m")
    chair.get_by_label("Mover (start typing a name)").fill(hall.names[mover])
    chair.get_by_label("Title (of a main motion)").fill(title)
    chair.get_by_label("Text").fill(text)
    chair.get_by_label("Text").press("Escape")
    chair.get_by_role("button", name="Record the motion").click()
    chair.locator("#immediate", has_text=text).wait_for()
    for page in (*phones.values(), projector):
        page.get_by_text(text).first.wait_for(timeout=SECOND)
    settled(chair)
    chair.get_by_label("Seconder (start typing a name)").fill(hall.names[seconder])
    chair.get_by_label("Seconder (start typing a name)").press("Enter")
    chair.locator("#immediate", has_text="seconded by").wait_for()
    settled(chair)
    chair.keyboard.press("s")
    chair.get_by_role("button", name="Put to the vote").wait_for()
    settled(chair)

    # a secret ballot, opened from the console
    chair.get_by_label("Method").select_option("electronic-secret")
    chair.keyboard.press("v")
    receipts = {}
    for delegate, answer in ((mover, "yes"), (seconder, "yes"), (third, "no")):
        phone = phones[delegate]
        button = phone.get_by_role("button", name=f"Vote {answer} on: {title}")
        button.wait_for(timeout=SECOND)
        button.click()
        receipt = phone.locator("#receipts .receipt")
        receipt.wait_for()
        receipts[delegate] = receipt.inner_text().strip()
        assert re.fullmatch(r"[0-9a-f]{64}", receipts[delegate])
    projector.locator("[data-voted]", has_text="3").first.wait_for(timeout=SECOND)
    assert_accessible(projector, "projector, a poll open")
    settled(chair)
    chair.keyboard.press("c")  # close the poll and count it: asked first, in the page
    chair.locator("#confirm").wait_for()
    chair.keyboard.press("Enter")

    chair.locator("#last-result", has_text="Adopted").wait_for()
    projector.locator(".verdict", has_text="Adopted").wait_for(timeout=SECOND)
    projector.locator(".bars .row.yes", has_text="2").wait_for(timeout=SECOND)
    public.get_by_text(title).first.wait_for(timeout=SECOND)
    public.locator("#public-bodies .verdict").first.wait_for(timeout=SECOND)
    for phone in phones.values():
        phone.get_by_text("The poll is closed.").wait_for(timeout=SECOND)
    screenshot(projector, "projector-result")
    screenshot(public, "public-page-result")

    for name, page in [("chair", chair), ("projector", projector), ("public", public)] + [
        (f"phone {d}", p) for d, p in phones.items()
    ]:
        assert page.evaluate("window.__marker") == "not reloaded", name
        assert_accessible(page, name)

    # the secret box is published: each voter finds their own ballot by the receipt
    for delegate, receipt in receipts.items():
        found = public_context.request.get(
            f"{hall.url}/api/v1/polls/{_poll_of(hall)}/box", params={"receipt": receipt}
        )
        assert found.ok and receipt in found.text(), delegate
    for context in contexts:
        context.close()


def _poll_of(hall: Hall) -> str:

    polls = [e for e in hall.server_journal() if e["kind"] == "poll.closed"]
    return str(polls[-1]["data"]["poll"])
