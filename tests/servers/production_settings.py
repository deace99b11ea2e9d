"""Production settings as gunicorn runs them, with static files from the source folders.

Only what a test machine lacks changes: collected static files (WhiteNoise serves the source
folders instead). The cache, the security settings and the start-up checks are production's.
"""

from hub.settings.production import *  # noqa: F403

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
