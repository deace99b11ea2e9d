"""Around a registration, with a frozen clock: reminders, offered places, changes announced,
cancellation calendar files, organisers chased for the record, the invitation to share notes."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from hub.jobs.schedules import run_schedules
from hub.models import Partner
from hub.partners.setup import setup_partner
from tests.partners.factories import UserFactory
from workshops import duties, services
from workshops.models import Registration, Seats, WorkshopPage

from .clock import Clock
from .factories import RegistrationDataFactory, make_workshop

# Emails are jobs run after the commit: each test commits, as a request would.
pytestmark = pytest.mark.django_db(transaction=True)

START = datetime.datetime(2027, 3, 10, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch, START - datetime.timedelta(days=20))


def _workshop(index, clock, **fields):
    page = make_workshop(index, starts_in=START - clock.now, **fields)
    assert page.start == START
    return page


def _people(workshop, n, **data):
    return [
        services.register(workshop, RegistrationDataFactory(**data)).registration for _ in range(n)
    ]


def _calendar(message):
    ((_name, content, mimetype),) = message.attachments
    assert mimetype == "text/calendar"
    return Calendar.from_ical(content)


def _sent(kind_word):
    return [m for m in mail.outbox if kind_word in m.subject]


def test_reminders_go_once_at_the_right_times_in_the_right_language(index, clock):
    workshop = _workshop(index, clock, capacity=2)  # hybrid, with joining details
    ada, bea = _people(workshop, 1, language="en") + _people(workshop, 1, language="fr")
    (waiting,) = _people(workshop, 1)
    cancelled = services.register(workshop, RegistrationDataFactory()).registration
    services.cancel(cancelled)
    mail.outbox.clear()

    clock.set(START - datetime.timedelta(hours=48, minutes=1))
    run_schedules()
    assert mail.outbox == []  # not yet
    clock.set(START - datetime.timedelta(hours=47))
    run_schedules()
    run_schedules()  # a second run sends nothing twice
    reminders = list(mail.outbox)
    assert sorted(m.to[0] for m in reminders) == sorted([ada.email, bea.email])
    by_person = {m.to[0]: m for m in reminders}
    assert by_person[ada.email].subject.startswith("Reminder:")
    assert by_person[bea.email].subject.startswith("Rappel")
    assert by_person[bea.email].extra_headers["Content-Language"] == "fr"
    assert waiting.email not in by_person and cancelled.email not in by_person
    event = _calendar(by_person[ada.email]).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == START and str(event["STATUS"]) == "CONFIRMED"

    mail.outbox.clear()
    clock.set(START - datetime.timedelta(hours=2, minutes=1))
    run_schedules()
    assert mail.outbox == []
    clock.set(START - datetime.timedelta(hours=1, minutes=59))
    run_schedules()
    run_schedules()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([ada.email, bea.email])
    assert all("secret-room-4821" in m.body for m in mail.outbox)
    clock.set(START + datetime.timedelta(minutes=5))
    mail.outbox.clear()
    run_schedules()
    assert mail.outbox == []


def test_someone_confirmed_after_the_reminder_time_gets_no_reminder(index, clock):
    workshop = _workshop(index, clock, capacity=2, format="in_person", joining_details="")
    clock.set(START - datetime.timedelta(hours=30))
    _people(workshop, 1)
    mail.outbox.clear()
    run_schedules()
    assert mail.outbox == []


def test_no_joining_reminder_for_an_in_person_workshop(index, clock):
    workshop = _workshop(index, clock, capacity=2, format="in_person", reminder_hours=0)
    _people(workshop, 1)
    mail.outbox.clear()
    clock.set(START - datetime.timedelta(hours=1))
    run_schedules()
    assert mail.outbox == []


def _publish(workshop, **changes):
    page = WorkshopPage.objects.get(pk=workshop.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def test_a_change_of_time_sends_one_update_with_a_higher_sequence(index, clock):
    workshop = _workshop(index, clock, capacity=1)
    _publish(workshop)  # the first publication only records what participants were told
    (ada,) = _people(workshop, 1, language="fr")
    (waiting,) = _people(workshop, 1)
    first = _calendar(mail.outbox[0]).walk("VEVENT")[0]
    assert int(first["SEQUENCE"]) == 0
    mail.outbox.clear()

    _publish(workshop, summary_en="A new summary")  # nothing participants hold changed
    assert mail.outbox == []
    moved = START + datetime.timedelta(hours=1)
    _publish(workshop, start=moved, end=moved + datetime.timedelta(hours=3))
    _publish(workshop, summary_en="Again a new summary")
    (update,) = mail.outbox
    assert update.to == [ada.email] and update.extra_headers["Content-Language"] == "fr"
    event = _calendar(update).walk("VEVENT")[0]
    assert event["UID"] == first["UID"]
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART") == moved
    mail.outbox.clear()
    _publish(workshop, venue_en="Town Hall, Ashford", venue_fr="Mairie, Ashford")
    (second,) = mail.outbox
    assert int(_calendar(second).walk("VEVENT")[0]["SEQUENCE"]) == 2
    assert waiting.email not in {m.to[0] for m in mail.outbox}
    assert Seats.objects.get(workshop=workshop).sequence == 2


def test_the_cancellation_calendar_file_removes_the_same_event(index, clock):
    workshop = _workshop(index, clock, capacity=1)
    (ada,) = _people(workshop, 1)
    uid = _calendar(mail.outbox[0]).walk("VEVENT")[0]["UID"]
    services.cancel(ada)
    cancellation = mail.outbox[-1]
    assert cancellation.to == [ada.email]
    calendar = _calendar(cancellation)
    assert str(calendar["METHOD"]) == "CANCEL"
    event = calendar.walk("VEVENT")[0]
    assert event["UID"] == uid
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 1


def test_an_offer_lapses_and_passes_on_in_order(index, clock):
    workshop = _workshop(index, clock, capacity=1, offer_hours=48)
    first, second, third, fourth = _people(workshop, 4)
    services.cancel(first)
    second.refresh_from_db()
    assert second.status == Registration.OFFERED
    assert second.offer_expires_at == clock.now + datetime.timedelta(hours=48)
    offer = _sent("offered")[-1]
    assert offer.to == [second.email] and "#offer" in offer.body

    clock.advance(hours=47, minutes=59)
    run_schedules()
    second.refresh_from_db()
    assert second.status == Registration.OFFERED
    clock.advance(minutes=2)
    run_schedules()
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, second.offer_lapsed) == (Registration.CANCELLED, True)
    assert third.status == Registration.OFFERED
    assert _sent("next person")[-1].to == [second.email]
    # Too late to accept for the one who let it lapse; in time for the next.
    assert services.accept(second) is False
    assert services.accept(third) is True
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.status == Registration.CONFIRMED and fourth.status == Registration.WAITING
    assert Seats.objects.get(workshop=workshop).confirmed == 1


def test_offers_are_shortened_as_the_start_approaches(index, clock):
    workshop = _workshop(index, clock, capacity=1, offer_hours=48)
    first, second = _people(workshop, 2)
    clock.set(START - datetime.timedelta(hours=24))
    services.cancel(first)
    second.refresh_from_db()
    assert second.offer_expires_at == START - datetime.timedelta(hours=12)


def test_automatic_confirmation_when_the_organisers_choose_it(index, clock):
    workshop = _workshop(index, clock, capacity=1, waiting_list="automatic")
    first, second = _people(workshop, 2)
    services.cancel(first)
    second.refresh_from_db()
    assert second.status == Registration.CONFIRMED and second.promoted


@pytest.fixture
def organiser(transactional_db):
    kent = Partner.objects.get(slug="kent")
    setup_partner(kent)
    kent.refresh_from_db()
    user = UserFactory(username="kent-organiser", groups=[kent.editor_group.name])
    return kent, user


def test_organisers_are_chased_until_minutes_exist(index, clock, organiser):
    kent, user = organiser
    workshop = _workshop(index, clock, capacity=3)
    workshop.partners.set([kent])
    workshop.save()
    _publish(workshop)
    end = workshop.end
    mail.outbox.clear()
    clock.set(end + datetime.timedelta(hours=23))
    run_schedules()
    assert mail.outbox == []
    clock.set(end + datetime.timedelta(days=1, minutes=1))
    run_schedules()
    run_schedules()
    (chase,) = mail.outbox
    assert chase.to == [user.email] and f"/admin/pages/{workshop.pk}/edit/" in chase.body
    clock.advance(days=3)
    run_schedules()
    assert len(mail.outbox) == 1  # weekly, not daily
    clock.advance(days=4)
    run_schedules()
    assert len(mail.outbox) == 2
    assert [w.pk for w in duties.records_missing(clock.now, {kent.pk})] == [workshop.pk]
    _publish(workshop, minutes_en="<p>We agreed on three actions.</p>")
    clock.advance(days=7)
    run_schedules()
    assert len(mail.outbox) == 2
    assert duties.records_missing(clock.now, {kent.pk}) == []


def test_participants_are_invited_once_to_share_notes(index, clock):
    workshop = _workshop(index, clock, capacity=2)
    ada, bea = _people(workshop, 2, language="fr")
    services.cancel(bea)
    mail.outbox.clear()
    clock.set(workshop.end + datetime.timedelta(minutes=1))
    run_schedules()
    run_schedules()
    (invitation,) = mail.outbox
    assert invitation.to == [ada.email] and "#notes" in invitation.body
    assert invitation.extra_headers["Content-Language"] == "fr"
    clock.advance(days=3)
    run_schedules()
    assert len(mail.outbox) == 1


def test_the_clock_fixture_is_frozen(clock):
    assert timezone.now() == clock.now


def test_workshops_published_before_the_upgrade_announce_their_next_change(index, clock):
    """Migration 0004 records the calendar state of workshops that never had one, so the first
    change after the upgrade is announced instead of only recorded."""
    import importlib

    from django.apps import apps

    workshop = _workshop(index, clock, capacity=1)
    (ada,) = _people(workshop, 1)
    Seats.objects.filter(workshop=workshop).update(announced="")  # as before the upgrade
    mail.outbox.clear()
    migration = importlib.import_module("workshops.migrations.0004_record_calendar_state")
    migration.record_calendar_state(apps, None)
    moved = START + datetime.timedelta(hours=2)
    _publish(workshop, start=moved, end=moved + datetime.timedelta(hours=3))
    (update,) = mail.outbox
    assert update.to == [ada.email]
    assert int(_calendar(update).walk("VEVENT")[0]["SEQUENCE"]) == 1
