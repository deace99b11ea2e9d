"""Faceted browsing of the resource library, shared by the library page and every kind's index.

One implementation serves every listing: filters (kind, programme, theme, partner, country, region,
language, year) read from GET parameters so a filtered listing is a shareable address. Filters,
facet counts, the number of results and the order of the page shown are computed on the
in-memory index of the public library (``facet_index``); the database only loads the dozen
cards shown, so a listing runs the same two queries for 10 or 10,000 resources.

Counts follow the usual faceted-search rule: values of one facet are alternatives (OR), facets
combine (AND), and the count beside a value is the number of results the visitor would get by
ticking it, so each facet is counted with every filter but its own (hub.browse.facets).
"""

from django.core.paginator import Paginator
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ..caching import current_generation
from ..i18n import current_language, other_language
from ..memos import MISSING, memos
from ..prefetch import prefetched, with_renditions
from .facet_index import bit_string, get_index, hub_model, set_bits
from .facets import FacetCounts, kind_choices

FACET_NAMES = ["kind", "programme", "theme", "partner", "country", "region", "language", "year"]
SORTS = {"date": _("Newest first"), "title": _("Title (A to Z)")}
PER_PAGE = 12
# The resources of the cards shown, read once per content generation (ResourceListing.load):
# whole pages (a few KB each), so the most shown thousand per process.
_cards = memos(1_000)
# A hand-written address cannot make the database work harder than a form would.
MAX_VALUES_PER_FACET = 30


class _Cards:
    """The listing's results as a sequence for Paginator: its length is a bit count, and only
    the slice of the page shown is loaded (one query, plus one for the cards' themes)."""

    def __init__(self, listing):
        self.listing = listing

    def __len__(self):
        return self.listing.count()

    def __getitem__(self, window):
        return self.listing.load(self.listing.result_pks(window.start or 0, window.stop))


class ResourceListing(FacetCounts):
    """The resources of a listing page after the visitor's filters, with facets and a page.

    Filters, counts and the order of results come from the in-memory ``FacetIndex`` of the
    public library; the database only loads the cards of the page shown. ``results()`` gives
    the same resources as a queryset, for the feeds.
    """

    def __init__(self, request, kind=None, per_page=PER_PAGE):
        self.request = request
        self.kind = kind
        self.per_page = per_page
        self.selected = self._parse(request.GET)
        sort = request.GET.get("sort", "date")
        self.sort = sort if sort in SORTS else "date"
        # A bitmap of the resources this listing is limited to (the search page's matches).
        self.restrict = None
        self._masks = {}

    @cached_property
    def index(self):
        return get_index()

    @cached_property
    def through(self):
        ResourcePage = hub_model("ResourcePage")
        return {
            "theme": ResourcePage.themes.through,
            "partner": ResourcePage.partners.through,
            "place": ResourcePage.places.through,
            "programme": ResourcePage.programmes.through,
        }

    @cached_property
    def base(self):
        """The public resources of this listing as a queryset (feeds)."""
        base = hub_model("ResourcePage").objects.live().public()
        if self.kind:
            base = base.filter(kind=self.kind)
        return base

    # Parameters ---------------------------------------------------------------------------
    def _parse(self, params):
        kinds = {code for code, _label in kind_choices()}
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

    # Filtering with the index -------------------------------------------------------------
    def _value_bits(self, name, values):
        """The resources having any of ``values`` in facet ``name`` (values are alternatives)."""
        index = self.index
        if name == "kind":
            maps = [index.kinds.get(v, 0) for v in values]
        elif name == "programme":
            maps = [index.programme_bits.get(index.programme_ids.get(v), 0) for v in values]
        elif name == "theme":
            maps = [index.theme_bits.get(index.theme_ids.get(v), 0) for v in values]
        elif name == "partner":
            maps = [index.partner_bits.get(index.partner_ids.get(v), 0) for v in values]
        elif name == "country":
            maps = [index.countries.get(v, 0) for v in values]
        elif name == "region":
            maps = [index.place_bits.get(index.place_ids.get(v), 0) for v in values]
        elif name == "language":
            maps = [index.languages[v] for v in values]
        elif name == "year":
            maps = [index.years.get(str(int(v)), 0) for v in values]
        else:
            raise ValueError(name)
        bits = 0
        for value_bits in maps:
            bits |= value_bits
        return bits

    def mask(self, exclude=None):
        """The resources passing every filter but ``exclude``'s (all of them when None)."""
        if exclude not in self._masks:
            index = self.index
            bits = index.kinds.get(self.kind, 0) if self.kind else index.all
            if self.restrict is not None:
                bits &= self.restrict
            for name, values in self.selected.items():
                if values and name != exclude:
                    bits &= self._value_bits(name, values)
            self._masks[exclude] = bits
        return self._masks[exclude]

    def count(self):
        return self.mask().bit_count()

    def result_pks(self, start=0, stop=None):
        """Primary keys of the results ``start`` to ``stop`` in the listing's order."""
        index = self.index
        bits = self.mask()
        if stop is None:
            stop = index.size
        if self.sort == "title":
            chosen = bit_string(bits)
            size = len(chosen)
            positions, seen = [], 0
            for position in index.title_order(current_language()):
                if position < size and chosen[position] == "1":
                    if seen >= start:
                        positions.append(position)
                        if len(positions) >= stop - start:
                            break
                    seen += 1
        else:
            # Positions are numbered newest first: the order by date is the order of bits.
            positions = set_bits(bits, start, stop)
        return [index.pks[position] for position in positions]

    def keep(self, pks):
        """Those of ``pks`` that pass the filters, in the given order."""
        index = self.index
        chosen = bit_string(self.mask())
        size = len(chosen)
        kept = []
        for pk in pks:
            position = index.position.get(pk)
            if position is not None and position < size and chosen[position] == "1":
                kept.append(pk)
        return kept

    def load(self, pks):
        """The resources ``pks`` in that order, their themes from the index: each read once per
        content generation (one query for those not yet read), then shared by every listing
        that shows it, so read them, never change them."""
        if not pks:
            return []
        generation = current_generation()
        by_pk = {pk: _cards.peek(pk, generation) for pk in pks}
        missing = [pk for pk, resource in by_pk.items() if resource is MISSING]
        if missing:
            rows = hub_model("ResourcePage").objects.live().filter(pk__in=missing)
            for resource in with_renditions(list(rows.select_related("image"))):
                # The card reads the list itself; resource.themes.all() gets it as a finished
                # prefetch (what prefetch_related("themes") would leave), without a query.
                resource.card_themes = self.index.themes_of(resource.pk)
                prefetched(resource, "themes", resource.card_themes)
                _cards.remember(resource.pk, resource, generation)
                by_pk[resource.pk] = resource
        return [by_pk[pk] for pk in pks if by_pk[pk] is not MISSING]

    def page(self):
        """The current page of results; cards read ResourcePage's own fields, themes prefetched."""
        paginator = Paginator(_Cards(self), self.per_page)
        return paginator.get_page(self.request.GET.get("page"))

    # Filtering with SQL (feeds) -----------------------------------------------------------
    def _through_ids(self, key, **lookups):
        return self.through[key].objects.filter(**lookups).values("resourcepage_id")

    def _condition(self, name, values):
        if name == "kind":
            return Q(kind__in=values)
        if name == "programme":
            return Q(pk__in=self._through_ids("programme", programmepage__slug__in=values))
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
            lang = current_language()
            title = Lower(
                Coalesce(
                    NullIf(f"title_{lang}", Value("")), f"title_{other_language(lang)}", "title"
                )
            )
            return qs.order_by(title, "pk")
        return qs.order_by(F("date").desc(nulls_last=True), "-pk")

    def results(self):
        return self.ordered(self.filtered())

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


def page_range(page):
    """The page numbers to link: the first and last, two either side of the current one, and
    "…" between (a 10,000-resource library has 834 pages)."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
