"""Wagtail hooks of the admin's import screens (hub.importer.admin_views); imported by
hub/wagtail_hooks.py."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views
from .runs import can_import


class ImportsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import(request.user)


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("imports/", admin_views.index_view, name="hub_imports"),
        path("imports/new/", admin_views.new_view, name="hub_import_new"),
        path("imports/manifest.csv", admin_views.template_view, name="hub_import_template"),
        path("imports/<int:pk>/", admin_views.report_view, name="hub_import"),
    ]


@hooks.register("register_admin_menu_item")
def register_imports_menu_item():
    return ImportsMenuItem(
        _("Import legacy files"),
        reverse("hub_imports"),
        name="imports",
        icon_name="upload",
        order=450,
    )
