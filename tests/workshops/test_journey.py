"""The whole participant journey, in English and in French: register, email with .ics and link,
cancel (asked first, then confirmed by email with a calendar cancellation), a freed place
offered to the next person and accepted, a note posted, moderated and shown."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from workshops.models import Note, Registration, Seats

from .conftest import link_in
from .factories import form_data, make_workshop, move_to

pytestmark = pytest.mark.django_db(transaction=True)

TITLES = {"en": "Workshop journey", "fr": "Atelier journey"}
PAGE = {"en": "/en/workshops/journey/", "fr": "/fr/ateliers/atelier-journey/"}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_whole_journey(client, admin_client, index, lang):
    workshop = make_workshop(index, slug="journey", capacity=1)
    assert client.get(PAGE[lang]).status_code == 200

    # 1. Register: the only place.
    response = client.post(
        PAGE[lang], form_data(name="Ada Lovelace", email="ada@example.org", language=lang)
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?registration=received#registration")
    page = client.get(response["Location"])
    assert 'role="status"' in page.content.decode()

    # 2. The confirmation email, in the participant's language, with .ics and link.
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["ada@example.org"]
    assert email.extra_headers["Content-Language"] == lang
    assert TITLES[lang] in email.subject
    assert "https://meet.example.org/secret-room-4821" in email.body
    ((name, content, mimetype),) = email.attachments
    assert name.endswith(".ics") and mimetype == "text/calendar"
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == TITLES[lang]
    assert event.decoded("DTSTART") == workshop.start
    assert str(event["STATUS"]) == "CONFIRMED"
    path, token = link_in(email)
    assert path.startswith(f"/{lang}/workshop/manage/")
    manage = client.get(path)
    assert manage.status_code == 200
    assert "status--confirmed" in manage.content.decode()
    assert "secret-room-4821" in manage.content.decode()

    # 3. A second person joins the waiting list (other language).
    other = "fr" if lang == "en" else "en"
    client.post(
        PAGE[lang],
        form_data(
            name="Bob Marley", email="bob@example.org", language=other, consent_show_name=True
        ),
    )
    bob = Registration.objects.get(email="bob@example.org")
    assert bob.status == Registration.WAITING and bob.position == 1
    waiting_mail = mail.outbox[1]
    assert waiting_mail.extra_headers["Content-Language"] == other
    bob_path, _token = link_in(waiting_mail)
    assert f"/{other}/workshop/manage/" in bob_path
    assert "secret-room-4821" not in waiting_mail.body
    assert "secret-room-4821" not in client.get(bob_path).content.decode()

    # 4. Ada cancels: her page asks first (a GET, then a POST without "yes" changes nothing).
    asked = client.get(path, {"step": "cancel"}).content.decode()
    assert 'name="confirm" value="yes"' in asked
    assert client.post(path, {"action": "cancel"}).status_code == 400
    assert Registration.objects.get(email="ada@example.org").status == Registration.CONFIRMED
    response = client.post(path, {"action": "cancel", "confirm": "yes"})
    assert response.status_code == 302
    assert Registration.objects.get(email="ada@example.org").status == Registration.CANCELLED
    cancelled_page = client.get(response["Location"]).content.decode()
    assert "event.ics" not in cancelled_page  # no calendar offered for a cancelled place
    cancellation = mail.outbox[2]
    assert cancellation.to == ["ada@example.org"]
    assert cancellation.extra_headers["Content-Language"] == lang
    ((_name, content, _mimetype),) = cancellation.attachments
    removal = Calendar.from_ical(content)
    assert str(removal["METHOD"]) == "CANCEL"
    assert removal.walk("VEVENT")[0]["UID"] == event["UID"]
    # Bob is offered the freed place (held for him), accepts it through his link.
    bob.refresh_from_db()
    assert bob.status == Registration.OFFERED
    assert Seats.objects.get(workshop=workshop).confirmed == 1
    offer = mail.outbox[3]
    assert offer.to == ["bob@example.org"] and offer.extra_headers["Content-Language"] == other
    offer_path, _token = link_in(offer)
    assert "secret-room-4821" not in offer.body
    assert 'value="accept"' in client.get(offer_path).content.decode()
    assert client.post(offer_path, {"action": "accept"}).status_code == 302
    bob.refresh_from_db()
    assert bob.status == Registration.CONFIRMED and bob.promoted
    assert Seats.objects.get(workshop=workshop).confirmed == 1
    promotion = mail.outbox[4]
    assert promotion.to == ["bob@example.org"]
    assert promotion.extra_headers["Content-Language"] == other
    assert "secret-room-4821" in promotion.body
    assert promotion.attachments
    promoted_path, _token = link_in(promotion)

    # 5. The workshop takes place; Bob posts a note through his link.
    move_to(workshop, timezone.now() - datetime.timedelta(hours=1))
    response = client.post(
        promoted_path, {"action": "note_add", "body": "We learnt **a lot**.", "language": other}
    )
    assert response.status_code == 302
    note = Note.objects.get()
    assert note.status == Note.PENDING
    public = client.get(PAGE[lang]).content.decode()
    assert "We learnt" not in public

    # 6. A moderator approves it; it appears, with Bob's name since he agreed.
    queue = admin_client.get("/admin/workshops/notes/")
    assert "We learnt" in queue.content.decode()
    admin_client.post(f"/admin/workshops/notes/approve/{note.pk}/")
    note.refresh_from_db()
    assert note.status == Note.APPROVED
    public = client.get(PAGE[lang]).content.decode()
    assert "We learnt <strong>a lot</strong>." in public
    assert f'lang="{other}"' in public
    assert "Bob Marley" in public


def test_notes_window_and_edit_delete(client, index):
    workshop = make_workshop(index, slug="notes", capacity=3)
    client.post("/en/workshops/notes/", form_data(email="n@example.org"))
    path, _token = link_in(mail.outbox[0])
    # Before the start: no note can be written.
    assert client.post(path, {"action": "note_add", "body": "Too early"}).status_code == 404
    move_to(workshop, timezone.now() - datetime.timedelta(days=2))
    client.post(path, {"action": "note_add", "body": "First"})
    note = Note.objects.get()
    note.status = Note.APPROVED
    note.save()
    # Editing sends it back to moderation.
    client.post(path, {"action": "note_edit", "note": note.pk, "body": "Second", "language": "fr"})
    note.refresh_from_db()
    assert (note.body, note.language, note.status) == ("Second", "fr", Note.PENDING)
    # An empty note is refused with a message tied to the field.
    response = client.post(path, {"action": "note_add", "body": ""})
    assert response.status_code == 400
    assert 'href="#id_body"' in response.content.decode()
    client.post(path, {"action": "note_delete", "note": note.pk})
    assert not Note.objects.exists()
    # More than 30 days after the end: closed.
    move_to(workshop, timezone.now() - datetime.timedelta(days=31, hours=4))
    assert client.post(path, {"action": "note_add", "body": "Late"}).status_code == 404


def test_double_submission_gives_one_registration(client, workshop):
    data = form_data(email="Twice@Example.org")
    first = client.post("/en/workshops/food-workshop/", data)
    second = client.post("/en/workshops/food-workshop/", dict(data, email=" twice@example.ORG "))
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Registration.objects.count() == 1
    assert Seats.objects.get(workshop=workshop).confirmed == 1
    # The owner of the address is told, with a fresh link; both links work.
    assert len(mail.outbox) == 2
    assert "already registered" in mail.outbox[1].subject
    assert client.get(link_in(mail.outbox[0])[0]).status_code == 200
    assert client.get(link_in(mail.outbox[1])[0]).status_code == 200


def test_validation_messages_are_accessible(client, workshop):
    response = client.post(
        "/en/workshops/food-workshop/", {"name": "", "email": "not-an-email", "language": "en"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error:" in html
    assert 'class="error-summary" role="alert"' in html
    for field in ("id_name", "id_email", "id_consent_privacy"):
        assert f'href="#{field}"' in html
        assert f'id="{field}_error"' in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert 'aria-invalid="true"' in html
    assert "Enter an email address in the right format" in html
    assert "tick the box to accept the privacy notice" in html
    assert 'autocomplete="email"' in html and 'autocomplete="organization"' in html
    assert not Registration.objects.exists()


def test_french_validation_page_is_in_french(client, workshop):
    response = client.post("/fr/ateliers/atelier-food-workshop/", {"name": ""})
    assert response.status_code == 400
    assert '<html lang="fr">' in response.content.decode()


def test_registration_closed_or_not_open(client, index):
    closed = make_workshop(
        index, slug="closed", registration_closes=timezone.now() - datetime.timedelta(hours=1)
    )
    later = make_workshop(
        index, slug="later", registration_opens=timezone.now() + datetime.timedelta(days=1)
    )
    for page in (closed, later):
        response = client.post(page.url, form_data())
        assert response.status_code == 409
    assert not Registration.objects.exists()
    assert "Registration is closed." in client.get(closed.url).content.decode()
    assert "Registration opens on" in client.get(later.url).content.decode()


def test_cancelled_person_can_register_again(workshop):
    from workshops import services

    from .factories import RegistrationDataFactory

    data = RegistrationDataFactory()
    first = services.register(workshop, data, send_email=False).registration
    services.cancel(first, send_email=False)
    again = services.register(workshop, data, send_email=False)
    assert again.created and again.registration.pk == first.pk
    assert again.registration.status == Registration.CONFIRMED
    assert Seats.objects.get(workshop=workshop).confirmed == 1
