"""Settings of the gunicorn nodes the CDN tests put behind Varnish: the test settings on the
test's own database, with a cache shared with the test process (a file cache, or Redis when
HUB_TEST_REDIS_URL is set) so both agree on the content generation."""

import os

from hub.settings.test import *  # noqa: F403

ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
WHITENOISE_USE_FINDERS = True
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["HUB_TEST_MAIL_DIR"]
MEDIA_ROOT = Path(os.environ["HUB_TEST_MEDIA_DIR"])  # noqa: F405
if WAGTAILSEARCH_BACKENDS["default"].get("PATH"):  # noqa: F405
    WAGTAILSEARCH_BACKENDS["default"]["PATH"] = os.environ["HUB_TEST_INDEX_DIR"]  # noqa: F405
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ["HUB_TEST_CACHE_DIR"],
    }
}
if os.environ.get("HUB_TEST_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["HUB_TEST_REDIS_URL"],
        }
    }
PAGE_CACHE_SECONDS = 300
CDN_CACHE_SECONDS = 300
WAGTAILFRONTENDCACHE = {
    "varnish": {"BACKEND": "hub.cdn.VarnishBackend", "LOCATION": os.environ["HUB_TEST_VARNISH"]}
}
if os.environ.get("HUB_TEST_NO_RATE_LIMITS"):
    # The load test sends hundreds of registrations from 127.0.0.1 on purpose.
    WORKSHOP_RATE_LIMITS = {"register": {"ip": 1_000_000, "email": 1_000}}
