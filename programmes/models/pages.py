"""The programme record (a page, so it is moderated, previewed, searched, in the sitemap and the
API like every other) and the index that lists the programmes.

A programme names its funding scheme and funders (each amount in its own currency), its total
budget, its dates, its lead partner and partners (the hub's partner snippets, whose public pages
it links to), its places, themes, aims, strands and contacts, and its outcome indicators.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from hub.blocks import BodyBlock
from hub.models import BasePage, ResourcePage
from hub.models.base import page_memo
from hub.visibility import public

from ..access import ProgrammePermissionTester
from ..impact import NOT_ADDED, impact_context
from ..mapping import index_map
from ..money import CURRENCY_CHOICES, format_money
from ..records import indicator_row
from ..services import programme_cards, programme_context
from .indicators import ProgrammeIndicator, public_resource_figures


def live_programmes():
    """The live, public programmes, newest first, with their lead partner."""
    return (
        public(ProgrammePage.objects.live())
        .select_related("lead_partner")
        .order_by("-start_date", "title")
    )


class ProgrammeIndexPage(BasePage):
    """The programmes the hub keeps the legacy of, newest first, with their key facts."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    template = "programmes/programme_index_page.html"
    parent_page_types = ["hub.HomePage"]
    subpage_types = ["programmes.ProgrammePage", "programmes.ImpactPage"]
    max_count = 1

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("programme index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)

        def cards_and_map():
            cards = programme_cards(live_programmes())
            return {
                "programmes": cards,
                "programmes_map": index_map([p for p, _figures in cards]),
                "impact_page": ImpactPage.objects.child_of(self).live().first(),
            }

        context.update(page_memo(request, "programme-index", self, cards_and_map))
        return context


class ProgrammePage(BasePage):
    """A programme (programme): who ran it, with what money, where, what for, and what came of
    it, its figures drawn as charts with their tables, its timeline and its map."""

    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    funding_scheme = models.CharField(
        _("funding scheme"),
        max_length=255,
        blank=True,
        help_text=_("e.g. Interreg France (Channel) England, ERDF"),
    )
    total_budget = models.DecimalField(
        _("total budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    budget_currency = models.CharField(
        _("currency of the budget"), max_length=3, choices=CURRENCY_CHOICES, default="EUR"
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    lead_partner = models.ForeignKey(
        "hub.Partner",
        verbose_name=_("lead partner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_programmes",
    )
    partners = ParentalManyToManyField(
        "hub.Partner", blank=True, verbose_name=_("partners"), related_name="programmes"
    )
    places = ParentalManyToManyField(
        "hub.Place", blank=True, verbose_name=_("countries and regions"), related_name="+"
    )
    themes = ParentalManyToManyField(
        "hub.Theme", blank=True, verbose_name=_("themes"), related_name="programmes"
    )
    aims = RichTextField(_("aims"), blank=True, features=["bold", "italic", "link", "ul", "ol"])
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    # Partner editors get the programme index as one of their sections (hub.partners.setup);
    # ProgrammePermissionTester narrows it to their partner's programmes.
    partner_owned = True

    template = "programmes/programme_page.html"
    parent_page_types = ["programmes.ProgrammeIndexPage"]
    subpage_types = []

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("acronym"),
                FieldPanel("funding_scheme"),
                FieldRowPanel([FieldPanel("total_budget"), FieldPanel("budget_currency")]),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("website"),
            ],
            heading=_("Programme"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("lead_partner"),
                FieldPanel("partners"),
                FieldPanel("places"),
                FieldPanel("themes"),
            ],
            heading=_("Who and where"),
        ),
        FieldPanel("aims"),
        InlinePanel("funders", heading=_("Funders"), label=_("Funder")),
        InlinePanel("strands", heading=_("Strands"), label=_("Strand")),
        InlinePanel("indicators", heading=_("Indicators"), label=_("Indicator")),
        InlinePanel("contacts", heading=_("Contacts"), label=_("Contact")),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("acronym", boost=3),
        index.SearchField("funding_scheme"),
        index.SearchField("aims"),
        index.SearchField("body"),
        index.AutocompleteField("acronym"),
    ]
    api_fields = [
        APIField("title_en"),
        APIField("title_fr"),
        APIField("summary_en"),
        APIField("summary_fr"),
        APIField("acronym"),
        APIField("funding_scheme_en"),
        APIField("funding_scheme_fr"),
        APIField("total_budget"),
        APIField("budget_currency"),
        APIField("start_date"),
        APIField("end_date"),
        APIField("website"),
        APIField("partner_list"),
        APIField("funder_list"),
        APIField("indicator_list"),
    ]

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return self.acronym or self.title

    # The page's address in each language, as resources give theirs (API, open data).
    urls = ResourcePage.urls

    @property
    def short_name(self):
        return self.acronym or self.title

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The programme ends before it starts.")})

    def permissions_for_user(self, user):
        """Partner editors edit the programmes their partner leads or takes part in; what they
        change goes to the moderators, who publish (hub.partners.access)."""
        return ProgrammePermissionTester(user, self)

    def stored_partner_ids(self):
        """The lead partner and partners as stored in the database (not as being edited)."""
        if not self.pk:
            return frozenset()
        through = ProgrammePage.partners.through
        found = set(
            through.objects.filter(programmepage_id=self.pk).values_list("partner_id", flat=True)
        )
        lead = ProgrammePage.objects.filter(pk=self.pk).values_list("lead_partner_id", flat=True)
        found.update(pk for pk in lead if pk)
        return frozenset(found)

    @property
    def display_budget(self):
        return format_money(self.total_budget, self.budget_currency)

    def all_partners(self):
        """The lead partner first, then the others in their order (no duplicate)."""
        others = [p for p in self.partners.all() if p.pk != self.lead_partner_id]
        return ([self.lead_partner] if self.lead_partner_id else []) + others

    @property
    def partner_list(self):
        return [
            {
                "slug": p.slug,
                "name_en": p.name_en,
                "name_fr": p.name_fr,
                "country": p.country,
                "lead": p.pk == self.lead_partner_id,
            }
            for p in self.all_partners()
        ]

    @property
    def funder_list(self):
        return [
            {
                "name_en": f.name_en,
                "name_fr": f.name_fr,
                "amount": str(f.amount) if f.amount is not None else None,
                "currency": f.currency,
                "url": f.url,
            }
            for f in self.funders.all()
        ]

    @property
    def indicator_list(self):
        return [indicator_row(self, i, lang=None) for i in self.indicators.all()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The same for every visitor until the content changes, as the page's HTML that shows
        # it (a fragment, hub.fragments).
        compute = lambda: programme_context(self, request)  # noqa: E731
        context.update(page_memo(request, "programme-context", self, compute))
        return context

    def structured_data(self, request=None):
        from ..jsonld import programme_structured_data

        return programme_structured_data(self, request)


class ImpactPage(BasePage):
    """What the programmes achieved together: totals per theme, region and kind of indicator,
    only where the units agree (never across currencies), each linked to its programmes."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    template = "programmes/impact_page.html"
    parent_page_types = ["programmes.ProgrammeIndexPage"]
    subpage_types = []
    max_count = 1

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("impact page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        compute = lambda: impact_context(*self.indicator_sources())  # noqa: E731
        context.update(page_memo(request, "impact", self, compute))
        return context

    @staticmethod
    def indicator_sources():
        """({pk: live programme}, [(programme, indicator)]): the achieved values that can be
        added up (not percentages), in each programme's order, then the figures of public
        resources (case studies, town-centre plans) that their programme does not already
        count (``same_as``), each under the programme it names or the resource's first."""
        programmes = {p.pk: p for p in live_programmes()}
        rows = (
            ProgrammeIndicator.objects.filter(programme_id__in=programmes, value__isnull=False)
            .exclude(unit__in=NOT_ADDED)
            .select_related("theme", "place", "partner", "source_document")
            .order_by("programme_id", "sort_order")
        )
        found = [(programmes[i.programme_id], i) for i in rows]
        for figure, theirs in public_resource_figures(
            programmes, value__isnull=False, same_as__isnull=True
        ):
            if figure.unit in NOT_ADDED:
                continue
            programme = figure.programme if figure.programme_id else None
            programme = programme or next(iter(theirs.values()), None)
            if programme is not None:
                found.append((programme, figure))
        return programmes, found


class ProgrammeFunder(Orderable):
    """Who funded the programme, with how much, in the currency the money was given in."""

    programme = ParentalKey(ProgrammePage, on_delete=models.CASCADE, related_name="funders")
    name = models.CharField(_("name"), max_length=255)
    url = models.URLField(_("website"), blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCY_CHOICES, default="EUR"
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("amount"), FieldPanel("currency")]),
        FieldPanel("url"),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("funder")
        verbose_name_plural = _("funders")

    def __str__(self):
        return self.name

    @property
    def display_amount(self):
        return format_money(self.amount, self.currency)


class ProgrammeStrand(Orderable):
    """A strand (axe) of the programme: one line of work."""

    programme = ParentalKey(ProgrammePage, on_delete=models.CASCADE, related_name="strands")
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("title"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("strand")
        verbose_name_plural = _("strands")

    def __str__(self):
        return self.title


class ProgrammeContact(Orderable):
    """Someone to contact about the programme (a role and a shared address rather than a
    personal one where possible)."""

    programme = ParentalKey(ProgrammePage, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    partner = models.ForeignKey(
        "hub.Partner",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("role")]),
        FieldPanel("partner"),
        FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return self.name
