"""Admin hooks of the search: the moderators' search reports (hub.search.reports)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .reports import SearchReportView, ZeroResultsReportView

REPORTS = [
    ("searches", SearchReportView, "hub_search_report"),
    ("searches/no-results", ZeroResultsReportView, "hub_search_zero_report"),
]


@hooks.register("register_admin_urls")
def register_search_reports():
    urls = []
    for slug, view, name in REPORTS:
        urls.append(path(f"reports/{slug}/", view.as_view(), name=name))
        urls.append(
            path(
                f"reports/{slug}/results/", view.as_view(results_only=True), name=f"{name}_results"
            )
        )
    return urls


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("hub.view_searchrecord")


def _menu_item(view, name, order):
    def register():
        return SearchReportMenuItem(
            view.page_title,
            reverse(name),
            name=name.replace("_", "-"),
            icon_name="search",
            order=order,
        )

    return register


for _order, (_slug, _view, _name) in enumerate(REPORTS, start=660):
    hooks.register("register_reports_menu_item", _menu_item(_view, _name, _order))


@hooks.register("construct_reports_menu")
def hide_wagtails_search_terms(request, menu_items):
    # Wagtail's "Search terms" report reads hits the site never records (its search log is
    # hub.models.SearchRecord, shown above): an always-empty report would mislead.
    menu_items[:] = [item for item in menu_items if item.name != "search-terms"]
