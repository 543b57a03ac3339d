"""The chair's console by keyboard, safely, in a real browser: a key that opens a form puts
the focus in its first field; typing in a field fires no key; destructive keys ask first,
in the page; a closed list is reopened; a speaker struck off; names completed as typed;
an amendment to strike and insert, previewed, stated and adopted."""

from __future__ import annotations

from typing import Any

from hall import Hall, assert_accessible, log_in, screenshot, wait_until

DECREE = "The congress demands an immediate peace, bread and land for all."


def settled(page: Any) -> None:
    """htmx has swapped, settled and wired up what an act drew (keys act on it)."""
    busy = ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added"
    wait_until(page, f"!document.querySelector({busy!r})")
    page.wait_for_timeout(50)


def focused(page: Any) -> str:
    return str(page.evaluate("document.activeElement ? document.activeElement.id : ''"))


def _console(browser: Any, hall: Hall, width: int = 1280, height: int = 800) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": width, "height": height})
    log_in(context, hall, "chair")
    page = context.new_page()
    page.goto(f"{hall.url}/chair/sessions/{hall.session}")
    page.locator("#live.open").wait_for()
    settled(page)
    return context, page


def test_keys_open_forms_with_the_focus_and_never_fire_while_typing(
    browser: Any, hall: Hall
) -> None:
    context, page = _console(browser, hall)
    page.keyboard.press("m")
    assert focused(page) == "move-motion"  # the form's first field, not the page
    page.keyboard.press("Tab")
    assert focused(page) == "move-mover"
    page.keyboard.type("la la")  # l closes the list, a adjourns: not while typing
    page.wait_for_timeout(300)
    assert page.locator("#confirm").is_hidden()
    assert "(closed)" not in page.locator("#chair-floor").inner_text()
    assert page.get_by_label("Mover (start typing a name)").input_value() == "la la"
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")  # the first closes the completions, the second the field
    assert focused(page) != "move-mover"
    context.close()


def test_destructive_keys_ask_first_and_a_closed_list_is_reopened(browser: Any, hall: Hall) -> None:
    context, page = _console(browser, hall)
    page.keyboard.press("l")
    confirm = page.locator("#confirm")
    confirm.wait_for()
    assert "Close the speakers' list?" in confirm.inner_text()
    assert focused(page) == "confirm-yes"
    assert_accessible(page, "chair console, asking before closing the list")
    screenshot(page, "confirm-close-list")
    page.keyboard.press("Escape")  # no: nothing happens
    assert confirm.is_hidden()
    page.wait_for_timeout(300)
    assert "(closed)" not in page.locator("#chair-floor").inner_text()
    page.keyboard.press("l")
    confirm.wait_for()
    page.keyboard.press("Enter")  # yes
    page.locator("#chair-floor", has_text="(closed)").wait_for()
    settled(page)
    page.get_by_role("button", name="Reopen the list").click()
    page.locator("#act-close-list").wait_for()
    assert "(closed)" not in page.locator("#chair-floor").inner_text()
    settled(page)
    page.keyboard.press("a")  # adjourn asks, in the page
    confirm.wait_for()
    assert "Close this session now?" in confirm.inner_text()
    page.get_by_role("button", name="No").click()
    assert confirm.is_hidden()
    page.wait_for_timeout(300)
    assert page.locator("#act-close-list").is_visible()  # still sitting
    context.close()


def test_names_complete_as_typed_and_a_speaker_is_struck_off(browser: Any, hall: Hall) -> None:
    context, page = _console(browser, hall)
    field = page.locator("#floor-delegate")  # the speakers' list's delegate field
    field.fill("")
    field.press_sequentially("delegate 2", delay=20)
    options = page.locator("#floor-delegate-options [role=option]")
    options.first.wait_for()
    assert field.get_attribute("aria-expanded") == "true"
    assert options.count() == 1
    page.locator("#floor-delegate-options").scroll_into_view_if_needed()
    screenshot(page, "name-completion")
    field.press("ArrowDown")
    assert field.get_attribute("aria-activedescendant") == "floor-delegate-option-0"
    field.press("Enter")  # takes the name; a second Enter sends the form
    assert field.input_value() == f"Delegate 2 ({hall.delegates[2]})"
    page.get_by_role("button", name="Add to the list").click()
    speakers = page.locator("#chair-floor .speakers")
    speakers.get_by_text("Delegate 2").wait_for()
    settled(page)
    page.get_by_role("button", name="Strike Delegate 2 off the list").click()
    page.get_by_text("Nobody is waiting to speak.").wait_for()
    assert_accessible(page, "chair console, after a speaker is struck off")
    context.close()


def _move_decree(page: Any, hall: Hall) -> None:
    page.keyboard.press("m")
    page.get_by_label("Mover (start typing a name)").fill(hall.delegates[0])
    page.get_by_label("Title (of a main motion)").fill("Decree")
    page.get_by_label("Text", exact=True).fill(DECREE)
    page.get_by_role("button", name="Record the motion").click()
    page.locator("#immediate", has_text="bread and land").wait_for()
    settled(page)
    page.get_by_label("Seconder (start typing a name)").fill(hall.delegates[1])
    page.get_by_label("Seconder (start typing a name)").press("Enter")
    page.locator("#immediate", has_text="seconded by").wait_for()
    settled(page)
    page.keyboard.press("s")
    page.locator("#immediate", has_text="pending").wait_for()
    settled(page)


def _decide(page: Any, yes: str, no: str) -> None:
    page.get_by_label("Method").select_option("show-of-hands")
    page.keyboard.press("v")
    page.get_by_label("yes", exact=True).wait_for()
    settled(page)
    page.get_by_label("yes", exact=True).fill(yes)
    page.get_by_label("no", exact=True).fill(no)
    page.get_by_label("no", exact=True).press("Enter")
    page.locator(".poll", has_text="Tellers' count").wait_for()
    settled(page)
    page.keyboard.press("Escape")
    page.keyboard.press("c")  # closing the poll asks first
    page.locator("#confirm").wait_for()
    page.keyboard.press("Enter")
    page.locator("#last-result").wait_for()
    settled(page)


def test_a_strike_and_insert_amendment_previewed_stated_and_adopted(
    browser: Any, hall: Hall
) -> None:
    context, page = _console(browser, hall)
    _move_decree(page, hall)
    page.keyboard.press("m")
    page.get_by_label("Motion", exact=True).select_option("amend")
    page.get_by_label("Mover (start typing a name)").fill(hall.delegates[2])
    page.get_by_label("The amendment", exact=True).select_option("strike-insert")
    page.get_by_label("Words to strike").fill("tsar")
    preview = page.locator("#amendment-preview")
    preview.get_by_text("the words “tsar” are not in the text").wait_for()
    page.get_by_label("Words to strike").fill("bread")
    page.get_by_label("Words to insert").fill("freedom")
    preview.locator("ins", has_text="freedom").wait_for()
    assert preview.locator("del").inner_text().endswith("bread]") or "bread" in (
        preview.locator("del").inner_text()
    )
    assert "to strike “bread” and insert “freedom”" in preview.inner_text()
    assert_accessible(page, "chair console, an amendment previewed")
    preview.scroll_into_view_if_needed()
    screenshot(page, "amendment-preview-1280")
    page.get_by_role("button", name="Record the motion").click()
    page.locator("#immediate ins", has_text="freedom").wait_for()
    settled(page)
    page.get_by_label("Seconder (start typing a name)").fill(hall.delegates[3])
    page.get_by_label("Seconder (start typing a name)").press("Enter")
    page.locator("#immediate", has_text="seconded by").wait_for()
    settled(page)
    page.keyboard.press("s")
    page.locator("#immediate", has_text="pending").wait_for()
    settled(page)
    page.locator("#immediate").scroll_into_view_if_needed()
    screenshot(page, "amendment-stated-1280")
    _decide(page, "5", "1")
    # the amendment adopted: the decree, immediately pending again, reads as amended
    page.locator("#immediate", has_text="peace, freedom and land").wait_for()
    page.locator("#immediate").scroll_into_view_if_needed()
    screenshot(page, "amendment-adopted-1280")
    context.close()


def test_the_amendment_preview_at_360_px(browser: Any, hall: Hall) -> None:
    context, page = _console(browser, hall, 360, 740)
    _move_decree(page, hall)
    page.keyboard.press("m")
    page.get_by_label("Motion", exact=True).select_option("amend")
    page.get_by_label("The amendment", exact=True).select_option("insert")
    page.get_by_label("Where").select_option("after")
    page.get_by_label("The words", exact=True).fill("land")
    page.get_by_label("Words to insert").fill("and liberty")
    page.locator("#amendment-preview ins", has_text="and liberty").wait_for()
    assert "to insert “and liberty” after “land”" in page.locator("#amendment-preview").inner_text()
    page.locator("#amendment-preview").scroll_into_view_if_needed()
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 360, wide
    screenshot(page, "amendment-preview-360")
    context.close()


def test_the_pending_amendment_on_the_phone_and_the_projector(browser: Any, hall: Hall) -> None:
    chair = browser.new_context()
    log_in(chair, hall, "chair")
    acts = f"{hall.url}/api/v1/sessions/{hall.session}/acts"
    moved = chair.request.post(
        f"{hall.url}/api/v1/sessions/{hall.session}/motions",
        data={"title": "Decree", "text": DECREE, "mover": hall.delegates[0]},
    )
    assert moved.ok, moved.text()
    main = moved.json()["motion"]
    for body in (
        {"act": "second", "question": main, "seconder": hall.delegates[1]},
        {"act": "state", "question": main},
        {
            "act": "move",
            "motion": "amend",
            "mover": hall.delegates[2],
            "change": {"operation": "strike-insert", "strike": "bread", "words": "freedom"},
        },
    ):
        answer = chair.request.post(acts, data=body)
        assert answer.ok, answer.text()
    phone = browser.new_context(viewport={"width": 360, "height": 740})
    log_in(phone, hall, hall.delegates[3])
    page = phone.new_page()
    page.goto(f"{hall.url}/phone")
    page.locator(".amendment-preview ins", has_text="freedom").wait_for()
    assert "bread" in page.locator(".amendment-preview del").inner_text()
    assert_accessible(page, "phone, an amendment pending")
    page.locator(".amendment-preview").scroll_into_view_if_needed()
    screenshot(page, "amendment-phone-360")
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 360, wide
    viewer = browser.new_context(viewport={"width": 1280, "height": 720})
    projector = viewer.new_page()
    projector.goto(f"{hall.url}/projector")
    projector.locator(".amendment-preview ins", has_text="freedom").wait_for()
    screenshot(projector, "amendment-projector-1280")
    for context in (chair, phone, viewer):
        context.close()


def test_a_roll_call_from_the_console(browser: Any, hall: Hall) -> None:
    context, page = _console(browser, hall)
    _move_decree(page, hall)
    page.get_by_label("Method").select_option("roll-call")
    page.keyboard.press("v")
    called = page.locator(".roll-call .big", has_text="Called:")
    called.wait_for()
    settled(page)
    assert_accessible(page, "chair console, a roll call")
    page.locator(".roll-call").scroll_into_view_if_needed()
    screenshot(page, "roll-call-1280")
    first = called.inner_text()
    page.locator(".roll-call").get_by_role("button", name="yes").click()
    page.locator(".roll-call .big", has_text="Called:").filter(has_not_text=first).wait_for()
    assert "1 of 6 answered" in page.locator(".roll-call summary").inner_text()
    context.close()
