"""Registrations, the seat counter that keeps a workshop from being overbooked, access keys, notes.

The counter lives in its own row (Seats), not on the page: page rows are rewritten by every
publish and revision, while the counter must only ever move through one conditional UPDATE.
"""

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ..choices import LANGUAGE_CHOICES, NOTE_LANGUAGE_CHOICES, digest, normalise_email
from ..markdown import render as render_markdown

__all__ = ["LANGUAGE_CHOICES", "digest", "normalise_email"]


class Seats(models.Model):
    """A workshop's place counter: ``confirmed`` can never exceed ``capacity`` (DB constraint).

    ``confirmed`` counts the places taken: confirmed participants and places offered to someone
    from the waiting list (held for them until they accept or the offer lapses).
    """

    workshop = models.OneToOneField(
        "workshops.WorkshopPage", on_delete=models.CASCADE, related_name="seats"
    )
    # Traffic, not content (hub.caching): a change forgets the cached copies of its page alone.
    page_cache_scope = "workshop_id"
    capacity = models.PositiveIntegerField(_("places"))
    confirmed = models.PositiveIntegerField(_("confirmed"), default=0)
    last_position = models.PositiveIntegerField(
        default=0, help_text="Last waiting-list position given out; only ever grows."
    )
    # What participants' calendars were last told (workshops.duties.announce_changes): kept
    # here, not on the page, because publishing a revision rewrites every page field.
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    announced = models.CharField(max_length=64, blank=True)
    # Organisers chased for the record (workshops.duties.chase_records).
    record_chased_at = models.DateTimeField(null=True, blank=True)
    record_chases = models.PositiveSmallIntegerField(default=0)
    # Anonymous attendance, counted at each check-in: it outlives the retention purge.
    attended = models.PositiveIntegerField(_("attended"), default=0)
    attended_countries = models.PositiveIntegerField(_("countries of those who came"), default=0)

    class Meta:
        verbose_name = _("seat counter")
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed__lte=F("capacity")), name="workshops_seats_not_overbooked"
            ),
            models.CheckConstraint(
                condition=Q(confirmed__gte=0), name="workshops_seats_confirmed_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.confirmed}/{self.capacity}"


class Registration(models.Model):
    """One person's registration for one workshop; erased fields are blanked, the row stays."""

    CONFIRMED = "confirmed"
    OFFERED = "offered"
    WAITING = "waiting"
    CANCELLED = "cancelled"
    STATUS_CHOICES = [
        (CONFIRMED, _("Confirmed")),
        (OFFERED, _("Place offered")),
        (WAITING, _("Waiting list")),
        (CANCELLED, _("Cancelled")),
    ]
    HOLDS_A_PLACE = (CONFIRMED, OFFERED)

    workshop = models.ForeignKey(
        "workshops.WorkshopPage",
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("workshop"),
    )
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES)
    position = models.PositiveIntegerField(
        _("waiting-list position"), null=True, blank=True, db_index=True
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254)
    # NULL once erased: NULLs never collide in the unique constraint below.
    email_normalised = models.CharField(max_length=254, null=True, blank=True, editable=False)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=2, choices=LANGUAGE_CHOICES, default="en"
    )
    needs = models.TextField(_("interpretation or accessibility needs"), blank=True)
    consent_privacy = models.BooleanField(_("accepted the privacy notice"), default=False)
    consent_show_name = models.BooleanField(_("agreed to show their name on notes"), default=False)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    promoted = models.BooleanField(_("promoted from the waiting list"), default=False)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by_organiser = models.BooleanField(_("cancelled by an organiser"), default=False)
    offered_at = models.DateTimeField(_("place offered at"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(
        _("offer open until"), null=True, blank=True, db_index=True
    )
    offer_lapsed = models.BooleanField(_("let the offered place lapse"), default=False)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    joining_reminded_at = models.DateTimeField(_("joining reminder sent at"), null=True, blank=True)
    notes_invited_at = models.DateTimeField(_("invited to share notes at"), null=True, blank=True)
    attended_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)

    # The name beside an approved note shows on the workshop's page, and nowhere else.
    page_cache_scope = "workshop_id"

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["workshop", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "email_normalised"], name="workshops_one_registration_per_email"
            ),
            models.CheckConstraint(
                condition=~Q(status="waiting") | Q(position__isnull=False),
                name="workshops_waiting_has_position",
            ),
        ]
        indexes = [models.Index(fields=["workshop", "status", "position"])]

    def __str__(self):
        # str(), not the lazy proxy: __str__ must return a real string (the admin calls it).
        return self.name or str(_("(erased)"))

    @admin.display(description=_("name"), ordering="name")
    def listed_name(self):
        """The name column of the organisers' listing: "(erased)" rather than a blank link."""
        return str(self)

    def save(self, *args, **kwargs):
        if self.erased_at is None:
            self.email_normalised = normalise_email(self.email)
        return super().save(*args, **kwargs)

    @property
    def public_name(self):
        """What the public sees beside an approved note."""
        return self.name if (self.consent_show_name and self.name and not self.erased_at) else ""


class AccessKey(models.Model):
    """The SHA-256 of a private-link token; the token itself exists only in the email sent."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="access_keys"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    page_cache_scope = None  # shown on no public page

    class Meta:
        verbose_name = _("access key")

    def __str__(self):
        return self.digest[:8]


class Note(models.Model):
    """A participant's note on a workshop; shown on the record once a moderator approves it."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    STATUS_CHOICES = [
        (PENDING, _("Waiting for moderation")),
        (APPROVED, _("Approved")),
        (REJECTED, _("Rejected")),
    ]
    NOTE_LANGUAGE_CHOICES = NOTE_LANGUAGE_CHOICES

    workshop = models.ForeignKey(
        "workshops.WorkshopPage",
        on_delete=models.CASCADE,
        related_name="notes",
        verbose_name=_("workshop"),
    )
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="notes", verbose_name=_("author")
    )
    body = models.TextField(_("note"), max_length=5000)
    language = models.CharField(
        _("language of the note"), max_length=2, choices=NOTE_LANGUAGE_CHOICES, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=STATUS_CHOICES, default=PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )

    page_cache_scope = "workshop_id"  # approved notes show on their workshop's page only

    class Meta:
        verbose_name = _("participant note")
        verbose_name_plural = _("participant notes")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.body[:60]

    @property
    def html(self):
        return render_markdown(self.body)

    @property
    def author_display(self):
        return self.registration.public_name
