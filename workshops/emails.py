"""Emails to participants, always in their preferred language, each with their private link.

Callers queue them (``workshops.tasks.queue()``, or the rules through ``workshops.signals``)
inside their transaction: the job exists once it commits and the worker sends it with
``deliver()``, retrying while the mail server is unreachable. A failure
never undoes a registration (the participant can also ask for their link again).
"""

import logging
import re

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation

from hub import links
from hub.i18n import translated

from . import ics
from .models import Registration
from .services import new_token

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
    message.send()  # a failure raises: the job is retried (hub.jobs.worker)


KINDS = {"registered", "promoted", "existing", "link"}


def deliver(kind, registration_id):
    """Mint a private link and send email ``kind``; the link exists only if the email left."""
    registration = (
        Registration.objects.select_related("workshop")
        .filter(pk=registration_id, erased_at__isnull=True)
        .first()
    )
    if registration is None:
        return "erased"
    attach_ics = kind in ("registered", "promoted") or (
        kind == "existing" and registration.status == registration.CONFIRMED
    )
    with transaction.atomic():
        token = new_token(registration)
        _send(registration, token, kind, attach_ics=attach_ics)
    return "sent"
