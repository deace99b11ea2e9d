"""Shared fixtures: a bilingual site with its home page, taxonomy and a logged-in admin."""

import pytest
from django.core.management import call_command

# modelsearch's conformance suite needs its own settings: a separate run,
# `.venv/bin/pytest -c tests/conformance/pytest.ini tests/conformance`.
collect_ignore = ["conformance"]
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_by_default():
    """Start every test in English: modeltranslation writes plain field names to the active language."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _media_and_index(settings, tmp_path):
    """Each test gets its own media folder and search index directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    if settings.WAGTAILSEARCH_BACKENDS["default"].get("PATH"):
        backends = {
            name: dict(conf, PATH=str(tmp_path / f"index-{name}"))
            for name, conf in settings.WAGTAILSEARCH_BACKENDS.items()
        }
        settings.WAGTAILSEARCH_BACKENDS = backends


@pytest.fixture
def home(db):
    """The hub's home page as the default site's root, with themes, partners and places."""
    from hub import demo

    call_command("update_translation_fields", verbosity=0)
    demo.load_taxonomy()
    return demo.load_home()


@pytest.fixture
def demo_site(db):
    """The whole hub demo (every app's demo content)."""
    call_command("load_demo", "--no-admin", verbosity=0)
    from hub.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser("boss", "boss@example.org", "pw-boss-123")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client
