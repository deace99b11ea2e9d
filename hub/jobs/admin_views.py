"""The admin's "Background jobs" screen: failed and retrying jobs, their error, "Run again".

Shown to moderators and administrators (hub.partners.access.is_moderator): a job that failed
for good (an email the mail server refused five times, an extraction that crashed) is listed
with its task, what it was about, when it last ran, its error and traceback; "Run again" puts
it back in the queue with a full set of attempts.

"What it was about" is said in words: an app describes its own jobs with the
``describe_hub_job`` hook, a function of ``(task_path, args)`` that returns a text or None
(workshops/wagtail_hooks.py names the email and its participant); the hub describes its index
writes and extractions itself; anything else shows its arguments.
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
from wagtail import hooks

from ..partners.access import is_moderator
from .worker import option, run_again

LISTED = 200


def can_manage_jobs(user):
    return user.is_active and (user.is_superuser or is_moderator(user))


def _describe_hub_job(task_path, args):
    from django.apps import apps

    if task_path == "modelsearch.tasks.insert_or_update_object_task" and len(args) == 3:
        try:
            model = apps.get_model(args[0], args[1])
        except LookupError:
            return None
        obj = model._default_manager.filter(pk=args[2]).first()
        what = f"“{obj}”" if obj is not None else _("(deleted since)")
        return _("Search index: %(kind)s %(what)s") % {
            "kind": model._meta.verbose_name,
            "what": what,
        }
    if task_path == "hub.extraction.tasks.extract_document_task" and args:
        from hub.models import HubDocument

        document = HubDocument.objects.filter(pk=args[0]).first()
        what = f"“{document.title}”" if document else _("(deleted since)")
        return _("Text of the document %(what)s") % {"what": what}
    return None


def describe(job):
    """What ``job`` is about, in words a moderator can act on."""
    args = job.args_kwargs.get("args", [])
    for describer in [*hooks.get_hooks("describe_hub_job"), _describe_hub_job]:
        try:
            text = describer(job.task_path, args)
        except Exception:  # noqa: BLE001 - a description never breaks the screen
            text = None
        if text:
            return text
    return ", ".join(str(value) for value in args)


def task_name(job):
    # From the path alone: ``job.task_name`` loads the task against the configured backend,
    # which raises if that backend cannot take it (TASKS_BACKEND=immediate, rows left behind).
    return job.task_path.rsplit(".", 1)[-1]


def _job_row(job):
    return {
        "job": job,
        "name": task_name(job),
        "arguments": describe(job),
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
                request, _("“%(task)s” is queued to run again.") % {"task": task_name(job)}
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
