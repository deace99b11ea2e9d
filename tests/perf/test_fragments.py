"""Pieces of pages kept per content generation (hub.fragments, ``{% fragment %}``): rendered
once per language and host, replaced on the next content change, never kept when they hold a
per-request secret (CSRF token, CSP nonce), a preview, or a signed-in view of documents; the
archive edition's kept apart, for one export."""

import datetime

import pytest
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpResponse
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

from archive.state import Edition
from hub import caching
from hub.fragments import forget_archived
from tests.library.factories import PublicationFactory, ToolkitFactory

pytestmark = pytest.mark.django_db


class Counted:
    """A template value that counts how many times it is rendered."""

    def __init__(self):
        self.renders = 0

    def __str__(self):
        self.renders += 1
        return "counted"


def render(source, request, **context):
    template = engines["django"].from_string("{% load hub_tags %}" + source)
    return template.render({"request": request, **context}, request)


def get(path="/en/", **extra):
    request = RequestFactory().get(path, **extra)
    request.COOKIES = dict(request.COOKIES)
    return request


def test_a_fragment_is_rendered_once_per_generation_language_and_keys():
    value = Counted()
    source = '{% fragment "test" key %}<p>{{ value }}</p>{% endfragment %}'
    first = render(source, get(), value=value, key=1)
    assert render(source, get(), value=value, key=1) == first == "<p>counted</p>"
    assert value.renders == 1
    render(source, get(), value=value, key=2)  # another key: its own piece
    assert value.renders == 2
    with translation.override("fr"):
        render(source, get("/fr/"), value=value, key=1)  # another language
    assert value.renders == 3
    caching.invalidate()  # what every publish, unpublish or content save does
    render(source, get(), value=value, key=1)
    assert value.renders == 4


@pytest.mark.parametrize("before", ["", "{% csrf_token %}"])
def test_a_fragment_that_read_the_csrf_token_is_never_kept(before):
    """Not even when the page read the token before the fragment did."""
    value = Counted()
    source = before + '{% fragment "test-csrf" %}{{ value }}{% csrf_token %}{% endfragment %}'
    first, second = render(source, get(), value=value), render(source, get(), value=value)
    assert value.renders == 2
    assert "csrfmiddlewaretoken" in first and first != second
    request = get()
    render(source, request, value=value)
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"]  # the response still sets the cookie


@pytest.mark.parametrize("before", ["", "{{ request.csp_nonce }}"])
def test_a_fragment_that_used_the_csp_nonce_is_never_kept(before):
    value = Counted()
    source = (
        before + '{% fragment "test-nonce" %}{{ value }}{{ request.csp_nonce }}{% endfragment %}'
    )
    outputs = []
    for _ in range(2):
        request = get()
        CSPMiddleware(lambda r: HttpResponse()).process_request(request)
        outputs.append(render(source, request, value=value))
    assert value.renders == 2
    assert outputs[0] != outputs[1]


def test_previews_render_afresh():
    value = Counted()
    source = '{% fragment "test-preview" %}{{ value }}{% endfragment %}'
    preview = get()
    preview.is_preview = True
    render(source, preview, value=value)
    assert value.renders == 1
    render(source, get(), value=value)
    render(source, get(), value=value)  # kept for visitors
    assert value.renders == 2
    preview = get()
    preview.is_preview = True
    render(source, preview, value=value)  # a preview never reads the kept piece either
    assert value.renders == 3


def test_the_archive_edition_keeps_its_own_pieces_for_one_export():
    """The edition's markup is its own: never the live site's pieces, nor another edition's;
    kept while one export lasts (public ones too: every request of an export is the same
    anonymous visitor's), dropped when its crawl ends."""
    value = Counted()
    source = '{% fragment "test-archive" 1 public %}{{ value }}{% endfragment %}'
    edition = Edition(made_on=datetime.date(2026, 3, 2))
    exporter = get()
    exporter.COOKIES[settings.SESSION_COOKIE_NAME] = "archive-export"
    render(source, exporter, value=value, archive=edition)
    render(source, exporter, value=value, archive=edition)
    assert value.renders == 1
    render(source, get(), value=value)  # a visitor of the live site: the live piece
    assert value.renders == 2
    render(source, exporter, value=value, archive=Edition(made_on=datetime.date(2026, 3, 3)))
    assert value.renders == 3  # another edition
    caching.invalidate()
    render(source, exporter, value=value, archive=edition)
    assert value.renders == 4  # a content change reaches the edition's pieces too
    forget_archived()
    render(source, exporter, value=value, archive=edition)
    assert value.renders == 5


def test_a_public_fragment_is_kept_for_visitors_without_a_session_only():
    value = Counted()
    source = '{% fragment "test-public" 1 public %}{{ value }}{% endfragment %}'
    signed_in = get()
    signed_in.COOKIES[settings.SESSION_COOKIE_NAME] = "a-session"
    render(source, signed_in, value=value)
    render(source, signed_in, value=value)
    assert value.renders == 2
    render(source, get(), value=value)
    render(source, get(), value=value)
    assert value.renders == 3


@pytest.fixture
def library(home):
    from hub.demo import load_library

    return load_library(home)


def in_french(page):
    with translation.override("fr"):
        return page.url


def test_cards_heading_and_facets_follow_a_publish_in_each_language(client, home, library):
    """The library's cards and facet counts, the home page's latest resources and the
    resource's own heading are kept: a publish shows on the next request, per language."""
    toolkit = ToolkitFactory(home=home, title_en="Food bank guide", title_fr="Guide des épiceries")
    # Addresses first: a request leaves its language active in the test's thread.
    library, french_library, page = library.url, in_french(library), toolkit.url
    assert "Food bank guide" in client.get(library).content.decode()
    assert "Food bank guide" in client.get("/en/").content.decode()
    assert "Food bank guide" in client.get(page).content.decode()
    french = client.get(french_library).content.decode()
    assert "Guide des épiceries" in french and "Food bank guide" not in french

    toolkit.title_en = "Community pantry guide"
    toolkit.save_revision().publish()
    PublicationFactory(home=home, title_en="A second resource")
    for url in (library, "/en/", page):
        body = client.get(url).content.decode()
        assert "Community pantry guide" in body, url
        assert "Food bank guide" not in body, url
    listing = client.get(library).content.decode()
    assert "A second resource" in listing
    assert "2 resources" in listing  # the counts, kept with the facets, moved too
    assert "Guide des épiceries" in client.get(french_library).content.decode()


def test_the_same_page_twice_is_the_same_bytes(client, home, library):
    """A page built from kept pieces is the page built afresh (the markup snapshot compares
    every page of the demo before and after; this checks one request against the next)."""
    toolkit = ToolkitFactory(home=home)
    urls = ("/en/", library.url, toolkit.url, in_french(library), in_french(toolkit))
    for url in urls:
        first = client.get(url).content
        assert client.get(url).content == first, url


def test_the_registration_form_keeps_an_empty_form_only(client, home):
    """An empty registration form is kept per language; a form sent back with its errors is
    the visitor's own: it shows what they typed, and the next visitor gets an empty form."""
    from tests.workshops.factories import form_data, make_index, make_workshop

    workshop = make_workshop(make_index(home))
    url, french_url = workshop.url, in_french(workshop)
    empty = client.get(url).content.decode()
    assert 'name="email"' in empty and "someone@example.org" not in empty
    response = client.post(url, form_data(email="someone@example.org", name=""))
    assert response.status_code == 400
    sent_back = response.content.decode()
    assert 'value="someone@example.org"' in sent_back
    assert "Enter your full name." in sent_back
    again = client.get(url).content.decode()
    assert "someone@example.org" not in again and "Enter your full name." not in again
    french = client.get(french_url).content.decode()
    assert "Adresse électronique" in french and "Email address" not in french


def test_a_remembered_page_of_results_follows_a_publish(
    client, home, django_capture_on_commit_callbacks
):
    """The hits of a page of results are kept with the query's matches: a new title shows on
    the next search, in its language."""
    with django_capture_on_commit_callbacks(execute=True):
        toolkit = ToolkitFactory(
            home=home, title_en="Pantry vouchers", title_fr="Bons pour les épiceries"
        )
    client.get("/en/search/?q=vouchers")  # the first request creates the site settings
    assert "Pantry vouchers" in client.get("/en/search/?q=vouchers").content.decode()
    french = client.get("/fr/search/?q=épiceries").content.decode()
    assert "Bons pour les épiceries" in french
    toolkit.title_en = "Community pantry vouchers"
    with django_capture_on_commit_callbacks(execute=True):
        toolkit.save_revision().publish()
    assert "Community pantry vouchers" in client.get("/en/search/?q=vouchers").content.decode()


def test_remembered_renditions_stay_with_their_image():
    """An image given its renditions from memory (hub.prefetch.with_renditions) that gets new
    ones gets its own: Wagtail's clash lookup runs on the image's queryset, not on every
    image's renditions of the same spec."""
    from types import SimpleNamespace

    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    from hub.prefetch import with_renditions

    image_model = get_image_model()
    first = image_model.objects.create(title="First", file=get_test_image_file("first.png"))
    second = image_model.objects.create(
        title="Second", file=get_test_image_file("second.png", colour="black")
    )
    first.get_renditions("fill-20x10", "fill-40x20")
    with_renditions([SimpleNamespace(image=second, image_id=second.pk)])  # read, remembered
    again = image_model.objects.get(pk=second.pk)
    with_renditions([SimpleNamespace(image=again, image_id=again.pk)])  # from memory
    renditions = again.get_renditions("fill-20x10", "fill-40x20")
    assert {r.image_id for r in renditions.values()} == {second.pk}
