"""Small helpers that read typed values (and the cache configuration) from the environment."""

import ipaddress
import os

from django.core.exceptions import ImproperlyConfigured


def env_str(name, default=None):
    value = os.environ.get(name)
    return default if value in (None, "") else value


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    return default if value in (None, "") else int(value)


def env_list(name, default=""):
    value = os.environ.get(name, default) or ""
    return [item.strip() for item in value.split(",") if item.strip()]


def env_networks(name):
    """A comma-separated list of IP addresses or networks (``10.0.0.1``, ``10.0.0.0/8``)."""
    values = env_list(name)
    for value in values:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {value!r} is not an IP address or network (e.g. 10.0.0.1 or 10.0.0.0/8)"
            ) from None
    return values


# Enough for every cached page of a large site: the file cache deletes a third of its entries at
# random once it holds this many (Django's default of 300 would empty it every few pages).
FILE_CACHE_MAX_ENTRIES = 20_000


def cache_settings(url):
    """CACHES for CACHE_URL: ``redis://...``, ``file:///folder`` or ``locmem://``."""
    if url.startswith(("redis://", "rediss://")):
        default = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    elif url.startswith("file://"):
        default = {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": url.removeprefix("file://"),
            "OPTIONS": {"MAX_ENTRIES": FILE_CACHE_MAX_ENTRIES},
        }
    else:
        default = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    return {"default": default}


def cache_is_per_process(caches):
    """True when each process keeps its own copy: several workers would then serve pages and
    memos (hub.caching) that another worker's change has made stale."""
    return caches["default"]["BACKEND"].endswith(".LocMemCache")
