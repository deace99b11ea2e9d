"""A workshop series page compiles its workshops' records, minutes, outputs, documents,
attendance and approved notes, in both languages."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from hub.demo import child_page
from workshops import services
from workshops.models import Note, Seats, WorkshopSeriesPage

from .factories import RegistrationDataFactory, make_workshop


@pytest.fixture
def series(index):
    page, _created = child_page(
        index,
        WorkshopSeriesPage,
        "food-series",
        title="Food series",
        title_en="Food series",
        title_fr="Série alimentation",
        slug_fr="serie-alimentation",
        intro_en="<p>Three meetings.</p>",
    )
    return page


def test_the_series_page_shows_what_each_workshop_has(client, index, series):
    past = make_workshop(
        series,
        slug="first-meeting",
        starts_in=-datetime.timedelta(days=40),
        minutes_en="<p>We agreed on a shared referral form.</p>",
        minutes_fr="<p>Nous avons adopté un formulaire commun.</p>",
        outputs_en="<p>A referral form.</p>",
    )
    bare = make_workshop(series, slug="second-meeting", starts_in=-datetime.timedelta(days=20))
    upcoming = make_workshop(series, slug="third-meeting")
    ada = services.register(past, RegistrationDataFactory(), send_email=False).registration
    Note.objects.create(workshop=past, registration=ada, body="Useful **day**.", status="approved")
    Note.objects.create(workshop=past, registration=ada, body="Not yet read.")
    Seats.objects.filter(workshop=past).update(attended=42, attended_countries=3)

    english = client.get(series.url).content.decode()
    assert english.index("Workshop first-meeting") < english.index("Workshop second-meeting")
    assert "shared referral form" in english and "A referral form." in english
    assert "Useful <strong>day</strong>." in english and "Not yet read" not in english
    assert "42 participants from 3 countries" in english
    assert "has not been written yet" in english  # the second meeting
    assert "has not taken place yet" in english  # the third
    french = client.get("/fr/ateliers/serie-alimentation/").content.decode()
    assert "formulaire commun" in french
    assert "42 participants venus de 3" in french
    # The outputs exist in English only: shown, marked as English.
    assert 'lang="en"' in french and "A referral form." in french
    # The series' workshops are listed on the index page too.
    listed = client.get(index.url).content.decode()
    assert bare.title in listed and upcoming.title in listed
    assert past.start < timezone.now()


def test_series_page_queries_do_not_grow_with_its_workshops(
    client, series, django_assert_max_num_queries
):
    for n in range(3):
        make_workshop(series, slug=f"meeting-{n}", starts_in=-datetime.timedelta(days=10 + n))
    client.get(series.url)
    cache.clear()  # measured without the page cache
    with django_assert_max_num_queries(40) as few:
        client.get(series.url)
    cache.clear()
    for n in range(3, 9):
        make_workshop(series, slug=f"meeting-{n}", starts_in=-datetime.timedelta(days=10 + n))
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "meeting-8" in client.get(series.url).content.decode()
