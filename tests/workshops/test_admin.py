"""Organisers' admin: the registrations list (filters, CSV and XLSX export), the counts panel on
the workshop's edit page, the notes moderation queue, and who may see them."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from workshops import services
from workshops.models import Note, Registration

from .factories import RegistrationDataFactory, make_workshop

REGISTRATIONS = "/admin/workshops/registrations/"
NOTES = "/admin/workshops/notes/"


@pytest.fixture
def busy(index):
    """Two workshops; the first has 2 confirmed, 1 waiting and 1 cancelled registration."""
    first = make_workshop(index, slug="first", capacity=2)
    second = make_workshop(index, slug="second", capacity=10)
    people = [RegistrationDataFactory(name=f"Person {n}") for n in range(4)]
    regs = [services.register(first, data, send_email=False).registration for data in people]
    services.register(second, RegistrationDataFactory(name="Other person"), send_email=False)
    services.cancel(regs[3], send_email=False)
    note = Note.objects.create(workshop=first, registration=regs[0], body="Pending thoughts")
    return first, second, note


def _user(django_user_model, username, *codenames):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
    group = Group.objects.create(name=f"group-{username}")
    perms = Permission.objects.filter(codename__in=("access_admin", *codenames))
    group.permissions.set(perms)
    user.groups.add(group)
    return user


@pytest.mark.parametrize("url", [REGISTRATIONS, NOTES])
def test_anonymous_is_sent_to_login(client, busy, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("url", [REGISTRATIONS, NOTES, REGISTRATIONS + "?export=csv"])
def test_editor_without_permission_is_refused(client, busy, django_user_model, url):
    client.force_login(_user(django_user_model, "editor"))
    response = client.get(url)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] == "/admin/"
    assert b"Person 0" not in response.content


def test_organiser_lists_and_filters_registrations(client, busy, django_user_model):
    first, second, _note = busy
    client.force_login(_user(django_user_model, "organiser", "view_registration"))
    html = client.get(REGISTRATIONS).content.decode()
    assert "Person 0" in html and "Other person" in html
    html = client.get(f"{REGISTRATIONS}?workshop={first.pk}").content.decode()
    assert "Person 0" in html and "Other person" not in html
    html = client.get(f"{REGISTRATIONS}?workshop={first.pk}&status=waiting").content.decode()
    assert "Person 2" in html and "Person 0" not in html
    html = client.get(f"{REGISTRATIONS}?q=Other").content.decode()
    assert "Other person" in html and "Person 0" not in html
    # Read-only: no adding, editing or deleting registrations behind the counter's back.
    assert client.get(f"{REGISTRATIONS}new/").status_code in (302, 403)
    reg = Registration.objects.first()
    assert client.get(f"{REGISTRATIONS}edit/{reg.pk}/").status_code in (302, 403)
    assert client.post(f"{REGISTRATIONS}delete/{reg.pk}/").status_code in (302, 403)
    assert Registration.objects.filter(pk=reg.pk).exists()
    assert client.get(f"{REGISTRATIONS}inspect/{reg.pk}/").status_code == 200


def test_export_csv_and_xlsx(admin_client, busy):
    first, _second, _note = busy
    response = admin_client.get(f"{REGISTRATIONS}?workshop={first.pk}&export=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(content)))
    assert len(rows) == 5  # heading + 4 registrations of the first workshop
    assert {row[1] for row in rows[1:]} == {f"Person {n}" for n in range(4)}
    response = admin_client.get(f"{REGISTRATIONS}?workshop={first.pk}&status=confirmed&export=xlsx")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(values) == 3
    assert {row[1] for row in values[1:]} == {"Person 0", "Person 1"}


def test_counts_panel_on_the_workshop_edit_page(admin_client, busy):
    first, _second, _note = busy
    response = admin_client.get(f"/admin/pages/{first.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-count="confirmed">2 / 2' in html
    assert 'data-count="waiting">1' in html
    assert 'data-count="cancelled">1' in html
    assert f"{REGISTRATIONS}?workshop={first.pk}&amp;export=xlsx" in html


def test_moderation_queue(client, busy, django_user_model):
    _first, _second, note = busy
    Note.objects.create(
        workshop=note.workshop, registration=note.registration, body="Old", status=Note.APPROVED
    )
    viewer = _user(django_user_model, "viewer", "view_note")
    client.force_login(viewer)
    html = client.get(NOTES).content.decode()
    assert "Pending thoughts" in html and "Old" not in html  # the queue shows what waits
    # Seeing the queue is not enough to decide.
    response = client.post(f"{NOTES}approve/{note.pk}/")
    assert response.status_code == 302 and response["Location"] == "/admin/"  # Wagtail's refusal
    note.refresh_from_db()
    assert note.status == Note.PENDING
    assert client.get(f"{NOTES}approve/{note.pk}/").status_code == 405

    moderator = _user(django_user_model, "moderator", "view_note", "change_note")
    client.force_login(moderator)
    response = client.post(f"{NOTES}approve/{note.pk}/")
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.status == Note.APPROVED
    assert note.moderated_by == moderator and note.moderated_at <= timezone.now()
    assert "Pending thoughts" not in client.get(NOTES).content.decode()
    client.post(f"{NOTES}reject/{note.pk}/")
    note.refresh_from_db()
    assert note.status == Note.REJECTED
    assert "Pending thoughts" in client.get(f"{NOTES}?status=rejected").content.decode()


def test_new_workshop_form_renders_with_its_tabs(admin_client, index):
    response = admin_client.get(f"/admin/pages/add/workshops/workshoppage/{index.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Counts appear here once the workshop has been saved." in html
    for field in ("start", "time_zone", "joining_details", "capacity", "minutes_fr", "agenda_en"):
        assert f'name="{field}"' in html or f'"{field}"' in html, field
