"""What happens around a workshop by itself: reminders, lapsing offers, changes announced to
participants, the invitation to share notes, and organisers chased for the record.

Each duty is a function of ``now`` run by the schedules (``hub_schedule``, workshops.wagtail_hooks)
that finds what is due and not yet done, marks it done with one conditional UPDATE and queues
one job per email: two runners at once, or a run repeated, send nothing twice.
"""

import datetime
import hashlib

from django.db.models import F, Q
from django.utils import timezone

from . import services, tasks
from .models import Registration, Seats, WorkshopPage
from .models.timing import NOTES_WINDOW

CHASE_EVERY = datetime.timedelta(days=7)
CHASE_AFTER = datetime.timedelta(days=1)  # the day after the workshop, then weekly
CHASE_FOR = datetime.timedelta(days=180)  # after six months the record is left alone


def _mark_and_queue(registrations, field, kind, now):
    sent = 0
    for registration in registrations:
        marked = Registration.objects.filter(pk=registration.pk, **{f"{field}__isnull": True})
        if marked.update(**{field: now}):
            tasks.queue(kind, registration)
            sent += 1
    return sent


def _confirmed(**filters):
    return Registration.objects.filter(
        status=Registration.CONFIRMED, erased_at__isnull=True, **filters
    ).only("pk")


def queue_reminders(now):
    """The reminder ``reminder_hours`` before the start, and the joining details again
    ``joining_reminder_hours`` before an online or hybrid workshop; each once per person,
    never to someone confirmed after that moment (their confirmation has just told them)."""
    reminders = joining = 0
    upcoming = (
        WorkshopPage.objects.live()
        .filter(start__gt=now)
        .only(
            "pk", "start", "format", "joining_details", "reminder_hours", "joining_reminder_hours"
        )
    )
    for workshop in upcoming:
        if workshop.reminder_hours:
            moment = workshop.start - datetime.timedelta(hours=workshop.reminder_hours)
            if now >= moment:
                due = _confirmed(
                    workshop=workshop, reminded_at__isnull=True, confirmed_at__lt=moment
                )
                reminders += _mark_and_queue(due, "reminded_at", "reminder", now)
        if (
            workshop.joining_reminder_hours
            and workshop.format != "in_person"
            and workshop.joining_details
        ):
            moment = workshop.start - datetime.timedelta(hours=workshop.joining_reminder_hours)
            if now >= moment:
                due = _confirmed(
                    workshop=workshop, joining_reminded_at__isnull=True, confirmed_at__lt=moment
                )
                joining += _mark_and_queue(due, "joining_reminded_at", "joining", now)
    return f"{reminders} reminders, {joining} joining reminders"


def pass_on_lapsed_offers(now):
    return f"{services.expire_offers(now)} offers lapsed"


def invite_notes(now):
    """Once, after the workshop: those who came (everyone confirmed if nobody was checked in)
    are invited to share notes through their private link."""
    sent = 0
    ended = WorkshopPage.objects.live().filter(end__lte=now, end__gt=now - NOTES_WINDOW)
    for workshop in ended.only("pk"):
        people = _confirmed(workshop=workshop, notes_invited_at__isnull=True)
        if Registration.objects.filter(workshop=workshop, attended_at__isnull=False).exists():
            people = people.filter(attended_at__isnull=False)
        sent += _mark_and_queue(people, "notes_invited_at", "notes", now)
    return f"{sent} invitations to share notes"


def records_missing(now=None, partner_ids=None):
    """Live workshops that ended (a day ago at least) without minutes or outputs."""
    now = now or timezone.now()
    empty = Q()
    for name in ("minutes_en", "minutes_fr", "outputs_en", "outputs_fr"):
        empty &= Q(**{name: ""}) | Q(**{f"{name}__isnull": True})
    workshops = WorkshopPage.objects.live().filter(
        empty, end__lte=now - CHASE_AFTER, end__gt=now - CHASE_FOR
    )
    if partner_ids is not None:
        workshops = workshops.filter(partners__in=partner_ids).distinct()
    # Rich text that holds only empty markup counts as empty too.
    return [w for w in workshops.order_by("end", "pk") if not w.has_minutes_or_outputs]


def chase_records(now):
    """Email the hosting partners' editors, weekly, about each record still without minutes
    or outputs (the admin's home shows the same list until it is written)."""
    chased = 0
    for workshop in records_missing(now):
        seats = services.ensure_seats(workshop)
        due = Q(record_chased_at__isnull=True) | Q(record_chased_at__lte=now - CHASE_EVERY)
        if (
            Seats.objects.filter(due, pk=seats.pk).update(
                record_chased_at=now, record_chases=F("record_chases") + 1
            )
            and services.organisers(workshop).exists()
        ):
            tasks.send_record_reminder.enqueue(workshop.pk)
            chased += 1
    return f"{chased} organisers' reminders"


def fingerprint(workshop):
    """What a participant's calendar holds of the workshop: its times, place and joining."""
    parts = [
        workshop.start.isoformat(),
        workshop.end.isoformat(),
        workshop.time_zone,
        workshop.format,
        workshop.venue_en or "",
        workshop.venue_fr or "",
        workshop.joining_details or "",
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def announce_changes(workshop, now=None):
    """When a published workshop's time, venue or joining details changed, raise the calendar
    SEQUENCE once and send every confirmed participant one email with the new ``.ics``.
    Returns how many were told (0 on the first publication, which only records the state)."""
    now = now or timezone.now()
    seats = services.ensure_seats(workshop)
    new = fingerprint(workshop)
    if seats.announced == new:
        return 0
    if not seats.announced:
        Seats.objects.filter(pk=seats.pk, announced="").update(announced=new)
        return 0
    moved = Seats.objects.filter(pk=seats.pk, announced=seats.announced).update(
        announced=new, sequence=F("sequence") + 1
    )
    if not moved or workshop.end < now:
        return 0
    told = 0
    for registration in _confirmed(workshop=workshop):
        tasks.queue("updated", registration)
        told += 1
    return told


def on_page_published(sender, instance, **kwargs):
    if isinstance(instance, WorkshopPage):
        announce_changes(instance)
