"""The admin's "Archive edition" screen: moderators start an export, follow it, download it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hub.jobs.admin_views import can_manage_jobs

from .models import ArchiveExport
from .tasks import download_path, export_archive_task

LISTED = 10


@require_http_methods(["GET", "POST"])
def exports_view(request):
    if not can_manage_jobs(request.user):
        raise PermissionDenied
    active = ArchiveExport.objects.filter(
        status__in=[ArchiveExport.Status.QUEUED, ArchiveExport.Status.RUNNING]
    )
    if request.method == "POST":
        if active.exists():
            messages.warning(request, _("An export is already under way."))
        else:
            with transaction.atomic():
                export = ArchiveExport.objects.create(requested_by=request.user)
                export_archive_task.enqueue(export.pk)
            messages.success(request, _("The export has started."))
        return redirect("archive_exports")
    context = {
        "page_title": _("Archive edition"),
        "header_icon": "download",
        "exports": ArchiveExport.objects.all()[:LISTED],
        "active": active.first(),
        "downloads": {kind: download_path(kind).is_file() for kind in ("zip", "wacz")},
        "last_done": ArchiveExport.objects.filter(status=ArchiveExport.Status.DONE).first(),
    }
    return TemplateResponse(request, "archive/admin/exports.html", context)


def download_view(request, kind):
    if not can_manage_jobs(request.user):
        raise PermissionDenied
    if kind not in ("zip", "wacz"):
        raise Http404
    path = download_path(kind)
    if not path.is_file():
        raise Http404
    return FileResponse(open(path, "rb"), as_attachment=True, filename=f"c-care-hub-{path.name}")  # noqa: SIM115
