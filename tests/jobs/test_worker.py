"""The durable queue with the real worker: survives a killed worker, retries, "run again", the
index written by the worker after a publish."""

import signal

import pytest
from django.contrib.auth.models import Group
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from hub.partners.access import MODERATORS_GROUP
from tests.processes import free_port, wait_for
from tests.search_engine.helpers import indexed_ids

from .tasks import slow_mark

pytestmark = pytest.mark.django_db(transaction=True)


def job_of(task_path):
    return DBTaskResult.objects.filter(task_path=task_path).order_by("-enqueued_at").first()


def test_a_job_survives_a_worker_killed_mid_run(workers, tmp_path):
    journal = tmp_path / "journal.txt"
    result = slow_mark.enqueue(str(journal), 60)
    job = DBTaskResult.objects.get(pk=result.id)
    assert job.status == TaskResultStatus.READY

    first = workers.start()
    wait_for(lambda: journal.exists(), what="the first worker to start the job")
    first.send_signal(signal.SIGKILL)  # no clean-up of any kind
    first.wait(timeout=10)
    job.refresh_from_db()
    assert job.status == TaskResultStatus.RUNNING  # what the dead worker left

    workers.start()

    def done():
        job.refresh_from_db()
        return job.status == TaskResultStatus.SUCCESSFUL

    wait_for(done, what="another worker to take the job back and finish it")
    assert journal.read_text().splitlines() == ["start", "start", "done"]
    assert len(job.worker_ids) == 2 and job.worker_ids[0] != job.worker_ids[1]
    assert job.return_value == "marked"


@pytest.fixture
def registration(home):
    from tests.workshops.factories import RegistrationDataFactory, make_index, make_workshop
    from workshops import services

    workshop = make_workshop(make_index(home))
    return services.register(workshop, RegistrationDataFactory(name="Ana Lopes")).registration


@pytest.fixture
def moderator(client, django_user_model):
    user = django_user_model.objects.create_user("mod", "mod@example.org", "pw-mod-123")
    user.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    return client


def test_a_failing_email_is_retried_then_listed_and_run_again(
    workers, registration, moderator, client
):
    from workshops.models import AccessKey

    path = "workshops.tasks.send_participant_email"
    job = job_of(path)
    assert job.args_kwargs["args"] == ["registered", registration.pk]
    # No mail server listens on this port: every attempt fails to connect.
    smtp = {
        "HUB_TEST_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "HUB_TEST_EMAIL_PORT": str(free_port()),
    }
    down = workers.start(**smtp)

    def failed():
        job.refresh_from_db()
        return job.status == TaskResultStatus.FAILED

    wait_for(failed, what="three attempts, then the job marked failed")
    workers.stop(down)
    assert len(job.worker_ids) == 3
    assert job.exception_class_path.endswith("ConnectionRefusedError")
    assert "again in" in workers.output()  # the two retries were logged with their delay
    assert not AccessKey.objects.filter(registration=registration).exists()
    assert workers.emails() == []

    listing = moderator.get("/admin/jobs/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "send_participant_email" in html and "ConnectionRefusedError" in html
    assert "Run again" in html

    response = moderator.post("/admin/jobs/", {"job": str(job.pk)})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == TaskResultStatus.READY and job.worker_ids == []

    workers.run_batch()  # the mail server is back (the file backend stands in for it)
    job.refresh_from_db()
    assert job.status == TaskResultStatus.SUCCESSFUL
    [email] = workers.emails()
    assert "Ana Lopes" in email or "ana" in email.lower()
    assert AccessKey.objects.filter(registration=registration).count() == 1


def test_the_jobs_screen_is_for_moderators_only(client, django_user_model, db):
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user("ed", "ed@example.org", "pw-ed-123")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    # Wagtail answers a refusal inside the admin with a redirect to the dashboard.
    for response in (client.get("/admin/jobs/"), client.post("/admin/jobs/", {"job": "nope"})):
        assert response.status_code == 302 and response.url == "/admin/"


def test_run_again_of_an_unknown_job_is_refused_without_an_error(moderator):
    for job in ("not-a-uuid", "00000000-0000-0000-0000-000000000000"):
        response = moderator.post("/admin/jobs/", {"job": job})
        # A 404, which the locale middleware answers with a redirect to /en/admin/jobs/.
        assert response.status_code in (302, 404)
        assert response.status_code == 404 or response.url == "/en/admin/jobs/"


def test_the_index_is_written_by_the_worker_after_a_publish(workers, home):
    from hub.search.backends.whoosh.documents import document_id
    from tests.library.factories import ToolkitFactory

    page = ToolkitFactory(home=home, title_en="Quokka mobility toolkit")
    doc_id = document_id(page.specific)
    assert doc_id not in indexed_ids()  # queued, not written by the web process
    assert DBTaskResult.objects.ready().filter(task_path__endswith="object_task").exists()

    workers.run_batch()
    assert doc_id in indexed_ids()
    assert not DBTaskResult.objects.ready().exists()
    assert not DBTaskResult.objects.failed().exists()
