"""A moderator meets a failed job in Reports > Background jobs, reads its error and runs it
again (issue 17), at phone and desktop width."""

import textwrap

import pytest

from tests.browser.conftest import ARTIFACTS, VIEWPORTS
from tests.browser.seed import PASSWORD
from tests.browser.test_journeys import admin_login

pytestmark = pytest.mark.browser


def failed_email(live_site, viewport):
    """A confirmation email the mail server refused five times: a failed job, as the worker
    leaves it. Returns the job's id."""
    code = textwrap.dedent(
        f"""
        from django.utils import timezone
        from django_tasks_db.models import DBTaskResult
        from workshops.models import Registration, WorkshopPage
        from workshops import services

        workshop = WorkshopPage.objects.live().filter(start__gt=timezone.now()).first()
        registration = services.register(
            workshop,
            {{"name": "Jo Failed {viewport}", "email": "jo.{viewport}@example.org",
              "organisation": "Kent CC", "country": "GB", "language": "en", "needs": "",
              "consent_privacy": True, "consent_show_name": False}},
            send_email=False,
        ).registration
        now = timezone.now()
        job = DBTaskResult.objects.create(
            task_path="workshops.tasks.send_participant_email",
            args_kwargs={{"args": ["registered", registration.pk], "kwargs": {{}}}},
            status="FAILED", backend_name="default", queue_name="default", run_after=now,
            started_at=now, finished_at=now, worker_ids=["w1", "w2", "w3", "w4", "w5"],
            exception_class_path="ConnectionRefusedError",
            traceback='Traceback (most recent call last):\\n  File "smtplib.py", line 255, '
                      'in connect\\nConnectionRefusedError: [Errno 111] Connection refused',
        )
        print(job.pk)
        """
    )
    return live_site.manage("shell", "-c", code).stdout.strip().splitlines()[-1]


def job_status(live_site, pk):
    code = "from django_tasks_db.models import DBTaskResult\n" + (
        f"print(DBTaskResult.objects.get(pk={pk!r}).status)"
    )
    return live_site.manage("shell", "-c", code).stdout.strip().splitlines()[-1]


def test_a_moderator_reads_a_failed_job_and_runs_it_again(browser, live_site, viewport):
    pk = failed_email(live_site, viewport)
    context = browser.new_context(base_url=live_site.url, viewport=VIEWPORTS[viewport])
    page = context.new_page()
    try:
        admin_login(page, "moderator", PASSWORD)
        page.goto("/admin/jobs/")
        assert page.locator("h1").inner_text().strip() == "Background jobs"
        row = page.locator("table tbody tr", has_text=f"Jo Failed {viewport}")
        assert row.count() == 1, page.content()[:3000]
        assert row.locator("summary", has_text="ConnectionRefusedError").is_visible()
        # What a moderator needs to act: what the job is about, in words.
        assert "Confirmation email" in row.inner_text()
        row.locator("summary").click()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"jobs-screen-{viewport}.png"), full_page=True)
        assert row.locator("pre", has_text="Connection refused").is_visible()
        # Nothing scrolls sideways; the table scrolls in its own region on a phone.
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= VIEWPORTS[viewport]["width"], width
        button = row.get_by_role("button", name="Run again")
        box = button.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= VIEWPORTS[viewport]["width"]
        with page.expect_navigation():
            button.click()
        page.screenshot(path=str(ARTIFACTS / f"jobs-screen-after-{viewport}.png"), full_page=True)
        assert page.get_by_text("is queued to run again").is_visible()
        assert job_status(live_site, pk) == "READY"
        # Out of the failed jobs, into the queue (listed with its last error until it runs).
        assert page.get_by_text("No job has failed.").is_visible()
        again = page.locator("table tbody tr", has_text=f"Jo Failed {viewport}")
        assert again.count() == 1 and "next at" in again.inner_text()
    finally:
        context.close()
