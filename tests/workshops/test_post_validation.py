"""Every field of every public POST view answers a bad value with a 400 (or the form again with a
message), never a 500, and changes nothing it should not.

The views: registration (posted to the workshop page), the private link page (each action),
"resend my link", Wagtail's password forms for a page and for a document collection, and the
admin's sign-in and password reset forms.
"""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from workshops import services
from workshops.models import Note, Registration

from .factories import RegistrationDataFactory, form_data, move_to

BAD_NOTE_IDS = [
    "",
    "abc",
    "1.5",
    "-1",
    "0",
    "1e3",
    "0x10",
    " ",
    "\x00",
    "9" * 30,
    str(2**63),
    "NaN",
]

# What a fuzzer or a careless client sends: empty, blank, control characters, very long,
# numbers of every shape, markup, formulas, other scripts, emoji.
ODD_VALUES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n",
    "\t",
    "x" * 10_000,
    "-1",
    "0",
    "1.5",
    "9" * 40,
    "NaN",
    "null",
    "[]",
    "{}",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://evil.example/","x")',
    "../../etc/passwd",
    "%00",
    "Ωmega ünïcode 中文",
    "🙂",
    "yes",
    "on",
]


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """The sweeps send hundreds of requests from one address."""
    settings.WORKSHOP_RATE_LIMITS = {
        action: {"ip": 10**6, "email": 10**6} for action in ("register", "link")
    }


@pytest.fixture
def running(workshop):
    """The workshop has started: notes can be written, changed and deleted."""
    return move_to(workshop, timezone.now() - datetime.timedelta(hours=1))


def _participant(workshop, **overrides):
    """A confirmed registration with one note, and the path of its private page."""
    data = RegistrationDataFactory(**overrides)
    registration = services.register(workshop, data, send_email=False).registration
    note = Note.objects.create(workshop=workshop, registration=registration, body="My note")
    token = services.new_token(registration)
    return registration, note, f"/en/workshop/manage/{token}/"


@pytest.mark.parametrize("action", ["note_delete", "note_edit"])
@pytest.mark.parametrize("value", BAD_NOTE_IDS)
def test_a_bad_note_id_gets_the_page_again_with_a_message(client, running, action, value):
    registration, note, path = _participant(running)
    response = client.post(path, {"action": action, "note": value, "body": "Changed"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "That note was not found. Reload this page and try again." in html
    assert 'role="alert"' in html and "<title>Error:" in html
    note.refresh_from_db()
    assert note.body == "My note"
    assert Note.objects.filter(registration=registration).count() == 1


@pytest.mark.parametrize("action", ["note_delete", "note_edit"])
def test_a_missing_note_id_is_refused_too(client, running, action):
    _registration, note, path = _participant(running)
    assert client.post(path, {"action": action, "body": "Changed"}).status_code == 400
    assert Note.objects.filter(pk=note.pk, body="My note").exists()


def test_another_participants_note_is_not_found(client, running):
    _registration, mine, path = _participant(running)
    _other, theirs, _other_path = _participant(running)
    for action in ("note_delete", "note_edit"):
        response = client.post(path, {"action": action, "note": theirs.pk, "body": "Mine now"})
        assert response.status_code == 404
    assert Note.objects.filter(pk=theirs.pk, body="My note").exists()
    # Her own note, named the way the page names it, still works.
    response = client.post(path, {"action": "note_delete", "note": str(mine.pk)})
    assert response.status_code == 302 and not Note.objects.filter(pk=mine.pk).exists()


def test_an_unknown_action_gets_the_page_again_with_a_message(client, running):
    _registration, _note, path = _participant(running)
    for action in ("", "delete_everything", "note_delete ", "CANCEL"):
        response = client.post(path, {"action": action})
        assert response.status_code == 400
        assert "use one of the buttons on this page" in response.content.decode()
    assert Registration.objects.get().status == Registration.CONFIRMED


def test_the_message_is_in_french_on_the_french_page(client, running):
    _registration, _note, path = _participant(running)
    response = client.post(path.replace("/en/", "/fr/"), {"action": "note_delete", "note": "abc"})
    assert response.status_code == 400
    assert "Cette note est introuvable." in response.content.decode()


MANAGE_FIELDS = ["action", "note", "body", "language", "confirm_erase"]
MANAGE_ACTIONS = ["note_add", "note_edit", "note_delete", "download", "erase", "cancel"]


def _sweep(client, path, base, fields, allowed):
    """POST ``base`` with each field in turn set to each odd value (and to two values at once)."""
    for field in fields:
        for value in ODD_VALUES + [["1", "2"]]:
            response = client.post(path, {**base, field: value})
            assert response.status_code in allowed, (field, value, response.status_code)


@pytest.mark.parametrize("action", MANAGE_ACTIONS)
def test_sweep_of_odd_values_over_the_private_page(client, running, action):
    registration, note, path = _participant(running)
    base = {"action": action, "note": str(note.pk), "body": "A fine note", "language": "en"}
    # Not "yes": an erasure would end the sweep at its first request.
    base["confirm_erase"] = "no"
    _sweep(client, path, base, MANAGE_FIELDS, {200, 302, 400, 404})
    erased = Registration.objects.filter(pk=registration.pk, erased_at__isnull=False).exists()
    # Only the erase form's own "yes" erases.
    assert erased == (action == "erase")


def test_sweep_of_odd_values_over_registration(client, workshop):
    base = form_data(email="sweep@example.org")
    _sweep(client, workshop.url, base, list(base) + ["consent_show_name"], {302, 400})
    # Whatever was sent, what was stored is clean.
    for registration in Registration.objects.all():
        for value in (registration.name, registration.email, registration.organisation):
            assert "\x00" not in value
        assert registration.language in ("en", "fr")


@pytest.mark.parametrize("email", ["", "abc", "\x00", "a@b", "x" * 300 + "@example.org"])
def test_registration_with_a_bad_address_gets_the_form_again(client, workshop, email):
    response = client.post(workshop.url, form_data(email=email))
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode() or "error" in (
        response.content.decode()
    )
    assert not Registration.objects.exists()


def test_sweep_of_odd_values_over_resend_my_link(client, workshop):
    _sweep(client, "/en/workshop/resend-link/", {"email": "a@example.org"}, ["email"], {302, 400})


def test_sweep_of_odd_values_over_wagtail_password_forms(client, workshop):
    restriction = PageViewRestriction.objects.create(
        page=workshop, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    page_form = f"/en/_util/authenticate_with_password/{restriction.pk}/{workshop.pk}/"
    base = {"password": "wrong", "return_url": workshop.url}
    _sweep(client, page_form, base, ["password", "return_url"], {200, 302, 400})
    collection = Collection.get_first_root_node().add_child(name="Protected")
    doc_restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.PASSWORD, password="s3"
    )
    doc_form = f"/documents/authenticate_with_password/{doc_restriction.pk}/"
    _sweep(client, doc_form, base, ["password", "return_url"], {200, 302, 400})


def test_sweep_of_odd_values_over_the_admin_sign_in_and_password_reset(client, db):
    base = {"username": "nobody", "password": "wrong", "next": "/admin/"}
    _sweep(client, "/admin/login/", base, list(base), {200, 302, 400})
    _sweep(client, "/admin/password_reset/", {"email": "a@example.org"}, ["email"], {200, 302})
