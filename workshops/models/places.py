"""Registration rules: take a place or join the waiting list, cancel, promote, follow capacity.

Every change of a workshop's places goes through one conditional UPDATE of its Seats row
(``confirmed = confirmed + 1 WHERE confirmed < capacity``), guarded by a CHECK constraint. On
PostgreSQL the UPDATE locks the row until commit, so concurrent transactions queue on it; on
SQLite every transaction begins IMMEDIATE (see the settings) and writers queue on the file lock.
Either way no two transactions can both take the last place.

The rules sit with the models (the workshop page calls them when it serves a registration, as
Wagtail's form pages do); emails are asked for through ``workshops.signals`` inside the
transaction, and queued as jobs by ``workshops.tasks``.
"""

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ..choices import normalise_email
from ..signals import ask_for_email
from .registrations import Registration, Seats

log = logging.getLogger("hub.workshops")

REGISTRATION_FIELDS = (
    "name",
    "email",
    "organisation",
    "country",
    "language",
    "needs",
    "consent_privacy",
    "consent_show_name",
)


@dataclass
class Outcome:
    registration: Registration
    created: bool


def ensure_seats(workshop):
    seats = Seats.objects.filter(workshop_id=workshop.pk).first()
    if seats is None:
        try:
            with transaction.atomic():
                seats = Seats.objects.create(workshop_id=workshop.pk, capacity=workshop.capacity)
        except IntegrityError:
            seats = Seats.objects.get(workshop_id=workshop.pk)
    return seats


def _take_place(workshop_id):
    """True if a place was taken; the WHERE clause is what makes overbooking impossible."""
    return bool(
        Seats.objects.filter(workshop_id=workshop_id, confirmed__lt=F("capacity")).update(
            confirmed=F("confirmed") + 1
        )
    )


def _next_position(workshop_id):
    Seats.objects.filter(workshop_id=workshop_id).update(last_position=F("last_position") + 1)
    return Seats.objects.values_list("last_position", flat=True).get(workshop_id=workshop_id)


def register(workshop, data, send_email=True):
    """Register ``data`` (the form's cleaned data) for ``workshop``.

    A second registration with the same address returns the existing one (``created`` False)
    and, if ``send_email``, sends its owner a fresh link instead of creating anything.
    """
    ensure_seats(workshop)
    email_normalised = normalise_email(data["email"])
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .filter(workshop=workshop, email_normalised=email_normalised)
            .first()
        )
        created = False
        if registration is None:
            registration = Registration(
                workshop=workshop, **{k: data.get(k) for k in REGISTRATION_FIELDS}
            )
            registration.status = Registration.WAITING  # placeholder until the counter speaks
            registration.position = 0
            try:
                with transaction.atomic():
                    registration.save()
                created = True
            except IntegrityError:
                # The same address won a race a moment ago: a double submission.
                registration = Registration.objects.select_for_update().get(
                    workshop=workshop, email_normalised=email_normalised
                )
        if not created and registration.status != Registration.CANCELLED:
            if send_email:
                ask_for_email("existing", registration)
            return Outcome(registration, False)
        if not created:
            # Someone who cancelled registers again: same row, back in the queue.
            for key in REGISTRATION_FIELDS:
                setattr(registration, key, data.get(key))
            registration.cancelled_at = None
            registration.promoted = False
            registration.save()

        now = timezone.now()
        if _take_place(workshop.pk):
            registration.status = Registration.CONFIRMED
            registration.position = None
            registration.confirmed_at = now
        else:
            registration.status = Registration.WAITING
            registration.position = _next_position(workshop.pk)
        registration.save(update_fields=["status", "position", "confirmed_at"])
        if send_email:
            ask_for_email("registered", registration)
    return Outcome(registration, True)


def _promote_next(workshop, now, promoted):
    """Give a free place to the first person waiting, if any; returns whether it did."""
    if workshop.start <= now:
        return False  # a place freed once the workshop has begun is of no use to anyone
    candidate = (
        Registration.objects.select_for_update()
        .filter(workshop_id=workshop.pk, status=Registration.WAITING)
        .order_by("position", "pk")
        .first()
    )
    if candidate is None or not _take_place(workshop.pk):
        return False
    candidate.status = Registration.CONFIRMED
    candidate.confirmed_at = now
    candidate.promoted = True
    candidate.save(update_fields=["status", "confirmed_at", "promoted"])
    promoted.append(candidate)
    return True


def _announce_promotions(promoted, send_email):
    if not send_email:
        return
    for registration in promoted:
        ask_for_email("promoted", registration)


def cancel(registration, send_email=True):
    """Cancel a registration; a freed place goes to the first person waiting, in the same
    transaction. Returns the promoted registration or None."""
    promoted = []
    with transaction.atomic():
        reg = (
            Registration.objects.select_for_update()
            .select_related("workshop")
            .get(pk=registration.pk)
        )
        if reg.status == Registration.CANCELLED:
            return None
        was_confirmed = reg.status == Registration.CONFIRMED
        now = timezone.now()
        reg.status = Registration.CANCELLED
        reg.cancelled_at = now
        reg.save(update_fields=["status", "cancelled_at"])
        if was_confirmed:
            Seats.objects.filter(workshop_id=reg.workshop_id, confirmed__gt=0).update(
                confirmed=F("confirmed") - 1
            )
            _promote_next(reg.workshop, now, promoted)
        _announce_promotions(promoted, send_email)
    registration.refresh_from_db()
    return promoted[0] if promoted else None


def sync_capacity(workshop, send_email=True):
    """Apply the page's capacity to its counter, promoting waiting people into new places.

    A capacity below the confirmed count is refused by the admin form; should one arrive by
    another road (a script, a scheduled revision) the counter keeps its old capacity rather
    than drop anyone, and says so in the log.
    """
    if not workshop.pk:
        return []
    seats = ensure_seats(workshop)
    promoted = []
    with transaction.atomic():
        if seats.capacity != workshop.capacity:
            changed = Seats.objects.filter(
                workshop_id=workshop.pk, confirmed__lte=workshop.capacity
            ).update(capacity=workshop.capacity)
            if not changed:
                log.warning(
                    "Workshop %s: capacity %s refused, more people are already confirmed.",
                    workshop.pk,
                    workshop.capacity,
                )
        now = timezone.now()
        while _promote_next(workshop, now, promoted):
            pass
        _announce_promotions(promoted, send_email)
    return promoted
