"""A workshop series: a page under the workshops index whose child workshops it compiles.

The series page is the record of a run of workshops (a programme's transnational meetings, a
thematic cycle): for each workshop, in order, its date, attendance, record summary, minutes,
outputs, documents and approved notes, in the page's language with the other language's text
where one is missing (marked with its ``lang``).
"""

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from hub.models import BasePage

from .pages import WorkshopPage
from .registrations import Note


class WorkshopSeriesPage(BasePage):
    """A series of workshops (its children) and their compiled records."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    template = "workshops/workshop_series_page.html"
    parent_page_types = ["workshops.WorkshopIndexPage"]
    subpage_types = ["workshops.WorkshopPage"]

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("workshop series")
        verbose_name_plural = _("workshop series")

    def workshops(self, request=None):
        workshops = list(
            WorkshopPage.objects.child_of(self)
            .live()
            .public()
            .select_related("seats", "image")
            .order_by("start", "pk")
        )
        approved = Note.objects.filter(status=Note.APPROVED).select_related("registration")
        prefetch_related_objects(
            workshops,
            "documents__document",
            Prefetch("notes", queryset=approved.order_by("created_at", "pk"), to_attr="approved"),
        )
        for workshop in workshops:
            workshop.shown_documents = workshop.document_links(request)
        return workshops

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["workshops"] = self.workshops(request)
        return context
