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
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from hub.i18n import translated
from hub.models import ResourcePage
from hub.models.base import page_memo
from hub.visibility import public

from ..money import MONEY_UNITS, UNIT_CHOICES, format_value
from ..records import resource_indicator_row
from ..services import resource_figures_context

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
    # What "other" counts (a town-centre plan's "shop units", "visitors a day"): kept in words
    # so that a figure moved from free text loses nothing.
    unit_name = models.CharField(
        _("unit in words"),
        max_length=60,
        blank=True,
        help_text=_("Only for the unit “other”: what is counted, e.g. shop units."),
    )
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
        FieldPanel("unit_name"),
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
        if (self.unit_name or "").strip() and self.unit != "other":
            errors["unit_name"] = _("Words for the unit go with the unit “other” only.")
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
        """Achieved as a percentage of the target (None without a target). A target below its
        baseline (empty shops from 14 % down to 8 %) is a reduction: the share is how much of
        the way down has been gone (11 % is half of it), not the value over the target."""
        if not self.target or self.value is None:
            return None
        if self.baseline is not None and self.target < self.baseline:
            return round(
                float(self.baseline - self.value) / float(self.baseline - self.target) * 100
            )
        return round(float(self.value) / float(self.target) * 100)

    def unit_label(self):
        """The unit as words after a figure ("people"); money and percentages carry theirs."""
        if self.unit == "other":
            return str(translated(self, "unit_name"))
        if self.unit in MONEY_UNITS or self.unit == "percent":
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

    # A case study often repeats one of its programme's own figures (A2A's 373 opportunities
    # are also C-CARE's): naming it lets the impact page count the figure once.
    same_as = models.ForeignKey(
        ProgrammeIndicator,
        verbose_name=_("same figure as the programme's indicator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resource_figures",
        help_text=_(
            "If the programme already counts this figure, choose its indicator: the totals "
            "across programmes then count it once."
        ),
    )

    panels = IndicatorFields.panels + [
        FieldRowPanel([FieldPanel("programme"), FieldPanel("same_as")])
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("figure")
        verbose_name_plural = _("figures")

    def clean(self):
        try:
            super().clean()
            errors = {}
        except ValidationError as error:
            errors = error.update_error_dict({})
        same = self.same_as if self.same_as_id else None
        if same is not None:
            if same.unit != self.unit or same.value != self.value:
                errors.setdefault("same_as", []).append(
                    _("That indicator counts %(figure)s: the same figure has its value and unit.")
                    % {"figure": same.display_value or same.display_target}
                )
            if self.programme_id and same.programme_id != self.programme_id:
                errors.setdefault("same_as", []).append(
                    _("That indicator belongs to another programme than the one chosen.")
                )
        if errors:
            raise ValidationError(errors)

    def counted_programme_id(self, resource_programme_ids):
        """The programme this figure counts for: the one chosen, else the resource's first."""
        if self.programme_id:
            return self.programme_id
        return resource_programme_ids[0] if resource_programme_ids else None


def figures_panels(heading, label, help_text, max_num):
    """The page editor's panel of a resource's figures: a named group holding their
    InlinePanel (one row a figure, both languages' label and note)."""
    return [
        MultiFieldPanel(
            [InlinePanel("indicators", label=label, max_num=max_num)],
            heading=heading,
            help_text=help_text,
        )
    ]


class FiguresMixin:
    """What a resource page with figures adds (case studies, town-centre plans): its figures,
    with their charts and tables, in its context and its API record."""

    figures_heading = _("Key figures")
    # The field whose value names the page in its charts' titles ("Morlaix: achieved against
    # target"), shorter than its title; the title when it is empty.
    chart_name_field = "title"

    def chart_name(self):
        return str(getattr(self, self.chart_name_field, "") or translated(self, "title"))

    # What a figure says is found by the site search, as it was when figures were body text.
    figure_search_fields = [
        index.RelatedFields(
            "indicators",
            [
                index.SearchField(f"{name}_{code}")
                for name in ("label", "unit_name", "note")
                for code in ("en", "fr")
            ],
        )
    ]

    def figure_records(self):
        """The page's figures, each with what the page shows of it (one query; none needed
        in a preview, whose figures are in memory)."""
        return list(self.indicators.select_related("partner", "place", "theme", "source_document"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The same for every visitor until the content changes (a preview: its own figures).
        context.update(
            page_memo(
                request,
                "resource-figures",
                self,
                lambda: resource_figures_context(self, self.figure_records()),
            )
        )
        return context

    @property
    def indicator_list(self):
        return [resource_indicator_row(self, i) for i in self.indicators.all()]


def public_resource_figures(programmes, **filters):
    """The figures of live public resources (``filters`` narrow them), each with the resource's
    programmes among ``programmes`` ({pk: live programme}), oldest first: [(figure,
    {pk: programme})]. A figure that names a programme gets it (when public), so that nothing
    reads a programme row by row; two queries in all."""
    figures = list(
        ResourceIndicator.objects.filter(page__in=public(ResourcePage.objects.live()), **filters)
        .select_related("partner", "place", "theme", "source_document", "page")
        .order_by("page__path", "sort_order", "pk")
    )
    theirs = {}
    links = ResourcePage.programmes.through.objects.filter(
        resourcepage_id__in={f.page_id for f in figures}, programmepage_id__in=programmes
    ).order_by("programmepage__start_date", "pk")
    for page_id, programme_id in links.values_list("resourcepage_id", "programmepage_id"):
        theirs.setdefault(page_id, {})[programme_id] = programmes[programme_id]
    found = []
    for figure in figures:
        if figure.programme_id in programmes:
            figure.programme = programmes[figure.programme_id]
        elif figure.programme_id:
            figure.programme = None  # a programme that is not public is not named
        found.append((figure, theirs.get(figure.page_id, {})))
    return found
