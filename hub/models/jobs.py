"""The task workers' heartbeats: how a job left RUNNING by a dead worker is told from a live one."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerBeat(models.Model):
    """One row per running ``db_worker``, touched every few seconds while it lives."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(null=True)
    started_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(db_index=True)
    # Traffic, not content: beats never empty any cache (hub.caching).
    page_cache_scope = None

    class Meta:
        verbose_name = _("task worker")

    def __str__(self):
        return f"{self.worker_id} ({self.host}:{self.pid})"
