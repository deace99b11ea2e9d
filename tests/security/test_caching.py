"""The anonymous page cache: hits for visitors, never for editors or forms, emptied on publish."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from hub import caching


@pytest.fixture
def page_cache(settings, client):
    settings.PAGE_CACHE_SECONDS = 300
    # The first render creates the site's settings rows, which (like any save) empties the cache.
    client.get("/en/")
    cache.clear()
    yield
    cache.clear()


def get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response


@pytest.mark.django_db
def test_anonymous_pages_are_served_from_the_cache(
    client, home, page_cache, django_assert_num_queries
):
    first = get(client, "/en/")
    assert first[caching.CACHED_HEADER] == "miss"
    with django_assert_num_queries(0):
        second = get(client, "/en/")
    assert second[caching.CACHED_HEADER] == "hit"
    assert second.content == first.content
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"):
        assert second[header] == first[header]
    french = get(client, "/fr/")
    assert french[caching.CACHED_HEADER] == "miss"
    assert french.content != first.content


@pytest.mark.django_db
def test_publishing_empties_the_cache(client, home, page_cache):
    get(client, "/en/")
    home.title_en = "A new name for the hub"
    home.save_revision().publish()
    response = get(client, "/en/")
    assert response[caching.CACHED_HEADER] == "miss"
    assert b"A new name for the hub" in response.content


@pytest.mark.django_db
def test_unpublishing_and_deleting_empty_the_cache(client, home, page_cache):
    from hub.models import StandardPage

    page = home.add_child(instance=StandardPage(title="Legal", slug="legal", title_en="Legal"))
    page.save_revision().publish()
    url = page.url
    get(client, url)
    assert get(client, url)[caching.CACHED_HEADER] == "hit"
    page.unpublish()
    assert client.get(url).status_code == 404
    page.save_revision().publish()
    get(client, url)
    page.delete()
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_snippet_change_empties_the_cache(client, home, page_cache):
    from hub.models import Theme

    get(client, "/en/")
    theme = Theme.objects.first()
    theme.name_en = "Renamed theme"
    theme.save()
    assert get(client, "/en/")[caching.CACHED_HEADER] == "miss"


@pytest.mark.django_db
def test_signed_in_users_are_never_served_or_stored(home, page_cache, admin_user):
    from django.test import Client

    editor = Client()
    editor.force_login(admin_user)
    assert caching.CACHED_HEADER not in get(editor, "/en/")
    assert caching.CACHED_HEADER not in get(editor, "/en/")
    assert get(Client(), "/en/")[caching.CACHED_HEADER] == "miss"
    assert get(Client(), "/en/")[caching.CACHED_HEADER] == "hit"
    assert caching.CACHED_HEADER not in get(editor, "/en/")


@pytest.mark.django_db
def test_off_when_the_setting_is_zero(client, home, settings):
    settings.PAGE_CACHE_SECONDS = 0
    get(client, "/en/")
    assert caching.CACHED_HEADER not in get(client, "/en/")


def html_response(**headers):
    response = HttpResponse("<p>x</p>", content_type="text/html; charset=utf-8")
    for name, value in headers.items():
        response[name] = value
    return response


@pytest.mark.parametrize(
    ("meta", "response", "cacheable"),
    [
        ({}, html_response(), True),
        ({"CSRF_COOKIE_USED": True}, html_response(), False),
        ({}, html_response(**{"Cache-Control": "private"}), False),
        ({}, html_response(**{"Cache-Control": "no-store"}), False),
        ({}, html_response(Vary="User-Agent"), False),
        ({}, html_response(Vary="Accept-Language, Cookie"), True),
        ({}, html_response(**{"Content-Security-Policy": "script-src 'nonce-abc'"}), False),
        ({}, HttpResponse(b"{}", content_type="application/json"), False),
        ({}, HttpResponse(status=404, content_type="text/html"), False),
    ],
)
def test_what_may_be_stored(meta, response, cacheable):
    request = RequestFactory().get("/en/", **meta)
    assert caching._cacheable_response(request, response) is cacheable


def test_responses_that_set_a_cookie_are_not_stored():
    response = html_response()
    response.set_cookie("messages", "x")
    assert not caching._cacheable_response(RequestFactory().get("/en/"), response)


def test_only_anonymous_public_gets_are_looked_up(settings):
    factory = RequestFactory()
    assert caching._cacheable_request(factory.get("/en/library/?theme=food"))
    assert not caching._cacheable_request(factory.post("/en/"))
    assert not caching._cacheable_request(factory.get("/admin/"))
    assert not caching._cacheable_request(factory.get("/documents/1/a.pdf"))
    with_session = factory.get("/en/")
    with_session.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"
    assert not caching._cacheable_request(with_session)
