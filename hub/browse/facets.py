"""The facets of a listing (type, programme, theme, partner, country, region, language, year)
and the count beside each value, worked out on the facet index's bitmaps (no query):
``FacetCounts``, the part of hub.browse.listing's ResourceListing that builds them.

A value's count is the number of results the visitor would get by ticking it: each facet is
counted with every filter but its own (``ResourceListing.mask``).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from ..i18n import current_language, other_language
from .facet_index import hub_model

FACET_LABELS = {
    "kind": _("Type"),
    "programme": _("Programme"),
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


def _label(obj, field_name):
    """An object's label in the current language, and the language it is really in."""
    lang = current_language()
    value = getattr(obj, f"{field_name}_{lang}", "") or ""
    if value:
        return value, ""
    other = getattr(obj, f"{field_name}_{other_language(lang)}", "") or ""
    return (other, other_language(lang)) if other else (getattr(obj, "slug", ""), "")


def kind_choices():
    return hub_model("ResourcePage")._meta.get_field("kind").choices


def country_choices():
    return hub_model("Place")._meta.get_field("country").choices


class FacetCounts:
    """Facets of a listing; reads its ``index``, ``kind``, ``selected`` and ``mask()``."""

    def facets(self):
        """Every facet with the count of each value, from the index (no query)."""
        index = self.index
        facets = []

        def counts(name, bits_by_value):
            others = self.mask(name)
            return {value: (bits & others).bit_count() for value, bits in bits_by_value.items()}

        if not self.kind:
            found = counts("kind", index.kinds)
            facets.append(
                self._facet(
                    "kind",
                    [(code, label, found.get(code, 0), "") for code, label in kind_choices()],
                )
            )

        facets.append(
            self._named_facet("programme", index.programmes, index.programme_bits, sort=False)
        )
        facets.append(self._named_facet("theme", index.themes, index.theme_bits))
        facets.append(self._named_facet("partner", index.partners, index.partner_bits))

        found = counts("country", index.countries)
        facets.append(
            self._facet(
                "country",
                [(code, label, found.get(code, 0), "") for code, label in country_choices()],
            )
        )

        # Regions are the places named in the visitor's language (as Place.objects.exclude(
        # name="") selects them); a place named in neither is a whole country.
        lang = current_language()
        regions = [place for place in index.places if getattr(place, f"name_{lang}") != ""]
        facets.append(self._named_facet("region", regions, index.place_bits))

        found = counts("language", index.languages)
        facets.append(
            self._facet(
                "language",
                [("en", "English", found["en"], "en"), ("fr", "Français", found["fr"], "fr")],
            )
        )

        years = {year: n for year, n in counts("year", index.years).items() if n}
        for value in self.selected["year"]:
            years.setdefault(value, 0)
        facets.append(
            self._facet(
                "year",
                [(y, y, n, "") for y, n in sorted(years.items(), reverse=True)],
            )
        )
        return facets

    def _named_facet(self, name, items, bits_by_pk, sort=True):
        """A facet over snippets with a slug and a translated name (themes, partners, regions);
        programmes keep the order of their index."""
        others = self.mask(name)
        values = []
        for item in items:
            label, lang = _label(item, "name")
            count = (bits_by_pk.get(item.pk, 0) & others).bit_count()
            values.append((item.slug, label, count, lang))
        if sort:
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
