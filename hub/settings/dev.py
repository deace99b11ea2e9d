"""Development settings: the embedded default on one machine (SQLite, local folders)."""

from urllib.parse import urlsplit

from .base import *  # noqa: F403
from .env import cache_settings, env_str

DEBUG = env_str("DEBUG", "1") == "1"
# A development-only key; production refuses to start without its own SECRET_KEY.
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-never-used-in-production")
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# `make run HOST=… PORT=…` (or BASE_URL=…) serves under that name: let it through.
_BASE_HOST = urlsplit(WAGTAILADMIN_BASE_URL).hostname  # noqa: F405
if _BASE_HOST and _BASE_HOST not in ALLOWED_HOSTS:  # noqa: F405
    ALLOWED_HOSTS = [*ALLOWED_HOSTS, _BASE_HOST]  # noqa: F405

# The embedded default keeps its database, media and index in one folder.
VAR_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405
# `make run` starts the job worker beside runserver: they share a file cache in var/, so the
# index the worker writes refreshes the server's remembered pages and searches at once.
if not env_str("CACHE_URL"):
    CACHES = cache_settings(f"file://{VAR_DIR / 'cache'}")  # noqa: F405
