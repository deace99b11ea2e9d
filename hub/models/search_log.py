"""What visitors search for: one row per query, language and day, with how often it was asked
and how many resources it found. No IP address, no cookie, no user: only the folded query.

Written on every new search (``hub.search.log``), so it is not content: saving a row must
never replace the content generation (``page_cache_scope = None``: its rows show on no cached
page), and rows are written with one INSERT ... ON CONFLICT DO UPDATE, which sends no model
signal at all.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..search.text import MAX_QUERY_LENGTH


class SearchRecord(models.Model):
    # Shown on no public page: saving a row never empties the page cache (hub.caching).
    page_cache_scope = None

    day = models.DateField(_("day"))
    language = models.CharField(_("language"), max_length=2)
    query = models.CharField(_("search"), max_length=MAX_QUERY_LENGTH)
    searches = models.PositiveIntegerField(_("searches"), default=0)
    # The number of results of the last search of the day.
    results = models.PositiveIntegerField(_("results"), default=0)

    class Meta:
        verbose_name = _("search record")
        verbose_name_plural = _("search records")
        constraints = [
            models.UniqueConstraint(fields=["day", "language", "query"], name="one_search_record")
        ]
        indexes = [models.Index(fields=["day", "language"])]

    def __str__(self):
        return f"{self.day} [{self.language}] {self.query}"
