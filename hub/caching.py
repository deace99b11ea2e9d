"""A cache of the public pages anonymous visitors get, emptied whenever the content changes.

``PageCacheMiddleware`` keeps the full response (body and headers, security headers included)
of anonymous GET requests to the public, language-prefixed site (/en/..., /fr/...) in the
default cache, under a key made of the host, the full path with its query string and the
language. It never caches:

* a request that carries a session cookie (a signed-in user, a workshop participant with
  messages, a visitor who passed a password), or a POST/PUT/...;
* a response that is not 200, sets a cookie, used the CSRF token (a form that posts), says
  ``Cache-Control: private/no-cache/no-store``, varies on anything but the language, the
  encoding or the cookie, streams, or carries a CSP nonce.

Invalidation is site-wide and immediate: every key embeds a *generation* stored in the same
cache, and any change that can alter a public page (publishing, unpublishing, moving or
deleting a page, saving a snippet, a setting, a document or the taxonomy) replaces the
generation, so every cached page is missed at once and old entries expire. A change is rare
next to a read, so throwing everything away is simpler and safer than tracking which page
shows what (a theme's name appears on thousands of resources).

Traffic is not content. Only the rows of the content apps (``CONTENT_APPS``) replace the
generation; rows written because people use the site (registrations, access keys, search
statistics, task results, sessions) never do. A model whose rows show on one page only says
so with ``page_cache_scope`` (the name of its page's key, e.g. ``"workshop_id"``): saving one
forgets the cached copies of that page alone (every language and query string), through a
per-page generation stored beside the entry; ``page_cache_scope = None`` means its rows show
on no cached page at all.

Several processes (gunicorn workers) must share a cache for invalidation to reach all of
them: set CACHE_URL to redis://... or file://... in production. ``PAGE_CACHE_SECONDS`` (0
turns the cache off) bounds how long a page may stay, e.g. "upcoming workshops" on the home
page, which changes with the clock rather than with the content.
"""

import contextlib
import hashlib
import logging
import threading
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import cc_delim_re

from .cdn import CDN_TYPES, cache_headers

log = logging.getLogger("hub.caching")

GENERATION_KEY = "hub:page-cache:generation"
EDIT_KEY = "hub:page-cache:edits"
CACHED_HEADER = "X-Hub-Cache"
ALLOWED_VARY = {"accept-language", "accept-encoding", "cookie"}
PUBLIC_PREFIXES = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)
# The apps whose rows make the public pages: only their changes replace the generation.
CONTENT_APPS = {
    "hub",
    "toolkits",
    "case_studies",
    "workshops",
    "programmes",
    "wagtailcore",
    "wagtaildocs",
    "wagtailimages",
    "wagtailredirects",
    "wagtailsearchpromotions",
    "wagtailembeds",
    "taggit",
}
# Rows of content apps that no anonymous visitor ever sees (history, workflow, editors' state).
IGNORED_MODELS = {
    "wagtailcore.revision",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.pagesubscription",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailcore.taskstate",
    "wagtailcore.workflowstate",
    "wagtailcore.uploadedfile",
    "wagtailcore.referenceindex",
}
# Content rows that rendering a page makes by itself: a new one replaces the generation (the
# memos of every process must see it, or Wagtail would draw the picture again on each view),
# but it changes no page, so it leaves the edit generation (edit_generation()) as it was.
DERIVED_MODELS = {"wagtailimages.rendition"}
# Fields Wagtail fills in from the file itself the first time a page asks for them (a
# document's or an image's size and checksum): a save of these alone is derived too.
DERIVED_FIELDS = frozenset({"file_size", "file_hash"})
NO_SCOPE = object()


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def _timeout():
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0) or 0)


_request_generation = threading.local()


class CacheDown(Exception):
    pass


def _call(method, *args, **kwargs):
    """A cache call that turns any failure of the cache server into CacheDown, logged: with the
    cache down the site serves every page fresh (and /readyz says so) instead of failing."""
    try:
        return getattr(_cache(), method)(*args, **kwargs)
    except Exception as exc:
        log.error("The cache is unreachable (%s %r); serving without it.", method, exc)
        raise CacheDown from exc


def _shared_token(key):
    """The token stored under ``key`` in the shared cache, started if there is none yet; a
    fresh one, matching nothing remembered, when the cache is down (everything is built
    afresh)."""
    try:
        token = _call("get", key)
        if token is None:
            token = uuid.uuid4().hex
            # add() keeps a value another process set in between.
            _call("add", key, token, timeout=None)
            token = _call("get", key) or token
    except CacheDown:
        return uuid.uuid4().hex
    return token


def current_generation():
    # Inside a request the generation is read once (GenerationMiddleware); a content change
    # made by the request itself replaces it there too (see invalidate()).
    generation = getattr(_request_generation, "value", None)
    if generation is not None:
        return generation
    return _shared_token(GENERATION_KEY)


def edit_generation():
    """Replaced by every content change except the rows rendering makes itself (an image's
    rendition): two reads that agree mean no page can have changed in between, even if the
    pages were rendered for the first time meanwhile (archive.fingerprint)."""
    return _shared_token(EDIT_KEY)


def invalidate(derived=False, **_kwargs):
    """Forget every cached page and memo, in every process that shares the cache; unless
    ``derived`` (a row rendering made), say that the content itself changed too."""
    generation = uuid.uuid4().hex
    with contextlib.suppress(CacheDown):
        if derived:
            _call("set", GENERATION_KEY, generation, timeout=None)
        else:
            _call("set_many", {GENERATION_KEY: generation, EDIT_KEY: generation}, timeout=None)
    if getattr(_request_generation, "value", None) is not None:
        _request_generation.value = generation


def is_content(model):
    """Whether saving a row of ``model`` may change what every anonymous visitor sees."""
    meta = model._meta
    return (
        meta.app_label in CONTENT_APPS
        and meta.label_lower not in IGNORED_MODELS
        and getattr(model, "page_cache_scope", NO_SCOPE) is NO_SCOPE
    )


def _page_generation_key(page_pk):
    return f"hub:page-cache:page:{page_pk}"


def page_generation(page_pk):
    """The generation of one page's cached copies (``""`` until the page is first touched)."""
    try:
        return _call("get", _page_generation_key(page_pk)) or ""
    except CacheDown:
        return uuid.uuid4().hex


def touch_page(page_pk):
    """Forget the cached copies of one page (both languages, every query string) only."""
    with contextlib.suppress(CacheDown):
        _call("set", _page_generation_key(page_pk), uuid.uuid4().hex, timeout=None)


def _derived(sender, update_fields):
    if sender._meta.label_lower in DERIVED_MODELS:
        return True
    return bool(update_fields) and set(update_fields) <= DERIVED_FIELDS


def _on_model_change(sender, instance=None, update_fields=None, **kwargs):
    scope = getattr(sender, "page_cache_scope", NO_SCOPE)
    if scope is not NO_SCOPE:
        page_pk = getattr(instance, scope, None) if scope else None
        if page_pk is not None:
            touch_page(page_pk)
            transaction.on_commit(lambda: touch_page(page_pk))
        return
    if not is_content(sender):
        return
    derived = _derived(sender, update_fields)
    invalidate(derived)
    # Once more after the commit: a request reading between the change and its commit would
    # otherwise cache the old rows under the new generation.
    transaction.on_commit(lambda: invalidate(derived))


def _on_task_finished(sender, task_result=None, **kwargs):
    # An index write or a document's extraction changes what search shows: pages and
    # remembered searches made meanwhile would show the old index. An email does not.
    task = getattr(task_result, "task", None)
    path = getattr(task, "module_path", "")
    if path.endswith("insert_or_update_object_task"):
        from django.apps import apps

        app_label, model_name = (list(task_result.args) + [None, None])[:2]
        try:
            model = apps.get_model(app_label, model_name)
        except (LookupError, TypeError, ValueError):
            model = None
        if model is None or not is_content(model):
            return
    elif path not in CONTENT_TASKS:
        return
    invalidate()


# Tasks, other than index writes, whose work changes what visitors see.
CONTENT_TASKS = {"hub.extraction.tasks.extract_document_task"}


def _invalidate_now_and_on_commit(**_kwargs):
    invalidate()
    transaction.on_commit(invalidate)


def connect_signals():
    """Called from HubConfig.ready(): every content change empties the page cache."""
    from django_tasks.signals import task_finished
    from wagtail.signals import page_published, page_slug_changed, page_unpublished

    for signal in (page_published, page_unpublished, page_slug_changed):
        signal.connect(_invalidate_now_and_on_commit, dispatch_uid=f"hub-page-cache-{id(signal)}")
    post_save.connect(_on_model_change, dispatch_uid="hub-page-cache-save")
    post_delete.connect(_on_model_change, dispatch_uid="hub-page-cache-delete")
    # The search index is written by a task after the commit (see _on_task_finished).
    task_finished.connect(_on_task_finished, dispatch_uid="hub-page-cache-task")


def _key(request, generation):
    raw = f"{request.get_host()}|{request.get_full_path()}"
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"hub:page:{generation}:{digest}"


def _cacheable_request(request):
    return (
        request.method in ("GET", "HEAD")
        and request.path.startswith(PUBLIC_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _cacheable_response(request, response, types=("text/html",)):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_USED") or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-cache", "no-store")):
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    if vary - ALLOWED_VARY:
        return False
    if "nonce-" in response.get("Content-Security-Policy", ""):
        return False
    return response.get("Content-Type", "").startswith(types)


class PageCacheMiddleware:
    """Serves anonymous visitors the page saved for their URL since the last content change.

    Place it right after SecurityMiddleware (and WhiteNoise) so that a cached page still gets
    the per-request security handling (HTTPS redirect, HSTS) and skips everything else.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return cache_headers(request, self.get_response(request), cacheable=False)
        timeout = _timeout()
        key = _key(request, current_generation()) if timeout > 0 else None
        try:
            saved = _call("get", key) if key else None
        except CacheDown:
            key = saved = None
        if saved is not None:
            status, headers, content, page = saved
            if page is None or page_generation(page[0]) == page[1]:
                response = HttpResponse(content, status=status)
                for name, value in headers:
                    response[name] = value
                response[CACHED_HEADER] = "hit"
                return response
        response = self.get_response(request)
        cacheable = _cacheable_response(request, response, CDN_TYPES)
        # Before it is kept, so that a hit says the same to a shared cache (hub.cdn).
        cache_headers(request, response, cacheable)
        if (
            key
            and cacheable
            and request.method == "GET"
            and "text/html" in response.get("Content-Type", "")
        ):
            headers = [(name, value) for name, value in response.items()]
            # The page's own generation, read before it was rendered (see note_page()).
            page = getattr(request, "_hub_cache_page", None)
            try:
                _call("set", key, (response.status_code, headers, response.content, page), timeout)
            except CacheDown:
                return response
            response[CACHED_HEADER] = "miss"
        return response


def note_page(request, page_pk):
    """Tie the response to ``request`` to one page, so that touch_page() forgets it. Called
    when the page is known and before it is rendered: a change committed meanwhile then leaves
    the entry under an older page generation, never hidden under the newer one."""
    if _timeout() > 0 and _cacheable_request(request):
        request._hub_cache_page = (page_pk, page_generation(page_pk))


class GenerationMiddleware:
    """Reads the content generation once per request for every memo and cache key to share."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _request_generation.value = None
        _request_generation.value = current_generation()
        try:
            return self.get_response(request)
        finally:
            _request_generation.value = None
