"""The durable task queue: django-tasks' API, jobs stored in the database (django-tasks-db).

A job is a row written in the transaction that caused it, so it exists exactly when that
transaction commits. ``manage.py db_worker`` (hub.jobs.worker) runs the rows: it retries
transient failures (mail server down, index locked) with a growing delay up to a limit, takes
back the jobs of a worker that died mid-run, and leaves the rest ``FAILED`` for moderators to
see and run again in the admin (hub.jobs.admin_views).
"""

import contextvars

_in_worker = contextvars.ContextVar("hub_in_worker", default=False)


def running_in_worker():
    """True inside a job run by the worker (an index failure should then raise, to be retried)."""
    return _in_worker.get()
