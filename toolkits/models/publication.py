"""Publications: other legacy documents (reports, agreements, evaluations, press pages)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from hub.models.library import ResourceIndexPage
from hub.models.resources import ResourcePage

from ..blocks import PublicationBodyBlock

PUBLICATION_TYPES = [
    ("report", _("Report")),
    ("evaluation", _("Evaluation")),
    ("agreement", _("Agreement")),
    ("plan", _("Plan or strategy")),
    ("press", _("Press page")),
    ("other", _("Other document")),
]
SCHEMA_TYPES = {"report": "Report", "evaluation": "Report", "press": "NewsArticle"}


class PublicationIndexPage(ResourceIndexPage):
    """The list of publications, with the library's filters and an Atom feed."""

    listing_kind = "publication"
    template = "toolkits/publication_index_page.html"
    subpage_types = ["toolkits.PublicationPage"]

    class Meta:
        verbose_name = _("publication index")


class PublicationPage(ResourcePage):
    """A legacy document described as a page: what it is, who published it, its key points."""

    resource_kind = "publication"
    is_creatable = True

    publication_type = models.CharField(
        _("type of publication"), max_length=12, choices=PUBLICATION_TYPES, default="report"
    )
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    body = StreamField(PublicationBodyBlock(), blank=True, verbose_name=_("body"))

    template = "toolkits/publication_page.html"
    parent_page_types = ["toolkits.PublicationIndexPage"]
    subpage_types = []

    content_panels = (
        ResourcePage.title_panels
        + [FieldRowPanel([FieldPanel("publication_type"), FieldPanel("publisher")])]
        + [FieldPanel("body")]
        + ResourcePage.summary_panels
        + ResourcePage.metadata_panels
    )
    search_fields = ResourcePage.search_fields + [
        index.SearchField("publisher"),
        index.SearchField("body"),
        index.FilterField("publication_type"),
    ]
    api_fields = ResourcePage.api_fields + [
        APIField("publication_type"),
        APIField("publisher"),
        APIField("body_en"),
        APIField("body_fr"),
    ]

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    @property
    def schema_type(self):
        return SCHEMA_TYPES.get(self.publication_type, "CreativeWork")

    def extra_structured_data(self, request=None):
        data = {}
        if self.publisher:
            data["publisher"] = {"@type": "Organization", "name": self.publisher}
        return data
