"""The registrations admin with erased rows: one erased by its participant (private link) and one
blanked by ``purge_workshop_data``, listed, filtered and inspected by each kind of organiser."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from .factories import add_workshop
from .helpers import assert_allowed

ORGANISERS = ["superuser", "moderator", "kent_editor"]


@pytest.fixture
def erased(world):
    """Kent's workshop with a live, an erased and a purged registration."""
    from workshops import services
    from workshops.models import WorkshopPage

    def data(name):
        return {
            "name": name,
            "email": f"{name.lower().replace(' ', '.')}@example.org",
            "organisation": "Kent County Council",
            "country": "United Kingdom",
            "language": "en",
            "needs": "",
            "consent_privacy": True,
            "consent_show_name": True,
        }

    workshop = world.kent_workshop
    kept = services.register(workshop, data("Kept Person"), send_email=False).registration
    gone = services.register(workshop, data("Gone Person"), send_email=False).registration
    services.erase(gone, send_email=False)
    # A past workshop of Kent's whose registrations the retention command blanks.
    past = add_workshop(world.workshops, "kent-past-workshop", [world.kent])
    purged = services.register(past, data("Purged Person"), send_email=False).registration
    start = timezone.now() - datetime.timedelta(days=30)
    WorkshopPage.objects.filter(pk=past.pk).update(
        start=start, end=start + datetime.timedelta(hours=3)
    )
    call_command("purge_workshop_data", "--months", "0", verbosity=0)
    kept.refresh_from_db()
    gone.refresh_from_db()
    purged.refresh_from_db()
    assert kept.erased_at is None and gone.erased_at and purged.erased_at
    assert not gone.name and not purged.name
    return kept, gone, purged, past


def _login(client, world, who, admin_user):
    client.force_login(admin_user if who == "superuser" else getattr(world, who))
    return client


def test_an_erased_registration_reads_as_erased(erased):
    _kept, gone, purged, _past = erased
    assert str(gone) == "(erased)" and str(purged) == "(erased)"


@pytest.mark.parametrize("who", ORGANISERS)
def test_listing_filtered_listing_and_inspect_with_erased_rows(
    client, world, erased, who, admin_user
):
    kept, gone, purged, past = erased
    client = _login(client, world, who, admin_user)
    index = reverse("workshop_registrations:index")
    for url in (
        index,
        f"{index}?workshop={world.kent_workshop.pk}",
        f"{index}?workshop={past.pk}",
        f"{index}?status=cancelled",
        f"{index}?q=Person",
        f"{index}?ordering=name",
        f"{index}?ordering=-name",
    ):
        response = client.get(url)
        assert_allowed(response)
    html = client.get(index).content.decode()
    assert "Kept Person" in html
    assert "Gone Person" not in html and "Purged Person" not in html
    for registration in (gone, purged):
        # The name column links to the row and says what happened, rather than "(blank)".
        link = reverse("workshop_registrations:inspect", args=[registration.pk])
        assert re.search(rf'href="{link}">\s*\(erased\)\s*</a>', html), link
    for registration in (gone, purged):
        response = client.get(reverse("workshop_registrations:inspect", args=[registration.pk]))
        assert_allowed(response)
        html = response.content.decode()
        assert "(erased)" in html
        assert "gone.person@example.org" not in html and "purged.person" not in html
    for fmt in ("csv", "xlsx"):
        assert_allowed(client.get(f"{index}?export={fmt}"))
