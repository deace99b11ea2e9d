"""Fixtures of the search page tests."""

import pytest

from .helpers import add_resource


@pytest.fixture
def publish(home, django_capture_on_commit_callbacks):
    """Create and publish a resource; extraction and indexing run as after a real commit."""

    def create(slug, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return add_resource(home, slug, **kwargs)

    return create


@pytest.fixture(params=["whoosh", "database"])
def each_search_backend(request, settings):
    """The test once on our Whoosh backend, once on modelsearch's database backend (PostgreSQL
    full-text search when the suite runs on PostgreSQL, SQLite's FTS5 on SQLite)."""
    if request.param == "database":
        settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "modelsearch.backends.database"}}
    return request.param
