"""Settings of the real ``db_worker`` the job tests start: the test settings, on the test's own
database, search index, media and mail folders (given by the environment)."""

import os

from hub.settings.test import *  # noqa: F403

EMAIL_BACKEND = os.environ.get(
    "HUB_TEST_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = os.environ["HUB_TEST_MAIL_DIR"]
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ.get("HUB_TEST_EMAIL_PORT", "25"))
EMAIL_TIMEOUT = 2
MEDIA_ROOT = Path(os.environ["HUB_TEST_MEDIA_DIR"])  # noqa: F405
if WAGTAILSEARCH_BACKENDS["default"].get("PATH"):  # noqa: F405
    WAGTAILSEARCH_BACKENDS["default"]["PATH"] = os.environ["HUB_TEST_INDEX_DIR"]  # noqa: F405
