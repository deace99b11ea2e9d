"""Issue 16, search that learns: each search counted once with no personal data, without
flushing the page cache or the memos; the moderators' reports; promoted results."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from hub import caching
from hub import memos as hub_memos
from hub.models import Partner, SearchRecord, StandardPage
from hub.partners.access import MODERATORS_GROUP
from hub.partners.setup import setup_all
from hub.search import log
from tests.partners.factories import UserFactory
from tests.partners.helpers import check

pytestmark = pytest.mark.django_db


def counts():
    return {(r.language, r.query): (r.searches, r.results) for r in SearchRecord.objects.all()}


def test_a_search_is_counted_once_not_per_page_facet_or_step_back(client, publish):
    for n in range(12):
        publish(f"food-{n}", title_en=f"Food aid {n}", kind="toolkit" if n % 2 else "publication")
    response = client.get("/en/search/", {"q": "Food  aid"})
    assert response.status_code == 200
    assert counts() == {("en", "food aid"): (1, 12)}
    assert log.RESULTS_HEADER not in response and log.LANGUAGE_HEADER not in response
    assert not response.cookies

    search_page = "http://testserver/en/search/?q=Food+aid"
    client.get("/en/search/", {"q": "Food aid", "page": "2"}, HTTP_REFERER=search_page)
    client.get("/en/search/", {"q": "Food aid", "kind": "toolkit"}, HTTP_REFERER=search_page)
    # "Clear all filters" leads back to the bare query, from the same search.
    client.get("/en/search/", {"q": "Food aid"}, HTTP_REFERER=search_page + "&kind=toolkit")
    assert counts() == {("en", "food aid"): (1, 12)}

    client.get("/en/search/", {"q": "FOOD aid"})  # a new search of the same words
    client.get("/fr/search/", {"q": "food aid"})
    client.get("/en/search/", {"q": "zzzunknown"})
    assert counts() == {
        ("en", "food aid"): (2, 12),
        ("fr", "food aid"): (1, 12),
        ("en", "zzzunknown"): (1, 0),
    }
    client.get("/en/search/", {"q": ""})
    assert SearchRecord.objects.count() == 3


def test_counting_neither_replaces_the_content_generation_nor_forgets_memos(client, publish):
    publish("food", title_en="Food aid")
    client.get("/en/")  # the first page view creates the site's settings: a content change
    generation = caching.current_generation()
    hub_memos.memo("a-memo", lambda: "kept")
    for query in ("food", "aid", "food aid", "nothing at all"):
        assert client.get("/en/search/", {"q": query}).status_code == 200
    assert SearchRecord.objects.count() == 4
    assert caching.current_generation() == generation
    assert hub_memos.memo("a-memo", lambda: "rebuilt") == "kept"


def test_a_search_served_from_the_page_cache_is_counted_too(client, publish, settings):
    settings.PAGE_CACHE_SECONDS = 300
    publish("food", title_en="Food aid")
    client.get("/en/")  # the first page view creates the site's settings: a content change
    first = client.get("/en/search/", {"q": "food"})
    second = client.get("/en/search/", {"q": "food"})
    assert first[caching.CACHED_HEADER] == "miss" and second[caching.CACHED_HEADER] == "hit"
    assert log.RESULTS_HEADER not in second
    assert counts() == {("en", "food"): (2, 1)}


def test_a_search_page_is_never_kept_by_a_shared_cache(client, publish, settings):
    """Varnish or a CDN (README, "Several machines") would answer a repeated search itself, and
    it would never be counted: search pages say so, the hub's own page cache still keeps them."""
    settings.PAGE_CACHE_SECONDS = settings.CDN_CACHE_SECONDS = 300
    publish("food", title_en="Food aid")
    client.get("/en/")  # the first page view creates the site's settings: a content change
    for expected in ("miss", "hit"):
        response = client.get("/en/search/", {"q": "food"})
        assert response[caching.CACHED_HEADER] == expected
        assert response["Cache-Control"] == "no-cache"
    assert counts() == {("en", "food"): (2, 1)}
    # Other public pages stay with the shared caches, the bare search form too (it counts nothing).
    for path in ("/en/", "/en/search/"):
        response = client.get(path)
        assert response["Cache-Control"] == "public, max-age=0, s-maxage=300", path


def test_a_failure_to_count_never_breaks_the_search(client, publish, monkeypatch, caplog):
    from django.db import DatabaseError, connection

    publish("food", title_en="Food aid")

    class Broken:
        ops = connection.ops

        def cursor(self):
            raise DatabaseError("disk full")

    monkeypatch.setattr(log, "connection", Broken())
    response = client.get("/en/search/", {"q": "food"})
    assert response.status_code == 200 and response.context["hits"]
    assert "A search could not be counted" in caplog.text


# Reports ----------------------------------------------------------------------------------


@pytest.fixture
def people(home):
    setup_all()
    kent = Partner.objects.get(slug="kent")
    return {
        "editor": UserFactory(username="kent-editor", groups=[kent.editor_group.name]),
        "moderator": UserFactory(username="moderator", groups=[MODERATORS_GROUP]),
    }


@pytest.fixture
def records(db):
    today = datetime.date.today()
    old = today - datetime.timedelta(days=40)
    log.record("apprenticeships", "en", 7, day=today)
    log.record("apprenticeships", "en", 7, day=today)
    log.record("apprenticeships", "en", 5, day=old)
    log.record("tiers-lieux", "fr", 0, day=today)
    log.record("zzz nothing", "en", 0, day=old)
    SearchRecord.objects.create(day=today, language="en", query="=1+2", searches=1)
    return today, old


REPORTS = ["hub_search_report", "hub_search_zero_report"]


@pytest.mark.parametrize("name", REPORTS)
@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", "login"), ("editor", "deny"), ("moderator", "allow")]
)
def test_the_search_reports_are_for_moderators(client, people, name, who, expected):
    if who != "anonymous":
        client.force_login(people[who])
    check(client.get(reverse(name)), expected)
    if who == "moderator":
        menu = client.get(reverse("wagtailadmin_home")).content.decode()
        assert reverse(name) in menu


def test_the_frequent_searches_report_filters_by_language_and_period(client, people, records):
    today, old = records
    client.force_login(people["moderator"])
    html = client.get(reverse("hub_search_report")).content.decode()
    assert html.index("apprenticeships") < html.index("tiers lieux")
    # Each search links to the site's search page in its language, what visitors saw.
    assert '<a href="/fr/search/?q=tiers+lieux"' in html and ">French<" in html
    rows = client.get(reverse("hub_search_report")).context["object_list"]
    assert rows[0]["query"] == "apprenticeships" and rows[0]["times"] == 3
    fr = client.get(reverse("hub_search_report"), {"language": "fr"}).context["object_list"]
    assert [row["query"] for row in fr] == ["tiers lieux"]
    recent = client.get(
        reverse("hub_search_report"),
        {"day_from": (today - datetime.timedelta(days=7)).isoformat()},
    ).context["object_list"]
    assert {row["query"]: row["times"] for row in recent} == {
        "apprenticeships": 2,
        "tiers lieux": 1,
        "=1+2": 1,
    }


def test_the_no_results_report_lists_only_searches_that_found_nothing(client, people, records):
    client.force_login(people["moderator"])
    rows = client.get(reverse("hub_search_zero_report")).context["object_list"]
    assert sorted(row["query"] for row in rows) == ["=1+2", "tiers lieux", "zzz nothing"]


def test_the_reports_export_csv_with_formulas_neutralised(client, people, records):
    client.force_login(people["moderator"])
    response = client.get(reverse("hub_search_report"), {"export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    assert "Search,Language,Searches,Most results,Last searched" in text.splitlines()[0]
    assert "'=1+2,en,1,0" in text
    assert "\n=1+2" not in text
    response = client.get(reverse("hub_search_zero_report"), {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_query_is_counted_folded_and_never_with_personal_data():
    fields = {f.name for f in SearchRecord._meta.get_fields()}
    assert fields == {"id", "day", "language", "query", "searches", "results"}
    assert log.normalised("  Précarité   ALIMENTAIRE ! ") == "precarite alimentaire"


# Promotions -------------------------------------------------------------------------------


def test_a_promoted_resource_comes_first_marked_for_the_folded_stemmed_query(
    client, publish, each_search_backend
):
    if each_search_backend == "database" and connection.vendor == "sqlite":
        pytest.skip("SQLite's FTS5 does not stem: 'apprenticeship' does not find 'Apprenticeships'")
    publish("food", title_en="Apprenticeships and food", summary_en="Apprenticeships.")
    promoted = publish("a2a", title_en="Access to A2A", summary_en="Norfolk's programme.")
    SearchPromotion.objects.create(
        query=Query.get("Apprenticeships"), page=promoted, sort_order=0, description=""
    )
    for query, lang in (("apprenticeship", "en"), ("APPRENTICESHIPS", "fr")):
        response = client.get(f"/{lang}/search/", {"q": query})
        hits = response.context["hits"]
        assert [hit.page.slug_en for hit in hits] == ["a2a", "food"], query
        assert [hit.promoted for hit in hits] == [True, False]
    html = client.get("/en/search/", {"q": "apprenticeship"}).content.decode()
    assert html.count('class="search-result__promoted"') == 1
    assert "Promoted by the hub" in html
    other = client.get("/en/search/", {"q": "food"}).context["hits"]
    assert [hit.page.slug_en for hit in other] == ["food"]


def test_a_promoted_page_that_is_no_resource_and_a_link_are_recommended_above_the_results(
    client, publish, home
):
    """Wagtail's form lets moderators promote any page or an external link: those cannot be
    results (the results list resources) and were dropped unseen; they are recommended."""
    publish("food", title_en="Funding food aid", summary_en="Funding.")
    about = StandardPage(title="About the hub", slug="about", slug_en="about", slug_fr="a-propos")
    about.title_en, about.title_fr = "About the hub", "À propos du centre"
    home.add_child(instance=about)
    about.save_revision().publish()
    draft = StandardPage(title="Draft", slug="draft", slug_en="draft", slug_fr="brouillon")
    home.add_child(instance=draft)
    draft.unpublish()
    query = Query.get("Funding")
    for order, fields in enumerate(
        [
            {"page": about, "description": "How the hub is funded"},
            {"external_link_url": "https://example.org/erdf", "external_link_text": "The ERDF"},
            {"page": draft},
        ]
    ):
        SearchPromotion.objects.create(query=query, sort_order=order, **fields)
    response = client.get("/fr/search/", {"q": "FUNDED"})
    assert [hit.page.slug_en for hit in response.context["hits"]] == ["food"]
    html = response.content.decode()
    box = html[html.index('class="search-recommended"') : html.index('class="search-results')]
    assert "Recommandé par les modérateurs du centre" in box
    assert box.index('href="/fr/a-propos/">À propos du centre</a>') < box.index(
        'href="https://example.org/erdf" rel="external">The ERDF</a>'
    )
    assert "How the hub is funded" in box and "brouillon" not in box
    assert (
        'class="search-recommended"'
        not in client.get("/fr/search/", {"q": "food"}).content.decode()
    )


def test_the_promotion_form_says_how_the_hub_matches_it(client, people):
    """Wagtail's form asked for "the full and exact search ... including any misspellings" and
    offered its popular search terms, which the hub never records: both misled moderators."""
    client.force_login(people["moderator"])
    html = client.get(reverse("wagtailsearchpromotions:add")).content.decode()
    assert "accents, capitals and word endings do not matter" in html
    assert "is recommended above the results" in html
    assert f'href="{reverse("hub_search_report")}"' in html
    assert "exact match is required" not in html and "misspellings" not in html
    assert "Choose from popular search terms" not in html


@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", "login"), ("editor", "deny"), ("moderator", "allow")]
)
def test_promotions_and_the_glossary_are_managed_by_moderators(client, people, who, expected):
    if who != "anonymous":
        client.force_login(people[who])
    check(client.get(reverse("wagtailsearchpromotions:index")), expected)
    check(client.get(reverse("wagtailsearchpromotions:add")), expected)
    check(client.get(reverse("wagtailsnippets_hub_glossaryconcept:add")), expected)
