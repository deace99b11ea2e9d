"""What a programme's map shows, worked out from its records: its partners (the lead first) and
its places, numbered in that order, and the same list as the table beside the map.

A partner or region with a location is a numbered marker; a country is shaded; one without a
location is listed in the table only, and the map says how many are not on it. Like
programmes.services, nothing here imports programmes.models: the page hands over its partners
and places (prefetched, so the map costs no query).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hub.i18n import translated

from .maps import Map, Marker, covers, land


@dataclass
class MapRow:
    kind: str  # "lead", "partner", "region" or "country"
    record: object  # the Partner or the Place
    where: str
    number: int | None = None  # the marker's number, when it is drawn
    shaded: bool = False  # a country shaded on the map
    programmes: list = field(default_factory=list)  # on the index: the partner's programmes

    @property
    def is_partner(self):
        return self.kind in ("lead", "partner")

    @property
    def kind_label(self):
        return {
            "lead": _("Lead partner"),
            "partner": _("Partner"),
            "region": _("Region"),
            "country": _("Country"),
        }[self.kind]

    @property
    def on_map(self):
        return self.number is not None or self.shaded


def _text(record, name):
    return str(translated(record, name))


def _partner_where(partner):
    region = _text(partner, "region")
    country = str(partner.get_country_display())
    return f"{region}, {country}" if region and region != country else country


def map_rows(partners, lead_id, places):
    """The rows of the table, in the order of the markers' numbers, and the map's markers."""
    rows, markers = [], []

    def located(row, kind, label, record):
        if record.has_location and covers(record.latitude, record.longitude):
            row.number = len(markers) + 1
            markers.append(
                Marker(row.number, kind, label, float(record.latitude), float(record.longitude))
            )
        rows.append(row)

    for partner in partners:
        kind = "lead" if partner.pk == lead_id else "partner"
        row = MapRow(kind, partner, _partner_where(partner))
        located(row, "partner", _text(partner, "name"), partner)
    countries = set(land())
    for place in places:
        country = str(place.get_country_display())
        if place.name:
            located(MapRow("region", place, country), "place", _text(place, "name"), place)
        else:
            rows.append(MapRow("country", place, "", shaded=place.country in countries))
    return rows, markers


def _figure(slug, title, intro, rows, markers):
    """The Map of ``rows``, or None when there is nothing to draw (no location, no country)."""
    shaded = [row for row in rows if row.shaded]
    unlocated = [row for row in rows if not row.on_map]
    if not (markers or shaded):
        return None
    parts = [intro]
    if shaded:
        parts.append(
            _("Shaded: %(countries)s.")
            % {"countries": ", ".join(str(r.record.get_country_display()) for r in shaded)}
        )
    if unlocated:
        parts.append(
            ngettext(
                "%(count)d is not on the map (no location given, or outside it): see the table.",
                "%(count)d are not on the map (no location given, or outside it): see the table.",
                len(unlocated),
            )
            % {"count": len(unlocated)}
        )
    return Map(
        slug=slug,
        title=title,
        description=" ".join(parts),
        markers=markers,
        shaded=frozenset(r.record.country for r in shaded),
    )


def _result(figure, rows, by_programme=False):
    return {
        "figure": figure,
        "rows": rows,
        "unlocated": [row for row in rows if not row.on_map],
        "by_programme": by_programme,
    }


def programme_map(programme, partners, places):
    """{"figure": the Map or None, "rows": [MapRow], "unlocated": [MapRow]}, or None when the
    programme names neither a partner nor a place."""
    rows, markers = map_rows(partners, programme.lead_partner_id, places)
    if not rows:
        return None
    name = programme.short_name
    figure = _figure(
        f"map-{programme.pk}",
        _("%(programme)s: partners and places") % {"programme": name},
        _(
            "Map of the partners and places of %(programme)s, on the coasts and borders of "
            "France, the United Kingdom and their neighbours. Circles are partners and "
            "squares are regions, numbered as in the table with the map."
        )
        % {"programme": name},
        rows,
        markers,
    )
    return _result(figure, rows)


def index_map(programmes):
    """Every programme's partners on one map, each partner once with the programmes it took
    part in (the programmes' partners prefetched: no query)."""
    partners, taken_part = {}, {}
    for programme in programmes:
        for partner in programme.all_partners():
            partners.setdefault(partner.pk, partner)
            taken_part.setdefault(partner.pk, []).append(programme)
    rows, markers = map_rows(list(partners.values()), None, [])
    if not rows:
        return None
    for row in rows:
        row.programmes = taken_part[row.record.pk]
    figure = _figure(
        "map-programmes",
        _("The programmes' partners"),
        _(
            "Map of the partners of the programmes, on the coasts and borders of France, the "
            "United Kingdom and their neighbours. Each circle is a partner, numbered as in the "
            "table with the map."
        ),
        rows,
        markers,
    )
    return _result(figure, rows, by_programme=True)
