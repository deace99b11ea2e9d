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
