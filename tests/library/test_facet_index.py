"""The in-memory facet index: same counts and order as the database, privacy, invalidation."""

import datetime
import itertools
import random

import pytest
from django.db import connection
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import PageViewRestriction

from hub.browse.facet_index import bitmap, get_index, set_bits
from hub.browse.listing import FACET_NAMES, ResourceListing
from hub.models import Partner, Place, ResourcePage, Theme
from hub.models.resources import KIND_CHOICES
from hub.models.taxonomy import COUNTRY_CHOICES

from .factories import CaseStudyFactory, PublicationFactory, ToolkitFactory, TownCentrePlanFactory

pytestmark = pytest.mark.django_db

FACTORIES = (ToolkitFactory, CaseStudyFactory, PublicationFactory, TownCentrePlanFactory)


def test_set_bits_ranks_positions_like_a_sorted_list():
    rng = random.Random(7)
    for size in (0, 1, 63, 64, 65, 300):
        chosen = sorted(rng.sample(range(size), size // 3)) if size else []
        bits = bitmap(chosen, size)
        assert bits.bit_count() == len(chosen)
        for start, stop in ((0, 12), (5, 17), (len(chosen) - 2, len(chosen) + 10), (0, 0)):
            start = max(start, 0)
            assert set_bits(bits, start, stop) == chosen[start:stop]


# The reference: the same filters and counts written plainly with the ORM ---------------------


def _orm_condition(name, values):
    if name == "kind":
        return Q(kind__in=values)
    if name == "programme":
        # Only published programmes filter: a withdrawn one matches nothing.
        return Q(programmes__slug__in=values, programmes__live=True)
    if name == "theme":
        return Q(themes__slug__in=values)
    if name == "partner":
        return Q(partners__slug__in=values)
    if name == "country":
        return Q(places__country__in=values)
    if name == "region":
        return Q(places__slug__in=values)
    if name == "language":
        q = Q()
        for code in values:
            q |= Q(in_english=True) if code == "en" else Q(in_french=True)
        return q
    if name == "year":
        return Q(date__year__in=[int(v) for v in values])
    raise ValueError(name)


def _orm_ids(selected, kind=None, exclude=None, extra=None):
    qs = ResourcePage.objects.live().public()
    if kind:
        qs = qs.filter(kind=kind)
    conditions = [(n, v) for n, v in selected.items() if v and n != exclude]
    if extra:
        conditions.append(extra)
    for name, values in conditions:
        matching = ResourcePage.objects.filter(_orm_condition(name, values)).values("pk")
        qs = qs.filter(pk__in=matching)
    return qs


def _orm_count(selected, kind, name, value):
    return _orm_ids(selected, kind, exclude=name, extra=(name, [value])).count()


def _orm_order(selected, kind, sort, lang):
    qs = _orm_ids(selected, kind)
    if sort == "title":
        other = "fr" if lang == "en" else "en"
        title = Lower(Coalesce(NullIf(f"title_{lang}", Value("")), f"title_{other}", "title"))
        return list(qs.order_by(title, "pk").values_list("pk", flat=True))
    return list(qs.order_by(F("date").desc(nulls_last=True), "-pk").values_list("pk", flat=True))


def _possible_values(name, lang):
    if name == "kind":
        return [code for code, _label in KIND_CHOICES]
    if name == "programme":
        from programmes.models import ProgrammePage

        return list(ProgrammePage.objects.live().values_list("slug", flat=True))
    if name == "theme":
        return list(Theme.objects.values_list("slug", flat=True))
    if name == "partner":
        return list(Partner.objects.values_list("slug", flat=True))
    if name == "country":
        return [code for code, _label in COUNTRY_CHOICES]
    if name == "region":
        return [p.slug for p in Place.objects.all() if getattr(p, f"name_{lang}") != ""]
    if name == "language":
        return ["en", "fr"]
    years = ResourcePage.objects.live().public().exclude(date=None).dates("date", "year")
    return [str(d.year) for d in years]


@pytest.fixture
def varied(home, library):
    """Twenty-odd resources with every mix of kinds, taxonomy, languages and dates, plus a
    private one and an unpublished one that no listing may show or count."""
    from tests.programmes.conftest import make_programme

    rng = random.Random(2024)
    index = _programme_index(home)
    programmes = [make_programme(index, slug) for slug in ("c-care", "calvados", "cantal")]
    # A programme withdrawn from the site is not offered as a filter.
    programmes[2].unpublish()
    themes = list(Theme.objects.all())
    partners = list(Partner.objects.all())
    places = list(Place.objects.all())
    made = []
    for n in range(22):
        made.append(
            FACTORIES[n % len(FACTORIES)](
                home=home,
                title_en=rng.choice(["Apple", "apple", "Éclair", "Zebra", "ox", ""]) + f" {n}",
                title_fr=rng.choice(["Pomme", "", "Œuf", "zèbre"]) + f" {n}",
                date=None if n % 7 == 3 else datetime.date(2019 + n % 5, 1 + n % 12, 1),
                in_english=n % 5 != 1,
                in_french=n % 3 != 0,
                themes=rng.sample(themes, rng.randint(0, 3)),
                partners=rng.sample(partners, rng.randint(0, 2)),
                places=rng.sample(places, rng.randint(0, 3)),
                programmes=rng.sample(programmes, rng.randint(0, 2)),
            )
        )
    # English titles must exist for the factory: blank ones became " n"; keep them odd.
    private = ToolkitFactory(home=home, title_en="Private toolkit", themes=themes[:1])
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    draft = CaseStudyFactory(home=home, title_en="Draft case", themes=themes[:1])
    draft.unpublish()
    return {"public": made, "private": private, "draft": draft}


def _programme_index(home):
    from programmes.models import ProgrammeIndexPage

    index = ProgrammeIndexPage(title="Programmes", slug="programmes")
    index.title_en = index.title_fr = "Programmes"
    index.slug_en = index.slug_fr = "programmes"
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def _listing(params, kind=None, lang="en"):
    request = RequestFactory().get("/", params)
    with translation.override(lang):
        listing = ResourceListing(request, kind=kind)
        facets = listing.facets()
        order = listing.result_pks()
    return listing, facets, order


SELECTIONS = [
    {},
    {"kind": ["toolkit", "case_study"]},
    {"theme": ["food-insecurity", "digital-inclusion"], "language": ["fr"]},
    {"country": ["FR"], "year": ["2020", "2021", "2023"]},
    {"region": ["gb-kent", "fr-bretagne", "fr"], "partner": ["kent"]},
    {"language": ["en", "fr"], "theme": ["business-support"], "kind": ["publication"]},
    {"partner": ["finistere", "nope"], "year": ["1999"]},
    {"theme": ["nope"]},
    {"programme": ["calvados"], "theme": ["food-insecurity", "digital-inclusion"]},
    {"programme": ["c-care", "calvados", "cantal"], "kind": ["toolkit"]},
]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("kind", [None, "toolkit"])
def test_counts_and_order_equal_the_orm(varied, lang, kind):
    for selection, sort in itertools.product(SELECTIONS, ("date", "title")):
        params = dict(selection, sort=sort)
        listing, facets, order = _listing(params, kind=kind, lang=lang)
        selected = listing.selected
        with translation.override(lang):
            assert order == _orm_order(selected, kind, sort, lang), (selection, sort)
            assert listing.count() == len(order)
            shown = {facet.name: {v.value: v.count for v in facet.values} for facet in facets}
            for name in FACET_NAMES:
                if name == "kind" and kind:
                    assert name not in shown
                    continue
                expected = {}
                for value in _possible_values(name, lang):
                    count = _orm_count(selected, kind, name, value)
                    if count or value in selected[name]:
                        expected[value] = count
                for value in selected[name]:
                    expected.setdefault(value, 0)
                if name in ("programme", "theme", "partner", "region"):
                    # Only existing themes, partners and named regions are offered.
                    possible = _possible_values(name, lang)
                    expected = {v: n for v, n in expected.items() if v in possible}
                assert shown[name] == expected, (name, selection, kind)


def test_private_and_unpublished_resources_are_left_out(client, varied):
    index = get_index()
    public = {page.pk for page in varied["public"]}
    assert set(index.pks) == public
    assert varied["private"].pk not in index.position
    assert varied["draft"].pk not in index.position
    html = client.get("/en/library/?sort=title").content.decode()
    assert "Private toolkit" not in html and "Draft case" not in html
    assert f"{len(public)} resources" in html


# Invalidation ---------------------------------------------------------------------------------


@pytest.fixture
def two(home, library):
    food = Theme.objects.get(slug="food-insecurity")
    first = ToolkitFactory(home=home, title_en="First toolkit", themes=[food])
    second = CaseStudyFactory(home=home, title_en="Second case", themes=[food])
    return first, second


def _library(client, query=""):
    return client.get(f"/en/library/{query}").content.decode()


def test_publishing_and_unpublishing_reach_the_index(client, home, two):
    assert "2 resources" in _library(client)
    third = PublicationFactory(home=home, title_en="Third report")
    html = _library(client)
    assert "3 resources" in html and "Third report" in html
    third.unpublish()
    html = _library(client)
    assert "2 resources" in html and "Third report" not in html
    two[0].delete()
    assert "1 resource" in _library(client)


def test_an_edited_resource_moves_in_the_order_and_facets(client, two):
    first, second = two
    html = _library(client, "?sort=title")
    assert html.index("First toolkit") < html.index("Second case")
    first.title_en = first.title = "Zulu toolkit"
    first.date = datetime.date(1990, 1, 1)
    first.save_revision().publish()
    html = _library(client, "?sort=title")
    assert html.index("Second case") < html.index("Zulu toolkit")
    assert 'value="1990"' in _library(client)


def test_renaming_a_theme_reaches_the_facets(client, two):
    theme = Theme.objects.get(slug="food-insecurity")
    theme.name_en = "Hunger"
    theme.save()
    html = _library(client)
    assert "<span>Hunger</span>" in html


def test_view_restrictions_reach_the_index(client, home, two):
    first, _second = two
    restriction = PageViewRestriction.objects.create(
        page=first, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    html = _library(client)
    assert "1 resource" in html and "First toolkit" not in html
    restriction.delete()
    assert "First toolkit" in _library(client)
    # A restriction on a section hides everything under it.
    PageViewRestriction.objects.create(
        page=first.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    html = _library(client)
    assert "First toolkit" not in html and "Second case" in html


def test_index_is_rebuilt_only_for_a_new_generation(client, two):
    _library(client)
    index = get_index()
    _library(client, "?theme=food-insecurity")
    assert get_index() is index
    from hub.caching import invalidate

    invalidate()
    assert get_index() is not index


def test_index_expires_when_processes_do_not_share_the_cache(two, settings):
    settings.MEMO_SECONDS = 0
    index = get_index()
    assert get_index() is not index


# Queries ----------------------------------------------------------------------------------------

URLS = [
    "/en/library/",
    "/en/library/?theme=food-insecurity&country=FR&sort=title&page=2",
    "/fr/bibliotheque/?language=fr&year=2021&year=2022&sort=title",
    "/en/toolkits/?partner=kent",
    "/en/case-studies/?page=2",
]


def test_queries_do_not_grow_from_3_to_30_resources(client, home, library):
    food = Theme.objects.get(slug="food-insecurity")
    bretagne = Place.objects.get(slug="fr-bretagne")
    kent = Partner.objects.get(slug="kent")

    def add(n):
        for i in range(n):
            # Dates fixed here: the factories' sequence depends on the tests run before.
            FACTORIES[i % len(FACTORIES)](
                home=home,
                themes=[food],
                places=[bretagne],
                partners=[kent],
                date=datetime.date(2021 + i % 2, 1 + i % 12, 1),
            )

    def measure():
        for url in URLS * 2:  # warm: settings, routes, the index of this generation
            client.get(url)
        counts = {}
        for url in URLS:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts[url] = len(captured)
        return counts

    add(3)
    small = measure()
    add(27)
    large = measure()
    assert small == large, (small, large)
    assert max(large.values()) <= 12, large


def test_listing_itself_costs_one_query(home, library):
    food = Theme.objects.get(slug="food-insecurity")
    digital = Theme.objects.get(slug="digital-inclusion")
    for i in range(15):
        FACTORIES[i % len(FACTORIES)](home=home, themes=[food, digital][: 1 + i % 2])
    get_index().title_order("en")  # built once per generation, not per request
    request = RequestFactory().get("/", {"theme": "food-insecurity", "sort": "title"})
    with CaptureQueriesContext(connection) as captured:
        listing = ResourceListing(request)
        listing.facets()
        cards = list(listing.page())
        themes = [[theme.slug for theme in card.themes.all()] for card in cards]
    assert len(captured) == 1, [q["sql"] for q in captured]
    # The cards' themes, from the index, are those (and in the order) the database gives.
    assert len(cards) == 12
    assert themes == [
        list(ResourcePage.objects.get(pk=card.pk).themes.values_list("slug", flat=True))
        for card in cards
    ]
