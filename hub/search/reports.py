"""Moderators' reports on what visitors search for: the most frequent searches, and the
searches that found nothing. Filterable by language and period, exportable as CSV or XLSX
(Wagtail's report export, whose cells ``hub.spreadsheets`` keeps from running as formulas:
visitors type the queries), for users with the "view search record" permission (the hub
moderators; see hub.partners.setup).

A row is one folded query in one language over the period: how many times it was searched,
the most results it found, and the last day it was searched. "Found nothing" means no search
of it in the period found anything.
"""

from urllib.parse import urlencode

import django_filters
from django.db.models import Max, Sum
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from ..models import SearchRecord

LANGUAGE_CHOICES = [("en", _("English")), ("fr", _("French"))]


def public_search_url(row):
    """The site's search page for this row's query in its language: what visitors saw."""
    with translation.override(row["language"]):
        return reverse("search") + "?" + urlencode({"q": row["query"]})


class LanguageColumn(Column):
    def get_value(self, instance):
        return dict(LANGUAGE_CHOICES).get(instance["language"], instance["language"])


class SearchRecordFilterSet(WagtailFilterSet):
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=LANGUAGE_CHOICES, empty_label=_("Both languages")
    )
    day = django_filters.DateFromToRangeFilter(label=_("Period"), widget=DateRangePickerWidget)

    class Meta:
        model = SearchRecord
        fields = ["language", "day"]


class SearchReportView(ReportView):
    """The searches of the period, most frequent first."""

    page_title = _("Most frequent searches")
    header_icon = "search"
    filterset_class = SearchRecordFilterSet
    index_url_name = "hub_search_report"
    index_results_url_name = "hub_search_report_results"
    permission_policy = ModelPermissionPolicy(SearchRecord)
    any_permission_required = ["view"]
    paginate_by = 50
    columns = [
        TitleColumn("query", label=_("Search"), get_url=public_search_url),
        LanguageColumn("language", label=_("Language")),
        Column("times", label=_("Searches")),
        Column("most_results", label=_("Most results")),
        Column("last_day", label=_("Last searched")),
    ]
    list_export = ["query", "language", "times", "most_results", "last_day"]
    export_headings = {
        "query": _("Search"),
        "language": _("Language"),
        "times": _("Searches"),
        "most_results": _("Most results"),
        "last_day": _("Last searched"),
    }

    def get_filename(self):
        return "searches"

    def get_queryset(self):
        return SearchRecord.objects.all()

    def get_filtered_queryset(self):
        rows = (
            self.filter_queryset(self.get_queryset())
            .values("query", "language")
            .annotate(times=Sum("searches"), most_results=Max("results"), last_day=Max("day"))
        )
        return self.narrow(rows).order_by("-times", "query", "language")

    def narrow(self, rows):
        return rows


class ZeroResultsReportView(SearchReportView):
    """The searches of the period that found nothing, most frequent first."""

    page_title = _("Searches with no results")
    index_url_name = "hub_search_zero_report"
    index_results_url_name = "hub_search_zero_report_results"
    columns = [c for c in SearchReportView.columns if c.name != "most_results"]
    list_export = [name for name in SearchReportView.list_export if name != "most_results"]

    def get_filename(self):
        return "searches-with-no-results"

    def narrow(self, rows):
        return rows.filter(most_results=0)
