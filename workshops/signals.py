"""The one signal through which the registration rules (models) ask for a participant email.

The rules live with the models, below the emails and their job (``workshops.tasks``), so they
cannot call them; they send ``participant_email`` inside their transaction instead, and
``workshops.tasks`` (connected in ``WorkshopsConfig.ready``) queues the job in that same
transaction. Nobody is told of a place a rollback took back.
"""

from django.dispatch import Signal

# sender: the Registration class; kwargs: kind (an email kind), registration.
participant_email = Signal()


def ask_for_email(kind, registration):
    participant_email.send(sender=type(registration), kind=kind, registration=registration)
