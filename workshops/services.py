"""Participants' private links, their data (export, erasure) and the registration rules.

The rules that move places (register, cancel, promote, capacity) live with the models in
``workshops.models.places``, because the workshop page serves its own registration form; they
are named here too, so callers above the models have one module to use.
"""

import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .choices import digest
from .models import AccessKey, Note, OrganiserMessage, Registration, Seats
from .models.places import (  # noqa: F401
    REGISTRATION_FIELDS,
    Outcome,
    accept,
    cancel,
    ensure_seats,
    expire_offers,
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
            "offer_open_until": registration.offer_expires_at.isoformat()
            if registration.offer_expires_at
            else None,
            "checked_in_at": registration.attended_at.isoformat()
            if registration.attended_at
            else None,
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
    # One transaction: their own cancellation email finds them erased and is not sent; the
    # next person's offer still goes out.
    with transaction.atomic():
        cancel(registration, send_email=send_email)
        anonymise(registration)


def organisers(workshop):
    """The active editors, with an email address, of the workshop's hosting partners."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__partner__in=workshop.partners.all(),
        )
        .exclude(email="")
        .distinct()
    )


def check_in(registration, present=True, now=None):
    """Mark a confirmed participant present (or not) on the day, and recount the anonymous
    attendance kept on the workshop's counter (it outlives the retention purge)."""
    now = now or timezone.now()
    with transaction.atomic():
        Registration.objects.filter(pk=registration.pk, status=Registration.CONFIRMED).update(
            attended_at=now if present else None
        )
        recount_attendance(registration.workshop_id)
    registration.refresh_from_db()


def recount_attendance(workshop_id):
    present = Registration.objects.filter(workshop_id=workshop_id, attended_at__isnull=False)
    countries = {
        " ".join(country.casefold().split())
        for country in present.values_list("country", flat=True)
        if country and country.strip()
    }
    Seats.objects.filter(workshop_id=workshop_id).update(
        attended=present.count(), attended_countries=len(countries)
    )


def recipients(workshop, audience):
    """Who a message to ``audience`` reaches (never anyone erased or cancelled)."""
    statuses = (
        Registration.HOLDS_A_PLACE
        if audience == OrganiserMessage.CONFIRMED
        else (Registration.WAITING,)
    )
    return Registration.objects.filter(
        workshop=workshop, status__in=statuses, erased_at__isnull=True
    ).order_by("created_at", "pk")
