"""The programme facet of the library and the search page: it combines with the other facets
(values of one facet are alternatives, facets combine) and counts right."""

import re

import pytest

from hub.models import Theme
from tests.library.factories import PublicationFactory, ToolkitFactory
from tests.programmes.conftest import make_programme


def facet_counts(html, name):
    """{value: count} of the facet ``name`` as the filters panel shows it."""
    found = {}
    pattern = rf'name="{name}" value="([^"]+)"[^>]*>.*?class="facet__count"[^>]*>\(?(\d+)'
    for value, count in re.findall(pattern, html, re.S):
        found[value] = int(count)
    return found


@pytest.fixture
def filed(home, programme, programme_index):
    from hub.browse.facet_index import reset
    from hub.demo import load_library

    load_library(home)
    other = make_programme(programme_index, "calvados", title_en="Calvados plan")
    food = Theme.objects.get(slug="food-insecurity")
    PublicationFactory(home=home, programmes=[programme], themes=[food])
    PublicationFactory(home=home, programmes=[programme])
    ToolkitFactory(home=home, programmes=[programme, other], themes=[food])
    ToolkitFactory(home=home, programmes=[other])
    reset()
    return programme, other


def test_library_programme_facet_counts_and_combines(client, filed):
    html = client.get("/en/library/").content.decode()
    assert facet_counts(html, "programme") == {"c-care": 3, "calvados": 2}
    # With a theme chosen, the programme facet counts within that theme...
    html = client.get("/en/library/?theme=food-insecurity").content.decode()
    assert facet_counts(html, "programme") == {"c-care": 2, "calvados": 1}
    # ...and a programme chosen narrows the results and the other facets.
    html = client.get("/en/library/?programme=calvados&kind=toolkit").content.decode()
    assert re.search(r"\b2 (resources|results)\b", html)
    assert facet_counts(html, "kind") == {"toolkit": 2}
    html = client.get("/en/library/?programme=calvados&programme=c-care").content.decode()
    assert re.search(r"\b4 (resources|results)\b", html)


def test_library_feed_follows_the_programme_filter(client, filed):
    feed = client.get("/en/library/feed/?programme=calvados").content.decode()
    assert feed.count("<entry>") == 2


def test_search_page_has_the_programme_facet(
    client, home, programme, programme_index, django_capture_on_commit_callbacks
):
    from tests.search_page.helpers import add_resource

    other = make_programme(programme_index, "calvados", title_en="Calvados plan")
    # Indexing runs after the commit, as it does for real.
    with django_capture_on_commit_callbacks(execute=True):
        pages = [
            add_resource(home, f"vouchers-{n}", title_en=f"Food vouchers {n}") for n in range(3)
        ]
        for page, chosen in zip(pages, ([programme], [programme], [other]), strict=True):
            page.programmes.set(chosen)
            page.save_revision().publish()
    html = client.get("/en/search/?q=vouchers").content.decode()
    assert facet_counts(html, "programme") == {"c-care": 2, "calvados": 1}
    html = client.get("/en/search/?q=vouchers&programme=calvados").content.decode()
    assert facet_counts(html, "programme") == {"c-care": 2, "calvados": 1}
    assert html.count('class="card') >= 1 and "Food vouchers 2" in html
    assert "Food vouchers 0" not in html
