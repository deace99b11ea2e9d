"""The hub's home page and standard pages (about, accessibility, privacy, legal notice)."""

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from ..blocks import BodyBlock
from ..memos import memo, remembered
from ..prefetch import with_renditions
from .base import BasePage, remembered_url
from .resources import ResourcePage
from .taxonomy import Theme


class HomePage(BasePage):
    """The front page: what the hub is, latest resources, upcoming workshops and themes."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    template = "hub/home_page.html"
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "hub.StandardPage",
        "hub.LibraryPage",
        "toolkits.ToolkitIndexPage",
        "toolkits.TownCentrePlanIndexPage",
        "toolkits.PublicationIndexPage",
        "case_studies.CaseStudyIndexPage",
        "workshops.WorkshopIndexPage",
        "hub.ThemeIndexPage",
        "hub.PartnerIndexPage",
        "programmes.ProgrammeIndexPage",
    ]
    max_count = 1

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("home page")

    def latest_resources(self, limit=6):
        """The newest public resources but workshop records, read once per content generation
        (hub.memos.memo): the same for every visitor, shared, so read them, never change them.
        """
        return memo(
            ("latest-resources", limit),
            lambda: with_renditions(
                list(
                    ResourcePage.objects.live()
                    .public()
                    .exclude(kind="workshop_record")
                    .order_by("-date", "-pk")
                    .select_related("content_type", "image")[:limit]
                )
            ),
        )

    def upcoming_workshops(self, limit=3):
        if not apps.is_installed("workshops"):
            return []
        try:
            workshop = apps.get_model("workshops", "WorkshopPage")
        except LookupError:
            return []
        return (
            workshop.objects.live()
            .public()
            .filter(start__gte=timezone.now())
            .order_by("start")[:limit]
        )

    def themes(self):
        return remembered(Theme)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_resources"] = self.latest_resources()
        context["upcoming_workshops"] = self.upcoming_workshops()
        context["themes"] = self.themes()
        if apps.is_installed("workshops"):
            index_model = apps.get_model("workshops", "WorkshopIndexPage")
            context["workshops_url"] = remembered_url(
                request, "workshops-url", index_model.objects.live()
            )
        return context


class StandardPage(BasePage):
    """A plain content page: about, accessibility statement, privacy notice, legal notice."""

    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)

    template = "hub/standard_page.html"
    parent_page_types = ["hub.HomePage", "hub.StandardPage"]
    subpage_types = ["hub.StandardPage"]

    content_panels = BasePage.content_panels + [FieldPanel("body"), FieldPanel("last_reviewed")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")
