"""Faceted browsing of the resource library, shared by the library page and every kind's index.

One implementation serves every listing: filters (kind, theme, partner, country, region,
language, year) read from GET parameters so a filtered listing is a shareable address; each
facet's counts come from one aggregate query over ResourcePage's single table, so a listing
runs the same number of queries for 10 or 10,000 resources.

Counts follow the usual faceted-search rule: values of one facet are alternatives (OR), facets
combine (AND), and the count beside a value is the number of results the visitor would get by
ticking it, so each facet is counted with every filter but its own.
"""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, F, Q, Value
from django.db.models.functions import Coalesce, ExtractYear, Lower, NullIf
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

FACET_NAMES = ["kind", "theme", "partner", "country", "region", "language", "year"]
SORTS = {"date": _("Newest first"), "title": _("Title (A to Z)")}
PER_PAGE = 12
# A hand-written address cannot make the database work harder than a form would.
MAX_VALUES_PER_FACET = 30

FACET_LABELS = {
    "kind": _("Type"),
    "theme": _("Theme"),
    "partner": _("Partner"),
    "country": _("Country"),
    "region": _("Region"),
    "language": _("Language"),
    "year": _("Year"),
}


@dataclass
class FacetValue:
    value: str
    label: object
    count: int
    selected: bool
    lang: str = ""  # set when the label is shown in the other language


@dataclass
class Facet:
    name: str
    label: object
    values: list = field(default_factory=list)

    @property
    def selected(self):
        return [v for v in self.values if v.selected]


def _lang():
    return (translation.get_language() or "en")[:2]


def _other(code):
    return "fr" if code == "en" else "en"


def _label(obj, field_name):
    """An object's label in the current language, and the language it is really in."""
    lang = _lang()
    value = getattr(obj, f"{field_name}_{lang}", "") or ""
    if value:
        return value, ""
    other = getattr(obj, f"{field_name}_{_other(lang)}", "") or ""
    return (other, _other(lang)) if other else (getattr(obj, "slug", ""), "")


class ResourceListing:
    """The resources of a listing page after the visitor's filters, with facets and a page."""

    def __init__(self, request, kind=None, per_page=PER_PAGE):
        from ..models import ResourcePage

        self.request = request
        self.kind = kind
        self.per_page = per_page
        base = ResourcePage.objects.live().public()
        if kind:
            base = base.filter(kind=kind)
        # Evaluate the (one-query) privacy rules once; every facet reuses this queryset.
        self.base = base
        self.through = {
            "theme": ResourcePage.themes.through,
            "partner": ResourcePage.partners.through,
            "place": ResourcePage.places.through,
        }
        self.selected = self._parse(request.GET)
        sort = request.GET.get("sort", "date")
        self.sort = sort if sort in SORTS else "date"

    # Parameters ---------------------------------------------------------------------------
    def _parse(self, params):
        from ..models.resources import KIND_CHOICES

        kinds = {code for code, _label in KIND_CHOICES}
        selected = {}
        for name in FACET_NAMES:
            values = [v.strip() for v in params.getlist(name) if v.strip()][:MAX_VALUES_PER_FACET]
            if name == "kind":
                values = [v for v in values if v in kinds]
            elif name == "language":
                values = [v for v in values if v in ("en", "fr")]
            elif name == "year":
                values = [v for v in values if v.isdigit() and len(v) == 4]
            elif name == "country":
                values = [v.upper() for v in values if len(v) == 2 and v.isalpha()]
            else:
                values = [v[:80] for v in values]
            selected[name] = list(dict.fromkeys(values))
        if self.kind:
            selected["kind"] = []
        return selected

    @property
    def is_filtered(self):
        return any(self.selected.values())

    # Filtering ----------------------------------------------------------------------------
    def _through_ids(self, key, **lookups):
        return self.through[key].objects.filter(**lookups).values("resourcepage_id")

    def _condition(self, name, values):
        if name == "kind":
            return Q(kind__in=values)
        if name == "theme":
            return Q(pk__in=self._through_ids("theme", theme__slug__in=values))
        if name == "partner":
            return Q(pk__in=self._through_ids("partner", partner__slug__in=values))
        if name == "country":
            return Q(pk__in=self._through_ids("place", place__country__in=values))
        if name == "region":
            return Q(pk__in=self._through_ids("place", place__slug__in=values))
        if name == "language":
            q = Q()
            for code in values:
                q |= Q(**{"in_english" if code == "en" else "in_french": True})
            return q
        if name == "year":
            return Q(date__year__in=[int(v) for v in values])
        raise ValueError(name)

    def filtered(self, exclude=None):
        qs = self.base
        for name, values in self.selected.items():
            if values and name != exclude:
                qs = qs.filter(self._condition(name, values))
        return qs

    def ordered(self, qs):
        if self.sort == "title":
            lang = _lang()
            title = Lower(
                Coalesce(NullIf(f"title_{lang}", Value("")), f"title_{_other(lang)}", "title")
            )
            return qs.order_by(title, "pk")
        return qs.order_by(F("date").desc(nulls_last=True), "-pk")

    def results(self):
        return self.ordered(self.filtered())

    def page(self):
        """The current page of results; cards read ResourcePage's own fields, themes prefetched."""
        qs = self.results().prefetch_related("themes")
        paginator = Paginator(qs, self.per_page)
        return paginator.get_page(self.request.GET.get("page"))

    # Facets -------------------------------------------------------------------------------
    def facets(self):
        from ..models import Partner, Place, Theme
        from ..models.resources import KIND_CHOICES
        from ..models.taxonomy import COUNTRY_CHOICES

        facets = []
        sel = self.selected

        scalar = self._scalar_counts()
        if not self.kind:
            counts = scalar["kind"]
            facets.append(
                self._facet(
                    "kind",
                    [(code, label, counts.get(code, 0), "") for code, label in KIND_CHOICES],
                )
            )

        facets.append(self._named_facet("theme", Theme.objects.all()))
        facets.append(self._named_facet("partner", Partner.objects.all()))

        ids = self.filtered("country").values("pk")
        counts = {
            row["place__country"]: row["n"]
            for row in self.through["place"]
            .objects.filter(resourcepage_id__in=ids)
            .order_by()
            .values("place__country")
            .annotate(n=Count("resourcepage_id", distinct=True))
        }
        facets.append(
            self._facet(
                "country",
                [(code, label, counts.get(code, 0), "") for code, label in COUNTRY_CHOICES],
            )
        )

        facets.append(self._named_facet("region", Place.objects.exclude(name="")))

        agg = scalar["language"]
        facets.append(
            self._facet(
                "language",
                [("en", "English", agg["en"], "en"), ("fr", "Français", agg["fr"], "fr")],
            )
        )

        years = dict(scalar["year"])
        for value in sel["year"]:
            years.setdefault(value, 0)
        facets.append(
            self._facet(
                "year",
                [(y, y, n, "") for y, n in sorted(years.items(), reverse=True)],
            )
        )
        return facets

    def _except(self, exclude):
        """The visitor's filters but one, as a condition (empty when there are none)."""
        condition = Q()
        for name, values in self.selected.items():
            if values and name != exclude:
                condition &= self._condition(name, values)
        return condition

    def _scalar_counts(self):
        """Kind, language and year counts in one query: each counted with every filter but its
        own, grouped by kind and year, then summed."""

        def count(condition):
            return Count("pk", filter=condition) if condition else Count("pk")

        rows = (
            self.base.order_by()
            .annotate(year=ExtractYear("date"))
            .values("kind", "year")
            .annotate(
                n_kind=count(self._except("kind")),
                n_en=count(self._except("language") & Q(in_english=True)),
                n_fr=count(self._except("language") & Q(in_french=True)),
                n_year=count(self._except("year")),
            )
        )
        kinds, years = {}, {}
        language = {"en": 0, "fr": 0}
        for row in rows:
            if row["n_kind"]:
                kinds[row["kind"]] = kinds.get(row["kind"], 0) + row["n_kind"]
            language["en"] += row["n_en"]
            language["fr"] += row["n_fr"]
            if row["year"] is not None and row["n_year"]:
                key = str(row["year"])
                years[key] = years.get(key, 0) + row["n_year"]
        return {"kind": kinds, "language": language, "year": years}

    def _named_facet(self, name, queryset):
        """A facet over snippets with a slug and a translated name (themes, partners, regions)."""
        ids = self.filtered(name).values("pk")
        rows = queryset.annotate(
            n=Count("resourcepage", filter=Q(resourcepage__in=ids), distinct=True)
        )
        values = []
        for obj in rows:
            label, lang = _label(obj, "name")
            values.append((obj.slug, label, obj.n, lang))
        values.sort(key=lambda v: str(v[1]).lower())
        return self._facet(name, values)

    def _facet(self, name, values):
        chosen = set(self.selected[name])
        facet = Facet(name=name, label=FACET_LABELS[name])
        for value, label, count, lang in values:
            if count or value in chosen:
                # The language facet names each language in itself; others carry a lang only
                # when the label fell back to the other language.
                facet.values.append(
                    FacetValue(str(value), label, count, str(value) in chosen, lang)
                )
        return facet

    # Addresses ----------------------------------------------------------------------------
    def query_items(self, drop=None):
        """The current filters as (name, value) pairs, optionally without one of them."""
        items = []
        for name in FACET_NAMES:
            for value in self.selected[name]:
                if (name, value) != drop:
                    items.append((name, value))
        if self.sort != "date":
            items.append(("sort", self.sort))
        return items

    def querystring(self, drop=None):
        from urllib.parse import urlencode

        return urlencode(self.query_items(drop))

    def active_filters(self, facets):
        """Each chosen value with the address that removes it (for the 'clear' links)."""
        active = []
        for facet in facets:
            for value in facet.selected:
                qs = self.querystring(drop=(facet.name, value.value))
                active.append({"facet": facet, "value": value, "query": qs})
        return active


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
                "active_filters": listing.active_filters(facets),
                "sorts": SORTS,
                "feed_query": listing.querystring(),
            }
        )
        return context

    @path("feed/")
    def feed(self, request):
        from .feeds import listing_feed

        return listing_feed(self, request)
