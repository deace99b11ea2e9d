"""Toolkits: practical step-by-step guides with checklists and templates to download."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from hub.models.library import ResourceIndexPage
from hub.models.resources import ResourcePage

from ..blocks import ToolkitBodyBlock


class ToolkitIndexPage(ResourceIndexPage):
    """The list of toolkits, with the library's filters and an Atom feed."""

    listing_kind = "toolkit"
    template = "toolkits/toolkit_index_page.html"
    subpage_types = ["toolkits.ToolkitPage"]

    class Meta:
        verbose_name = _("toolkit index")


class ToolkitPage(ResourcePage):
    """A toolkit (boîte à outils): who it is for, why, the steps, checklists and templates."""

    resource_kind = "toolkit"
    schema_type = "HowTo"
    is_creatable = True

    body = StreamField(ToolkitBodyBlock(), blank=True, verbose_name=_("body"))

    template = "toolkits/toolkit_page.html"
    parent_page_types = ["toolkits.ToolkitIndexPage"]
    subpage_types = []

    content_panels = (
        ResourcePage.title_panels
        + [FieldPanel("body")]
        + ResourcePage.summary_panels
        + ResourcePage.metadata_panels
    )
    search_fields = ResourcePage.search_fields + [index.SearchField("body")]
    api_fields = ResourcePage.api_fields + [APIField("body_en"), APIField("body_fr")]

    class Meta:
        verbose_name = _("toolkit")
        verbose_name_plural = _("toolkits")

    def extra_structured_data(self, request=None):
        from hub.i18n import translated

        steps = []
        body = translated(self, "body").value or []
        for block in body:
            if block.block_type == "steps":
                for step in block.value["steps"]:
                    steps.append({"@type": "HowToStep", "name": step["title"]})
        return {"step": steps} if steps else {}
