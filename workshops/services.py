"""Participants' private links, their data (export, erasure) and the registration rules.

The rules that move places (register, cancel, promote, capacity) live with the models in
``workshops.models.places``, because the workshop page serves its own registration form; they
are named here too, so callers above the models have one module to use.
"""

import secrets

from django.db import transaction
from django.utils import timezone

from .choices import digest
from .models import AccessKey, Note, Registration
from .models.places import (  # noqa: F401
    REGISTRATION_FIELDS,
    Outcome,
    cancel,
    ensure_seats,
    register,
    sync_capacity,
)


def new_token(registration):
    """A fresh private-link token (256 bits); only its SHA-256 is stored."""
    token = secrets.token_urlsafe(32)
    AccessKey.objects.create(registration=registration, digest=digest(token))
    return token


def registration_for_token(token):
    if not token or len(token) > 100:
        return None
    key = (
        AccessKey.objects.select_related("registration__workshop")
        .filter(digest=digest(token), registration__erased_at__isnull=True)
        .first()
    )
    return key.registration if key else None


def export_data(registration):
    """Everything the hub holds about a participant, as JSON-ready data."""
    workshop = registration.workshop
    return {
        "workshop": {"title": workshop.title, "start": workshop.start.isoformat()},
        "registration": {
            "status": registration.status,
            "waiting_list_position": registration.position,
            "name": registration.name,
            "email": registration.email,
            "organisation": registration.organisation,
            "country": registration.country,
            "preferred_language": registration.language,
            "interpretation_or_accessibility_needs": registration.needs,
            "consent_privacy_notice": registration.consent_privacy,
            "consent_show_name_on_notes": registration.consent_show_name,
            "registered_at": registration.created_at.isoformat(),
            "confirmed_at": registration.confirmed_at.isoformat()
            if registration.confirmed_at
            else None,
            "cancelled_at": registration.cancelled_at.isoformat()
            if registration.cancelled_at
            else None,
        },
        "notes": [
            {
                "text": note.body,
                "language": note.language,
                "status": note.status,
                "written_at": note.created_at.isoformat(),
            }
            for note in registration.notes.order_by("created_at", "pk")
        ],
    }


def anonymise(registration, keep_approved_notes=False):
    """Blank the personal data but keep the row, so anonymous counts survive."""
    Registration.objects.filter(pk=registration.pk).update(
        name="",
        email="",
        email_normalised=None,
        organisation="",
        country="",
        needs="",
        consent_show_name=False,
        erased_at=timezone.now(),
    )
    AccessKey.objects.filter(registration_id=registration.pk).delete()
    notes = Note.objects.filter(registration_id=registration.pk)
    if keep_approved_notes:
        notes = notes.exclude(status=Note.APPROVED)
    notes.delete()


def erase(registration, send_email=True):
    """The participant's own erasure: cancel (freeing the place), then blank everything."""
    cancel(registration, send_email=send_email)
    with transaction.atomic():
        anonymise(registration)
