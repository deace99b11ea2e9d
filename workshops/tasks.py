"""The background job that sends a participant's email (django-tasks, run by the worker).

The job carries the registration's id, never a private link: the link is minted when the
email is sent, in the transaction that sends it, so the queue holds no secret and a failed
attempt leaves no unused link behind.

``queue()`` enqueues it; the registration rules (workshops.models.places) ask for their emails
through ``workshops.signals.participant_email``, which ``connect()`` ties to ``queue()`` when
the app is ready.
"""

from django_tasks import task

from . import emails
from .signals import participant_email


@task()
def send_participant_email(kind, registration_id):
    return emails.deliver(kind, registration_id)


def queue(kind, registration):
    """Send email ``kind`` to ``registration`` once the current transaction commits."""
    if kind not in emails.KINDS:
        raise ValueError(kind)
    send_participant_email.enqueue(kind, registration.pk)


def _on_participant_email(sender, kind, registration, **kwargs):
    queue(kind, registration)


def connect():
    participant_email.connect(_on_participant_email, dispatch_uid="workshops.tasks.queue")
