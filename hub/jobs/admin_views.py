"""The admin's "Background jobs" screen: failed and retrying jobs, their error, "Run again".

Shown to moderators and administrators (hub.partners.access.is_moderator): a job that failed
for good (an email the mail server refused five times, an extraction that crashed) is listed
with its task, what it was about, when it last ran, its error and traceback; "Run again" puts
it back in the queue with a full set of attempts.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ..partners.access import is_moderator
from .worker import option, run_again

LISTED = 200


def can_manage_jobs(user):
    return user.is_active and (user.is_superuser or is_moderator(user))


def _job_row(job):
    return {
        "job": job,
        "name": job.task_name,
        "arguments": ", ".join(str(value) for value in job.args_kwargs.get("args", [])),
        "attempts": len(job.worker_ids),
        "error": job.exception_class_path.rsplit(".", 1)[-1],
        "retrying": job.status == TaskResultStatus.READY,
    }


@require_http_methods(["GET", "POST"])
def jobs_view(request):
    if not can_manage_jobs(request.user):
        raise PermissionDenied
    if request.method == "POST":
        try:
            job = get_object_or_404(DBTaskResult, pk=request.POST.get("job"))
        except ValidationError as exc:  # not a job id at all
            raise Http404 from exc
        if run_again(job):
            messages.success(
                request, _("“%(task)s” is queued to run again.") % {"task": job.task_name}
            )
        else:
            messages.warning(request, _("This job is running or finished; it was not queued."))
        return redirect("hub_jobs")
    from hub.models import WorkerBeat

    failed = DBTaskResult.objects.failed().order_by("-finished_at")[:LISTED]
    retrying = (
        DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        .exclude(exception_class_path="")
        .order_by("run_after")[:LISTED]
    )
    since = timezone.now() - timezone.timedelta(seconds=3 * float(option("BEAT_SECONDS")))
    counts = {
        "ready": DBTaskResult.objects.ready().count(),
        "running": DBTaskResult.objects.running().count(),
        "workers": WorkerBeat.objects.filter(seen_at__gte=since).count(),
    }
    context = {
        "page_title": _("Background jobs"),
        "header_icon": "cogs",
        "failed": [_job_row(job) for job in failed],
        "retrying": [_job_row(job) for job in retrying],
        "counts": counts,
        "max_attempts": option("MAX_ATTEMPTS"),
    }
    return TemplateResponse(request, "hub/admin/jobs.html", context)
