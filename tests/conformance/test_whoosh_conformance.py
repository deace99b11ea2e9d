"""modelsearch's BackendTests (shipped in its wheel) against our Whoosh backend, with no skips."""

import pytest
from django.conf import settings

if not settings.CONFORMANCE_FIXTURE_DIR.joinpath("search.json").exists():
    pytest.skip(
        f"modelsearch conformance fixture not found in {settings.CONFORMANCE_FIXTURE_DIR} "
        "(expected ../shared/conformance/modelsearch/search.json next to the project)",
        allow_module_level=True,
    )

from django.test import TestCase  # noqa: E402
from modelsearch.tests.test_backends import BackendTests  # noqa: E402


class TestWhooshSearchBackend(BackendTests, TestCase):
    backend_path = "hub.search.backend"
