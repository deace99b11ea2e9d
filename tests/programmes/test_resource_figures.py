"""Case studies' key figures and town-centre plans' indicators as records (ResourceIndicator):
their clean() rules, the public pages in both languages, and where programmes' indicators go
(the impact page's totals, the open data, the API)."""

import csv
import html as html_module
import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.models import Partner
from programmes.models import ImpactPage, ProgrammeIndicator, ResourceIndicator
from tests.library.factories import CaseStudyFactory, TownCentrePlanFactory

pytestmark = pytest.mark.django_db


def add(page, order=0, **fields):
    fields.setdefault("label", fields.get("label_en") or fields.get("label_fr"))
    for name in ("value", "target", "baseline"):
        if fields.get(name) is not None:
            fields[name] = Decimal(str(fields[name]))
    return ResourceIndicator.objects.create(page=page, sort_order=order, **fields)


def errors_of(indicator):
    with pytest.raises(ValidationError) as caught:
        indicator.clean()
    return caught.value.message_dict


@pytest.fixture
def case_study(home, programme):
    page = CaseStudyFactory(
        home=home,
        title_en="Access to Apprenticeships",
        title_fr="L'accès à l'apprentissage",
        slug_en="a2a",
        slug_fr="a2a",
        programmes=[programme],
    )
    add(
        page,
        0,
        label_en="apprenticeship opportunities",
        label_fr="places d'apprentissage",
        value=373,
        unit="opportunities",
    )
    add(
        page,
        1,
        label_en="of individuals said it mattered",
        label_fr="des personnes jugent que cela a compté",
        value=96,
        unit="percent",
        kind="result",
        note_en="Survey of 2022",
        note_fr="Enquête de 2022",
    )
    add(page, 2, label_en="of businesses said it mattered", value=93, unit="percent", kind="result")
    return page


@pytest.fixture
def plan(home, programme):
    page = TownCentrePlanFactory(
        home=home,
        title_en="Morlaix plan",
        title_fr="Plan de Morlaix",
        slug_en="morlaix",
        slug_fr="morlaix",
        programmes=[programme],
    )
    add(
        page,
        0,
        label_en="empty shop units",
        label_fr="cellules commerciales vides",
        unit="percent",
        baseline=14,
        target=8,
        value=11,
        kind="result",
    )
    add(
        page,
        1,
        label_en="footfall on a market day",
        label_fr="fréquentation un jour de marché",
        unit="other",
        unit_name_en="visitors a day",
        unit_name_fr="visiteurs par jour",
        unit_name="visitors a day",
        baseline=4200,
        target=5000,
        value=4550,
        kind="result",
    )
    return page


# The same clean() rules as a programme's indicators, and the figure's own.
def test_clean_rules(case_study, programme):
    figure = ResourceIndicator(page=case_study, label="x", unit="percent", value=Decimal(120))
    assert "value" in errors_of(figure)
    figure = ResourceIndicator(
        page=case_study, label="x", unit="EUR", value=Decimal(5), target_unit="GBP"
    )
    assert "target_unit" in errors_of(figure)
    figure = ResourceIndicator(page=case_study, label="x", unit="people")
    assert "value" in errors_of(figure)  # neither a value nor a target
    import datetime

    figure = ResourceIndicator(
        page=case_study,
        label="x",
        value=Decimal(1),
        period_start=datetime.date(2022, 1, 1),
        period_end=datetime.date(2021, 1, 1),
    )
    assert "period_end" in errors_of(figure)
    figure = ResourceIndicator(
        page=case_study, label="x", value=Decimal(1), unit="people", unit_name="shops"
    )
    assert "unit_name" in errors_of(figure)
    new = ProgrammeIndicator.objects.get(programme=programme, label_en="new businesses")
    figure = ResourceIndicator(
        page=case_study, label="x", value=Decimal(140), unit="businesses", same_as=new
    )
    assert "same_as" in errors_of(figure)  # 140 is not the programme's 144
    figure.value = Decimal(144)
    figure.clean()
    ResourceIndicator(
        page=case_study, label="y", value=Decimal(50), unit="other", unit_name="shops"
    ).clean()


@pytest.mark.parametrize(
    ("lang", "heading", "label", "note"),
    [
        ("en", "Key figures", "apprenticeship opportunities", "Survey of 2022"),
        ("fr", "Chiffres clés", "places d’apprentissage", "Enquête de 2022"),
    ],
)
def test_case_study_shows_its_figures_and_a_chart(client, case_study, lang, heading, label, note):
    html = client.get(case_study.urls[lang]).content.decode()
    section = html.split('class="section resource-figures"', 1)[1].split("</section>", 1)[0]
    assert f'<h2 id="figures-heading">{heading}</h2>' in section
    assert ">373<" in section and note in section
    assert label.replace("’", "'") in html_module.unescape(section).replace("’", "'")
    if lang == "fr":
        # No French label: the English one, marked as English.
        assert 'lang="en">of businesses said it mattered' in section
    # The two percentages share a unit: one chart, drawn as SVG, with the same data as a table.
    assert section.count("<svg") == 1 and 'role="img"' in section
    assert "<table>" in section and "93" in section.split("<table>", 1)[1]
    assert "css/programmes.css" in html


@pytest.mark.parametrize(
    ("lang", "heading", "latest"),
    [("en", "Indicators", "Latest value"), ("fr", "Indicateurs", "Dernière valeur")],
)
def test_plan_shows_its_indicators_as_a_table(client, plan, lang, heading, latest):
    html = client.get(plan.urls[lang]).content.decode()
    section = html.split('class="section resource-figures"', 1)[1].split("</section>", 1)[0]
    assert f'<h2 id="figures-heading">{heading}</h2>' in section
    assert f'<th scope="col">{latest}</th>' in section
    words = "visitors a day" if lang == "en" else "visiteurs par jour"
    assert words in section
    if lang == "en":
        # Empty shops from 14 % to 8 %, now 11 %: half the way down, not "138 % achieved".
        assert "50 % achieved" in section and "138" not in section
    # Fewer empty shops is better: that target is not drawn as a share to fill, the footfall's is
    # (with one such row there is no chart).
    assert "<svg" not in section


def test_a_page_without_figures_shows_no_section(client, home):
    page = CaseStudyFactory(home=home)
    html = client.get(page.urls["en"]).content.decode()
    assert "resource-figures" not in html and "css/programmes.css" not in html


def test_impact_totals_count_resource_figures_once(client, programme, programme_index, home):
    impact = ImpactPage(title="Impact", slug="impact", slug_en="impact", slug_fr="impact")
    impact.title_en, impact.title_fr = "Impact", "Impact"
    programme_index.add_child(instance=impact)
    impact.save_revision().publish()
    page = CaseStudyFactory(home=home, title_en="Norfolk starts", programmes=[programme])
    new = ProgrammeIndicator.objects.get(programme=programme, label_en="new businesses")
    # The programme already counts these 144: linked, they are not added again.
    add(page, 0, label_en="new businesses", value=144, unit="businesses", same_as=new)
    add(page, 1, label_en="businesses in the pilot", value=50, unit="businesses")
    add(page, 2, label_en="said it helped", value=90, unit="percent")
    draft = CaseStudyFactory(home=home, programmes=[programme])
    draft.unpublish()
    add(draft, 0, label_en="unpublished", value=1000, unit="businesses")
    html = client.get("/en/programmes/impact/").content.decode()
    by_kind = html.split("By kind of indicator", 1)[1]
    assert "2,601" in by_kind  # 2,407 + 144 + 50
    assert "businesses in the pilot" in by_kind and f'href="{page.urls["en"]}"' in by_kind
    assert "said it helped" not in html and "unpublished" not in html


def test_open_data_and_api_carry_resource_figures(client, case_study, plan, programme):
    new = ProgrammeIndicator.objects.get(programme=programme, label_en="new businesses")
    linked = add(
        case_study, 3, label_en="new businesses", value=144, unit="businesses", same_as=new
    )
    with CaptureQueriesContext(connection) as few:
        data = json.loads(client.get("/data/indicators.json").content)
    rows = [r for r in data["rows"] if r["resource"] is not None]
    assert {
        (r["resource"], r["label_en"], Decimal(r["value"] or "0"), r["unit"]) for r in rows
    } == {
        (case_study.pk, "apprenticeship opportunities", Decimal(373), "opportunities"),
        (case_study.pk, "of individuals said it mattered", Decimal(96), "percent"),
        (case_study.pk, "of businesses said it mattered", Decimal(93), "percent"),
        (case_study.pk, "new businesses", Decimal(144), "businesses"),
        (plan.pk, "empty shop units", Decimal(11), "percent"),
        (plan.pk, "footfall on a market day", Decimal(4550), "other"),
    }
    assert all(r["programme"] == "c-care" for r in rows)
    footfall = next(r for r in rows if r["unit"] == "other")
    assert (footfall["unit_name_en"], footfall["unit_name_fr"]) == (
        "visitors a day",
        "visiteurs par jour",
    )
    assert footfall["baseline"] == "4200" and footfall["target"] == "5000"
    same = next(r for r in rows if r["id"] == f"resource-{linked.pk}")
    assert same["same_as"] == f"programme-{new.pk}"
    assert any(r["id"] == same["same_as"] for r in data["rows"])
    csv_rows = list(
        csv.DictReader(io.StringIO(client.get("/data/indicators.csv").content.decode()))
    )
    assert len(csv_rows) == len(data["rows"])
    # More figures on more pages: the same number of queries.
    other = CaseStudyFactory(home=case_study.get_parent().get_parent(), programmes=[programme])
    add(other, 0, label_en="more", value=1, unit="people")
    with CaptureQueriesContext(connection) as many:
        client.get("/data/indicators.json?again")
    assert len(many) <= len(few)

    api = json.loads(client.get(f"/api/v2/pages/{plan.pk}/").content)
    assert [r["label_fr"] for r in api["indicator_list"]] == [
        "cellules commerciales vides",
        "fréquentation un jour de marché",
    ]


def test_partner_of_a_figure_reads_in_each_language(client, case_study):
    norfolk = Partner.objects.get(slug="norfolk")
    ResourceIndicator.objects.filter(page=case_study, sort_order=0).update(partner=norfolk)
    for lang in ("en", "fr"):
        html = client.get(case_study.urls[lang]).content.decode()
        assert "Norfolk" in html.split("resource-figures", 1)[1].split("</section>", 1)[0]


@pytest.mark.parametrize("lang, query", [("en", "footfall"), ("fr", "fréquentation")])
def test_the_site_search_finds_a_figures_words(
    client, plan, lang, query, django_capture_on_commit_callbacks
):
    # What an editor's publish does: once it commits, the page is indexed with its figures.
    plan.indicators.add(
        ResourceIndicator(
            label="pop-up traders",
            label_en="pop-up traders",
            label_fr="commerçants éphémères",
            value=Decimal(12),
            unit="other",
            unit_name_en="stalls",
            unit_name_fr="étals",
        )
    )
    with django_capture_on_commit_callbacks(execute=True):
        plan.save_revision().publish()
    for words in (query, {"en": "pop-up traders", "fr": "commerçants éphémères"}[lang]):
        html = client.get(f"/{lang}/search/", {"q": words}).content.decode()
        assert "/morlaix/" in html, words
