"""Bilingual editing: fields side by side, one-language warnings, missing-translations report."""

import pytest
from django.urls import reverse

from hub.models import StandardPage
from hub.partners.translations import missing_translations, translatable_fields

from .factories import add_page
from .helpers import assert_allowed, messages_of, toolkit_form_data


def test_counted_fields_are_title_summary_and_each_translated_field():
    from toolkits.models import ToolkitPage

    fields = translatable_fields(ToolkitPage)
    assert fields[:2] == ["title", "summary"]
    assert "body" in fields
    assert "slug" not in fields and "seo_title" not in fields


def test_a_field_empty_in_both_languages_is_not_missing(world):
    page = world.kent_page
    assert missing_translations(page) == {"en": [], "fr": ["summary"]}
    page.summary_en = ""
    assert missing_translations(page) == {"en": [], "fr": []}


def test_french_and_english_fields_sit_together_in_the_editor(client, world):
    client.force_login(world.moderator)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[world.kent_page.pk]))
    assert_allowed(response)
    names = list(response.context["form"].fields)
    for field in ("title", "summary", "body"):
        assert names.index(f"{field}_fr") == names.index(f"{field}_en") + 1, names
    html = response.content.decode()
    assert "js/admin-translations.js" in html
    assert "css/admin-translations.css" in html


def test_saving_with_one_language_only_warns_without_blocking(client, world):
    from toolkits.models import ToolkitPage

    client.force_login(world.kent_editor)
    page = world.kent_page
    data = toolkit_form_data(page, summary_en="Only in English now", summary_fr="")
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data, follow=True)
    assert_allowed(response)
    warnings = [m for m in messages_of(response) if "one language only" in m]
    assert len(warnings) == 1
    assert "summary (French)" in warnings[0]
    draft = ToolkitPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert draft.summary_en == "Only in English now"  # saved all the same


def test_no_warning_when_both_languages_are_filled(client, world):
    client.force_login(world.kent_editor)
    page = world.kent_page
    data = toolkit_form_data(page, summary_en="Both", summary_fr="Les deux")
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data, follow=True)
    assert not [m for m in messages_of(response) if "one language only" in m]


def test_warning_on_creation_too(client, world):
    client.force_login(world.fin_editor)
    url = reverse("wagtailadmin_pages:add", args=["toolkits", "toolkitpage", world.toolkits.pk])
    data = toolkit_form_data(summary_fr="Résumé en français seulement")
    response = client.post(url, data, follow=True)
    assert_allowed(response)
    warning = next(m for m in messages_of(response) if "one language only" in m)
    assert "summary (English)" in warning and "title" not in warning


# The report ------------------------------------------------------------------------------


def _report(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("hub_missing_translations"), params)
    assert_allowed(response)
    return response


def _listed(response):
    return {row.page.pk for row in response.context["object_list"]}


def test_report_lists_every_page_with_one_language_fields(client, world):
    response = _report(client, world.moderator)
    listed = _listed(response)
    assert world.kent_page.pk in listed  # summary in English only
    assert world.fin_page.pk in listed  # summary in French only
    assert world.kent_draft.pk not in listed  # complete: both titles, no summary
    counts = response.context["counts"]
    assert counts["pages"] == len(listed)
    assert counts["en"] >= 1 and counts["fr"] >= 1
    html = response.content.decode()
    assert "Missing in English" in html and "Missing in French" in html


def test_report_filters_by_partner_kind_and_language(client, world):
    kent_only = _listed(_report(client, world.moderator, partner=world.kent.pk))
    assert world.kent_page.pk in kent_only and world.fin_page.pk not in kent_only
    toolkits = _listed(_report(client, world.moderator, kind="toolkit"))
    assert {world.kent_page.pk, world.fin_page.pk} <= toolkits
    assert not _listed(_report(client, world.moderator, kind="case_study"))
    other = add_page(world.home, StandardPage, "about-us", title_fr="")
    other_pages = _listed(_report(client, world.moderator, kind="other"))
    assert other_pages == {other.pk}
    missing_fr = _listed(_report(client, world.moderator, language="fr"))
    assert world.kent_page.pk in missing_fr and world.fin_page.pk not in missing_fr


def test_a_translation_saved_as_a_draft_leaves_the_report(client, world):
    page = world.kent_page
    assert page.pk in _listed(_report(client, world.moderator))
    client.force_login(world.kent_editor)
    data = toolkit_form_data(page, summary_fr="Résumé traduit")
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert page.pk not in _listed(_report(client, world.moderator))


def test_partner_editors_see_their_own_pages_only(client, world):
    response = _report(client, world.kent_editor)
    listed = _listed(response)
    assert world.kent_page.pk in listed and world.fin_page.pk not in listed
    choices = list(response.context["filters"].form.fields["partner"].queryset)
    assert choices == [world.kent]


def test_report_exports_a_spreadsheet(client, world):
    response = _report(client, world.moderator, export="csv")
    body = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else (response.content.decode())
    )
    assert "Missing in French" in body
    assert world.kent_page.title_en in body


def test_report_query_count_does_not_grow_with_pages(client, world):
    """Computed (first request after a change) or cached, the cost does not grow with pages."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from toolkits.models import ToolkitPage

    client.force_login(world.moderator)
    url = reverse("hub_missing_translations")
    client.get(url)  # session, content types and permissions warmed up
    add_page(world.toolkits, ToolkitPage, "one-more", [world.kent], summary_en="x")
    with CaptureQueriesContext(connection) as computed_small:
        client.get(url)
    with CaptureQueriesContext(connection) as cached_small:
        client.get(url)
    for n in range(8):
        add_page(world.toolkits, ToolkitPage, f"more-{n}", [world.kent], summary_en="x")
    with CaptureQueriesContext(connection) as computed_large:
        response = client.get(url)
    with CaptureQueriesContext(connection) as cached_large:
        client.get(url)
    assert len(_listed(response)) >= 10
    assert len(computed_large) <= len(computed_small)
    assert len(cached_large) <= len(cached_small)
    assert len(cached_small) < len(computed_small)


@pytest.mark.parametrize("who", ["kent_editor", "moderator"])
def test_report_is_in_the_reports_menu(client, world, who):
    client.force_login(getattr(world, who))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("hub_missing_translations") in html
