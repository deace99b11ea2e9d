"""Model rules of wayfinding and identity: the alt-text rule, related resources chosen or
computed, the default main menu."""

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from wagtail.models import Site

from hub.browse.related import closest_pks
from hub.browse.wayfinding import default_menu_pages
from hub.models import NavLink, RelatedResource, ResourcePage
from hub.templatetags.hub_tags import navigation
from tests.library.factories import (
    CaseStudyFactory,
    PublicationFactory,
    ToolkitFactory,
    TownCentrePlanFactory,
    index_for,
)

pytestmark = pytest.mark.django_db


# Alt text ---------------------------------------------------------------------------------


def test_an_image_needs_its_text_alternative_in_each_language_of_the_resource(home, picture):
    toolkit = ToolkitFactory(home=home)
    toolkit.image = picture
    with pytest.raises(ValidationError) as raised:
        toolkit.full_clean()
    assert set(raised.value.message_dict) >= {"image_alt_en", "image_alt_fr"}

    toolkit.image_alt_en = "A basket of vegetables."
    with pytest.raises(ValidationError) as raised:
        toolkit.full_clean()
    assert "image_alt_fr" in raised.value.message_dict and "image_alt_en" not in (
        raised.value.message_dict
    )

    toolkit.in_french = False  # an English-only resource needs the English text only
    toolkit.full_clean()


def test_no_image_no_text_alternative_needed(home):
    toolkit = ToolkitFactory(home=home)
    toolkit.full_clean()


def test_the_admin_form_refuses_an_image_without_its_text_alternative(admin_client, home, picture):
    from tests.library.test_pages import base_data
    from toolkits.models import PublicationPage

    parent = index_for(home, PublicationPage)
    url = reverse("wagtailadmin_pages:add", args=("toolkits", "publicationpage", parent.pk))
    data = {"publication_type": "report", "publisher": "KCC", "image": picture.pk}
    response = admin_client.post(url, base_data("with-image", **data))
    assert response.status_code == 200
    assert "Describe the image" in response.content.decode()
    assert not ResourcePage.objects.filter(slug_en="with-image").exists()

    data.update(image_alt_en="A basket.", image_alt_fr="Un panier.")
    response = admin_client.post(url, base_data("with-image", **data))
    assert response.status_code == 302
    saved = ResourcePage.objects.get(slug_en="with-image")
    assert saved.image_id == picture.pk and saved.image_alt_fr == "Un panier."


# Related resources --------------------------------------------------------------------------


def test_closest_by_shared_themes_partner_and_place(filed):
    # The publication shares the theme, the partner and the place with the vouchers toolkit;
    # the training toolkit shares the theme and the kind; the digital toolkit only the kind.
    pks = closest_pks(filed["vouchers"], limit=3)
    assert pks[0] == filed["report"].pk
    assert filed["vouchers"].pk not in pks
    assert filed["digital"].pk not in pks[:2]


def test_related_resources_are_the_editors_choice_when_there_is_one(filed):
    page = filed["vouchers"]
    RelatedResource.objects.create(page=page, resource=filed["digital"], sort_order=0)
    page = ResourcePage.objects.get(pk=page.pk).specific
    assert [r.pk for r in page.related_pages()] == [filed["digital"].pk]


def test_related_resources_are_never_empty_while_the_library_has_neighbours(home):
    lonely = ToolkitFactory(home=home)  # no theme, partner or place
    other = CaseStudyFactory(home=home)
    assert [r.pk for r in ResourcePage.objects.get(pk=lonely.pk).specific.related_pages()] == [
        other.pk
    ]


def test_the_closest_resources_cost_one_query_however_many_candidates(
    home, filed, django_assert_num_queries
):
    from hub.browse.facet_index import get_index

    for _ in range(20):
        PublicationFactory(home=home, themes=list(filed["vouchers"].themes.all()))
    TownCentrePlanFactory(home=home)
    get_index()  # built once per content generation, not per page
    page = ResourcePage.objects.get(pk=filed["vouchers"].pk).specific
    page.prefetch_relations()  # what the page's view does first (the editor chose none)
    with django_assert_num_queries(1):
        assert len(page.related_pages()) == 3


# Main menu ----------------------------------------------------------------------------------

DEFAULT_TITLES = [
    "Library",
    "Toolkits",
    "Town-centre plans",
    "Case studies",
    "Publications",
    "Workshops",
    "Programmes",
    "About",
]
DEFAULT_TITLES_FR = [
    "Bibliothèque",
    "Boîtes à outils",
    "Plans de centre-ville",
    "Études de cas",
    "Publications",
    "Ateliers",
    "Programmes",
    "À propos",
]


def _header_labels(lang="en"):
    from django.utils import translation

    request = RequestFactory().get(f"/{lang}/")
    request._wagtail_site = Site.objects.get(is_default_site=True)
    with translation.override(lang):
        return [str(item["label"]) for item in navigation({"request": request}, "header")]


def test_fresh_site_menu_defaults_to_every_section(home):
    """No link chosen by moderators: the menu leads to the sections the site has, in order."""
    from case_studies.demo import load_index as load_case_studies
    from hub.demo import load_about_pages, load_library
    from tests.workshops.factories import make_index
    from toolkits.demo import load_indexes

    load_library(home)
    load_indexes(home)
    load_case_studies(home)
    make_index(home)
    load_about_pages(home)
    from programmes.models import ProgrammeIndexPage

    programmes = ProgrammeIndexPage(title="Programmes", slug="programmes")
    programmes.title_en = programmes.title_fr = programmes.slug_en = "Programmes"
    programmes.slug_en = programmes.slug_fr = "programmes"
    home.add_child(instance=programmes)
    programmes.save_revision().publish()
    assert not NavLink.objects.exists()
    assert _header_labels("en") == DEFAULT_TITLES
    assert _header_labels("fr") == DEFAULT_TITLES_FR
    site = Site.objects.get(is_default_site=True)
    assert default_menu_pages(site)[-1][0].slug_en == "about"


def test_demo_menu_is_the_default_written_as_editable_links(demo_site):
    site = Site.objects.get(is_default_site=True)
    header = NavLink.objects.filter(settings__site=site, location="header").order_by("sort_order")
    assert [link.label_en for link in header] == DEFAULT_TITLES
    assert [link.page.slug_en for link in header][0] == "library"
    assert _header_labels("en") == DEFAULT_TITLES
    assert _header_labels("fr") == DEFAULT_TITLES_FR
    # Loading the demo again changes nothing.
    from django.core.management import call_command

    call_command("load_demo", "--no-admin", verbosity=0)
    assert NavLink.objects.filter(settings__site=site, location="header").count() == 8


def test_moderators_links_replace_the_default(home):
    from hub.demo import load_about_pages, load_library
    from hub.models import NavigationSettings

    library = load_library(home)
    load_about_pages(home)
    nav = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    NavLink.objects.create(settings=nav, location="header", page=library, label_en="Browse")
    assert _header_labels("en") == ["Browse"]


def test_a_site_made_before_the_theme_and_partner_pages_gets_them_on_migrate(home):
    """The post_migrate step (hub.demo.ensure_taxonomy_pages): both indexes, published under
    home in both languages, and nothing made twice."""
    from django.core.management import call_command

    from hub.models import PartnerIndexPage, ThemeIndexPage

    assert not ThemeIndexPage.objects.exists()
    call_command("migrate", "hub", verbosity=0)
    themes = ThemeIndexPage.objects.child_of(home).live().get()
    partners = PartnerIndexPage.objects.child_of(home).live().get()
    assert (themes.slug_en, themes.slug_fr) == ("themes", "thematiques")
    assert (partners.title_en, partners.title_fr) == ("Partners", "Partenaires")
    call_command("migrate", "hub", verbosity=0)
    assert ThemeIndexPage.objects.count() == PartnerIndexPage.objects.count() == 1


def test_a_page_already_at_the_address_is_left_alone(home):
    from hub.demo import ensure_taxonomy_pages
    from hub.models import StandardPage, ThemeIndexPage

    home.add_child(instance=StandardPage(title="Themes", slug="themes", title_en="Themes"))
    ensure_taxonomy_pages()
    assert not ThemeIndexPage.objects.exists()
