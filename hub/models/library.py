"""The pages that list resources: the library and each kind's index, on the listing engine.

The listing mixin lives with the pages it serves; the engine it calls (filters, facets, pages
of results, feeds) is hub.browse, which reads the models without importing them back.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField

from ..browse.feeds import listing_feed
from ..browse.listing import SORTS, ResourceListing, page_range
from .base import BasePage


class ResourceListingMixin(RoutablePageMixin):
    """A page listing resources (all kinds or one), with facets, pagination and an Atom feed."""

    listing_kind = None  # a ResourcePage kind, or None for the whole library

    def get_listing(self, request):
        return ResourceListing(request, kind=self.listing_kind)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        listing = self.get_listing(request)
        facets = listing.facets()
        page = listing.page()
        context.update(
            {
                "listing": listing,
                "facets": facets,
                "resources": page,
                "page_obj": page,
                "page_range": page_range(page),
                "active_filters": listing.active_filters(facets),
                "sorts": SORTS,
                "feed_query": listing.querystring(),
            }
        )
        return context

    @path("feed/")
    def feed(self, request):
        return listing_feed(self, request)


class LibraryPage(ResourceListingMixin, BasePage):
    """The library: every resource of every kind, browsable by facets, with an Atom feed."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    template = "hub/library_page.html"
    parent_page_types = ["hub.HomePage"]
    subpage_types = []
    max_count = 1

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("library page")


class ResourceIndexPage(ResourceListingMixin, BasePage):
    """Abstract parent of one kind's resources: lists them with the library's facets and feed.

    Concrete indexes (toolkits, town-centre plans, case studies, publications, workshops) set
    ``listing_kind`` to the kind they list, their ``subpage_types`` and their template.
    """

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    parent_page_types = ["hub.HomePage"]
    max_count = 1
    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    class Meta:
        abstract = True
