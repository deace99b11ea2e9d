"""The programme pages as visitors get them: both languages, charts with their tables, the
funding per currency, JSON-LD, the index, the impact page, and queries that do not grow."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.library.factories import PublicationFactory


def jsonld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(b) for b in blocks]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "title", "heading"),
    [("en", "C-CARE: Covid", "C-CARE in figures"), ("fr", "C-CARE : Covid", "C-CARE en chiffres")],
)
def test_programme_page_in_both_languages(client, programme, lang, title, heading):
    response = client.get(f"/{lang}/programmes/c-care/")
    assert response.status_code == 200
    html = response.content.decode()
    assert title in html and heading in html
    # Key figures first, then the facts: lead partner and partner link to their pages.
    assert html.index("2,407" if lang == "en" else "2\u202f407") < html.index('id="facts-heading"')
    assert f'href="/{lang}/' in html
    assert "Kent County Council" in html or "Conseil du comté du Kent" in html


@pytest.mark.django_db
def test_charts_are_svg_with_title_description_and_table(client, programme):
    html = client.get("/en/programmes/c-care/").content.decode()
    charts = re.findall(r"<figure class=\"chart-figure\".*?</figure>", html, re.S)
    # Achieved against target, businesses (two figures in one unit), funding has two
    # currencies with one funder each: no funding chart (never one axis for two currencies).
    assert len(charts) == 2
    for chart in charts:
        assert '<svg class="chart"' in chart and 'role="img"' in chart
        assert "<title id=" in chart and "<desc id=" in chart
        assert "<table>" in chart
    targets, businesses = charts
    assert "achieved against target" in targets and "144 of 200" in targets
    assert "businesses supported" in businesses and "2,407" in businesses
    assert "script" not in "".join(charts)


@pytest.mark.django_db
def test_money_in_two_currencies_is_never_added(client, programme):
    html = client.get("/en/programmes/c-care/").content.decode()
    funding = html.split('id="funding-heading"', 1)[1].split("</section>", 1)[0]
    assert "€572,389" in funding and "£1,000,000" in funding
    assert "<tfoot>" not in funding
    assert "not added up" in funding


@pytest.mark.django_db
def test_jsonld_is_a_project_with_funders_and_funding(client, programme):
    html = client.get("/en/programmes/c-care/").content.decode()
    data = next(d for d in jsonld(html) if "Project" in d.get("@type", []))
    assert data["@type"] == ["Project", "Organization"]
    assert {f["name"] for f in data["funder"]} == {"ERDF", "Kent"}
    amounts = {(g["amount"]["currency"], g["amount"]["value"]) for g in data["funding"]}
    assert amounts == {("EUR", 572389.0), ("GBP", 1000000.0)}
    assert data["parentOrganization"]["name"] == "Kent County Council"
    assert data["foundingDate"] == "2020-08-01"


@pytest.mark.django_db
def test_index_and_impact(client, programme, programme_index):
    from programmes.models import ImpactPage

    impact = ImpactPage(title="Impact", slug="impact", slug_en="impact", slug_fr="impact")
    impact.title_en, impact.title_fr = "Impact", "Impact"
    programme_index.add_child(instance=impact)
    impact.save_revision().publish()
    for lang in ("en", "fr"):
        html = client.get(f"/{lang}/programmes/").content.decode()
        assert "/programmes/c-care/" in html and "/programmes/impact/" in html
    html = client.get("/en/programmes/impact/").content.decode()
    # Businesses add up (2,407 + 144); the percentage is never added; each links back.
    assert "2,551" in html
    assert "96%" not in html.split("By kind of indicator", 1)[1]
    assert 'href="/en/programmes/c-care/"' in html


@pytest.mark.django_db
def test_programme_page_queries_do_not_grow_with_its_resources(client, home, programme):
    def count(n):
        client.get("/en/programmes/c-care/")  # the memos of this content generation
        with CaptureQueriesContext(connection) as queries:
            # A query string of its own: not answered from the page cache.
            assert client.get(f"/en/programmes/c-care/?n={n}").status_code == 200
        return [q["sql"] for q in queries.captured_queries]

    PublicationFactory(home=home, programmes=[programme])
    few = count(1)
    for _ in range(6):
        PublicationFactory(home=home, programmes=[programme])
    many = count(2)
    assert len(many) <= len(few) <= 26, "\n".join(sql[:120] for sql in many)


@pytest.mark.django_db
def test_resources_name_their_programme(client, home, programme):
    page = PublicationFactory(home=home, programmes=[programme])
    html = client.get(page.url).content.decode()
    assert 'href="/en/programmes/c-care/"' in html
    data = next(d for d in jsonld(html) if d.get("@type") not in ("BreadcrumbList",))
    assert data["isPartOf"][0]["name"].startswith("C-CARE")
