"""The public library held in memory for faceted browsing: one bitmap per facet value.

Every listing (the library, each kind's index, the search page's facets) filters and counts
the same few thousand public resources on seven facets. Asking the database for that costs
six aggregate queries over every resource on each request; here the facts the facets need are
read once (a handful of queries) and kept in this process as Python integers used as bitmaps:
bit ``i`` stands for the ``i``-th public resource, newest first. A filter is an OR of the
chosen values' bitmaps, filters combine with AND, and a facet count is
``(value & others).bit_count()``: microseconds for 10,000 resources.

The index is rebuilt after any content change: it is kept under the content generation of
``hub.caching`` (replaced, across processes sharing the cache, whenever a page is published,
unpublished, moved or deleted, a view restriction or a snippet is saved), read once per
request, and at most ``MEMO_SECONDS`` old (processes that do not share the cache). What it
holds is exactly what ``ResourcePage.objects.live().public()`` returns.

Only what is needed to pick, count and order is kept, plus the themes (small, and shown on
every card): the page of cards shown is then loaded from the database by primary key.
"""

import threading

from django.apps import apps
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils import translation

from ..i18n import other_language
from ..memos import memos, remembered


def hub_model(name):
    """A model of the hub from the app registry. The pages that list resources (hub.models)
    use this engine, so the engine does not import the models back: imports go one way,
    models above helpers and this engine, views above both."""
    return apps.get_model("hub", name)


def title_in(lang):
    """The title a visitor reads in ``lang`` (else the other language's), lower-cased: what
    listings sort on, in the database and in the index alike."""
    other = f"title_{other_language(lang)}"
    return Lower(Coalesce(NullIf(f"title_{lang}", Value("")), other, "title"))


def bitmap(positions, size):
    """An integer with the given bit positions set."""
    data = bytearray((size + 7) // 8)
    for position in positions:
        data[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(data, "little")


def set_bits(bits, start, stop):
    """Positions of the set bits ranked ``start`` to ``stop - 1`` (lowest position first)."""
    offset = 0
    if start > 0:
        # The lowest cut with ``start`` set bits under it: every earlier result is skipped
        # with a few popcounts instead of a walk over them.
        low, high = 0, bits.bit_length()
        while low < high:
            middle = (low + high) // 2
            if (bits & ((1 << middle) - 1)).bit_count() >= start:
                high = middle
            else:
                low = middle + 1
        bits >>= low
        offset = low
    positions = []
    while bits and len(positions) < stop - start:
        lowest = (bits & -bits).bit_length() - 1
        positions.append(offset + lowest)
        bits >>= lowest + 1
        offset += lowest + 1
    return positions


def bit_string(bits):
    """The bits as a string of "0"/"1", position ``i`` at index ``i`` (membership tests)."""
    return format(bits, "b")[::-1]


class Named:
    """A theme, partner or place: its id, slug, names and (places) country."""

    __slots__ = ("pk", "slug", "name_en", "name_fr", "country")

    def __init__(self, pk, slug, name_en, name_fr, country=""):
        self.pk, self.slug, self.name_en, self.name_fr = pk, slug, name_en, name_fr
        self.country = country


class FacetIndex:
    """Bitmaps of the live, public resources by kind, programme, theme, partner, place,
    language and year."""

    def __init__(self):
        ResourcePage, Theme = hub_model("ResourcePage"), hub_model("Theme")
        Partner, Place = hub_model("Partner"), hub_model("Place")
        rows = list(
            ResourcePage.objects.live()
            .public()
            .order_by(F("date").desc(nulls_last=True), "-pk")
            .values_list("pk", "kind", "date", "in_english", "in_french")
        )
        self.size = size = len(rows)
        self.pks = [row[0] for row in rows]
        self.position = {pk: i for i, pk in enumerate(self.pks)}
        self.all = (1 << size) - 1

        def group(pairs):
            positions = {}
            for key, position in pairs:
                positions.setdefault(key, []).append(position)
            return {key: bitmap(found, size) for key, found in positions.items()}

        self.kinds = group((row[1], i) for i, row in enumerate(rows))
        self.years = group((str(row[2].year), i) for i, row in enumerate(rows) if row[2])
        self.languages = {
            "en": bitmap((i for i, row in enumerate(rows) if row[3]), size),
            "fr": bitmap((i for i, row in enumerate(rows) if row[4]), size),
        }

        def links(field, target):
            """(taxonomy id, position) of the public resources' links in a through table."""
            through = getattr(ResourcePage, field).through
            position = self.position
            pairs = through.objects.values_list(target, "resourcepage_id")
            return [(key, position[pk]) for key, pk in pairs if pk in position]

        # Whole Theme objects (in their model's order), for the cards' lists of themes.
        self.theme_objects = remembered(Theme)
        self.themes = [Named(t.pk, t.slug, t.name_en, t.name_fr) for t in self.theme_objects]
        self.partners = [Named(*row) for row in Partner.objects.values_list(*_NAMES)]
        self.places = [Named(*row) for row in Place.objects.values_list(*_NAMES, "country")]
        theme_links = links("themes", "theme_id")
        self.theme_bits = group(theme_links)
        self._themes_at = {}
        for theme_id, position in theme_links:
            self._themes_at.setdefault(position, set()).add(theme_id)
        partner_links = links("partners", "partner_id")
        place_links = links("places", "place_id")
        self.partner_bits = group(partner_links)
        self.place_bits = group(place_links)
        # What each resource is filed under, for its closest neighbours (hub.browse.related).
        self._partners_at, self._places_at = {}, {}
        for found, pairs in ((self._partners_at, partner_links), (self._places_at, place_links)):
            for key, position in pairs:
                found.setdefault(position, set()).add(key)
        # Programmes (live ones), named by their acronym, else their title. The page model is
        # the one ResourcePage.programmes points to (programmes imports hub, not the reverse).
        ProgrammePage = ResourcePage._meta.get_field("programmes").related_model
        self.programmes = [
            Named(pk, slug, acronym or title_en, acronym or title_fr or title_en)
            for pk, slug, acronym, title_en, title_fr in ProgrammePage.objects.live()
            .order_by("path")
            .values_list("pk", "slug", "acronym", "title_en", "title_fr")
        ]
        self.programme_bits = group(links("programmes", "programmepage_id"))
        self.programme_ids = {item.slug: item.pk for item in self.programmes}
        self.theme_ids = {item.slug: item.pk for item in self.themes}
        self.partner_ids = {item.slug: item.pk for item in self.partners}
        self.place_ids = {item.slug: item.pk for item in self.places}
        self.countries = {}
        for place in self.places:
            bits = self.place_bits.get(place.pk, 0)
            self.countries[place.country] = self.countries.get(place.country, 0) | bits
        self._title_orders = {}
        self._lock = threading.Lock()

    def themes_of(self, pk):
        """The Theme objects of resource ``pk``, in Theme's own order (as a prefetch gives
        them). They are shared between requests: read them, never change them."""
        position = self.position.get(pk)
        chosen = self._themes_at.get(position, ())
        return [theme for theme in self.theme_objects if theme.pk in chosen]

    def filed_under(self, pk):
        """(theme ids, partner ids, place ids) of public resource ``pk`` (empty if not one)."""
        position = self.position.get(pk)
        return (
            self._themes_at.get(position, set()),
            self._partners_at.get(position, set()),
            self._places_at.get(position, set()),
        )

    def bits_of(self, pks):
        """The bitmap of those of ``pks`` that are public resources."""
        position = self.position
        return bitmap((position[pk] for pk in pks if pk in position), self.size)

    def title_order(self, lang):
        """Positions sorted by title in ``lang`` (else the other language), as the database
        collates them, so that the order is the one an ORDER BY on the titles gives."""
        order = self._title_orders.get(lang)
        if order is None:
            title = Lower(
                Coalesce(
                    NullIf(f"title_{lang}", Value("")), f"title_{other_language(lang)}", "title"
                )
            )
            with translation.override(lang):
                pks = (
                    hub_model("ResourcePage")
                    .objects.order_by(title, "pk")
                    .values_list("pk", flat=True)
                )
                position = self.position
                order = [position[pk] for pk in pks if pk in position]
            with self._lock:
                self._title_orders[lang] = order
        return order


_NAMES = ("pk", "slug", "name_en", "name_fr")
# One index per database (tests and the benchmark switch databases in one process).
_indexes = memos(4)


def get_index():
    """The index of the current content generation, built on first use in this process (and
    at most ``MEMO_SECONDS`` old, as every memo of hub.caching)."""
    return _indexes.memo((connection.alias, connection.settings_dict.get("NAME")), FacetIndex)


def reset():
    """Forget the index (tests that roll back their rows without any signal)."""
    _indexes.clear()
