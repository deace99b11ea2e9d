"""An export of the archive edition started from the admin: its state and its progress."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# What the export is doing (``stage``), as the admin's screen says it.
STAGES = {
    "pages": _("rendering the pages"),
    "search": _("building the offline search"),
    "write": _("writing the files"),
    "check": _("checking the links"),
    "wacz": _("making the WACZ web archive"),
    "bag": _("making the BagIt bag"),
    "zip": _("making the ZIP file"),
}


class ArchiveExport(models.Model):
    """One export run by the task worker (archive.tasks); the newest one's files are kept."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    created_at = models.DateTimeField(auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=20, blank=True)
    done = models.PositiveIntegerField(default=0)
    left = models.PositiveIntegerField(default=0)
    files = models.PositiveIntegerField(default=0)
    size = models.BigIntegerField(default=0)
    written = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("archive export")

    @property
    def stage_label(self):
        return STAGES.get(self.stage, self.stage)

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.status}"
