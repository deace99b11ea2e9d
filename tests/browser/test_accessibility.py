"""axe-core at the WCAG 2.2 AA tags on forms in their states, and keyboard use.

Every page type in both languages at 320, 390 and 1280 px is checked by axe-core in
tests/browser/test_pages.py (the page list is tests/browser/pages.py), with one page load for
all of that page's gates; this file covers what needs a journey: forms with their errors, the
participants' private page, registration with the keyboard alone.
"""

import re

import pytest

pytestmark = pytest.mark.browser

# The indexes the journeys below start from.
KIND_PREFIXES = {
    "toolkit": ("/en/toolkits/", "/fr/boites-a-outils/"),
    "town-centre plan": ("/en/town-centre-plans/", "/fr/plans-de-centre-ville/"),
    "case study": ("/en/case-studies/", "/fr/etudes-de-cas/"),
    "publication": ("/en/publications/", "/fr/publications/"),
    "workshop": ("/en/workshops/", "/fr/ateliers/"),
}


def upcoming_workshop(page, lang="en"):
    index = KIND_PREFIXES["workshop"][0 if lang == "en" else 1]
    page.goto(index)
    for link in page.locator(f"main a[href^='{index}']").all():
        href = link.get_attribute("href")
        if href.rstrip("/") == index.rstrip("/") or href.endswith((".ics", "/feed/")):
            continue
        page.goto(href)
        if page.locator("form.workshop-form").count():
            return href
        page.goto(index)
    pytest.fail(f"no workshop open for registration under {index}")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_registration_form_with_its_errors(page, check_axe, lang):
    upcoming_workshop(page, lang)
    check_axe(page, "registration form")
    form = page.locator("form.workshop-form")
    form.locator("input[name=email]").fill("not an email")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    errors = page.locator(
        "form.workshop-form [id$='_error'], form.workshop-form .error, "
        "form.workshop-form .errorlist, [role=alert]"
    )
    assert errors.count() > 0, "the form shows no error message"
    # The summary keeps the focus once the page has scrolled to the form's #registration.
    page.wait_for_timeout(300)
    assert page.evaluate("() => document.activeElement.matches('[data-error-summary]')")
    check_axe(page, "registration form with errors")


def test_registration_with_the_keyboard_alone(page, live_site, viewport):
    href = upcoming_workshop(page)
    page.goto(href + "#registration")
    order = []
    target_ids = ["id_name", "id_email", "id_organisation", "id_country"]
    page.locator("#id_name").focus()
    for _ in range(40):
        focused = page.evaluate("() => document.activeElement.id || document.activeElement.tagName")
        order.append(focused)
        if focused == "id_name":
            page.keyboard.type("Kim Keyboard")
        elif focused == "id_email":
            page.keyboard.type("kim.keyboard@example.org")
        elif focused == "id_consent_privacy":
            page.keyboard.press("Space")
        elif focused == "BUTTON":
            break
        page.keyboard.press("Tab")
    fields = [f for f in order if f.startswith("id_")]
    # The visible fields in reading order, the honeypot never reached.
    assert [f for f in fields if f in target_ids] == target_ids, order
    assert "id_website" not in order, "the hidden anti-spam field takes the focus"
    assert fields.index("id_consent_privacy") > fields.index("id_email")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    body = page.locator("main").inner_text()
    assert re.search(r"registered|confirm|check your (email|inbox)|waiting list", body, re.I), body[
        :500
    ]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_note_form_with_its_errors(page, live_site, check_axe, viewport, lang):
    """The participants' private page with the note form, then with its error showing."""
    from tests.browser.test_journeys import (
        private_link_for,
        register,
        reopen_workshop,
        start_workshop_now,
    )

    email = f"axe-note.{lang}.{viewport}@example.org"
    workshop = register(page, live_site, f"Axel Notes {lang} {viewport}", email)
    link = private_link_for(live_site, email)
    start_workshop_now(live_site, workshop)
    try:
        _check_note_form(page, check_axe, link, lang)
    finally:
        # Give the workshop back to the tests that need one open for registration.
        reopen_workshop(live_site, workshop)


def _check_note_form(page, check_axe, link, lang):
    if lang == "fr":
        link = link.replace("/en/", "/fr/", 1)
    page.goto(link)
    assert page.locator("html").get_attribute("lang") == lang
    form = page.locator("form:has(input[name=action][value=note_add])")
    assert form.count() == 1, "the note form is not offered"
    check_axe(page, f"note form ({lang})")
    # Spaces pass the browser's own "required" check and are refused by the server.
    form.locator("textarea[name=body]").fill("   ")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    error = page.locator("form:has(input[name=action][value=note_add]) [id$='_error']")
    assert error.count() > 0, "the note form shows no error message"
    assert page.locator("textarea[name=body]").get_attribute("aria-invalid") == "true"
    check_axe(page, f"note form with errors ({lang})")
