"""Fixed-window rate limits kept in the Django cache, per address and per IP.

Keys are hashed so that email addresses never sit in the cache in clear. Limits come from
settings.WORKSHOP_RATE_LIMITS (action -> {"ip": n, "email": n, "window": seconds}).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

DEFAULT_LIMITS = {
    "register": {"ip": 20, "email": 5, "window": 3600},
    "link": {"ip": 10, "email": 3, "window": 3600},
}


def limits(action):
    configured = getattr(settings, "WORKSHOP_RATE_LIMITS", {}) or {}
    return {**DEFAULT_LIMITS[action], **configured.get(action, {})}


def client_ip(request):
    # REMOTE_ADDR only: a client can write any X-Forwarded-For it likes. Behind a proxy,
    # the proxy (or a middleware trusted to do so) must set REMOTE_ADDR.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _hit(action, kind, value, limit, window):
    key = "wsrl:" + hashlib.sha256(f"{action}:{kind}:{value}".encode()).hexdigest()
    if cache.add(key, 1, timeout=window):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window)
            count = 1
    return count <= limit


def allow(action, request, email=None):
    """Count one attempt; False when the IP or the address went over its limit."""
    conf = limits(action)
    ok = _hit(action, "ip", client_ip(request), conf["ip"], conf["window"])
    if email:
        ok = _hit(action, "email", email.strip().lower(), conf["email"], conf["window"]) and ok
    return ok
