"""Each resource kind: created through the admin form, rendered in both languages with its
metadata, documents, other-language link, related resources and JSON-LD."""

import json
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from case_studies.models import CaseStudyPage
from hub.models import HubDocument, RelatedResource, ResourceDocument, Theme
from toolkits.models import PublicationPage, ToolkitPage, TownCentrePlanPage

from .factories import (
    CaseStudyFactory,
    PublicationFactory,
    ToolkitFactory,
    TownCentrePlanFactory,
    index_for,
)

pytestmark = pytest.mark.django_db


def base_data(slug, **extra):
    data = {
        "title_en": f"New {slug}",
        "title_fr": f"Nouveau {slug}",
        "slug_en": slug,
        "slug_fr": f"{slug}-fr",
        "summary_en": "Summary",
        "summary_fr": "Résumé",
        "date": "2023-02-01",
        "licence": "cc-by-4.0",
        "in_english": "on",
        "in_french": "on",
        "documents": inline_formset([]),
        "related_resources": inline_formset([]),
        "body_en": streamfield([]),
        "body_fr": streamfield([]),
    }
    data.update(extra)
    return nested_form_data(data)


FORMS = {
    ToolkitPage: lambda: base_data(
        "kit",
        body_en=streamfield(
            [
                (
                    "audience",
                    {"audiences": streamfield([("item", "Social workers")]), "prerequisites": ""},
                ),
                ("checklist", {"title": "Check", "items": streamfield([("item", "One")])}),
                (
                    "contact",
                    {
                        "name": "Team",
                        "role": "",
                        "organisation": "",
                        "phone": "",
                        "email": "team@example.org",
                    },
                ),
            ]
        ),
        body_fr=streamfield([("paragraph", rich_text("<p>Bonjour</p>"))]),
    ),
    TownCentrePlanPage: lambda: base_data(
        "plan",
        town="Morlaix",
        country="FR",
        population_band="5k-20k",
        plan_start="2022",
        plan_end="2026",
        vision_en="A lively centre",
        vision_fr="Un centre vivant",
        latitude="48.5777",
        longitude="-3.8279",
        indicators=inline_formset([]),
    ),
    PublicationPage: lambda: base_data("report", publication_type="report", publisher="KCC"),
    CaseStudyPage: lambda: base_data(
        "case",
        organisation="Invicta Security",
        sector="business",
        video_url="https://www.youtube.com/watch?v=abcdefghijk",
        video_transcript_en="Hello.",
        video_transcript_fr="Bonjour.",
        body_en=streamfield(
            [("story", {"part": "challenge", "heading": "", "text": rich_text("<p>Hard</p>")})]
        ),
        indicators=inline_formset(
            [
                {
                    "label_en": "apprenticeship opportunities",
                    "label_fr": "places d'apprentissage",
                    "value": "373",
                    "unit": "opportunities",
                    "kind": "output",
                }
            ]
        ),
    ),
}


@pytest.mark.parametrize("model", list(FORMS))
def test_can_create_through_the_admin_form(admin_client, home, model):
    parent = index_for(home, model)
    url = reverse(
        "wagtailadmin_pages:add",
        args=(model._meta.app_label, model._meta.model_name, parent.pk),
    )
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, FORMS[model]())
    if response.status_code != 302:
        form = response.context["form"]
        pytest.fail(f"form errors: {form.errors.as_data()} {getattr(form, 'formsets', '')}")
    page = model.objects.child_of(parent).get()
    assert page.kind == model.resource_kind
    assert page.title_fr.startswith("Nouveau")
    if model is CaseStudyPage:
        figure = page.indicators.get()
        assert (figure.label_fr, figure.value, figure.unit) == (
            "places d'apprentissage",
            373,
            "opportunities",
        )


def test_admin_form_refuses_cross_field_mistakes(admin_client, home):
    parent = index_for(home, CaseStudyPage)
    url = reverse("wagtailadmin_pages:add", args=("case_studies", "casestudypage", parent.pk))
    data = FORMS[CaseStudyPage]()
    data["video_transcript_en"] = data["video_transcript_fr"] = ""
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "video_transcript_en" in response.context["form"].errors
    parent = index_for(home, TownCentrePlanPage)
    url = reverse("wagtailadmin_pages:add", args=("toolkits", "towncentreplanpage", parent.pk))
    data = FORMS[TownCentrePlanPage]()
    data["plan_end"] = "2020"
    data["longitude"] = ""
    response = admin_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "plan_end" in errors and "longitude" in errors


def test_block_clean_rules():
    from wagtail.blocks import StructBlockValidationError

    from toolkits.blocks import ContactBlock, PriorityActionsBlock

    with pytest.raises(StructBlockValidationError):
        ContactBlock().clean(
            {"name": "X", "role": "", "organisation": "", "email": "", "phone": ""}
        )
    block = PriorityActionsBlock()
    value = block.to_python(
        {
            "heading": "P",
            "actions": [
                {
                    "action": "A",
                    "lead": "L",
                    "start_year": 2024,
                    "end_year": 2022,
                    "status": "planned",
                }
            ],
        }
    )
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


FACTORIES = [ToolkitFactory, TownCentrePlanFactory, PublicationFactory, CaseStudyFactory]
SCHEMA = {
    ToolkitPage: "HowTo",
    TownCentrePlanPage: "CreativeWork",
    PublicationPage: "Report",
    CaseStudyPage: "CreativeWork",
}


def json_ld(html):
    """The resource's own JSON-LD (the page also carries its BreadcrumbList)."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    found = [data for data in map(json.loads, blocks) if data["@type"] != "BreadcrumbList"]
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize("factory", FACTORIES)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_resource_page_in_both_languages(client, home, factory, lang):
    theme = Theme.objects.get(slug="food-insecurity")
    page = factory(home=home, themes=[theme], title_en="English title", title_fr="Titre français")
    other = ToolkitFactory(home=home, title_en="Other kit", title_fr="Autre boîte")
    RelatedResource.objects.create(page=page, resource=other)
    for code, name in (("en", "guide.txt"), ("fr", "guide-fr.txt")):
        doc = HubDocument(title=f"Guide {code}", language=code)
        doc.file.save(name, ContentFile(b"Some text"), save=False)
        doc.save()
        ResourceDocument.objects.create(page=page, document=doc)

    url = page.get_url() if lang == "en" else None
    if lang == "fr":
        from django.utils import translation

        with translation.override("fr"):
            url = page.get_url()
    assert url.startswith(f"/{lang}/")
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert ("English title" if lang == "en" else "Titre français") in html
    # Metadata, documents with format, size and language, related resources.
    assert re.search(r"<td>TXT</td>\s*<td>9\s*(bytes|octets)</td>", html.replace("\xa0", " "))
    assert "Guide en" in html and "Guide fr" in html
    assert ("Other kit" if lang == "en" else "Autre boîte") in html
    # Also available in the other language: a link to the same page's other-language URL.
    other_lang = "fr" if lang == "en" else "en"
    assert f'hreflang="{other_lang}" lang="{other_lang}"' in html
    # JSON-LD parses and describes the resource.
    data = json_ld(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == SCHEMA[type(page)]
    assert data["name"] == ("English title" if lang == "en" else "Titre français")
    assert data["associatedMedia"][0]["inLanguage"] in ("en", "fr")


def test_json_ld_escapes_markup(client, home):
    page = PublicationFactory(home=home, title_en="</script><script>alert(1)</script>")
    html = client.get(page.get_url()).content.decode()
    data = json_ld(html)
    assert data["name"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)" not in html


def test_town_centre_plan_lists_location_accessibly(client, home):
    page = TownCentrePlanFactory(home=home, latitude="48.57770", longitude="-3.82790")
    html = client.get(page.get_url()).content.decode()
    assert "Latitude 48.5777, longitude -3.8279" in html
    assert json_ld(html)["spatialCoverage"][0]["geo"]["latitude"] == 48.5777


def test_demo_content_is_idempotent(demo_site):
    from django.core.management import call_command

    from hub.models import ResourcePage

    before = ResourcePage.objects.count()
    kinds = set(ResourcePage.objects.values_list("kind", flat=True))
    assert {"toolkit", "town_centre_plan", "case_study", "publication"} <= kinds
    call_command("load_demo", "--no-admin", verbosity=0)
    assert ResourcePage.objects.count() == before
    invicta = CaseStudyPage.objects.get(slug_en="invicta-security")
    assert invicta.video_transcript_en and invicta.video_transcript_fr
