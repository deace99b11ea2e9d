"""CDN- and Varnish-ready caching: what an upstream cache may keep, and purging what changed.

Headers (``cache_headers()``, applied by hub.caching.PageCacheMiddleware to every response):

* an anonymous public page or calendar feed that the hub itself would cache gets
  ``Cache-Control: public, max-age=0, s-maxage=CDN_CACHE_SECONDS``: browsers ask again each
  time, a shared cache (Varnish, a CDN) keeps it until it is purged or expires;
* anything else under /en/ or /fr/ (signed in, a form that posts, a private link, an error),
  and whatever a signed-in user gets, is ``private, no-store``; a view's own Cache-Control wins.
  A search's results say ``no-cache`` (hub.search.log): every search must reach the hub to be
  counted.

Purges (Wagtail's frontend cache, ``WAGTAILFRONTENDCACHE``, set from ``FRONTEND_CACHE_URL``):
publishing, unpublishing, moving or deleting a page purges, once the transaction commits, the
page's address in both languages (each with its own slug), its ancestors' (the index that lists
it, the home page), the library, the search pages and the calendar feeds, also in both
languages. A change to a snippet, a setting, a document or an image (a theme's name shows on
thousands of pages) purges the whole public site, as it empties the hub's own cache. The
signal handlers that decide what to purge are in hub/cdn_signals.py (above the models).
"""

import logging
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from django.conf import settings
from django.utils import translation
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest

log = logging.getLogger("hub.cdn")

PREFIX_HEADER = "X-Purge-Prefix"
CDN_TYPES = ("text/html", "text/calendar")


def cdn_seconds():
    return int(getattr(settings, "CDN_CACHE_SECONDS", 0) or 0)


def cache_headers(request, response, cacheable):
    """Say what a shared cache may do with ``response`` (see the module's docstring)."""
    if response.has_header("Cache-Control"):
        return response
    public = request.path.startswith(tuple(f"/{code}/" for code, _n in settings.LANGUAGES))
    content_type = response.get("Content-Type", "")
    if cacheable and cdn_seconds() > 0 and content_type.startswith(CDN_TYPES):
        response["Cache-Control"] = f"public, max-age=0, s-maxage={cdn_seconds()}"
        return response
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    if public or signed_in:
        response["Cache-Control"] = "private, no-store"
    return response


# Purging ---------------------------------------------------------------------------------


class VarnishBackend(HTTPBackend):
    """Wagtail's HTTP purger, which can also purge every address under a prefix."""

    def purge_prefix(self, url):
        parts = urlsplit(url)
        request = PurgeRequest(
            url=urlunsplit([self.cache_scheme, self.cache_netloc, parts.path, "", ""]),
            headers={"Host": parts.netloc, PREFIX_HEADER: "1"},
        )
        try:
            urlopen(request, timeout=5)  # noqa: S310 - the configured cache only
        except OSError as exc:
            log.error("Could not purge %s* from the front-end cache: %r", url, exc)


def backends():
    from wagtail.contrib.frontend_cache.utils import get_backends

    return get_backends()


def in_languages(build):
    values = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            value = build()
        if value and value not in values:
            values.append(value)
    return values


def root_url():
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def page_urls(page):
    """Full addresses of ``page`` in every language (each with its own slug)."""
    return in_languages(lambda: page.get_full_url())


def purge_urls(urls):
    from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task

    if urls and backends():
        # In this process, at once: a visitor must see the change as soon as it is committed.
        purge_urls_from_cache_task.call(list(urls))


def purge_everything():
    root = root_url()
    for backend in backends().values():
        purge_prefix = getattr(backend, "purge_prefix", None)
        for code, _name in settings.LANGUAGES:
            if purge_prefix is not None:
                purge_prefix(f"{root}/{code}/")
            else:
                backend.purge(f"{root}/{code}/")
