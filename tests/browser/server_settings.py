"""Settings of the site served to the browser tests by a real server (gunicorn) in a subprocess.

They are the test settings with the demo database in a file (SQLite or a PostgreSQL database of
its own), static files served by WhiteNoise straight from the source folders, and emails written
to files the tests read to follow private links.
"""

import os

from hub.settings.test import *  # noqa: F403

ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DEBUG = False
# Static files come from static/ and the apps without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["HUB_TEST_MAIL_DIR"]
MEDIA_ROOT = Path(os.environ["HUB_TEST_MEDIA_DIR"])  # noqa: F405
# The demo's pictures and logos, as the production proxy would serve them (hub/urls.py).
SERVE_MEDIA_IMAGES = True
SEARCH_INDEX_DIR = Path(os.environ["HUB_TEST_INDEX_DIR"])  # noqa: F405
if WAGTAILSEARCH_BACKENDS["default"].get("PATH"):  # noqa: F405
    WAGTAILSEARCH_BACKENDS["default"]["PATH"] = str(SEARCH_INDEX_DIR)  # noqa: F405
WAGTAILADMIN_BASE_URL = os.environ.get("HUB_TEST_BASE_URL", "http://127.0.0.1")
# The page cache is on, in a cache the two gunicorn workers share, so the journeys also prove
# that publishing, approving a note or registering shows at once (hub/caching.py).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.path.join(os.environ["HUB_VAR_DIR"], "page-cache"),
    }
}
PAGE_CACHE_SECONDS = 300
