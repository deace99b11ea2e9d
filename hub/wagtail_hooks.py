"""Wagtail hooks of the hub app."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

# Documents are served as sandboxed attachments by hub.security.DocumentDownloadMiddleware.


# Documents admin: text-extraction status ---------------------------------------------------
# The documents listing shows each document's text-extraction status, with a filter for it
# (hub.extraction). Registered before wagtail.documents' own URLs, so these two addresses
# reach our subclass of Wagtail's listing view; the rest of the documents admin is Wagtail's.


@hooks.register("register_admin_urls", order=-1)
def register_document_listing_with_extraction_status():
    from django.urls import path

    from .extraction.admin_views import HubDocumentsIndexView

    return [
        path("documents/", HubDocumentsIndexView.as_view(), name="hub_documents_index"),
        path(
            "documents/results/",
            HubDocumentsIndexView.as_view(results_only=True),
            name="hub_documents_index_results",
        ),
    ]


# Page editing: rich text the editor cannot read is opened cleaned, with a warning ----------


@hooks.register("before_edit_page")
def warn_about_unreadable_rich_text(request, page):
    if request.method != "GET":
        return None
    from django.utils.text import capfirst
    from django.utils.translation import gettext
    from wagtail.admin import messages

    from .richtext import unreadable_fields

    fields = unreadable_fields(page)
    if fields:
        messages.warning(
            request,
            gettext(
                "Some text on this page held markup the editor cannot read (%(fields)s). It is "
                "shown cleaned up: check it, then save to keep the cleaned version."
            )
            % {"fields": ", ".join(str(capfirst(name)) for name in fields)},
        )
    return None


# Taxonomy snippets ---------------------------------------------------------------------
def _register_taxonomy():
    from wagtail.snippets.models import register_snippet

    from .snippets import TaxonomyGroup

    register_snippet(TaxonomyGroup)


_register_taxonomy()


# Partner editing: permissions, bilingual warnings, report and home panels (hub.partners), and
# the moderators' search reports (hub.search).
from .importer import hooks as importer_hooks  # noqa: E402, F401
from .partners import hooks as partner_hooks  # noqa: E402, F401
from .search import hooks as search_hooks  # noqa: E402, F401

# Background jobs: failed and retrying jobs for moderators (hub.jobs) ---------------------


class JobsMenuItem(MenuItem):
    def is_shown(self, request):
        from .jobs.admin_views import can_manage_jobs

        return can_manage_jobs(request.user)


@hooks.register("register_admin_urls")
def register_jobs_view():
    from .jobs.admin_views import jobs_view

    return [path("jobs/", jobs_view, name="hub_jobs")]


@hooks.register("register_reports_menu_item")
def register_jobs_menu_item():
    return JobsMenuItem(
        _("Background jobs"), reverse("hub_jobs"), name="jobs", icon_name="cogs", order=700
    )


# Schedules: Wagtail's scheduled publishing, run by `run_schedules` or the worker (hub.jobs)
@hooks.register("hub_schedule", order=0)
def publish_scheduled(now):
    from .jobs.schedules import command_duty

    return command_duty("publish_scheduled")(now)


@hooks.register("hub_schedule", order=90)
def prune_finished_jobs(now):
    """Finished jobs are history for two weeks, failed ones for three months."""
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend

    from .jobs.schedules import command_duty

    if not isinstance(task_backends["default"], DatabaseBackend):
        return "jobs run in-process: none stored"
    args = ("--min-age-days", "14", "--failed-min-age-days", "90")
    return command_duty("prune_db_task_results", *args)(now)
