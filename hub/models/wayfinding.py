"""Public pages of the taxonomy: one page per theme and one per partner, served by their index.

A theme or a partner is a snippet editors already keep in both languages; its public page is
built from it, so a new theme has its page the moment it is saved and nothing needs keeping in
step. The index page (one of each, under the home page) lists them all and serves each at
``<index>/<slug>/``, the slug in the visitor's language (``page_slug_en``/``page_slug_fr``,
else the snippet's slug): /en/themes/food-insecurity/, /fr/thematiques/precarite-alimentaire/.
"""

import unicodedata

from django.apps import apps
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.search import index

from ..browse.facet_index import get_index, set_bits
from ..browse.listing import ResourceListing
from ..i18n import current_language
from ..memos import remembered
from .base import BasePage, remembered_url
from .library import LibraryPage
from .taxonomy import Partner, Theme, item_slug

# How many resources and workshops an item's page shows before "see all in the library".
RESOURCES_SHOWN = 12
WORKSHOPS_SHOWN = 6


class TaxonomyIndexPage(RoutablePageMixin, BasePage):
    """Abstract index of a taxonomy snippet (``item_model``), serving one page per item."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    item_model = None
    # The library's GET parameter that filters by this item ("theme", "partner").
    facet = ""
    item_template = ""
    parent_page_types = ["hub.HomePage"]
    subpage_types = []
    max_count = 1

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    class Meta:
        abstract = True

    def items(self):
        return remembered(self.item_model)

    def item_url(self, obj, language=None, request=None):
        language = (language or current_language())[:2]
        with translation.override(language):
            base = self.get_url(request=request)
        return f"{base}{item_slug(obj, language)}/" if base else ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        counts = self._counts()
        items = sorted(self.items(), key=lambda obj: _sort_key(translated_name(obj)))
        context["items"] = [(obj, counts.get(obj.pk, 0)) for obj in items]
        return context

    def _counts(self):
        bits = self._bits(get_index())
        return {pk: value.bit_count() for pk, value in bits.items()}

    def _bits(self, facet_index):
        raise NotImplementedError

    @path("<str:slug>/", name="item")
    def item_view(self, request, slug):
        lang = current_language()
        items = self.items()
        obj = next((o for o in items if item_slug(o, lang) == slug), None)
        if obj is None:
            # The other language's slug, or the snippet's own: send the visitor to the address
            # of this language rather than answer with a page that has two addresses.
            other = next(
                (o for o in items if slug in (o.slug, item_slug(o, "en"), item_slug(o, "fr"))),
                None,
            )
            if other is None:
                raise Http404
            return redirect(self.item_url(other, lang, request), permanent=True)
        name = translated_name(obj)
        url = self.item_url(obj, lang, request)
        context = {
            "item": obj,
            "item_name": name,
            "alternate_urls": {code: self.item_url(obj, code, request) for code in ("en", "fr")},
            "canonical_url": request.build_absolute_uri(url),
            "breadcrumb_extra": [(name, url)],
            "library_url": remembered_url(request, "library-url", _library_pages()),
        }
        context.update(self.item_context(request, obj))
        return self.render(request, template=self.item_template, context_overrides=context)

    def item_context(self, request, obj):
        """Resources and workshops filed under ``obj``, from the facet index (no query per
        candidate): the newest cards, loaded in one query, and how many there are."""
        facet_index = get_index()
        bits = self._bits(facet_index).get(obj.pk, 0)
        workshop_bits = facet_index.kinds.get("workshop_record", 0)
        resource_bits = bits & ~workshop_bits
        pks = [facet_index.pks[p] for p in set_bits(resource_bits, 0, RESOURCES_SHOWN)]
        resources = ResourceListing(request).load(pks)
        return {
            "resources": resources,
            "resource_count": resource_bits.bit_count(),
            "library_query": f"{self.facet}={obj.slug}",
            **self._workshops(request, facet_index, bits & workshop_bits),
        }

    def _workshops(self, request, facet_index, bits):
        if not apps.is_installed("workshops"):
            return {}
        index_model = apps.get_model("workshops", "WorkshopIndexPage")
        found = {
            "workshops_url": remembered_url(request, "workshops-url", index_model.objects.live()),
            "upcoming_workshops": [],
            "past_workshops": [],
            "workshop_count": 0,
        }
        if not bits:
            return found
        workshop_model = apps.get_model("workshops", "WorkshopPage")
        pks = [facet_index.pks[p] for p in set_bits(bits, 0, bits.bit_count())]
        now = timezone.now()
        workshops = list(
            workshop_model.objects.live()
            .public()
            .filter(pk__in=pks)
            .order_by("-start", "-pk")
            .select_related("image")
        )
        # Cards name their hosts: one query for all of them.
        prefetch_related_objects(workshops, "partners")
        upcoming = sorted((w for w in workshops if w.end >= now), key=lambda w: w.start)
        past = [w for w in workshops if w.end < now]
        found.update(
            upcoming_workshops=upcoming,
            past_workshops=past[:WORKSHOPS_SHOWN],
            workshop_count=len(workshops),
        )
        return found


def _sort_key(name):
    """Alphabetical order as a reader expects it: accents and case do not count."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    return text.casefold()


def translated_name(obj):
    from ..i18n import translated

    return translated(obj, "name")


def _library_pages():
    return LibraryPage.objects.live()


class ThemeIndexPage(TaxonomyIndexPage):
    """The themes: what each is about, with a page per theme listing its resources and
    workshops (the address theme pills link to)."""

    item_model = Theme
    facet = "theme"
    template = "hub/theme_index_page.html"
    item_template = "hub/theme_page.html"

    class Meta:
        verbose_name = _("theme index page")

    def _bits(self, facet_index):
        return facet_index.theme_bits


class PartnerIndexPage(TaxonomyIndexPage):
    """The partner organisations, with a page per partner: who they are, their logo, their
    resources and the workshops they hosted."""

    item_model = Partner
    facet = "partner"
    template = "hub/partner_index_page.html"
    item_template = "hub/partner_page.html"

    class Meta:
        verbose_name = _("partner index page")

    def _bits(self, facet_index):
        return facet_index.partner_bits

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = context["items"]
        context["groups"] = [
            (_("Lead partner"), [i for i in items if i[0].is_lead]),
            (_("Partners"), [i for i in items if not i[0].is_lead and not i[0].is_associate]),
            (_("Associate partners"), [i for i in items if i[0].is_associate]),
        ]
        return context


INDEX_MODELS = {Theme: ThemeIndexPage, Partner: PartnerIndexPage}


def index_model_for(model):
    return INDEX_MODELS[model]
