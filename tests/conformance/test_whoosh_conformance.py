"""modelsearch's BackendTests (shipped in its wheel) against our Whoosh backend, with no skips."""

from django.conf import settings

from tests.missing import missing

if not settings.CONFORMANCE_FIXTURE_DIR.joinpath("search.json").exists():
    missing(
        "the modelsearch fixture is not beside the project "
        f"({settings.CONFORMANCE_FIXTURE_DIR}/search.json)",
        allow_module_level=True,
    )

from django.test import TestCase  # noqa: E402
from modelsearch.tests.test_backends import BackendTests  # noqa: E402


class TestWhooshSearchBackend(BackendTests, TestCase):
    backend_path = "hub.search.backends.whoosh"
