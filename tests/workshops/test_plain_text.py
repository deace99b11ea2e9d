"""Plain-text emails and their subjects are never HTML-escaped (issue 11: an apostrophe
showed as ``l&#x27;accompagnement`` in French subjects)."""

import pytest
from django.core import mail

from workshops import emails, services

from .factories import RegistrationDataFactory, make_workshop

pytestmark = pytest.mark.django_db

TITLE = {"en": 'Tom\'s "digital" <support> & co', "fr": "Ateliers d'accompagnement & co"}


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("kind", ["registered", "link", "existing"])
def test_subject_and_body_are_plain_text(index, lang, kind):
    workshop = make_workshop(index, slug="plain", title_en=TITLE["en"], title_fr=TITLE["fr"])
    outcome = services.register(workshop, RegistrationDataFactory(language=lang), send_email=False)
    emails.deliver(kind, outcome.registration.pk)
    (message,) = mail.outbox
    for text in (message.subject, message.body):
        assert "&#x27;" not in text and "&amp;" not in text and "&lt;" not in text, text
    assert TITLE[lang] in message.subject
    assert TITLE[lang] in message.body
