"""URL configuration: admin and machine endpoints unprefixed, public pages under /en/ or /fr/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from programmes.compare import compare_view
from programmes.views import open_data_page

from . import health, routing, views
from .browse.api import api_router
from .browse.sitemap import sitemap_view
from .partners.urls import admin_overrides
from .search import views as search_views

urlpatterns = [
    path("", views.root_redirect, name="root"),
    # Partner-aware replacements of a few admin views (hub/partners/urls.py).
    *admin_overrides,
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap_view, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("api/v2/", api_router.urls),
    # Open data: CSV, JSON, XLSX and the DCAT-AP catalogue (programmes/urls.py).
    path("data/", include("programmes.urls")),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]

if settings.DEBUG or getattr(settings, "SERVE_MEDIA_IMAGES", False):
    # Images (never documents) straight from the media folder: in development, and for the
    # browser tests' server; in production the proxy serves /media/images/ (README).
    from django.views.static import serve as serve_file

    urlpatterns.append(
        re_path(
            r"^media/images/(?P<path>.*)$",
            serve_file,
            {"document_root": settings.MEDIA_ROOT / "images"},
        )
    )

urlpatterns += i18n_patterns(
    # Before the page catch-all; "workshop/" is no page slug (the index is /en/workshops/).
    path("workshop/", include("workshops.urls")),
    path("search/", search_views.search_view, name="search"),
    path("open-data/", open_data_page, name="open-data-page"),
    # Before the page catch-all, so no programme can take the slug "compare".
    path("programmes/compare/", compare_view, name="programme-compare"),
    # Wagtail's front-end URLs, its page view wrapped to remember routes (hub/routing.py).
    *[p for p in wagtail_urls.urlpatterns if p.name != "wagtail_serve"],
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"),
    prefix_default_language=True,
)

handler404 = "hub.views.page_not_found"
handler500 = "hub.views.server_error"
