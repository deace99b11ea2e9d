"""Bilingual editing as a partner editor: ASCII slugs, one warning, languages, stale flags.

The editor creates a toolkit whose French title has an apostrophe and accents (its French
address is plain ASCII), saves it with the summary in English only (one warning, once, however
often the editor autosaved), sees the languages the page really has on the public page, then
changes the English summary after the French one was written: the French summary is flagged
"may be out of date" in the edit form until it is saved.
"""

import re

import pytest

from tests.browser.test_admin_journey import show_language, signed_in

pytestmark = pytest.mark.browser


def save_draft(editor):
    """Save draft, and wait for the edit view it lands on (with its messages)."""
    with editor.expect_navigation():
        editor.locator("footer button.action-save").first.click()
    editor.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    editor.wait_for_load_state("load")
    editor.locator("footer button.action-save").first.wait_for()


def test_editor_sees_the_truth_about_both_languages(browser, live_site, viewport, tmp_path):
    stamp = viewport
    title_en = f"Mobile community grocery {stamp}"
    title_fr = f"L'épicerie solidaire mobile {stamp}"
    with signed_in(browser, live_site, viewport, "editor") as editor:
        index_id = live_site.manage(
            "shell",
            "-c",
            "from toolkits.models import ToolkitIndexPage as I; print(I.objects.get().id)",
        ).stdout.split()[-1]
        editor.goto(f"/admin/pages/add/toolkits/toolkitpage/{index_id}/")
        show_language(editor, "en")
        editor.locator("#id_title_en").fill(title_en)
        editor.locator("#id_summary_en").fill("A van that brings food to villages.")
        show_language(editor, "fr")
        editor.locator("#id_title_fr").fill(title_fr)
        editor.locator("#id_title_fr").blur()
        # The automatic French slug, as the admin's script writes it, is ASCII.
        slug_fr = editor.locator("#id_slug_fr")
        if slug_fr.is_visible():
            assert slug_fr.input_value().isascii(), slug_fr.input_value()
        editor.wait_for_timeout(1500)  # let an autosave happen, as it does for a real editor
        save_draft(editor)
        messages = editor.locator(".messages").inner_text()
        assert messages.count("translate them when you can") == 1, messages
        assert "summary (French)" in messages
        page_id = re.search(r"/admin/pages/(\d+)/edit/", editor.url).group(1)

        stored = live_site.manage(
            "shell",
            "-c",
            f"from wagtail.models import Page; p = Page.objects.get(pk={page_id}).specific"
            ".get_latest_revision_as_object(); print(p.slug_fr, p.in_english, p.in_french)",
        ).stdout.split()
        assert stored[-3] == f"l-epicerie-solidaire-mobile-{stamp}", stored
        assert stored[-2:] == ["True", "False"], stored  # English only: no French text yet

        # The French summary is written, then the English one changes: French may be stale.
        show_language(editor, "fr")
        editor.locator("#id_summary_fr").fill("Une camionnette qui apporte à manger.")
        save_draft(editor)
        show_language(editor, "en")
        editor.locator("#id_summary_en").fill("A van that brings food and advice to villages.")
        save_draft(editor)
        panel = editor.locator(".hub-stale-translations")
        assert "Summary (French) may be out of date" in panel.inner_text()
        show_language(editor, "fr")
        hint = editor.locator(".hub-stale-hint")
        assert hint.count() == 1 and hint.first.is_visible()
        editor.screenshot(path=str(tmp_path / f"stale-{stamp}.png"))

        editor.locator("#id_summary_fr").fill("Une camionnette qui apporte à manger et conseille.")
        save_draft(editor)
        assert editor.locator(".hub-stale-translations").count() == 0
