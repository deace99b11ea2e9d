"""What the programme pages show, worked out from the records: key figures, charts with their
tables, funding per currency, the timeline and the programme's resources.

The pages call these (``get_context``), so nothing here imports programmes.models: the pages
hand over the programmes (``programmes.models.live_programmes``) and their parts."""

from django.db.models import prefetch_related_objects
from django.utils import translation
from django.utils.translation import gettext as _

from hub.i18n import current_language, translated
from hub.typography import typeset
from hub.visibility import public

from .charts import Chart, Row
from .mapping import programme_map
from .money import MONEY_UNITS, format_money, format_value, totals

KEY_FIGURES = 6
RESOURCES_SHOWN = 6


def text(obj, field):
    return str(translated(obj, field))


def programme_cards(programmes):
    """The index's cards: each of ``programmes`` (the live ones) with its dates, budget, lead
    partner and key figures (three queries whatever the number of programmes)."""
    programmes = list(programmes)
    prefetch_related_objects(programmes, "indicators", "partners")
    return [(p, key_figures(list(p.indicators.all()), 3)) for p in programmes]


def key_figures(indicators, limit=KEY_FIGURES):
    chosen = [i for i in indicators if i.key_figure and i.value is not None]
    return (chosen or [i for i in indicators if i.value is not None])[:limit]


def _indicator_label(indicator, with_partner=False):
    label = text(indicator, "label")
    if with_partner and indicator.partner_id:
        return typeset(f"{text(indicator.partner, 'name')}: {label}", current_language())
    return label


def unit_charts(programme, indicators, slug=None, name=None, with_partner=True):
    """One chart per unit holding two or more achieved values (people, businesses, euros,
    percentages...): bars of one chart always share their unit. ``programme`` is whatever
    owns the figures (a programme, a resource page): ``slug`` and ``name`` default to its."""
    slug = slug or f"chart-{programme.pk}"
    name = name or programme.short_name
    groups = {}
    for indicator in indicators:
        if indicator.value is not None:
            groups.setdefault(indicator.unit, []).append(indicator)
    charts = []
    for unit, found in groups.items():
        if len(found) < 2:
            continue
        unit_name = found[0].unit_label() if unit == "other" else found[0].get_unit_display()
        if unit == "other" and len({i.unit_label() for i in found}) > 1:
            continue  # "other" things that differ ("shop units", "visitors") share no axis
        rows = [
            Row(
                label=_indicator_label(i, with_partner=with_partner),
                value=float(i.value),
                display=i.display_value,
                note=place_name(i),
            )
            for i in found
        ]
        charts.append(
            Chart(
                slug=f"{slug}-{unit.lower()}",
                title=_("%(programme)s: figures in %(unit)s")
                % {"programme": name, "unit": unit_name},
                description=_("Bar chart of %(count)d figures counted in %(unit)s.")
                % {"count": len(rows), "unit": unit_name},
                rows=rows,
                value_heading=_("Value"),
                percent_axis=unit == "percent",
            )
        )
    return charts


def target_chart(programme, indicators, slug=None, name=None, with_partner=True):
    """Achieved against target, as a share of each target (so that units may differ). A target
    below its baseline (fewer empty shops) is not a share to fill: left to the table."""
    slug = slug or f"chart-{programme.pk}"
    name = name or programme.short_name
    found = [
        i
        for i in indicators
        if i.target and i.value is not None and (i.baseline is None or i.target >= i.baseline)
    ]
    if not found:
        return None
    rows = [
        Row(
            label=_indicator_label(i, with_partner=with_partner),
            value=float(i.share_of_target),
            display=_("%(value)s of %(target)s (%(share)s)")
            % {
                "value": i.display_value,
                "target": i.display_target,
                "share": format_value(i.share_of_target, "percent"),
            },
            target=100.0,
            target_display=i.display_target,
        )
        for i in found
    ]
    return Chart(
        slug=f"{slug}-targets",
        title=_("%(programme)s: achieved against target") % {"programme": name},
        description=_(
            "Each bar is what was achieved as a share of its target; the mark is the target."
        ),
        rows=rows,
        value_heading=_("Achieved"),
        percent_axis=True,
    )


def funding_charts(programme, funders):
    """Funding by funder, one chart per currency (a sum across currencies is never drawn)."""
    charts = []
    by_currency = {}
    for funder in funders:
        if funder.amount is not None:
            by_currency.setdefault(funder.currency, []).append(funder)
    for currency, found in by_currency.items():
        if len(found) < 2:
            continue
        charts.append(
            Chart(
                slug=f"chart-{programme.pk}-funding-{currency.lower()}",
                title=_("%(programme)s: funding by funder (%(currency)s)")
                % {"programme": programme.short_name, "currency": currency},
                description=_("Bar chart of the amounts given by each funder, in %(currency)s.")
                % {"currency": currency},
                rows=[
                    Row(label=text(f, "name"), value=float(f.amount), display=f.display_amount)
                    for f in found
                ],
                value_heading=_("Amount"),
            )
        )
    return charts


def place_name(indicator):
    return str(indicator.place) if indicator.place_id else ""


def funding_totals(funders):
    """The funders' amounts added up per currency: {currency: formatted total}."""
    found = totals((f.currency, f.amount) for f in funders)
    return [(currency, format_money(amount, currency)) for currency, amount in found.items()]


def timeline(programme, resources):
    """The programme's start and end, its workshops and its publications, in date order."""
    events = []
    if programme.start_date:
        events.append((programme.start_date, "start", _("The programme starts"), None))
    for resource in resources:
        if resource.date:
            events.append((resource.date, resource.kind, text(resource, "title"), resource))
    if programme.end_date:
        events.append((programme.end_date, "end", _("The programme ends"), None))
    events.sort(key=lambda event: (event[0], event[1] != "start"))
    return [
        {"date": date, "kind": kind, "label": label, "resource": resource}
        for date, kind, label, resource in events
    ]


TIMELINE_KINDS = ("workshop_record", "publication")
TIMELINE_SHOWN = 40


def programme_resources(programme):
    """The programme's public resources, newest first: the queryset, unevaluated."""
    from hub.models import ResourcePage

    return (
        public(ResourcePage.objects.live())
        .filter(programmes=programme)
        .order_by("-date", "-pk")
        .select_related("image")
    )


def prefetch(programme):
    """The programme's parts, once, for the template and the JSON-LD (the lead partner from
    the partners remembered per content generation)."""
    from hub.memos import remembered
    from hub.models import Partner

    prefetch_related_objects(
        [programme], "funders", "strands", "partners", "places", "themes", "contacts__partner"
    )
    if programme.lead_partner_id:
        lead = next((p for p in remembered(Partner) if p.pk == programme.lead_partner_id), None)
        if lead is not None:
            programme.lead_partner = lead


def programme_context(programme, request):
    prefetch(programme)
    indicators = list(
        programme.indicators.select_related("partner", "place", "theme", "source_document")
    )
    funders = list(programme.funders.all())
    resources = programme_resources(programme)
    # The timeline's workshops and publications, oldest first, a bounded number of them.
    dated = list(resources.filter(kind__in=TIMELINE_KINDS, date__isnull=False)[:TIMELINE_SHOWN])
    charts = unit_charts(programme, indicators)
    targets = target_chart(programme, indicators)
    if targets:
        charts.insert(0, targets)
    charts += funding_charts(programme, funders)
    lang = (translation.get_language() or "en")[:2]
    partners = programme.all_partners()
    return {
        "indicators": indicators,
        "key_figures": key_figures(indicators),
        "funders": funders,
        "funding_totals": funding_totals(funders),
        # A total is shown only when every funder's amount is known (and in one currency).
        "funding_complete": all(f.amount is not None for f in funders),
        "strands": list(programme.strands.all()),
        "contacts": list(programme.contacts.all()),
        "programme_partners": partners,
        "programme_map": programme_map(programme, partners, programme.places.all()),
        "charts": charts,
        "timeline": timeline(programme, dated),
        "programme_resources": list(resources[:RESOURCES_SHOWN]),
        "resource_count": resources.count(),
        "library_query": f"programme={programme.slug}",
        "money_units": MONEY_UNITS,
        "lang": lang,
    }


def resource_figures_context(page, indicators):
    """What a case study or a town-centre plan shows of its figures (``indicators``, the
    page's records): the figures, and charts where two or more share a unit or have targets.
    """
    name = page.chart_name()
    slug = f"chart-r{page.pk or 0}"
    # A resource's figures are its own partner's: the name would only repeat on every bar.
    charts = unit_charts(page, indicators, slug=slug, name=name, with_partner=False)
    targets = target_chart(page, indicators, slug=slug, name=name, with_partner=False)
    # One bar says no more than the table: a chart only where it compares.
    if targets and len(targets.rows) > 1:
        charts.insert(0, targets)
    return {
        "figures": indicators,
        "figure_charts": charts,
        "figures_heading": page.figures_heading,
    }
