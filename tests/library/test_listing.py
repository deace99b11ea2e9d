"""Faceted listings: filters, counts, sorting, pagination, empty results, constant queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.models import Partner, Place, Theme

from .factories import CaseStudyFactory, PublicationFactory, ToolkitFactory

pytestmark = pytest.mark.django_db


def facet_count(html, name, value):
    """The count printed beside a facet value in the filter form."""
    match = re.search(
        rf'name="{name}" value="{re.escape(value)}"[^>]*>\s*<label[^>]*><span[^>]*>[^<]*</span> '
        r'<span class="facet__count">\((\d+)',
        html,
    )
    return int(match.group(1)) if match else None


@pytest.fixture
def resources(home, library):
    food = Theme.objects.get(slug="food-insecurity")
    business = Theme.objects.get(slug="business-support")
    kent = Partner.objects.get(slug="kent")
    finistere = Partner.objects.get(slug="finistere")
    bretagne = Place.objects.get(slug="fr-bretagne")
    gb_kent = Place.objects.get(slug="gb-kent")
    return [
        ToolkitFactory(
            home=home,
            themes=[food],
            partners=[finistere],
            places=[bretagne],
            title_en="Apple toolkit",
            date=datetime.date(2022, 5, 1),
        ),
        ToolkitFactory(
            home=home,
            themes=[business],
            partners=[kent],
            places=[gb_kent],
            title_en="Zebra toolkit",
            date=datetime.date(2023, 5, 1),
            in_french=False,
        ),
        CaseStudyFactory(
            home=home,
            themes=[food, business],
            partners=[kent],
            places=[gb_kent],
            title_en="Middle case",
            date=datetime.date(2021, 5, 1),
        ),
        PublicationFactory(
            home=home,
            themes=[food],
            partners=[finistere],
            places=[bretagne],
            title_en="Bravo report",
            date=datetime.date(2022, 9, 1),
            in_english=False,
        ),
    ]


@pytest.mark.parametrize("lang,path", [("en", "/en/library/"), ("fr", "/fr/bibliotheque/")])
def test_library_lists_every_kind_with_counts(client, resources, lang, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert facet_count(html, "kind", "toolkit") == 2
    assert facet_count(html, "kind", "case_study") == 1
    assert facet_count(html, "theme", "food-insecurity") == 3
    assert facet_count(html, "country", "GB") == 2
    assert facet_count(html, "region", "fr-bretagne") == 2
    assert facet_count(html, "language", "fr") == 3
    assert facet_count(html, "year", "2022") == 2
    # A GET form that works without JavaScript: fieldsets, legends, checkboxes, a button.
    assert '<form method="get"' in html and '<button type="submit">' in html
    assert "<legend>" in html and 'type="checkbox"' in html


def test_filters_combine_and_counts_follow(client, resources):
    html = client.get("/en/library/?theme=food-insecurity&country=FR").content.decode()
    assert "Apple toolkit" in html and "Bravo report" in html
    assert "Zebra toolkit" not in html and "Middle case" not in html
    # Counts of other facets reflect the current filters; same-facet values stay alternatives.
    assert facet_count(html, "kind", "toolkit") == 1
    assert facet_count(html, "kind", "publication") == 1
    assert facet_count(html, "country", "GB") == 1  # ticking GB too would add the case study
    # Values of one facet are alternatives (OR).
    html = client.get("/en/library/?kind=toolkit&kind=publication").content.decode()
    assert "Apple toolkit" in html and "Zebra toolkit" in html and "Middle case" not in html


def test_partner_region_language_year_filters(client, resources):
    html = client.get("/en/library/?partner=kent").content.decode()
    assert "Zebra toolkit" in html and "Middle case" in html and "Apple toolkit" not in html
    html = client.get("/en/library/?region=gb-kent&year=2023").content.decode()
    assert "Zebra toolkit" in html and "Middle case" not in html
    html = client.get("/en/library/?language=fr&kind=toolkit").content.decode()
    assert "Apple toolkit" in html and "Zebra toolkit" not in html


def test_kind_index_lists_only_its_kind(client, resources):
    html = client.get("/en/toolkits/").content.decode()
    assert "Apple toolkit" in html and "Zebra toolkit" in html
    assert "Middle case" not in html
    assert 'name="kind"' not in html  # no kind facet on a kind's own index
    html = client.get("/en/toolkits/?theme=business-support").content.decode()
    assert "Zebra toolkit" in html and "Apple toolkit" not in html
    html = client.get("/fr/boites-a-outils/?theme=business-support").content.decode()
    assert "1 ressource" in html or "1 resource" in html


def test_sort_by_title_and_by_date(client, resources):
    html = client.get("/en/library/?sort=title").content.decode()
    order = [html.index(t) for t in ("Apple toolkit", "Middle case", "Zebra toolkit")]
    assert order == sorted(order)
    html = client.get("/en/library/").content.decode()
    order = [html.index(t) for t in ("Zebra toolkit", "Apple toolkit", "Middle case")]
    assert order == sorted(order)


def test_no_results_says_so_and_offers_to_clear(client, resources):
    response = client.get("/en/library/?theme=food-insecurity&year=2023")
    html = response.content.decode()
    assert "No resource matches these filters." in html
    assert 'href="/en/library/">Clear all filters</a>' in html
    # Each active filter can be removed on its own, keeping the others.
    assert 'href="/en/library/?theme=food-insecurity"' in html


def test_bad_parameters_are_ignored(client, resources):
    response = client.get("/en/library/?kind=nope&year=20x3&country=<script>&page=999")
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_pagination_keeps_filters(client, home, library):
    for _ in range(14):
        ToolkitFactory(home=home)
    html = client.get("/en/library/?kind=toolkit").content.decode()
    assert "14 resources" in html
    assert 'href="?kind=toolkit&amp;page=2"' in html
    page2 = client.get("/en/library/?kind=toolkit&page=2").content.decode()
    assert page2.count('class="card"') == 2


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


URLS = [
    "/en/library/",
    "/fr/bibliotheque/?theme=food-insecurity&country=FR&sort=title",
    "/en/toolkits/?language=en&year=2021&year=2022",
    "/en/case-studies/?partner=finistere&page=2",
    "/en/library/feed/?theme=food-insecurity",
    "/fr/bibliotheque/feed/",
]


def test_query_count_is_constant(client, home, library):
    food = Theme.objects.get(slug="food-insecurity")
    bretagne = Place.objects.get(slug="fr-bretagne")
    finistere = Partner.objects.get(slug="finistere")

    def add(n):
        for i in range(n):
            factory = (ToolkitFactory, CaseStudyFactory, PublicationFactory)[i % 3]
            factory(home=home, themes=[food], places=[bretagne], partners=[finistere])

    def measure():
        # Warm caches first (site root paths, content types, remembered routes); twice, as
        # the first request creates the site settings, which starts a new content generation.
        for url in URLS * 2:
            _count_queries(client, url)
        return {url: _count_queries(client, url) for url in URLS}

    add(10)
    small = measure()
    add(50)
    large = measure()
    assert small == large, f"10 resources: {small}; 60 resources: {large}"


def test_long_listings_link_the_pages_near_the_current_one(client, home, library, monkeypatch):
    """Pagination shows previous/next, the first and last pages and two either side of the
    current one, with "…" between: not one link per page (834 at 10,000 resources)."""
    from hub.browse import listing

    original = listing.ResourceListing.__init__
    monkeypatch.setattr(
        listing.ResourceListing,
        "__init__",
        lambda self, request, kind=None, per_page=1: original(self, request, kind, per_page=1),
    )
    for _ in range(20):
        ToolkitFactory(home=home)
    html = client.get("/en/library/?page=10&sort=title").content.decode()
    nav = html[
        html.index('<nav class="pagination"') : html.index(
            "</nav>", html.index('<nav class="pagination"')
        )
    ]
    numbers = re.findall(r"page=(\d+)[^\"]*\"><span class=\"visually-hidden\">Page </span>", nav)
    assert numbers == ["1", "8", "9", "11", "12", "20"]
    assert '<span aria-current="page">10</span>' in nav
    assert nav.count("…") == 2
    assert 'rel="prev"' in nav and 'rel="next"' in nav
    # The visitor's other parameters are kept in every link.
    assert "sort=title&amp;page=8" in nav or "page=8&amp;sort=title" in nav
