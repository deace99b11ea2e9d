"""Every admin screen a partner editor uses, in French (an editor whose admin language is
French), at 390 and 1280 px: the hub's own words are French there, nothing runs off the
screen on the hub's own screens, and a screenshot of each goes to test-artifacts/screens/.

Then, at 390 px only, the editor journeys first written for the English admin (uploads,
bilingual editing, submit and publish, the user bar's Checks) walked once in French.
"""

import re

import pytest

from tests.browser.test_admin_import import SCREENS, no_sideways_scroll
from tests.browser.test_admin_journey import signed_in

pytestmark = pytest.mark.browser


def page_id(live_site, slug):
    code = f"from wagtail.models import Page; print(Page.objects.get(slug_en={slug!r}).id)"
    return int(live_site.manage("shell", "-c", code).stdout.split()[-1])


def test_a_french_speaking_editor_meets_the_admin_in_french(browser, live_site, viewport):
    lessons = page_id(live_site, "lessons-learnt")  # a Kent publication in the demo
    # (address, words of the hub's own that must read in French, the hub's own screen)
    screens = [
        ("/admin/", ["Importer des fichiers"], False),
        ("/admin/documents/", ["Documents"], False),
        ("/admin/images/", [], False),
        ("/admin/reports/missing-translations/", ["Traductions manquantes"], True),
        ("/admin/imports/", ["Rapports d’import", "Nouvel import"], True),
        ("/admin/imports/new/", ["Ce que contient le fichier ZIP", "Vérifier le fichier"], True),
        (f"/admin/pages/{lessons}/edit/", [], False),
    ]
    SCREENS.mkdir(parents=True, exist_ok=True)
    with signed_in(browser, live_site, viewport, "editrice") as editor:
        for address, words, ours in screens:
            response = editor.goto(address)
            assert response.status == 200, (address, response.status)
            assert editor.locator("html").get_attribute("lang").startswith("fr"), address
            # The menu is folded away on a phone: its words are read from the page, not the view.
            text = editor.locator("body").text_content()
            for word in words:
                assert word in text, (address, word)
            if ours:
                no_sideways_scroll(editor)
            name = re.sub(r"[^a-z0-9]+", "-", address.strip("/")).strip("-") or "home"
            editor.screenshot(path=str(SCREENS / f"admin-fr-{name}-{viewport}.png"), full_page=True)


def shell(live_site, code):
    return live_site.manage("shell", "-c", code).stdout.strip().splitlines()[-1]


def test_a_french_speaking_editor_walks_the_editor_journeys(browser, live_site, tmp_path):
    """At 390 px and in French, the journeys first written for the English admin: "Add a
    document" (the multiple uploader and its details form), a new toolkit written in both
    languages (one warning, the languages the page really has, a French summary flagged "may be
    out of date" once the English one changed), the document chosen inside the page editor,
    submitted for moderation; once a moderator approves, the user bar on the public page and the
    Checks panel of the editor. French words on every screen, and nothing runs off it."""
    from tests.browser.test_admin_journey import approve, click_action, show_language
    from tests.browser.test_bilingual_editing import save_draft
    from tests.documents import files

    viewport, stamp = "phone", "fr-390"
    SCREENS.mkdir(parents=True, exist_ok=True)

    def shot(page, name):
        page.screenshot(path=str(SCREENS / f"admin-fr-journey-{name}.png"), full_page=True)

    pdf = tmp_path / f"plan-tournee-{stamp}.pdf"
    pdf.write_bytes(files.make_pdf(f"La tournée solidaire dessert {stamp} douze villages."))
    doc_title = f"Plan de la tournée ({stamp})"
    index_id = shell(
        live_site, "from toolkits.models import ToolkitIndexPage as I; print(I.objects.get().id)"
    )
    title_en, title_fr = f"Community grocery round {stamp}", f"L'épicerie de la tournée {stamp}"

    with signed_in(browser, live_site, viewport, "editrice") as editor:
        # "Ajouter un document": the upload, then its details in the form Wagtail shows.
        editor.goto("/admin/documents/")
        editor.get_by_role("link", name="Ajouter un document").first.click()
        editor.wait_for_url("**/admin/documents/multiple/add/")
        editor.set_input_files("input[type=file]", [str(pdf)])
        item = editor.locator("#upload-list > li.upload-success").first
        item.wait_for()
        assert "Transfert réussi" in item.inner_text(), item.inner_text()
        no_sideways_scroll(editor)
        shot(editor, "upload")
        item.locator("input[name$='-title']").fill(doc_title)
        item.locator("select[name$='-language']").select_option("fr")
        item.get_by_role("button", name="Mettre à jour").click()
        item.wait_for(state="detached")

        # A new toolkit, its summary in English only: one warning, in French.
        editor.goto(f"/admin/pages/add/toolkits/toolkitpage/{index_id}/")
        # The language picker of wagtail-modeltranslation, in French (the hub's catalogue).
        assert "Voir / modifier les champs en" in editor.locator("body").inner_text()
        show_language(editor, "en")
        editor.locator("#id_title_en").fill(title_en)
        editor.locator("#id_summary_en").fill("A van that brings food to villages.")
        show_language(editor, "fr")
        editor.locator("#id_title_fr").fill(title_fr)
        # Typing fires the admin's slug script (keyup); a filled field only on leaving it.
        editor.locator("#id_title_fr").blur()
        editor.wait_for_timeout(1000)
        save_draft(editor)
        messages = editor.locator(".messages").inner_text()
        assert messages.count("traduisez-les dès que possible") == 1, messages
        no_sideways_scroll(editor)
        shot(editor, "one-language-warning")
        page_id = re.search(r"/admin/pages/(\d+)/edit/", editor.url).group(1)
        stored = shell(
            live_site,
            f"from wagtail.models import Page; p = Page.objects.get(pk={page_id}).specific"
            ".get_latest_revision_as_object(); print(p.slug_fr, p.in_english, p.in_french)",
        ).split()
        assert stored == [f"l-epicerie-de-la-tournee-{stamp}", "True", "False"], stored

        # The French summary, then a change to the English one: French may be out of date.
        show_language(editor, "fr")
        editor.locator("#id_summary_fr").fill("Une camionnette qui apporte à manger.")
        save_draft(editor)
        show_language(editor, "en")
        editor.locator("#id_summary_en").fill("A van that brings food and advice to villages.")
        save_draft(editor)
        panel = editor.locator(".hub-stale-translations").inner_text()
        assert "n’est peut-être plus à jour" in panel, panel
        show_language(editor, "fr")
        hint = editor.locator(".hub-stale-hint")
        assert hint.count() == 1 and "Peut-être plus à jour" in hint.first.inner_text()
        no_sideways_scroll(editor)
        shot(editor, "stale-translation")
        editor.locator("#id_summary_fr").fill("Une camionnette qui apporte à manger et conseille.")

        # The document uploaded above, chosen inside the page editor; then for moderation.
        first = editor.locator("[id^='inline_child_documents-']:not([id*='panel'])").count()
        editor.locator("#id_documents-ADD").click()
        chooser = editor.locator(f"#id_documents-{first}-document-chooser")
        chooser.get_by_role("button", name="Choisir un document").click()
        modal = editor.locator(".modal-dialog")
        modal.locator("input[name=q]").fill(doc_title)
        modal.locator("a[data-chooser-modal-choice]", has_text=doc_title).first.click()
        modal.wait_for(state="hidden")
        click_action(editor, "action-submit")
        body = editor.locator("body").inner_text()
        assert "soumise pour modération" in body, body[:800]
        shot(editor, "submitted")  # the section's listing (Wagtail's own screen)
        stale = shell(
            live_site,
            "from hub.models import StaleTranslation as S; "
            f"print(S.objects.filter(page_id={page_id}, stale=True).count())",
        )
        assert stale == "0", stale  # the French summary was saved with the submission

    with signed_in(browser, live_site, viewport, "moderator") as moderator:
        moderator.goto(f"/admin/pages/{page_id}/edit/")
        approve(moderator)

    public_fr = shell(
        live_site,
        "from django.utils import translation; from wagtail.models import Page; "
        f"translation.activate('fr'); print(Page.objects.get(pk={page_id}).specific.url)",
    )
    with signed_in(browser, live_site, viewport, "editrice") as editor:
        # The user bar on the public page speaks the editor's admin language.
        editor.goto(public_fr)
        assert editor.locator("h1").inner_text().strip() == title_fr
        # The documents table keeps whole words at 390 px ("Format", not "Form / at").
        lines = editor.locator(".resource-documents thead th").evaluate_all(
            """ths => ths.map(th => { const range = document.createRange();
                                     range.selectNodeContents(th);
                                     return range.getClientRects().length; })"""
        )
        assert lines and all(n == 1 for n in lines), lines
        userbar = editor.locator("wagtail-userbar")
        userbar.locator("#wagtail-userbar-trigger").click()
        items = userbar.locator("[role=menuitem]")
        items.first.wait_for()
        labels = " ".join(items.all_inner_texts())
        assert "Modifier cette page" in labels and "Vérifications" in labels, labels
        no_sideways_scroll(editor)
        shot(editor, "userbar")

        # The Checks panel in the editor: the accessibility checker and the word count.
        editor.goto(f"/admin/pages/{page_id}/edit/")
        editor.locator("[data-side-panel-toggle='checks']").first.click()
        editor.wait_for_function(
            """() => { const p = document.querySelector("[data-side-panel='checks']");
                       return p && /Mots\\s*\\d+/.test(p.innerText); }""",
            timeout=60_000,
        )
        text = editor.locator("[data-side-panel='checks']").inner_text()
        assert "Problèmes trouvés" in text, text
        shot(editor, "checks")
