"""axe-core at the WCAG 2.2 AA tags on every kind of page, in both languages, and keyboard use.

Pages are found from the demo site itself (its navigation and listings), so a page kind that a
feature adds is checked as soon as the demo shows it.
"""

import re

import pytest

pytestmark = pytest.mark.browser

# (label, English address, French address); None where a page kind has no fixed address.
FIXED = [
    ("home", "/en/", "/fr/"),
    ("standard page", "/en/about/", "/fr/a-propos/"),
    ("library", "/en/library/", "/fr/bibliotheque/"),
    (
        "filtered library",
        "/en/library/?kind=toolkit&theme=food-insecurity",
        "/fr/bibliotheque/?kind=toolkit&theme=food-insecurity",
    ),
    ("toolkit index", "/en/toolkits/", "/fr/boites-a-outils/"),
    ("town-centre plan index", "/en/town-centre-plans/", "/fr/plans-de-centre-ville/"),
    ("case study index", "/en/case-studies/", "/fr/etudes-de-cas/"),
    ("publication index", "/en/publications/", "/fr/publications/"),
    ("workshop index", "/en/workshops/", "/fr/ateliers/"),
    ("search results", "/en/search/?q=food", "/fr/search/?q=alimentaire"),
    ("empty search", "/en/search/?q=zzzzqqq", "/fr/search/?q=zzzzqqq"),
    ("404", "/en/no-such-page/", "/fr/pas-de-page/"),
    ("resend link", "/en/workshop/resend-link/", "/fr/workshop/resend-link/"),
    ("theme index", "/en/themes/", "/fr/thematiques/"),
    ("theme page", "/en/themes/food-insecurity/", "/fr/thematiques/precarite-alimentaire/"),
    ("partner index", "/en/partners/", "/fr/partenaires/"),
    ("partner page", "/en/partners/finistere/", "/fr/partenaires/finistere/"),
]
# One resource of each kind, found in the library by its kind label.
KIND_PREFIXES = {
    "toolkit": ("/en/toolkits/", "/fr/boites-a-outils/"),
    "town-centre plan": ("/en/town-centre-plans/", "/fr/plans-de-centre-ville/"),
    "case study": ("/en/case-studies/", "/fr/etudes-de-cas/"),
    "publication": ("/en/publications/", "/fr/publications/"),
    "workshop": ("/en/workshops/", "/fr/ateliers/"),
}


def first_link_under(page, prefix):
    hrefs = page.eval_on_selector_all(
        "main a[href]", "(links) => links.map((a) => a.getAttribute('href'))"
    )
    for href in hrefs:
        path = href.split("?")[0]
        if path.startswith(prefix) and path != prefix and not path.endswith(("/feed/", ".ics")):
            return href
    return None


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(("label", "en", "fr"), FIXED, ids=[row[0] for row in FIXED])
def test_fixed_pages(page, check_axe, label, en, fr, lang):
    page.goto(en if lang == "en" else fr)
    assert page.locator("html").get_attribute("lang") == lang
    check_axe(page, f"{label} ({lang})")


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("kind", list(KIND_PREFIXES))
def test_a_resource_of_each_kind(page, check_axe, kind, lang):
    index = KIND_PREFIXES[kind][0 if lang == "en" else 1]
    page.goto(index)
    href = first_link_under(page, index)
    assert href, f"no {kind} linked from {index}"
    page.goto(href)
    check_axe(page, f"{kind} {href}")


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
