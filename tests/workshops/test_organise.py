"""Organisers' tools in the admin (issue 14): who may use them, check-in and the anonymous
count that outlives the purge, cancelling on someone's behalf, messages in each person's
language, and the attendance list to print or as CSV (formulas neutralised)."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from hub.models import Partner
from hub.partners.access import MODERATORS_GROUP
from hub.partners.setup import setup_all
from tests.partners.factories import UserFactory
from workshops import services
from workshops.models import OrganiserMessage, Registration, Seats

from .factories import RegistrationDataFactory, make_workshop, move_to

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(index):
    kent = Partner.objects.get(slug="kent")
    workshop = make_workshop(index, slug="organised", capacity=2)
    workshop.partners.set([kent])
    workshop.save_revision().publish()
    setup_all()
    kent.refresh_from_db()
    finistere = Partner.objects.get(slug="finistere")
    editor = UserFactory(username="kent-editor", groups=[kent.editor_group.name])
    other = UserFactory(username="fin-editor", groups=[finistere.editor_group.name])
    moderator = UserFactory(username="moderator", groups=[MODERATORS_GROUP])
    ada = services.register(
        workshop, RegistrationDataFactory(name="Ada", language="fr", country="France")
    ).registration
    bob = services.register(
        workshop,
        RegistrationDataFactory(name='=HYPERLINK("http://evil.example")', country=" france "),
    ).registration
    cyd = services.register(workshop, RegistrationDataFactory(name="Cyd")).registration
    mail.outbox.clear()
    return workshop, editor, other, moderator, ada, bob, cyd


def _url(workshop, tail=""):
    return f"/admin/workshops/organise/{workshop.pk}/{tail}"


def _refused(response):
    """Wagtail answers a refused admin view with a redirect to the dashboard and a message."""
    assert (response.status_code, response.get("Location")) in {(403, None), (302, "/admin/")}


def test_who_may_organise(client, people):
    workshop, editor, other, moderator, *_rest = people
    for tail in ("", "attendance/", "attendance/?format=csv"):
        client.logout()
        assert client.get(_url(workshop, tail)).status_code == 302  # to the login
        client.force_login(other)
        _refused(client.get(_url(workshop, tail)))
        _refused(client.post(_url(workshop), {"action": "check_in"}))
        client.force_login(editor)
        assert client.get(_url(workshop, tail)).status_code == 200
        client.force_login(moderator)
        assert client.get(_url(workshop, tail)).status_code == 200


def test_check_in_counts_survive_the_purge_and_show_on_the_record(client, people):
    workshop, editor, _other, _moderator, ada, bob, _cyd = people
    client.force_login(editor)
    for registration in (ada, bob):
        response = client.post(
            _url(workshop), {"action": "check_in", "registration": registration.pk}
        )
        assert response.status_code == 302
    assert Registration.objects.get(pk=ada.pk).attended_at is not None
    seats = Seats.objects.get(workshop=workshop)
    assert (seats.attended, seats.attended_countries) == (2, 1)  # "France" and " france "
    client.post(_url(workshop), {"action": "check_out", "registration": bob.pk})
    client.post(_url(workshop), {"action": "check_in", "registration": bob.pk})
    move_to(workshop, timezone.now() - datetime.timedelta(days=400))
    call_command("purge_workshop_data", verbosity=0)
    assert not Registration.objects.filter(workshop=workshop, erased_at__isnull=True).exists()
    client.logout()
    record = client.get(workshop.url).content.decode()
    assert "2 participants" in record
    assert "Ada" not in record


def test_cancel_on_someones_behalf_asks_first_and_tells_them_in_their_language(client, people):
    workshop, editor, *_rest, ada, _bob, cyd = people
    client.force_login(editor)
    asked = client.get(_url(workshop), {"cancel": ada.pk}).content.decode()
    assert 'name="confirm" value="yes"' in asked and "Ada" in asked
    client.post(_url(workshop), {"action": "cancel", "registration": ada.pk})
    assert Registration.objects.get(pk=ada.pk).status == Registration.CONFIRMED
    client.post(_url(workshop), {"action": "cancel", "registration": ada.pk, "confirm": "yes"})
    ada.refresh_from_db()
    assert ada.status == Registration.CANCELLED and ada.cancelled_by_organiser
    told = next(m for m in mail.outbox if m.to == [ada.email])
    assert told.extra_headers["Content-Language"] == "fr"
    assert "organisateurs ont annulé" in told.body
    assert Registration.objects.get(pk=cyd.pk).status == Registration.OFFERED


def test_a_message_reaches_each_person_in_their_language_and_is_logged(client, people):
    workshop, editor, *_rest, ada, bob, cyd = people
    client.force_login(editor)
    empty = client.post(_url(workshop), {"action": "message", "audience": "confirmed"})
    assert empty.status_code == 400 and "Write a subject and a message" in empty.content.decode()
    client.post(
        _url(workshop),
        {
            "action": "message",
            "audience": "confirmed",
            "subject_en": "Bring your plans",
            "body_en": "Please bring your town-centre plan.",
            "subject_fr": "Apportez vos plans",
            "body_fr": "Merci d'apporter votre plan de centre-ville.",
        },
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([ada.email, bob.email])
    by_person = {m.to[0]: m for m in mail.outbox}
    assert by_person[ada.email].subject == "Apportez vos plans"
    assert by_person[bob.email].subject == "Bring your plans"
    assert "/workshop/manage/" in by_person[ada.email].body
    message = OrganiserMessage.objects.get()
    assert (message.recipients, message.sent_by, message.audience) == (2, editor, "confirmed")
    mail.outbox.clear()
    client.post(
        _url(workshop),
        {"action": "message", "audience": "waiting", "subject_en": "Hi", "body_en": "Soon."},
    )
    assert [m.to[0] for m in mail.outbox] == [cyd.email]


def test_the_attendance_list_prints_and_exports_without_formulas(client, people):
    workshop, editor, *_rest = people
    client.force_login(editor)
    page = client.get(_url(workshop, "attendance/")).content.decode()
    assert "Ada" in page and "Cyd" not in page  # waiting people have no place
    assert "Signature" in page
    csv = client.get(_url(workshop, "attendance/"), {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text


def test_the_admin_home_lists_records_to_write_for_the_partner_only(client, people):
    workshop, editor, other, moderator, *_rest = people
    move_to(workshop, timezone.now() - datetime.timedelta(days=3))
    client.force_login(editor)
    home = client.get("/admin/").content.decode()
    assert "Workshop records to write" in home and workshop.title in home
    client.force_login(other)
    assert "Workshop records to write" not in client.get("/admin/").content.decode()
    client.force_login(moderator)
    assert workshop.title in client.get("/admin/").content.decode()
