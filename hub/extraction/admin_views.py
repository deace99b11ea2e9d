"""The Wagtail documents listing with each document's text-extraction status and a filter for it.

Wagtail has no hook to add a column to its documents listing, so ``hub.wagtail_hooks`` serves
this subclass at the listing's own address (registered before Wagtail's, same URL names
otherwise untouched): everything else in the documents admin is Wagtail's own.
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.documents.views import documents as wagtail_documents


class ExtractionStatusColumn(Column):
    """A status tag ("Text not extracted") with the reason underneath."""

    cell_template_name = "hub/admin/extraction_status_cell.html"


class HubDocumentsFilterSet(wagtail_documents.DocumentsFilterSet):
    extraction_status = django_filters.ChoiceFilter(
        label=_("Text extraction"),
        choices=lambda: wagtail_documents.Document.Extraction.choices,
        empty_label=_("Any"),
    )

    class Meta(wagtail_documents.DocumentsFilterSet.Meta):
        fields = []


class HubDocumentsIndexView(wagtail_documents.IndexView):
    filterset_class = HubDocumentsFilterSet

    @property
    def columns(self):
        columns = list(super().columns)
        columns.insert(3, ExtractionStatusColumn("extraction_status", label=_("Text extraction")))
        return columns
