"""Test settings: fast hashing, in-memory mail, a temporary folder per process, removed at exit."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

# Jobs run in the test's own process after the commit (tests/jobs starts the real worker).
os.environ.setdefault("TASKS_BACKEND", "immediate")

from .base import *  # noqa: E402, F403
from .env import env_str  # noqa: E402

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
_TMP = Path(tempfile.mkdtemp(prefix="hub-test-"))


_TMP_OWNER = os.getpid()


def _remove_tmp():
    # Only the process that made the folder removes it, not a child forked from it.
    if os.getpid() == _TMP_OWNER:
        shutil.rmtree(_TMP, ignore_errors=True)


atexit.register(_remove_tmp)
MEDIA_ROOT = _TMP / "media"
SEARCH_INDEX_DIR = _TMP / "search-index"
if SEARCH_BACKEND == "whoosh":  # noqa: F405
    WAGTAILSEARCH_BACKENDS["default"]["PATH"] = str(SEARCH_INDEX_DIR)  # noqa: F405
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    if not env_str("DATABASE_URL"):
        # `manage.py check` under these settings must not need the developer's var/ folder.
        DATABASES["default"]["NAME"] = str(_TMP / "db.sqlite3")  # noqa: F405
    # A file, not memory: concurrency tests give each thread its own connection, and an
    # in-memory database is not shared between connections.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": env_str("TEST_SQLITE_NAME", str(_TMP / "test.sqlite3"))
    }
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tests that exercise the page cache turn it on themselves (tests/security/test_caching.py).
PAGE_CACHE_SECONDS = 0
