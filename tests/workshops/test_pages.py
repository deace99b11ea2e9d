"""Workshop pages: index order and filters, the calendar feed, times in both zones, the admin
form's rules, capacity changes, retention, the Markdown subset and the demo content."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from hub.models import Partner, Theme
from workshops import services
from workshops.markdown import render
from workshops.models import Note, Registration, Seats, WorkshopPage, WorkshopPageForm

from .factories import RegistrationDataFactory, make_workshop

DAY = datetime.timedelta(days=1)


@pytest.fixture
def three(index):
    soon = make_workshop(index, slug="soon", starts_in=5 * DAY)
    later = make_workshop(index, slug="later", starts_in=40 * DAY)
    past = make_workshop(index, slug="past", starts_in=-60 * DAY)
    food = Theme.objects.get(slug="food-insecurity")
    kent = Partner.objects.get(slug="kent")
    for page in (soon, past):
        page.themes.add(food)
        page.save_revision().publish()
    later.partners.add(kent)
    later.save_revision().publish()
    return soon, later, past


def test_index_lists_upcoming_first_then_past(client, three, django_assert_max_num_queries):
    with django_assert_max_num_queries(40):
        html = client.get("/en/workshops/").content.decode()
    upcoming, past = html.split('id="past-heading"')
    assert upcoming.index("Workshop soon") < upcoming.index("Workshop later")
    assert "Workshop past" in past and "Workshop past" not in upcoming
    french = client.get("/fr/ateliers/").content.decode()
    assert "Atelier soon" in french


def test_index_filters_by_theme_and_partner(client, three):
    html = client.get("/en/workshops/?theme=food-insecurity").content.decode()
    assert "Workshop soon" in html and "Workshop past" in html and "Workshop later" not in html
    html = client.get("/en/workshops/?partner=kent").content.decode()
    assert "Workshop later" in html and "Workshop soon" not in html
    html = client.get("/en/workshops/?theme=nonsense").content.decode()
    assert "Workshop later" in html  # an unknown filter value is ignored, not an error


def test_calendar_feed_has_every_workshop(client, three):
    response = client.get("/fr/workshop/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    summaries = sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))
    assert summaries == ["Atelier later", "Atelier past", "Atelier soon"]
    assert {tz["TZID"] for tz in calendar.walk("VTIMEZONE")} == {"Europe/Paris"}
    single = client.get(f"/en/workshop/{three[0].pk}/event.ics")
    assert len(Calendar.from_ical(single.content).walk("VEVENT")) == 1


def test_times_shown_in_london_and_paris(client, index):
    start = datetime.datetime(2030, 7, 4, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    page = make_workshop(index, slug="summer", start=start, end=start + 2 * DAY / 24)
    times = page.local_times()
    assert [t["zone"] for t in times] == ["Europe/Paris", "Europe/London"]
    assert [t["start"].hour for t in times] == [10, 9]
    html = client.get(page.url).content.decode()
    assert "10:00" in html and "09:00" in html
    assert "French time" in html and "UK time" in html


def test_joining_details_never_on_the_public_page(client, workshop):
    html = client.get(workshop.url).content.decode()
    assert "secret-room" not in html
    feed = client.get("/en/workshop/calendar.ics").content.decode()
    assert "secret-room" not in feed


def _form(page, **data):
    form_class = WorkshopPage.get_edit_handler().get_form_class()
    data = {"agenda_en-count": "0", "agenda_fr-count": "0", **data}
    return form_class(data=data, instance=page, for_user=None, parent_page=page.get_parent())


def test_admin_form_reads_times_in_the_event_zone(workshop):
    form = _form(
        workshop,
        time_zone="Europe/Paris",
        start="2030-01-10 10:00",
        end="2030-01-10 09:00",
        capacity="5",
    )
    form.is_valid()
    assert form.cleaned_data["start"] == datetime.datetime(
        2030, 1, 10, 10, 0, tzinfo=ZoneInfo("Europe/Paris")
    )
    assert "The workshop must end after it starts." in form.errors["end"]
    assert isinstance(form, WorkshopPageForm)


def test_capacity_below_confirmed_is_refused(workshop):
    for _n in range(3):
        services.register(workshop, RegistrationDataFactory(), send_email=False)
    form = _form(workshop, capacity="2", time_zone="Europe/Paris")
    form.is_valid()
    assert "3 people already have a confirmed place" in " ".join(form.errors["capacity"])
    assert "capacity" not in _form(workshop, capacity="3", time_zone="Europe/Paris").errors


def test_raising_capacity_promotes_waiting_people(
    index, django_capture_on_commit_callbacks, mailoutbox
):
    page = make_workshop(index, slug="grow", capacity=1, waiting_list="automatic")
    regs = [
        services.register(page, RegistrationDataFactory(), send_email=False).registration
        for _n in range(4)
    ]
    page = WorkshopPage.objects.get(pk=page.pk)
    page.capacity = 3
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    statuses = [Registration.objects.get(pk=r.pk).status for r in regs]
    assert statuses == ["confirmed", "confirmed", "confirmed", "waiting"]
    assert Seats.objects.get(workshop=page).capacity == 3
    assert len(mailoutbox) == 2
    # A lower capacity arriving by another road keeps everyone: the counter refuses it.
    page.capacity = 1
    page.save_revision().publish()
    assert Seats.objects.get(workshop=page).capacity == 3
    assert Registration.objects.filter(status="confirmed").count() == 3


def test_purge_erases_personal_data_but_keeps_counts(index):
    old = make_workshop(index, slug="old", starts_in=-250 * DAY)
    recent = make_workshop(index, slug="recent", starts_in=-30 * DAY)
    for page in (old, recent):
        for _n in range(2):
            reg = services.register(
                page, RegistrationDataFactory(consent_show_name=True), send_email=False
            ).registration
        Note.objects.create(workshop=page, registration=reg, body="kept", status=Note.APPROVED)
        Note.objects.create(workshop=page, registration=reg, body="pending", status=Note.PENDING)
    call_command("purge_workshop_data", verbosity=0)
    erased = Registration.objects.filter(workshop=old)
    assert erased.count() == 2
    assert set(erased.values_list("name", "email", "organisation", "needs")) == {("", "", "", "")}
    assert all(erased.values_list("erased_at", flat=True))
    assert old.counts()["confirmed"] == 2
    assert list(Note.objects.filter(workshop=old).values_list("body", flat=True)) == ["kept"]
    assert Note.objects.get(workshop=old).author_display == ""
    assert Registration.objects.filter(workshop=recent, erased_at__isnull=True).count() == 2
    call_command("purge_workshop_data", "--months", "0", verbosity=0)
    assert not Registration.objects.filter(erased_at__isnull=True).exists()


def test_markdown_subset():
    html = render("Hi *there* and **all**\n\n- one\n- [two](https://example.org)\n\n1. a\n2. b")
    assert html == (
        "<p>Hi <em>there</em> and <strong>all</strong></p>"
        '<ul><li>one</li><li><a href="https://example.org" rel="nofollow noopener">two</a>'
        "</li></ul>"
        "<ol><li>a</li><li>b</li></ol>"
    )
    assert render("<b>x</b> [y](javascript:alert(1))") == (
        "<p>&lt;b&gt;x&lt;/b&gt; [y](javascript:alert(1))</p>"
    )


def test_demo_content_is_idempotent(demo_site, client):
    call_command("load_demo", "--no-admin", verbosity=0)
    pages = WorkshopPage.objects.all()
    assert pages.count() == 5
    now = timezone.now()
    assert pages.filter(start__gt=now).count() == 2
    assert pages.filter(end__lt=now).count() == 3
    assert all(page.kind == "workshop_record" for page in pages)
    assert Note.objects.count() == 1
    home = client.get("/en/").content.decode()
    assert "Digital mediation and food insecurity" in home
    record = client.get("/fr/ateliers/bons-alimentaires-plus-rapides/").content.decode()
    assert "572 389 euros" in record and "Un·e participant" not in record


def test_places_left_follow_each_registration(client, workshop):
    """The seat counter comes with the page (one query less) and is never a stale copy."""
    url = workshop.url
    client.get(url)
    client.get(url)  # the first request creates the site settings: a content change
    assert "5 places left." in client.get(url).content.decode()
    services.register(workshop, RegistrationDataFactory(email="a@example.org"))
    assert "4 places left." in client.get(url).content.decode()
    services.register(workshop, RegistrationDataFactory(email="b@example.org"))
    assert "3 places left." in client.get(url).content.decode()
