"""Town-centre plans: a town's vision, priority actions and indicators, and where it is."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from hub.models.library import ResourceIndexPage
from hub.models.resources import ResourcePage
from hub.models.taxonomy import COUNTRY_CHOICES
from programmes.models.indicators import FiguresMixin, figures_panels

from ..blocks import TownCentrePlanBodyBlock

POPULATION_BANDS = [
    ("under-5k", _("Under 5,000 inhabitants")),
    ("5k-20k", _("5,000 to 20,000 inhabitants")),
    ("20k-50k", _("20,000 to 50,000 inhabitants")),
    ("50k-100k", _("50,000 to 100,000 inhabitants")),
    ("over-100k", _("Over 100,000 inhabitants")),
]


class TownCentrePlanIndexPage(ResourceIndexPage):
    """The list of town-centre plans, with the library's filters and an Atom feed."""

    listing_kind = "town_centre_plan"
    template = "toolkits/town_centre_plan_index_page.html"
    subpage_types = ["toolkits.TownCentrePlanPage"]

    class Meta:
        verbose_name = _("town-centre plan index")


class TownCentrePlanPage(FiguresMixin, ResourcePage):
    """A plan (plan de centre-ville) for the future use of one town centre."""

    resource_kind = "town_centre_plan"
    is_creatable = True
    figures_heading = _("Indicators")
    chart_name_field = "town"

    town = models.CharField(_("town"), max_length=120)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES)
    population_band = models.CharField(
        _("population"), max_length=12, choices=POPULATION_BANDS, blank=True
    )
    plan_start = models.PositiveSmallIntegerField(
        _("plan starts (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    plan_end = models.PositiveSmallIntegerField(
        _("plan ends (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    vision = models.TextField(_("vision"), blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
    )
    body = StreamField(TownCentrePlanBodyBlock(), blank=True, verbose_name=_("body"))

    template = "toolkits/town_centre_plan_page.html"
    parent_page_types = ["toolkits.TownCentrePlanIndexPage"]
    subpage_types = []

    plan_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("town"), FieldPanel("country")]),
                FieldPanel("population_band"),
                FieldRowPanel([FieldPanel("plan_start"), FieldPanel("plan_end")]),
                FieldPanel("vision"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("The town and its plan"),
        )
    ]
    # How progress is measured: records (programmes.ResourceIndicator) with a baseline, a
    # target and the latest value, counted like a programme's indicators.
    indicator_panels = figures_panels(
        _("Indicators"),
        _("Indicator"),
        _(
            "How progress is measured: what is counted, its baseline, its target and the "
            "latest value."
        ),
        max_num=20,
    )
    content_panels = (
        ResourcePage.title_panels
        + plan_panels
        + [FieldPanel("body")]
        + indicator_panels
        + ResourcePage.summary_panels
        + ResourcePage.metadata_panels
    )
    search_fields = (
        ResourcePage.search_fields
        + FiguresMixin.figure_search_fields
        + [
            index.SearchField("town", boost=2),
            index.SearchField("vision"),
            index.SearchField("body"),
            index.FilterField("country"),
        ]
    )
    api_fields = ResourcePage.api_fields + [
        APIField("town"),
        APIField("country"),
        APIField("population_band"),
        APIField("plan_start"),
        APIField("plan_end"),
        APIField("vision_en"),
        APIField("vision_fr"),
        APIField("latitude"),
        APIField("longitude"),
        APIField("body_en"),
        APIField("body_fr"),
        APIField("indicator_list"),
    ]

    class Meta:
        verbose_name = _("town-centre plan")
        verbose_name_plural = _("town-centre plans")

    def clean(self):
        super().clean()
        errors = {}
        if self.plan_start and self.plan_end and self.plan_end < self.plan_start:
            errors["plan_end"] = _("The plan cannot end before it starts.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Give both the latitude and the longitude, or neither.")
        if errors:
            raise ValidationError(errors)

    @property
    def plan_period(self):
        if self.plan_start and self.plan_end:
            return f"{self.plan_start}–{self.plan_end}"
        return str(self.plan_start or self.plan_end or "")

    def extra_structured_data(self, request=None):
        place = {
            "@type": "Place",
            "name": self.town,
            "address": {
                "@type": "PostalAddress",
                "addressLocality": self.town,
                "addressCountry": self.country,
            },
        }
        if self.latitude is not None and self.longitude is not None:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(self.latitude),
                "longitude": float(self.longitude),
            }
        data = {"spatialCoverage": [place]}
        if self.plan_period:
            data["temporalCoverage"] = (
                f"{self.plan_start}/{self.plan_end}"
                if self.plan_start and self.plan_end
                else self.plan_period
            )
        return data
