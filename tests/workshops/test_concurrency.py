"""Places are never overbooked: concurrent registrations and cancellations, each on its own
database connection (threads), on SQLite (a file database) and PostgreSQL alike.

PostgreSQL's connection limit is shared with other work, so at most WORKSHOP_TEST_CONNECTIONS
(default 40) threads hold a connection at once; every thread still starts together behind a
barrier and opens, uses and closes its own connection.
"""

import datetime
import os
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

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
    """With automatic confirmation chosen, freed places go straight to the next people."""
    workshop = full_workshop
    WorkshopPage.objects.filter(pk=workshop.pk).update(waiting_list="automatic")
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
    promotions = [m for m in mailoutbox if m.to[0] not in {r.email for r in confirmed}]
    assert len(mailoutbox) == 2 * PLACES  # one cancellation and one promotion email each
    assert {m.to[0] for m in promotions} == set(now_confirmed.values_list("email", flat=True))


def _accept(pk):
    registration = Registration.objects.get(pk=pk)
    return services.accept(registration, send_email=False)


def _waiting_order(workshop):
    return list(
        Registration.objects.filter(workshop=workshop, status=Registration.WAITING)
        .order_by("position")
        .values_list("pk", flat=True)
    )


def _assert_counter_truthful(workshop):
    seats = Seats.objects.get(workshop=workshop)
    held = Registration.objects.filter(
        workshop=workshop, status__in=Registration.HOLDS_A_PLACE
    ).count()
    assert seats.confirmed == held <= seats.capacity


def test_50_concurrent_cancellations_and_acceptances_of_offered_places(full_workshop):
    """Offers (the default): 25 places already offered are accepted while 25 more confirmed
    people cancel, all at once; then the next 25 offers lapse while lapsing runs three times
    at once. Never over capacity, no one skipped, no one offered twice, the order kept."""
    workshop = full_workshop
    confirmed = list(Registration.objects.filter(workshop=workshop, status=Registration.CONFIRMED))
    queue = _waiting_order(workshop)
    for reg in confirmed[:25]:
        services.cancel(reg, send_email=False)
    offered = list(
        Registration.objects.filter(workshop=workshop, status=Registration.OFFERED)
        .order_by("position")
        .values_list("pk", flat=True)
    )
    assert offered == queue[:25]

    jobs = [lambda pk=pk: _accept(pk) for pk in offered]
    jobs += [lambda reg=reg: services.cancel(reg, send_email=False) for reg in confirmed[25:]]
    assert _run_together(jobs) == []

    registrations = Registration.objects.filter(workshop=workshop)
    assert set(
        registrations.filter(status=Registration.CONFIRMED).values_list("pk", flat=True)
    ) == set(queue[:25])
    assert set(
        registrations.filter(status=Registration.OFFERED).values_list("pk", flat=True)
    ) == set(queue[25:50])
    assert _waiting_order(workshop) == queue[50:]
    _assert_counter_truthful(workshop)

    # The next 25 offers lapse; three runners pass them on at the same moment.
    later = timezone.now() + datetime.timedelta(days=3)
    assert (
        _run_together([lambda: services.expire_offers(later, send_email=False) for _n in range(3)])
        == []
    )
    lapsed = registrations.filter(offer_lapsed=True).values_list("pk", flat=True)
    assert set(lapsed) == set(queue[25:50])
    assert set(
        registrations.filter(status=Registration.OFFERED).values_list("pk", flat=True)
    ) == set(queue[50:75])
    assert _waiting_order(workshop) == queue[75:]
    # Offered once each: everyone offered is one of the first 75, in order, and still holds
    # the one offer made.
    ever_offered = registrations.filter(offered_at__isnull=False).values_list("pk", flat=True)
    assert set(ever_offered) == set(queue[:75])
    _assert_counter_truthful(workshop)
