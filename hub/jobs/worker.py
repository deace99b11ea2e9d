"""The task worker: django-tasks-db's, with retries, heartbeats and the periodic schedules.

* A transient failure (``settings.TASKS_RETRY["TRANSIENT"]``: mail server down, index locked,
  database busy) puts the job back in the queue after ``BACKOFF_SECONDS * 2**(attempt-1)``
  (at most ``MAX_BACKOFF_SECONDS``), until ``MAX_ATTEMPTS`` attempts; the last error stays on
  the row. Any other failure, or the last attempt, leaves the job ``FAILED`` for moderators.
* Every worker writes a heartbeat (hub.models.WorkerBeat) every ``BEAT_SECONDS``. A job left
  ``RUNNING`` by a worker that has not beaten for ``3 * BEAT_SECONDS`` (killed, machine lost)
  goes back to the queue, so it runs again; its work must therefore be safe to repeat
  (index writes are; an email mints its link in the transaction that sends it).
* A job whose row is gone (``ObjectDoesNotExist``: a page deleted before its index write ran)
  has nothing left to do and ends successfully.
"""

import datetime
import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import close_old_connections, connection, transaction
from django.db.utils import OperationalError
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import TaskContext, TaskResultStatus
from django_tasks.signals import task_finished, task_started
from django_tasks.utils import get_exception_traceback, get_module_path
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from . import _in_worker

log = logging.getLogger("hub.jobs")

DEFAULTS = {
    "MAX_ATTEMPTS": 5,
    "BACKOFF_SECONDS": 10.0,
    "MAX_BACKOFF_SECONDS": 600.0,
    "BEAT_SECONDS": 10.0,
    "TRANSIENT": [
        "smtplib.SMTPException",
        "ConnectionError",
        "TimeoutError",
        "socket.gaierror",
        "whoosh.index.LockError",
        "django.db.utils.OperationalError",
    ],
}


class WorkerLost(Exception):
    """Recorded on a job whose worker stopped while running it, too many times."""


def option(name):
    return getattr(settings, "TASKS_RETRY", {}).get(name, DEFAULTS[name])


def _transient_classes():
    classes = []
    for path in option("TRANSIENT"):
        if "." not in path:
            path = f"builtins.{path}"
        try:
            classes.append(import_string(path))
        except ImportError:
            continue
    return tuple(classes)


def is_transient(exc):
    return isinstance(exc, _transient_classes())


def backoff(attempt):
    """Seconds before attempt ``attempt + 1``: doubling from BACKOFF_SECONDS, capped."""
    delay = float(option("BACKOFF_SECONDS")) * 2 ** max(attempt - 1, 0)
    return min(delay, float(option("MAX_BACKOFF_SECONDS")))


def retry_later(job, exc, delay):
    job.status = TaskResultStatus.READY
    job.run_after = timezone.now() + datetime.timedelta(seconds=delay)
    job.exception_class_path = get_module_path(type(exc))
    job.traceback = get_exception_traceback(exc)
    job.save(update_fields=["status", "run_after", "exception_class_path", "traceback"])


def run_again(job):
    """A moderator's "run again": back in the queue now, with a full set of attempts."""
    return DBTaskResult.objects.filter(
        pk=job.pk, status__in=[TaskResultStatus.FAILED, TaskResultStatus.READY]
    ).update(
        status=TaskResultStatus.READY,
        run_after=timezone.now(),
        finished_at=None,
        worker_ids=[],
    )


def recover_abandoned(now=None):
    """Put back the jobs of workers that stopped beating; returns how many were put back."""
    from hub.models import WorkerBeat

    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=3 * float(option("BEAT_SECONDS")))
    live = set(WorkerBeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True))
    recovered = 0
    running = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
    for job in running:
        if job.worker_ids and job.worker_ids[-1] in live:
            continue
        still_running = DBTaskResult.objects.filter(
            pk=job.pk, status=TaskResultStatus.RUNNING, started_at=job.started_at
        )
        if len(job.worker_ids) >= int(option("MAX_ATTEMPTS")):
            lost = WorkerLost(f"The worker running this job stopped {len(job.worker_ids)} times.")
            changed = still_running.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=get_module_path(WorkerLost),
                traceback=str(lost),
            )
        else:
            changed = still_running.update(status=TaskResultStatus.READY, run_after=now)
        if changed:
            log.warning("Job %s (%s): its worker stopped; queued again.", job.pk, job.task_path)
            recovered += changed
    WorkerBeat.objects.filter(seen_at__lt=now - datetime.timedelta(days=1)).delete()
    return recovered


class Heartbeat(threading.Thread):
    """Writes the worker's beat and takes back abandoned jobs, on its own connection."""

    def __init__(self, worker_id):
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def beat(self):
        from hub.models import WorkerBeat

        WorkerBeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"seen_at": timezone.now(), "host": socket.gethostname(), "pid": os.getpid()},
        )

    def run(self):
        try:
            while not self.stopped.is_set():
                try:
                    self.beat()
                    recover_abandoned()
                except Exception:  # a busy database must not stop the beats for good
                    log.exception("Worker heartbeat failed")
                self.stopped.wait(float(option("BEAT_SECONDS")))
        finally:
            connection.close()


class Worker(db_worker.Worker):
    """django-tasks-db's worker loop, with retries, heartbeats and the periodic schedules."""

    def __init__(self, *, schedules_every=0.0, **kwargs):
        super().__init__(**kwargs)
        self.schedules_every = schedules_every
        self._schedules_due = 0.0

    def run(self):
        heartbeat = Heartbeat(self.worker_id)
        heartbeat.beat()  # before claiming anything: no one may take this worker for dead
        heartbeat.start()
        try:
            self._loop()
        finally:
            heartbeat.stopped.set()
            from hub.models import WorkerBeat

            WorkerBeat.objects.filter(worker_id=self.worker_id).delete()

    def _claim(self):
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        with exclusive_transaction(tasks.db):
            try:
                job = tasks.get_locked()
            except OperationalError as exc:
                if "is locked" not in str(exc):
                    raise
                return None
            if job is not None:
                job.claim(self.worker_id)
            return job

    def _loop(self):
        log.info("Worker %s started (queues %s)", self.worker_id, ",".join(self.queue_names))
        while self.running:
            self.run_schedules_when_due()
            job = self._claim()
            if job is not None:
                self.run_task(job)
            elif self.batch:
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            close_old_connections()
            if self.running and job is None:
                time.sleep(self.interval)

    def run_schedules_when_due(self):
        if not self.schedules_every or time.monotonic() < self._schedules_due:
            return
        self._schedules_due = time.monotonic() + self.schedules_every
        from .schedules import run_schedules

        try:
            run_schedules()
        except Exception:
            log.exception("The schedules failed; they run again in %ss", self.schedules_every)

    def run_task(self, db_task_result):
        token = _in_worker.set(True)
        self.running_task = True
        try:
            self._run(db_task_result)
        finally:
            _in_worker.reset(token)
            self.running_task = False
            self._run_tasks += 1

    def _run(self, job):
        try:
            task = job.task
            task_result = job.task_result
            sender = type(task.get_backend())
            task_started.send(sender=sender, task_result=task_result)
            if task.takes_context:
                value = task.call(
                    TaskContext(task_result=task_result), *task_result.args, **task_result.kwargs
                )
            else:
                value = task.call(*task_result.args, **task_result.kwargs)
        except (KeyboardInterrupt, SystemExit):
            # Stopped by force in the middle of a job: it runs again on the next start.
            DBTaskResult.objects.filter(pk=job.pk).update(
                status=TaskResultStatus.READY, run_after=timezone.now()
            )
            raise
        except ObjectDoesNotExist:
            log.info("Job %s (%s): its object is gone, nothing to do.", job.pk, job.task_path)
            self._finish(job, job.set_successful, None)
        except BaseException as exc:
            attempts = len(job.worker_ids)
            if is_transient(exc) and attempts < int(option("MAX_ATTEMPTS")):
                delay = backoff(attempts)
                log.warning(
                    "Job %s (%s) failed (attempt %s: %r); again in %.1fs.",
                    job.pk,
                    job.task_path,
                    attempts,
                    exc,
                    delay,
                )
                retry_later(job, exc, delay)
                return
            log.error("Job %s (%s) failed: %r", job.pk, job.task_path, exc)
            self._finish(job, job.set_failed, exc)
        else:
            self._finish(job, job.set_successful, value)

    def _finish(self, job, record, value):
        with transaction.atomic():
            record(value)
        try:
            task_finished.send(sender=type(job.task.get_backend()), task_result=job.task_result)
        except Exception:
            log.exception("Job %s: a task_finished receiver failed", job.pk)
