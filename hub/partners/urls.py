"""Admin addresses whose Wagtail view is replaced by a partner-aware one.

Wagtail's admin URLs come before those added by hooks, so these are placed ahead of the admin
in hub/urls.py, at the same paths (Wagtail's URL names still resolve to them) and with the same
protections as the admin's own views.
"""

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access

from .reports import PageTypesUsageView


def _admin(view):
    return never_cache(require_admin_access(view))


admin_overrides = [
    path("admin/reports/page-types-usage/", _admin(PageTypesUsageView.as_view())),
    path(
        "admin/reports/page-types-usage/results/",
        _admin(PageTypesUsageView.as_view(results_only=True)),
    ),
]
