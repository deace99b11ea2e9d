"""Fixtures of the library tests: a home page with the library page under it."""

import pytest

from hub.models import LibraryPage


@pytest.fixture
def library(home):
    from hub.demo import load_library

    return load_library(home)


@pytest.fixture
def library_page(library):
    return LibraryPage.objects.get(pk=library.pk)
