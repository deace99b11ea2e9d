"""The resource base page shared by every kind in the library, and its documents and links
(how a page reads its relations: hub.models.resource_relations).

ResourcePage is concrete (multi-table inheritance) rather than abstract on purpose: every kind
(toolkit, town-centre plan, case study, publication, workshop record) keeps its shared metadata
in one table, so the library filters, counts facets and paginates across all kinds in a constant
number of queries instead of one query per kind.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Orderable
from wagtail.search import index

from ..browse.jsonld import resource_structured_data
from ..partners.access import PartnerPagePermissionTester
from ..prefetch import with_renditions
from .base import BasePage, remembered_url
from .documents import LANGUAGE_CHOICES
from .library import LibraryPage
from .resource_relations import ResourceRelations

KIND_CHOICES = [
    ("toolkit", _("Toolkit")),
    ("town_centre_plan", _("Town-centre plan")),
    ("case_study", _("Case study")),
    ("publication", _("Publication")),
    ("workshop_record", _("Workshop record")),
]

LANGUAGES_OVERRIDE_CHOICES = [
    ("", _("Worked out from the filled fields")),
    ("en", _("English only")),
    ("fr", _("French only")),
    ("both", _("English and French")),
]

LICENCE_CHOICES = [
    ("cc-by-4.0", _("Creative Commons Attribution 4.0")),
    ("cc-by-sa-4.0", _("Creative Commons Attribution-ShareAlike 4.0")),
    ("ogl-3.0", _("Open Government Licence v3.0")),
    ("etalab-2.0", _("Licence Ouverte / Open Licence 2.0")),
    ("all-rights-reserved", _("All rights reserved")),
]


class ResourcePageForm(WagtailAdminPageForm):
    """The admin form of every resource: its languages are worked out from what is filled in.

    Only the admin's saves derive them: imports and scripts state a resource's languages
    themselves (the importer also counts the document's language).
    """

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("languages_override")
            and not cleaned.get("languages_override_reason", "").strip()
        ):
            self.add_error(
                "languages_override_reason",
                _("Say why the languages are set by hand, or let them be worked out."),
            )
        return cleaned

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Worked out in the model's clean(), before the rules that depend on the languages.
        self.instance._hub_derive_languages = True


class ResourcePage(ResourceRelations, BasePage):
    """Shared metadata of every library resource; never created directly, only through a kind."""

    resource_kind = ""

    kind = models.CharField(_("kind"), max_length=20, choices=KIND_CHOICES, editable=False)
    date = models.DateField(_("date"), null=True, blank=True, db_index=True)
    themes = ParentalManyToManyField("hub.Theme", blank=True, verbose_name=_("themes"))
    partners = ParentalManyToManyField("hub.Partner", blank=True, verbose_name=_("partners"))
    places = ParentalManyToManyField(
        "hub.Place", blank=True, verbose_name=_("countries and regions")
    )
    # Every resource and workshop belongs to one or more programmes (programmes.ProgrammePage).
    programmes = ParentalManyToManyField(
        "programmes.ProgrammePage",
        blank=True,
        verbose_name=_("programmes"),
        related_name="resources",
        help_text=_("The programme or programmes this resource comes from."),
    )
    # Worked out on every save from the fields filled in each language (hub.i18n), unless an
    # editor overrides it and says why: the site never claims a language it does not serve.
    in_english = models.BooleanField(_("available in English"), default=True, editable=False)
    in_french = models.BooleanField(_("available in French"), default=True, editable=False)
    languages_override = models.CharField(
        _("available in"),
        max_length=4,
        choices=LANGUAGES_OVERRIDE_CHOICES,
        blank=True,
        help_text=_(
            "Worked out from the fields filled in each language. Choose only to correct it "
            "(for example a document-only resource), and say why."
        ),
    )
    languages_override_reason = models.CharField(
        _("why the languages are set by hand"), max_length=255, blank=True
    )
    licence = models.CharField(
        _("licence"), max_length=30, choices=LICENCE_CHOICES, default="cc-by-4.0"
    )
    legacy_url = models.URLField(_("legacy source address"), max_length=500, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional: shown at the top of the page, on its cards and when shared."),
    )
    image_alt = models.CharField(
        _("text alternative of the image"),
        max_length=250,
        blank=True,
        help_text=_(
            "What the image shows, for people who cannot see it. Required when an image is "
            "set, in each language the resource exists in."
        ),
    )
    import_key = models.CharField(
        _("import key"), max_length=120, unique=True, null=True, blank=True, editable=False
    )

    is_creatable = False
    base_form_class = ResourcePageForm

    metadata_panels = [
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldPanel("programmes"),
                FieldPanel("themes"),
                FieldPanel("partners"),
                FieldPanel("places"),
                FieldRowPanel(
                    [FieldPanel("languages_override"), FieldPanel("languages_override_reason")]
                ),
                FieldPanel("licence"),
                FieldPanel("legacy_url"),
            ],
            heading=_("Resource metadata"),
        ),
        MultiFieldPanel(
            [FieldPanel("image"), FieldPanel("image_alt")],
            heading=_("Image"),
            classname="collapsed",
        ),
        InlinePanel("documents", heading=_("Documents"), label=_("Document")),
        InlinePanel("related_resources", heading=_("Related resources"), label=_("Resource")),
    ]
    content_panels = BasePage.content_panels + metadata_panels
    search_fields = BasePage.search_fields + [
        index.FilterField("kind"),
        index.FilterField("date"),
        index.FilterField("in_english"),
        index.FilterField("in_french"),
        index.RelatedFields("themes", [index.SearchField("name_en"), index.SearchField("name_fr")]),
        index.RelatedFields(
            "partners", [index.SearchField("name_en"), index.SearchField("name_fr")]
        ),
        index.RelatedFields(
            "documents",
            [
                index.RelatedFields(
                    "document",
                    [
                        # Empty for a document in a restricted collection; analysed in the
                        # document's language (HubDocument); no phrases, no word positions.
                        index.SearchField("public_title"),
                        index.SearchField("public_text_en", phrase=False),
                        index.SearchField("public_text_fr", phrase=False),
                    ],
                )
            ],
        ),
    ]

    # Both languages' fields, so other sites get the French and English text in one request.
    api_fields = [
        APIField("title_en"),
        APIField("title_fr"),
        APIField("summary_en"),
        APIField("summary_fr"),
        APIField("kind"),
        APIField("date"),
        APIField("in_english"),
        APIField("in_french"),
        APIField("licence"),
        APIField("legacy_url"),
        APIField("theme_list"),
        APIField("partner_list"),
        APIField("place_list"),
        APIField("programme_list"),
        APIField("document_list"),
        APIField("urls"),
    ]

    # schema.org type of the JSON-LD; kinds override it (Report, HowTo, Event...).
    schema_type = "CreativeWork"

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def kind_label(self):
        """The kind as a visitor reads it: a workshop still to come is not yet a record."""
        if self.kind == "workshop_record" and self.date and self.date >= timezone.localdate():
            return _("Upcoming workshop")
        return self.get_kind_display()

    def derive_languages(self):
        """Set ``in_english`` / ``in_french`` from the filled fields, or from the override."""
        from ..i18n import written_languages

        override = self.languages_override
        if override:
            languages = ["en", "fr"] if override == "both" else [override]
        else:
            languages = written_languages(self)
        self.in_english, self.in_french = "en" in languages, "fr" in languages

    def save(self, *args, **kwargs):
        if self.resource_kind:
            self.kind = self.resource_kind
        return super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if getattr(self, "_hub_derive_languages", False):
            self.derive_languages()
        if self.image_id is None:
            return
        # Each language the resource exists in needs its own description of the image.
        wanted = list(self.languages) or ["en"]
        errors = {
            f"image_alt_{code}": _("Describe the image: it is required when an image is set.")
            for code in wanted
            if not (getattr(self, f"image_alt_{code}", "") or "").strip()
        }
        if errors:
            raise ValidationError(errors)

    def permissions_for_user(self, user):
        """Partner editors act on their own partner's resources only (hub.partners.access)."""
        return PartnerPagePermissionTester(user, self)

    @property
    def languages(self):
        return [code for code, flag in (("en", self.in_english), ("fr", self.in_french)) if flag]

    @property
    def urls(self):
        """The page's address in each language (relative to the site)."""
        result = {}
        for code in ("en", "fr"):
            with translation.override(code):
                result[code] = self.get_url()
        return result

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        self.prefetch_relations(request)
        context["related"] = related = self.related_pages(request)
        # The renditions of the page's image and of its related cards' images, in one query.
        with_renditions([self, *related])

        context["library_url"] = SimpleLazyObject(
            lambda: remembered_url(request, "library-url", LibraryPage.objects.live())
        )
        return context

    @classmethod
    def serve_queryset(cls):
        """How a request for a resource loads it (hub.routing): with its image."""
        return cls.objects.select_related("image")

    def structured_data(self, request=None):
        """schema.org data for this resource; kinds extend it with what they know."""
        return resource_structured_data(self, request)

    def extra_structured_data(self, request=None):
        """What a kind adds to the shared JSON-LD (override in subclasses)."""
        return {}


class ResourceDocument(Orderable):
    """A document attached to a resource; its language links the French and English versions."""

    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "hub.HubDocument", on_delete=models.CASCADE, related_name="resource_links"
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    @property
    def language(self):
        return self.document.language


class RelatedResource(Orderable):
    """A link from one resource to another that readers of the first will want."""

    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="related_resources")
    resource = models.ForeignKey(
        ResourcePage, on_delete=models.CASCADE, related_name="+", verbose_name=_("resource")
    )

    panels = [FieldPanel("resource")]

    class Meta(Orderable.Meta):
        verbose_name = _("related resource")


__all__ = ["KIND_CHOICES", "LANGUAGE_CHOICES", "LICENCE_CHOICES"]
