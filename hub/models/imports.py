"""An import of legacy files made in the admin: its archive, its dry run and its final report.

The record is kept so that the person who imported (or a moderator) can open the report later:
what each row became, or why it was refused. Sentences are stored as templates and values
(hub.importer.text.Text), so the report reads in the admin language of whoever opens it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    class Status(models.TextChoices):
        CHECKED = "checked", _("Checked, not imported yet")
        QUEUED = "queued", _("Waiting to run")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Stopped by an error")

    class After(models.TextChoices):
        DRAFT = "draft", _("Keep the pages as drafts")
        SUBMIT = "submit", _("Submit the pages for moderation")
        PUBLISH = "publish", _("Publish the pages")

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A partner editor's import is for their partner (every row must be theirs); a moderator's
    # has none (any partner, and the choice to create missing themes and partners).
    partner = models.ForeignKey(
        "hub.Partner",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="imports",
    )
    # Kept under MEDIA_ROOT/imports/, which is never served (only media/images/ is): a ZIP of the
    # manifest and its files, or the manifest alone when its files are in ``files_collection``.
    archive = models.FileField(_("ZIP file"), upload_to="imports/%Y/%m/", max_length=255)
    files_collection = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name=_("files from the collection"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    archive_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CHECKED
    )
    after = models.CharField(_("then"), max_length=10, choices=After.choices, default=After.DRAFT)
    create_missing = models.BooleanField(_("create missing themes and partners"), default=False)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    # RowResult.as_json() of each row: the dry run, then what the import did.
    checked_rows = models.JSONField(default=list, blank=True, editable=False)
    result_rows = models.JSONField(default=list, blank=True, editable=False)
    unknown = models.JSONField(default=dict, blank=True, editable=False)
    error = models.JSONField(null=True, blank=True, editable=False)
    # An import is an editor's own history, not public content: saving it empties no cache.
    page_cache_scope = None

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return self.archive_name

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)
