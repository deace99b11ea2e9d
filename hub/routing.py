"""Page routing that looks a child up by its slug in the database, not by loading every child.

wagtail-modeltranslation replaces ``Page.route`` on every translated page model with a version
that instantiates *all* the children of each page on the URL path to compare their translated
slugs in Python. With 2,500 toolkits under one index, every toolkit request built 2,500 page
objects (about 150 ms). This version asks the database for the few children whose slug, in
any language, equals the requested one, then applies the very same comparison (the slug in the
current language, with modeltranslation's fallbacks) to pick the first of them in tree order,
so the result is identical and the cost no longer grows with the number of siblings.
"""

import contextlib
import contextvars
import copy

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import DisallowedHost
from django.db.models import Q
from django.http import Http404
from django.http.request import split_domain_port
from django.utils.translation import get_language
from modeltranslation import settings as mt_settings
from modeltranslation.utils import build_localized_fieldname
from wagtail import views as wagtail_views
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from .caching import current_generation, note_page
from .memos import MISSING, memo, memos, peek, remember

# The pages served (their rows, a few KB each), kept per content generation: the most visited
# pages of each process.
_pages = memos(2_000)


def _slug_matches(child_slug):
    query = Q(slug=child_slug)
    for language in mt_settings.AVAILABLE_LANGUAGES:
        query |= Q(**{build_localized_fieldname("slug", language): child_slug})
    return query


def indexed_route(self, request, path_components):
    if isinstance(self, RoutablePageMixin) and self.live:
        try:
            path = "/"
            if path_components:
                path += "/".join(path_components) + "/"
            view, args, kwargs = self.resolve_subpage(path)
            return RouteResult(self, args=(view, args, kwargs))
        except Http404:
            pass

    if path_components:
        child_slug, remaining = path_components[0], path_components[1:]
        for page in self.get_children().filter(_slug_matches(child_slug)):
            if page.slug == child_slug:
                page_class = page.specific_class
                if (
                    remaining
                    and page_class is not None
                    and page_class.route is indexed_route
                    and not issubclass(page_class, RoutablePageMixin)
                ):
                    # A plain page on the way: route through it without loading its own table.
                    return indexed_route(page, request, remaining)
                return page.specific.route(request, remaining)
        raise Http404

    if self.live:
        return RouteResult(self)
    raise Http404


def install():
    """Called from HubConfig.ready(), after wagtail-modeltranslation has patched the models."""
    from django.apps import apps
    from wagtail_modeltranslation.patch_wagtailadmin import _new_route

    for model in apps.get_models():
        if issubclass(model, Page) and model.__dict__.get("route") is _new_route:
            model.route = indexed_route


# Remembered sites and routes ------------------------------------------------------------------
# Wagtail finds the site (one query) and walks the page tree (two queries per URL level) on
# every request. Both answers only change with the content, so they are kept per content
# generation (hub.memos.memo): a request for a known address loads just its page.


def _site_for(request):
    try:
        request.get_host()
    except DisallowedHost:
        # Not remembered: made-up Host headers must not fill the memory (Django refuses them).
        return Site._find_for_request(request)
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    return memo(("site", hostname, port), lambda: Site._find_for_request(request))


class SiteMiddleware:
    """Sets Wagtail's per-request site (``request._wagtail_site``) from the remembered one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not hasattr(request, "_wagtail_site"):
            request._wagtail_site = _site_for(request)
        return self.get_response(request)


# Routes a caller has just read from the page tree itself (route_key: (page pk, content type
# id, args, kwargs)): the archive's crawl asks for every page once, so no address is ever
# routed twice and the memo would never answer; it knows where each of its pages is.
_known_routes = contextvars.ContextVar("hub_known_routes", default=None)


def route_key(site_pk, language, path):
    """The memo's key of the route of ``path`` (as serve() gets it: no language prefix)."""
    return ("route", site_pk, language, path)


@contextlib.contextmanager
def known_routes(routes):
    """Within: the routes in ``routes`` answer before the tree is walked. A page gone or
    unpublished since is routed afresh (its row is read live, as for a remembered route)."""
    token = _known_routes.set(routes)
    try:
        yield
    finally:
        _known_routes.reset(token)


def _remembered_route(request, path):
    """Wagtail's route for ``path``, from memory when this address was routed before."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    key = route_key(site.pk, get_language(), path)
    entry = peek(key)
    if entry is MISSING:
        entry = (_known_routes.get() or {}).get(key, MISSING)
    if entry is MISSING:
        generation = current_generation()
        result = Page.route_for_request(request, path)
        if result is not None:
            page, args, kwargs = result
            remember(key, (page.pk, page.content_type_id, args, kwargs), generation)
        return result
    page_pk, content_type_id, args, kwargs = entry
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    page = _served_page(model, page_pk) if model is not None else None
    if page is None:  # gone since (a change in another process not yet seen): route again
        return Page.route_for_request(request, path)
    return RouteResult(page, args=args, kwargs=kwargs)


def _load_page(model, page_pk):
    # A page type may load what its view always reads in the same query (serve_queryset).
    queryset = getattr(model, "serve_queryset", model._default_manager.all)()
    return queryset.filter(pk=page_pk, live=True).first()


def _kept_copy(model, page_pk):
    page = _load_page(model, page_pk)
    if page is None:
        return None
    # What changes without a new content generation (a workshop's seat counter) is read
    # afresh by each request that needs it, never kept with the page.
    for name in getattr(model, "per_request_relations", ()):
        page._state.fields_cache.pop(name, None)
    return page


def _served_page(model, page_pk):
    """The live page of a remembered route. Its row only changes with the content, so it is
    read once per content generation and kept; each request gets its own copy (a view may set
    attributes on its page), for a tenth of the cost of the query, whose SQL alone (two or
    three tables of translated fields, joined) takes milliseconds to compile."""
    kept = _pages.memo((page_pk, model._meta.label_lower), lambda: _kept_copy(model, page_pk))
    return None if kept is None else copy.deepcopy(kept)


def serve(request, path):
    """Wagtail's page view, with the route looked up in memory first."""
    route = _remembered_route(request, path)
    request._wagtail_route_for_request = route
    if route is not None:
        note_page(request, route[0].pk)
    return wagtail_views.serve(request, path)
