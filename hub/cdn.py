"""CDN- and Varnish-ready caching: what an upstream cache may keep, and purging what changed.

Headers (``cache_headers()``, applied by hub.caching.PageCacheMiddleware to every response):

* an anonymous public page or calendar feed that the hub itself would cache gets
  ``Cache-Control: public, max-age=0, s-maxage=CDN_CACHE_SECONDS``: browsers ask again each
  time, a shared cache (Varnish, a CDN) keeps it until it is purged or expires;
* anything else under /en/ or /fr/ (signed in, a form that posts, a private link, an error),
  and whatever a signed-in user gets, is ``private, no-store``; a view's own Cache-Control wins.

Purges (Wagtail's frontend cache, ``WAGTAILFRONTENDCACHE``, set from ``FRONTEND_CACHE_URL``):
publishing, unpublishing, moving or deleting a page purges, once the transaction commits, the
page's address in both languages (each with its own slug), its ancestors' (the index that lists
it, the home page), the library, the search pages and the calendar feeds, also in both
languages. A change to a snippet, a setting, a document or an image (a theme's name shows on
thousands of pages) purges the whole public site, as it empties the hub's own cache.
"""

import logging
import threading
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils import translation
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest

log = logging.getLogger("hub.cdn")

PREFIX_HEADER = "X-Purge-Prefix"
CDN_TYPES = ("text/html", "text/calendar")
_pending = threading.local()


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


def _backends():
    from wagtail.contrib.frontend_cache.utils import get_backends

    return get_backends()


def _in_languages(build):
    values = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            value = build()
        if value and value not in values:
            values.append(value)
    return values


def _root():
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def page_urls(page):
    """Full addresses of ``page`` in every language (each with its own slug)."""
    return _in_languages(lambda: page.get_full_url())


def affected_urls(page):
    """The page, what lists it (its ancestors, the library), the search pages and feeds."""
    from django.urls import reverse

    from hub.models import LibraryPage

    urls = list(page_urls(page))
    for ancestor in page.get_ancestors().filter(depth__gt=1).specific(defer=True):
        urls += page_urls(ancestor)
    for library in LibraryPage.objects.live():
        urls += page_urls(library)
    root = _root()
    for name in ("search", "workshops:calendar"):
        urls += [root + path for path in _in_languages(lambda name=name: reverse(name))]
    return list(dict.fromkeys(urls))


def purge_urls(urls):
    from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task

    if urls and _backends():
        # In this process, at once: a visitor must see the change as soon as it is committed.
        purge_urls_from_cache_task.call(list(urls))


def purge_everything():
    root = _root()
    for backend in _backends().values():
        purge_prefix = getattr(backend, "purge_prefix", None)
        for code, _name in settings.LANGUAGES:
            if purge_prefix is not None:
                purge_prefix(f"{root}/{code}/")
            else:
                backend.purge(f"{root}/{code}/")


def _once_on_commit(func):
    """``transaction.on_commit(func)`` unless already waiting for this transaction's commit
    (a rolled-back transaction drops its callbacks, so nothing stays stuck)."""
    connection = transaction.get_connection()
    if any(waiting is func for _ids, waiting, _robust in connection.run_on_commit):
        return
    transaction.on_commit(func)


def _flush_urls():
    batch, _pending.urls = getattr(_pending, "urls", []), []
    try:
        purge_urls(list(dict.fromkeys(batch)))
    except Exception:  # a purge failure must never undo or break the editor's action
        log.exception("Front-end cache purge failed")


def _flush_everything():
    try:
        purge_everything()
    except Exception:
        log.exception("Front-end cache purge failed")


def _on_commit_purge(urls):
    """Purge ``urls`` after the commit, in one batch however many signals fire."""
    if getattr(_pending, "urls", None) is None:
        _pending.urls = []
    _pending.urls.extend(urls)
    _once_on_commit(_flush_urls)


def _page_changed(sender, instance, **kwargs):
    if not _backends():
        return
    _on_commit_purge(affected_urls(instance))


def _before_move(sender, instance, **kwargs):
    if _backends():
        if getattr(_pending, "moving", None) is None:
            _pending.moving = {}
        _pending.moving[instance.pk] = affected_urls(instance.specific)


def _after_move(sender, instance, **kwargs):
    if not _backends():
        return
    from wagtail.models import Page

    moved = Page.objects.get(pk=instance.pk).specific
    before = (getattr(_pending, "moving", None) or {}).pop(instance.pk, [])
    _on_commit_purge(before + affected_urls(moved))


def _before_delete(sender, instance, **kwargs):
    from wagtail.models import Page

    if not isinstance(instance, Page) or not _backends() or not instance.live:
        return
    if getattr(instance, "_hub_purge_queued", False):
        return  # each table of a page type sends pre_delete: purge once
    instance._hub_purge_queued = True
    _on_commit_purge(affected_urls(instance))


def sitewide(model):
    """Whether a row of ``model`` shows on many pages (snippets, settings, documents, images)."""
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage
    from wagtail.snippets.models import get_snippet_models

    bases = (AbstractDocument, AbstractImage, BaseSiteSetting, BaseGenericSetting)
    return issubclass(model, bases) or model in get_snippet_models()


def _content_changed(sender, **kwargs):
    if _backends() and sitewide(sender):
        _once_on_commit(_flush_everything)


def connect_signals():
    """Called from HubConfig.ready()."""
    from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

    page_published.connect(_page_changed, dispatch_uid="hub-cdn-published")
    page_unpublished.connect(_page_changed, dispatch_uid="hub-cdn-unpublished")
    pre_page_move.connect(_before_move, dispatch_uid="hub-cdn-pre-move")
    post_page_move.connect(_after_move, dispatch_uid="hub-cdn-post-move")
    pre_delete.connect(_before_delete, dispatch_uid="hub-cdn-delete")
    post_save.connect(_content_changed, dispatch_uid="hub-cdn-content-save")
    post_delete.connect(_content_changed, dispatch_uid="hub-cdn-content-delete")
