"""Process-local memos: small, site-wide data every page needs (the site, navigation, settings,
the routing table, view restrictions, the taxonomy) read from the database once per content
generation (hub.caching) and kept in this process, so that a read costs one cache get per
request instead of a query each."""

import threading
import time
from collections import OrderedDict

from django.conf import settings

from .caching import current_generation

MISSING = object()


def _memo_seconds():
    # A bound on staleness when processes do not share the cache (CACHE_URL=locmem:// with
    # several workers, or a command run beside the server): a change in another process then
    # reaches this one within this time.
    return float(getattr(settings, "MEMO_SECONDS", 60))


class Memos:
    """Values kept per content generation in this process, the least recently used dropped
    beyond ``max_entries``. Values are shared between threads: treat them as read-only."""

    def __init__(self, max_entries):
        self.max_entries = max_entries
        self._entries = OrderedDict()
        self._lock = threading.Lock()

    def memo(self, key, build):
        """``build()``, computed once per content generation (``None`` is a valid value)."""
        generation = current_generation()
        value = self.peek(key, generation)
        if value is MISSING:
            value = build()
            self.remember(key, value, generation)
        return value

    def peek(self, key, generation=None):
        """The value remembered under ``key`` for the current generation, or ``MISSING``."""
        if generation is None:
            generation = current_generation()
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] != generation or entry[2] < time.monotonic():
                return MISSING
            self._entries.move_to_end(key)
            return entry[1]

    def remember(self, key, value, generation=None):
        """Keep ``value`` under ``key`` for ``generation``: the one read *before* building it,
        so that a change made meanwhile is never hidden behind a newer generation."""
        if generation is None:
            generation = current_generation()
        expires = time.monotonic() + _memo_seconds()
        with self._lock:
            self._entries[key] = (generation, value, expires)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self):
        with self._lock:
            self._entries.clear()


_all_memos = []


def memos(max_entries):
    """A separate set of memos (its own size bound), cleared with the others in tests."""
    bucket = Memos(max_entries)
    _all_memos.append(bucket)
    return bucket


# Site-wide data: a few entries per site and language, plus one per known page address.
_site_memos = memos(50_000)
memo = _site_memos.memo
peek = _site_memos.peek
remember = _site_memos.remember


def clear_memos():
    for bucket in _all_memos:
        bucket.clear()


def remembered(model):
    """Every Theme, Partner or Place, read once per content generation (they change rarely and
    every listing shows them); the list and its objects are shared: read them, never change."""
    from django.utils.translation import get_language

    # Per language: partners are ordered by their name in the visitor's language.
    return memo(
        ("taxonomy", model._meta.label_lower, get_language()),
        lambda: list(model._default_manager.all()),
    )
