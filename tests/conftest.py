"""Shared fixtures: a bilingual site with its home page, taxonomy and a logged-in admin."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

# modelsearch's conformance suite needs its own settings: a separate run,
# `.venv/bin/pytest -c tests/conformance/pytest.ini tests/conformance`.
collect_ignore = ["conformance"]

CATALOGUE = Path(__file__).resolve().parents[1] / "locale" / "fr" / "LC_MESSAGES" / "django"


def pytest_configure(config):
    """Compile the French catalogue when it is missing or older than its source, as `make`
    does: run straight from a checkout, pytest would otherwise serve French pages in English."""
    po, mo = CATALOGUE.with_suffix(".po"), CATALOGUE.with_suffix(".mo")
    if po.exists() and (not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime):
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po.open("rb") as source:
            catalog = read_po(source)
        partial = mo.with_name(f"django.mo.{os.getpid()}")
        with partial.open("wb") as target:
            write_mo(target, catalog)
        partial.replace(mo)  # atomic: a server started meanwhile reads a whole file


def pytest_xdist_make_scheduler(config, log):
    """Under ``--dist loadgroup`` (tests/runner.py) every browser journey goes to one worker: one
    live site and one Chromium beside the other worker's tests. xdist's own grouping by
    ``xdist_group`` marks does not group here (pytest 9, xdist 3.8: marked tests still ran on
    both workers), so the group is the folder: tests/browser/ is one unit of work, every other
    test a unit of its own."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class BrowserOnOneWorker(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            return "browser" if nodeid.startswith("tests/browser/") else nodeid

    return BrowserOnOneWorker(config, log)


@pytest.fixture(autouse=True)
def _english_by_default():
    """Start every test in English: plain field names write to the active language."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_content_generation():
    """Each test starts with no remembered pages, routes or settings (hub.caching): a rolled-back
    test sends no signal, so what it remembered would otherwise outlive its rows."""
    from hub.caching import invalidate
    from hub.memos import clear_memos

    invalidate()
    clear_memos()
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


def ensure_wagtail_base():
    """What Wagtail's migrations create, put back if a transactional test flushed it.

    Transactional tests empty every table when they end; the flush recreates content types and
    permissions but not the locale, root page or root collection that migrations made.
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


def _build_home():
    from hub import demo

    ensure_wagtail_base()
    # Pages created by migrations (the root) need their per-language fields.
    call_command("update_translation_fields", verbosity=0)
    demo.load_taxonomy()
    return demo.load_home()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Build the home page and taxonomy once per test database; each test rolls back to it."""
    with django_db_blocker.unblock():
        _build_home()


@pytest.fixture
def home(db):
    """The hub's home page as the default site's root, with themes, partners and places."""
    from hub.models import HomePage, Theme

    existing = HomePage.objects.first()
    if existing is not None and Theme.objects.exists():
        return existing
    # A transactional test flushed the database: build it again, from what Wagtail's
    # migrations made (the flush recreates content types and permissions, not these).
    return _build_home()


@pytest.fixture(scope="session")
def replays(tmp_path_factory):
    """What fixtures built once in this process, to replay into later tests (tests/snapshot.py)."""
    from tests.snapshot import Replays

    return Replays(tmp_path_factory.mktemp("replays"))


@pytest.fixture
def demo_site(db, settings, replays):
    """The whole hub demo (every app's demo content): what ``load_demo --no-admin`` makes,
    loaded once per test process and replayed after that (tests/snapshot.py)."""
    from tests.snapshot import load_demo

    load_demo(replays, settings)
    from hub.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser("boss", "boss@example.org", "pw-boss-123")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client
