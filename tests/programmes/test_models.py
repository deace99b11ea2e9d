"""Indicators' rules, money in its own currency, and the programme's own rules."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from programmes.models import ProgrammeIndicator
from programmes.money import format_money, format_value, totals


def indicator(**fields):
    values = {"label": "people supported", "value": Decimal("10"), "unit": "people"}
    values.update(fields)
    return ProgrammeIndicator(**values)


def errors_of(obj):
    with pytest.raises(ValidationError) as caught:
        obj.clean()
    return caught.value.message_dict


def test_a_percentage_lies_between_0_and_100():
    assert "value" in errors_of(indicator(unit="percent", value=Decimal("101")))
    assert "target" in errors_of(indicator(unit="percent", value=Decimal("5"), target=-1))
    indicator(unit="percent", value=Decimal("96"), target=Decimal("100")).clean()


def test_a_target_is_in_the_values_unit():
    assert "target_unit" in errors_of(
        indicator(unit="EUR", value=Decimal("5"), target=Decimal("9"), target_unit="GBP")
    )
    indicator(unit="EUR", value=Decimal("5"), target=Decimal("9"), target_unit="EUR").clean()


def test_a_period_ends_after_it_starts():
    errors = errors_of(
        indicator(period_start=datetime.date(2021, 1, 1), period_end=datetime.date(2020, 1, 1))
    )
    assert "period_end" in errors


def test_a_value_or_a_target_and_a_page_needs_its_document():
    assert "value" in errors_of(indicator(value=None))
    indicator(value=None, target=Decimal("500")).clean()
    assert "source_page" in errors_of(indicator(source_page=4))


def test_money_keeps_its_currency_in_each_language():
    with translation.override("en"):
        assert format_money(Decimal("6700000"), "EUR") == "€6,700,000"
        assert format_money(Decimal("1000000"), "GBP") == "£1,000,000"
        assert format_value(Decimal("96"), "percent") == "96%"
    with translation.override("fr"):
        assert (
            format_money(Decimal("572389"), "EUR").replace("\u202f", " ").replace("\xa0", " ")
            == "572 389 €"
        )
        assert format_value(Decimal("96"), "percent") == "96\xa0%"


def test_totals_are_per_unit_never_across_currencies():
    found = totals([("EUR", Decimal("1")), ("GBP", Decimal("2")), ("EUR", Decimal("3"))])
    assert found == {"EUR": Decimal("4"), "GBP": Decimal("2")}


@pytest.mark.django_db
def test_a_programme_ends_after_it_starts(programme):
    programme.end_date = datetime.date(2019, 1, 1)
    with pytest.raises(ValidationError) as caught:
        programme.clean()
    assert "end_date" in caught.value.message_dict


@pytest.mark.django_db
def test_share_of_target(programme):
    new = programme.indicators.get(label_en="new businesses")
    assert new.share_of_target == 72
