"""A partner editor uploads documents and an image through the admin's main buttons.

The journey: "Add a document" (the multiple uploader) with a PDF and a Word file, their details
corrected in the forms shown after the upload (one is in French); "Add an image"; both listings
show the uploads, filed in the editor's partner's collection; the editor attaches the two
documents to one of their resources with the chooser inside the page editor and submits it; once
a moderator approves, an anonymous visitor finds each document's words with the site search.
"""

import textwrap

import pytest

from tests.browser.test_admin_journey import approve, click_action, signed_in
from tests.documents import files

pytestmark = pytest.mark.browser

PAGE_SLUG = "lessons-learnt"  # a Kent County Council publication in the demo


def shell(live_site, code):
    result = live_site.manage("shell", "-c", textwrap.dedent(code))
    return result.stdout.strip().splitlines()[-1]


def upload_documents(editor, paths):
    editor.goto("/admin/documents/")
    editor.get_by_role("link", name="Add a document").first.click()
    editor.wait_for_url("**/admin/documents/multiple/add/")
    editor.set_input_files("input[type=file]", [str(p) for p in paths])
    done = editor.locator("#upload-list > li.upload-success")
    done.nth(len(paths) - 1).wait_for()
    return {p.name: editor.locator("#upload-list > li", has_text=p.name) for p in paths}


def update(item, title, language=None):
    """Fill the details form shown after an upload and save it: Wagtail then removes it."""
    item.locator("input[name$='-title']").fill(title)
    if language:
        item.locator("select[name$='-language']").select_option(language)
    item.get_by_role("button", name="Update").click()
    item.wait_for(state="detached")


def choose_document(editor, index, title):
    editor.locator("#id_documents-ADD").click()
    chooser = editor.locator(f"#id_documents-{index}-document-chooser")
    chooser.get_by_role("button", name="Choose a document").click()
    modal = editor.locator(".modal-dialog")
    modal.locator("input[name=q]").fill(title)
    modal.locator("a[data-chooser-modal-choice]", has_text=title).first.click()
    modal.wait_for(state="hidden")


def test_editor_uploads_through_the_main_buttons_and_the_text_is_found(
    browser, live_site, viewport, tmp_path
):
    stamp = viewport
    en_word, fr_word = f"zorbplan{stamp}", f"quixcompte{stamp}"
    pdf = tmp_path / f"town-plan-{stamp}.pdf"
    pdf.write_bytes(files.make_pdf(f"The town plan names {en_word} as its first action."))
    docx = tmp_path / f"compte-rendu-{stamp}.docx"
    docx.write_bytes(files.make_docx(f"Le compte rendu cite {fr_word} deux fois."))
    image = tmp_path / f"market-{stamp}.png"
    from wagtail.images.tests.utils import get_test_image_file

    # A picture of its own per run: the same bytes twice would be answered by Wagtail's
    # duplicate check ("seems to be a duplicate… Keep new image / Delete new image"), not by
    # "Upload successful" (why the phone run, after the desktop one, once timed out here).
    colour = {"desktop": "#1d6b5f", "phone": "#8a3b12"}[stamp]
    image.write_bytes(get_test_image_file(size=(64, 48), colour=colour).file.getvalue())
    pdf_title, docx_title = f"Town plan ({stamp})", f"Compte rendu ({stamp})"
    page_id = int(
        shell(
            live_site,
            f"from wagtail.models import Page; print(Page.objects.get(slug_en={PAGE_SLUG!r}).id)",
        )
    )

    with signed_in(browser, live_site, viewport, "editor") as editor:
        items = upload_documents(editor, [pdf, docx])
        assert "Upload successful" in items[pdf.name].inner_text()
        editor.screenshot(path=str(tmp_path / "uploaded.png"), full_page=True)
        update(items[pdf.name], pdf_title)
        update(items[docx.name], docx_title, language="fr")

        editor.goto("/admin/images/")
        editor.get_by_role("link", name="Add an image").first.click()
        editor.wait_for_url("**/admin/images/multiple/add/")
        editor.set_input_files("input[type=file]", [str(image)])
        editor.locator("#upload-list > li.upload-success").first.wait_for()

        # Both listings show the uploads (an editor sees their partner's collection only).
        editor.goto("/admin/documents/")
        listing = editor.locator("main").inner_text()
        assert pdf_title in listing and docx_title in listing
        rows = editor.locator("tbody tr")
        for title in (pdf_title, docx_title):
            assert "text extracted" in rows.filter(has_text=title).inner_text().lower()
        editor.goto("/admin/images/")
        assert f"market-{stamp}" in editor.locator("main").inner_text()

        # Attached to one of the editor's resources with the chooser, then submitted.
        editor.goto(f"/admin/pages/{page_id}/edit/")
        first = editor.locator("[id^='inline_child_documents-']:not([id*='panel'])").count()
        choose_document(editor, first, pdf_title)
        choose_document(editor, first + 1, docx_title)
        click_action(editor, "action-submit")
        assert "submitted" in editor.locator("body").inner_text().lower()

    filed = shell(
        live_site,
        f"""
        from hub.models import HubDocument, Partner
        from wagtail.images import get_image_model
        kent = Partner.objects.get(slug="kent")
        docs = HubDocument.objects.filter(title__in=[{pdf_title!r}, {docx_title!r}])
        images = get_image_model().objects.filter(title__startswith="market-{stamp}")
        rows = [(d.title, d.language, d.collection_id == kent.collection_id, d.extraction_status)
                for d in docs.order_by("title")]
        print(rows + [all(i.collection_id == kent.collection_id for i in images), images.count()])
        """,
    )
    assert filed == repr(
        [(docx_title, "fr", True, "done"), (pdf_title, "en", True, "done"), True, 1]
    ), filed

    with signed_in(browser, live_site, viewport, "moderator") as moderator:
        moderator.goto(f"/admin/pages/{page_id}/edit/")
        approve(moderator)

    context = browser.new_context(base_url=live_site.url)
    public = context.new_page()
    try:
        for lang, word, title in (("en", en_word, pdf_title), ("fr", fr_word, docx_title)):
            public.goto(f"/{lang}/search/?q={word}")
            results = public.locator("main").inner_text()
            assert "Lessons learnt" in results or "enseignements" in results, results[:800]
            assert title in results, results[:800]
    finally:
        context.close()
