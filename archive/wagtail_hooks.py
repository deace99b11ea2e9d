"""The archive edition in the admin: Reports > Archive edition, for moderators."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


class ArchiveMenuItem(MenuItem):
    def is_shown(self, request):
        from hub.jobs.admin_views import can_manage_jobs

        return can_manage_jobs(request.user)


@hooks.register("register_admin_urls")
def register_archive_views():
    from .admin_views import download_view, exports_view

    return [
        path("archive-edition/", exports_view, name="archive_exports"),
        path("archive-edition/download/<str:kind>/", download_view, name="archive_download"),
    ]


@hooks.register("register_reports_menu_item")
def register_archive_menu_item():
    return ArchiveMenuItem(
        _("Archive edition"),
        reverse("archive_exports"),
        name="archive-edition",
        icon_name="download",
        order=710,
    )
