"""Rich text the editor cannot parse: stored cleaned, and opened cleaned (never a 500).

Misnested HTML such as ``<p><b>bold</p></b>`` can reach the database only from a shell, an
import or a migration; Wagtail's editor converter stops on it with "Unmatched tags".
"""

import json

import pytest
from wagtail.models import Page, Revision

from hub.models import StandardPage
from hub.richtext import clean_rich_text, readable
from toolkits.models import ToolkitIndexPage

pytestmark = pytest.mark.django_db

BROKEN = "<p>Opening <b>bold <i>words</p></b> and the rest</i>"


def _page(home):
    page = home.add_child(instance=StandardPage(title="Markup", slug="markup", title_en="Markup"))
    page.save_revision()
    return page


def _store_raw(page, body_html):
    """What a migration does: the rows and the latest revision hold the HTML as it is."""
    stream = json.dumps([{"type": "paragraph", "value": body_html, "id": "b1"}])
    StandardPage.objects.filter(pk=page.pk).update(body_en=stream)
    revision = Revision.objects.get(pk=page.latest_revision_id)
    revision.content = dict(revision.content, body_en=stream)
    revision.save(update_fields=["content"])


def test_the_editor_converter_fails_on_this_markup():
    assert not readable(BROKEN)
    cleaned = clean_rich_text(BROKEN)
    assert readable(cleaned)
    assert "<b>bold <i>words</i></b>" in cleaned


def test_the_edit_view_opens_such_a_page_cleaned_with_a_warning(admin_client, home):
    page = _page(home)
    _store_raw(page, BROKEN)
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "markup the editor cannot read (Body" in content
    # The editor receives the words, cleaned up, in its own format.
    assert "Opening " in content and "bold " in content and "and the rest" in content


def test_the_edit_view_opens_a_rich_text_field_with_such_markup(admin_client, home):
    index = home.add_child(
        instance=ToolkitIndexPage(title="Toolkits", slug="toolkits", title_en="Toolkits")
    )
    Page.objects.filter(pk=index.pk).update()  # the row exists; store the markup raw:
    ToolkitIndexPage.objects.filter(pk=index.pk).update(intro_en=BROKEN)
    response = admin_client.get(f"/admin/pages/{index.pk}/edit/")
    assert response.status_code == 200
    assert "markup the editor cannot read" in response.content.decode()


def test_a_page_saved_from_a_shell_or_an_import_is_stored_as_the_editor_would(home):
    page = _page(home)
    page.body_en = [("paragraph", BROKEN)]
    page.save_revision().publish()
    stored = StandardPage.objects.get(pk=page.pk)
    html = stored.body_en[0].value.source
    assert readable(html) and "<b>bold <i>words</i></b>" in html
    revision_html = Revision.objects.get(pk=stored.latest_revision_id).content["body_en"]
    assert "</p></b>" not in json.dumps(revision_html)
