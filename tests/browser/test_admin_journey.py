"""A partner editor edits a page in both languages and submits it; a moderator publishes it."""

import contextlib
import re
import textwrap

import pytest

from tests.browser.seed import PASSWORD
from tests.browser.test_journeys import admin_login

pytestmark = pytest.mark.browser

SLUG = "invicta-security"  # a Kent County Council case study in the demo


def page_id(live_site):
    code = textwrap.dedent(
        f"""
        from wagtail.models import Page
        print(Page.objects.get(slug_en={SLUG!r}).id)
        """
    )
    return int(live_site.manage("shell", "-c", code).stdout.strip().splitlines()[-1])


def show_language(page, code):
    """wagtail-modeltranslation's picker shows one language's fields at a time."""
    field = page.locator(f"#id_title_{code}")
    if not field.is_visible():
        page.locator("button.locale-toggle", has_text=re.compile(f"^{code}$", re.I)).first.click()
    field.wait_for(state="visible")


def click_action(page, name):
    """A footer action, opening the "more actions" menu when it sits inside it."""
    button = page.locator(f"footer button[name='{name}'], form button[name='{name}']").first
    if not button.is_visible():
        page.locator(
            "footer .w-dropdown__toggle, footer [data-w-dropdown-target=toggle]"
        ).first.click()
    with page.expect_navigation():
        button.click()


def approve(moderator):
    """On a page's edit view: approve the moderation task (and confirm its comment dialog)."""
    approve = moderator.locator(
        "button[name='action-workflow-action'][value='approve'], "
        "button[data-workflow-action-name='approve']"
    ).first
    if not approve.is_visible():
        moderator.locator(
            "footer .w-dropdown__toggle, footer [data-w-dropdown-target=toggle]"
        ).first.click()
    before = moderator.url
    approve.click()
    # "Approve" may ask for an optional comment in a dialog before it publishes.
    confirm = moderator.locator(
        ".w-dialog button[type=submit]:visible, dialog button[type=submit]:visible"
    )
    for _ in range(50):
        if moderator.url != before:
            break
        if confirm.count():
            with moderator.expect_navigation():
                confirm.first.click()
            break
        moderator.wait_for_timeout(200)
    moderator.wait_for_load_state()
    assert "/edit/" not in moderator.url or "approved" in moderator.content().lower()


@contextlib.contextmanager
def signed_in(browser, live_site, viewport, username):
    """A page signed in to the admin as ``username``, in a browser context of its own."""
    from tests.browser.conftest import VIEWPORTS

    context = browser.new_context(base_url=live_site.url, viewport=VIEWPORTS[viewport])
    moderator = context.new_page()
    try:
        admin_login(moderator, username, PASSWORD)
        yield moderator
    finally:
        context.close()


def test_partner_editor_submits_and_moderator_publishes(browser, live_site, viewport):
    from tests.browser.conftest import VIEWPORTS

    pid = page_id(live_site)
    stamp = viewport
    new_en = f"Invicta Security: trust rebuilt after Covid-19 ({stamp})"
    new_fr = f"Invicta Security : la confiance retrouvée après le Covid-19 ({stamp})"

    editor_ctx = browser.new_context(base_url=live_site.url, viewport=VIEWPORTS[viewport])
    editor = editor_ctx.new_page()
    try:
        admin_login(editor, "editor", PASSWORD)
        editor.goto(f"/admin/pages/{pid}/edit/")
        show_language(editor, "en")
        editor.locator("#id_title_en").fill(new_en)
        show_language(editor, "fr")
        editor.locator("#id_title_fr").fill(new_fr)
        click_action(editor, "action-submit")
        body = editor.locator("body").inner_text()
        assert re.search(r"submitted|moderation", body, re.I), body[:600]
    finally:
        editor_ctx.close()

    # Not public yet.
    public_ctx = browser.new_context(base_url=live_site.url, viewport=VIEWPORTS[viewport])
    public = public_ctx.new_page()
    public.goto(f"/en/case-studies/{SLUG}/")
    assert new_en not in public.locator("h1").inner_text()

    with signed_in(browser, live_site, viewport, "moderator") as moderator:
        moderator.goto(f"/admin/pages/{pid}/edit/")
        assert moderator.locator("#id_title_fr").input_value() == new_fr
        approve(moderator)

    public.goto(f"/en/case-studies/{SLUG}/")
    assert public.locator("h1").inner_text().strip() == new_en
    public.locator("nav.lang-switcher a[hreflang=fr]").click()
    assert public.locator("h1").inner_text().strip() == new_fr
    public_ctx.close()
