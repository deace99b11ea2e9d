"""Emails to participants, always in their preferred language, each with their private link.

Callers schedule these with ``transaction.on_commit``; a failure to send is logged and never
undoes a registration (the participant can ask for their link again).
"""

import logging
import re

from django.conf import settings
from django.core.mail import EmailMessage
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation

from hub import links
from hub.i18n import translated

from . import ics

log = logging.getLogger("hub.workshops")


def manage_url(token, language):
    with translation.override(language):
        path = reverse("workshops:manage", kwargs={"token": token})
    return links.absolute(path)


def render_text(name, context):
    """A plain-text template (a subject, an email body): nothing in it is HTML-escaped.

    Escaping belongs to HTML; in a subject it shows ``l&#x27;accompagnement`` to the reader.
    """
    return get_template(name).template.render(Context(context, autoescape=False))


def _send(registration, token, kind, attach_ics):
    language = registration.language or "en"
    workshop = registration.workshop
    with translation.override(language):
        context = {
            "registration": registration,
            "workshop": workshop,
            "title": translated(workshop, "title", language),
            "times": workshop.local_times(),
            "manage_url": manage_url(token, language),
            "page_url": ics.page_url(workshop, language),
            "language": language,
        }
        subject = render_text(f"workshops/emails/{kind}_subject.txt", context)
        body = render_text(f"workshops/emails/{kind}.txt", context)
    message = EmailMessage(
        subject=re.sub(r"\s+", " ", subject).strip(),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
        headers={"Content-Language": language},
    )
    if attach_ics:
        message.attach(
            "workshop.ics", ics.for_registration(registration, language), "text/calendar"
        )
    try:
        message.send()
    except Exception:  # the registration stands; the participant can ask for the link again
        log.exception("Could not send the %s email for registration %s", kind, registration.pk)


def send_registered(registration, token):
    _send(registration, token, "registered", attach_ics=True)


def send_promoted(registration, token):
    _send(registration, token, "promoted", attach_ics=True)


def send_existing(registration, token):
    _send(registration, token, "existing", attach_ics=registration.status == "confirmed")


def send_link(registration, token):
    _send(registration, token, "link", attach_ics=False)
