"""The periodic schedules: scheduled publishing and the purge run by one command, and two
runners at once publish a scheduled page once."""

import datetime
import threading
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from wagtail import hooks
from wagtail.models import PageLogEntry

from hub.jobs.schedules import run_schedules

pytestmark = pytest.mark.django_db(transaction=True)


def scheduled_page(home):
    """A page approved to go live a moment ago: the next schedule run publishes it."""
    from hub.models import StandardPage

    page = StandardPage(title="Launch notes", slug="launch", title_en="Launch notes")
    home.add_child(instance=page)
    page.unpublish()
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = page.save_revision()
    revision.publish()  # scheduled, not live
    # An hour later: the approved time and the revision's own go-live time have passed.
    past = timezone.now() - datetime.timedelta(seconds=1)
    revision.refresh_from_db()
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    page.refresh_from_db()
    assert not page.live
    return page


def publications(page):
    return PageLogEntry.objects.filter(page=page, action="wagtail.publish.scheduled").count()


def test_run_schedules_publishes_and_reports_each_duty(home):
    page = scheduled_page(home)
    out = StringIO()
    call_command("run_schedules", stdout=out)
    page.refresh_from_db()
    assert page.live and publications(page) == 1
    text = out.getvalue()
    for duty in ("publish_scheduled", "purge_workshop_data", "prune_finished_jobs"):
        assert f"{duty}:" in text
    call_command("run_schedules", stdout=StringIO())  # nothing left to do
    assert publications(page) == 1


def test_a_registered_duty_runs_with_the_others(home):
    seen = []
    with hooks.register_temporarily("hub_schedule", lambda now: seen.append(now) or "queued 0"):
        done = run_schedules()
    assert len(seen) == 1 and "queued 0" in done.values()


def test_two_runners_at_once_publish_a_scheduled_page_once(home):
    page = scheduled_page(home)
    inside = threading.Event()

    def slow_first_duty(now):
        # Holds the first runner inside its run while the second one starts.
        inside.set()
        time.sleep(1.5)
        return "held"

    results, errors = [], []

    def runner():
        try:
            results.append(run_schedules())
        except Exception as exc:  # reported below, never swallowed
            errors.append(exc)
        finally:
            connection.close()

    with hooks.register_temporarily("hub_schedule", slow_first_duty, order=-100):
        first = threading.Thread(target=runner)
        first.start()
        assert inside.wait(30)
        second = threading.Thread(target=runner)
        second.start()
        first.join(60)
        second.join(60)
    assert not errors, errors
    page.refresh_from_db()
    assert page.live
    assert publications(page) == 1
    if connection.vendor == "postgresql":
        assert None in results  # the second runner found the lock taken and did nothing
    else:
        assert len(results) == 2  # SQLite: the second waited for the first, then found no work
