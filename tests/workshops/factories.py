"""Factories for workshop tests: an index, workshops at chosen times, registration data."""

import datetime

import factory
from django.utils import timezone

from hub.demo import child_page
from workshops.models import WorkshopIndexPage, WorkshopPage


class RegistrationDataFactory(factory.DictFactory):
    """What the registration form's cleaned data looks like."""

    name = factory.Sequence(lambda n: f"Participant {n}")
    email = factory.Sequence(lambda n: f"participant{n}@example.org")
    organisation = "Example council"
    country = "France"
    language = "en"
    needs = ""
    consent_privacy = True
    consent_show_name = False


def form_data(**overrides):
    """POST data for the registration form."""
    data = RegistrationDataFactory(**overrides)
    post = {key: value for key, value in data.items() if not isinstance(value, bool)}
    post["consent_privacy"] = "on" if data["consent_privacy"] else ""
    if data["consent_show_name"]:
        post["consent_show_name"] = "on"
    post["website"] = ""
    return post


def make_index(home):
    index, _created = child_page(
        home,
        WorkshopIndexPage,
        "workshops",
        title="Transnational workshops",
        title_en="Transnational workshops",
        title_fr="Ateliers transnationaux",
        slug_fr="ateliers",
    )
    return index


def make_workshop(index, slug="food-workshop", starts_in=datetime.timedelta(days=10), **fields):
    start = (timezone.now() + starts_in).replace(microsecond=0)
    values = {
        "title": f"Workshop {slug}",
        "title_en": f"Workshop {slug}",
        "title_fr": f"Atelier {slug}",
        "slug_fr": f"atelier-{slug}",
        "summary_en": "Partners compare food-insecurity responses.",
        "summary_fr": "Les partenaires comparent leurs réponses à la précarité alimentaire.",
        "start": start,
        "end": start + datetime.timedelta(hours=3),
        "time_zone": "Europe/Paris",
        "format": "hybrid",
        "venue_en": "County Hall, Maidstone",
        "venue_fr": "County Hall, Maidstone",
        "joining_details": "https://meet.example.org/secret-room-4821",
        "capacity": 5,
    }
    values.update(fields)
    page, _created = child_page(index, WorkshopPage, slug, **values)
    return page


def move_to(workshop, start, hours=3):
    """Pretend time has passed: the workshop now starts at ``start``."""
    WorkshopPage.objects.filter(pk=workshop.pk).update(
        start=start, end=start + datetime.timedelta(hours=hours)
    )
    workshop.refresh_from_db()
    return workshop
