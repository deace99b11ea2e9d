"""Production settings: HTTPS only, secrets from the environment, nothing insecure by default."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import cache_is_per_process, cache_settings, env_bool, env_int, env_str

if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Production needs its own long random key, e.g. "
        "SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(50))')"
    )

if not (env_str("WAGTAILADMIN_BASE_URL") or "").startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "WAGTAILADMIN_BASE_URL is not set. Production needs the address the site is published "
        "at, e.g. WAGTAILADMIN_BASE_URL=https://hub.example.org: links in emails use it."
    )

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers probe over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

# Every gunicorn worker must see the same page cache and content generation, or a page an
# editor withdrew stays public in the others' caches: a file cache in the var folder unless
# CACHE_URL says otherwise (redis://... when there is more than one machine).
if not env_str("CACHE_URL"):
    CACHE_URL = f"file://{VAR_DIR / 'cache'}"  # noqa: F405
    CACHES = cache_settings(CACHE_URL)
if cache_is_per_process(CACHES):  # noqa: F405
    raise ImproperlyConfigured(
        f"CACHE_URL={CACHE_URL} keeps a separate cache in each server process, so a page an "  # noqa: F405
        "editor unpublished would stay public in the other workers. Use a cache every worker "
        "shares: leave CACHE_URL unset (a file cache in HUB_VAR_DIR/cache), or "
        "CACHE_URL=file:///path/to/folder, or CACHE_URL=redis://host:6379/0 for several machines."
    )

# "__Host-" cookies are refused by browsers unless Secure, for this host only (no Domain) and
# for the whole site (Path=/): a sibling subdomain or a plain-HTTP page cannot plant them.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
SESSION_COOKIE_PATH = "/"
CSRF_COOKIE_PATH = "/"
