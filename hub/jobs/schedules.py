"""The periodic schedules: one run does every scheduled duty, once, however many run at once.

``manage.py run_schedules`` (for cron, every minute) or ``manage.py db_worker`` (every
``TASKS_SCHEDULES_SECONDS``) calls ``run_schedules()``, which runs, in order, every function
registered with Wagtail's ``hub_schedule`` hook::

    from wagtail import hooks

    @hooks.register("hub_schedule")
    def queue_workshop_reminders(now):
        # Find what is due at ``now`` and enqueue one job per email; return a short summary.
        ...

The hub registers Wagtail's scheduled publishing (``publish_scheduled``, hub.wagtail_hooks) and
the workshops app the retention purge (``purge_workshop_data``, workshops.wagtail_hooks);
reminders register the same way. A duty must be idempotent over time (it acts on what is due
and not yet done) and quick: heavy work belongs in jobs it enqueues.

Two runners at once (two cron machines, a worker and a cron line) never both act: on PostgreSQL
the run holds a transaction-level advisory lock and a second runner finds it taken and skips;
on SQLite the run is one IMMEDIATE transaction (the settings' transaction mode), so a second
runner waits for the write lock and then finds nothing left to do.
"""

import io
import logging
import zlib

from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from wagtail import hooks

log = logging.getLogger("hub.jobs")

HOOK = "hub_schedule"
LOCK_KEY = zlib.crc32(b"hub.jobs.schedules")


def _try_lock():
    if connection.vendor != "postgresql":
        return True  # SQLite: BEGIN IMMEDIATE already holds the database's write lock
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK_KEY])
        return bool(cursor.fetchone()[0])


def run_schedules(now=None):
    """Run every registered duty; returns {duty name: summary}, or None if another run holds
    the lock."""
    now = now or timezone.now()
    done = {}
    with transaction.atomic():
        if not _try_lock():
            log.info("The schedules are already running elsewhere; skipped.")
            return None
        for duty in hooks.get_hooks(HOOK):
            with transaction.atomic():
                done[duty.__name__] = duty(now)
    return done


def command_duty(name, *args):
    """A duty that runs a management command and returns what it printed."""

    def duty(now):
        out = io.StringIO()
        call_command(name, *args, stdout=out)
        return out.getvalue().strip()

    duty.__name__ = name
    return duty
