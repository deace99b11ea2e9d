"""Rate-limit counters: one row per (action, kind, client, window), moved by one atomic upsert.

In the database rather than the cache: Django's file cache increments by read-then-write (two
processes can both read 4 and write 5) and forgets entries at random once full; a per-process
cache counts each worker apart. A row here is shared by every process and machine, and
``INSERT ... ON CONFLICT DO UPDATE SET hits = hits + 1 RETURNING hits`` counts each attempt
exactly once on PostgreSQL and SQLite alike.
"""

from django.db import models


class RateLimitCounter(models.Model):
    """Attempts in one fixed window; ``digest`` hashes the action, the client and the window."""

    digest = models.CharField(max_length=64, primary_key=True)
    hits = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    page_cache_scope = None  # traffic, not content: shown on no page (hub.caching)

    class Meta:
        verbose_name = "rate-limit counter"

    def __str__(self):
        return f"{self.digest[:12]}: {self.hits}"
