"""The background job that sends a participant's email (django-tasks, run by the worker).

The job carries the registration's id, never a private link: the link is minted when the
email is sent, in the transaction that sends it, so the queue holds no secret and a failed
attempt leaves no unused link behind.

``queue()`` enqueues it; the registration rules (workshops.models.places) ask for their emails
through ``workshops.signals.participant_email``, which ``connect()`` ties to ``queue()`` when
the app is ready.
"""

from django_tasks import task

from . import emails, services
from .models import WorkshopPage
from .signals import participant_email


@task()
def send_participant_email(kind, registration_id):
    return emails.deliver(kind, registration_id)


@task()
def send_record_reminder(workshop_id):
    workshop = WorkshopPage.objects.filter(pk=workshop_id).first()
    if workshop is None:
        return "deleted"
    return emails.deliver_record_reminder(workshop_id, list(services.organisers(workshop)))


@task()
def send_organiser_message(message_id, registration_id):
    return emails.deliver_message(message_id, registration_id)


def send_message(message):
    """Queue the organisers' ``message`` to each of its recipients; returns how many."""
    people = list(services.recipients(message.workshop, message.audience).only("pk"))
    for registration in people:
        send_organiser_message.enqueue(message.pk, registration.pk)
    type(message).objects.filter(pk=message.pk).update(recipients=len(people))
    return len(people)


def queue(kind, registration):
    """Send email ``kind`` to ``registration`` once the current transaction commits."""
    if kind not in emails.KINDS:
        raise ValueError(kind)
    send_participant_email.enqueue(kind, registration.pk)


def _on_participant_email(sender, kind, registration, **kwargs):
    queue(kind, registration)


def connect():
    participant_email.connect(_on_participant_email, dispatch_uid="workshops.tasks.queue")
