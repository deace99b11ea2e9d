"""Fixtures for the workshop tests: a clean cache (rate limits) and a workshop to register for."""

import re

import pytest
from django.core.cache import cache

from .factories import make_index, make_workshop


@pytest.fixture(autouse=True)
def _wagtail_base(db):
    """What Wagtail's migrations create, put back if a transactional test flushed it.

    Transactional tests (ours and other areas') empty every table when they end; the flush
    recreates content types and permissions but not the locale, root page or root collection
    that migrations made, and the shared ``home`` fixture needs them.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Collection, Locale, Page

    locale = Locale.objects.first() or Locale.objects.create(language_code="en")
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(
            instance=Page(
                title="Root",
                slug="root",
                locale=locale,
                content_type=ContentType.objects.get_for_model(Page),
            )
        )
    if not Collection.objects.exists():
        Collection.add_root(name="Root")


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def index(home):
    return make_index(home)


@pytest.fixture
def workshop(index):
    return make_workshop(index)


LINK = re.compile(r"https?://[^\s]+/(en|fr)/workshop/manage/([A-Za-z0-9_-]+)/")


def link_in(message):
    """(path, token) of the private link in an email."""
    match = LINK.search(message.body)
    assert match, message.body
    path = match.group(0).split("://", 1)[1]
    return path[path.index("/") :], match.group(2)
