"""The Background jobs screen in process: each job said in words a moderator can act on, and
no error when jobs were left in the database by a site now running them in process
(TASKS_BACKEND=immediate, as these tests do)."""

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .test_worker import moderator, registration  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def failed(task_path, args):
    now = timezone.now()
    return DBTaskResult.objects.create(
        task_path=task_path,
        args_kwargs={"args": args, "kwargs": {}},
        status="FAILED",
        backend_name="default",
        run_after=now,
        finished_at=now,
        worker_ids=["w1", "w2"],
        exception_class_path="ConnectionRefusedError",
        traceback="Traceback (most recent call last):\nConnectionRefusedError: refused",
    )


def test_each_failed_job_says_what_it_was_about(moderator, registration, home):  # noqa: F811
    failed("workshops.tasks.send_participant_email", ["registered", registration.pk])
    failed("modelsearch.tasks.insert_or_update_object_task", ["hub", "homepage", home.pk])
    failed("hub.extraction.tasks.extract_document_task", [987654])
    html = moderator.get("/admin/jobs/").content.decode()
    assert f"Confirmation email to Ana Lopes, {registration.workshop.title}" in html
    assert f"Search index: home page “{home.title}”" in html
    assert "Text of the document (deleted since)" in html
    assert html.count("Run again") == 3
