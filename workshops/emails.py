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
from .models import OrganiserMessage, Registration, WorkshopPage
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


def _local(workshop, moment):
    return moment.astimezone(workshop.zone) if moment else None


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
            "offer_until": _local(workshop, registration.offer_expires_at),
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


KINDS = {
    "registered",
    "promoted",
    "existing",
    "link",
    "offered",
    "offer_lapsed",
    "cancelled",
    "reminder",
    "joining",
    "updated",
    "notes",
}
# An email queued for a status that changed before it left is not sent (a reminder to someone
# who cancelled meanwhile, an offer already accepted).
NEEDS_STATUS = {
    "offered": {"offered"},
    "reminder": {"confirmed"},
    "joining": {"confirmed"},
    "updated": {"confirmed"},
    "notes": {"confirmed"},
}
WITH_CALENDAR = {"registered", "promoted", "reminder", "joining", "updated", "cancelled"}


def deliver(kind, registration_id):
    """Mint a private link and send email ``kind``; the link exists only if the email left."""
    registration = (
        Registration.objects.select_related("workshop")
        .filter(pk=registration_id, erased_at__isnull=True)
        .first()
    )
    if registration is None:
        return "erased"
    if kind in NEEDS_STATUS and registration.status not in NEEDS_STATUS[kind]:
        return "skipped"
    attach_ics = kind in WITH_CALENDAR or (
        kind == "existing" and registration.status == registration.CONFIRMED
    )
    with transaction.atomic():
        token = new_token(registration)
        _send(registration, token, kind, attach_ics=attach_ics)
    return "sent"


def deliver_record_reminder(workshop_id, recipients):
    """Remind the organisers (``recipients``: users) that the workshop's record has neither
    minutes nor outputs yet; each in their admin language, with the edit link."""
    from wagtail.users.models import UserProfile

    workshop = WorkshopPage.objects.filter(pk=workshop_id).first()
    if workshop is None or workshop.has_minutes_or_outputs:
        return "written"
    edit_url = links.absolute(reverse("wagtailadmin_pages:edit", args=[workshop.pk]))
    sent = 0
    for user in recipients:
        language = (UserProfile.get_for_user(user).get_preferred_language() or "en")[:2]
        if language not in ("en", "fr"):
            language = "en"
        with translation.override(language):
            context = {
                "title": translated(workshop, "title", language),
                "workshop": workshop,
                "edit_url": edit_url,
                "name": user.get_full_name() or user.get_username(),
            }
            subject = render_text("workshops/emails/record_reminder_subject.txt", context)
            body = render_text("workshops/emails/record_reminder.txt", context)
        EmailMessage(
            subject=re.sub(r"\s+", " ", subject).strip(),
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
            headers={"Content-Language": language},
        ).send()
        sent += 1
    return f"sent to {sent}"


def deliver_message(message_id, registration_id):
    """One organisers' message to one participant, in their language, with their link."""
    message = OrganiserMessage.objects.filter(pk=message_id).first()
    registration = (
        Registration.objects.select_related("workshop")
        .filter(pk=registration_id, erased_at__isnull=True)
        .exclude(status=Registration.CANCELLED)
        .first()
    )
    if message is None or registration is None:
        return "skipped"
    subject, text, language = message.version(registration.language or "en")
    workshop = registration.workshop
    with transaction.atomic():
        token = new_token(registration)
        with translation.override(language):
            context = {
                "registration": registration,
                "title": translated(workshop, "title", language),
                "text": text,
                "manage_url": manage_url(token, language),
                "page_url": ics.page_url(workshop, language),
            }
            body = render_text("workshops/emails/organiser_message.txt", context)
        EmailMessage(
            subject=re.sub(r"\s+", " ", subject).strip(),
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[registration.email],
            headers={"Content-Language": language},
        ).send()
    return "sent"
