"""Fixtures for the workshop tests: a clean cache (rate limits) and a workshop to register for."""

import re

import pytest
from django.core.cache import cache

from tests.conftest import ensure_wagtail_base

from .factories import make_index, make_workshop


@pytest.fixture(autouse=True)
def _wagtail_base(db):
    """The root page, locale and collection, put back if a transactional test flushed them."""
    ensure_wagtail_base()


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
