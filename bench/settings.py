"""Settings of the benchmark (bench/perf.py): production-like (DEBUG off, real templates, no
debug toolbar), over plain HTTP on 127.0.0.1, with a trivial cached view as the ceiling."""

from hub.settings.base import *  # noqa: F403
from hub.settings.env import env_int, env_str

SECRET_KEY = env_str("SECRET_KEY", "bench-only-key-not-secret")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "bench.urls"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0)
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
if env_str("BENCH_NO_RATE_LIMITS", ""):
    # bench/cdn_bench.py posts 20 registrations a second from 127.0.0.1 on purpose.
    WORKSHOP_RATE_LIMITS = {"register": {"ip": 10_000_000, "email": 1_000}}
