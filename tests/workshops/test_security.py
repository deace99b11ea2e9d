"""Security of registration: the link, tokens, resend, rate limits, honeypot, XSS."""

import datetime
import hashlib
import json

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone

from workshops.models import AccessKey, Note, Registration, Seats

from .conftest import link_in
from .factories import form_data, make_workshop, move_to

pytestmark = pytest.mark.django_db(transaction=True)

PAGE = "/en/workshops/food-workshop/"


def _state():
    return (
        list(Registration.objects.order_by("pk").values()),
        list(Seats.objects.values()),
        list(Note.objects.values()),
        AccessKey.objects.count(),
    )


def test_get_on_the_link_changes_nothing(client, workshop):
    client.post(PAGE, form_data(email="ada@example.org"))
    path, _token = link_in(mail.outbox[0])
    before = _state()
    sent = len(mail.outbox)
    for query in ("", "?action=cancel", "?action=erase&confirm_erase=yes", "?action=download"):
        response = client.get(path + query)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        assert response["Referrer-Policy"] == "same-origin"
        assert "noindex" in response["X-Robots-Tag"]
    client.head(path)
    assert _state() == before
    assert len(mail.outbox) == sent


def test_changes_need_the_csrf_token(workshop):
    browser = Client(enforce_csrf_checks=True)
    browser.post(PAGE, form_data(email="ada@example.org"))  # refused too: no token
    assert not Registration.objects.exists()
    page = browser.get(PAGE)
    token = page.cookies["csrftoken"].value
    browser.post(PAGE, dict(form_data(email="ada@example.org"), csrfmiddlewaretoken=token))
    path, _link_token = link_in(mail.outbox[0])
    assert browser.post(path, {"action": "cancel"}).status_code == 403
    assert Registration.objects.get().status == Registration.CONFIRMED


def test_tokens_are_stored_only_as_hashes(client, workshop):
    client.post(PAGE, form_data(email="ada@example.org"))
    _path, token = link_in(mail.outbox[0])
    assert len(token) >= 43  # 32 random bytes, base64: 256 bits
    key = AccessKey.objects.get()
    assert key.digest == hashlib.sha256(token.encode()).hexdigest()
    with connection.cursor() as cursor:
        for table in ("workshops_accesskey", "workshops_registration"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608
            assert token not in repr(cursor.fetchall())
    # A wrong or truncated token opens nothing.
    assert client.get(f"/en/workshop/manage/{token[:-1]}x/").status_code == 404
    assert client.get(f"/en/workshop/manage/{key.digest}/").status_code == 404


def test_resend_my_link_gives_nothing_away(client, workshop):
    client.post(PAGE, form_data(email="ada@example.org"))
    mail.outbox.clear()
    known = client.post("/en/workshop/resend-link/", {"email": "ADA@example.org"})
    unknown = client.post("/en/workshop/resend-link/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert known.content == unknown.content
    after_known = client.get(known["Location"]).content.decode()
    after_unknown = client.get(unknown["Location"]).content.decode()
    strip = lambda html: html.split('name="csrfmiddlewaretoken"')[0]  # noqa: E731
    assert strip(after_known) == strip(after_unknown)
    # Only the registered address receives anything, and its new link works.
    assert [m.to for m in mail.outbox] == [["ada@example.org"]]
    assert client.get(link_in(mail.outbox[0])[0]).status_code == 200


def test_rate_limit_per_address_and_per_ip(client, workshop, settings):
    settings.WORKSHOP_RATE_LIMITS = {
        "register": {"ip": 3, "email": 2, "window": 60},
        "link": {"ip": 3, "email": 2, "window": 60},
    }
    # Per address, whatever the IP.
    for n in range(2):
        response = client.post(PAGE, form_data(email="same@example.org"), REMOTE_ADDR=f"10.0.0.{n}")
        assert response.status_code == 302
    blocked = client.post(PAGE, form_data(email="same@example.org"), REMOTE_ADDR="10.0.0.9")
    assert blocked.status_code == 429
    assert blocked["Retry-After"]
    assert "Too many attempts" in blocked.content.decode()
    # Per IP, whatever the address.
    for n in range(3):
        client.post(PAGE, form_data(email=f"p{n}@example.org"), REMOTE_ADDR="10.1.1.1")
    assert client.post(PAGE, form_data(), REMOTE_ADDR="10.1.1.1").status_code == 429
    # The French visitor gets the French page.
    french = client.post("/fr/ateliers/atelier-food-workshop/", form_data(), REMOTE_ADDR="10.1.1.1")
    assert french.status_code == 429 and '<html lang="fr">' in french.content.decode()
    # Link requests too.
    for _n in range(2):
        assert (
            client.post("/en/workshop/resend-link/", {"email": "x@example.org"}).status_code == 302
        )
    assert client.post("/en/workshop/resend-link/", {"email": "x@example.org"}).status_code == 429


def test_honeypot_stops_simple_bots(client, workshop):
    response = client.post(PAGE, dict(form_data(), website="http://spam.example"))
    assert response.status_code == 302  # the bot sees the usual answer...
    assert not Registration.objects.exists()  # ...but nothing was registered
    assert not mail.outbox


XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
RAW = ("<script>alert", "<img src=x", "onerror=alert(1)>")


def _inert(html):
    for raw in RAW:
        assert raw not in html, raw


def test_xss_in_every_free_text_field_renders_inert(client, admin_client, workshop):
    client.post(
        PAGE,
        form_data(
            name=f"Eve {XSS}",
            email="eve@example.org",
            organisation=f"Org {XSS}",
            country=f"Land {XSS}",
            needs=f"Needs {XSS}",
            consent_show_name=True,
        ),
    )
    registration = Registration.objects.get()
    assert registration.name.startswith("Eve <script>")  # stored as typed, escaped on output
    path, _token = link_in(mail.outbox[0])
    _inert(client.get(path).content.decode())

    move_to(workshop, timezone.now() - datetime.timedelta(minutes=5))
    body = f'Note {XSS}\n\n[click](javascript:alert(1)) [ok](https://example.org/a"onmouseover="x)'
    client.post(path, {"action": "note_add", "body": body, "language": "en"})
    note = Note.objects.get()
    html = note.html
    _inert(html)
    assert 'href="javascript' not in html
    assert "onmouseover=" not in html.replace("&quot;onmouseover=&quot;", "")
    note.status = Note.APPROVED
    note.save()
    public = client.get(PAGE).content.decode()
    _inert(public)
    assert "Eve &lt;script&gt;" in public  # the name, shown because consented, as text

    # A language tag outside the list is refused, not echoed into a lang attribute.
    response = client.post(path, {"action": "note_add", "body": "x", "language": '"><script>'})
    assert response.status_code == 400
    _inert(response.content.decode())

    # The organisers' screens and the data download.
    for url in (
        "/admin/workshops/registrations/",
        f"/admin/workshops/registrations/inspect/{registration.pk}/",
        "/admin/workshops/notes/?status=approved",
        f"/admin/pages/{workshop.pk}/edit/",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        _inert(response.content.decode())
    download = client.post(path, {"action": "download"})
    assert download["Content-Type"].startswith("application/json")
    assert json.loads(download.content)["registration"]["name"] == registration.name


def test_erase_my_data(client, index):
    workshop = make_workshop(index, slug="erase", capacity=1)
    client.post(workshop.url, form_data(email="ada@example.org"))
    client.post(workshop.url, form_data(email="bob@example.org"))
    path, _token = link_in(mail.outbox[0])
    # Without the confirmation box nothing happens.
    assert client.post(path, {"action": "erase"}).status_code == 400
    assert Registration.objects.filter(erased_at__isnull=True).count() == 2
    response = client.post(path, {"action": "erase", "confirm_erase": "yes"})
    assert response.status_code == 200
    ada = Registration.objects.get(email_normalised__isnull=True)
    assert (ada.name, ada.email, ada.status) == ("", "", Registration.CANCELLED)
    assert not ada.access_keys.exists()
    assert client.get(path).status_code == 404
    # Her place went to the next person (offered to them); she is sent nothing more.
    assert Registration.objects.get(email="bob@example.org").status == Registration.OFFERED
    assert "ada@example.org" not in {m.to[0] for m in mail.outbox[2:]}
