"""Workshop pages: the index (upcoming then past, filterable, with a calendar feed) and a workshop.

A workshop is a library resource (kind "workshop_record"): its themes, host partners, documents
and related resources come from ResourcePage, so past workshops sit in the one library beside
toolkits and case studies.
"""

from django.core.paginator import Paginator
from django.db import models
from django.db.models import prefetch_related_objects
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from hub.memos import remembered
from hub.models import BasePage, ResourcePage, StandardPage, Theme
from hub.models.base import remembered_url
from hub.models.taxonomy import Partner
from hub.prefetch import with_renditions

from ..blocks import AgendaBlock
from ..forms import RegistrationForm
from ..panels import RegistrationCountsPanel
from . import limits, places
from .page_form import WorkshopPageForm
from .registrations import Note, Registration, Seats
from .timing import TIME_ZONE_CHOICES, WorkshopTiming

FORMAT_CHOICES = [
    ("in_person", _("In person")),
    ("online", _("Online")),
    ("hybrid", _("Hybrid (in person and online)")),
]
WORKING_LANGUAGE_CHOICES = [
    ("en_fr", _("English and French")),
    ("en", _("English")),
    ("fr", _("French")),
]
INTERPRETATION_CHOICES = [
    ("none", _("No interpretation")),
    ("simultaneous", _("Simultaneous interpretation English–French")),
    ("consecutive", _("Consecutive interpretation English–French")),
]
WAITING_LIST_CHOICES = [
    ("offer", _("Offer a freed place to the first person waiting, for a limited time")),
    ("automatic", _("Confirm the first person waiting at once")),
]
RECORD_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class WorkshopIndexPage(BasePage):
    """The list of transnational workshops: upcoming first, then past ones, with a feed."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    template = "workshops/workshop_index_page.html"
    parent_page_types = ["hub.HomePage"]
    subpage_types = ["workshops.WorkshopPage", "workshops.WorkshopSeriesPage"]
    max_count = 1

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("workshop index page")

    def workshops(self):
        # Descendants: workshops of a series (workshops.models.series) are listed here too.
        return WorkshopPage.objects.descendant_of(self).live().public()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        workshops = self.workshops().select_related("image")
        themes, partners = remembered(Theme), remembered(Partner)
        theme = _by_slug(themes, request.GET.get("theme"))
        partner = _by_slug(partners, request.GET.get("partner"))
        if theme:
            workshops = workshops.filter(themes=theme)
        if partner:
            workshops = workshops.filter(partners=partner)
        now = timezone.now()
        past = Paginator(workshops.filter(end__lt=now).order_by("-start", "-pk"), 20)
        past_page = past.get_page(request.GET.get("page"))
        upcoming = list(workshops.filter(end__gte=now).order_by("start", "pk"))
        past_page.object_list = list(past_page.object_list)
        # One query per relation for both lists.
        prefetch_related_objects(upcoming + past_page.object_list, "themes", "partners")
        with_renditions(upcoming + past_page.object_list)
        context.update(
            {
                "upcoming": upcoming,
                "past": past_page,
                "themes": themes,
                "partners": partners,
                "selected_theme": theme,
                "selected_partner": partner,
            }
        )
        return context


def _by_slug(objects, slug):
    return next((obj for obj in objects if slug and obj.slug == slug), None)


class WorkshopPage(WorkshopTiming, ResourcePage):
    """A transnational workshop: announcement, registration, and afterwards its record."""

    resource_kind = "workshop_record"
    # What its template shows: hosts, themes, documents and related resources (no places).
    context_relations = ("themes", "partners", "documents", "related_resources")

    start = models.DateTimeField(_("starts"), db_index=True)
    end = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone of the event"),
        max_length=40,
        choices=TIME_ZONE_CHOICES,
        default="Europe/London",
        help_text=_("Start, end and agenda times are typed in this time zone."),
    )
    format = models.CharField(
        _("format"), max_length=20, choices=FORMAT_CHOICES, default="in_person"
    )
    venue = models.TextField(
        _("venue"), blank=True, help_text=_("Address of the venue (in person and hybrid).")
    )
    joining_details = models.TextField(
        _("joining details"),
        blank=True,
        help_text=_(
            "Online link and instructions. Shown only to confirmed participants, on their "
            "private page and in their confirmation email; never on the public page."
        ),
    )
    working_languages = models.CharField(
        _("working languages"), max_length=10, choices=WORKING_LANGUAGE_CHOICES, default="en_fr"
    )
    interpretation = models.CharField(
        _("interpretation"), max_length=20, choices=INTERPRETATION_CHOICES, default="none"
    )
    capacity = models.PositiveIntegerField(
        _("places"),
        default=30,
        help_text=_(
            "Number of confirmed places. Raising it promotes people from the waiting list; "
            "it can never be set below the number already confirmed."
        ),
    )
    registration_opens = models.DateTimeField(
        _("registration opens"), null=True, blank=True, help_text=_("Empty: open now.")
    )
    registration_closes = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Empty: registration closes when the workshop starts."),
    )
    waiting_list = models.CharField(
        _("when a place frees up"), max_length=10, choices=WAITING_LIST_CHOICES, default="offer"
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to accept an offered place"),
        default=48,
        help_text=_(
            "Shortened automatically as the start approaches: an offer never lasts more than "
            "half the time left before the workshop."
        ),
    )
    reminder_hours = models.PositiveSmallIntegerField(
        _("reminder, hours before the start"),
        default=48,
        help_text=_("Confirmed participants get a reminder this long before. 0: no reminder."),
    )
    joining_reminder_hours = models.PositiveSmallIntegerField(
        _("joining details, hours before the start"),
        default=2,
        help_text=_(
            "Online and hybrid workshops: the joining details are sent again this long "
            "before. 0: not sent again."
        ),
    )
    agenda = StreamField(AgendaBlock(), blank=True, verbose_name=_("agenda"))
    record_summary = RichTextField(
        _("record summary"), blank=True, features=["bold", "italic", "link"]
    )
    minutes = RichTextField(_("minutes"), blank=True, features=RECORD_FEATURES)
    outputs = RichTextField(_("outputs"), blank=True, features=RECORD_FEATURES)

    template = "workshops/workshop_page.html"
    parent_page_types = ["workshops.WorkshopIndexPage", "workshops.WorkshopSeriesPage"]
    subpage_types = []
    is_creatable = True
    base_form_class = WorkshopPageForm

    event_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("time_zone"),
            ],
            heading=_("Time"),
        ),
        MultiFieldPanel(
            [FieldPanel("format"), FieldPanel("venue"), FieldPanel("joining_details")],
            heading=_("Format and place"),
        ),
        FieldRowPanel(
            [FieldPanel("working_languages"), FieldPanel("interpretation")],
            heading=_("Languages"),
        ),
        FieldPanel("agenda"),
    ]
    record_panels = [
        FieldPanel("record_summary"),
        FieldPanel("minutes"),
        FieldPanel("outputs"),
    ]
    registration_panels = [
        RegistrationCountsPanel(heading=_("Registrations so far")),
        FieldPanel("capacity"),
        FieldRowPanel([FieldPanel("registration_opens"), FieldPanel("registration_closes")]),
        MultiFieldPanel(
            [FieldPanel("waiting_list"), FieldPanel("offer_hours")], heading=_("Waiting list")
        ),
        FieldRowPanel(
            [FieldPanel("reminder_hours"), FieldPanel("joining_reminder_hours")],
            heading=_("Reminders"),
        ),
    ]
    content_panels = ResourcePage.content_panels + event_panels
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(registration_panels, heading=_("Registration")),
            ObjectList(record_panels, heading=_("Record")),
            ObjectList(ResourcePage.promote_panels, heading=_("Promote")),
            ObjectList(ResourcePage.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = ResourcePage.search_fields + [
        index.FilterField("start"),
        index.SearchField("venue"),
        index.SearchField("agenda"),
        index.SearchField("record_summary"),
        index.SearchField("minutes"),
        index.SearchField("outputs"),
    ]

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")

    def save(self, *args, **kwargs):
        if self.start:
            self.date = self.start.astimezone(self.zone).date()
        result = super().save(*args, **kwargs)
        places.sync_capacity(self)
        return result

    def counts(self):
        rows = (
            Registration.objects.filter(workshop=self)
            .values("status")
            .annotate(n=models.Count("pk"))
        )
        counts = {"confirmed": 0, "offered": 0, "waiting": 0, "cancelled": 0}
        counts.update({row["status"]: row["n"] for row in rows})
        return counts

    @classmethod
    def serve_queryset(cls):
        """How a request for a workshop loads it (hub.routing): with its seat counter, which the
        page shows beside the registration form, and its image."""
        return cls.objects.select_related("seats", "image")

    # Registrations change the seat counter, not the content: hub.routing keeps the page's row
    # per content generation without it, and each request reads the counter afresh.
    per_request_relations = ("seats",)

    def places_left(self):
        try:
            seats = self.seats  # loaded with the page when it was served, else one query
        except Seats.DoesNotExist:
            seats = None
        return max(seats.capacity - seats.confirmed, 0) if seats else self.capacity

    def approved_notes(self):
        return (
            Note.objects.filter(workshop=self, status=Note.APPROVED)
            .select_related("registration")
            .order_by("created_at", "pk")
        )

    @property
    def has_minutes_or_outputs(self):
        """What the organisers are chased for after the workshop (workshops.duties)."""
        return any(
            strip_tags(getattr(self, f"{name}_{code}", "") or "").strip()
            for name in ("minutes", "outputs")
            for code in ("en", "fr")
        )

    def attendance(self):
        """(people checked in, their countries), from the counter that outlives the purge."""
        try:
            seats = self.seats
        except Seats.DoesNotExist:
            return (0, 0)
        return (seats.attended, seats.attended_countries)

    @property
    def has_record(self):
        fields = ("record_summary", "minutes", "outputs")
        return any(getattr(self, f"{name}_{code}", "") for name in fields for code in ("en", "fr"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        state = self.registration_state()
        context["registration_state"] = state
        context["registration_form"] = RegistrationForm() if state == "open" else None
        context["registration_received"] = request.GET.get("registration") == "received"
        context["privacy_url"] = remembered_url(
            request, "privacy-url", StandardPage.objects.live().filter(slug_en="privacy")
        )
        context["notes"] = self.approved_notes()
        if not self.is_upcoming():
            context["attended"], context["attended_countries"] = self.attendance()
        context["documents"] = self.document_links(request)
        # The cards read ResourcePage's own fields: no need for each page's specific table.
        context["workshops_url"] = remembered_url(
            request, "workshops-url", WorkshopIndexPage.objects.live()
        )
        return context

    def serve_page_with_form(self, request, form, status=200):
        """The page again, with a bound registration form and its errors (or none if closed)."""
        context = self.get_context(request)
        context["registration_form"] = form
        return TemplateResponse(request, self.get_template(request), context, status=status)

    def serve(self, request, *args, **kwargs):
        """GET shows the page; a POST is a registration, handled here as Wagtail's form pages
        handle their submissions."""
        if request.method == "POST":
            return self.serve_registration(request)
        return super().serve(request, *args, **kwargs)

    def serve_registration(self, request):
        received_url = f"{self.get_url(request=request)}?registration=received#registration"
        form = RegistrationForm(request.POST)
        if form.is_bot:
            # Same answer as a real registration: the bot learns nothing.
            return HttpResponseRedirect(received_url)
        if self.registration_state() != "open":
            return self.serve_page_with_form(request, None, status=409)
        if not limits.allow("register", request, email=request.POST.get("email")):
            return rate_limited(request, "register")
        if not form.is_valid():
            return self.serve_page_with_form(request, form, status=400)
        places.register(self, form.cleaned_data)
        return HttpResponseRedirect(received_url)


def rate_limited(request, action):
    """The answer to a form posted too often: a page saying when to try again."""
    response = render(request, "workshops/rate_limited.html", status=429)
    response["Retry-After"] = str(limits.limits(action)["window"])
    return response
