"""Programmes side by side (``/en/programmes/compare/?p=c-care&p=cantal-solidarity-pact``).

One column per chosen programme, one row per fact or per unit of indicator: a row only ever
holds figures of one unit, so what sits side by side is comparable. Money stays in its
currency: budgets and funding have a row per currency and nothing is added across currencies
(within one programme, funders' amounts in one currency are added only when all are known).
Indicators are listed, never added: two figures in people may count different people.
"""

from django.db.models import prefetch_related_objects
from django.shortcuts import render
from django.utils.translation import gettext as _

from .models import live_programmes
from .money import MONEY_UNITS, UNIT_CHOICES, format_money

MAX_COMPARED = 4
UNIT_ORDER = [code for code, _label in UNIT_CHOICES]
UNIT_LABELS = dict(UNIT_CHOICES)


def chosen(programmes, slugs):
    """The programmes named in ``?p=``, in the order asked, each once, at most four."""
    by_slug = {programme.slug: programme for programme in programmes}
    picked = []
    for slug in slugs:
        programme = by_slug.get(slug)
        if programme is not None and programme not in picked:
            picked.append(programme)
    return picked[:MAX_COMPARED]


def _funding(programme, currency):
    amounts = [f.amount for f in programme.funders.all() if f.currency == currency]
    if not amounts:
        return ""
    if any(amount is None for amount in amounts):
        return _("not all amounts known")
    return format_money(sum(amounts), currency)


def fact_rows(programmes):
    """(heading, [cell per programme]) rows of dates, partners and money per currency."""
    rows = [
        (
            _("Period"),
            [
                "–".join(str(date.year) for date in (p.start_date, p.end_date) if date is not None)
                for p in programmes
            ],
        ),
        (_("Partners"), [str(len(p.all_partners())) for p in programmes]),
    ]
    budget_currencies = sorted({p.budget_currency for p in programmes if p.total_budget})
    for currency in budget_currencies:
        rows.append(
            (
                _("Total budget (%(currency)s)") % {"currency": currency},
                [
                    format_money(p.total_budget, currency)
                    if p.total_budget is not None and p.budget_currency == currency
                    else ""
                    for p in programmes
                ],
            )
        )
    funder_currencies = sorted(
        {f.currency for p in programmes for f in p.funders.all() if f.currency}
    )
    for currency in funder_currencies:
        rows.append(
            (
                _("Funding from funders (%(currency)s)") % {"currency": currency},
                [_funding(p, currency) for p in programmes],
            )
        )
    return rows


def indicator_rows(programmes):
    """One row per unit and kind that any chosen programme reports, each cell listing that
    programme's indicators in that unit (key figures first)."""
    found = {}
    for column, programme in enumerate(programmes):
        for indicator in programme.indicators.all():
            key = (indicator.unit, indicator.kind)
            cells = found.setdefault(key, [[] for _programme in programmes])
            cells[column].append(indicator)
    rows = []
    for (unit, _kind), cells in sorted(
        found.items(), key=lambda item: (UNIT_ORDER.index(item[0][0]), item[0][1])
    ):
        for cell in cells:
            cell.sort(key=lambda indicator: not indicator.key_figure)
        shared = sum(1 for cell in cells if cell) > 1
        rows.append(
            {
                "unit": unit,
                "unit_label": UNIT_LABELS.get(unit, unit),
                "kind": next(i for cell in cells for i in cell).get_kind_display(),
                "money": unit in MONEY_UNITS,
                "shared": shared,
                "cells": cells,
            }
        )
    # Rows where two or more programmes report come first: those are the comparable ones.
    rows.sort(key=lambda row: not row["shared"])
    return rows


def compare_view(request):
    programmes = list(live_programmes())
    picked = chosen(programmes, request.GET.getlist("p"))
    context = {"programmes": programmes, "picked": picked, "max_compared": MAX_COMPARED}
    if len(picked) >= 2:
        prefetch_related_objects(
            picked,
            "indicators__partner",
            "indicators__place",
            "indicators__source_document",
            "funders",
            "partners",
        )
        # Each cell with its programme: on a phone the table reads row by row, each cell
        # under its programme's name (programmes.css), instead of scrolling sideways.
        context["fact_rows"] = [
            (heading, list(zip(picked, cells, strict=True))) for heading, cells in fact_rows(picked)
        ]
        rows = indicator_rows(picked)
        for row in rows:
            row["columns"] = list(zip(picked, row["cells"], strict=True))
        context["indicator_rows"] = rows
    return render(request, "programmes/compare.html", context)
