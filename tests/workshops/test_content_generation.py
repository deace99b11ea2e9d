"""Content is not traffic: registrations never flush the site-wide caches, content always does.

A registration, an access key or a seat count replaces no content generation (so the cached
pages, the memos and the library's facet index survive); the workshop's own page shows the new
places-left figure at once, and an approved note forgets the cached copies of its page alone.
"""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone, translation

from hub import caching
from hub import memos as hub_memos
from workshops import services
from workshops.models import AccessKey, Note, Registration

from .factories import RegistrationDataFactory, make_workshop, move_to


@pytest.fixture
def page_cache(settings, client, home):
    settings.PAGE_CACHE_SECONDS = 300
    # The first render creates the site's settings rows, which (like any save) empties the cache.
    client.get("/en/")
    cache.clear()
    yield
    cache.clear()


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


@pytest.mark.django_db
def test_registrations_and_access_keys_keep_the_content_generation(page_cache, workshop):
    before = caching.current_generation()
    outcome = services.register(workshop, RegistrationDataFactory())
    services.new_token(outcome.registration)
    services.cancel(outcome.registration)
    AccessKey.objects.filter(registration=outcome.registration).delete()
    assert caching.current_generation() == before
    assert Registration.objects.count() == 1


@pytest.mark.django_db
def test_a_memo_survives_registrations(page_cache, workshop):
    calls = []
    hub_memos.memo(("traffic-test",), lambda: calls.append(1))
    for _ in range(3):
        services.register(workshop, RegistrationDataFactory())
    hub_memos.memo(("traffic-test",), lambda: calls.append(1))
    assert calls == [1]


@pytest.mark.django_db
def test_cached_pages_survive_registrations(client, page_cache, workshop):
    get(client, "/en/")
    assert get(client, "/en/")[caching.CACHED_HEADER] == "hit"
    services.register(workshop, RegistrationDataFactory())
    assert get(client, "/en/")[caching.CACHED_HEADER] == "hit"


@pytest.mark.django_db
def test_places_left_are_read_fresh_after_each_registration(client, page_cache, workshop):
    assert b"5 places left." in get(client, workshop.url).content
    services.register(workshop, RegistrationDataFactory())
    assert b"4 places left." in get(client, workshop.url).content
    services.register(workshop, RegistrationDataFactory())
    assert b"3 places left." in get(client, workshop.url).content


@pytest.mark.django_db
def test_an_approved_note_forgets_its_page_only(client, page_cache, index, workshop):
    other = make_workshop(index, slug="other-workshop")
    outcome = services.register(workshop, RegistrationDataFactory(consent_show_name=True))
    # The workshop took place: its record (no form) is cached like any public page.
    for page in (workshop, other):
        move_to(page, timezone.now() - datetime.timedelta(days=2))
    caching.invalidate()
    # A request leaves its language active in this thread: the addresses are read first.
    english, other_url = workshop.url, other.url
    with translation.override("fr"):
        french = workshop.url
    assert french.startswith("/fr/")
    for url in (english, french, other_url, "/en/"):
        get(client, url)
        assert get(client, url)[caching.CACHED_HEADER] == "hit", url
    before = caching.current_generation()
    note = Note.objects.create(
        workshop=workshop, registration=outcome.registration, body="We shared our food maps."
    )
    note.status = Note.APPROVED
    note.save()
    assert caching.current_generation() == before
    response = get(client, english)
    assert response[caching.CACHED_HEADER] == "miss"
    assert b"We shared our food maps." in response.content
    assert get(client, french)[caching.CACHED_HEADER] == "miss"
    assert caching.current_generation() == before
    assert get(client, other_url)[caching.CACHED_HEADER] == "hit"
    assert get(client, "/en/")[caching.CACHED_HEADER] == "hit"


@pytest.mark.django_db
def test_content_changes_still_replace_the_generation(page_cache, home, workshop):
    from hub.models import Partner, SiteSettings, Theme

    changes = [
        lambda: workshop.save_revision().publish(),
        lambda: Theme.objects.first().save(),
        lambda: Partner.objects.first().save(),
        lambda: SiteSettings.for_site(home.get_site()).save(),
    ]
    for change in changes:
        before, edits = caching.current_generation(), caching.edit_generation()
        change()
        assert caching.current_generation() != before
        assert caching.edit_generation() != edits  # the archive's fingerprint sees them all


@pytest.mark.django_db
def test_rows_a_render_makes_itself_keep_the_edit_generation(page_cache):
    """A rendition, or a document's size read from its file for the first time, changes no
    page: the memos must see them (new generation), the archive need not render again."""
    from django.core.files.base import ContentFile
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    from hub.models import HubDocument

    image = get_image_model().objects.create(title="Hall", file=get_test_image_file("hall.png"))
    document = HubDocument.objects.create(title="Plan", file=ContentFile(b"text", name="p.txt"))
    HubDocument.objects.filter(pk=document.pk).update(file_size=None, file_hash="")
    document.refresh_from_db()
    for derived in (
        lambda: image.get_rendition("fill-40x20"),
        document.get_file_size,
        document.get_file_hash,
    ):
        before, edits = caching.current_generation(), caching.edit_generation()
        derived()
        assert caching.current_generation() != before
        assert caching.edit_generation() == edits
    edits = caching.edit_generation()
    image.get_renditions("width-30", "width-60")  # made in bulk: no signal at all
    assert caching.edit_generation() == edits
    assert document.file_size == 4 and document.file_hash
    before, edits = caching.current_generation(), caching.edit_generation()
    document.title = "Town plan"
    document.save()
    assert caching.edit_generation() != edits


@pytest.mark.django_db
def test_a_document_change_replaces_the_generation(page_cache):
    from django.core.files.base import ContentFile

    from hub.models import HubDocument

    before = caching.current_generation()
    HubDocument.objects.create(title="Plan", file=ContentFile(b"plain text", name="plan.txt"))
    assert caching.current_generation() != before


def test_which_models_are_content():
    from django.contrib.sessions.models import Session
    from wagtail.models import Page, Revision

    from hub.models import Theme
    from workshops.models import Seats
    from workshops.models.limits import RateLimitCounter

    assert caching.is_content(Page)
    assert caching.is_content(Theme)
    for traffic in (Registration, AccessKey, Seats, Note, Session, Revision, RateLimitCounter):
        assert not caching.is_content(traffic), traffic
