"""Settings for modelsearch's own backend conformance suite, run against our Whoosh backend
(hub.search.backends.whoosh).

A separate pytest run (see tests/conformance/pytest.ini): the suite needs modelsearch's test
app and the plain ``modelsearch`` app in place of ``wagtail.search``, so it cannot share the
site's settings. The suite's fixture lives outside the repository, in
``../shared/conformance/modelsearch`` (FIXTURE_DIRS below).
"""

import atexit
import shutil
import tempfile
from pathlib import Path

import dj_database_url

from .env import env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
CONFORMANCE_FIXTURE_DIR = Path(
    env_str(
        "CONFORMANCE_FIXTURE_DIR", str(BASE_DIR.parent / "shared" / "conformance" / "modelsearch")
    )
)

SECRET_KEY = "conformance-only-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["localhost", "testserver"]

INSTALLED_APPS = [
    "modelsearch.test.testapp",
    "modelsearch",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "modelsearch.test.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.request",
            ]
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{Path(tempfile.gettempdir()) / 'conformance.sqlite3'}")
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en"
STATIC_URL = "/static/"
FIXTURE_DIRS = [CONFORMANCE_FIXTURE_DIR]

_INDEX_DIR = Path(tempfile.mkdtemp(prefix="hub-conformance-index-"))
atexit.register(shutil.rmtree, _INDEX_DIR, ignore_errors=True)
MODELSEARCH_BACKENDS = {
    "default": {"BACKEND": "hub.search.backends.whoosh", "PATH": str(_INDEX_DIR)}
}
# The site's test fixtures read this name; here it only has to exist.
WAGTAILSEARCH_BACKENDS = {}
