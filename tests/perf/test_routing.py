"""Routing by translated slug: same answers as wagtail-modeltranslation, constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub import routing
from hub.memos import clear_memos
from hub.models import StandardPage


def add_page(parent, slug_en, slug_fr="", title="Page"):
    page = parent.add_child(
        instance=StandardPage(
            title=title, title_en=title, title_fr=title, slug=slug_en, slug_en=slug_en,
            slug_fr=slug_fr,
        )
    )  # fmt: skip
    page.save_revision().publish()
    return page


def test_translated_models_use_the_indexed_route():
    assert StandardPage.route is routing.indexed_route


@pytest.mark.django_db
def test_routes_by_the_slug_of_each_language_with_fallback(client, home):
    parent = add_page(home, "guides", "guides-fr", "Guides")
    add_page(parent, "both", "les-deux", "Both languages")
    add_page(parent, "english-only", "", "English only")
    assert client.get("/en/guides/both/").status_code == 200
    assert client.get("/fr/guides-fr/les-deux/").status_code == 200
    # The French slug is empty: modeltranslation falls back to the English one.
    assert client.get("/fr/guides-fr/english-only/").status_code == 200
    # A slug of the other language is not an address in this one.
    assert client.get("/en/guides/les-deux/").status_code == 404
    assert client.get("/fr/guides-fr/both/").status_code == 404
    assert client.get("/en/guides/missing/").status_code == 404


@pytest.mark.django_db
def test_work_does_not_grow_with_the_number_of_siblings(client, home):
    """The old routing built every sibling; count the pages built and the queries run."""
    from django.db.models.signals import post_init
    from wagtail.models import Page

    parent = add_page(home, "many", "beaucoup", "Many")
    target = add_page(parent, "target", "cible", "Target")
    url = target.url
    built = []

    def on_init(sender, **kwargs):
        if issubclass(sender, Page):
            built.append(sender)

    def measure(remembered):
        client.get(url)
        client.get(url)  # the first request creates the site settings: a content change
        if not remembered:
            clear_memos()  # walk the tree (hub.routing.indexed_route), not the remembered route
        built.clear()
        post_init.connect(on_init)
        try:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
        finally:
            post_init.disconnect(on_init)
        return len(queries), len(built)

    few = measure(remembered=False), measure(remembered=True)
    for n in range(30):
        add_page(parent, f"sibling-{n}", f"voisin-{n}", f"Sibling {n}")
    assert (measure(remembered=False), measure(remembered=True)) == few
    # A remembered route's page is remembered too: no query, no page built from a row (the
    # request gets a copy of the one kept since the last content change).
    assert few[1] == (0, 0)
