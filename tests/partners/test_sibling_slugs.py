"""Sibling slugs are checked in each language (hub.sibling_slugs) without loading every sibling:
the page's own check and the admin form's refuse the same clashes as wagtail-modeltranslation's,
and the work does not grow with the number of siblings."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models.signals import post_init
from django.urls import reverse
from wagtail.models import Page

from hub.sibling_slugs import _is_modeltranslation_form

from .factories import add_page
from .helpers import toolkit_form_data


def errors_of(page):
    with pytest.raises(ValidationError) as caught:
        page.full_clean()
    return caught.value.message_dict


def test_a_french_slug_of_a_sibling_is_refused_in_french_only(world):
    page = world.kent_page
    page.slug_fr = world.fin_page.slug_fr
    errors = errors_of(page)
    assert errors["slug_fr"] == ["This slug is already in use"]
    assert "slug_en" not in errors


def test_a_sibling_without_a_french_slug_clashes_through_its_english_one(world):
    other = world.fin_page
    other.slug_fr = ""
    other.save()
    page = world.kent_page
    page.slug_fr = other.slug_en  # the sibling's address in French falls back to this
    assert "slug_fr" in errors_of(page)


def test_distinct_slugs_pass_and_a_page_does_not_clash_with_itself(world):
    page = world.kent_page
    page.full_clean()
    page.slug_fr = "une-adresse-libre"
    page.full_clean()


def test_the_editor_is_told_which_language_clashes(client, world):
    from toolkits.models import ToolkitPage

    client.force_login(world.moderator)
    page = world.kent_page
    data = toolkit_form_data(page, slug_fr=world.fin_page.slug_fr)
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 200  # the form again, not a redirect
    form = response.context["form"]
    assert form.errors["slug_fr"] == ["This slug is already in use"]
    assert "slug_en" not in form.errors
    assert ToolkitPage.objects.get(pk=page.pk).slug_fr == "kent-toolkit-fr"


def test_no_page_form_keeps_the_check_that_loads_every_sibling():
    from django.apps import apps

    for model in apps.get_models():
        if issubclass(model, Page):
            assert not any(_is_modeltranslation_form(c) for c in model.base_form_class.__mro__)


def test_the_check_reads_the_candidates_not_every_sibling(world):
    from toolkits.models import ToolkitPage

    for n in range(30):
        add_page(world.toolkits, ToolkitPage, f"sibling-{n:02d}", publish=False)
    built = []

    def count(sender, instance, **kwargs):
        if isinstance(instance, Page):
            built.append(instance.pk)

    page = ToolkitPage.objects.get(pk=world.kent_page.pk)
    page.slug_fr = "sibling-07-fr"
    post_init.connect(count)
    try:
        errors = errors_of(page)
    finally:
        post_init.disconnect(count)
    assert "slug_fr" in errors
    assert len(built) <= 3, built  # the parent and the one clashing sibling
