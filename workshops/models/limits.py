"""Fixed-window rate limits per client address and per email address, counted in the database.

Limits come from settings.WORKSHOP_RATE_LIMITS (action -> {"ip": n, "email": n, "window":
seconds}). Each attempt adds one to the counter of the current window (windows start at
multiples of ``window`` seconds) in one atomic statement (the counter below), so a burst
spread over any number of workers and threads lets exactly ``n`` through. Keys are hashed:
email addresses never sit in the table in clear.

The client's address is REMOTE_ADDR, or, when REMOTE_ADDR is one of settings.TRUSTED_PROXIES,
the rightmost address of X-Forwarded-For that is not a trusted proxy: the one the outermost
trusted proxy saw. Without the setting X-Forwarded-For is ignored (a client writes it freely).

The counters (RateLimitCounter) are one row per (action, kind, client, window), in the
database rather than the cache: Django's file cache increments by read-then-write (two
processes can both read 4 and write 5) and forgets entries at random once full; a per-process
cache counts each worker apart. A row here is shared by every process and machine, and
``INSERT ... ON CONFLICT DO UPDATE SET hits = hits + 1 RETURNING hits`` counts each attempt
exactly once on PostgreSQL and SQLite alike.
"""

import datetime
import functools
import hashlib
import ipaddress
import time

from django.conf import settings
from django.db import connection, models
from django.utils import timezone


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


DEFAULT_LIMITS = {
    "register": {"ip": 20, "email": 5, "window": 3600},
    "link": {"ip": 10, "email": 3, "window": 3600},
}


def limits(action):
    configured = getattr(settings, "WORKSHOP_RATE_LIMITS", {}) or {}
    return {**DEFAULT_LIMITS[action], **configured.get(action, {})}


@functools.lru_cache(maxsize=8)
def _networks(proxies):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _trusted(address, networks):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request):
    """The address of the client, through the reverse proxies named in TRUSTED_PROXIES."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if not networks or not _trusted(remote, networks):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if _trusted(hop, networks):
            continue
        try:
            return str(ipaddress.ip_address(hop))
        except ValueError:
            # Trusted proxies append real addresses: this one was written by the client.
            return remote
    return hops[0] if hops else remote


def _count(key, expires):
    """The counter of ``key`` after adding this attempt (1 for the window's first)."""
    table = connection.ops.quote_name(RateLimitCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (digest, hits, expires_at) VALUES (%s, 1, %s) "  # noqa: S608
            f"ON CONFLICT (digest) DO UPDATE SET hits = {table}.hits + 1 RETURNING hits",
            [key, expires],
        )
        hits = cursor.fetchone()[0]
    if hits == 1:
        # A new window: the rows of windows that are over go (indexed, a handful at a time).
        RateLimitCounter.objects.filter(expires_at__lt=timezone.now()).delete()
    return hits


def _hit(action, kind, value, limit, window):
    start = int(time.time() // window) * window
    key = hashlib.sha256(f"{action}:{kind}:{value}:{window}:{start}".encode()).hexdigest()
    expires = datetime.datetime.fromtimestamp(start + window, tz=datetime.UTC)
    return _count(key, expires) <= limit


def allow(action, request, email=None):
    """Count one attempt; False when the IP or the address went over its limit."""
    conf = limits(action)
    ok = _hit(action, "ip", client_ip(request), conf["ip"], conf["window"])
    if email:
        ok = _hit(action, "email", email.strip().lower(), conf["email"], conf["window"]) and ok
    return ok
