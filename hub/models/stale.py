"""Per field and language of a page: its text when last saved, and whether it may be stale."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .documents import LANGUAGE_CHOICES


class StaleTranslation(models.Model):
    """``field`` of ``page`` in ``language``: a digest of its text as last saved in the admin,
    when that text last changed, and ``stale`` when the other language's text of the field
    changed after this one was last saved (it "may be out of date").

    Kept by hub.partners.stale on every admin save of the page (autosaves included); a row per
    field and language, so repeated saves of the same revision change nothing.
    """

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="translation_states"
    )
    field = models.CharField(_("field"), max_length=100)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    digest = models.CharField(max_length=64, blank=True)
    stale = models.BooleanField(_("may be out of date"), default=False, db_index=True)
    changed_at = models.DateTimeField(_("other language changed at"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("translation that may be out of date")
        verbose_name_plural = _("translations that may be out of date")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "field", "language"], name="hub_stale_translation_unique"
            )
        ]

    def __str__(self):
        return f"{self.page_id} {self.field}_{self.language}"
