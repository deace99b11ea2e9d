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


def test_autosaves_add_no_message_and_the_save_warns_once(client, world):
    """Wagtail autosaves the editor every few seconds (JSON); only the editor's save speaks."""
    client.force_login(world.kent_editor)
    page = world.kent_page
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = toolkit_form_data(page, summary_en="Only in English", summary_fr="")
    for _ in range(3):
        autosave = client.post(url, data, headers={"accept": "application/json"})
        assert autosave.status_code == 200
        assert autosave.json()["success"], autosave.json()
    response = client.post(url, data, follow=True)
    warnings = [m for m in messages_of(response) if "one language only" in m]
    assert len(warnings) == 1, messages_of(response)


@pytest.mark.parametrize(
    ("title_fr", "typed", "stored"),
    [
        # Wagtail's automatic slugs, with accents or without the apostrophe's word break.
        (
            "L'épicerie solidaire mobile",
            "lépicerie-solidaire-mobile",
            "l-epicerie-solidaire-mobile",
        ),
        ("L’épicerie solidaire", "lepicerie-solidaire", "l-epicerie-solidaire"),
        # A slug of the editor's own keeps its words, without accents.
        ("Plan", "été-à-brest", "ete-a-brest"),
        ("Plan", "mon-plan-2024", "mon-plan-2024"),
    ],
)
def test_slugs_are_ascii_in_both_languages(client, world, title_fr, typed, stored):
    from toolkits.models import ToolkitPage

    client.force_login(world.kent_editor)
    url = reverse("wagtailadmin_pages:add", args=["toolkits", "toolkitpage", world.toolkits.pk])
    data = toolkit_form_data(
        title_en="Mobile grocery", slug_en="mobile-grocery", title_fr=title_fr, slug_fr=typed
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    page = ToolkitPage.objects.get(slug_en="mobile-grocery")
    assert page.slug_fr == stored
    assert page.get_latest_revision_as_object().slug_fr == stored


# "Available in": worked out from the filled fields ------------------------------------------


def _save_as_moderator(client, world, page, **fields):
    client.force_login(world.moderator)
    data = toolkit_form_data(page, **{"action-publish": "action-publish", **fields})
    data.pop("in_english", None), data.pop("in_french", None)
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


@pytest.mark.parametrize(
    ("fields", "languages"),
    [
        ({"summary_en": "Only English text", "summary_fr": ""}, ["en"]),
        ({"summary_en": "", "summary_fr": "Seulement en français"}, ["fr"]),
        ({"summary_en": "English", "summary_fr": "Français"}, ["en", "fr"]),
        # Nothing beyond the titles: the titles decide (both are filled here).
        ({"summary_en": "", "summary_fr": ""}, ["en", "fr"]),
    ],
)
def test_languages_are_worked_out_from_the_filled_fields(client, world, fields, languages):
    from toolkits.models import ToolkitPage

    response = _save_as_moderator(client, world, world.kent_page, **fields)
    assert response.status_code == 302, response.context["form"].errors
    page = ToolkitPage.objects.get(pk=world.kent_page.pk)
    assert page.languages == languages
    assert page.get_latest_revision_as_object().languages == languages


def test_the_checkboxes_are_gone_and_an_override_needs_a_reason(client, world):
    from toolkits.models import ToolkitPage

    client.force_login(world.kent_editor)
    form = client.get(reverse("wagtailadmin_pages:edit", args=[world.kent_page.pk])).context["form"]
    assert "in_english" not in form.fields and "in_french" not in form.fields
    assert "languages_override" in form.fields
    response = _save_as_moderator(
        client,
        world,
        world.kent_page,
        summary_en="Text",
        summary_fr="Texte",
        languages_override="en",
    )
    assert response.status_code == 200
    assert "languages_override_reason" in response.context["form"].errors
    response = _save_as_moderator(
        client,
        world,
        world.kent_page,
        summary_en="Text",
        summary_fr="Texte",
        languages_override="en",
        languages_override_reason="The French text is a machine draft",
    )
    assert response.status_code == 302
    assert ToolkitPage.objects.get(pk=world.kent_page.pk).languages == ["en"]


def test_the_public_page_says_the_languages_it_serves(client, world):
    _save_as_moderator(
        client, world, world.kent_page, summary_en="", summary_fr="Seulement en français"
    )
    client.logout()
    html = client.get(world.kent_page.get_url()).content.decode()
    assert '<span lang="fr">français</span>' in html
    assert '<span lang="en">English</span>' not in html.split("Languages", 1)[-1][:300]


# "May be out of date": a field changed in one language after the other was saved ------------


def _edit(client, page, **fields):
    data = toolkit_form_data(page, **fields)
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    return response


def _flags(page):
    from hub.models import StaleTranslation

    flagged = StaleTranslation.objects.filter(page_id=page.pk, stale=True)
    return sorted(flagged.values_list("field", "language"))


def test_a_change_in_one_language_flags_the_other_until_it_is_saved(client, world):
    client.force_login(world.kent_editor)
    page = world.kent_page
    _edit(client, page, summary_en="Vouchers for shops", summary_fr="Des bons pour les commerces")
    assert _flags(page) == []
    # The English summary changes; the French one, already written, stays as it was.
    _edit(
        client,
        page,
        summary_en="Vouchers for shops and cafés",
        summary_fr="Des bons pour les commerces",
    )
    assert _flags(page) == [("summary", "fr")]

    # The edit form says so at the top, and the report lists it.
    form_page = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert 'data-hub-stale-fields="summary_fr"' in form_page
    assert "Summary (French) may be out of date: the English text changed on" in form_page
    report = client.get(reverse("hub_missing_translations"))
    row = next(r for r in report.context["object_list"] if r.pk == page.pk)
    assert row.stale_french == "summary" and row.stale_english == ""
    assert "French: summary" in report.content.decode()
    french_only = client.get(reverse("hub_missing_translations") + "?language=fr")
    assert page.pk in [r.pk for r in french_only.context["object_list"]]

    # Saving the French summary clears the flag.
    _edit(
        client,
        page,
        summary_en="Vouchers for shops and cafés",
        summary_fr="Des bons pour les commerces et les cafés",
    )
    assert _flags(page) == []
    assert (
        "data-hub-stale-fields"
        not in client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    )


def test_no_flag_for_a_translation_never_written(client, world):
    client.force_login(world.kent_editor)
    page = world.kent_page
    _edit(client, page, summary_en="One", summary_fr="")
    _edit(client, page, summary_en="Two", summary_fr="")
    assert _flags(page) == []  # a missing translation, reported as such


def test_saving_the_same_revision_again_changes_nothing(client, world):
    """Wagtail's autosave saves the same revision again and again (JSON requests)."""
    client.force_login(world.kent_editor)
    page = world.kent_page
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    _edit(client, page, summary_en="One", summary_fr="Un")
    _edit(client, page, summary_en="Two", summary_fr="Un")
    assert _flags(page) == [("summary", "fr")]
    fixed = toolkit_form_data(page, summary_en="Two", summary_fr="Deux")
    for _ in range(3):
        client.post(url, fixed, headers={"accept": "application/json"})
        assert _flags(page) == []  # the translation caught up: nothing flagged in return


def test_changing_both_languages_at_once_flags_nothing(client, world):
    client.force_login(world.kent_editor)
    page = world.kent_page
    _edit(client, page, summary_en="One", summary_fr="Un")
    _edit(client, page, summary_en="Two", summary_fr="Un")
    assert _flags(page) == [("summary", "fr")]
    _edit(client, page, summary_en="Three", summary_fr="Trois")
    assert _flags(page) == []
