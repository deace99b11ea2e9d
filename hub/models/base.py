"""The abstract base page every page type extends, and the hub's home and standard pages."""

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.search import index

from ..blocks import BodyBlock
from ..caching import memo
from ..edit_panels import StaleTranslationsPanel
from ..richtext import clean_unreadable


class BasePage(Page):
    """Shared metadata of every page: a plain-text summary used in listings, feeds and search."""

    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("One or two sentences shown in listings, search results and feeds."),
    )

    content_panels = [StaleTranslationsPanel()] + Page.content_panels + [FieldPanel("summary")]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        # The admin's page search is an autocomplete; "title" is indexed in one language only.
        index.AutocompleteField("title_en"),
        index.AutocompleteField("title_fr"),
    ]

    def save(self, *args, **kwargs):
        # Rich text written by a shell, an import or a migration is stored as the editor would
        # store it, or the edit view could not open the page (hub/richtext.py).
        clean_unreadable(self)
        return super().save(*args, **kwargs)

    def save_revision(self, *args, **kwargs):
        clean_unreadable(self)
        return super().save_revision(*args, **kwargs)

    class Meta:
        abstract = True

    def full_clean(self, *args, **kwargs):
        # Slugs are ASCII in every language (hub.slugs), before Wagtail checks them.
        from django.conf import settings

        from ..slugs import clean_slug

        for code, _name in settings.LANGUAGES:
            slug_field, title_field = f"slug_{code}", f"title_{code}"
            if hasattr(self, slug_field):
                cleaned = clean_slug(getattr(self, slug_field), getattr(self, title_field, ""))
                setattr(self, slug_field, cleaned)
        if getattr(self, "slug", None):
            self.slug = clean_slug(self.slug, self.title)
        return super().full_clean(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["translated_page"] = self
        return context

    def serve_preview(self, request, *args, **kwargs):
        """The admin frames previews in its own pages (its preview panel and the Checks panel,
        fed by the user bar inside the frame): same origin only, where public pages allow no
        framing at all (Wagtail runs the preview through the public site's middleware)."""
        response = super().serve_preview(request, *args, **kwargs)
        response._csp_replace = {"frame-ancestors": ["'self'"]}
        return response

    def get_view_restrictions(self):
        """Wagtail's answer, without its two queries when no restriction can apply.

        Wagtail asks for this page's ancestors, then for their restrictions, on every view.
        The restricted pages are few and known per content generation: when none of them is
        this page or an ancestor (a prefix of its tree path) and no page is an alias (whose
        source page's restrictions would apply), the answer is an empty queryset.
        """
        has_aliases, restricted_paths = memo(("view-restrictions",), _restriction_summary)
        if not has_aliases and not self.path.startswith(restricted_paths):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def remembered_url(request, name, queryset):
    """The address of the first page of ``queryset`` ("" if none), kept per site, language and
    content generation: pages link to the library or the privacy notice on every view."""

    def find():
        page = queryset.first()
        return page.get_url(request=request) if page else ""

    site = Site.find_for_request(request)
    return memo((name, site.pk if site else None, get_language()), find)


def public(queryset):
    """``queryset.public()`` without its query for the view restrictions (remembered per content
    generation): pages under a restricted page, that page included, are left out."""
    _has_aliases, restricted_paths = memo(("view-restrictions",), _restriction_summary)
    for path in restricted_paths:
        queryset = queryset.exclude(path__startswith=path)
    return queryset


def _restriction_summary():
    return (
        Page.objects.filter(alias_of__isnull=False).exists(),
        tuple(PageViewRestriction.objects.values_list("page__path", flat=True).distinct()),
    )


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
        from ..browse.related import with_renditions
        from .resources import ResourcePage

        return with_renditions(
            list(
                public(ResourcePage.objects.live())
                .exclude(kind="workshop_record")
                .order_by("-date", "-pk")
                .select_related("content_type", "image")[:limit]
            )
        )

    def upcoming_workshops(self, limit=3):
        if not apps.is_installed("workshops"):
            return []
        try:
            workshop = apps.get_model("workshops", "WorkshopPage")
        except LookupError:
            return []
        return (
            public(workshop.objects.live())
            .filter(start__gte=timezone.now())
            .order_by("start")[:limit]
        )

    def themes(self):
        from .taxonomy import Theme, remembered

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
