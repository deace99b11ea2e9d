"""Messages organisers write to the people registered for a workshop, kept as a log."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganiserMessage(models.Model):
    """One message to the confirmed or the waiting people, in English and French; each
    recipient is sent the version in their language (the other one if theirs is empty)."""

    CONFIRMED = "confirmed"
    WAITING = "waiting"
    AUDIENCE_CHOICES = [
        (CONFIRMED, _("People with a place (confirmed or offered)")),
        (WAITING, _("People on the waiting list")),
    ]

    workshop = models.ForeignKey(
        "workshops.WorkshopPage",
        on_delete=models.CASCADE,
        related_name="organiser_messages",
        verbose_name=_("workshop"),
    )
    audience = models.CharField(_("sent to"), max_length=10, choices=AUDIENCE_CHOICES)
    subject_en = models.CharField(_("subject (English)"), max_length=200, blank=True)
    body_en = models.TextField(_("message (English)"), blank=True)
    subject_fr = models.CharField(_("subject (French)"), max_length=200, blank=True)
    body_fr = models.TextField(_("message (French)"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    page_cache_scope = None  # shown on no public page

    class Meta:
        verbose_name = _("message to participants")
        verbose_name_plural = _("messages to participants")
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return self.subject_en or self.subject_fr

    def version(self, language):
        """(subject, body) in ``language``, else in the other language."""
        other = "fr" if language == "en" else "en"
        for code in (language, other):
            subject, body = getattr(self, f"subject_{code}"), getattr(self, f"body_{code}")
            if subject and body:
                return subject, body, code
        return self.subject_en or self.subject_fr, self.body_en or self.body_fr, language
