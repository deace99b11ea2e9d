"""Amounts of money and indicator values as a reader of each language writes them.

Money always keeps its currency: nothing here converts, and ``totals`` never adds two amounts
whose units differ (a sum across currencies is never shown).
"""

from decimal import Decimal

from babel.numbers import format_currency, format_decimal
from django.utils import translation
from django.utils.translation import gettext_lazy as _

CURRENCY_CHOICES = [("EUR", _("euros (EUR)")), ("GBP", _("pounds sterling (GBP)"))]

# Units of an indicator. Money units name their currency; "percent" is bounded (0 to 100).
UNIT_CHOICES = [
    ("people", _("people")),
    ("businesses", _("businesses")),
    ("organisations", _("organisations")),
    ("EUR", _("euros")),
    ("GBP", _("pounds")),
    ("places", _("places")),
    ("percent", _("percent")),
    ("opportunities", _("opportunities")),
    ("plans", _("plans")),
    ("programmes", _("programmes")),
    ("payments", _("payments")),
    ("requests", _("requests")),
    ("events", _("events")),
    ("other", _("other")),
]
MONEY_UNITS = {"EUR", "GBP"}


def _locale():
    return "fr_FR" if (translation.get_language() or "en")[:2] == "fr" else "en_GB"


def _whole(value):
    value = Decimal(value)
    return value == value.to_integral_value()


def format_money(amount, currency):
    """``€572,389`` / ``572 389 €``: no decimals for whole amounts, never converted."""
    if amount is None:
        return ""
    pattern = "¤#,##0" if _whole(amount) else None
    if _locale() == "fr_FR" and pattern:
        pattern = "#,##0 ¤"
    return format_currency(
        amount, currency, format=pattern, locale=_locale(), currency_digits=False
    )


def format_number(value):
    if value is None:
        return ""
    return format_decimal(value, format="#,##0.##", locale=_locale())


def format_value(value, unit):
    """A value with its unit: money with its currency sign, percentages with their sign."""
    if value is None:
        return ""
    if unit in MONEY_UNITS:
        return format_money(value, unit)
    if unit == "percent":
        return (
            f"{format_number(value)}\u00a0%" if _locale() == "fr_FR" else f"{format_number(value)}%"
        )
    return format_number(value)


def totals(rows):
    """``{unit: sum}`` of ``(unit, value)`` pairs: one total per unit, never one across units."""
    found = {}
    for unit, value in rows:
        if value is None:
            continue
        found[unit] = found.get(unit, Decimal(0)) + Decimal(value)
    return found
