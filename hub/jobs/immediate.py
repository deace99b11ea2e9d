"""``TASKS_BACKEND=immediate``: a django-tasks backend that runs tasks in-process, after the
transaction commits (the tests' queue; no worker, no retries).

django-tasks 0.12's ImmediateBackend ignores ``ENQUEUE_ON_COMMIT`` and runs a task at once,
inside the caller's transaction. modelsearch indexes saved objects through a task enqueued from
post_save, and documents are extracted by tasks too (hub.extraction), so with that backend the
index and the extracted text would be written before the database commit (and keep entries of
rolled-back saves). This backend honours ``ENQUEUE_ON_COMMIT`` (default
True): inside a transaction the task runs from ``transaction.on_commit`` and is dropped on
rollback; outside one it runs immediately.
"""

from functools import partial

from django.db import transaction
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id


class OnCommitImmediateBackend(ImmediateBackend):
    def __init__(self, alias, params):
        super().__init__(alias, params)
        self.enqueue_on_commit = bool(params.get("ENQUEUE_ON_COMMIT", True))

    def enqueue(self, task, args, kwargs):
        if not self.enqueue_on_commit or not transaction.get_connection().in_atomic_block:
            return super().enqueue(task, args, kwargs)
        self.validate_task(task)
        result = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        transaction.on_commit(partial(self._execute_task, result))
        return result
