"""Settings shared by every environment, read from environment variables.

Everything here is safe for production: DEBUG is off, no secret has a default, and the
embedded defaults (SQLite, a local media folder, a Whoosh index folder) keep a single machine
self-sufficient. See README.md for every variable.
"""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import cache_settings, env_bool, env_int, env_list, env_networks, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("HUB_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Reverse proxies (addresses or networks) whose X-Forwarded-For gives the client's address, for
# the rate limits (workshops/models/limits.py). None by default: X-Forwarded-For is then ignored.
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")

INSTALLED_APPS = [
    # wagtail-modeltranslation must come before every app whose models it patches.
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "wagtail_modeltranslation.migrate",
    "hub",
    "toolkits",
    "case_studies",
    "workshops",
    "programmes",
    # The static archive edition (manage.py export_archive).
    "archive",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "rest_framework",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # The task queue's table (hub.jobs); after "hub", whose db_worker command replaces its own.
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The content generation, read once per request for the caches and memos below.
    "hub.caching.GenerationMiddleware",
    # Counts new searches, those answered from the page cache too (hub/search/log.py).
    "hub.search.log.SearchLogMiddleware",
    # Anonymous public pages from the cache until the content changes (hub/caching.py).
    "hub.caching.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Wagtail's site for this host, remembered between requests (hub/routing.py).
    "hub.routing.SiteMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Documents are sent as sandboxed attachments, whatever their type (hub/security.py).
    "hub.security.DocumentDownloadMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "hub.urls"
WSGI_APPLICATION = "hub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "csp.context_processors.nonce",
                # ``archive``: set only while export_archive renders a page (archive/state.py).
                "archive.state.context",
            ],
        },
    },
]

# Databases ---------------------------------------------------------------
# The embedded default is a SQLite file; DATABASE_URL switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue instead of
    # failing half-way with "database is locked"; WAL lets readers run beside a writer.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages ---------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "fr")
# Empty text in one language falls back to the other; templates mark it with its real lang.
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "fr"), "en": ("fr",), "fr": ("en",)}
# No translated field is required in a given language, so partners can write summaries and bodies
# in either language first (the other falls back and is flagged). wagtail-modeltranslation still
# requires page titles and slugs in the default language (English).
MODELTRANSLATION_REQUIRED_LANGUAGES = ()
WAGTAILMODELTRANSLATION_TRANSLATE_SLUGS = True
WAGTAILMODELTRANSLATION_LOCALE_PICKER = True
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = [("en", "English"), ("fr", "Français")]

# Static and media files --------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_PERMISSIONS = 0o640

# Wagtail -----------------------------------------------------------------
WAGTAIL_SITE_NAME = "C-CARE legacy hub"
# The one public base address (scheme://host[:port]) of links read outside a page when no request
# gives one: emails, and the default Site record (hub/links.py). `make run` sets it from HOST/PORT.
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILDOCS_DOCUMENT_MODEL = "hub.HubDocument"
# Documents go through a view that checks privacy and sends them as attachments.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt", "html", "htm", "xlsx", "csv", "pptx"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# One size limit for every upload path (documents and images, single and multiple upload,
# choosers, the legacy importer): HUB_UPLOAD_MAX_BYTES, 50 MiB by default (hub.uploads).
HUB_UPLOAD_MAX_BYTES = env_int("HUB_UPLOAD_MAX_BYTES", 50 * 1024 * 1024)
WAGTAILDOCS_MAX_UPLOAD_SIZE = HUB_UPLOAD_MAX_BYTES
WAGTAILIMAGES_MAX_UPLOAD_SIZE = HUB_UPLOAD_MAX_BYTES
# A ZIP imported in the admin (hub.importer.archive): the archive, its number of files, all of
# them unpacked, how many times its packed size one file may unpack to; and the number of rows
# above which the import runs as a background job (hub.importer.runs).
HUB_IMPORT_MAX_ARCHIVE_BYTES = env_int("HUB_IMPORT_MAX_ARCHIVE_BYTES", 200 * 1024 * 1024)
HUB_IMPORT_MAX_FILES = env_int("HUB_IMPORT_MAX_FILES", 500)
HUB_IMPORT_MAX_BYTES = env_int("HUB_IMPORT_MAX_BYTES", 500 * 1024 * 1024)
HUB_IMPORT_MAX_RATIO = env_int("HUB_IMPORT_MAX_RATIO", 100)
HUB_IMPORT_INLINE_ROWS = env_int("HUB_IMPORT_INLINE_ROWS", 10)
# The archive edition's crawl (archive.crawl): processes that render its pages; 0 means one per
# CPU, at most 4; 1 keeps it in the exporting process.
ARCHIVE_WORKERS = env_int("ARCHIVE_WORKERS", 0)
# The upload forms: contents checked against the name, the language and the size messages.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "hub.upload_forms.HubDocumentBaseForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "hub.upload_forms.HubImageBaseForm"
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# Draftail, opening stored HTML it cannot parse cleaned instead of failing (hub/richtext_editor.py)
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {"WIDGET": "hub.richtext_editor.ForgivingDraftailRichTextArea"}
}
WAGTAILAPI_LIMIT_MAX = 100
WAGTAIL_PASSWORD_RESET_ENABLED = True
# No avatars from gravatar.com: the admin's CSP (and the offline machine) would show a broken
# image, and the service would learn who uses the admin. Wagtail shows its own default avatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The admin's automatic slugs are ASCII (hub.slugs makes sure of it on save, in each language).
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# Search ------------------------------------------------------------------
# SEARCH_BACKEND: "whoosh" (embedded default), "database" (PostgreSQL full-text search on
# PostgreSQL) or "opensearch" (with SEARCH_URL). The code above the backend never changes.
SEARCH_BACKEND = env_str("SEARCH_BACKEND", "whoosh")
SEARCH_INDEX_DIR = Path(env_str("SEARCH_INDEX_DIR", str(VAR_DIR / "search-index")))
if SEARCH_BACKEND == "database":
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "modelsearch.backends.database"}}
elif SEARCH_BACKEND == "opensearch":
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "modelsearch.backends.opensearch2",
            "URLS": env_list("SEARCH_URL", "http://127.0.0.1:9200"),
            "INDEX": env_str("SEARCH_INDEX_NAME", "hub"),
            "TIMEOUT": 5,
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "hub.search.backends.whoosh", "PATH": str(SEARCH_INDEX_DIR)}
    }

# Background jobs (index writes, document extraction, every email): hub/jobs/.
# "database" (default): a durable queue in the database, run by `manage.py db_worker`, which
# `make run` starts beside the web server. "immediate": in the web process, after the commit
# (no worker needed, no retries; what the tests use).
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
if TASKS_BACKEND == "immediate":
    TASKS = {
        "default": {
            # django-tasks' ImmediateBackend ignores ENQUEUE_ON_COMMIT; this one honours it.
            "BACKEND": "hub.jobs.immediate.OnCommitImmediateBackend",
            "ENQUEUE_ON_COMMIT": True,
        }
    }
else:
    # A job is a row written in the caller's transaction: it exists once that commits.
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TASKS_RETRY = {
    "MAX_ATTEMPTS": env_int("TASKS_MAX_ATTEMPTS", 5),
    "BACKOFF_SECONDS": float(env_str("TASKS_BACKOFF_SECONDS", "10")),
    "MAX_BACKOFF_SECONDS": float(env_str("TASKS_MAX_BACKOFF_SECONDS", "600")),
    "BEAT_SECONDS": float(env_str("TASKS_BEAT_SECONDS", "10")),
}
# How often `db_worker` runs the schedules itself (0: leave them to cron, `run_schedules`).
TASKS_SCHEDULES_SECONDS = env_int("TASKS_SCHEDULES_SECONDS", 60)

# Cache -------------------------------------------------------------------
CACHE_URL = env_str("CACHE_URL", "locmem://")
CACHES = cache_settings(CACHE_URL)
# Anonymous pages are cached this long at most (0: off); publishing empties the cache at once.
# With several server processes, CACHE_URL must be shared (redis:// or file://): production
# defaults to a file cache in HUB_VAR_DIR and refuses a per-process one (production.py).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# What a shared cache (Varnish, a CDN) may keep an anonymous public page: s-maxage (hub/cdn.py).
CDN_CACHE_SECONDS = env_int("CDN_CACHE_SECONDS", PAGE_CACHE_SECONDS)
# The front-end caches to purge on publish, unpublish, move and delete (Wagtail's frontend cache):
# FRONTEND_CACHE_URL, comma-separated (e.g. http://127.0.0.1:6081), with FRONTEND_CACHE_BACKEND
# (default: Varnish, or any wagtail.contrib.frontend_cache backend taking a LOCATION).
WAGTAILFRONTENDCACHE = {
    f"cache-{number}": {
        "BACKEND": env_str("FRONTEND_CACHE_BACKEND", "hub.cdn.VarnishBackend"),
        "LOCATION": location,
    }
    for number, location in enumerate(env_list("FRONTEND_CACHE_URL"))
}
# Site-wide data kept in each process between requests (hub.memos.memo), at most this long.
MEMO_SECONDS = env_int("MEMO_SECONDS", 60)

# Email -------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "C-CARE hub <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_FILE_PATH = str(VAR_DIR / "mail")

# Security headers ---------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Content-Security-Policy (django-csp 4). No inline script anywhere: scripts carry a nonce
# or come from /static/. The Wagtail admin is outside the public site and has its own rules.
VIDEO_FRAME_HOSTS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ("/admin/", "/django-admin/"),
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": VIDEO_FRAME_HOSTS,
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "hub": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

# Limits of the separate process that extracts documents' text (hub.extraction).
HUB_EXTRACTION_TIMEOUT = env_int("HUB_EXTRACTION_TIMEOUT", 20)
HUB_EXTRACTION_MEMORY_MB = env_int("HUB_EXTRACTION_MEMORY_MB", 768)
HUB_EXTRACTION_MAX_PAGES = env_int("HUB_EXTRACTION_MAX_PAGES", 500)
HUB_EXTRACTION_MAX_CHARS = env_int("HUB_EXTRACTION_MAX_CHARS", 2_000_000)

# Months after a workshop before participants' personal data is erased (purge_workshop_data).
WORKSHOP_DATA_RETENTION_MONTHS = env_int("WORKSHOP_DATA_RETENTION_MONTHS", 6)
