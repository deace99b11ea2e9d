"""Site-wide data remembered between requests (hub.memos.memo): fewer queries, never stale.

Every page reads the site, its route, the view restrictions, the navigation and the settings.
They are kept per content generation; these tests check the query budget of each kind of page
and that each remembered answer changes as soon as the content it comes from changes.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from hub import caching
from hub import memos as hub_memos
from hub.models import NavigationSettings, NavLink, SiteSettings, StandardPage

pytestmark = pytest.mark.django_db

# Issue 7: at most 12 queries on every kind of page.
QUERY_BUDGET = 12


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, len(ctx.captured_queries)


def warm(client, url):
    # Twice: the first request of a fresh site creates its settings rows (a content change).
    client.get(url)
    client.get(url)


def demo_urls(home):
    """One address of each kind of page in the demo, in both languages."""
    urls = {"/en/", "/fr/", "/en/library/", "/fr/bibliotheque/"}
    seen = set()
    for page in Page.objects.live().descendant_of(home).specific():
        kind = type(page).__name__
        if kind in seen:
            continue
        seen.add(kind)
        for code in ("en", "fr"):
            from django.utils import translation

            with translation.override(code):
                urls.add(page.get_url())
    return sorted(u for u in urls if u)


def test_every_kind_of_page_stays_within_the_query_budget(client, demo_site):
    over = {}
    for url in demo_urls(demo_site):
        warm(client, url)
        response, count = queries(client, url)
        assert response.status_code == 200, url
        if count > QUERY_BUDGET:
            over[url] = count
    assert not over, f"pages over {QUERY_BUDGET} queries: {over}"


def test_a_known_address_is_served_without_a_query_for_its_page(client, demo_site):
    url = "/en/about/"
    warm(client, url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    page_queries = [q for q in ctx.captured_queries if '"wagtailcore_page"' in q["sql"]]
    # Not even the page itself (kept per content generation, hub.routing): no site lookup, no
    # walk down the tree, no restriction check.
    assert not page_queries
    assert not [q for q in ctx.captured_queries if "wagtailcore_site" in q["sql"]]
    assert not [q for q in ctx.captured_queries if "pageviewrestriction" in q["sql"]]


def test_unpublishing_and_renaming_reach_the_remembered_route(client, home):
    page = home.add_child(
        instance=StandardPage(title="Guide", title_en="Guide", slug="guide", slug_en="guide")
    )
    page.save_revision().publish()
    warm(client, "/en/guide/")
    assert client.get("/en/guide/").status_code == 200

    page.slug = page.slug_en = "handbook"
    page.save_revision().publish()
    assert client.get("/en/handbook/").status_code == 200
    assert client.get("/en/guide/").status_code in (301, 302, 404)

    page.refresh_from_db()
    page.unpublish()
    assert client.get("/en/handbook/").status_code == 404


def test_a_new_view_restriction_applies_at_once(client, home):
    page = home.add_child(
        instance=StandardPage(title="Members", title_en="Members", slug="members")
    )
    page.save_revision().publish()
    warm(client, "/en/members/")
    assert client.get("/en/members/").status_code == 200

    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/en/members/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_restriction_on_an_ancestor_covers_the_children(client, home):
    parent = home.add_child(instance=StandardPage(title="Private", title_en="Private"))
    parent.save_revision().publish()
    child = parent.add_child(instance=StandardPage(title="Inside", title_en="Inside"))
    child.save_revision().publish()
    PageViewRestriction.objects.create(page=parent, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(child.url).status_code == 302
    # A sibling whose path merely starts like the parent's is not covered.
    sibling = home.add_child(instance=StandardPage(title="Public", title_en="Public"))
    sibling.save_revision().publish()
    assert client.get(sibling.url).status_code == 200


def test_navigation_and_settings_changes_show_on_the_next_request(client, demo_site):
    warm(client, "/en/")
    link = NavLink.objects.filter(location="header").first()
    link.label_en = "Our own label"
    link.save()
    assert "Our own label" in client.get("/en/").content.decode()

    site = Site.objects.get(is_default_site=True)
    settings_obj = SiteSettings.for_site(site)
    settings_obj.contact_email = "new-address@example.org"
    settings_obj.save()
    assert "new-address@example.org" in client.get("/en/").content.decode()

    nav = NavigationSettings.for_site(site)
    nav.links.all().delete()
    assert "Our own label" not in client.get("/en/").content.decode()


def test_a_change_is_seen_again_after_its_commit(
    client, demo_site, django_capture_on_commit_callbacks
):
    """A request between a change and its commit must not keep the old rows for long: the
    generation is replaced once more when the transaction commits."""
    warm(client, "/en/")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        link = NavLink.objects.filter(location="header").first()
        link.label_en = "Changed in a transaction"
        link.save()
    before_commit = caching.current_generation()
    for callback in callbacks:
        callback()
    assert caching.current_generation() != before_commit


def test_memo_is_computed_once_per_generation():
    calls = []

    def build():
        calls.append(1)
        return len(calls)

    assert hub_memos.memo(("test-memo",), build) == 1
    assert hub_memos.memo(("test-memo",), build) == 1
    caching.invalidate()
    assert hub_memos.memo(("test-memo",), build) == 2
    assert len(calls) == 2


def test_memo_expires_after_memo_seconds(settings):
    """A process that does not share the cache still sees a change within MEMO_SECONDS."""
    settings.MEMO_SECONDS = 0
    calls = []
    hub_memos.memo(("test-expiry",), lambda: calls.append(1))
    hub_memos.memo(("test-expiry",), lambda: calls.append(1))
    assert len(calls) == 2


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_taxonomy_of_a_page_matches_the_database_in_order(demo_site, lang):
    """Themes, partners and places come from the remembered taxonomy: the same objects, in
    the same order, as the database's own relation in the visitor's language."""
    from django.utils import translation

    from hub.models import ResourcePage

    with translation.override(lang):
        checked = 0
        for page in ResourcePage.objects.live().specific():
            names = [n for n in ("themes", "partners", "places") if n in page.context_relations]
            if not names:
                continue  # a workshop reads each relation once: nothing prefetched
            checked += 1
            expected = {name: list(getattr(page, name).all()) for name in names}
            fresh = type(page).objects.get(pk=page.pk)
            fresh.prefetch_relations()
            with CaptureQueriesContext(connection) as ctx:
                got = {name: list(getattr(fresh, name).all()) for name in expected}
            assert got == expected, page.title
            assert not ctx.captured_queries
        assert checked >= 4


def test_a_renamed_theme_shows_on_the_next_request(client, demo_site):
    from hub.models import ResourcePage, Theme

    page = ResourcePage.objects.live().filter(themes__isnull=False).first().specific
    warm(client, page.url)
    theme = page.themes.first()
    theme.name_en = "A theme renamed just now"
    theme.save()
    assert "A theme renamed just now" in client.get(page.url).content.decode()
    assert Theme.objects.filter(name_en="A theme renamed just now").exists()
