"""A real Varnish in front of gunicorn: a publish is visible through it at once, an unchanged
page is served by Varnish, a registration page is never kept."""

import pytest
from django.utils import translation

from .conftest import fetch

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(behind_varnish, home):
    from hub.models import StandardPage

    page = StandardPage(title="Charter", slug="charter", title_en="Charter", title_fr="Charte")
    page.slug_fr = "charte"
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def through(stack, path, **kwargs):
    return fetch(stack.varnish + path, **kwargs)


def urls(page):
    with translation.override("fr"):
        french = page.url
    return page.url, french


def test_an_unchanged_page_is_served_by_varnish(stack, site):
    english, _french = urls(site)
    first = through(stack, english)
    assert first.status == 200 and "Charter" in first.text
    assert first.headers["X-Cache"] == "MISS"
    assert first.headers["Cache-Control"] == "public, max-age=0, s-maxage=300"
    second = through(stack, english)
    assert second.headers["X-Cache"] == "HIT"
    assert int(second.headers["Age"]) >= 0
    assert second.body == first.body
    # A visitor's own cookies and language do not split the cache.
    third = through(stack, english, headers={"Cookie": "_ga=1", "Accept-Language": "fr"})
    assert third.headers["X-Cache"] == "HIT"


def test_a_publish_is_visible_through_varnish_at_once(stack, site, home):
    english, french = urls(site)
    for url in (english, french, home.url):
        through(stack, url)
        assert through(stack, url).headers["X-Cache"] == "HIT"
    site.title_en = "Partners' charter"
    site.title_fr = "Charte des partenaires"
    site.save_revision().publish()
    fresh = through(stack, english)
    assert fresh.headers["X-Cache"] == "MISS" and "Partners&#x27; charter" in fresh.text
    assert "Charte des partenaires" in through(stack, french).text
    assert through(stack, home.url).headers["X-Cache"] == "MISS"  # it lists the page

    site.unpublish()
    assert through(stack, english).status == 404
    assert through(stack, french).status == 404


def test_a_moved_or_deleted_page_is_purged(stack, site, home):
    from hub.models import StandardPage

    english, _french = urls(site)
    through(stack, english)
    assert through(stack, english).headers["X-Cache"] == "HIT"
    section = StandardPage(title="About", slug="about", title_en="About")
    home.add_child(instance=section)
    section.save_revision().publish()
    site.refresh_from_db()
    site.move(section, pos="last-child")
    gone = through(stack, english)  # at once: Wagtail's redirect to the new address
    assert gone.status == 301 and gone.headers["Location"].endswith("/en/about/charter/")
    site.refresh_from_db()
    moved = site.specific.url
    assert through(stack, moved).status == 200
    assert through(stack, moved).headers["X-Cache"] == "HIT"
    site.delete()
    assert through(stack, moved).status == 404


def test_a_registration_page_is_never_kept(stack, site, home):
    from tests.workshops.factories import make_index, make_workshop

    workshop = make_workshop(make_index(home))
    for _ in range(2):
        response = through(stack, workshop.url)
        assert response.status == 200 and "places left" in response.text
        assert response.headers["X-Cache"] == "MISS"
        assert response.headers["Cache-Control"] == "private, no-store"


def test_a_signed_in_visitor_is_never_served_from_varnish(stack, site):
    english, _french = urls(site)
    through(stack, english)
    response = through(stack, english, headers={"Cookie": "sessionid=abc"})
    assert response.headers["X-Cache"] == "MISS"


def test_a_purge_from_this_machine_is_accepted(stack, site):
    assert through(stack, "/en/", method="PURGE").status == 200
