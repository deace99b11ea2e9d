"""Purging what changed from the front-end caches (Varnish, a CDN), once the change commits: the
signal handlers of hub.cdn, connected by HubConfig.ready(). Above the models: no model imports
this module (see hub/cdn.py for what is purged and why)."""

import logging
import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.urls import reverse
from wagtail.models import Page

from .cdn import backends, in_languages, page_urls, purge_everything, purge_urls, root_url
from .models import LibraryPage

log = logging.getLogger("hub.cdn")
_pending = threading.local()


def affected_urls(page):
    """The page, what lists it (its ancestors, the library), the search pages and feeds."""
    urls = list(page_urls(page))
    for ancestor in page.get_ancestors().filter(depth__gt=1).specific(defer=True):
        urls += page_urls(ancestor)
    for library in LibraryPage.objects.live():
        urls += page_urls(library)
    root = root_url()
    for name in ("search", "workshops:calendar"):
        urls += [root + path for path in in_languages(lambda name=name: reverse(name))]
    return list(dict.fromkeys(urls))


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
    if not backends():
        return
    _on_commit_purge(affected_urls(instance))


def _before_move(sender, instance, **kwargs):
    if backends():
        if getattr(_pending, "moving", None) is None:
            _pending.moving = {}
        _pending.moving[instance.pk] = affected_urls(instance.specific)


def _after_move(sender, instance, **kwargs):
    if not backends():
        return
    moved = Page.objects.get(pk=instance.pk).specific
    before = (getattr(_pending, "moving", None) or {}).pop(instance.pk, [])
    _on_commit_purge(before + affected_urls(moved))


def _before_delete(sender, instance, **kwargs):
    if not isinstance(instance, Page) or not backends() or not instance.live:
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
    if backends() and sitewide(sender):
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
