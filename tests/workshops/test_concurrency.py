"""Places are never overbooked: concurrent registrations and cancellations, each on its own
database connection (threads), on SQLite (a file database) and PostgreSQL alike.

PostgreSQL's connection limit is shared with other work, so at most WORKSHOP_TEST_CONNECTIONS
(default 40) threads hold a connection at once; every thread still starts together behind a
barrier and opens, uses and closes its own connection.
"""

import os
import threading

import pytest
from django.db import connection, connections

from workshops import services
from workshops.models import Registration, Seats, WorkshopPage

from .factories import RegistrationDataFactory, make_workshop

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 200
PLACES = 50


def _max_connections():
    if connection.vendor == "sqlite":
        return PEOPLE
    return int(os.environ.get("WORKSHOP_TEST_CONNECTIONS", "40"))


def _run_together(jobs):
    """Run every job in its own thread, all released at once; returns the errors."""
    barrier = threading.Barrier(len(jobs))
    gate = threading.BoundedSemaphore(_max_connections())
    errors = []

    def run(job):
        try:
            barrier.wait()
            with gate:
                try:
                    job()
                finally:
                    connections.close_all()
        except Exception as error:  # collected and asserted on below
            errors.append(repr(error))

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return errors


def _register(workshop_id, data, send_email=True):
    # Each request loads its own page object, as a real request would.
    workshop = WorkshopPage.objects.get(pk=workshop_id)
    return services.register(workshop, data, send_email=send_email)


@pytest.fixture
def full_workshop(index, mailoutbox):
    workshop = make_workshop(index, slug="busy", capacity=PLACES)
    people = [RegistrationDataFactory(email=f"person{n}@example.org") for n in range(PEOPLE)]
    errors = _run_together([lambda data=data: _register(workshop.pk, data) for data in people])
    assert errors == []
    return workshop


def test_200_simultaneous_registrations_for_50_places(full_workshop, mailoutbox):
    workshop = full_workshop
    registrations = Registration.objects.filter(workshop=workshop)
    assert registrations.count() == PEOPLE
    assert registrations.filter(status=Registration.CONFIRMED).count() == PLACES
    waiting = registrations.filter(status=Registration.WAITING)
    assert waiting.count() == PEOPLE - PLACES
    positions = sorted(waiting.values_list("position", flat=True))
    assert positions == list(range(1, PEOPLE - PLACES + 1))  # strictly increasing, no gap
    seats = Seats.objects.get(workshop=workshop)
    assert (seats.capacity, seats.confirmed) == (PLACES, PLACES)
    assert len(mailoutbox) == PEOPLE


def test_a_double_submission_under_concurrency_is_one_registration(index):
    workshop = make_workshop(index, slug="double", capacity=3)
    data = RegistrationDataFactory(email="same@example.org")
    errors = _run_together(
        [lambda: _register(workshop.pk, data, send_email=False) for _n in range(20)]
    )
    assert errors == []
    assert Registration.objects.filter(workshop=workshop).count() == 1
    assert Seats.objects.get(workshop=workshop).confirmed == 1


def test_50_simultaneous_cancellations_promote_in_order(full_workshop, mailoutbox):
    workshop = full_workshop
    confirmed = list(Registration.objects.filter(workshop=workshop, status=Registration.CONFIRMED))
    first_waiting = list(
        Registration.objects.filter(workshop=workshop, status=Registration.WAITING)
        .order_by("position")
        .values_list("pk", flat=True)
    )
    mailoutbox.clear()
    errors = _run_together([lambda reg=reg: services.cancel(reg) for reg in confirmed])
    assert errors == []

    registrations = Registration.objects.filter(workshop=workshop)
    assert registrations.filter(status=Registration.CANCELLED).count() == PLACES
    now_confirmed = registrations.filter(status=Registration.CONFIRMED)
    assert now_confirmed.count() == PLACES
    # Exactly the first 50 in the queue were promoted; everyone else is still waiting, in order.
    assert set(now_confirmed.values_list("pk", flat=True)) == set(first_waiting[:PLACES])
    assert all(now_confirmed.values_list("promoted", flat=True))
    still_waiting = list(
        registrations.filter(status=Registration.WAITING)
        .order_by("position")
        .values_list("pk", flat=True)
    )
    assert still_waiting == first_waiting[PLACES:]
    seats = Seats.objects.get(workshop=workshop)
    assert seats.confirmed == PLACES <= seats.capacity
    assert len(mailoutbox) == PLACES  # one promotion email each
    assert {m.to[0] for m in mailoutbox} == set(now_confirmed.values_list("email", flat=True))
