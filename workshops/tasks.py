"""The background job that sends a participant's email (django-tasks, run by the worker).

The job carries the registration's id, never a private link: the link is minted when the
email is sent, in the transaction that sends it, so the queue holds no secret and a failed
attempt leaves no unused link behind.
"""

from django_tasks import task


@task()
def send_participant_email(kind, registration_id):
    from . import emails

    return emails.deliver(kind, registration_id)
