"""Bilingual taxonomy snippets: themes, partners and places (country and region).

Partners and places may have a location (latitude and longitude, WGS 84), which the programme
pages' maps draw; one without a location is listed beside the map, not drawn on it.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from ..i18n import current_language

COUNTRY_CHOICES = [
    ("GB", _("United Kingdom")),
    ("FR", _("France")),
    ("BE", _("Belgium")),
    ("NL", _("Netherlands")),
    ("IE", _("Ireland")),
]


PAGE_SLUG_HELP = _(
    "The last part of the address of its public page in this language, e.g. "
    '"food-insecurity". Leave empty to use the slug.'
)


def location_panel(help_text):
    """The latitude and longitude side by side, under a heading of their own."""
    return MultiFieldPanel(
        [FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")])],
        heading=_("Location on the map"),
        help_text=help_text,
    )


def degrees(verbose_name, limit, message, help_text):
    """An optional angle between -``limit`` and ``limit`` degrees; ``message`` outside."""
    return models.FloatField(
        verbose_name,
        null=True,
        blank=True,
        validators=[MinValueValidator(-limit, message), MaxValueValidator(limit, message)],
        help_text=help_text,
    )


class Located(models.Model):
    """A point on the map: latitude and longitude in decimal degrees (WGS 84, as a phone or an
    online map gives them), both or neither."""

    latitude = degrees(
        _("latitude"),
        90,
        _("A latitude is between -90 and 90 degrees."),
        _("In decimal degrees, north positive, e.g. 48.39 for Brest."),
    )
    longitude = degrees(
        _("longitude"),
        180,
        _("A longitude is between -180 and 180 degrees."),
        _("In decimal degrees, east positive, west negative, e.g. -4.49 for Brest."),
    )

    class Meta:
        abstract = True

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            missing = "longitude" if self.longitude is None else "latitude"
            raise ValidationError(
                {missing: _("Give both the latitude and the longitude, or neither.")}
            )


class Theme(index.Indexed, models.Model):
    """A theme (thématique) that resources and workshops are filed under."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    page_slug = models.SlugField(
        _("address of its page"), max_length=80, blank=True, help_text=PAGE_SLUG_HELP
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("page_slug"),
        FieldPanel("description"),
    ]
    # modeltranslation does not copy search fields for snippets: name both languages.
    search_fields = [
        index.SearchField("name_en"),
        index.SearchField("name_fr"),
        index.AutocompleteField("name_en"),
        index.AutocompleteField("name_fr"),
    ]

    class Meta:
        ordering = ["slug"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name or self.slug


class Partner(Located, index.Indexed, models.Model):
    """A partner organisation of a programme; its editors look after its own resources."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES)
    region = models.CharField(_("region"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    is_lead = models.BooleanField(_("lead partner"), default=False)
    is_associate = models.BooleanField(_("associate partner"), default=False)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown on the partner's page and cards; its text alternative is its name."),
    )
    page_slug = models.SlugField(
        _("address of its page"), max_length=80, blank=True, help_text=PAGE_SLUG_HELP
    )
    # Set by `manage.py setup_partner_groups`: the partner's editors and their media collection.
    editor_group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("editors group"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="partner",
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name=_("collection"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("slug"),
        FieldPanel("page_slug"),
        FieldPanel("logo"),
        FieldPanel("country"),
        FieldPanel("region"),
        FieldPanel("website"),
        FieldPanel("description"),
        FieldPanel("is_lead"),
        FieldPanel("is_associate"),
        location_panel(
            _(
                "Where the organisation is based (its main office), drawn on the maps of its "
                "programmes. Leave empty and it is listed beside the map instead."
            )
        ),
    ]
    search_fields = [
        index.SearchField("name_en"),
        index.SearchField("name_fr"),
        index.AutocompleteField("name_en"),
        index.AutocompleteField("name_fr"),
        index.FilterField("country"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        return self.name or self.slug


class Place(Located, models.Model):
    """A country, or a region within it, that a resource concerns."""

    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES)
    name = models.CharField(_("region"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    panels = [
        FieldPanel("country"),
        FieldPanel("name"),
        FieldPanel("slug"),
        location_panel(
            _(
                "A point near the middle of the region or country, where the maps of its "
                "programmes put its marker. Leave empty and it is listed beside the map instead."
            )
        ),
    ]

    class Meta:
        ordering = ["country", "slug"]
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self):
        country = self.get_country_display()
        return f"{self.name} ({country})" if self.name else str(country)


def item_slug(obj, language=None):
    """The slug of a theme's or partner's public page in ``language``: its page slug in that
    language, else its slug."""
    language = (language or current_language())[:2]
    return getattr(obj, f"page_slug_{language}", "") or obj.slug
