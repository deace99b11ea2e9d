"""The impact page across programmes: indicators added up per theme, region and kind, only where
the units agree (never across currencies, never percentages), each total linked to the
programmes and sources it comes from."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from hub.i18n import translated

from .money import format_value

# Percentages (and "other") are not added up: a sum of shares means nothing.
NOT_ADDED = {"percent", "other"}


@dataclass
class Total:
    group: str
    unit: str
    unit_label: str
    kind: str
    value: Decimal = Decimal(0)
    sources: list = field(default_factory=list)  # (programme, indicator)

    @property
    def display(self):
        return format_value(self.value, self.unit)

    @property
    def programmes(self):
        seen = {}
        for programme, _indicator in self.sources:
            seen.setdefault(programme.pk, programme)
        return list(seen.values())


def _add(found, group, indicator, programme):
    key = (group, indicator.unit, indicator.kind)
    total = found.get(key)
    if total is None:
        total = found[key] = Total(
            group, indicator.unit, indicator.get_unit_display(), indicator.get_kind_display()
        )
    total.value += indicator.value
    total.sources.append((programme, indicator))


def impact_context(programmes, rows):
    """The impact page's tables from ``programmes`` ({pk: live programme}) and ``rows``
    ((programme, indicator) pairs, ImpactPage.indicator_sources)."""
    by_theme, by_region, by_kind = {}, {}, {}
    for programme, indicator in rows:
        if indicator.theme_id:
            _add(by_theme, str(translated(indicator.theme, "name")), indicator, programme)
        place = indicator.place
        if place is None:
            place_names = {str(p) for p in programme.places.all()}
            region = ", ".join(sorted(place_names)) if len(place_names) == 1 else ""
        else:
            region = str(place)
        if region:
            _add(by_region, region, indicator, programme)
        _add(by_kind, indicator.get_kind_display(), indicator, programme)

    def ordered(found):
        return sorted(found.values(), key=lambda t: (t.group, t.unit, t.kind))

    return {
        "programmes": list(programmes.values()),
        "impact_tables": [
            ("theme", _("By theme"), ordered(by_theme)),
            ("region", _("By region"), ordered(by_region)),
            ("kind", _("By kind of indicator"), ordered(by_kind)),
        ],
        "indicator_count": len(rows),
    }
