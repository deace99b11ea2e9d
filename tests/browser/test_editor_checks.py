"""Checks in the editor: a partner editor meets the user bar and Wagtail's Checks panel.

On a public page the signed-in editor gets the user bar (its scripts and styles load within the
public CSP: the harness fails the test on any violation); anonymous visitors do not. In the page
editor, the Checks panel runs the accessibility checker and the content metrics on the preview,
which the admin may frame.
"""

import re

import pytest

from tests.browser.test_admin_journey import signed_in

pytestmark = pytest.mark.browser

PAGE = "/en/publications/lessons-learnt/"


def test_editor_gets_the_user_bar_and_the_checks(browser, live_site, viewport, page):
    page.goto(PAGE)
    assert page.locator("wagtail-userbar").count() == 0  # anonymous visitor

    with signed_in(browser, live_site, viewport, "editor") as editor:
        violations = []
        editor.on(
            "console",
            lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
        )
        editor.goto(PAGE)
        userbar = editor.locator("wagtail-userbar")
        userbar.locator("#wagtail-userbar-trigger").click()
        items = userbar.locator("[role=menuitem]")
        items.first.wait_for()
        labels = " ".join(items.all_inner_texts())
        assert "Edit this page" in labels and "Checks" in labels, labels
        edit_url = userbar.get_by_role("menuitem", name=re.compile("Edit this page")).get_attribute(
            "href"
        )

        editor.goto(edit_url)
        editor.locator("[data-side-panel-toggle='checks']").first.click()
        panel = editor.locator("[data-side-panel='checks']")
        editor.wait_for_function(
            """() => { const p = document.querySelector("[data-side-panel='checks']");
                       return p && /Words\\s*\\d+/.test(p.innerText); }""",
            timeout=60_000,
        )
        text = panel.inner_text()
        assert re.search(r"Words\s*\d+", text), text
        assert "Issues found" in text
        assert not violations, violations
