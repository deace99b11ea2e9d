"""Fixtures of the programme tests: the programme index and one programme with its parts."""

import datetime
from decimal import Decimal

import pytest

from hub.models import Partner, Place, Theme
from programmes.models import (
    ProgrammeFunder,
    ProgrammeIndexPage,
    ProgrammeIndicator,
    ProgrammePage,
    ProgrammeStrand,
)


@pytest.fixture
def programme_index(home):
    index = ProgrammeIndexPage(
        title="Programmes",
        title_en="Programmes",
        title_fr="Programmes",
        slug="programmes",
        slug_en="programmes",
        slug_fr="programmes",
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def make_programme(index, slug, **fields):
    page = ProgrammePage(
        title=fields.pop("title_en", slug.upper()),
        slug=slug,
        slug_en=slug,
        slug_fr=slug,
        **fields,
    )
    page.title_en = page.title
    page.title_fr = fields.get("title_fr") or page.title
    index.add_child(instance=page)
    page.save_revision().publish()
    return ProgrammePage.objects.get(pk=page.pk)


def add_funder(programme, name_en, name_fr, amount, currency):
    """A funder of ``programme``, named in both languages (``amount``: a string)."""
    return ProgrammeFunder.objects.create(
        programme=programme,
        name=name_en,
        name_en=name_en,
        name_fr=name_fr,
        amount=Decimal(amount),
        currency=currency,
    )


def add_indicator(programme, label_en, value, unit, **fields):
    """An outcome indicator of ``programme`` (``value``: a string or a number); ``fields``:
    the others (label_fr, partner, theme, target, key_figure, sort_order...)."""
    return ProgrammeIndicator.objects.create(
        programme=programme,
        label=label_en,
        label_en=label_en,
        value=Decimal(value),
        unit=unit,
        **fields,
    )


@pytest.fixture
def programme(programme_index):
    kent = Partner.objects.get(slug="kent")
    norfolk = Partner.objects.get(slug="norfolk")
    page = make_programme(
        programme_index,
        "c-care",
        title_en="C-CARE: Covid Channel Area Response Exchange",
        title_fr="C-CARE : Covid Channel Area Response Exchange",
        acronym="C-CARE",
        summary_en="Recovery across the Channel.",
        summary_fr="Relance des deux côtés de la Manche.",
        funding_scheme_en="Interreg France (Channel) England",
        funding_scheme_fr="Interreg France (Manche) Angleterre",
        total_budget=Decimal("6700000"),
        budget_currency="EUR",
        start_date=datetime.date(2020, 8, 1),
        end_date=datetime.date(2023, 6, 30),
        lead_partner=kent,
    )
    page.partners.set([norfolk])
    page.places.set(Place.objects.filter(slug__in=["gb-kent", "gb-norfolk"]))
    page.themes.set(Theme.objects.filter(slug="business-support"))
    page.save()
    add_funder(page, "ERDF", "FEDER", "572389", "EUR")
    add_funder(page, "Kent", "Kent", "1000000", "GBP")
    ProgrammeStrand.objects.create(
        programme=page,
        title="Business support",
        title_en="Business support",
        title_fr="Soutien aux entreprises",
    )
    business = Theme.objects.get(slug="business-support")
    rows = [
        ("businesses supported", "entreprises accompagnées", "2407", "businesses", None, None),
        ("new businesses", "entreprises créées", "144", "businesses", norfolk, "200"),
        ("said it mattered", "jugent que cela a compté", "96", "percent", norfolk, None),
        ("vouchers", "bons", "1000000", "GBP", None, None),
    ]
    for order, (en, fr, value, unit, partner, target) in enumerate(rows):
        add_indicator(
            page,
            en,
            value,
            unit,
            sort_order=order,
            label_fr=fr,
            partner=partner,
            theme=business,
            target=Decimal(target) if target else None,
            key_figure=order < 2,
        )
    return ProgrammePage.objects.get(pk=page.pk)
