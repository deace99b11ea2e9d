"""Outcome indicators as structured data: a value with its unit, kind, target, period, partner,
place and source, a label and a note in each language.

``IndicatorFields`` is the one kind of record: a programme's indicators (``ProgrammeIndicator``)
and the figures of a case study or the indicators of a town-centre plan (``ResourceIndicator``)
are both made of it, and both obey the same ``clean()`` rules.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from ..money import MONEY_UNITS, UNIT_CHOICES, format_value

KIND_CHOICES = [("output", _("Output")), ("result", _("Result"))]


class IndicatorFields(models.Model):
    """What one indicator says, wherever it is kept."""

    label = models.CharField(
        _("what it counts"), max_length=200, help_text=_("e.g. businesses supported")
    )
    value = models.DecimalField(
        _("value"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("What was achieved; leave empty while only the target is known."),
    )
    unit = models.CharField(_("unit"), max_length=16, choices=UNIT_CHOICES, default="people")
    kind = models.CharField(
        _("kind"),
        max_length=8,
        choices=KIND_CHOICES,
        default="output",
        help_text=_("An output is what was delivered; a result is the change it brought."),
    )
    baseline = models.DecimalField(
        _("baseline"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    target_unit = models.CharField(
        _("unit of the target"),
        max_length=16,
        choices=UNIT_CHOICES,
        blank=True,
        help_text=_("Leave empty: the target is counted in the value's unit."),
    )
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    partner = models.ForeignKey(
        "hub.Partner",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The partner this figure is about, if only one."),
    )
    place = models.ForeignKey(
        "hub.Place",
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    theme = models.ForeignKey(
        "hub.Theme",
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_document = models.ForeignKey(
        "hub.HubDocument",
        verbose_name=_("source document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_page = models.PositiveIntegerField(_("page of the source"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    key_figure = models.BooleanField(
        _("key figure"), default=False, help_text=_("Shown among the key figures at the top.")
    )

    panels = [
        FieldPanel("label"),
        FieldRowPanel([FieldPanel("value"), FieldPanel("unit"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("baseline"), FieldPanel("target"), FieldPanel("target_unit")]),
        FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
        FieldRowPanel([FieldPanel("partner"), FieldPanel("place"), FieldPanel("theme")]),
        FieldRowPanel([FieldPanel("source_document"), FieldPanel("source_page")]),
        FieldPanel("note"),
        FieldPanel("key_figure"),
    ]

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.display_value} {self.label}"

    def clean(self):
        super().clean()
        errors = {}
        if self.unit == "percent":
            for name in ("value", "target", "baseline"):
                number = getattr(self, name)
                if number is not None and not 0 <= number <= 100:
                    errors[name] = _("A percentage lies between 0 and 100.")
        if self.target_unit and self.target_unit != self.unit:
            errors["target_unit"] = _(
                "A target is counted in the value's unit: a target in another unit (or "
                "currency) cannot be compared with it."
            )
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The period ends before it starts.")
        if self.value is None and self.target is None:
            errors["value"] = _("Give the value achieved, the target, or both.")
        if self.source_page and not self.source_document_id:
            errors["source_page"] = _("A page number needs its source document.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_money(self):
        return self.unit in MONEY_UNITS

    @property
    def display_value(self):
        return format_value(self.value, self.unit)

    @property
    def display_target(self):
        return format_value(self.target, self.unit)

    @property
    def display_baseline(self):
        return format_value(self.baseline, self.unit)

    @property
    def share_of_target(self):
        """Achieved as a percentage of the target (None without a target)."""
        if not self.target or self.value is None:
            return None
        return round(float(self.value) / float(self.target) * 100)

    def unit_label(self):
        """The unit as words after a figure ("people"); money and percentages carry theirs."""
        if self.unit in MONEY_UNITS or self.unit in ("percent", "other"):
            return ""
        return self.get_unit_display()


class ProgrammeIndicator(IndicatorFields, Orderable):
    """An indicator of a programme, kept and published with the programme's record."""

    programme = ParentalKey(
        "programmes.ProgrammePage", on_delete=models.CASCADE, related_name="indicators"
    )

    class Meta(Orderable.Meta):
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")


class ResourceIndicator(IndicatorFields, Orderable):
    """A figure of a resource (a case study's key figures, a town-centre plan's indicators),
    the same kind of record as a programme's, with the programme it counts for."""

    page = ParentalKey("hub.ResourcePage", on_delete=models.CASCADE, related_name="indicators")
    programme = models.ForeignKey(
        "programmes.ProgrammePage",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resource_indicators",
        help_text=_("Leave empty for the resource's own programme."),
    )

    panels = IndicatorFields.panels + [FieldPanel("programme")]

    class Meta(Orderable.Meta):
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
