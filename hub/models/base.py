"""The abstract base page every page type extends, and the query set of every page of the hub."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, PageManager, PageViewRestriction, Site
from wagtail.query import PageQuerySet
from wagtail.search import index

from ..memos import memo
from ..richtext import clean_unreadable
from ..visibility import public, restriction_summary
from .panels import StaleTranslationsPanel


class HubPageQuerySet(PageQuerySet):
    """The query set of every page type of the hub."""

    def public(self):
        """Wagtail's ``public()`` (no page under a view restriction), without its query for the
        restrictions: they are remembered per content generation (hub.visibility)."""
        return public(self)


class BasePage(Page):
    """Shared metadata of every page: a plain-text summary used in listings, feeds and search."""

    objects = PageManager.from_queryset(HubPageQuerySet)()

    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("One or two sentences shown in listings, search results and feeds."),
    )

    # Named groups, so that a page type puts its own panels between them (wagtail.org's way).
    title_panels = [StaleTranslationsPanel(), *Page.content_panels]
    summary_panels = [FieldPanel("summary")]
    content_panels = title_panels + summary_panels
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

        from ..slugs import ascii_slug, clean_slug

        for code, _name in settings.LANGUAGES:
            slug_field, title_field = f"slug_{code}", f"title_{code}"
            if hasattr(self, slug_field):
                title = getattr(self, title_field, "")
                cleaned = clean_slug(getattr(self, slug_field), title)
                if not cleaned and title and self.pk is None:
                    # A new page's empty slug would fall back to the other language's: an
                    # editor whose browser ran no script gets an address in the title's own
                    # language. A live page's address is left as visitors know it.
                    cleaned = ascii_slug(title)
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
        has_aliases, restricted_paths = restriction_summary()
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


def page_memo(request, name, page, compute):
    """``compute()``, once per content generation and language for ``page`` (hub.memos.memo):
    what a page shows every visitor alike. A preview, or a call without a request, computes
    its own (a draft's relations and choices are never kept)."""
    if request is None or getattr(request, "is_preview", False):
        return compute()
    return memo((name, page.pk, get_language()), compute)
