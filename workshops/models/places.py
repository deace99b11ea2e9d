"""Registration rules: take a place or join the waiting list, cancel, promote, follow capacity.

Every change of a workshop's places goes through one conditional UPDATE of its Seats row
(``confirmed = confirmed + 1 WHERE confirmed < capacity``), guarded by a CHECK constraint. On
PostgreSQL the UPDATE locks the row until commit, so concurrent transactions queue on it; on
SQLite every transaction begins IMMEDIATE (see the settings) and writers queue on the file lock.
Either way no two transactions can both take the last place.

A freed place goes to the first person waiting: offered for a limited time (the page's
``offer_hours``, shortened as the start approaches) and held for them in the counter, or
confirmed at once when the organisers chose so. An offer accepted in time becomes a confirmed
place; one that lapses goes to the next person (``expire_offers``), so the order is kept and
nobody is offered a place twice.

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


def _lock(workshop_id):
    """Lock the workshop's counter first in every transaction that moves places.

    One order for every lock (counter, then registrations) means no deadlock between a
    cancellation, an acceptance and a lapsing offer on PostgreSQL; on SQLite the IMMEDIATE
    transaction already holds the write lock.
    """
    return Seats.objects.select_for_update().filter(workshop_id=workshop_id).first()


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
        _lock(workshop.pk)
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
            registration.cancelled_by_organiser = False
            registration.promoted = False
            registration.offered_at = registration.offer_expires_at = None
            registration.offer_lapsed = False
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


def _give_freed_place(workshop, now, changed):
    """Give one free place to the first person waiting, if any; returns whether it did."""
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
    if workshop.offers_places:
        candidate.status = Registration.OFFERED
        candidate.offered_at = now
        candidate.offer_expires_at = workshop.offer_deadline(now)
        candidate.save(update_fields=["status", "offered_at", "offer_expires_at"])
        changed.append(("offered", candidate))
    else:
        _confirm(candidate, now)
        changed.append(("promoted", candidate))
    return True


def _confirm(registration, now):
    registration.status = Registration.CONFIRMED
    registration.position = None
    registration.confirmed_at = now
    registration.promoted = True
    registration.save(update_fields=["status", "position", "confirmed_at", "promoted"])


def _fill(workshop, now, changed):
    while _give_freed_place(workshop, now, changed):
        pass


def _announce(changed, send_email):
    if send_email:
        for kind, registration in changed:
            ask_for_email(kind, registration)


def _release(reg, now, changed):
    """Free the place ``reg`` held (confirmed or offered) and pass it on."""
    Seats.objects.filter(workshop_id=reg.workshop_id, confirmed__gt=0).update(
        confirmed=F("confirmed") - 1
    )
    _fill(reg.workshop, now, changed)


def cancel(registration, send_email=True, by_organiser=False):
    """Cancel a registration (confirmed, offered or waiting); a freed place goes to the first
    person waiting, in the same transaction. Returns the registration given the place, or None.

    The participant is sent a confirmation of the cancellation (with a calendar file that
    removes the event); ``by_organiser`` says an organiser cancelled it for them.
    """
    changed = []
    with transaction.atomic():
        _lock(registration.workshop_id)
        reg = (
            Registration.objects.select_for_update()
            .select_related("workshop")
            .get(pk=registration.pk)
        )
        if reg.status == Registration.CANCELLED:
            return None
        held_a_place = reg.status in Registration.HOLDS_A_PLACE
        now = timezone.now()
        reg.status = Registration.CANCELLED
        reg.cancelled_at = now
        reg.cancelled_by_organiser = by_organiser
        reg.offer_expires_at = None
        reg.save(
            update_fields=["status", "cancelled_at", "cancelled_by_organiser", "offer_expires_at"]
        )
        if held_a_place:
            _release(reg, now, changed)
        _announce([("cancelled", reg)] + changed, send_email)
    registration.refresh_from_db()
    return changed[0][1] if changed else None


def accept(registration, now=None, send_email=True):
    """Accept the place offered to ``registration``: True if it is now confirmed.

    The place was held for them when it was offered, so accepting moves no counter; an offer
    that lapsed (or was already passed on) is refused and changes nothing.
    """
    now = now or timezone.now()
    with transaction.atomic():
        _lock(registration.workshop_id)
        reg = Registration.objects.select_for_update().get(pk=registration.pk)
        if reg.status != Registration.OFFERED or reg.offer_expires_at <= now:
            registration.refresh_from_db()
            return reg.status == Registration.CONFIRMED
        _confirm(reg, now)
        _announce([("promoted", reg)], send_email)
    registration.refresh_from_db()
    return True


def expire_offers(now=None, send_email=True):
    """Pass on every offer whose time ran out, in waiting-list order; returns how many lapsed.

    The person who let it lapse leaves the list (they are told, and may register again), so
    nobody is offered a place twice.
    """
    now = now or timezone.now()
    lapsed = 0
    due = (
        Registration.objects.filter(status=Registration.OFFERED, offer_expires_at__lte=now)
        .order_by("offer_expires_at", "pk")
        .values_list("pk", "workshop_id")
    )
    for pk, workshop_id in list(due):
        changed = []
        with transaction.atomic():
            _lock(workshop_id)
            reg = (
                Registration.objects.select_for_update()
                .select_related("workshop")
                .filter(pk=pk, status=Registration.OFFERED, offer_expires_at__lte=now)
                .first()
            )
            if reg is None:
                continue  # accepted or cancelled meanwhile
            reg.status = Registration.CANCELLED
            reg.cancelled_at = now
            reg.offer_lapsed = True
            reg.save(update_fields=["status", "cancelled_at", "offer_lapsed"])
            _release(reg, now, changed)
            _announce([("offer_lapsed", reg)] + changed, send_email)
            lapsed += 1
    return lapsed


def sync_capacity(workshop, send_email=True):
    """Apply the page's capacity to its counter, giving new places to the people waiting.

    A capacity below the places taken is refused by the admin form; should one arrive by
    another road (a script, a scheduled revision) the counter keeps its old capacity rather
    than drop anyone, and says so in the log.
    """
    if not workshop.pk:
        return []
    seats = ensure_seats(workshop)
    changed = []
    with transaction.atomic():
        _lock(workshop.pk)
        if seats.capacity != workshop.capacity:
            updated = Seats.objects.filter(
                workshop_id=workshop.pk, confirmed__lte=workshop.capacity
            ).update(capacity=workshop.capacity)
            if not updated:
                log.warning(
                    "Workshop %s: capacity %s refused, more people are already confirmed.",
                    workshop.pk,
                    workshop.capacity,
                )
        _fill(workshop, timezone.now(), changed)
        _announce(changed, send_email)
    return [registration for _kind, registration in changed]
